public import AWSSigV4
public import FoundationEssentials
public import HTTPTransport

/// Where the credentials come from, as decided from the environment and the
/// shared files, before anything is fetched.
public indirect enum CredentialsSource: Sendable, Equatable {
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    case environment(AWSCredentials)
    /// `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token` of a profile.
    case profile(String, AWSCredentials)
    /// The `role_arn` of a profile, assumed with the credentials of `source`
    /// (its `source_profile`, which may itself assume a role).
    case assumeRole(AssumeRoleSettings, source: CredentialsSource)

    /// The provider that yields these credentials. Roles are assumed through
    /// STS at `stsEndpoint` in `region`, each with its own cache; nothing is
    /// fetched until the first `credentials()` call. `now` judges expiry and
    /// names default sessions; requests are always signed with the real time.
    public func provider(region: String, stsEndpoint: String, transport: any HTTPTransport,
                         now: @escaping @Sendable () -> Date = { Date() }) -> any CredentialsProvider {
        switch self {
        case .environment(let credentials), .profile(_, let credentials):
            return credentials
        case .assumeRole(let role, let source):
            let sourceProvider = source.provider(region: region, stsEndpoint: stsEndpoint, transport: transport, now: now)
            let sts = STSClient(client: AWSServiceClient(service: .sts, region: region, endpoint: stsEndpoint,
                                                         credentials: sourceProvider, transport: transport))
            return AssumeRoleCredentialsProvider(
                roleARN: role.roleARN, sessionName: role.sessionName ?? AssumeRoleCredentialsProvider.defaultSessionName(at: now()),
                externalID: role.externalID, durationSeconds: role.durationSeconds, sts: sts, now: now)
        }
    }
}

/// A profile's `role_arn` and the settings that go with it.
public struct AssumeRoleSettings: Sendable, Equatable {
    /// The profile these settings come from.
    public var profile: String
    public var roleARN: String
    /// `role_session_name`; `nil` leaves the choice to the provider.
    public var sessionName: String?
    /// `external_id`.
    public var externalID: String?
    /// `duration_seconds`; `nil` is STS's default of one hour.
    public var durationSeconds: Int?

    public init(profile: String, roleARN: String, sessionName: String? = nil, externalID: String? = nil, durationSeconds: Int? = nil) {
        self.profile = profile
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
    }
}
