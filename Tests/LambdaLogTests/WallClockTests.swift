import LambdaLog
import Testing

/// `WallClock.timestamp`: RFC 3339 in UTC with milliseconds.
struct WallClockTests {
    @Test("timestamps are pinned", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (999, "1970-01-01T00:00:00.999Z"),
        (1_000, "1970-01-01T00:00:01.000Z"),
        (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (1_795_163_253_050, "2026-11-20T08:27:33.050Z"),
        (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
    ] as [(Int64, String)])
    func pinned(_ milliseconds: Int64, _ expected: String) {
        #expect(WallClock.timestamp(milliseconds: milliseconds) == expected)
    }

    @Test("now is after 2024 and has the RFC 3339 shape")
    func now() {
        let now = WallClock.nowMilliseconds()
        #expect(now > 1_704_067_200_000)
        let text = WallClock.timestamp()
        let shape = text.map { $0.isNumber ? "9" : String($0) }.joined()
        #expect(shape == "9999-99-99T99:99:99.999Z", "\(text)")
    }
}
