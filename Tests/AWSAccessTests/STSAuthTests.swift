import AWSAccess
import AWSSigV4
import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// STS, assumed roles and calls made with them, against a moto that checks
/// every signature and policy (a private one: turning checks on is for good).
@Suite struct STSAuthTests {
    /// Started by the first test that asks, stopped when the process exits.
    private static let server = Task<(moto: MotoServer, auth: MotoAuth), any Error> {
        let moto = try await MotoServer.start()
        ChildReaper.register(moto)
        return (moto, try await MotoAuth.enable(on: moto, roles: true))
    }

    static let region = "us-east-1"

    static func client(_ service: AWSService, _ credentials: any CredentialsProvider, transport: any HTTPTransport = CurlTransport()) async throws -> AWSServiceClient {
        AWSServiceClient(service: service, region: region, endpoint: try await server.value.moto.endpoint, credentials: credentials,
                         transport: transport, retry: RetryPolicy(maximumAttempts: 1))
    }

    static func user() async throws -> AWSCredentials {
        let auth = try await server.value.auth
        return AWSCredentials(accessKeyID: auth.accessKeyID, secretAccessKey: auth.secretAccessKey)
    }

    static func provider(externalID: String?, transport: any HTTPTransport = CurlTransport(),
                         now: @escaping @Sendable () -> Date = { Date() }) async throws -> AssumeRoleCredentialsProvider {
        let auth = try await server.value.auth
        return AssumeRoleCredentialsProvider(roleARN: try #require(auth.roleARN), sessionName: "mapu-auth-test", externalID: externalID,
                                             sts: STSClient(client: try await client(.sts, user(), transport: transport)), now: now)
    }

    @Test func callerIdentityWithTheRightKey() async throws {
        let identity = try await STSClient(client: Self.client(.sts, Self.user())).getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(identity.arn == "arn:aws:iam::123456789012:user/mapu-test")
        #expect(!identity.userID.isEmpty)
    }

    @Test(arguments: [
        // What moto answers: a known key with a wrong secret fails the
        // signature; an unknown key, or a user's key sent with a session
        // token, is an invalid token. All 403, none retried.
        ("wrong secret", "SignatureDoesNotMatch"),
        ("unknown key", "InvalidClientTokenId"),
        ("user key with a token", "InvalidClientTokenId"),
    ])
    func wrongCredentialsAreRefused(change: String, code: String) async throws {
        var credentials = try await Self.user()
        switch change {
        case "wrong secret": credentials.secretAccessKey += "x"
        case "unknown key": credentials.accessKeyID = "AKIAUNKNOWNKEY000000"
        default: credentials.sessionToken = "not-a-token"
        }
        let sts = STSClient(client: try await Self.client(.sts, credentials))
        let error = await #expect(throws: AWSError.self) { try await sts.getCallerIdentity() }
        #expect(error?.service == "STS")
        #expect(error?.operation == "GetCallerIdentity")
        #expect(error?.code == code)
        #expect(error?.httpStatus == 403)
        #expect(error?.requestID?.isEmpty == false)
        #expect(error?.isRetryable == false)
    }

    @Test func assumedRoleDescribesVpcsAndActsAsTheRole() async throws {
        let auth = try await Self.server.value.auth
        let provider = try await Self.provider(externalID: auth.externalID)
        let role = try await provider.assumedRole()
        #expect(role.arn == "arn:aws:sts::123456789012:assumed-role/mapu-assumable/mapu-auth-test")
        #expect(role.credentials.sessionToken?.isEmpty == false)
        #expect(role.expiration > Date().addingTimeInterval(3000))

        let vpcs = try await EC2Client(client: Self.client(.ec2, provider)).describeVpcs(filters: [EC2Filter(name: "is-default", values: ["true"])])
        #expect(vpcs.count == 1)
        let identity = try await STSClient(client: Self.client(.sts, provider)).getCallerIdentity()
        #expect(identity.arn == role.arn)
        #expect(identity.userID == role.assumedRoleID)
    }

    @Test func aWrongExternalIDIsDenied() async throws {
        let provider = try await Self.provider(externalID: "not-the-external-id")
        let error = await #expect(throws: AWSError.self) { try await provider.credentials() }
        #expect(error?.code == "AccessDenied")
        #expect(error?.httpStatus == 403)
        #expect(error?.message == "User: arn:aws:iam::123456789012:user/mapu-test is not authorized to perform: sts:AssumeRole")
    }

    @Test(arguments: [nil, "not-the-session-token"])
    func assumedKeysWithoutTheirTokenFail(token: String?) async throws {
        let auth = try await Self.server.value.auth
        var credentials = try await Self.provider(externalID: auth.externalID).credentials()
        credentials.sessionToken = token
        let ec2 = await #expect(throws: AWSError.self) { try await EC2Client(client: Self.client(.ec2, credentials)).describeVpcs() }
        #expect(ec2?.code == "AuthFailure")
        #expect(ec2?.httpStatus == 401)
        let sts = await #expect(throws: AWSError.self) { try await STSClient(client: Self.client(.sts, credentials)).getCallerIdentity() }
        #expect(sts?.code == "InvalidClientTokenId")
        #expect(sts?.httpStatus == 403)
    }

    @Test func theProviderAsksSTSOnceUntilExpiryThenAgain() async throws {
        let auth = try await Self.server.value.auth
        let curl = CurlTransport()
        let counting = ScriptedTransport { request, _ in try await curl.send(request) }
        let clock = TestClock(Date())
        let provider = try await Self.provider(externalID: auth.externalID, transport: counting, now: clock.reading)
        let first = try await provider.credentials()
        let ec2 = EC2Client(client: try await Self.client(.ec2, provider))
        _ = try await ec2.describeVpcs()
        #expect(try await provider.credentials() == first)
        #expect(counting.requests.count == 1)

        // moto's credentials last an hour; an hour on, they are fetched anew.
        clock.now = clock.now.addingTimeInterval(3600)
        let second = try await provider.credentials()
        #expect(counting.requests.count == 2)
        #expect(second.accessKeyID != first.accessKeyID)
        #expect(try await !ec2.describeVpcs().isEmpty)
    }

    @Test func aProfileChainFromTheSharedFilesReachesTheSecondRole() async throws {
        let (moto, auth) = try await Self.server.value
        let home = try AWSConfigurationFilesTests.TemporaryHome([
            ".aws/credentials": "[base]\naws_access_key_id = \(auth.accessKeyID)\naws_secret_access_key = \(auth.secretAccessKey)\n",
            ".aws/config": """
                [profile hub]
                role_arn = \(try #require(auth.roleARN))
                source_profile = base
                external_id = \(try #require(auth.externalID))

                [profile deployer]
                region = \(Self.region)
                role_arn = \(try #require(auth.secondRoleARN))
                source_profile = hub
                role_session_name = mapu-chain
                """,
        ])
        defer { home.cleanUp() }
        let configuration = try AWSConfiguration(environment: ["HOME": home.path, "AWS_PROFILE": "deployer", "AWS_ENDPOINT_URL": moto.endpoint])
        let identity = try await STSClient(configuration: configuration, transport: CurlTransport()).getCallerIdentity()
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/mapu-second/mapu-chain")
        #expect(try await EC2Client(configuration: configuration, transport: CurlTransport()).describeVpcs().count >= 1)
    }
}
