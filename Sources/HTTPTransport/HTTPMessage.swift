public import FoundationEssentials

/// One header line. Names keep the case they were given; lookups ignore case.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The value of the first header called `name`, compared without case.
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}

/// An outbound request: the URL is sent exactly as given (a CloudFormation
/// ResponseURL is a presigned S3 URL, and re-encoding it breaks the signature).
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: Data
    /// The longest the whole exchange may take; `nil` waits for ever (the
    /// Runtime API's `/next` long poll must not time out).
    public var timeout: Duration?

    public init(method: String, url: String, headers: [HTTPHeader] = [], body: Data = Data(), timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

extension HTTPRequest {
    /// Refuses what no transport may send: a header or a URL that could
    /// smuggle in another header or request (control characters, spaces),
    /// and a URL that is not http or https.
    func validate() throws {
        if url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            throw HTTPTransportError(.invalidURL, "the URL has a space or a control character: \(url.prefix(80).debugDescription)")
        }
        for header in headers {
            let text = header.name + header.value
            if text.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) || header.name.isEmpty || header.name.contains(":") {
                throw HTTPTransportError(.invalidRequest, "header \(header.name.debugDescription) has a forbidden character")
            }
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw HTTPTransportError(.invalidURL, "only http and https URLs are supported")
        }
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: Data

    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why a request got no HTTP answer at all. An answer with any status code is
/// not an error at this level.
public struct HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case invalidURL = "invalid URL"
        case invalidRequest = "invalid request"
        case connect = "cannot connect"
        case timeout = "timed out"
        case io = "connection failed"
        case malformedResponse = "malformed response"
        case unavailable = "HTTP library unavailable"
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}

/// The one seam every outbound call goes through: AWS APIs, the
/// CloudFormation response PUT and the Lambda Runtime API.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, CR and LF (HTTP's optional
    /// white space around header values).
    public var trimmedHTTPWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
