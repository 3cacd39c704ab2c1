import Foundation
public import LocalLambda

/// A `moto_server` that checks signatures (scripts/moto_enable_auth.py), and
/// who may call it: a user allowed EC2's Describe* operations and `allowing`
/// (`ssm:GetParameter`, `identitystore:*`…) and, with `roles`, two roles to assume.
public struct MotoAuth: Sendable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// The role the user may assume when it passes `externalID`.
    public var roleARN: String?
    public var externalID: String?
    /// The role only `roleARN`'s sessions may assume.
    public var secondRoleARN: String?

    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Turns checking on in `moto`, which must be fresh (the script creates
    /// its user and roles). The wait for the script is off the cooperative pool.
    public static func enable(on moto: MotoServer, roles: Bool = false, allowing actions: [String] = []) async throws -> MotoAuth {
        guard let python = ChildProcess.which("python3") else { throw Failed(description: "python3 is needed to configure moto") }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/moto_enable_auth.py").path
        let child = try ChildProcess(executable: python, arguments: [script, moto.endpoint] + (roles ? ["--roles"] : []) + actions.flatMap { ["--allow", $0] },
                                     environment: ProcessInfo.processInfo.environment)
        let status = await child.waitForExit(timeout: 60)
        guard status == 0 else {
            throw Failed(description: "moto_enable_auth.py exited with \(status.map(String.init) ?? "no status"): \(child.output)")
        }
        guard let line = child.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
              let key = object["AccessKeyId"], let secret = object["SecretAccessKey"]
        else { throw Failed(description: "no credentials in: \(child.output)") }
        return MotoAuth(accessKeyID: key, secretAccessKey: secret, roleARN: object["RoleArn"], externalID: object["ExternalId"],
                        secondRoleARN: object["SecondRoleArn"])
    }
}
