import AWSAccess
import CfnResponse
import Handlers
import HTTPTransport
import LambdaLog
import TestSupport
import Testing

/// DefaultVpcId in process, against moto: the handler alone, without the
/// runtime or the response PUT.
@Suite struct DefaultVpcIdTests {
    static func context(_ logs: LogSink = .memory()) -> CustomResourceContext {
        CustomResourceContext(handlerName: "DefaultVpcId", lambdaRequestID: "lambda-1", deadlineMilliseconds: WallClock.nowMilliseconds() + 30_000,
                              logGroupName: "/aws/lambda/f", logStreamName: "s", region: "us-east-1",
                              logger: Logger(format: .text, minimumLevel: .debug, sink: logs))
    }

    static func request(_ kind: CustomResourceRequest.Kind, properties: [String: String] = [:]) -> CustomResourceRequest {
        CustomResourceRequest(kind: kind, responseURL: "http://127.0.0.1:1/r", stackID: "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1",
                              requestID: "r-1", resourceType: "Custom::DefaultVpcId", logicalResourceID: "DefaultVpc",
                              properties: properties.mapValues { .string($0) })
    }

    static func handler(endpoint: String, region: String) throws -> any CustomResourceHandler {
        try HandlerRegistry.make("DefaultVpcId", environment: TestAWS.environment(endpoint: endpoint, region: region), transport: CurlTransport())
    }

    @Test func createReturnsTheVpcAndRecordsItsSteps() async throws {
        let moto = try await TestAWS.moto()
        let logs = LogSink.memory()
        let context = Self.context(logs)
        let result = try await Self.handler(endpoint: moto.endpoint, region: "sa-east-1").handle(Self.request(.create), context: context)
        let vpcID = try #require(result.physicalResourceID)
        #expect(result.data["VpcId"] == .string(vpcID))
        #expect(result.data["CidrBlock"] == .string("172.31.0.0/16"))
        #expect(result.data["SubnetIds"]?.stringValue?.split(separator: ",").count ?? 0 >= 2)
        #expect(!result.noEcho)
        #expect(context.step == "DescribeSubnets")
        #expect(logs.lines.contains { $0.contains("step DescribeVpcs") })
    }

    @Test func deleteTouchesNoAWS() async throws {
        let result = try await Self.handler(endpoint: "http://127.0.0.1:\(try TestAWS.deadPort())", region: "us-east-1")
            .handle(Self.request(.delete(physicalResourceID: "vpc-1")), context: Self.context())
        #expect(result == CustomResourceResult())
    }

    @Test func noDefaultVpcNamesTheRegionAndTheFix() async throws {
        let moto = try await TestAWS.moto()
        try await TestAWS.deleteDefaultVpc(endpoint: moto.endpoint, region: "ca-central-1")
        do {
            _ = try await Self.handler(endpoint: moto.endpoint, region: "ca-central-1").handle(Self.request(.create), context: Self.context())
            Issue.record("no default VPC must fail")
        } catch let error as any DiagnosableError {
            #expect(error.summary == "this account has no default VPC in ca-central-1. Create one with `aws ec2 create-default-vpc --region ca-central-1` and retry.")
        }
    }

    @Test func unknownPropertyIsRefusedWithItsPath() async throws {
        do {
            _ = try await Self.handler(endpoint: "http://127.0.0.1:1", region: "us-east-1")
                .handle(Self.request(.create, properties: ["Vpc": "x"]), context: Self.context())
            Issue.record("an unknown property must fail")
        } catch let error as PropertyError {
            #expect(error.path == "ResourceProperties.Vpc")
        }
    }

    @Test func registryNamesWhatItHas() async throws {
        #expect(HandlerRegistry.names == ["DefaultVpcId", "ParseStackName", "CancelSpotInstanceRequest"])
        #expect(throws: UnknownHandler(name: "DefaultVPCID", known: HandlerRegistry.names)) {
            try HandlerRegistry.make("DefaultVPCID", environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"), transport: CurlTransport())
        }
        #expect(throws: AWSConfigurationError.self) {
            try HandlerRegistry.make("DefaultVpcId", environment: [:], transport: CurlTransport())
        }
    }
}
