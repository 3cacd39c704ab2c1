public import AWSSigV4
public import FoundationEssentials

/// What STS `AssumeRole` hands back: temporary credentials (always with a
/// session token), when they stop working, and who they act as.
public struct AssumedRole: Sendable, Equatable {
    public var credentials: AWSCredentials
    /// The moment STS stops accepting `credentials`.
    public var expiration: Date
    /// The assumed-role principal, e.g. `arn:aws:sts::123456789012:assumed-role/Deployer/mapu-1764150000`.
    public var arn: String
    /// The role id and session name, e.g. `AROA3X42LBCDZ43SG00IS:mapu-1764150000`.
    public var assumedRoleID: String

    public init(credentials: AWSCredentials, expiration: Date, arn: String, assumedRoleID: String) {
        self.credentials = credentials
        self.expiration = expiration
        self.arn = arn
        self.assumedRoleID = assumedRoleID
    }

    /// Reads `<AssumeRoleResponse><AssumeRoleResult>…`.
    ///
    /// - Throws: `AWSError` with code `UnexpectedResponse` naming the first
    ///   required element that is missing or empty, or an `Expiration` that is
    ///   no ISO 8601 time.
    init(response: XMLElement) throws(AWSError) {
        let result = STSResult(response, operation: "AssumeRole")
        let expiration = try result.text("Credentials", "Expiration")
        guard let date = try? Date.ISO8601FormatStyle().parse(expiration) else {
            throw result.unexpected("Expiration \(expiration.debugDescription) is not an ISO 8601 time")
        }
        self.init(
            credentials: AWSCredentials(accessKeyID: try result.text("Credentials", "AccessKeyId"),
                                        secretAccessKey: try result.text("Credentials", "SecretAccessKey"),
                                        sessionToken: try result.text("Credentials", "SessionToken")),
            expiration: date,
            arn: try result.text("AssumedRoleUser", "Arn"),
            assumedRoleID: try result.text("AssumedRoleUser", "AssumedRoleId"))
    }
}
