import Foundation
import HTTPTransport
import LambdaLog
import LambdaRuntime
import Synchronization

/// A Runtime API in memory for loop tests: `next()` plays a script of events
/// (given as raw `/next` headers, read as `HTTPRuntimeAPIClient` reads them)
/// and every call is recorded. When the script runs out, `next()` fails like
/// a lost connection, so a loop under test always ends.
final class ScriptedRuntimeAPI: RuntimeAPIClient {
    enum Step: Sendable {
        case event(headers: [HTTPHeader], payload: Data)
        case fail(RuntimeAPIError)
        /// Blocks like the `/next` long poll until `interrupt()`, then fails
        /// as the shut-down socket would.
        case waitForInterrupt
    }

    enum Call: Sendable, Equatable {
        case next
        case respond(requestID: String, body: Data)
        case reportError(requestID: String, ErrorReport)
        case reportInitError(ErrorReport)
        case interrupt
    }

    static let exhausted = RuntimeAPIError(call: "GET next", status: nil, detail: "script exhausted")

    private struct State {
        var script: [Step]
        var calls: [Call] = []
        /// Answers to `respond` and `reportError`, in order; `nil` or none left: accepted.
        var respondAnswers: [RuntimeAPIError?]
        var reportAnswers: [RuntimeAPIError?]
        var interrupted = false
        var blocked: CheckedContinuation<Void, Never>?
        var watchers: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(_ script: [Step], respondAnswers: [RuntimeAPIError?] = [], reportAnswers: [RuntimeAPIError?] = []) {
        state = Mutex(State(script: script, respondAnswers: respondAnswers, reportAnswers: reportAnswers))
    }

    var calls: [Call] { state.withLock { $0.calls } }

    func next() async throws -> Invocation {
        let step = state.withLock { state -> Step? in
            state.calls.append(.next)
            return state.script.isEmpty ? nil : state.script.removeFirst()
        }
        switch step {
        case nil:
            throw Self.exhausted
        case .event(let headers, let payload)?:
            return Invocation(context: try InvocationContext(headers: headers), payload: payload)
        case .fail(let error)?:
            throw error
        case .waitForInterrupt?:
            await withCheckedContinuation { continuation in
                let (resumeNow, watchers) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    defer { state.watchers = [] }
                    if state.interrupted { return (true, state.watchers) }
                    state.blocked = continuation
                    return (false, state.watchers)
                }
                watchers.forEach { $0.resume() }
                if resumeNow { continuation.resume() }
            }
            throw RuntimeAPIError(call: "GET next", status: nil, detail: "connection failed: socket shut down")
        }
    }

    func respond(requestID: String, body: Data) async throws {
        let answer = state.withLock { state -> RuntimeAPIError? in
            state.calls.append(.respond(requestID: requestID, body: body))
            return state.respondAnswers.isEmpty ? nil : state.respondAnswers.removeFirst()
        }
        if let answer { throw answer }
    }

    func reportError(requestID: String, _ report: ErrorReport) async throws {
        let answer = state.withLock { state -> RuntimeAPIError? in
            state.calls.append(.reportError(requestID: requestID, report))
            return state.reportAnswers.isEmpty ? nil : state.reportAnswers.removeFirst()
        }
        if let answer { throw answer }
    }

    func reportInitError(_ report: ErrorReport) async throws {
        state.withLock { $0.calls.append(.reportInitError(report)) }
    }

    func interrupt() {
        let blocked = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.calls.append(.interrupt)
            state.interrupted = true
            defer { state.blocked = nil }
            return state.blocked
        }
        blocked?.resume()
    }

    /// Returns once a `next()` is blocked in `.waitForInterrupt` (or the API was interrupted).
    func waitUntilBlocked() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.blocked != nil || state.interrupted { return true }
                state.watchers.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}

extension ScriptedRuntimeAPI.Step {
    static let functionARN = "arn:aws:lambda:us-east-1:123456789012:function:mapu"

    /// A well-formed event.
    static func invocation(_ requestID: String, payload: String = "{}", traceID: String? = nil,
                           deadline: Int64 = 4_102_444_799_000) -> Self {
        var headers = [
            HTTPHeader("Lambda-Runtime-Aws-Request-Id", requestID),
            HTTPHeader("Lambda-Runtime-Deadline-Ms", String(deadline)),
            HTTPHeader("Lambda-Runtime-Invoked-Function-Arn", functionARN),
        ]
        if let traceID { headers.append(HTTPHeader("Lambda-Runtime-Trace-Id", traceID)) }
        return .event(headers: headers, payload: Data(payload.utf8))
    }
}

/// A handler made of a closure.
struct ClosureHandler: InvocationHandler {
    let body: @Sendable (Invocation, Logger) async throws -> Data

    init(_ body: @escaping @Sendable (Invocation, Logger) async throws -> Data) {
        self.body = body
    }

    func handle(_ invocation: Invocation, logger: Logger) async throws -> Data {
        try await body(invocation, logger)
    }
}

/// A value many tasks may write and the test reads afterwards.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    init() {}

    func record(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
