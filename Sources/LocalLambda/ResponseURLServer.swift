import FoundationEssentials
import HTTPTransport
import Glibc
import Synchronization

/// A loopback stand-in for the presigned S3 URL CloudFormation waits on. It
/// records every request and answers with the scripted statuses in order
/// (then 200), each after `delay`.
public final class ResponseURLServer: Sendable {
    private final class Shared: Sendable {
        let received = Mutex<[ReceivedRequest]>([])
        let statuses: Mutex<[Int]>
        let changed = Signal()
        init(statuses: [Int]) { self.statuses = Mutex(statuses) }
    }

    private let shared: Shared
    private let server: LoopbackServer

    public init(statuses: [Int] = [], delay: Duration = .zero) throws {
        let shared = Shared(statuses: statuses)
        self.shared = shared
        server = try LoopbackServer { request in
            if delay > .zero {
                var pause = timespec(tv_sec: Int(delay.components.seconds), tv_nsec: Int(delay.components.attoseconds / 1_000_000_000))
                nanosleep(&pause, nil)
            }
            let status = shared.statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            shared.received.withLock { $0.append(request) }
            shared.changed.broadcast()
            return HTTPResponse(status: status, body: status == 200 ? Data() : Data("<Error><Code>InternalError</Code></Error>".utf8))
        }
    }

    public var baseURL: String { server.baseURL }
    public var received: [ReceivedRequest] { shared.received.withLock { $0 } }

    @discardableResult
    public func waitForRequests(_ count: Int, timeout: Duration) async -> [ReceivedRequest] {
        await onOwnThread { [self] in
            shared.changed.wait(timeout: timeout) { self.received.count >= count }
            return received
        }
    }

    /// `original` with its scheme and host replaced by this server's, path and
    /// query kept byte for byte (they must arrive exactly as given).
    public func url(for original: String) -> String {
        let parts = original.split(separator: "://", maxSplits: 1)
        guard parts.count == 2 else { return baseURL + "/" }
        let rest = parts[1]
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let tail = rest[pathStart...]
        return baseURL + (tail.hasPrefix("/") ? String(tail) : "/" + tail)
    }

    public func stop() { server.stop() }
}
