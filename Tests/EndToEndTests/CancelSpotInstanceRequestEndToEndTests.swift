import AWSAccess
import Foundation
import LocalLambda
import TestSupport
import Testing

/// CancelSpotInstanceRequest through the real bootstrap process, against
/// moto, each test in a region of its own.
@Suite struct CancelSpotInstanceRequestEndToEndTests {
    static let handler = "CancelSpotInstanceRequest"

    static func event(_ name: String, instanceID: String, physicalID: String? = nil) throws -> Data {
        var object = try Fixtures.eventObject(handler, name)
        var properties = try #require(object["ResourceProperties"] as? [String: Any])
        properties["InstanceId"] = instanceID
        object["ResourceProperties"] = properties
        if let physicalID { object["PhysicalResourceId"] = physicalID }
        return try Fixtures.json(object)
    }

    static func spotState(_ id: String, endpoint: String, region: String) async throws -> String? {
        try await TestAWS.ec2(endpoint: endpoint, region: region).describeSpotInstanceRequests([id]).first?.state
    }

    @Test func createFindsTheRequestAndDeleteCancelsItOnce() async throws {
        let moto = try await TestAWS.moto()
        let region = "eu-west-2"
        let desktop = try await TestAWS.makeSpotDesktop(endpoint: moto.endpoint, region: region)
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: moto.endpoint, region: region))
        defer { lambda.stop() }

        let created = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event("create", instanceID: desktop.instanceID)))
        #expect(created["Status"] as? String == "SUCCESS", "\(created["Reason"] ?? "")")
        #expect(created["PhysicalResourceId"] as? String == desktop.spotRequestID)
        #expect(created["Data"] as? [String: String] == [
            "SpotInstanceRequestId": desktop.spotRequestID, "SpotInstanceType": "persistent", "State": "active",
        ])

        let delete = try Self.event("delete", instanceID: desktop.instanceID, physicalID: desktop.spotRequestID)
        let deleted = try EndToEnd.onlyResponse(await lambda.invoke(delete))
        #expect(deleted["Status"] as? String == "SUCCESS", "\(deleted["Reason"] ?? "")")
        #expect(deleted["PhysicalResourceId"] as? String == desktop.spotRequestID)
        // AWS lists a cancelled request as `cancelled` for a while; moto drops it at once.
        let state = try await Self.spotState(desktop.spotRequestID, endpoint: moto.endpoint, region: region)
        #expect(state == nil || state == "cancelled", "the request must be cancelled, is \(state ?? "gone")")
        #expect(lambda.process.output.contains("spot request \(desktop.spotRequestID) was active, now cancelled"))
        // The instance is CloudFormation's to terminate, not this resource's.
        let instance = try await TestAWS.ec2(endpoint: moto.endpoint, region: region).describeInstances([desktop.instanceID]).first
        #expect(instance?.state == "running")

        // Lambda may deliver the same Delete again: same outcome, no second cancel.
        let again = try EndToEnd.onlyResponse(await lambda.invoke(delete))
        #expect(again["Status"] as? String == "SUCCESS")
        let log = lambda.process.output
        #expect(log.contains("spot request \(desktop.spotRequestID) is cancelled: nothing to cancel")
                || log.contains("spot request \(desktop.spotRequestID) no longer exists: nothing to cancel"))
        #expect(log.components(separatedBy: "now cancelled").count == 2, "cancelled once")
    }

    @Test func deleteOfAnUnknownRequestSucceeds() async throws {
        let moto = try await TestAWS.moto()
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: moto.endpoint, region: "eu-west-3"))
        defer { lambda.stop() }
        let response = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event("delete", instanceID: "i-0123456789abcdef0")))
        #expect(response["Status"] as? String == "SUCCESS", "\(response["Reason"] ?? "")")
        #expect(lambda.process.output.contains("spot request sir-0123456789abcdef0 no longer exists: nothing to cancel"))
    }

    @Test func onDemandInstanceHasNothingToCancel() async throws {
        let moto = try await TestAWS.moto()
        let region = "eu-central-1"
        let instanceID = try await TestAWS.makeOnDemandInstance(endpoint: moto.endpoint, region: region)
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: moto.endpoint, region: region))
        defer { lambda.stop() }
        let created = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event("create", instanceID: instanceID)))
        #expect(created["Status"] as? String == "SUCCESS")
        #expect(created["PhysicalResourceId"] as? String == instanceID)
        #expect((created["Data"] as? [String: String])?["SpotInstanceRequestId"] == "")
        #expect(lambda.process.output.contains("is not a spot instance: there is no spot request to cancel"))

        let deleted = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event("delete", instanceID: instanceID, physicalID: instanceID)))
        #expect(deleted["Status"] as? String == "SUCCESS")
    }

    @Test func unknownInstanceFailsWithEC2sError() async throws {
        let moto = try await TestAWS.moto()
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: moto.endpoint, region: "eu-south-1"))
        defer { lambda.stop() }
        let response = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event("create", instanceID: "i-0123456789abcdef0")))
        #expect(response["Status"] as? String == "FAILED")
        let reason = try #require(response["Reason"] as? String)
        #expect(reason.hasPrefix("CancelSpotInstanceRequest failed in step DescribeInstances: EC2 DescribeInstances failed: InvalidInstanceID.NotFound"), "\(reason)")
    }

    @Test func missingInstanceIdFailsNamingTheProperty() async throws {
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let event = try EndToEnd.event(Self.handler, "create", changing: ["ResourceProperties": ["ServiceToken": "arn", "InstanceID": "i-1"]])
        let response = try EndToEnd.onlyResponse(await lambda.invoke(event))
        #expect(response["Status"] as? String == "FAILED")
        #expect((response["Reason"] as? String)?.hasPrefix(
            "CancelSpotInstanceRequest failed: property ResourceProperties.InstanceID is not a property of this resource; did you mean InstanceId?") == true)
    }
}

/// Spot request states and answers moto does not produce, made by a proxy
/// that changes moto's real answers on their way back.
@Suite struct CancelSpotInstanceRequestStatesEndToEndTests {
    static func proxy(_ moto: MotoServer, state: String? = nil, notFound: Bool = false) throws -> FaultProxy {
        let port = Int(moto.endpoint.split(separator: ":").last!)!
        return try FaultProxy(upstreamPort: port, intercept: { request in
            guard notFound, request.text.hasPrefix("Action=DescribeSpotInstanceRequests") else { return nil }
            return FaultProxy.ec2Error(status: 400, code: "InvalidSpotInstanceRequestID.NotFound",
                                       message: "The spot instance request ID does not exist", requestID: "nf-1")
        }, rewrite: { request, answer in
            guard let state, request.text.hasPrefix("Action=DescribeSpotInstanceRequests") else { return answer }
            var rewritten = answer
            rewritten.body = Data(String(decoding: answer.body, as: UTF8.self)
                .replacingOccurrences(of: "<state>active</state>", with: "<state>\(state)</state>").utf8)
            return rewritten
        })
    }

    static func cancels(_ proxy: FaultProxy) -> Int {
        proxy.requests.filter { $0.text.hasPrefix("Action=CancelSpotInstanceRequests") }.count
    }

    @Test(arguments: [("open", 1), ("disabled", 1), ("closed", 0), ("cancelled", 0), ("failed", 0)])
    func deleteCancelsOnlyARequestThatCanStillLaunch(state: String, expectedCancels: Int) async throws {
        let moto = try await TestAWS.moto()
        let region = "ap-south-1"
        let desktop = try await TestAWS.makeSpotDesktop(endpoint: moto.endpoint, region: region)
        let proxy = try Self.proxy(moto, state: state)
        defer { proxy.stop() }
        let lambda = try EndToEnd.start(handler: CancelSpotInstanceRequestEndToEndTests.handler,
                                        environment: TestAWS.environment(endpoint: proxy.endpoint, region: region))
        defer { lambda.stop() }
        let delete = try CancelSpotInstanceRequestEndToEndTests.event("delete", instanceID: desktop.instanceID, physicalID: desktop.spotRequestID)
        let response = try EndToEnd.onlyResponse(await lambda.invoke(delete))
        #expect(response["Status"] as? String == "SUCCESS", "\(response["Reason"] ?? "")")
        #expect(Self.cancels(proxy) == expectedCancels, "a \(state) request")
    }

    @Test func deleteOfARequestAWSNoLongerKnowsSucceeds() async throws {
        let moto = try await TestAWS.moto()
        let proxy = try Self.proxy(moto, notFound: true)
        defer { proxy.stop() }
        let lambda = try EndToEnd.start(handler: CancelSpotInstanceRequestEndToEndTests.handler,
                                        environment: TestAWS.environment(endpoint: proxy.endpoint, region: "ap-south-2"))
        defer { lambda.stop() }
        let delete = try CancelSpotInstanceRequestEndToEndTests.event("delete", instanceID: "i-0123456789abcdef0")
        let response = try EndToEnd.onlyResponse(await lambda.invoke(delete))
        #expect(response["Status"] as? String == "SUCCESS", "\(response["Reason"] ?? "")")
        #expect(Self.cancels(proxy) == 0)
        #expect(lambda.process.output.contains("no longer exists: nothing to cancel"))
    }
}
