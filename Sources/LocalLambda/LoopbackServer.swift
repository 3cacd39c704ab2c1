public import FoundationEssentials
public import HTTPTransport
import Synchronization

/// A request as a loopback server received it.
public struct ReceivedRequest: Sendable {
    public var method: String
    public var target: String
    public var headers: [HTTPHeader]
    public var body: Data
    /// When it arrived, in nanoseconds since the epoch.
    public var receivedAt: Int64

    public var path: String { String(target.prefix { $0 != "?" }) }
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTP/1.1 server on 127.0.0.1 and a free port, a thread per
/// connection, for tests and local runs. `respond` may block (a slow server
/// is one of the faults tests need); nothing outside loopback is reachable.
public final class LoopbackServer: Sendable {
    public let port: Int
    private let listener: Socket
    private final class Shared: Sendable {
        let received = Mutex<[ReceivedRequest]>([])
        let connections = Mutex<[Socket]>([])
        let stopped = Atomic<Bool>(false)
    }

    private let shared = Shared()

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request so far, in the order they arrived.
    public var receivedRequests: [ReceivedRequest] { shared.received.withLock { $0 } }

    public init(respond: @escaping @Sendable (ReceivedRequest) -> HTTPResponse) throws {
        (listener, port) = try Socket.listen()
        let listener = self.listener
        let shared = self.shared
        startThread {
            while let client = listener.accept() {
                if shared.stopped.load(ordering: .relaxed) { client.shutdown(); break }
                shared.connections.withLock { $0.append(client) }
                startThread {
                    let connection = HTTP1Connection(socket: client)
                    while let request = try? connection.readRequest() {
                        let received = ReceivedRequest(method: request.method, target: request.target, headers: request.headers, body: request.body,
                                                       receivedAt: MonotonicTime.wallNanoseconds())
                        shared.received.withLock { $0.append(received) }
                        let response = respond(received)
                        if shared.stopped.load(ordering: .relaxed) { break }
                        do { try connection.sendResponse(status: response.status, headers: response.headers, body: response.body) } catch { break }
                    }
                    client.shutdown()
                }
            }
        }
    }

    /// Stops accepting and drops every open connection.
    public func stop() {
        shared.stopped.store(true, ordering: .relaxed)
        listener.shutdown()
        shared.connections.withLock { open in
            open.forEach { $0.shutdown() }
            open.removeAll()
        }
    }

    deinit { stop() }
}
