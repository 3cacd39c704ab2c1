public import FoundationEssentials
import HTTPTransport
import JSONKit
import Synchronization

/// A loopback stand-in for the Lambda Runtime API (2018-06-01): it hands out
/// queued events on `GET /next` (blocking until one is queued, as Lambda
/// does) and records every response, error and init error it is sent.
public final class RuntimeAPIServer: Sendable {
    public struct Event: Sendable {
        public var requestID: String
        public var payload: Data
        public var deadlineMilliseconds: Int64
        /// Header overrides; a `nil` value leaves that header out (to test a missing one).
        public var headers: [String: String?]

        public init(requestID: String = UUIDText.random(), payload: Data, deadlineMilliseconds: Int64, headers: [String: String?] = [:]) {
            self.requestID = requestID
            self.payload = payload
            self.deadlineMilliseconds = deadlineMilliseconds
            self.headers = headers
        }
    }

    /// What the runtime posted back.
    public enum Report: Sendable {
        case response(requestID: String, body: Data)
        case error(requestID: String, errorType: String?, body: Data)
        case initError(errorType: String?, body: Data)

        public var text: String {
            switch self {
            case .response(_, let body), .error(_, _, let body), .initError(_, let body): String(decoding: body, as: UTF8.self)
            }
        }
    }

    private struct State {
        var queue: [Event] = []
        var reports: [Report] = []
        var nextCalls = 0
        var firstNextAt: Int64?
        var unexpected: [String] = []
    }

    /// Shared with the server's connection threads.
    private final class Shared: Sendable {
        let state = Mutex(State())
        let changed = Signal()
    }

    private let shared = Shared()
    private var changed: Signal { shared.changed }
    private let server: LoopbackServer!

    /// The value for `AWS_LAMBDA_RUNTIME_API`.
    public var address: String { "127.0.0.1:\(server.port)" }

    public init(functionARN: String = "arn:aws:lambda:us-east-1:123456789012:function:mapu-local") throws {
        let shared = self.shared
        server = try LoopbackServer { request in
            Self.route(request, state: shared.state, changed: shared.changed, functionARN: functionARN)
        }
    }

    public func enqueue(_ event: Event) {
        shared.state.withLock { $0.queue.append(event) }
        changed.broadcast()
    }

    public var reports: [Report] { shared.state.withLock { $0.reports } }
    public var nextCalls: Int { shared.state.withLock { $0.nextCalls } }
    /// When the first `GET /next` arrived, in wall-clock nanoseconds.
    public var firstNextNanoseconds: Int64? { shared.state.withLock { $0.firstNextAt } }
    /// Requests the Runtime API does not define (a well-behaved runtime sends none).
    public var unexpectedRequests: [String] { shared.state.withLock { $0.unexpected } }

    /// Waits until `count` reports have arrived or `timeout` passes; returns what arrived.
    @discardableResult
    public func waitForReports(_ count: Int, timeout: Duration) async -> [Report] {
        await onOwnThread { [self] in
            changed.wait(timeout: timeout) { self.shared.state.withLock { $0.reports.count >= count } }
            return reports
        }
    }

    /// Waits until the runtime has made `count` calls to `/next`.
    @discardableResult
    public func waitForNextCalls(_ count: Int, timeout: Duration) async -> Bool {
        await onOwnThread { [self] in
            changed.wait(timeout: timeout) { self.shared.state.withLock { $0.nextCalls >= count } }
        }
    }

    public func stop() {
        server.stop()
        changed.broadcast()
    }

    private static func route(_ request: ReceivedRequest, state: borrowing Mutex<State>, changed: Signal, functionARN: String) -> HTTPResponse {
        let prefix = "/2018-06-01/runtime/"
        let path = request.path
        func record(_ report: Report) -> HTTPResponse {
            state.withLock { $0.reports.append(report) }
            changed.broadcast()
            return HTTPResponse(status: 202, headers: [HTTPHeader("Content-Type", "application/json")], body: Data("{\"status\":\"OK\"}".utf8))
        }
        if request.method == "GET" && path == prefix + "invocation/next" {
            state.withLock { state in
                state.nextCalls += 1
                if state.firstNextAt == nil { state.firstNextAt = MonotonicTime.wallNanoseconds() }
            }
            changed.broadcast()
            var event: Event?
            changed.wait(timeout: .seconds(3600)) {
                event = state.withLock { $0.queue.isEmpty ? nil : $0.queue.removeFirst() }
                return event != nil
            }
            guard let event else { return HTTPResponse(status: 500, body: Data("{\"errorMessage\":\"no event\"}".utf8)) }
            var headers: [String: String?] = [
                "Lambda-Runtime-Aws-Request-Id": event.requestID,
                "Lambda-Runtime-Deadline-Ms": String(event.deadlineMilliseconds),
                "Lambda-Runtime-Invoked-Function-Arn": functionARN,
                "Lambda-Runtime-Trace-Id": "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
                "Content-Type": "application/json",
            ]
            headers.merge(event.headers) { _, override in override }
            let list = headers.compactMap { name, value in value.map { HTTPHeader(name, $0) } }.sorted { $0.name < $1.name }
            return HTTPResponse(status: 200, headers: list, body: event.payload)
        }
        if request.method == "POST" && path == prefix + "init/error" {
            return record(.initError(errorType: request.headers["Lambda-Runtime-Function-Error-Type"], body: request.body))
        }
        if request.method == "POST" && path.hasPrefix(prefix + "invocation/") {
            let parts = path.dropFirst((prefix + "invocation/").count).split(separator: "/")
            if parts.count == 2 && parts[1] == "response" {
                return record(.response(requestID: String(parts[0]), body: request.body))
            }
            if parts.count == 2 && parts[1] == "error" {
                return record(.error(requestID: String(parts[0]), errorType: request.headers["Lambda-Runtime-Function-Error-Type"], body: request.body))
            }
        }
        state.withLock { $0.unexpected.append("\(request.method) \(request.target)") }
        return HTTPResponse(status: 404, body: Data("{\"errorMessage\":\"unknown path\"}".utf8))
    }
}
