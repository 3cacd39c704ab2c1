import Foundation
import HTTPTransport

/// A transport without a socket: `respond` answers each request (told how
/// many came before it) and may wait or throw; every request is kept.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []
    private let respond: @Sendable (HTTPRequest, Int) async throws -> HTTPResponse

    init(respond: @escaping @Sendable (HTTPRequest, Int) async throws -> HTTPResponse) {
        self.respond = respond
    }

    /// Every request so far, in the order they were sent.
    var requests: [HTTPRequest] { lock.withLock { sent } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = lock.withLock { sent.append(request); return sent.count - 1 }
        return try await respond(request, index)
    }
}
