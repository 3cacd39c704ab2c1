import LambdaLog
import Testing

/// `AWS_LAMBDA_LOG_LEVEL` spellings and the order of levels.
struct LogLevelTests {
    @Test("LogLevel(name:) accepts Lambda's spellings", arguments: [
        ("TRACE", LogLevel.trace), ("trace", .trace),
        ("DEBUG", .debug), ("Debug", .debug),
        ("INFO", .info), ("info", .info),
        ("WARN", .warn), ("warn", .warn), ("WARNING", .warn), ("Warning", .warn),
        ("ERROR", .error), ("error", .error),
        ("FATAL", .fatal), ("fatal", .fatal),
    ] as [(String, LogLevel)])
    func known(_ name: String, _ level: LogLevel) {
        #expect(LogLevel(name: name) == level)
    }

    @Test("LogLevel(name:) rejects anything else", arguments: ["", "VERBOSE", "ERR", "INFO ", " INFO", "CRITICAL", "0"])
    func unknown(_ name: String) {
        #expect(LogLevel(name: name) == nil)
    }

    @Test("name round-trips and is upper case", arguments: LogLevel.allCases)
    func nameRoundTrips(_ level: LogLevel) {
        #expect(LogLevel(name: level.name) == level)
        #expect(level.name == level.name.uppercased())
    }

    @Test("levels are ordered by severity")
    func ordering() {
        #expect(LogLevel.allCases == [.trace, .debug, .info, .warn, .error, .fatal])
        #expect(LogLevel.allCases.sorted() == LogLevel.allCases)
        #expect(LogLevel.warn > .info)
        #expect(!(LogLevel.error < .error))
    }
}
