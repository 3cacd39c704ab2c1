public import FoundationEssentials
import HTTPTransport
import Synchronization

/// The Runtime API over one kept-alive HTTP/1.1 connection to
/// `AWS_LAMBDA_RUNTIME_API`. Plain sockets, not libcurl: it is the first thing
/// a cold start does, and a socket costs microseconds where loading libcurl
/// costs milliseconds.
public final class HTTPRuntimeAPIClient: RuntimeAPIClient {
    private let host: String
    private let port: Int
    private let connection = Mutex<HTTP1Connection?>(nil)
    private let interrupted = Atomic<Bool>(false)
    private let polled = Atomic<Bool>(false)
    private let whileWaiting: @Sendable () -> Void

    /// `whileWaiting` runs once, right after the first `GET /next` is sent:
    /// work that can wait for the first event (loading libraries) goes
    /// there, so that it does not delay the runtime's first call.
    public init(host: String, port: Int, whileWaiting: @escaping @Sendable () -> Void = {}) {
        self.host = host
        self.port = port
        self.whileWaiting = whileWaiting
    }

    public func next() async throws -> Invocation {
        let response = try await exchange(.next)
        guard response.status == 200 else {
            throw RuntimeAPIError(call: "GET next", status: response.status, detail: Self.text(response.body))
        }
        return Invocation(context: try InvocationContext(headers: response.headers), payload: response.body)
    }

    public func respond(requestID: String, body: Data) async throws {
        try await expectAccepted(.response(requestID: requestID, body: body), call: "POST response")
    }

    public func reportError(requestID: String, _ report: ErrorReport) async throws {
        try await expectAccepted(.invocationError(requestID: requestID, report), call: "POST error")
    }

    public func reportInitError(_ report: ErrorReport) async throws {
        try await expectAccepted(.initError(report), call: "POST init/error")
    }

    public func interrupt() {
        interrupted.store(true, ordering: .relaxed)
        connection.withLock { $0?.socket.shutdown() }
    }

    private func expectAccepted(_ request: RuntimeAPIRequest, call: String) async throws {
        let response = try await exchange(request)
        guard (200..<300).contains(response.status) else {
            throw RuntimeAPIError(call: call, status: response.status, detail: Self.text(response.body))
        }
    }

    /// One request and its response on the kept connection, made anew when
    /// there is none. A connection that fails is dropped, so the next call
    /// reconnects; the failing call itself is not repeated (a POST may have
    /// been received).
    private func exchange(_ request: RuntimeAPIRequest) async throws -> HTTPResponse {
        let call = "\(request.method) \(request.path)"
        return try await onOwnThread { [self] in
            do {
                let open = try connection.withLock { current in
                    if let current { return current }
                    let made = HTTP1Connection(socket: try Socket.connect(host: host, port: port))
                    current = made
                    return made
                }
                if interrupted.load(ordering: .relaxed) { open.socket.shutdown() }
                try open.sendRequest(method: request.method, target: request.path, host: "\(host):\(port)", headers: request.headers, body: request.body)
                if request == .next && !polled.exchange(true, ordering: .relaxed) { whileWaiting() }
                let response = try open.readResponse()
                if response.headers["Connection"]?.lowercased() == "close" { connection.withLock { $0 = nil } }
                return response
            } catch let error as HTTPTransportError {
                connection.withLock { $0 = nil }
                throw RuntimeAPIError(call: call, status: nil, detail: error.description)
            }
        }
    }

    static func text(_ body: Data) -> String {
        String(decoding: body.prefix(512), as: UTF8.self)
    }
}
