import AWSAccess
import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// The EC2 client against moto and against loopback servers that misbehave.
@Suite struct EC2ClientTests {
    @Test func describesTheDefaultVpcAndItsSubnetsInMoto() async throws {
        let moto = try await TestAWS.moto()
        let ec2 = try TestAWS.ec2(endpoint: moto.endpoint, region: "ap-southeast-2")
        let vpcs = try await ec2.describeVpcs(filters: [EC2Filter(name: "is-default", values: ["true"])])
        let vpc = try #require(vpcs.first)
        #expect(vpcs.count == 1)
        #expect(vpc.isDefault)
        #expect(vpc.cidrBlock == "172.31.0.0/16")
        let subnets = try await ec2.describeSubnets(filters: [EC2Filter(name: "vpc-id", values: [vpc.vpcId])])
        #expect(subnets.count >= 2)
        #expect(subnets.allSatisfy { $0.vpcId == vpc.vpcId && $0.availabilityZone.hasPrefix("ap-southeast-2") })
    }

    @Test func instanceTypesNameTheirArchitectures() async throws {
        let moto = try await TestAWS.moto()
        let ec2 = try TestAWS.ec2(endpoint: moto.endpoint, region: "us-east-1")
        let types = try await ec2.describeInstanceTypes(["t4g.large", "t3.large", "m7g.medium"])
        let byName = Dictionary(uniqueKeysWithValues: types.map { ($0.instanceType, $0.supportedArchitectures) })
        #expect(byName == ["t4g.large": ["arm64"], "t3.large": ["x86_64"], "m7g.medium": ["arm64"]])
        do {
            _ = try await ec2.describeInstanceTypes(["t4g.huge"])
            Issue.record("t4g.huge does not exist")
        } catch let error as AWSError {
            #expect(error.code == "InvalidInstanceType")
            #expect(error.message.contains("t4g.huge"))
        }
    }

    @Test func spotRequestsAreDescribedAndCancelled() async throws {
        let moto = try await TestAWS.moto()
        let region = "ap-northeast-1"
        let desktop = try await TestAWS.makeSpotDesktop(endpoint: moto.endpoint, region: region)
        let ec2 = try TestAWS.ec2(endpoint: moto.endpoint, region: region)
        let instance = try #require(try await ec2.describeInstances([desktop.instanceID]).first)
        #expect(instance.spotInstanceRequestId == desktop.spotRequestID)
        #expect(instance.instanceLifecycle == "spot")
        #expect(instance.instanceType == "t4g.large")
        #expect(instance.state == "running")
        #expect(instance.tags == ["Name": "asher-sterkin-t4g-large-desktop", "User": "asher-sterkin"])
        let requests = try await ec2.describeSpotInstanceRequests([desktop.spotRequestID])
        #expect(requests == [EC2SpotInstanceRequest(spotInstanceRequestId: desktop.spotRequestID, state: "active", type: "persistent", instanceId: desktop.instanceID)])
        let cancelled = try await ec2.cancelSpotInstanceRequests([desktop.spotRequestID])
        #expect(cancelled == [EC2CancelledSpotInstanceRequest(spotInstanceRequestId: desktop.spotRequestID, state: "cancelled")])
        #expect(try await ec2.describeSpotInstanceRequests(["sir-00000000"]).isEmpty)
    }

    @Test func awsErrorsCarryCodeAndStatus() async throws {
        let moto = try await TestAWS.moto()
        let ec2 = try TestAWS.ec2(endpoint: moto.endpoint, region: "us-east-1")
        do {
            _ = try await ec2.perform(EC2Query.describeVpcs(vpcIDs: ["vpc-00000000000000000"]))
            Issue.record("an unknown VPC id must fail")
        } catch let error as AWSError {
            #expect(error.code == "InvalidVpcID.NotFound")
            #expect(error.httpStatus == 400)
            #expect(error.operation == "DescribeVpcs")
            #expect(!error.isRetryable)
        }
    }

    @Test func throttlingIsRetriedThenSucceeds() async throws {
        let body = try #require(FileManager.default.contents(atPath: Fixtures.repositoryRoot.appendingPathComponent("Tests/AWSAccessTests/Fixtures/describe-vpcs-default.xml").path))
        let calls = Counter()
        let server = try LoopbackServer { request in
            if calls.next() < 2 {
                return HTTPResponse(status: 503, body: Data("<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down</Message></Error></Errors><RequestID>r</RequestID></Response>".utf8))
            }
            return HTTPResponse(status: 200, body: body)
        }
        defer { server.stop() }
        let ec2 = try TestAWS.ec2(endpoint: server.baseURL, region: "us-east-1")
        let vpcs = try await ec2.describeVpcs()
        #expect(!vpcs.isEmpty)
        #expect(calls.value == 3)
        // The request is signed and a form POST, as SDKs send it.
        let request = try #require(server.receivedRequests.last)
        #expect(request.method == "POST")
        #expect(request.headers["Authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=\(TestAWS.accessKeyID)/") == true)
        #expect(request.headers["Authorization"]?.contains("/us-east-1/ec2/aws4_request") == true)
        #expect(request.headers["X-Amz-Security-Token"] == "test-session-token")
        #expect(request.text.hasPrefix("Action=DescribeVpcs&Version=2016-11-15"))
    }

    @Test func throttlingForeverGivesUpWithTheAWSError() async throws {
        let server = try LoopbackServer { _ in
            HTTPResponse(status: 400, body: Data("<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down</Message></Error></Errors><RequestID>r-9</RequestID></Response>".utf8))
        }
        defer { server.stop() }
        let ec2 = try TestAWS.ec2(endpoint: server.baseURL, region: "us-east-1")
        do {
            _ = try await ec2.describeVpcs()
            Issue.record("must fail")
        } catch let error as AWSError {
            #expect(error.code == "RequestLimitExceeded")
            #expect(error.requestID == "r-9")
        }
        #expect(server.receivedRequests.count == 3)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    /// The count before this call.
    func next() -> Int { lock.withLock { defer { count += 1 }; return count } }
    var value: Int { lock.withLock { count } }
}
