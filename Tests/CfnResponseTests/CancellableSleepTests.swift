import CfnResponse
import Foundation
import Testing

/// The sleep of the timeout guard and of the PUT's backoff.
@Suite struct CancellableSleepTests {
    @Test func sleepsAtLeastTheDuration() async {
        let started = ContinuousClock.now
        await cancellableSleep(for: .milliseconds(80))
        #expect(ContinuousClock.now - started >= .milliseconds(80))
    }

    @Test(arguments: [Duration.seconds(60), .seconds(Int64.max)])
    func cancellingWakesItLongBeforeTheEnd(duration: Duration) async {
        let started = ContinuousClock.now
        let sleeper = Task { await cancellableSleep(for: duration) }
        try? await Task.sleep(for: .milliseconds(50))
        sleeper.cancel()
        await sleeper.value
        #expect(ContinuousClock.now - started < .seconds(30), "woken by the cancel, not by the 60 s timer")
    }

    @Test func aTaskCancelledBeforehandDoesNotSleep() async {
        let started = ContinuousClock.now
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await cancellableSleep(for: .seconds(60))
        }
        await sleeper.value
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test(arguments: [Duration.zero, .milliseconds(-5)])
    func nothingToWaitForReturnsAtOnce(duration: Duration) async {
        let started = ContinuousClock.now
        await cancellableSleep(for: duration)
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
