import AWSAccess
import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// ParseStackName through the real bootstrap process, against moto. The
/// recorded events' outcomes are checked by RecordedEventsCheckTests; these
/// cover what needs a world of its own.
@Suite struct ParseStackNameEndToEndTests {
    static let handler = "ParseStackName"

    static func event(_ properties: [String: String], type: String = "create") throws -> Data {
        var object = try Fixtures.eventObject(handler, type)
        var merged = try #require(object["ResourceProperties"] as? [String: String])
        for (key, value) in properties { merged[key] = value.isEmpty ? nil : value }
        object["ResourceProperties"] = merged
        return try Fixtures.json(object)
    }

    static func createUser(_ name: String, store: String, endpoint: String, region: String, credentials: (any CredentialsProvider)? = nil) async throws {
        var configuration = try AWSConfiguration(environment: TestAWS.environment(endpoint: endpoint, region: region))
        if let credentials { configuration.credentials = credentials }
        _ = try await IdentityStoreClient(configuration: configuration, transport: CurlTransport())
            .createUser(identityStoreID: store, userName: name, displayName: name, givenName: "Given", familyName: "Family")
    }

    @Test func createAnswersTheStacksPartsWithTheAMI() async throws {
        let moto = try await TestAWS.moto()
        let region = "us-west-1"
        try await Self.createUser("asher-sterkin", store: "d-1111111111", endpoint: moto.endpoint, region: region)
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: moto.endpoint, region: region))
        defer { lambda.stop() }
        let response = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event(["IdentityStoreId": "d-1111111111"])))
        #expect(response["Status"] as? String == "SUCCESS", "\(response["Reason"] ?? "")")
        #expect(response["PhysicalResourceId"] as? String == "asher-sterkin-t4g-large-desktop")
        let data = try #require(response["Data"] as? [String: String])
        let parameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
        let image = try await SSMClient(configuration: try AWSConfiguration(environment: TestAWS.environment(endpoint: moto.endpoint, region: region)),
                                        transport: CurlTransport()).getParameter(name: parameter).value
        #expect(data == [
            "UserName": "asher-sterkin", "InstanceType": "t4g.large", "InstanceFamily": "t4g", "InstanceSize": "large",
            "Purpose": "desktop", "Architecture": "arm64", "ImageId": image, "ImageParameter": parameter,
        ])
    }

    @Test func theStoreComesFromTheEnvironmentWhenThePropertyIsAbsent() async throws {
        let moto = try await TestAWS.moto()
        let region = "us-west-2"
        try await Self.createUser("bob", store: "d-2222222222", endpoint: moto.endpoint, region: region)
        var environment = TestAWS.environment(endpoint: moto.endpoint, region: region)
        environment["IDENTITY_STORE_ID"] = "d-2222222222"
        let lambda = try EndToEnd.start(handler: Self.handler, environment: environment)
        defer { lambda.stop() }
        let found = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event(["IdentityStoreId": "", "StackName": "bob-t3-large-dev"])))
        #expect(found["Status"] as? String == "SUCCESS", "\(found["Reason"] ?? "")")
        #expect((found["Data"] as? [String: String])?["Architecture"] == "x86_64")
    }

    @Test func withoutAStoreItFailsNamingTheProperty() async throws {
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let response = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event(["IdentityStoreId": ""])))
        #expect(response["Status"] as? String == "FAILED")
        #expect((response["Reason"] as? String)?.hasPrefix("ParseStackName failed: property ResourceProperties.IdentityStoreId is required") == true)
    }

    @Test func aRoleReachesTheStoreOfAnotherAccount() async throws {
        let moto = try await TestAWS.moto()
        let region = "ca-west-1"
        let role = "arn:aws:iam::222222222222:role/IdentityStoreReader"
        // moto's assumed credentials act in the role's account: the user exists only there.
        let sts = STSClient(configuration: try AWSConfiguration(environment: TestAWS.environment(endpoint: moto.endpoint, region: region)),
                            transport: CurlTransport())
        let other = AssumeRoleCredentialsProvider(roleARN: role, sessionName: "setup", sts: sts)
        try await Self.createUser("carol", store: "d-3333333333", endpoint: moto.endpoint, region: region, credentials: other)

        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: moto.endpoint, region: region))
        defer { lambda.stop() }
        let direct = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event(["IdentityStoreId": "d-3333333333", "StackName": "carol-t4g-large-desktop"])))
        #expect(direct["Status"] as? String == "FAILED", "without the role the user is not in this account's store")
        let throughRole = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event([
            "IdentityStoreId": "d-3333333333", "StackName": "carol-t4g-large-desktop", "IdentityStoreRoleArn": role,
        ])))
        #expect(throughRole["Status"] as? String == "SUCCESS", "\(throughRole["Reason"] ?? "")")
        #expect((throughRole["Data"] as? [String: String])?["UserName"] == "carol")

        // The template can give the role to the function instead.
        var environment = TestAWS.environment(endpoint: moto.endpoint, region: region)
        environment["IDENTITY_STORE_ROLE_ARN"] = role
        let configured = try EndToEnd.start(handler: Self.handler, environment: environment)
        defer { configured.stop() }
        let fromEnvironment = try EndToEnd.onlyResponse(await configured.invoke(try Self.event(["IdentityStoreId": "d-3333333333", "StackName": "carol-t4g-large-desktop"])))
        #expect(fromEnvironment["Status"] as? String == "SUCCESS", "\(fromEnvironment["Reason"] ?? "")")
    }

    @Test func deleteMakesNoAWSCallEvenWithBrokenProperties() async throws {
        let lambda = try EndToEnd.start(handler: Self.handler, environment: TestAWS.environment(endpoint: "http://127.0.0.1:\(try TestAWS.deadPort())"))
        defer { lambda.stop() }
        let response = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event(["StackName": "not a stack name"], type: "delete")))
        #expect(response["Status"] as? String == "SUCCESS")
        #expect(response["PhysicalResourceId"] as? String == "asher-sterkin-t4g-large-desktop")
    }
}
