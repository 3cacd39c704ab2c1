import AWSAccess
import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// SSM and Identity Store against a moto of its own with signature checking
/// on: the right key is accepted, a wrong one refused with the error moto
/// gives. moto answers these refusals of JSON services in XML.
@Suite struct JSON11AuthTests {
    struct Key {
        var id: String
        var secret: String
    }

    @Test func signedCallsSucceedAndBadKeysAreRefused() async throws {
        let moto = try await MotoServer.start()
        do {
            try await Self.check(moto)
        } catch {
            await onOwnThread { moto.stop() }
            throw error
        }
        await onOwnThread { moto.stop() }
    }

    static func check(_ moto: MotoServer) async throws {
        let auth = try await MotoAuth.enable(on: moto, allowing: ["ssm:GetParameter", "identitystore:*"])
        let key = Key(id: auth.accessKeyID, secret: auth.secretAccessKey)
        let name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
        let storeID = "d-0123456789"

        // The right key: both services accept the signature.
        let right = try configuration(moto, key)
        let parameter = try await SSMClient(configuration: right, transport: CurlTransport()).getParameter(name: name)
        #expect(parameter.value.hasPrefix("ami-"))
        let store = IdentityStoreClient(configuration: right, transport: CurlTransport())
        let created = try await store.createUser(identityStoreID: storeID, userName: "asher-sterkin", displayName: "Asher Sterkin",
                                                 givenName: "Asher", familyName: "Sterkin")
        #expect(try await store.getUserId(identityStoreID: storeID, userName: "asher-sterkin") == created)
        #expect(try await store.listUsers(identityStoreID: storeID).map(\.userID) == [created])

        // A wrong secret: the signature does not match.
        let wrong = try configuration(moto, Key(id: key.id, secret: key.secret + "x"))
        await expect(code: "SignatureDoesNotMatch", operation: "GetParameter", message: signatureMessage) {
            _ = try await SSMClient(configuration: wrong, transport: CurlTransport()).getParameter(name: name)
        }
        await expect(code: "SignatureDoesNotMatch", operation: "GetUserId", message: signatureMessage) {
            _ = try await IdentityStoreClient(configuration: wrong, transport: CurlTransport())
                .getUserId(identityStoreID: storeID, userName: "asher-sterkin")
        }

        // A key moto never issued.
        let unknown = try configuration(moto, Key(id: "AKIAUNKNOWNKEY000000", secret: key.secret))
        await expect(code: "InvalidClientTokenId", operation: "GetParameter", message: "The security token included in the request is invalid.") {
            _ = try await SSMClient(configuration: unknown, transport: CurlTransport()).getParameter(name: name)
        }

        // The right key, an action its policy does not allow.
        let client = right.client(for: .ssm, transport: CurlTransport())
        let notAllowed = try JSON11Request(service: "SSM", targetPrefix: SSMClient.targetPrefix, operation: "GetParameters",
                                           input: ["Names": [name]])
        await expect(code: "AccessDenied", operation: "GetParameters",
                     message: "User: arn:aws:iam::123456789012:user/mapu-test is not authorized to perform: ssm:GetParameters") {
            struct Anything: Decodable {}
            _ = try await client.send(notAllowed, as: Anything.self)
        }
    }

    static let signatureMessage = "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    static func expect(code: String, operation: String, message: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ call: () async throws -> Void) async {
        do {
            try await call()
            Issue.record("expected \(code)", sourceLocation: sourceLocation)
        } catch let error as AWSError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.operation == operation, sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
            #expect(error.httpStatus == 403, sourceLocation: sourceLocation)
            #expect(error.requestID?.isEmpty == false, sourceLocation: sourceLocation)
            #expect(!error.isRetryable, sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected an AWSError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    static func configuration(_ moto: MotoServer, _ key: Key) throws -> AWSConfiguration {
        // moto knows only session tokens its own STS issued.
        try AWSConfiguration(environment: TestAWS.environment(endpoint: moto.endpoint, region: "us-west-2", accessKeyID: key.id,
                                                              secretAccessKey: key.secret, sessionToken: nil))
    }
}
