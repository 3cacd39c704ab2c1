public import Foundation
public import HTTPTransport
public import LocalLambda
import Synchronization

/// A loopback proxy in front of an HTTP server (moto), for fault injection
/// without touching production code: `intercept` may answer a request in the
/// upstream's stead; what passes through may be `rewrite`n on its way back.
public final class FaultProxy: Sendable {
    private let server: LoopbackServer!

    public var endpoint: String { server.baseURL }
    public var requests: [ReceivedRequest] { server.receivedRequests }
    public var requestCount: Int { server.receivedRequests.count }

    public init(upstreamPort: Int, intercept: @escaping @Sendable (ReceivedRequest) -> HTTPResponse?,
                rewrite: @escaping @Sendable (ReceivedRequest, HTTPResponse) -> HTTPResponse = { $1 }) throws {
        server = try LoopbackServer { request in
            if let answer = intercept(request) { return answer }
            return rewrite(request, FaultProxy.forward(request, to: upstreamPort))
        }
    }

    /// Each request takes the next scripted answer; when the script is used
    /// up (or, with `repeatLast`, down to its last answer), requests pass through
    /// (or keep getting that last answer).
    public convenience init(upstreamPort: Int, faults: [HTTPResponse], repeatLast: Bool = false) throws {
        let script = Script(faults)
        try self.init(upstreamPort: upstreamPort) { _ in
            script.pending.withLock { pending -> HTTPResponse? in
                guard let next = pending.first else { return nil }
                if !(repeatLast && pending.count == 1) { pending.removeFirst() }
                return next
            }
        }
    }

    private final class Script: Sendable {
        let pending: Mutex<[HTTPResponse]>
        init(_ faults: [HTTPResponse]) { pending = Mutex(faults) }
    }

    public func stop() { server.stop() }

    /// An EC2-style throttling answer.
    public static let throttled = ec2Error(status: 503, code: "RequestLimitExceeded", message: "Request limit exceeded.", requestID: "throttled-1")

    /// An error answer in EC2's shape.
    public static func ec2Error(status: Int, code: String, message: String, requestID: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Data(
            "<Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors><RequestID>\(requestID)</RequestID></Response>".utf8))
    }

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
