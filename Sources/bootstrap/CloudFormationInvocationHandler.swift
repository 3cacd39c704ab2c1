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

    func handle(_ invocation: Invocation, logger: Logger) async throws -> Data {
        let info = CustomResourceFunction.Invocation(
            lambdaRequestID: invocation.context.requestID, deadlineMilliseconds: invocation.context.deadlineMilliseconds,
            logGroupName: configuration.logGroupName, logStreamName: configuration.logStreamName,
            region: configuration.region, logger: logger)
        let outcome = try await function.serve(invocation.payload, invocation: info)
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
