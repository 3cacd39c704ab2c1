import FoundationEssentials
import Synchronization

/// `http://` over a plain socket, one connection per request: what an
/// emulator on loopback (moto, a local ResponseURL server) needs, without
/// loading libcurl and its TLS libraries (measured: ~3.4 ms and ~10 MiB on
/// Debian 12) for a call that has no use for them. No proxy is consulted.
/// Cancelling shuts the connection down; a name lookup or connect under way
/// runs on to its deadline on its own thread (nobody waits for it).
public struct PlainHTTPTransport: HTTPTransport {
    public init() {}

    /// The response to `request`, whose URL must be `http://`. Throws
    /// `HTTPTransportError` (`.timeout` once `request.timeout` has passed,
    /// whether connecting, sending or reading) or `CancellationError` when the
    /// awaiting task is cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try request.validate()
        let target = try PlainHTTPTarget(url: request.url)
        let exchange = Exchange()
        return try await withTaskCancellationHandler {
            try await onOwnThread { try exchange.run(request, to: target) }
        } onCancel: {
            exchange.cancel()
        }
    }

    /// One request's connection, which cancelling shuts down from any thread.
    final class Exchange: Sendable {
        private let state = Mutex<(cancelled: Bool, socket: Socket?)>((false, nil))

        func cancel() {
            state.withLock { state in
                state.cancelled = true
                state.socket?.shutdown()
            }
        }

        func run(_ request: HTTPRequest, to target: PlainHTTPTarget) throws -> HTTPResponse {
            let deadline = request.timeout.map { ContinuousClock.now + $0 }
            do {
                let socket = try Socket.connect(host: target.host, port: target.port, deadline: deadline)
                let cancelled = state.withLock { state in
                    state.socket = socket
                    return state.cancelled
                }
                if cancelled { throw CancellationError() }
                let connection = HTTP1Connection(socket: socket)
                try connection.sendRequest(method: request.method, target: target.requestTarget, host: target.authority,
                                           headers: request.headers + [HTTPHeader("Connection", "close")], body: request.body)
                return try connection.readResponse(toHEAD: request.method == "HEAD")
            } catch let error as HTTPTransportError {
                if state.withLock({ $0.cancelled }) { throw CancellationError() }
                if error.kind == .timeout, let timeout = request.timeout {
                    throw HTTPTransportError(.timeout, "\(request.method) \(target.authority): no complete answer within \(timeout.milliseconds) ms")
                }
                throw error
            }
        }
    }
}

/// Where an `http://` URL points, and the request target sent as given (a
/// presigned URL must not be re-encoded).
struct PlainHTTPTarget {
    var host: String
    var port: Int
    /// `host[:port]` as the URL has it, for the Host header.
    var authority: String
    var requestTarget: String

    init(url: String) throws {
        guard Self.isPlainHTTP(url) else {
            throw HTTPTransportError(.invalidURL, "not an http:// URL: \(url.prefix(80).debugDescription)")
        }
        let rest = url.dropFirst(7).prefix { $0 != "#" }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        requestTarget = path.isEmpty ? "/" : path.hasPrefix("?") ? "/" + path : String(path)
        self.authority = String(authority)

        var hostPart = authority[...]
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw Self.bad(url, "an unclosed [") }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw Self.bad(url, "text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains("@") else { throw Self.bad(url, "no host, or user information") }
        host = String(hostPart)
        if let portText, !portText.isEmpty {  // RFC 3986: an empty port is the default one
            guard let port = Int(portText), (1...65535).contains(port), portText.allSatisfy(\.isASCII) else {
                throw Self.bad(url, "port \(portText.prefix(10).debugDescription)")
            }
            self.port = port
        } else {
            port = 80
        }
    }

    static func isPlainHTTP(_ url: String) -> Bool {
        url.hasPrefix("http://")
    }

    private static func bad(_ url: String, _ what: String) -> HTTPTransportError {
        HTTPTransportError(.invalidURL, "\(what) in \(url.prefix(80).debugDescription)")
    }
}

/// The transport for every call that leaves the process: `http://` URLs
/// (emulators on loopback) over `PlainHTTPTransport`, all others over
/// libcurl (`CurlTransport`), which brings TLS.
public struct OutboundTransport: HTTPTransport {
    public init() {}

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if PlainHTTPTarget.isPlainHTTP(request.url) {
            return try await PlainHTTPTransport().send(request)
        }
        return try await CurlTransport().send(request)
    }
}
