import Foundation
import LocalLambda
import TestSupport
import Testing

/// moto checks signatures only when asked; with checking on, the right key
/// must work and a wrong one must be refused — proof that requests are signed.
@Suite struct SignatureEndToEndTests {
    @Test func rightKeySucceedsAndWrongSignatureFailsWithAuthFailure() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let credentials = try await Self.enableAuth(moto)

        let right = try EndToEnd.start(environment: TestAWS.environment(
            endpoint: moto.endpoint, accessKeyID: credentials.key, secretAccessKey: credentials.secret, sessionToken: nil))
        defer { right.stop() }
        let good = try EndToEnd.onlyResponse(await right.invoke(try Fixtures.event("DefaultVpcId", "create")))
        #expect(good["Status"] as? String == "SUCCESS", "\(good["Reason"] ?? "")")

        let wrong = try EndToEnd.start(environment: TestAWS.environment(
            endpoint: moto.endpoint, accessKeyID: credentials.key, secretAccessKey: credentials.secret + "x", sessionToken: nil))
        defer { wrong.stop() }
        let bad = try EndToEnd.onlyResponse(await wrong.invoke(try Fixtures.event("DefaultVpcId", "create")))
        #expect(bad["Status"] as? String == "FAILED")
        let reason = try #require(bad["Reason"] as? String)
        #expect(reason.hasPrefix("DefaultVpcId failed in step DescribeVpcs: EC2 DescribeVpcs failed: AuthFailure"), "\(reason)")
        #expect(reason.contains("HTTP 401"), "\(reason)")
    }

    static func enableAuth(_ moto: MotoServer) async throws -> (key: String, secret: String) {
        let python = try #require(ChildProcess.which("python3"), "python3 is needed to configure moto")
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/moto_enable_auth.py").path
        let child = try ChildProcess(executable: python, arguments: [script, moto.endpoint], environment: ProcessInfo.processInfo.environment)
        let status = await child.waitForExit(timeout: 60)
        #expect(status == 0, "moto_enable_auth.py: \(child.output)")
        let line = try #require(child.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }), "no credentials in: \(child.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        return (try #require(object["AccessKeyId"]), try #require(object["SecretAccessKey"]))
    }
}
