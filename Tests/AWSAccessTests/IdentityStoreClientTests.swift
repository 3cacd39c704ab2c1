import AWSAccess
import Foundation
import HTTPTransport
import TestSupport
import Testing

/// `IdentityStoreClient` against moto, where any store id is an existing
/// (possibly empty) store. Each test uses a store of its own in a region of
/// this suite's own, so tests running in parallel do not see each other.
@Suite struct IdentityStoreClientTests {
    static func store() async throws -> IdentityStoreClient {
        let moto = try await TestAWS.moto()
        let configuration = try AWSConfiguration(environment: TestAWS.environment(endpoint: moto.endpoint, region: "ca-central-1"))
        return IdentityStoreClient(configuration: configuration, transport: CurlTransport())
    }

    /// `d-` and ten hex digits, the shape of a real store id.
    static func newStoreID() -> String {
        "d-" + String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(10))
    }

    static func expectNotFound(_ call: () async throws -> String) async {
        do {
            let id = try await call()
            Issue.record("expected ResourceNotFoundException, got user id \(id)")
        } catch let error as AWSError {
            #expect(error.code == "ResourceNotFoundException", "\(error)")
            #expect(error.service == "identitystore")
            #expect(error.operation == "GetUserId")
            #expect(error.httpStatus == 400)
            #expect(!error.isRetryable)
        } catch {
            Issue.record("expected an AWSError, got \(error)")
        }
    }

    @Test func findsAUserByItsExactName() async throws {
        let store = try await Self.store()
        let storeID = Self.newStoreID()
        let created = try await store.createUser(identityStoreID: storeID, userName: "asher-sterkin", displayName: "Asher Sterkin",
                                                 givenName: "Asher", familyName: "Sterkin")
        #expect(try await store.getUserId(identityStoreID: storeID, userName: "asher-sterkin") == created)
    }

    @Test func userNamesAreCaseSensitive() async throws {
        let store = try await Self.store()
        let storeID = Self.newStoreID()
        _ = try await store.createUser(identityStoreID: storeID, userName: "asher-sterkin", displayName: "Asher Sterkin",
                                       givenName: "Asher", familyName: "Sterkin")
        await Self.expectNotFound { try await store.getUserId(identityStoreID: storeID, userName: "Asher-Sterkin") }
        // What a caller needs to say "did you mean asher-sterkin?".
        let users = try await store.listUsers(identityStoreID: storeID)
        #expect(users.compactMap(\.userName).filter { $0.lowercased() == "asher-sterkin" } == ["asher-sterkin"])
    }

    @Test func anUnknownUserIsResourceNotFound() async throws {
        let store = try await Self.store()
        await Self.expectNotFound { try await store.getUserId(identityStoreID: Self.newStoreID(), userName: "nobody") }
    }

    @Test func listUsersReturnsEveryUserAcrossPages() async throws {
        let store = try await Self.store()
        let storeID = Self.newStoreID()
        var ids: [String: String] = [:]
        for name in ["alice", "bob", "carol"] {
            ids[name] = try await store.createUser(identityStoreID: storeID, userName: name, displayName: name.capitalized,
                                                   givenName: name.capitalized, familyName: "Test")
        }
        let users = try await store.listUsers(identityStoreID: storeID, pageSize: 1)
        #expect(users.count == 3)
        #expect(Dictionary(uniqueKeysWithValues: users.map { ($0.userName ?? "", $0.userID) }) == ids)
        #expect(users.allSatisfy { $0.identityStoreID == storeID && $0.displayName == $0.userName?.capitalized })
    }

    @Test func anEmptyStoreListsNoUsers() async throws {
        #expect(try await Self.store().listUsers(identityStoreID: Self.newStoreID()).isEmpty)
    }

    @Test func aTakenUserNameIsAConflict() async throws {
        let store = try await Self.store()
        let storeID = Self.newStoreID()
        _ = try await store.createUser(identityStoreID: storeID, userName: "dup", displayName: "D", givenName: "D", familyName: "U")
        do {
            _ = try await store.createUser(identityStoreID: storeID, userName: "dup", displayName: "D", givenName: "D", familyName: "U")
            Issue.record("a second user of the same name must fail")
        } catch let error as AWSError {
            #expect(error.code == "ConflictException")
            #expect(error.message == "Duplicate UserName")
        }
    }
}
