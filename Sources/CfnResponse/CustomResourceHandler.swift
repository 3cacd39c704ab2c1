public import JSONKit
public import LambdaLog
import Synchronization

/// A custom resource's logic. It returns a value or throws; it never talks to
/// CloudFormation: `CustomResourceFunction` sends the one response.
public protocol CustomResourceHandler: Sendable {
    func handle(_ request: CustomResourceRequest, context: CustomResourceContext) async throws -> CustomResourceResult
}

/// What a successful handler returns. A `nil` id keeps the incoming one (a
/// stable generated one on Create).
public struct CustomResourceResult: Sendable, Equatable {
    public var physicalResourceID: String?
    public var data: [String: JSONValue]
    public var noEcho: Bool

    public init(physicalResourceID: String? = nil, data: [String: JSONValue] = [:], noEcho: Bool = false) {
        self.physicalResourceID = physicalResourceID
        self.data = data
        self.noEcho = noEcho
    }
}

/// What a handler may know of its invocation, and where it records the step
/// it is in, so that a timeout or failure can say where it happened.
public final class CustomResourceContext: Sendable {
    public let handlerName: String
    public let lambdaRequestID: String
    /// Milliseconds since the Unix epoch when Lambda ends the invocation.
    public let deadlineMilliseconds: Int64
    /// When the timeout guard abandons the handler (the deadline less the
    /// time kept for answering): work that waits or retries should end by then.
    public let workDeadlineMilliseconds: Int64
    public let logGroupName: String
    public let logStreamName: String
    public let region: String
    public let logger: Logger
    private let currentStep = Mutex<String?>(nil)

    /// `now` is when the handler starts (by the sender's clock), which fixes
    /// the time kept for answering.
    public init(handlerName: String, lambdaRequestID: String, deadlineMilliseconds: Int64, logGroupName: String,
                logStreamName: String, region: String, logger: Logger, now: Int64 = WallClock.nowMilliseconds()) {
        self.handlerName = handlerName
        self.lambdaRequestID = lambdaRequestID
        self.deadlineMilliseconds = deadlineMilliseconds
        workDeadlineMilliseconds = deadlineMilliseconds - GuardedRun.margin(remaining: deadlineMilliseconds - now)
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.region = region
        self.logger = logger
    }

    /// Records the step the handler is entering (an AWS operation's name, say).
    public func step(_ name: String) {
        currentStep.withLock { $0 = name }
        logger.debug("step \(name)")
    }

    public var step: String? { currentStep.withLock { $0 } }

    func diagnostic(summary: String, error: (any DiagnosableError)? = nil) -> Diagnostic {
        Diagnostic(summary: summary, handler: handlerName, step: step, awsErrorCode: error?.awsErrorCode, awsRequestID: error?.awsRequestID,
                   httpStatus: error?.httpStatus, propertyPath: error?.propertyPath, lambdaRequestID: lambdaRequestID,
                   logGroupName: logGroupName, logStreamName: logStreamName, region: region)
    }
}
