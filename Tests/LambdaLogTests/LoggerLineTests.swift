import Foundation
import JSONKit
import LambdaLog
import Testing

/// The exact text of a log line, in both formats. A change in what a person
/// reads in CloudWatch should be a deliberate diff here.
struct LoggerLineTests {
    static let timestamp = "2026-11-26T08:27:33.123Z"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var format: LogFormat
        var level: LogLevel = .info
        var requestID: String?
        var message: String
        var fields: [String: JSONValue] = [:]
        var line: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "text, no request id", format: .text, message: "hello",
             line: "2026-11-26T08:27:33.123Z\tINFO\t-\thello"),
        Case(name: "text, request id and level", format: .text, level: .error, requestID: "req-1", message: "boom",
             line: "2026-11-26T08:27:33.123Z\tERROR\treq-1\tboom"),
        Case(name: "text, fields sorted; strings bare, other values as JSON", format: .text, level: .warn, message: "m",
             fields: ["b": "two words", "a": .number(1), "c": true, "d": ["x": .number(1.5)], "e": .null, "f": ["y"]],
             line: "2026-11-26T08:27:33.123Z\tWARN\t-\tm a=1 b=two words c=true d={\"x\":1.5} e=null f=[\"y\"]"),
        Case(name: "text, line breaks in the message become CR", format: .text, requestID: "r", message: "line 1\nline 2\n",
             line: "2026-11-26T08:27:33.123Z\tINFO\tr\tline 1\rline 2\r"),
        Case(name: "text, line breaks in a field become CR", format: .text, message: "m", fields: ["k": "a\nb"],
             line: "2026-11-26T08:27:33.123Z\tINFO\t-\tm k=a\rb"),
        Case(name: "text, a CRLF becomes one CR", format: .text, message: "a\r\nb",
             line: "2026-11-26T08:27:33.123Z\tINFO\t-\ta\rb"),
        Case(name: "json, no request id", format: .json, message: "hello",
             line: #"{"timestamp":"2026-11-26T08:27:33.123Z","level":"INFO","message":"hello"}"#),
        Case(name: "json, request id and fields sorted after it", format: .json, level: .debug, requestID: "req-1", message: "m",
             fields: ["zeta": .number(2), "alpha": "a", "obj": ["b": .number(1), "a": .null]],
             line: #"{"timestamp":"2026-11-26T08:27:33.123Z","level":"DEBUG","message":"m","requestId":"req-1","alpha":"a","obj":{"a":null,"b":1},"zeta":2}"#),
        Case(name: "json, message escaped", format: .json, level: .fatal, message: "say \"hi\"\n\\ \u{1}",
             line: #"{"timestamp":"2026-11-26T08:27:33.123Z","level":"FATAL","message":"say \"hi\"\n\\ \u0001"}"#),
        Case(name: "json, reserved field names are dropped, not duplicated", format: .json, requestID: "req-1", message: "real",
             fields: ["message": "fake", "level": "fake", "timestamp": "fake", "requestId": "fake", "other": "kept"],
             line: #"{"timestamp":"2026-11-26T08:27:33.123Z","level":"INFO","message":"real","requestId":"req-1","other":"kept"}"#),
        Case(name: "json, trace level", format: .json, level: .trace, message: "t",
             line: #"{"timestamp":"2026-11-26T08:27:33.123Z","level":"TRACE","message":"t"}"#),
    ]

    @Test("line text is pinned", arguments: cases)
    func line(_ testCase: Case) {
        let logger = Logger(format: testCase.format, requestID: testCase.requestID, sink: .memory())
        #expect(logger.line(testCase.level, testCase.message, testCase.fields, timestamp: Self.timestamp) == testCase.line)
    }

    @Test("a CRLF in a text message leaves no line feed", arguments: ["a\r\nb", "a\n\rb", "\n", "x\r\n"])
    func crlfLeavesNoLineFeed(_ message: String) {
        let line = Logger(format: .text, sink: .memory()).line(.info, message, [:], timestamp: Self.timestamp)
        #expect(!line.unicodeScalars.contains("\n"))
        #expect(line.hasPrefix("2026-11-26T08:27:33.123Z\tINFO\t-\t"))
    }

    @Test("a JSON line is one line of valid JSON that parses back to what was logged")
    func jsonLineParsesBack() async throws {
        let message = "multi\nline \"quoted\" \\ tab\t nul\u{0} é日本😀"
        let fields: [String: JSONValue] = [
            "error": ["code": "InvalidVpcID.NotFound", "status": .number(400)],
            "list": [.number(1.5), .null, false],
            "text": "a\r\nb",
            "message": "must not replace the real message",
        ]
        let logger = Logger(format: .json, requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", sink: .memory())
        let line = logger.line(.warn, message, fields, timestamp: Self.timestamp)

        #expect(!line.unicodeScalars.contains { $0 == "\n" || $0 == "\r" })
        let parsed = try JSONValue(parsing: Data(line.utf8))
        #expect(parsed == .object([
            "timestamp": .string(Self.timestamp),
            "level": "WARN",
            "message": .string(message),
            "requestId": "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            "error": ["code": "InvalidVpcID.NotFound", "status": .number(400)],
            "list": [.number(1.5), .null, false],
            "text": "a\r\nb",
        ]))
        #expect(line.components(separatedBy: "\"message\":").count == 2, "exactly one message key")
    }

    @Test("with(requestID:) attaches and clears the request id")
    func withRequestID() {
        let base = Logger(format: .text, sink: .memory())
        let scoped = base.with(requestID: "abc")
        #expect(scoped.requestID == "abc")
        #expect(base.requestID == nil)
        #expect(scoped.line(.info, "m", [:], timestamp: "T") == "T\tINFO\tabc\tm")
        #expect(scoped.with(requestID: nil).line(.info, "m", [:], timestamp: "T") == "T\tINFO\t-\tm")
    }
}
