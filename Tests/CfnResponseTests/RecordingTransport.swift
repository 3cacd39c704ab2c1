import Foundation
import HTTPTransport
import LambdaLog
import Synchronization

/// An `HTTPTransport` that records every request (and when it was sent, by
/// its clock) and answers from a script; once the script runs out it answers 200.
final class RecordingTransport: HTTPTransport {
    enum Answer: Sendable {
        case status(Int)
        case failure(HTTPTransportError)
    }

    private struct State {
        var answers: [Answer]
        var requests: [HTTPRequest] = []
        var sentAt: [Int64] = []
    }

    private let state: Mutex<State>
    private let clock: @Sendable () -> Int64

    init(_ answers: [Answer] = [], clock: @escaping @Sendable () -> Int64 = { WallClock.nowMilliseconds() }) {
        state = Mutex(State(answers: answers))
        self.clock = clock
    }

    /// Answers `status` to every request.
    static func always(_ status: Int, clock: @escaping @Sendable () -> Int64 = { WallClock.nowMilliseconds() }) -> RecordingTransport {
        RecordingTransport(Array(repeating: .status(status), count: 100), clock: clock)
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    var sentAt: [Int64] { state.withLock { $0.sentAt } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let now = clock()
        let answer = state.withLock { state -> Answer in
            state.requests.append(request)
            state.sentAt.append(now)
            return state.answers.isEmpty ? .status(200) : state.answers.removeFirst()
        }
        switch answer {
        case .status(let status):
            let body = status == 200 ? "" : "<Error>status \(status)</Error>"
            return HTTPResponse(status: status, body: Data(body.utf8))
        case .failure(let error): throw error
        }
    }
}

/// Time that moves only when told: the sender's sleeps advance it.
final class ManualClock: Sendable {
    private let state: Mutex<(now: Int64, sleeps: [Int64])>

    init(_ start: Int64 = 1_000_000) {
        state = Mutex((start, []))
    }

    var now: Int64 { state.withLock { $0.now } }
    var sleeps: [Int64] { state.withLock { $0.sleeps } }

    func advance(_ milliseconds: Int64) {
        state.withLock { $0.now += milliseconds }
    }

    var clock: @Sendable () -> Int64 { { [self] in now } }

    var sleep: @Sendable (Duration) async -> Void {
        { [self] duration in
            let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
            state.withLock {
                $0.sleeps.append(milliseconds)
                $0.now += milliseconds
            }
        }
    }
}
