import Foundation
import JSONKit
import LambdaLog
import Testing

/// What reaches the sink: JSON logging honours the minimum level, text
/// logging keeps everything, and each event is one line.
struct LoggerSinkTests {
    static func logEveryLevel(_ logger: Logger) {
        logger.trace("t")
        logger.debug("d")
        logger.info("i")
        logger.warn("w")
        logger.error("e")
        logger.log(.fatal, "f")
    }

    static func levels(in lines: [String]) throws -> [String] {
        try lines.map { line in
            try #require(JSONValue(parsing: Data(line.utf8))["level"]?.stringValue)
        }
    }

    @Test("JSON lines below the minimum level are dropped", arguments: [
        (LogLevel.trace, ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]),
        (.debug, ["DEBUG", "INFO", "WARN", "ERROR", "FATAL"]),
        (.info, ["INFO", "WARN", "ERROR", "FATAL"]),
        (.warn, ["WARN", "ERROR", "FATAL"]),
        (.error, ["ERROR", "FATAL"]),
        (.fatal, ["FATAL"]),
    ])
    func jsonFiltersByLevel(_ minimum: LogLevel, _ expected: [String]) async throws {
        let sink = LogSink.memory()
        Self.logEveryLevel(Logger(format: .json, minimumLevel: minimum, sink: sink))
        #expect(try Self.levels(in: sink.lines) == expected)
    }

    @Test("text logging keeps every level, whatever the minimum")
    func textKeepsAllLevels() {
        let sink = LogSink.memory()
        Self.logEveryLevel(Logger(format: .text, minimumLevel: .fatal, sink: sink))
        #expect(sink.lines.map { $0.split(separator: "\t").dropFirst().first } == ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"])
    }

    @Test("a dropped JSON event never builds its message")
    func droppedMessageNotBuilt() {
        let sink = LogSink.memory()
        let logger = Logger(format: .json, minimumLevel: .error, sink: sink)
        let built = Counter()
        logger.debug(built.next())
        #expect(built.value == 0)
        logger.error(built.next())
        #expect(built.value == 1)
        #expect(sink.lines.count == 1)
    }

    @Test("each event is one captured line, carrying request id and fields")
    func capturedLines() async throws {
        let sink = LogSink.memory()
        let logger = Logger(format: .json, sink: sink).with(requestID: "r-1")
        logger.info("first\nsecond", ["k": "v"])
        logger.error("third")
        #expect(sink.lines.count == 2)
        let first = try JSONValue(parsing: Data(try #require(sink.lines.first).utf8))
        #expect(first["message"] == "first\nsecond")
        #expect(first["requestId"] == "r-1")
        #expect(first["k"] == "v")
        let timestamp = try #require(first["timestamp"]?.stringValue)
        #expect(timestamp.count == 24 && timestamp.hasSuffix("Z"))
    }

    @Test("text events with line breaks are still one captured line")
    func textOneLine() async throws {
        let sink = LogSink.memory()
        Logger(format: .text, sink: sink).info("a\nb\nc")
        #expect(sink.lines.count == 1)
        #expect(try #require(sink.lines.first).hasSuffix("\ta\rb\rc"))
    }

    @Test("writeRaw keeps the text as it is")
    func writeRaw() {
        let sink = LogSink.memory()
        sink.writeRaw("usage: bootstrap")
        #expect(sink.lines == ["usage: bootstrap"])
    }
}

/// Counts how often a message was built.
final class Counter {
    private(set) var value = 0
    func next() -> String {
        value += 1
        return "message \(value)"
    }
}
