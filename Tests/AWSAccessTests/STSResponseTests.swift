import AWSAccess
import AWSSigV4
import Foundation
import HTTPTransport
import Testing

/// STS requests on the wire, and what is made of STS's answers.
@Suite struct STSResponseTests {
    @Test(arguments: [
        // Bodies produced by botocore's STS client for the same arguments.
        (STSClient.assumeRole(roleARN: "arn:aws:iam::123456789012:role/mapu-assumable", sessionName: "mapu-1764150000",
                              externalID: nil, durationSeconds: nil),
         "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fmapu-assumable&RoleSessionName=mapu-1764150000"),
        (STSClient.assumeRole(roleARN: "arn:aws:iam::111122223333:role/path/Déployer", sessionName: "a+b=c,d.e@f-g",
                              externalID: "ext/+=:@,.-_", durationSeconds: 900),
         "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fpath%2FD%C3%A9ployer"
            + "&RoleSessionName=a%2Bb%3Dc%2Cd.e%40f-g&DurationSeconds=900&ExternalId=ext%2F%2B%3D%3A%40%2C.-_"),
        (AWSQuery(action: "GetCallerIdentity", version: STSClient.apiVersion), "Action=GetCallerIdentity&Version=2011-06-15"),
    ])
    func requestBodies(query: AWSQuery, body: String) {
        #expect(query.bodyString == body)
        #expect(query.body == Data(body.utf8))
    }

    static let assumeRoleXML = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>\
        <AccessKeyId>ASIARZPUZDIKBYK2RAVF</AccessKeyId><SecretAccessKey>dJ/Wye2BcZmk+tPA05j</SecretAccessKey>\
        <SessionToken>FQoGZXIvYXdzEBYaDYC05rX=</SessionToken><Expiration>EXPIRATION</Expiration></Credentials>\
        <AssumedRoleUser><AssumedRoleId>AROA3X42LBCDZ43SG00IS:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>\
        </AssumedRoleUser><PackedPolicySize>6</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>req-1</RequestId>\
        </ResponseMetadata></AssumeRoleResponse>
        """

    static func answer(_ body: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("x-amzn-RequestId", "header-id")], body: Data(body.utf8))
    }

    /// An STS client whose every request gets `response`, without a socket.
    static func sts(answering response: HTTPResponse) -> STSClient {
        STSClient(client: AWSServiceClient(service: .sts, region: "us-east-1", endpoint: "http://sts.invalid",
                                           credentials: AWSCredentials(accessKeyID: "A", secretAccessKey: "S"),
                                           transport: ScriptedTransport { _, _ in response }, retry: RetryPolicy(maximumAttempts: 1)))
    }

    @Test(arguments: [
        // moto writes microseconds, AWS whole seconds; both are ISO 8601.
        ("2026-11-26T09:21:43.928026Z", 1_795_684_903.928026),
        ("2026-11-26T10:00:00Z", 1_795_687_200),
        ("2026-11-26T11:00:00+01:00", 1_795_687_200),
    ])
    func assumedRoleIsRead(expiration: String, seconds: Double) async throws {
        let xml = Self.assumeRoleXML.replacingOccurrences(of: "EXPIRATION", with: expiration)
        let role = try await Self.sts(answering: Self.answer(xml)).assumeRole(roleARN: "arn:aws:iam::123456789012:role/r", sessionName: "s")
        #expect(role.credentials == AWSCredentials(accessKeyID: "ASIARZPUZDIKBYK2RAVF", secretAccessKey: "dJ/Wye2BcZmk+tPA05j",
                                                   sessionToken: "FQoGZXIvYXdzEBYaDYC05rX="))
        #expect(abs(role.expiration.timeIntervalSince1970 - seconds) < 0.001)
        #expect(role.arn == "arn:aws:sts::123456789012:assumed-role/r/s")
        #expect(role.assumedRoleID == "AROA3X42LBCDZ43SG00IS:s")
    }

    @Test(arguments: [
        (assumeRoleXML.replacingOccurrences(of: "EXPIRATION", with: "tomorrow"),
         "Expiration \"tomorrow\" is not an ISO 8601 time"),
        (assumeRoleXML.replacingOccurrences(of: "EXPIRATION", with: "2026-11-26T10:00:00"),
         "Expiration \"2026-11-26T10:00:00\" is not an ISO 8601 time"),
        (assumeRoleXML.replacingOccurrences(of: "<SessionToken>FQoGZXIvYXdzEBYaDYC05rX=</SessionToken>", with: "<SessionToken/>")
            .replacingOccurrences(of: "EXPIRATION", with: "2026-11-26T10:00:00Z"),
         "no AssumeRoleResult/Credentials/SessionToken in the answer"),
        ("<AssumeRoleResponse><ResponseMetadata/></AssumeRoleResponse>", "no AssumeRoleResult/Credentials/Expiration in the answer"),
    ])
    func incompleteAssumeRoleAnswersAreUnexpected(xml: String, message: String) async throws {
        let error = await #expect(throws: AWSError.self) {
            try await Self.sts(answering: Self.answer(xml)).assumeRole(roleARN: "arn:aws:iam::123456789012:role/r", sessionName: "s")
        }
        #expect(error == AWSError(service: "STS", operation: "AssumeRole", code: "UnexpectedResponse", message: message))
    }

    @Test func callerIdentityIsRead() async throws {
        let xml = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
              <UserId> AIDAEXAMPLE </UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/mapu-test</Arn>
            </GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>
            """
        let identity = try await Self.sts(answering: Self.answer(xml)).getCallerIdentity()
        #expect(identity == CallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/mapu-test", userID: "AIDAEXAMPLE"))
    }

    @Test func errorResponsesBecomeAWSErrors() async throws {
        let xml = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code>\
            <Message>The security token included in the request is expired</Message></Error><RequestId>req-9</RequestId></ErrorResponse>
            """
        let error = await #expect(throws: AWSError.self) { try await Self.sts(answering: Self.answer(xml, status: 400)).getCallerIdentity() }
        #expect(error == AWSError(service: "STS", operation: "GetCallerIdentity", code: "ExpiredToken",
                                  message: "The security token included in the request is expired", requestID: "req-9", httpStatus: 400))
        #expect(error?.isRetryable == false)
    }

    @Test func anAnswerForAnotherOperationIsNoSuccess() async throws {
        let error = await #expect(throws: AWSError.self) {
            try await Self.sts(answering: Self.answer("<ListAllMyBucketsResult/>")).getCallerIdentity()
        }
        #expect(error?.code == "UnexpectedResponse")
        #expect(error?.message == "expected <GetCallerIdentityResponse>, got <ListAllMyBucketsResult>")
    }

    @Test func defaultSessionNameIsMapuAndTheEpoch() {
        #expect(AssumeRoleCredentialsProvider.defaultSessionName(at: Date(timeIntervalSince1970: 1_764_150_000.7)) == "mapu-1764150000")
    }
}

