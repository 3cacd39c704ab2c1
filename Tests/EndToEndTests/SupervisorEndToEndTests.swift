import Foundation
import LocalLambda
import TestSupport
import Testing

/// A handler that traps kills the worker process; the supervisor must still
/// give CloudFormation exactly one FAILED saying so, tell Lambda, and serve on.
@Suite struct SupervisorEndToEndTests {
    static func crashBootstrap() throws -> String {
        let path = BuiltProducts.directory.appendingPathComponent("crash-bootstrap").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Fixtures.Missing(description: "no crash-bootstrap at \(path): run `swift build` first")
        }
        return path
    }

    static func event(trap: String) throws -> Data {
        try EndToEnd.event("DefaultVpcId", "create", changing: ["ResourceProperties": ["Trap": trap], "ResourceType": "Custom::Trap"])
    }

    @Test(arguments: ["unwrap", "index", "fatalError"])
    func aTrappingHandlerStillGetsCloudFormationOneFailed(trap: String) async throws {
        let lambda = try LocalLambda(bootstrap: try Self.crashBootstrap(), handler: "Trap", environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Self.event(trap: trap))

        let response = try EndToEnd.onlyResponse(result)
        #expect(response["Status"] as? String == "FAILED")
        let reason = try #require(response["Reason"] as? String)
        #expect(reason.hasPrefix("Trap failed: crashed: the worker process died of SIG"), "\(reason)")
        #expect(reason.contains("a Swift runtime trap"), "\(reason)")
        #expect(reason.contains("the crash report is in the log"))
        #expect(reason.contains("#logsV2:log-groups/log-group/"), "where to look")
        #expect((response["PhysicalResourceId"] as? String)?.hasPrefix("mapu-failed-create:") == true)
        // Answered, so the invocation succeeded: Lambda must not retry it.
        let report = try EndToEnd.onlyReport(result)
        #expect(EndToEnd.isResponse(report), "\(report.text)")
        #expect(report.text.contains("\"Crashed\":\"SIG"))

        // The supervisor started afresh: the next event is served.
        let next = await lambda.invoke(try Self.event(trap: "none"))
        let survived = try EndToEnd.onlyResponse(next)
        #expect(survived["Status"] as? String == "SUCCESS")
        #expect(survived["PhysicalResourceId"] as? String == "survived")
        #expect(lambda.runtimeAPI.unexpectedRequests.isEmpty)
        #expect(await lambda.terminate() == 0)
    }
}
