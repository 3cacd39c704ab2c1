import Synchronization

/// Carries SIGTERM into the loop. Between invocations it unblocks the waiting
/// `next()` and the loop ends; during one it cancels the handler's task, which
/// still answers (a CloudFormation handler sends FAILED), and the loop ends
/// after that invocation.
public final class ShutdownSignal: Sendable {
    private struct State {
        var requested = false
        var cancelCurrent: (@Sendable () -> Void)?
        var interrupt: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    public init() {}

    public var isRequested: Bool { state.withLock { $0.requested } }

    public func request() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            state.requested = true
            return [state.cancelCurrent ?? state.interrupt].compactMap { $0 }
        }
        actions.forEach { $0() }
    }

    func waiting(interrupt: @escaping @Sendable () -> Void) {
        state.withLock { $0.interrupt = interrupt }
    }

    /// Marks an invocation as running; if shutdown was already requested, it
    /// is cancelled at once.
    func running(cancel: @escaping @Sendable () -> Void) {
        let requested = state.withLock { state -> Bool in
            state.cancelCurrent = cancel
            return state.requested
        }
        if requested { cancel() }
    }

    func finished() {
        state.withLock { $0.cancelCurrent = nil }
    }
}
