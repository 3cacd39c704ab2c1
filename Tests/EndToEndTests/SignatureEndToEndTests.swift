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
        let auth = try await MotoAuth.enable(on: moto)

        let right = try EndToEnd.start(environment: TestAWS.environment(
            endpoint: moto.endpoint, accessKeyID: auth.accessKeyID, secretAccessKey: auth.secretAccessKey, sessionToken: nil))
        defer { right.stop() }
        let good = try EndToEnd.onlyResponse(await right.invoke(try Fixtures.event("DefaultVpcId", "create")))
        #expect(good["Status"] as? String == "SUCCESS", "\(good["Reason"] ?? "")")

        let wrong = try EndToEnd.start(environment: TestAWS.environment(
            endpoint: moto.endpoint, accessKeyID: auth.accessKeyID, secretAccessKey: auth.secretAccessKey + "x", sessionToken: nil))
        defer { wrong.stop() }
        let bad = try EndToEnd.onlyResponse(await wrong.invoke(try Fixtures.event("DefaultVpcId", "create")))
        #expect(bad["Status"] as? String == "FAILED")
        let reason = try #require(bad["Reason"] as? String)
        #expect(reason.hasPrefix("DefaultVpcId failed in step DescribeVpcs: EC2 DescribeVpcs failed: AuthFailure"), "\(reason)")
        #expect(reason.contains("HTTP 401"), "\(reason)")
    }
}
