/// The botocore shapes of the identity store operations this package calls,
/// as they go over the wire. Members the package does not send or read are
/// left out; optional members that are `nil` are not sent; members are
/// declared in the model's order, which is the order they are sent in.
extension IdentityStoreClient {
    /// `GetUserIdRequest`.
    struct GetUserIdRequest: Encodable {
        var identityStoreID: String
        var alternateIdentifier: AlternateIdentifier

        enum CodingKeys: String, CodingKey {
            case identityStoreID = "IdentityStoreId", alternateIdentifier = "AlternateIdentifier"
        }
    }

    /// `AlternateIdentifier`, a union: exactly one member is sent.
    enum AlternateIdentifier: Encodable {
        /// `ExternalId {Issuer, Id}`.
        case externalID(issuer: String, id: String)
        /// `UniqueAttribute {AttributePath, AttributeValue}`; the value is a
        /// document, sent here as a JSON string.
        case uniqueAttribute(path: String, value: String)

        private enum CodingKeys: String, CodingKey {
            case externalID = "ExternalId", uniqueAttribute = "UniqueAttribute"
        }

        private enum ExternalIDKeys: String, CodingKey {
            case issuer = "Issuer", id = "Id"
        }

        private enum UniqueAttributeKeys: String, CodingKey {
            case path = "AttributePath", value = "AttributeValue"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .externalID(let issuer, let id):
                var member = container.nestedContainer(keyedBy: ExternalIDKeys.self, forKey: .externalID)
                try member.encode(issuer, forKey: .issuer)
                try member.encode(id, forKey: .id)
            case .uniqueAttribute(let path, let value):
                var member = container.nestedContainer(keyedBy: UniqueAttributeKeys.self, forKey: .uniqueAttribute)
                try member.encode(path, forKey: .path)
                try member.encode(value, forKey: .value)
            }
        }
    }

    /// `GetUserIdResponse`.
    struct GetUserIdResponse: Decodable {
        var identityStoreID: String
        var userID: String

        enum CodingKeys: String, CodingKey {
            case identityStoreID = "IdentityStoreId", userID = "UserId"
        }
    }

    /// `ListUsersRequest`, without the deprecated `Filters` and `Extensions`.
    struct ListUsersRequest: Encodable {
        var identityStoreID: String
        var maxResults: Int?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case identityStoreID = "IdentityStoreId", maxResults = "MaxResults", nextToken = "NextToken"
        }
    }

    /// `ListUsersResponse`.
    struct ListUsersResponse: Decodable {
        var users: [IdentityStoreUser]
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case users = "Users", nextToken = "NextToken"
        }
    }

    /// `CreateUserRequest`, with the members the service requires.
    struct CreateUserRequest: Encodable {
        var identityStoreID: String
        var userName: String
        var name: Name
        var displayName: String

        enum CodingKeys: String, CodingKey {
            case identityStoreID = "IdentityStoreId", userName = "UserName", name = "Name", displayName = "DisplayName"
        }
    }

    /// `Name`, the parts this package sets.
    struct Name: Encodable {
        var familyName: String
        var givenName: String

        enum CodingKeys: String, CodingKey {
            case familyName = "FamilyName", givenName = "GivenName"
        }
    }

    /// `CreateUserResponse`.
    struct CreateUserResponse: Decodable {
        var identityStoreID: String
        var userID: String

        enum CodingKeys: String, CodingKey {
            case identityStoreID = "IdentityStoreId", userID = "UserId"
        }
    }
}
