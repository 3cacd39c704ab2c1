public import FoundationEssentials
public import HTTPTransport
import JSONKit

/// The calls of the Lambda Runtime API, version 2018-06-01, as pure values:
/// each knows its method, path, headers and body, and nothing of sockets.
public enum RuntimeAPIRequest: Sendable, Equatable {
    case next
    case response(requestID: String, body: Data)
    case invocationError(requestID: String, ErrorReport)
    case initError(ErrorReport)

    public static let version = "2018-06-01"

    public var method: String {
        self == .next ? "GET" : "POST"
    }

    public var path: String {
        switch self {
        case .next: "/\(Self.version)/runtime/invocation/next"
        case .response(let id, _): "/\(Self.version)/runtime/invocation/\(Self.pathSegment(id))/response"
        case .invocationError(let id, _): "/\(Self.version)/runtime/invocation/\(Self.pathSegment(id))/error"
        case .initError: "/\(Self.version)/runtime/init/error"
        }
    }

    public var headers: [HTTPHeader] {
        switch self {
        case .next, .response: []
        case .invocationError(_, let report), .initError(let report):
            [HTTPHeader("Lambda-Runtime-Function-Error-Type", report.errorType), HTTPHeader("Content-Type", "application/json")]
        }
    }

    public var body: Data {
        switch self {
        case .next: Data()
        case .response(_, let body): body
        case .invocationError(_, let report), .initError(let report): Data(report.json.utf8)
        }
    }

    /// Request ids are UUIDs; anything else is percent-encoded rather than
    /// trusted into a path (dots too, so that `..` cannot climb it).
    static func pathSegment(_ text: String) -> String {
        String(PercentEncoding.encode(text.utf8).flatMap { $0 == "." ? Array("%2E") : [$0] })
    }
}

/// The error document of `/error` and `/init/error`.
public struct ErrorReport: Sendable, Equatable {
    public var errorType: String
    public var errorMessage: String
    public var stackTrace: [String]

    public init(errorType: String, errorMessage: String, stackTrace: [String] = []) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
    }

    public var json: String {
        JSONValue.object([
            "errorMessage": .string(errorMessage),
            "errorType": .string(errorType),
            "stackTrace": .array(stackTrace.map(JSONValue.string)),
        ]).serialized
    }
}
