public import FoundationEssentials
import JSONKit
public import LambdaLog
import Synchronization

/// Serves one custom resource: decodes the event, runs the handler under a
/// timeout guard, and sends exactly one response for every outcome —
/// success, thrown error, malformed request, time running out, cancellation.
public struct CustomResourceFunction: Sendable {
    public let handlerName: String
    public let handler: any CustomResourceHandler
    public let sender: ResponseSender

    public init(handlerName: String, handler: any CustomResourceHandler, sender: ResponseSender) {
        self.handlerName = handlerName
        self.handler = handler
        self.sender = sender
    }

    /// Where and when the invocation runs.
    public struct Invocation: Sendable {
        public var lambdaRequestID: String
        public var deadlineMilliseconds: Int64
        public var logGroupName: String
        public var logStreamName: String
        public var region: String
        public var logger: Logger

        public init(lambdaRequestID: String, deadlineMilliseconds: Int64, logGroupName: String, logStreamName: String, region: String, logger: Logger) {
            self.lambdaRequestID = lambdaRequestID
            self.deadlineMilliseconds = deadlineMilliseconds
            self.logGroupName = logGroupName
            self.logStreamName = logStreamName
            self.region = region
            self.logger = logger
        }
    }

    /// What happened: the response (as sent, within the budget) and whether
    /// CloudFormation acknowledged it.
    public struct Outcome: Sendable, Equatable {
        public var response: CustomResourceResponse
        public var delivered: Bool
    }

    /// Told when an event turns out to be answerable and when it was answered,
    /// so that something outside this process (a supervisor) can answer for
    /// a handler that crashed it.
    public struct Observer: Sendable {
        public var willAnswer: @Sendable (CustomResourceRequest.Echo) -> Void
        public var didAnswer: @Sendable (CustomResourceResponse, _ delivered: Bool) -> Void

        public init(willAnswer: @escaping @Sendable (CustomResourceRequest.Echo) -> Void,
                    didAnswer: @escaping @Sendable (CustomResourceResponse, Bool) -> Void) {
            self.willAnswer = willAnswer
            self.didAnswer = didAnswer
        }

        public static let none = Observer(willAnswer: { _ in }, didAnswer: { _, _ in })
    }

    /// Answers the event. Throws only when it is not a CloudFormation request
    /// at all, since then there is nobody to answer but Lambda.
    public func serve(_ payload: Data, invocation: Invocation, observer: Observer = .none) async throws(NotACloudFormationRequest) -> Outcome {
        let context = CustomResourceContext(handlerName: handlerName, lambdaRequestID: invocation.lambdaRequestID,
                                            deadlineMilliseconds: invocation.deadlineMilliseconds, logGroupName: invocation.logGroupName,
                                            logStreamName: invocation.logStreamName, region: invocation.region, logger: invocation.logger,
                                            now: sender.clock())
        let response: CustomResourceResponse
        let url: String
        switch try CustomResourceRequest.decode(payload) {
        case .malformed(let problem, let echo):
            url = echo.responseURL
            observer.willAnswer(echo)
            response = failed(context.diagnostic(summary: problem.description), echo: echo, logger: invocation.logger)
        case .request(let request):
            url = request.responseURL
            observer.willAnswer(request.echo)
            invocation.logger.info("\(request.kind.name) \(request.resourceType) \(request.logicalResourceID) in \(request.stackName)",
                                   ["handler": .string(handlerName), "responseURL": .string(ResponseSender.redacted(url))])
            response = await respond(to: request, context: context)
        }
        let fitted = response.fittedToBudget()
        let deadline = invocation.deadlineMilliseconds
        let logger = invocation.logger
        let delivered = await Task.detached { [sender] in
            await sender.send(fitted, to: url, deadline: deadline, logger: logger)
        }.value
        observer.didAnswer(fitted, delivered)
        return Outcome(response: fitted, delivered: delivered)
    }

    private func respond(to request: CustomResourceRequest, context: CustomResourceContext) async -> CustomResourceResponse {
        if case .delete(let id) = request.kind, PhysicalResourceID.isFailedCreate(id) {
            context.logger.info("Delete of a resource whose Create failed: nothing to do")
            return response(request, .success, reason: "Nothing to delete: the Create of this resource failed.", id: id)
        }
        switch await GuardedRun.run(deadline: context.deadlineMilliseconds, clock: sender.clock, sleep: sender.sleep, work: {
            try await handler.handle(request, context: context)
        }) {
        case .finished(.success(let result)):
            let id = PhysicalResourceID.forSuccess(request, chosen: result.physicalResourceID)
            var reply = response(request, .success, reason: "See the log stream \(context.logStreamName)", id: id)
            reply.data = result.data
            reply.noEcho = result.noEcho
            return reply
        case .finished(.failure(let error)):
            let diagnosable = error as? any DiagnosableError
            return failed(context.diagnostic(summary: diagnosable?.summary ?? "\(error)", error: diagnosable), request: request, logger: context.logger)
        case .timedOut(let elapsed, let margin):
            let summary = "timed out after \(Self.seconds(elapsed)) s; the handler was abandoned \(Self.seconds(margin)) s before the Lambda deadline so that this answer could still be sent"
            return failed(context.diagnostic(summary: summary), request: request, logger: context.logger)
        case .cancelled:
            let summary = "interrupted: the Lambda runtime is shutting down (SIGTERM); the handler did not finish"
            return failed(context.diagnostic(summary: summary), request: request, logger: context.logger)
        }
    }

    private func failed(_ diagnostic: Diagnostic, request: CustomResourceRequest, logger: Logger) -> CustomResourceResponse {
        log(diagnostic, logger: logger)
        return response(request, .failed, reason: diagnostic.reason, id: PhysicalResourceID.forFailure(request))
    }

    private func failed(_ diagnostic: Diagnostic, echo: CustomResourceRequest.Echo, logger: Logger) -> CustomResourceResponse {
        log(diagnostic, logger: logger)
        let id = echo.physicalResourceID ?? PhysicalResourceID.failedCreate(requestID: echo.requestID, logicalResourceID: echo.logicalResourceID)
        return CustomResourceResponse(status: .failed, reason: diagnostic.reason, physicalResourceID: id, stackID: echo.stackID,
                                      requestID: echo.requestID, logicalResourceID: echo.logicalResourceID)
    }

    private func log(_ diagnostic: Diagnostic, logger: Logger) {
        var fields: [String: JSONValue] = ["handler": .string(diagnostic.handler)]
        if let step = diagnostic.step { fields["step"] = .string(step) }
        if let code = diagnostic.awsErrorCode { fields["awsErrorCode"] = .string(code) }
        if let id = diagnostic.awsRequestID { fields["awsRequestId"] = .string(id) }
        if let status = diagnostic.httpStatus { fields["httpStatus"] = .number(Double(status)) }
        if let path = diagnostic.propertyPath { fields["propertyPath"] = .string(path) }
        logger.error(diagnostic.reason, fields)
    }

    private func response(_ request: CustomResourceRequest, _ status: CustomResourceResponse.Status, reason: String, id: String) -> CustomResourceResponse {
        CustomResourceResponse(status: status, reason: reason, physicalResourceID: id, stackID: request.stackID,
                               requestID: request.requestID, logicalResourceID: request.logicalResourceID)
    }

    static func seconds(_ milliseconds: Int64) -> String {
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10)"
    }
}
