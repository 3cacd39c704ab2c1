public import CfnResponse
import FoundationEssentials
import JSONKit
import LambdaLog
public import LambdaRuntime

/// Joins the two halves that know nothing of each other: the Lambda runtime
/// loop and the CloudFormation response library.
struct CloudFormationInvocationHandler: InvocationHandler {
    let function: CustomResourceFunction
    let configuration: RuntimeConfiguration
    /// The supervisor, told which request is in hand and when it was answered.
    let link: Supervisor.Link?

    func handle(_ invocation: Invocation, logger: Logger) async throws -> Data {
        let info = CustomResourceFunction.Invocation(
            lambdaRequestID: invocation.context.requestID, deadlineMilliseconds: invocation.context.deadlineMilliseconds,
            logGroupName: configuration.logGroupName, logStreamName: configuration.logStreamName,
            region: configuration.region, logger: logger)
        let lambdaRequestID = invocation.context.requestID
        let deadline = invocation.context.deadlineMilliseconds
        let observer = link.map { link in
            CustomResourceFunction.Observer(willAnswer: { echo in
                var record = SupervisorRecord(kind: .begin, lambdaRequestID: lambdaRequestID)
                record.deadlineMilliseconds = deadline
                record.responseURL = echo.responseURL
                record.stackID = echo.stackID
                record.requestID = echo.requestID
                record.logicalResourceID = echo.logicalResourceID
                record.physicalResourceID = echo.physicalResourceID
                link.send(record)
            }, didAnswer: { _, delivered in
                var record = SupervisorRecord(kind: .answered, lambdaRequestID: lambdaRequestID)
                record.delivered = delivered
                link.send(record)
            })
        } ?? .none
        let outcome = try await function.serve(invocation.payload, invocation: info, observer: observer)
        guard outcome.delivered else {
            // Lambda retries a failed asynchronous invocation: another chance to reach CloudFormation.
            throw ResponseNotDelivered(status: outcome.response.status.rawValue)
        }
        let summary: JSONValue = [
            "Status": .string(outcome.response.status.rawValue),
            "PhysicalResourceId": .string(outcome.response.physicalResourceID),
            "Delivered": .bool(true),
        ]
        return Data(summary.serialized.utf8)
    }
}

struct ResponseNotDelivered: LambdaReportableError, CustomStringConvertible {
    var status: String
    var errorType: String { "CloudFormation.ResponseNotDelivered" }
    var description: String { "the \(status) response could not be delivered to the ResponseURL; it is in the log" }
}

extension NotACloudFormationRequest: LambdaReportableError {
    public var errorType: String { "CloudFormation.NotACustomResourceRequest" }
}
