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

    /// crash-bootstrap copied alone into a temporary directory: no
    /// mapu-supervisor beside it.
    static func loneCrashBootstrap() throws -> (path: String, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mapu-lone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("crash-bootstrap").path
        try FileManager.default.copyItem(atPath: try crashBootstrap(), toPath: path)
        return (path, directory)
    }

    /// The program a process runs now, by its kernel name (15 characters at most).
    static func command(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: ["unwrap", "index", "fatalError"])
    func aTrappingHandlerStillGetsCloudFormationOneFailed(trap: String) async throws {
        try await Self.expectCrashAnsweredAndServedOn(bootstrap: try Self.crashBootstrap(), trap: trap) { lambda in
            #expect(Self.command(of: lambda.process.pid) == "mapu-supervisor", "the first process became the small C supervisor")
        }
    }

    /// mapu-supervisor keeps the records of the request in hand only: a
    /// crash in a later invocation is answered for that one.
    @Test func aCrashInALaterInvocationIsAnsweredForThatInvocation() async throws {
        let lambda = try LocalLambda(bootstrap: try Self.crashBootstrap(), handler: "Trap", environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
        defer { lambda.stop() }
        let first = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event(trap: "none")))
        #expect(first["Status"] as? String == "SUCCESS")
        let crashing = try EndToEnd.event("DefaultVpcId", "create", changing: [
            "ResourceProperties": ["Trap": "index"], "ResourceType": "Custom::Trap", "RequestId": "second-request"])
        let crashed = try EndToEnd.onlyResponse(await lambda.invoke(crashing))
        #expect(crashed["Status"] as? String == "FAILED")
        #expect(crashed["RequestId"] as? String == "second-request")
        #expect((crashed["Reason"] as? String)?.contains("crashed: the worker process died of SIG") == true)
        let third = try EndToEnd.onlyResponse(await lambda.invoke(try Self.event(trap: "none")))
        #expect(third["Status"] as? String == "SUCCESS")
        #expect(await lambda.terminate() == 0)
    }

    @Test func withoutMapuSupervisorTheBootstrapSupervisesItself() async throws {
        let lone = try Self.loneCrashBootstrap()
        defer { try? FileManager.default.removeItem(at: lone.directory) }
        let output = try await Self.expectCrashAnsweredAndServedOn(bootstrap: lone.path, trap: "unwrap") { lambda in
            #expect(Self.command(of: lambda.process.pid) == "crash-bootstrap")
        }
        #expect(output.contains("crash supervision stays in the bootstrap: cannot execute \(lone.directory.path)/mapu-supervisor: No such file or directory"), "\(output)")
    }

    /// A `trap` event is answered FAILED with the crash named, Lambda is told
    /// it was answered, and the next event succeeds; `supervising` looks at
    /// the process Lambda started while it serves. Returns the function's output.
    @discardableResult
    static func expectCrashAnsweredAndServedOn(bootstrap: String, trap: String, supervising: (LocalLambda) -> Void) async throws -> String {
        let lambda = try LocalLambda(bootstrap: bootstrap, handler: "Trap", environment: TestAWS.environment(endpoint: "http://127.0.0.1:1"))
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
        supervising(lambda)
        #expect(await lambda.terminate() == 0)
        return lambda.process.output
    }
}
