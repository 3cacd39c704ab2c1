import Dispatch
import HTTPTransport
import Synchronization

/// Sleeps for `duration`, or until the task is cancelled, whichever comes
/// first; a cancelled sleep gives its memory back at once.
///
/// `Task.sleep` of Swift 6.3 on Linux keeps a cancelled sleep's job and timer
/// until the time it was to end. The timeout guard's sleep is cancelled in
/// nearly every invocation and would have ended at the Lambda deadline, so a
/// warm worker grew by ~1 KiB per invocation for as long as its deadlines
/// (valgrind's reachable blocks after 100 vs 200 invocations, and VmRSS after
/// 300 vs 1,500 in scripts/bench.py's warm loop).
public func cancellableSleep(for duration: Duration) async {
    let sleeper = Sleeper()
    await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            sleeper.start(continuation, after: duration)
        }
    } onCancel: {
        sleeper.wake()
    }
}

/// One sleep: a dispatch timer that `wake` cancels, and the continuation it
/// resumes exactly once.
final class Sleeper: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, Never>?
        var timer: Timer?
        var awake = false
    }

    /// Dispatch sources are safe to use from any thread.
    private struct Timer: @unchecked Sendable {
        let source: any DispatchSourceTimer
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Void, Never>, after duration: Duration) {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.setEventHandler { [self] in wake() }
        timer.schedule(deadline: .now() + .milliseconds(duration.milliseconds))
        // Running at once: its handler only wakes, which may come first and
        // is harmless (and a dispatch source must not be released suspended).
        timer.resume()
        let started = state.withLock { state -> Bool in
            guard !state.awake else { return false }
            state.continuation = continuation
            state.timer = Timer(source: timer)
            return true
        }
        if !started {
            timer.cancel()
            continuation.resume()
        }
    }

    /// Ends the sleep now; later calls do nothing.
    func wake() {
        let (continuation, timer) = state.withLock { state in
            state.awake = true
            defer { state.continuation = nil; state.timer = nil }
            return (state.continuation, state.timer)
        }
        timer?.source.cancel()
        continuation?.resume()
    }
}
