import AWSAccess
import Foundation
import HTTPTransport
import TestSupport
import Testing

/// `SSMClient.getParameter` against moto, which preloads the AL2023 image
/// parameters for both architectures (read-only here, so any region will do).
@Suite struct SSMClientTests {
    static let region = "eu-west-3"

    static func ssm() async throws -> SSMClient {
        let moto = try await TestAWS.moto()
        let configuration = try AWSConfiguration(environment: TestAWS.environment(endpoint: moto.endpoint, region: region))
        return SSMClient(configuration: configuration, transport: CurlTransport())
    }

    @Test(arguments: ["arm64", "x86_64"])
    func readsThePreloadedAL2023ImageParameter(_ architecture: String) async throws {
        let name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-\(architecture)"
        let parameter = try await Self.ssm().getParameter(name: name)
        #expect(parameter.name == name)
        #expect(parameter.type == "String")
        #expect(parameter.value.hasPrefix("ami-"), "\(parameter.value)")
        #expect(parameter.version >= 1)
        #expect(parameter.arn == "arn:aws:ssm:\(Self.region):123456789012:parameter\(name)")
    }

    @Test func theTwoArchitecturesHaveDifferentImages() async throws {
        let ssm = try await Self.ssm()
        let arm = try await ssm.getParameter(name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")
        let x86 = try await ssm.getParameter(name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        #expect(arm.value != x86.value)
    }

    @Test func aMissingParameterIsParameterNotFound() async throws {
        let name = "/mapu/tests/missing-\(UUID().uuidString)"
        do {
            _ = try await Self.ssm().getParameter(name: name)
            Issue.record("a missing parameter must fail")
        } catch let error as AWSError {
            #expect(error.code == "ParameterNotFound")
            #expect(error.message == "Parameter \(name) not found.")
            #expect(error.service == "SSM")
            #expect(error.operation == "GetParameter")
            #expect(error.httpStatus == 400)
            #expect(error.requestID?.isEmpty == false)
            #expect(!error.isRetryable)
        }
    }
}
