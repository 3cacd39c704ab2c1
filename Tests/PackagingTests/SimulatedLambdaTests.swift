import Foundation
import Glibc
import JSONKit
import LocalLambda
import TestSupport
import Testing

/// The zips `make package` wrote, unzipped and started as Lambda starts them
/// (LambdaSandbox), serving CloudFormation events against moto.
@Suite struct SimulatedLambdaTests {
    static func sandbox() async throws -> LambdaSandbox {
        try Packaging.requireDist()
        return try await LambdaSandbox(function: Packaging.functionZip, layers: [Packaging.layerZip])
    }

    static func status(of pid: Int32) -> [String: String] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    @Test func defaultVpcIdCreateThroughThePackagedZips() async throws {
        let sandbox = try await Self.sandbox()
        defer { sandbox.remove() }
        let before = sandbox.files()
        #expect(sandbox.bootstrap == sandbox.opt + "/bootstrap", "the runtime comes from the layer; the function zip has no bootstrap")

        let moto = try await TestAWS.moto()
        let region = "ca-central-1"
        let lambda = try sandbox.start(handler: "DefaultVpcId", aws: TestAWS.environment(endpoint: moto.endpoint, region: region))
        defer { lambda.stop() }
        let result = await lambda.invoke(try Fixtures.event("DefaultVpcId", "create"))

        #expect(result.cloudFormationRequests.count == 1, "exactly one response to CloudFormation; log: \(lambda.process.output)")
        let put = try #require(result.cloudFormationRequests.first)
        let response = try #require(try JSONSerialization.jsonObject(with: put.body) as? [String: Any])
        #expect(response["Status"] as? String == "SUCCESS", "\(response); log: \(lambda.process.output)")
        let data = try #require(response["Data"] as? [String: String])
        let vpcID = try #require(data["VpcId"])
        #expect(vpcID.hasPrefix("vpc-"))
        #expect(response["PhysicalResourceId"] as? String == vpcID)
        let vpcs = try await TestAWS.ec2(endpoint: moto.endpoint, region: region).describeVpcs(filters: [])
        #expect(vpcs.contains { $0.vpcId == vpcID }, "the VPC of the region the function was given")
        #expect(data["CidrBlock"] == "172.31.0.0/16")

        #expect(result.runtimeReports.count == 1)
        if case .response? = result.runtimeReports.first {} else { Issue.record("the invocation must succeed: \(result.runtimeReports)") }

        // It ran as Lambda runs it: from the task root and, under root, as nobody.
        let pid = lambda.process.pid
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) == sandbox.taskRoot)
        if !sandbox.launcher.isEmpty {
            #expect(Self.status(of: pid)["Uid"]?.hasPrefix("\(LambdaSandbox.sandboxUser)\t") == true, "\(Self.status(of: pid))")
        }
        #expect(lambda.process.isRunning, "the runtime waits for the next event")
        #expect(sandbox.files() == before, "the code dirs are unchanged")
    }

    @Test func anUnknownHandlerIsAnInitErrorAndTheProcessEnds() async throws {
        let sandbox = try await Self.sandbox()
        defer { sandbox.remove() }
        let lambda = try sandbox.start(handler: "NoSuchHandler", aws: TestAWS.environment(endpoint: "http://127.0.0.1:\(try TestAWS.deadPort())"))
        defer { lambda.stop() }
        let reports = await lambda.runtimeAPI.waitForReports(1, timeout: .seconds(30))
        guard case .initError(let type, let body)? = reports.first else {
            Issue.record("expected an init error, got \(reports); log: \(lambda.process.output)")
            return
        }
        #expect(type == "Runtime.UnknownHandler")
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains("NoSuchHandler") && text.contains("DefaultVpcId"), "\(text)")
        let status = await lambda.process.waitForExit(timeout: 10)
        #expect(status != nil && status != 0, "Lambda restarts a runtime that failed to start; it must exit")
    }

    @Test func theSandboxLeavesOnlyTmpWritable() async throws {
        // Guards the harness: what the bootstrap runs under really is read-only.
        let sandbox = try await Self.sandbox()
        defer { sandbox.remove() }
        let probe = "/tmp/mapu-sandbox-probe-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: probe) }
        let script = "touch \"$1\" 2>/dev/null && echo wrote-task; touch \"$2\" 2>/dev/null && echo wrote-opt; touch \"$3\" && echo wrote-tmp"
        let command = sandbox.launcher + ["/bin/sh", "-c", script, "sh", sandbox.taskRoot + "/probe", sandbox.opt + "/probe", probe]
        let run = try await Packaging.run(command[0], Array(command.dropFirst()), environment: ["PATH": "/usr/bin:/bin"])
        #expect(!run.output.contains("wrote-task") && !run.output.contains("wrote-opt"), "\(run.output)")
        #expect(run.output.contains("wrote-tmp"), "\(run.output)")
    }
}
