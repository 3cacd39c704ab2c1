import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// The runtime's failure classes and CloudFormation's one answer, through the
/// real bootstrap process.
@Suite struct RuntimeEndToEndTests {
    @Test func unknownHandlerIsAnInitErrorAndExitsNonZero() async throws {
        let lambda = try EndToEnd.start(handler: "NoSuchHandler", environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let reports = await lambda.runtimeAPI.waitForReports(1, timeout: .seconds(30))
        guard case .initError(let type, let body)? = reports.first else {
            Issue.record("expected an init error, got \(reports)")
            return
        }
        #expect(type == "Runtime.UnknownHandler")
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("unknown handler \\\"NoSuchHandler\\\" in _HANDLER: this runtime has DefaultVpcId, ParseStackName, CancelSpotInstanceRequest"), "\(text)")
        #expect(await lambda.process.waitForExit(timeout: 30) == 1)
        #expect(lambda.runtimeAPI.nextCalls == 0, "an init failure must not ask for events")
    }

    @Test(arguments: [
        ("AWS_LAMBDA_LOG_FORMAT", "XML", "Runtime.InvalidConfiguration", "AWS_LAMBDA_LOG_FORMAT=\\\"XML\\\" is not valid: expected Text or JSON"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots", "Runtime.InvalidConfiguration", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"),
        ("AWS_REGION", "", "Runtime.InitError", "no AWS region: looked at AWS_REGION and AWS_DEFAULT_REGION"),
        ("AWS_SECRET_ACCESS_KEY", "", "Runtime.InitError", "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
    ])
    func brokenConfigurationIsAnInitError(variable: String, value: String, errorType: String, message: String) async throws {
        var environment = TestAWS.environment(endpoint: "http://127.0.0.1:1")
        environment[variable] = value
        let lambda = try EndToEnd.start(environment: environment)
        defer { lambda.stop() }
        let reports = await lambda.runtimeAPI.waitForReports(1, timeout: .seconds(30))
        guard case .initError(let type, let body)? = reports.first else {
            Issue.record("expected an init error, got \(reports)")
            return
        }
        #expect(type == errorType)
        #expect(String(decoding: body, as: UTF8.self).contains(message), "\(String(decoding: body, as: UTF8.self))")
        #expect(await lambda.process.waitForExit(timeout: 30) == 1)
    }

    @Test func timeoutGuardAnswersBeforeTheDeadlineAndTheProcessServesOn() async throws {
        // An AWS that accepts the call and never answers in time.
        let stuck = try LoopbackServer { _ in
            usleep(15_000_000)
            return HTTPResponse(status: 500)
        }
        defer { stuck.stop() }
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: stuck.baseURL))
        defer { lambda.stop() }
        let pending = lambda.enqueue(try Fixtures.event("DefaultVpcId", "create"), deadline: .seconds(5))
        let result = await lambda.collect(pending, timeout: .seconds(15))

        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        let reason = try #require(response["Reason"] as? String)
        // AWS calls end at the guard's time, so the answer names the AWS call
        // that ran out of time (or, had it not, the guard's own timeout).
        #expect(reason.hasPrefix("DefaultVpcId failed in step DescribeVpcs: "), "\(reason)")
        #expect(reason.contains("timed out"), "\(reason)")
        let put = try #require(result.cloudFormationRequests.first)
        #expect(put.receivedAt / 1_000_000 < pending.deadlineMilliseconds, "the answer must arrive before the Lambda deadline")
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))

        // The abandoned handler never answers a second time, and the process goes on serving.
        let next = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        #expect(try EndToEnd.onlyResponse(next)["Status"] as? String == "SUCCESS")
        #expect(lambda.responseURL.received.count == 2)
    }

    @Test func responseURLAnswering500IsRetriedUntil200() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:\(try TestAWS.deadPort())"),
                                        responseStatuses: [500, 503])
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        #expect(result.cloudFormationRequests.count == 3)
        let bodies = Set(result.cloudFormationRequests.map(\.body))
        #expect(bodies.count == 1, "every retry sends the same response")
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))
        #expect(lambda.process.output.contains("CloudFormation response sent: SUCCESS"))
    }

    @Test func responseURLUnreachableIsLoggedWholeAndReportedToLambda() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let url = "http://127.0.0.1:\(try TestAWS.deadPort())/bucket/key?X-Amz-Signature=secret-signature"
        let event = try EndToEnd.event("DefaultVpcId", "delete", changing: ["ResponseURL": url])
        let result = await lambda.invoke(event, deadline: .seconds(3), rewriteResponseURL: false)
        #expect(result.cloudFormationRequests.isEmpty)
        let report = try EndToEnd.onlyReport(result)
        #expect(EndToEnd.errorType(report) == "CloudFormation.ResponseNotDelivered", "\(report.text)")
        let log = lambda.process.output
        #expect(log.contains("CloudFormation response NOT delivered"))
        #expect(log.contains("vpc-0a1b2c3d4e5f67890"), "the whole response is in the log")
        #expect(!log.contains("secret-signature"), "the ResponseURL's query is a credential")
    }

    @Test func eventsThatAreNotCloudFormationRequestsAreInvocationErrorsAndTheLoopGoesOn() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let noURL = await lambda.invoke(try EndToEnd.event("DefaultVpcId", "delete", changing: ["ResponseURL": NSNull()]))
        #expect(noURL.cloudFormationRequests.isEmpty)
        #expect(EndToEnd.errorType(try EndToEnd.onlyReport(noURL)) == "CloudFormation.NotACustomResourceRequest")

        let notJSON = await lambda.invoke(Data("this is not json".utf8))
        #expect(EndToEnd.errorType(try EndToEnd.onlyReport(notJSON)) == "CloudFormation.NotACustomResourceRequest")

        let fine = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        #expect(try EndToEnd.onlyResponse(fine)["Status"] as? String == "SUCCESS")
    }

    @Test func malformedButAnswerableRequestGetsFailed() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let result = await lambda.invoke(try EndToEnd.event("DefaultVpcId", "create", changing: ["RequestType": "Replace"]))
        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        #expect((response["Reason"] as? String)?.contains("RequestType is \"Replace\": expected Create, Update or Delete") == true)
        #expect(response["RequestId"] as? String == "7f2d1c3e-8a4b-4e5f-9d6c-1b2a3c4d5e6f")
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))
    }

    @Test func missingRuntimeHeaderIsReportedNamingIt() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"), headers: ["Lambda-Runtime-Invoked-Function-Arn": nil])
        #expect(result.cloudFormationRequests.isEmpty)
        let report = try EndToEnd.onlyReport(result)
        #expect(EndToEnd.errorType(report) == "Runtime.InvalidEvent")
        #expect(report.text.contains("Lambda-Runtime-Invoked-Function-Arn is missing"))
    }

    @Test func largePayloadIsReadWhole() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let big = String(repeating: "x", count: 5_500_000)
        let event = try EndToEnd.event("DefaultVpcId", "create", changing: ["ResourceProperties": ["Padding": big]])
        let response = try EndToEnd.onlyResponse(await lambda.invoke(event))
        #expect(response["Status"] as? String == "FAILED")
        #expect((response["Reason"] as? String)?.contains("ResourceProperties.Padding is not a property") == true)
    }

    @Test func sigtermWhileIdleEndsCleanly() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        #expect(await lambda.runtimeAPI.waitForNextCalls(1, timeout: .seconds(30)))
        #expect(await lambda.terminate() == 0)
        #expect(lambda.process.output.contains("SIGTERM received: runtime shut down cleanly"))
    }

    @Test func sigtermDuringAnInvocationStillAnswersThenEnds() async throws {
        let arrived = LockedFlag()
        let slow = try LoopbackServer { _ in
            arrived.set()
            usleep(5_000_000)
            return HTTPResponse(status: 500)
        }
        defer { slow.stop() }
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: slow.baseURL))
        defer { lambda.stop() }
        let pending = lambda.enqueue(try Fixtures.event("DefaultVpcId", "create"))
        #expect(await arrived.wait(seconds: 10), "the handler should have reached AWS")
        lambda.process.signal(SIGTERM)
        let result = await lambda.collect(pending, timeout: .seconds(30))
        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        #expect((response["Reason"] as? String)?.contains("interrupted: the Lambda runtime is shutting down (SIGTERM)") == true)
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))
        #expect(await lambda.process.waitForExit(timeout: 30) == 0)
    }

    @Test func jsonLogsAreOneObjectPerLineWithTheRequestID() async throws {
        var environment = TestAWS.environment(endpoint: "http://127.0.0.1:1")
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
        let lambda = try EndToEnd.start(environment: environment)
        defer { lambda.stop() }
        _ = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        #expect(await lambda.terminate() == 0)
        let lines = lambda.process.output.split(separator: "\n")
        #expect(lines.count >= 2)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            #expect(object["timestamp"] is String && object["level"] is String && object["message"] is String)
        }
        #expect(lines.contains { $0.contains("\"requestId\":") && $0.contains("CloudFormation response sent") })
    }

    @Test func withoutTheRuntimeAPIItPrintsUsage() async throws {
        let child = try ChildProcess(executable: try BuiltProducts.bootstrap(), environment: ["PATH": "/usr/bin:/bin"])
        #expect(await child.waitForExit(timeout: 30) == 2)
        #expect(child.output.contains("Handlers (_HANDLER): DefaultVpcId, ParseStackName, CancelSpotInstanceRequest"))
    }
}

/// A flag one thread sets and another waits for.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSCondition()
    private var value = false

    func set() {
        lock.lock()
        value = true
        lock.broadcast()
        lock.unlock()
    }

    /// Waits on a thread of its own, so the cooperative pool stays free.
    func wait(seconds: TimeInterval) async -> Bool {
        await onOwnThread { [self] in blockingWait(seconds: seconds) }
    }

    private func blockingWait(seconds: TimeInterval) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let end = Date().addingTimeInterval(seconds)
        while !value && lock.wait(until: end) {}
        return value
    }
}
