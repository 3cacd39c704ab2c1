import Synchronization

/// Runs work against a deadline. The first of three things wins — the work
/// finishing, the guard time passing, the caller being cancelled — and the
/// others are ignored: a handler that finishes after its timeout was answered
/// can never cause a second answer.
enum GuardedRun {
    enum Result<Value: Sendable>: Sendable {
        case finished(Swift.Result<Value, any Error>)
        /// How long the work ran, and how long before the deadline it was abandoned.
        case timedOut(elapsed: Int64, margin: Int64)
        case cancelled
    }

    /// The time kept for answering after the work is abandoned: a quarter of
    /// what remains, at least 0.5 s and at most 5 s.
    static func margin(remaining: Int64) -> Int64 {
        min(max(remaining / 4, 500), 5_000)
    }

    /// `clock` and `sleep` are the sender's, so tests can run the guard on
    /// time of their own.
    static func run<Value: Sendable>(deadline: Int64, clock: @escaping @Sendable () -> Int64,
                                     sleep: @escaping @Sendable (Duration) async -> Void,
                                     work: @escaping @Sendable () async throws -> Value) async -> Result<Value> {
        let start = clock()
        let margin = margin(remaining: deadline - start)
        let race = Race<Result<Value>>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                race.await(continuation)
                let worker = Task {
                    do { race.decide(.finished(.success(try await work()))) } catch { race.decide(.finished(.failure(error))) }
                }
                let timer = Task {
                    let wait = deadline - margin - clock()
                    if wait > 0 { await sleep(.milliseconds(wait)) }
                    if !Task.isCancelled { race.decide(.timedOut(elapsed: clock() - start, margin: margin)) }
                }
                race.own([worker, timer])
            }
        } onCancel: {
            race.decide(.cancelled)
        }
    }
}

/// The first `decide` resumes the waiter (at once, or when it starts
/// waiting) and cancels the racing tasks; later ones do nothing.
final class Race<Outcome: Sendable>: Sendable {
    private struct State {
        var waiter: CheckedContinuation<Outcome, Never>?
        var outcome: Outcome?
        var resumed = false
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func await(_ continuation: CheckedContinuation<Outcome, Never>) {
        let ready = state.withLock { state -> Outcome? in
            state.waiter = continuation
            return state.outcome
        }
        if let ready { resume(ready) }
    }

    func own(_ tasks: [Task<Void, Never>]) {
        let decided = state.withLock { state -> Bool in
            state.tasks = tasks
            return state.outcome != nil
        }
        if decided { tasks.forEach { $0.cancel() } }
    }

    func decide(_ outcome: Outcome) {
        let first = state.withLock { state -> Bool in
            guard state.outcome == nil else { return false }
            state.outcome = outcome
            return true
        }
        if first { resume(outcome) }
    }

    private func resume(_ outcome: Outcome) {
        let (waiter, tasks) = state.withLock { state -> (CheckedContinuation<Outcome, Never>?, [Task<Void, Never>]) in
            guard !state.resumed, let waiter = state.waiter else { return (nil, []) }
            state.resumed = true
            return (waiter, state.tasks)
        }
        waiter?.resume(returning: outcome)
        tasks.forEach { $0.cancel() }
    }
}
