import HTTPTransport

/// What went wrong, as data: rendered to a Reason by one function
/// (`Diagnostic.reason`) and logged whole.
public struct Diagnostic: Sendable, Equatable {
    /// One line a person can act on.
    public var summary: String
    public var handler: String
    public var step: String?
    public var awsErrorCode: String?
    public var awsRequestID: String?
    public var httpStatus: Int?
    public var propertyPath: String?
    public var lambdaRequestID: String
    public var logGroupName: String
    public var logStreamName: String
    public var region: String

    public init(summary: String, handler: String, step: String? = nil, awsErrorCode: String? = nil, awsRequestID: String? = nil,
                httpStatus: Int? = nil, propertyPath: String? = nil, lambdaRequestID: String, logGroupName: String,
                logStreamName: String, region: String) {
        self.summary = summary
        self.handler = handler
        self.step = step
        self.awsErrorCode = awsErrorCode
        self.awsRequestID = awsRequestID
        self.httpStatus = httpStatus
        self.propertyPath = propertyPath
        self.lambdaRequestID = lambdaRequestID
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.region = region
    }

    /// The Reason text: the summary line first (it is what the console shows
    /// when the rest is cut), then where to look.
    public var reason: String {
        var lines = ["\(handler) failed" + (step.map { " in step \($0)" } ?? "") + ": \(summary)"]
        if let awsRequestID { lines.append("AWS request id: \(awsRequestID)") }
        lines.append("Lambda request id: \(lambdaRequestID)")
        if !logStreamName.isEmpty {
            lines.append("Log: \(logGroupName) \(logStreamName)")
            if let link = consoleLink { lines.append(link) }
        }
        return lines.joined(separator: "\n")
    }

    /// The CloudWatch console page of the log stream. The console reads its
    /// fragment encoded twice, with `%` written `$`.
    public var consoleLink: String? {
        guard !region.isEmpty, !logStreamName.isEmpty else { return nil }
        func encode(_ text: String) -> String {
            PercentEncoding.encode(PercentEncoding.encode(text.utf8).utf8).replacingPercent()
        }
        return "https://\(region).console.aws.amazon.com/cloudwatch/home?region=\(region)#logsV2:log-groups/log-group/\(encode(logGroupName))/log-events/\(encode(logStreamName))"
    }
}

/// An error that knows more than its description: AWS failures carry their
/// code and request id, property errors their path. Conform errors of other
/// modules to this where the handlers are wired together.
public protocol DiagnosableError: Error {
    var summary: String { get }
    var awsErrorCode: String? { get }
    var awsRequestID: String? { get }
    var httpStatus: Int? { get }
    var propertyPath: String? { get }
}

extension DiagnosableError {
    public var awsErrorCode: String? { nil }
    public var awsRequestID: String? { nil }
    public var httpStatus: Int? { nil }
    public var propertyPath: String? { nil }
}

extension PropertyError: DiagnosableError {
    public var summary: String { description }
    public var propertyPath: String? { path }
}

extension String {
    fileprivate func replacingPercent() -> String {
        String(map { $0 == "%" ? "$" : $0 })
    }
}
