/// Who STS `GetCallerIdentity` says the credentials belong to.
public struct CallerIdentity: Sendable, Equatable {
    /// The 12-digit account id, e.g. `123456789012`.
    public var account: String
    /// The principal, e.g. `arn:aws:iam::123456789012:user/deployer` or an `assumed-role` ARN.
    public var arn: String
    /// The unique id of the principal (for a role session, `ROLEID:session`).
    public var userID: String

    public init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }

    /// Reads `<GetCallerIdentityResponse><GetCallerIdentityResult>…`.
    ///
    /// - Throws: `AWSError` with code `UnexpectedResponse` naming the first
    ///   element that is missing or empty.
    init(response: XMLElement) throws(AWSError) {
        let result = STSResult(response, operation: "GetCallerIdentity")
        self.init(account: try result.text("Account"), arn: try result.text("Arn"), userID: try result.text("UserId"))
    }
}
