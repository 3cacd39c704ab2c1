import AWSAccess
import AWSSigV4
import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// AWS calls never wait, retry or time out past `AWSDeadline.current`.
@Suite struct DeadlineTests {
    static func ec2(_ server: LoopbackServer) throws -> EC2Client {
        try TestAWS.ec2(endpoint: server.baseURL, region: "us-east-1")
    }

    @Test func aSlowAnswerPastTheDeadlineEndsAtTheDeadline() async throws {
        let server = try LoopbackServer { _ in
            usleep(30_000_000)
            return HTTPResponse(status: 200)
        }
        defer { server.stop() }
        let ec2 = try Self.ec2(server)
        let started = ContinuousClock.now
        do {
            try await AWSDeadline.$current.withValue(Int64(Date().timeIntervalSince1970 * 1000) + 1_000) {
                _ = try await ec2.describeVpcs()
            }
            Issue.record("the server never answers in time")
        } catch let error as AWSError {
            #expect(error.code == "NetworkError" || error.code == "DeadlineExceeded", "\(error)")
        }
        #expect(ContinuousClock.now - started < .seconds(15), "ends near the 1 s deadline, not with the 30 s answer")
        #expect(server.receivedRequests.count == 1, "no retry is started once the deadline is reached")
    }

    @Test func noRetryWaitOutlastsTheDeadline() async throws {
        let server = try LoopbackServer { _ in
            HTTPResponse(status: 503, body: Data("<Response><Errors><Error><Code>Unavailable</Code><Message>down</Message></Error></Errors><RequestID>r</RequestID></Response>".utf8))
        }
        defer { server.stop() }
        // A 60 s backoff could never fit a 2 s deadline: the first failure is final.
        let client = AWSServiceClient(service: .ec2, region: "us-east-1", endpoint: server.baseURL,
                                      credentials: AWSCredentialsFixture.key, transport: CurlTransport(),
                                      retry: RetryPolicy(maximumAttempts: 3, baseDelayMilliseconds: 60_000, maximumDelayMilliseconds: 60_000),
                                      random: { 1 })
        let started = ContinuousClock.now
        do {
            try await AWSDeadline.$current.withValue(Int64(Date().timeIntervalSince1970 * 1000) + 2_000) {
                _ = try await EC2Client(client: client).describeVpcs()
            }
            Issue.record("503 must fail")
        } catch let error as AWSError {
            #expect(error.code == "Unavailable")
            #expect(error.httpStatus == 503)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(server.receivedRequests.count == 1)
    }

    @Test func retriesAreBoundedByAttemptsAndFullJitter() {
        let policy = RetryPolicy.standard
        #expect(policy.maximumAttempts == 3)
        #expect(policy.ceiling(after: 1) == 1_000)
        #expect(policy.ceiling(after: 2) == 2_000)
        #expect(policy.ceiling(after: 10) == 20_000)
        #expect(policy.delay(after: 2, random: 0) == 0)
        #expect(policy.delay(after: 2, random: 0.5) == 1_000)
        #expect(policy.delay(after: 2, random: 1) == 2_000)
    }
}

enum AWSCredentialsFixture {
    static let key = AWSCredentials(accessKeyID: TestAWS.accessKeyID, secretAccessKey: TestAWS.secretAccessKey)
}
