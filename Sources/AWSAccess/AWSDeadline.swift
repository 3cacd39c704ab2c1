import Glibc

/// The time by which the work at hand must be done, in milliseconds since
/// the Unix epoch. AWS calls made inside `AWSDeadline.$current.withValue(…)`
/// never wait, retry or time out past it; a handler sets it from the Lambda
/// deadline (less the time kept for answering CloudFormation).
public enum AWSDeadline {
    @TaskLocal public static var current: Int64?

    static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
