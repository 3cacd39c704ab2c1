public import Foundation
public import HTTPTransport
public import LocalLambda
import Synchronization

/// A loopback proxy in front of an HTTP server (moto): each request takes the
/// next scripted fault — an answer given instead of the upstream's — and once
/// the script is used up, requests pass through. Fault injection without
/// touching production code.
public final class FaultProxy: Sendable {
    private final class Script: Sendable {
        let pending: Mutex<[HTTPResponse]>
        init(_ faults: [HTTPResponse]) { pending = Mutex(faults) }
    }

    private let server: LoopbackServer!

    public var endpoint: String { server.baseURL }
    public var requestCount: Int { server.receivedRequests.count }

    public init(upstreamPort: Int, faults: [HTTPResponse], repeatLast: Bool = false) throws {
        let script = Script(faults)
        server = try LoopbackServer { request in
            let fault = script.pending.withLock { pending -> HTTPResponse? in
                guard let next = pending.first else { return nil }
                if !(repeatLast && pending.count == 1) { pending.removeFirst() }
                return next
            }
            if let fault { return fault }
            return FaultProxy.forward(request, to: upstreamPort)
        }
    }

    public func stop() { server.stop() }

    /// An EC2-style throttling answer.
    public static let throttled = HTTPResponse(status: 503, body: Data(
        "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>throttled-1</RequestID></Response>".utf8))

    static func forward(_ request: ReceivedRequest, to port: Int) -> HTTPResponse {
        do {
            let connection = HTTP1Connection(socket: try Socket.connect(host: "127.0.0.1", port: port))
            let headers = request.headers.filter { !["host", "content-length"].contains($0.name.lowercased()) }
            try connection.sendRequest(method: request.method, target: request.target, host: "127.0.0.1:\(port)", headers: headers, body: request.body)
            return try connection.readResponse()
        } catch {
            return HTTPResponse(status: 502, body: Data("proxy: \(error)".utf8))
        }
    }
}
