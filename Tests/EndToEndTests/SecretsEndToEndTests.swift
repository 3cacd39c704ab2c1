import Foundation
import LocalLambda
import TestSupport
import Testing

/// Nothing secret reaches the log: credentials, the ResponseURL's signature
/// and NoEcho data carry distinctive markers through every recorded event and
/// the faults that log most, and none of them may appear in what the process wrote.
@Suite struct SecretsEndToEndTests {
    static let secretKey = "SECRETKEYMARKER0000000000000000000000000"
    static let sessionToken = "SESSIONTOKENMARKER00000000"
    static let signature = "RESPONSEURLSIGNATUREMARKER000000"
    static let noEcho = "NOECHODATAMARKER0000"
    static var markers: [String] { [secretKey, sessionToken, signature, noEcho] }

    static func environment(endpoint: String) -> [String: String] {
        var environment = TestAWS.environment(endpoint: endpoint, secretAccessKey: secretKey, sessionToken: sessionToken)
        environment["AWS_LAMBDA_LOG_LEVEL"] = "TRACE"
        return environment
    }

    /// The event with the marker as its ResponseURL's signature.
    static func marked(_ payload: Data, responseURL: String? = nil) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        let url = responseURL ?? (object["ResponseURL"] as? String ?? "")
        object["ResponseURL"] = url.replacingOccurrences(of: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", with: signature)
        return try Fixtures.json(object)
    }

    static func expectNoMarkers(_ output: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for marker in markers {
            #expect(!output.contains(marker), "\(context): \(marker) leaked into the log", sourceLocation: sourceLocation)
        }
    }

    @Test func everyRecordedEventKeepsSecretsOutOfTheLog() async throws {
        let moto = try await TestAWS.moto()
        for handler in ["DefaultVpcId", "ParseStackName", "CancelSpotInstanceRequest"] {
            for format in ["Text", "JSON"] {
                var environment = Self.environment(endpoint: moto.endpoint)
                environment["AWS_LAMBDA_LOG_FORMAT"] = format
                let lambda = try EndToEnd.start(handler: handler, environment: environment)
                defer { lambda.stop() }
                let folder = Fixtures.repositoryRoot.appendingPathComponent("events/\(handler)")
                let events = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") && $0 != "expected.json" }.sorted()
                #expect(!events.isEmpty)
                for name in events {
                    let payload = try Data(contentsOf: folder.appendingPathComponent(name))
                    let result = await lambda.invoke(try Self.marked(payload))
                    #expect(result.cloudFormationRequests.count == 1, "\(handler)/\(name)")
                    let put = try #require(result.cloudFormationRequests.first)
                    #expect(put.target.contains(Self.signature), "the PUT itself carries the signature")
                }
                _ = await lambda.terminate()
                Self.expectNoMarkers(lambda.process.output, "\(handler) (\(format))")
            }
        }
    }

    @Test func noEchoDataStaysOutOfTheLogEvenWhenTheAnswerIsLost() async throws {
        let bootstrap = BuiltProducts.directory.appendingPathComponent("crash-bootstrap").path
        let lambda = try LocalLambda(bootstrap: bootstrap, handler: "Trap", environment: Self.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let event = try EndToEnd.event("DefaultVpcId", "create", changing: ["ResourceProperties": ["Trap": "secret", "Secret": Self.noEcho]])

        let answered = await lambda.invoke(try Self.marked(event))
        let body = try EndToEnd.onlyResponse(answered)
        #expect(body["NoEcho"] as? Bool == true)
        #expect((body["Data"] as? [String: String])?["Password"] == Self.noEcho, "CloudFormation itself gets the data")

        // Undeliverable: the whole response goes to the log, without the NoEcho data.
        let dead = "http://127.0.0.1:\(try TestAWS.deadPort())/bucket/key?X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        let lost = await lambda.invoke(try Self.marked(event, responseURL: dead), deadline: .seconds(3), rewriteResponseURL: false)
        #expect(lost.cloudFormationRequests.isEmpty)
        _ = await lambda.terminate()
        let log = lambda.process.output
        #expect(log.contains("CloudFormation response NOT delivered"))
        #expect(log.contains("values hidden: NoEcho"))
        Self.expectNoMarkers(log, "NoEcho handler")
    }

    @Test func aCrashKeepsSecretsOutOfTheLog() async throws {
        let bootstrap = BuiltProducts.directory.appendingPathComponent("crash-bootstrap").path
        let lambda = try LocalLambda(bootstrap: bootstrap, handler: "Trap", environment: Self.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let event = try EndToEnd.event("DefaultVpcId", "create", changing: ["ResourceProperties": ["Trap": "unwrap"]])
        let result = await lambda.invoke(try Self.marked(event))
        #expect(try EndToEnd.onlyResponse(result)["Status"] as? String == "FAILED")
        _ = await lambda.terminate()
        Self.expectNoMarkers(lambda.process.output, "crash")
    }
}
