public import LambdaLog
/// Everything the runtime reads from its environment, read once at start-up.
/// Tests build it from a dictionary; nothing else in the runtime reads the
/// environment.
public struct RuntimeConfiguration: Sendable, Equatable {
    public var runtimeAPI: (host: String, port: Int)
    public var handler: String
    public var functionName: String
    public var functionVersion: String
    public var memorySizeMB: Int?
    public var logGroupName: String
    public var logStreamName: String
    public var region: String
    public var logFormat: LogFormat
    public var logLevel: LogLevel

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.runtimeAPI == rhs.runtimeAPI && lhs.handler == rhs.handler && lhs.functionName == rhs.functionName
            && lhs.functionVersion == rhs.functionVersion && lhs.memorySizeMB == rhs.memorySizeMB
            && lhs.logGroupName == rhs.logGroupName && lhs.logStreamName == rhs.logStreamName
            && lhs.region == rhs.region && lhs.logFormat == rhs.logFormat && lhs.logLevel == rhs.logLevel
    }

    /// The Runtime API address alone: without it nothing can be reported to
    /// Lambda, so its absence means "not running under Lambda", not an init error.
    public static func runtimeAPI(in environment: [String: String]) throws(ConfigurationError) -> (host: String, port: Int)? {
        guard let value = environment["AWS_LAMBDA_RUNTIME_API"], !value.isEmpty else { return nil }
        guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]),
              (1...65535).contains(port), colon != value.startIndex else {
            throw ConfigurationError(variable: "AWS_LAMBDA_RUNTIME_API", value: value, expected: "host:port, e.g. 127.0.0.1:9001")
        }
        return (String(value[..<colon]), port)
    }

    /// Reads the whole configuration. Throws the first variable that is
    /// missing or malformed; `AWS_LAMBDA_RUNTIME_API` must be present.
    public init(environment: [String: String]) throws(ConfigurationError) {
        guard let api = try Self.runtimeAPI(in: environment) else {
            throw ConfigurationError(variable: "AWS_LAMBDA_RUNTIME_API", value: nil, expected: "host:port, e.g. 127.0.0.1:9001")
        }
        runtimeAPI = api
        guard let handler = environment["_HANDLER"], !handler.isEmpty else {
            throw ConfigurationError(variable: "_HANDLER", value: nil, expected: "the handler to run, e.g. DefaultVpcId")
        }
        self.handler = handler
        functionName = environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "unknown-function"
        functionVersion = environment["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST"
        if let memory = environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] {
            guard let megabytes = Int(memory), megabytes > 0 else {
                throw ConfigurationError(variable: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", value: memory, expected: "a whole number of megabytes, e.g. 128")
            }
            memorySizeMB = megabytes
        }
        logGroupName = environment["AWS_LAMBDA_LOG_GROUP_NAME"] ?? "/aws/lambda/\(functionName)"
        logStreamName = environment["AWS_LAMBDA_LOG_STREAM_NAME"] ?? ""
        region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? ""
        let format = environment["AWS_LAMBDA_LOG_FORMAT"] ?? "Text"
        guard let logFormat = LogFormat(rawValue: format.lowercased()) else {
            throw ConfigurationError(variable: "AWS_LAMBDA_LOG_FORMAT", value: format, expected: "Text or JSON")
        }
        self.logFormat = logFormat
        let level = environment["AWS_LAMBDA_LOG_LEVEL"] ?? "INFO"
        guard let logLevel = LogLevel(name: level) else {
            throw ConfigurationError(variable: "AWS_LAMBDA_LOG_LEVEL", value: level, expected: "TRACE, DEBUG, INFO, WARN, ERROR or FATAL")
        }
        self.logLevel = logLevel
    }
}

/// A variable that is missing or malformed: which, what it held, what was expected.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var variable: String
    public var value: String?
    public var expected: String

    public var description: String {
        if let value { return "\(variable)=\(value.debugDescription) is not valid: expected \(expected)" }
        return "\(variable) is not set: expected \(expected)"
    }
}
