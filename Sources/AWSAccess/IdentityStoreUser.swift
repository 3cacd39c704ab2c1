/// A user of an IAM Identity Center identity store, as `ListUsers` answers
/// it (botocore shape `User`, the members this package reads).
public struct IdentityStoreUser: Sendable, Equatable, Decodable {
    /// The store-assigned id, e.g. a UUID; what `GetUserId` returns.
    public var userID: String
    public var identityStoreID: String
    /// Unique within the store and case-sensitive. The model lets it be
    /// absent, so it is optional here.
    public var userName: String?
    public var displayName: String?

    public init(userID: String, identityStoreID: String, userName: String? = nil, displayName: String? = nil) {
        self.userID = userID
        self.identityStoreID = identityStoreID
        self.userName = userName
        self.displayName = displayName
    }

    enum CodingKeys: String, CodingKey {
        case userID = "UserId", identityStoreID = "IdentityStoreId", userName = "UserName", displayName = "DisplayName"
    }
}
