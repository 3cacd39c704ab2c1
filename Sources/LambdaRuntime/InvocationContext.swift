public import HTTPTransport
public import LambdaLog

/// What Lambda says about one invocation, read from the `/next` response
/// headers. A value: tests build one directly.
public struct InvocationContext: Sendable, Equatable {
    public var requestID: String
    /// Milliseconds since the Unix epoch by which the invocation must end.
    public var deadlineMilliseconds: Int64
    public var invokedFunctionARN: String
    public var traceID: String?
    public var clientContext: String?
    public var cognitoIdentity: String?
    public var tenantID: String?

    public init(requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String? = nil,
                clientContext: String? = nil, cognitoIdentity: String? = nil, tenantID: String? = nil) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
    }

    public enum Header {
        public static let requestID = "Lambda-Runtime-Aws-Request-Id"
        public static let deadline = "Lambda-Runtime-Deadline-Ms"
        public static let functionARN = "Lambda-Runtime-Invoked-Function-Arn"
        public static let traceID = "Lambda-Runtime-Trace-Id"
        public static let clientContext = "Lambda-Runtime-Client-Context"
        public static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
        public static let tenantID = "Lambda-Runtime-Aws-Tenant-Id"
    }

    /// Reads the context; a missing or malformed required header throws an
    /// error that names it (and carries the request id when that was readable).
    public init(headers: [HTTPHeader]) throws(InvocationHeaderError) {
        guard let requestID = headers[Header.requestID], !requestID.isEmpty else {
            throw InvocationHeaderError(header: Header.requestID, requestID: nil, problem: "missing")
        }
        guard let deadlineText = headers[Header.deadline] else {
            throw InvocationHeaderError(header: Header.deadline, requestID: requestID, problem: "missing")
        }
        guard let deadline = Int64(deadlineText), deadline > 0 else {
            throw InvocationHeaderError(header: Header.deadline, requestID: requestID, problem: "not milliseconds since the epoch: \(deadlineText.debugDescription)")
        }
        guard let arn = headers[Header.functionARN], !arn.isEmpty else {
            throw InvocationHeaderError(header: Header.functionARN, requestID: requestID, problem: "missing")
        }
        self.init(requestID: requestID, deadlineMilliseconds: deadline, invokedFunctionARN: arn,
                  traceID: headers[Header.traceID], clientContext: headers[Header.clientContext],
                  cognitoIdentity: headers[Header.cognitoIdentity], tenantID: headers[Header.tenantID])
    }

    /// Time left before the deadline, by `clock` (milliseconds since the epoch).
    public func remainingMilliseconds(now: Int64 = WallClock.nowMilliseconds()) -> Int64 {
        deadlineMilliseconds - now
    }
}

public struct InvocationHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public var header: String
    public var requestID: String?
    public var problem: String

    public var description: String { "Runtime API header \(header) is \(problem)" }
}
