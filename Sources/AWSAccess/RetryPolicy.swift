/// When and how long to wait before trying an AWS call again: the SDKs'
/// standard mode. At most `maximumAttempts` tries; before try n+1, a wait
/// drawn uniformly from 0…min(cap, base·2ⁿ⁻¹) ("full jitter"); only errors
/// that are retryable (throttling, 5xx, lost connections); and never a wait
/// that would end past the deadline.
public struct RetryPolicy: Sendable, Equatable {
    public var maximumAttempts: Int
    public var baseDelayMilliseconds: Int64
    public var maximumDelayMilliseconds: Int64

    public init(maximumAttempts: Int = 3, baseDelayMilliseconds: Int64 = 1_000, maximumDelayMilliseconds: Int64 = 20_000) {
        self.maximumAttempts = maximumAttempts
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.maximumDelayMilliseconds = maximumDelayMilliseconds
    }

    public static let standard = RetryPolicy()

    /// The longest wait before try `attempt + 1` (attempt counts from 1).
    public func ceiling(after attempt: Int) -> Int64 {
        min(maximumDelayMilliseconds, baseDelayMilliseconds << min(attempt - 1, 30))
    }

    /// The wait before try `attempt + 1`, for `random` in 0…1.
    public func delay(after attempt: Int, random: Double) -> Int64 {
        Int64((Double(ceiling(after: attempt)) * min(max(random, 0), 1)).rounded())
    }
}
