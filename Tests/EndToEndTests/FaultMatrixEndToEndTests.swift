import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// The faults of the reliability matrix not covered elsewhere: for each,
/// CloudFormation gets exactly one true answer, Lambda the right call, and
/// the process serves on.
@Suite struct FaultMatrixEndToEndTests {
    static func motoPort() async throws -> Int {
        let moto = try await TestAWS.moto()
        return Int(moto.endpoint.split(separator: ":").last!)!
    }

    @Test func awsThrottlingThenRecoveringSucceeds() async throws {
        let proxy = try FaultProxy(upstreamPort: try await Self.motoPort(), faults: [FaultProxy.throttled, HTTPResponse(status: 500)])
        defer { proxy.stop() }
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: proxy.endpoint, region: "us-east-1"))
        defer { lambda.stop() }
        let response = try EndToEnd.onlyResponse(await lambda.invoke(try Fixtures.event("DefaultVpcId", "create")))
        #expect(response["Status"] as? String == "SUCCESS", "\(response["Reason"] ?? "")")
        #expect(proxy.requestCount == 4, "two refused tries, then DescribeVpcs and DescribeSubnets")
    }

    @Test func awsThrottlingForeverFailsWithTheThrottle() async throws {
        let proxy = try FaultProxy(upstreamPort: try await Self.motoPort(), faults: [FaultProxy.throttled], repeatLast: true)
        defer { proxy.stop() }
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: proxy.endpoint))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "create"))
        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        let reason = try #require(response["Reason"] as? String)
        #expect(reason.hasPrefix("DefaultVpcId failed in step DescribeVpcs: EC2 DescribeVpcs failed: RequestLimitExceeded: Request limit exceeded. (HTTP 503, request id throttled-1)"), "\(reason)")
        #expect(proxy.requestCount == 3, "the standard retry mode tries three times")
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))
    }

    @Test func slowResponseURLStillGetsExactlyOneAnswer() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"), responseDelay: .seconds(2))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        #expect(try EndToEnd.onlyResponse(result)["Status"] as? String == "SUCCESS")
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))
    }

    @Test func invalidUTF8IsNotARequestAndTheLoopGoesOn() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        var payload = try Fixtures.event("DefaultVpcId", "delete")
        let quote = try #require(payload.firstRange(of: Data("DefaultVpc\"".utf8)))
        payload.replaceSubrange(quote.lowerBound..<quote.lowerBound + 1, with: [0xFF])
        let broken = await lambda.invoke(payload)
        #expect(broken.cloudFormationRequests.isEmpty)
        #expect(EndToEnd.errorType(try EndToEnd.onlyReport(broken)) == "CloudFormation.NotACustomResourceRequest")
        let fine = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        #expect(try EndToEnd.onlyResponse(fine)["Status"] as? String == "SUCCESS")
    }

    @Test func nulAndControlCharactersAreEchoedIntact() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let odd = "vpc-\u{0}\u{1}\"\\\n日本"
        let result = await lambda.invoke(try EndToEnd.event("DefaultVpcId", "delete", changing: ["PhysicalResourceId": odd]))
        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "SUCCESS")
        #expect(response["PhysicalResourceId"] as? String == odd)
    }

    @Test(arguments: ["StackId", "RequestId", "LogicalResourceId", "RequestType"])
    func aRequestMissingARequiredFieldIsAnsweredFailed(field: String) async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let result = await lambda.invoke(try EndToEnd.event("DefaultVpcId", "create", changing: [field: NSNull()]))
        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        #expect((response["Reason"] as? String)?.contains("malformed CloudFormation request: \(field) is missing") == true)
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))
    }
}
