import Foundation
import LocalLambda

/// Fills the emulator like a desktop account with scripts/seed_moto.py.
enum Seed {
    struct Failed: Error, CustomStringConvertible { var description: String }

    /// Returns the recorded ids and the seeded ones that stand for them.
    static func run(endpoint: String, region: String) async throws -> [String: String] {
        guard let python = ChildProcess.which("python3") else { throw Failed(description: "python3 is needed to seed moto") }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/seed_moto.py").path
        let child = try ChildProcess(executable: python, arguments: [script, endpoint, region], environment: ProcessInfo.processInfo.environment)
        guard await child.waitForExit(timeout: 60) == 0,
              let line = child.output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let replacements = object["replacements"] as? [String: String] else {
            throw Failed(description: "seeding moto failed: \(child.output.suffix(2000))")
        }
        return replacements
    }
}
