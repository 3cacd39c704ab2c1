public import AWSSigV4
public import FoundationEssentials

/// Credentials of an assumed role: STS `AssumeRole`, signed with the source
/// credentials of `sts`, its answer kept until `refreshMargin` before it
/// expires and fetched again after.
///
/// Concurrent callers share one `AssumeRole` call: while one is under way,
/// others await its answer rather than starting their own. A failed call is
/// not kept; the next caller tries again. Chained roles are a provider whose
/// `sts` client signs with another `AssumeRoleCredentialsProvider`.
public actor AssumeRoleCredentialsProvider: CredentialsProvider {
    public nonisolated let roleARN: String
    public nonisolated let sessionName: String
    public nonisolated let externalID: String?
    public nonisolated let durationSeconds: Int?
    /// How long before `expiration` the credentials count as used up, so that
    /// a request signed with them never reaches AWS after they expire.
    public nonisolated let refreshMargin: Duration
    private let sts: STSClient
    private let now: @Sendable () -> Date
    private var current: AssumedRole?
    private var refresh: Task<AssumedRole, any Error>?

    /// Five minutes: a request signed just before then still reaches AWS
    /// long before the credentials expire, even after retries.
    public static let defaultRefreshMargin: Duration = .seconds(300)

    /// - Parameters:
    ///   - sts: the client that calls STS, signing with the source credentials.
    ///   - now: the clock expiry is judged by (tests move it on).
    public init(roleARN: String, sessionName: String, externalID: String? = nil, durationSeconds: Int? = nil,
                sts: STSClient, refreshMargin: Duration = defaultRefreshMargin,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
        self.sts = sts
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// A session name for when none is configured: `mapu-<seconds since 1970>`,
    /// as botocore names its `botocore-session-<seconds>`.
    public static func defaultSessionName(at date: Date) -> String {
        "mapu-\(Int64(date.timeIntervalSince1970))"
    }

    /// The cached credentials while they are good for more than
    /// `refreshMargin`, else fresh ones from STS.
    ///
    /// - Throws: the `AWSError` of a failed `AssumeRole` (or of the source
    ///   credentials); nothing is cached then.
    public func credentials() async throws -> AWSCredentials {
        try await assumedRole().credentials
    }

    /// Like `credentials()`, with the expiration and the assumed role's ARN.
    public func assumedRole() async throws -> AssumedRole {
        if let current, now() < current.expiration.addingTimeInterval(-refreshMargin.seconds) { return current }
        if let refresh { return try await refresh.value }
        let task = Task { [sts, roleARN, sessionName, externalID, durationSeconds] in
            try await sts.assumeRole(roleARN: roleARN, sessionName: sessionName, externalID: externalID, durationSeconds: durationSeconds)
        }
        refresh = task
        // Only the caller that started the call clears it, once the answer is
        // in; callers arriving meanwhile await the same task.
        defer { refresh = nil }
        let role = try await task.value
        current = role
        return role
    }
}

extension Duration {
    fileprivate var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
