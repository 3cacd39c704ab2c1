import AWSAccess
import Foundation
import LocalLambda
import TestSupport
import Testing

/// DefaultVpcId through the real bootstrap process, against moto.
@Suite struct DefaultVpcIdEndToEndTests {
    /// The libraries the function's processes have mapped (the one Lambda
    /// started and its children).
    static func mappedLibraries(_ lambda: LocalLambda) -> String {
        let pid = lambda.process.pid
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        // Read to the end: a /proc file has no size, and a sized read stops short.
        return ([String(pid)] + children.split(separator: " ").map(String.init))
            .compactMap { FileHandle(forReadingAtPath: "/proc/\($0)/maps")?.readDataToEndOfFile() }
            .map { String(decoding: $0, as: UTF8.self) }.joined()
    }

    /// Emulated endpoints are http://: the calls go over plain sockets and
    /// neither libcurl nor TLS is loaded. With an AWS endpoint left to its
    /// https default, libcurl is loaded while the first event is awaited.
    @Test(arguments: [("AWS_ENDPOINT_URL", false), ("AWS_ENDPOINT_URL_EC2", true)])
    func libcurlIsLoadedOnlyWhenHTTPSIsToBeExpected(variable: String, loaded: Bool) async throws {
        let moto = try await TestAWS.moto()
        var environment = TestAWS.environment(endpoint: moto.endpoint, region: "us-east-1")
        environment["AWS_ENDPOINT_URL"] = nil
        environment[variable] = moto.endpoint
        let lambda = try EndToEnd.start(environment: environment)
        defer { lambda.stop() }
        let response = try EndToEnd.onlyResponse(await lambda.invoke(try Fixtures.event("DefaultVpcId", "create")))
        #expect(response["Status"] as? String == "SUCCESS", "\(response["Reason"] ?? "")")
        #expect(Self.mappedLibraries(lambda).contains("/libcurl.so") == loaded)
    }

    @Test func createAnswersSuccessWithTheDefaultVpcAndItsSubnetsByZone() async throws {
        let moto = try await TestAWS.moto()
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: moto.endpoint, region: "us-east-1"))
        defer { lambda.stop() }
        let event = try Fixtures.event("DefaultVpcId", "create")
        let result = await lambda.invoke(event)

        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "SUCCESS")
        let data = try #require(response["Data"] as? [String: String])
        let vpcID = try #require(data["VpcId"])
        #expect(vpcID.hasPrefix("vpc-"))
        #expect(response["PhysicalResourceId"] as? String == vpcID)
        #expect(data["CidrBlock"] == "172.31.0.0/16")
        #expect(response["RequestId"] as? String == "7f2d1c3e-8a4b-4e5f-9d6c-1b2a3c4d5e6f")
        #expect(response["LogicalResourceId"] as? String == "DefaultVpc")
        #expect((response["StackId"] as? String)?.hasSuffix("stack/asher-sterkin-t4g-large-desktop/5b6c8e30-ab1f-11ef-9c41-0affd4c6b2a1") == true)
        #expect(response["NoEcho"] as? Bool == false)

        let ec2 = try TestAWS.ec2(endpoint: moto.endpoint, region: "us-east-1")
        let subnets = try await ec2.describeSubnets(filters: [EC2Filter(name: "vpc-id", values: [vpcID]), EC2Filter(name: "default-for-az", values: ["true"])])
        let expected = subnets.sorted { $0.availabilityZone < $1.availabilityZone }.map(\.subnetId)
        #expect(expected.count >= 2)
        #expect(data["SubnetIds"] == expected.joined(separator: ","))

        // The PUT goes to the ResponseURL's path and query exactly as CloudFormation gave them.
        let put = try #require(result.cloudFormationRequests.first)
        let original = try #require(try Fixtures.eventObject("DefaultVpcId", "create")["ResponseURL"] as? String)
        #expect(original.hasSuffix(put.target))
        #expect(put.target.contains("?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(put.headers["Content-Type"] == "", "CloudFormation's PUT carries an empty Content-Type")
        #expect(put.headers["Content-Length"] == String(put.body.count))

        let report = try EndToEnd.onlyReport(result)
        #expect(EndToEnd.isResponse(report), "a CloudFormation request that was answered is a successful invocation: \(report.text)")
        #expect(report.text.contains("\"Delivered\":true"))
        // The ResponseURL's query is a credential.
        #expect(!lambda.process.output.contains("X-Amz-Signature"))
    }

    @Test func updateAndDeleteInOneWarmProcess() async throws {
        let moto = try await TestAWS.moto()
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: moto.endpoint, region: "us-east-1"))
        defer { lambda.stop() }

        let update = await lambda.invoke(try Fixtures.event("DefaultVpcId", "update"))
        let updated = try EndToEnd.onlyResponse(update)
        #expect(updated["Status"] as? String == "SUCCESS")
        #expect((updated["PhysicalResourceId"] as? String)?.hasPrefix("vpc-") == true)
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(update)))

        let delete = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        let deleted = try EndToEnd.onlyResponse(delete)
        #expect(deleted["Status"] as? String == "SUCCESS")
        #expect(deleted["PhysicalResourceId"] as? String == "vpc-0a1b2c3d4e5f67890", "Delete keeps the incoming id")
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(delete)))
        #expect(lambda.runtimeAPI.unexpectedRequests.isEmpty)
    }

    @Test func deleteMakesNoAWSCall() async throws {
        // AWS is a dead port: any call would fail the Delete.
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:\(try TestAWS.deadPort())"))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "delete"))
        #expect(try EndToEnd.onlyResponse(result)["Status"] as? String == "SUCCESS")
    }

    @Test func noDefaultVpcFailsSayingHowToCreateOne() async throws {
        let moto = try await TestAWS.moto()
        let region = "eu-north-1"
        try await TestAWS.deleteDefaultVpc(endpoint: moto.endpoint, region: region)
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: moto.endpoint, region: region))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "create"))

        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        let reason = try #require(response["Reason"] as? String)
        #expect(reason.hasPrefix("DefaultVpcId failed in step DescribeVpcs: this account has no default VPC in eu-north-1."))
        #expect(reason.contains("aws ec2 create-default-vpc --region eu-north-1"))
        #expect(reason.contains("Lambda request id: "))
        #expect(reason.contains("#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fmapu-DefaultVpcId/log-events/"))
        // A failed Create gets a recognisable id whose Delete needs no work.
        let id = try #require(response["PhysicalResourceId"] as? String)
        #expect(id.hasPrefix("mapu-failed-create:"))
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))

        let delete = await lambda.invoke(try EndToEnd.event("DefaultVpcId", "delete", changing: ["PhysicalResourceId": id]))
        let deleted = try EndToEnd.onlyResponse(delete)
        #expect(deleted["Status"] as? String == "SUCCESS")
        #expect(deleted["PhysicalResourceId"] as? String == id)
    }

    @Test func awsUnreachableFailsWithTheNetworkError() async throws {
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: "http://127.0.0.1:\(try TestAWS.deadPort())"))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "create"))
        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        let reason = try #require(response["Reason"] as? String)
        #expect(reason.hasPrefix("DefaultVpcId failed in step DescribeVpcs: EC2 DescribeVpcs failed: NetworkError"))
        #expect(EndToEnd.isResponse(try EndToEnd.onlyReport(result)))
    }

    @Test func unknownPropertyFailsNamingIt() async throws {
        let moto = try await TestAWS.moto()
        let lambda = try EndToEnd.start(environment: TestAWS.environment(endpoint: moto.endpoint))
        defer { lambda.stop() }
        let event = try EndToEnd.event("DefaultVpcId", "create", changing: ["ResourceProperties": ["ServiceToken": "arn", "VpcName": "x"]])
        let response = try EndToEnd.onlyResponse(await lambda.invoke(event))
        #expect(response["Status"] as? String == "FAILED")
        #expect((response["Reason"] as? String)?.hasPrefix("DefaultVpcId failed: property ResourceProperties.VpcName is not a property of this resource") == true)
    }
}
