import FoundationEssentials
public import HTTPTransport

/// IAM Identity Center's identity store over JSON 1.1: signed calls, every
/// failure an `AWSError` (service `identitystore`), retried as
/// `AWSServiceClient` does.
public struct IdentityStoreClient: Sendable {
    /// The service model's `metadata.targetPrefix`.
    public static let targetPrefix = "AWSIdentityStore"

    public let client: AWSServiceClient

    public init(client: AWSServiceClient) {
        self.client = client
    }

    public init(configuration: AWSConfiguration, transport: any HTTPTransport) {
        self.init(client: configuration.client(for: .identityStore, transport: transport))
    }

    /// The id of the user whose `userName` is exactly `userName`: the match
    /// is case-sensitive, as the service's is.
    ///
    /// - Throws: `AWSError` with code `ResourceNotFoundException` when no
    ///   user has that name (or the store does not exist),
    ///   `UnexpectedResponse` when the answer has no `UserId`, and any other
    ///   failure of the call.
    public func getUserId(identityStoreID: String, userName: String) async throws -> String {
        let input = GetUserIdRequest(identityStoreID: identityStoreID, alternateIdentifier: .uniqueAttribute(path: "userName", value: userName))
        return try await call("GetUserId", input, as: GetUserIdResponse.self).userID
    }

    /// Every user of the store, across pages, in the order the service
    /// lists them. `pageSize` (1…100) is how many to ask for per page; `nil`
    /// leaves it to the service.
    ///
    /// - Throws: `AWSError` for any failed page, or `UnexpectedResponse` if
    ///   the service sends the same page token twice in a row (a loop).
    public func listUsers(identityStoreID: String, pageSize: Int? = nil) async throws -> [IdentityStoreUser] {
        var users: [IdentityStoreUser] = []
        var token: String?
        repeat {
            let input = ListUsersRequest(identityStoreID: identityStoreID, maxResults: pageSize, nextToken: token)
            let page = try await call("ListUsers", input, as: ListUsersResponse.self)
            users += page.users
            let next = page.nextToken.flatMap { $0.isEmpty ? nil : $0 }
            if let next, next == token {
                throw AWSError(service: client.service.id, operation: "ListUsers", code: AWSError.Code.unexpectedResponse,
                               message: "the answer's NextToken repeats the one sent", httpStatus: 200)
            }
            token = next
        } while token != nil
        return users
    }

    /// Creates a user and returns its id. The service needs a display name
    /// and both parts of the name besides the user name.
    ///
    /// - Throws: `AWSError` with code `ConflictException` when the user name
    ///   is taken, `ValidationException` for a value the service refuses,
    ///   and any other failure of the call.
    public func createUser(identityStoreID: String, userName: String, displayName: String,
                           givenName: String, familyName: String) async throws -> String {
        let input = CreateUserRequest(identityStoreID: identityStoreID, userName: userName,
                                      name: Name(familyName: familyName, givenName: givenName), displayName: displayName)
        return try await call("CreateUser", input, as: CreateUserResponse.self).userID
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable, as output: Output.Type) async throws -> Output {
        try await client.sendJSON11(targetPrefix: Self.targetPrefix, operation: operation, input: input, as: Output.self)
    }
}
