public import HTTPTransport

/// Every way an AWS call can fail, as data: an error the service answered, an
/// answer that could not be understood, or no answer at all. `description`
/// is the only place these fields become text.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The service as people name it, e.g. `EC2`.
    public var service: String
    /// The API action, e.g. `DescribeVpcs`.
    public var operation: String
    /// AWS's error code (`AuthFailure`, `InvalidVpcID.NotFound`), or one of
    /// the `AWSError.Code` values when AWS gave none.
    public var code: String
    /// AWS's message as sent; may be empty.
    public var message: String
    public var requestID: String?
    /// `nil` when no HTTP answer arrived.
    public var httpStatus: Int?

    public init(service: String, operation: String, code: String, message: String, requestID: String? = nil, httpStatus: Int? = nil) {
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.requestID = requestID
        self.httpStatus = httpStatus
    }

    /// Codes this package gives failures that AWS did not name itself.
    public enum Code {
        /// No HTTP answer: could not connect, timed out, connection lost.
        public static let networkError = "NetworkError"
        /// The endpoint URL cannot be used; retrying will not help.
        public static let invalidEndpoint = "InvalidEndpoint"
        /// The request could not be put on the wire; retrying will not help.
        public static let invalidRequest = "InvalidRequest"
        /// The HTTP library could not be loaded.
        public static let httpUnavailable = "HTTPUnavailable"
        /// An answer that is not the one asked for, or cannot be decoded.
        public static let unexpectedResponse = "UnexpectedResponse"

        /// A failed answer without an AWS error in it: `HTTP503` for 503.
        public static func httpStatus(_ status: Int) -> String { "HTTP\(status)" }
    }

    /// The call got no HTTP answer. Connection failures and timeouts are
    /// retryable (`NetworkError`); a bad URL or request, or a missing HTTP
    /// library, is not. The message is the transport error's description.
    public static func transport(_ error: HTTPTransportError, service: String, operation: String) -> AWSError {
        // Exhaustive on purpose: a new kind of transport failure needs a
        // decision about retrying.
        let code = switch error.kind {
        case .invalidURL: Code.invalidEndpoint
        case .invalidRequest: Code.invalidRequest
        case .unavailable: Code.httpUnavailable
        case .connect, .timeout, .io, .malformedResponse: Code.networkError
        }
        return AWSError(service: service, operation: operation, code: code, message: error.description)
    }

    /// Whether the same request may succeed if sent again later: server
    /// errors (5xx), 429, throttling and transient codes, and lost
    /// connections. Client errors such as `AuthFailure` are final.
    public var isRetryable: Bool {
        if let httpStatus, httpStatus >= 500 || httpStatus == 429 { return true }
        return Self.retryableCodes.contains(code)
    }

    // The codes botocore's standard retry mode treats as throttling or
    // transient, plus EC2's own and ours for a lost connection.
    private static let retryableCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException",
        "ServiceUnavailable", "ServiceUnavailableException", "InternalError", "InternalFailure",
        "Unavailable", Code.networkError,
    ]

    /// One line, summary first, for a CloudFormation `Reason` or a log:
    /// `EC2 DescribeVpcs failed: AuthFailure: AWS was not able to validate the
    /// provided access credentials (HTTP 401, request id 1234)`. Line breaks
    /// in the message (an HTML error page) become spaces.
    public var description: String {
        var line = "\(service) \(operation) failed: \(code)"
        let message = Self.oneLine(message)
        if !message.isEmpty { line += ": \(message)" }
        var details: [String] = []
        if let httpStatus { details.append("HTTP \(httpStatus)") }
        if let requestID, !requestID.isEmpty { details.append("request id \(requestID)") }
        if !details.isEmpty { line += " (\(details.joined(separator: ", ")))" }
        return line
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
