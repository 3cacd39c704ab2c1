import AWSAccess
import AWSSigV4
import Foundation
import HTTPTransport
import Testing

/// The assumed-role provider against a scripted STS: what it sends, how long
/// it keeps the answer, and how it behaves under concurrent callers and failures.
@Suite struct AssumeRoleCredentialsProviderTests {
    static let start = Date(timeIntervalSince1970: 1_795_687_200)
    static let roleARN = "arn:aws:iam::111122223333:role/Deployer"
    static let source = AWSCredentials(accessKeyID: "SOURCEKEY", secretAccessKey: "SOURCESECRET")

    /// STS that answers the n-th AssumeRole with key `ASIA<n>`, valid for an
    /// hour from `start` plus `n` hours.
    static func sts(delay: Duration = .zero, failFirst: Bool = false) -> ScriptedTransport {
        ScriptedTransport { _, index in
            if delay > .zero { try await Task.sleep(for: delay) }
            if failFirst && index == 0 {
                return HTTPResponse(status: 403, body: Data("""
                    <ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>r</RequestId></ErrorResponse>
                    """.utf8))
            }
            let expiration = start.addingTimeInterval(Double(index + 1) * 3600)
            return HTTPResponse(status: 200, body: Data("""
                <AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA\(index)</AccessKeyId>\
                <SecretAccessKey>secret-\(index)</SecretAccessKey><SessionToken>token-\(index)</SessionToken>\
                <Expiration>\(expiration.formatted(.iso8601))</Expiration></Credentials><AssumedRoleUser>\
                <AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::111122223333:assumed-role/Deployer/s</Arn></AssumedRoleUser>\
                </AssumeRoleResult></AssumeRoleResponse>
                """.utf8))
        }
    }

    static func provider(_ transport: ScriptedTransport, clock: TestClock, externalID: String? = nil,
                         durationSeconds: Int? = nil, credentials: any CredentialsProvider = source) -> AssumeRoleCredentialsProvider {
        let client = AWSServiceClient(service: .sts, region: "eu-west-1", endpoint: "http://sts.invalid", credentials: credentials,
                                      transport: transport, retry: RetryPolicy(maximumAttempts: 1))
        return AssumeRoleCredentialsProvider(roleARN: roleARN, sessionName: "mapu-test", externalID: externalID,
                                             durationSeconds: durationSeconds, sts: STSClient(client: client), now: clock.reading)
    }

    @Test func sendsASignedAssumeRoleWithTheSourceCredentials() async throws {
        let transport = Self.sts()
        let credentials = try await Self.provider(transport, clock: TestClock(Self.start), externalID: "ext-1", durationSeconds: 900).credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "ASIA0", secretAccessKey: "secret-0", sessionToken: "token-0"))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://sts.invalid/")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.headers["Authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=SOURCEKEY/") == true)
        #expect(request.headers["Authorization"]?.contains("/eu-west-1/sts/aws4_request") == true)
        #expect(String(decoding: request.body, as: UTF8.self) == "Action=AssumeRole&Version=2011-06-15"
            + "&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FDeployer&RoleSessionName=mapu-test&DurationSeconds=900&ExternalId=ext-1")
    }

    @Test func keepsTheCredentialsUntilTheMarginThenRefreshes() async throws {
        let transport = Self.sts()
        let clock = TestClock(Self.start)
        let provider = Self.provider(transport, clock: clock)
        #expect(try await provider.credentials().accessKeyID == "ASIA0")
        // Good until start + 1 h, used up 5 min before.
        clock.now = Self.start.addingTimeInterval(3600 - 301)
        #expect(try await provider.credentials().accessKeyID == "ASIA0")
        #expect(transport.requests.count == 1)
        clock.now = Self.start.addingTimeInterval(3600 - 300)
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(transport.requests.count == 2)
        // The second answer runs until start + 2 h.
        clock.now = Self.start.addingTimeInterval(2 * 3600 - 301)
        #expect(try await provider.assumedRole().expiration == Self.start.addingTimeInterval(2 * 3600))
        #expect(transport.requests.count == 2)
    }

    @Test func concurrentCallersShareOneCall() async throws {
        let transport = Self.sts(delay: .milliseconds(200))
        let provider = Self.provider(transport, clock: TestClock(Self.start))
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await provider.credentials().accessKeyID } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(keys == Array(repeating: "ASIA0", count: 20))
        #expect(transport.requests.count == 1)
    }

    @Test func aFailedCallIsNotKept() async throws {
        let transport = Self.sts(failFirst: true)
        let provider = Self.provider(transport, clock: TestClock(Self.start))
        let error = await #expect(throws: AWSError.self) { try await provider.credentials() }
        #expect(error?.code == "AccessDenied")
        #expect(error?.operation == "AssumeRole")
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(transport.requests.count == 2)
    }

    @Test func aChainSignsEachCallWithTheRoleBeforeIt() async throws {
        let transport = Self.sts()
        let source = CredentialsSource.assumeRole(
            AssumeRoleSettings(profile: "dev", roleARN: "arn:aws:iam::2:role/B", sessionName: "outer"),
            source: .assumeRole(AssumeRoleSettings(profile: "hub", roleARN: "arn:aws:iam::1:role/A", externalID: "x1"),
                                source: .profile("base", Self.source)))
        let provider = source.provider(region: "us-east-2", stsEndpoint: "http://sts.invalid", transport: transport, now: { Self.start })
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        let requests = transport.requests
        try #require(requests.count == 2)
        // The inner role first, with the base keys and the default session name…
        #expect(requests[0].headers["Authorization"]?.contains("Credential=SOURCEKEY/") == true)
        #expect(String(decoding: requests[0].body, as: UTF8.self).contains("role%2FA&RoleSessionName=mapu-1795687200&ExternalId=x1"))
        // …then the outer role, signed with the inner role's credentials and token.
        #expect(requests[1].headers["Authorization"]?.contains("Credential=ASIA0/") == true)
        #expect(requests[1].headers["X-Amz-Security-Token"] == "token-0")
        #expect(String(decoding: requests[1].body, as: UTF8.self).contains("role%2FB&RoleSessionName=outer"))
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) {
        current = start
    }

    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// For an injected `now:` parameter.
    var reading: @Sendable () -> Date { { [self] in now } }
}
