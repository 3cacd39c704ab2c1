import AWSAccess
import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// Every EC2 operation the handlers use, against a moto that checks
/// signatures: the right key is let in, a wrong secret is not.
@Suite struct EC2AuthTests {
    @Test func everyOperationIsSignedAndAWrongSecretIsRefused() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let region = "us-east-1"
        let desktop = try await TestAWS.makeSpotDesktop(endpoint: moto.endpoint, region: region)
        let auth = try await MotoAuth.enable(on: moto, allowing: ["ec2:CancelSpotInstanceRequests"])
        func client(secret: String) throws -> EC2Client {
            EC2Client(configuration: try AWSConfiguration(environment: TestAWS.environment(
                endpoint: moto.endpoint, region: region, accessKeyID: auth.accessKeyID, secretAccessKey: secret, sessionToken: nil)),
                transport: CurlTransport())
        }
        let right = try client(secret: auth.secretAccessKey)
        #expect(try await right.describeVpcs().count >= 1)
        #expect(try await right.describeSubnets().count >= 1)
        #expect(try await right.describeInstanceTypes(["t4g.large"]).first?.supportedArchitectures == ["arm64"])
        #expect(try await right.describeInstances([desktop.instanceID]).first?.spotInstanceRequestId == desktop.spotRequestID)
        #expect(try await right.describeSpotInstanceRequests([desktop.spotRequestID]).first?.state == "active")
        #expect(try await right.cancelSpotInstanceRequests([desktop.spotRequestID]).first?.state == "cancelled")

        let wrong = try client(secret: auth.secretAccessKey + "x")
        let operations: [(String, @Sendable () async throws -> Void)] = [
            ("DescribeVpcs", { _ = try await wrong.describeVpcs() }),
            ("DescribeSubnets", { _ = try await wrong.describeSubnets() }),
            ("DescribeInstanceTypes", { _ = try await wrong.describeInstanceTypes(["t4g.large"]) }),
            ("DescribeInstances", { _ = try await wrong.describeInstances([desktop.instanceID]) }),
            ("DescribeSpotInstanceRequests", { _ = try await wrong.describeSpotInstanceRequests([desktop.spotRequestID]) }),
            ("CancelSpotInstanceRequests", { _ = try await wrong.cancelSpotInstanceRequests([desktop.spotRequestID]) }),
        ]
        for (name, call) in operations {
            do {
                try await call()
                Issue.record("\(name) with a wrong secret must be refused")
            } catch let error as AWSError {
                #expect(error.code == "AuthFailure", "\(name): \(error)")
                #expect(error.httpStatus == 401, "\(name)")
                #expect(error.operation == name)
            }
        }
    }
}
