/// Lambda's log levels, in increasing severity.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case trace, debug, info, warn, error, fatal

    /// Accepts Lambda's spellings (`INFO`, `info`, `WARN`, `WARNING`).
    public init?(name: String) {
        switch name.uppercased() {
        case "TRACE": self = .trace
        case "DEBUG": self = .debug
        case "INFO": self = .info
        case "WARN", "WARNING": self = .warn
        case "ERROR": self = .error
        case "FATAL": self = .fatal
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .warn: "WARN"
        case .error: "ERROR"
        case .fatal: "FATAL"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// `AWS_LAMBDA_LOG_FORMAT`: plain text lines or one JSON object per line.
public enum LogFormat: String, Sendable {
    case text
    case json
}
