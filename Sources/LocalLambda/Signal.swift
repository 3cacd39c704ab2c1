import Glibc

/// A condition variable for blocking threads of the loopback servers and the
/// tests that wait on them.
final class Signal: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    func broadcast() {
        pthread_mutex_lock(&mutex)
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Waits until `done()` is true or `timeout` passes; returns `done()`'s last answer.
    @discardableResult
    func wait(timeout: Duration, until done: () -> Bool) -> Bool {
        let end = MonotonicTime.wallNanoseconds() + Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while true {
            pthread_mutex_unlock(&mutex)
            let finished = done()
            pthread_mutex_lock(&mutex)
            if finished { return true }
            let now = MonotonicTime.wallNanoseconds()
            if now >= end { return false }
            // Short slices: a change between `done()` and the wait is never missed for long.
            let slice = min(end - now, 50_000_000)
            var until = timespec()
            clock_gettime(CLOCK_REALTIME, &until)
            let total = Int64(until.tv_nsec) + slice
            until.tv_sec += Int(total / 1_000_000_000)
            until.tv_nsec = Int(total % 1_000_000_000)
            pthread_cond_timedwait(&condition, &mutex, &until)
        }
    }
}

public enum MonotonicTime {
    public static func wallNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

public enum UUIDText {
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<32).map { _ in String(generator.next() % 16, radix: 16) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
