import Foundation
import LocalLambda
import TestSupport
import Testing

/// The README's main job: every recorded event of every handler against the
/// seeded emulator gives what its expected.json says.
@Suite struct RecordedEventsCheckTests {
    @Test func everyRecordedEventGivesItsExpectedOutcome() async throws {
        let mapuLocal = BuiltProducts.directory.appendingPathComponent("mapu-local").path
        let child = try ChildProcess(executable: mapuLocal, arguments: ["--moto", "--seed", "--check", "events", "--bootstrap", try BuiltProducts.bootstrap()],
                                     environment: ProcessInfo.processInfo.environment, currentDirectory: Fixtures.repositoryRoot.path)
        let status = await child.waitForExit(timeout: 300)
        let output = child.output
        #expect(status == 0, "\(output.suffix(4000))")
        #expect(output.contains(" as expected, 0 not"))
        for handler in ["DefaultVpcId", "CancelSpotInstanceRequest"] {
            #expect(output.contains("\(handler)/create.json"), "the table lists every handler's events")
        }
    }
}
