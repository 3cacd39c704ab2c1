public import JSONKit
import Glibc
import Synchronization

/// One line per event on standard output, written with `write(2)` at once:
/// Lambda reads the descriptor, and a buffered line would be lost when the
/// sandbox freezes after the invocation.
///
/// Text lines are `timestamp<TAB>LEVEL<TAB>requestId<TAB>message key=value…`,
/// with line breaks in the message turned into `\r` so that CloudWatch keeps
/// the event whole. JSON lines carry `timestamp`, `level`, `message`,
/// `requestId` and the fields; JSON logging honours the minimum level, as
/// Lambda's own runtimes do. Log calls never fail and never throw.
public struct Logger: Sendable {
    public var format: LogFormat
    public var minimumLevel: LogLevel
    /// The request being served, attached to every line; `nil` between invocations.
    public var requestID: String?
    private let sink: LogSink

    public init(format: LogFormat = .text, minimumLevel: LogLevel = .info, requestID: String? = nil, sink: LogSink = .standardOutput) {
        self.format = format
        self.minimumLevel = minimumLevel
        self.requestID = requestID
        self.sink = sink
    }

    public func with(requestID: String?) -> Logger {
        var copy = self
        copy.requestID = requestID
        return copy
    }

    public func trace(_ message: @autoclosure () -> String, _ fields: [String: JSONValue] = [:]) { log(.trace, message(), fields) }
    public func debug(_ message: @autoclosure () -> String, _ fields: [String: JSONValue] = [:]) { log(.debug, message(), fields) }
    public func info(_ message: @autoclosure () -> String, _ fields: [String: JSONValue] = [:]) { log(.info, message(), fields) }
    public func warn(_ message: @autoclosure () -> String, _ fields: [String: JSONValue] = [:]) { log(.warn, message(), fields) }
    public func error(_ message: @autoclosure () -> String, _ fields: [String: JSONValue] = [:]) { log(.error, message(), fields) }

    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ fields: [String: JSONValue] = [:]) {
        if format == .json && level < minimumLevel { return }
        sink.write(line(level, message(), fields, timestamp: WallClock.timestamp()) + "\n")
    }

    /// The line as written, without its newline; separate for tests.
    public func line(_ level: LogLevel, _ message: String, _ fields: [String: JSONValue], timestamp: String) -> String {
        switch format {
        case .json:
            var text = "{\"timestamp\":\"\(timestamp)\",\"level\":\"\(level.name)\",\"message\":"
            JSONValue.quote(message, into: &text)
            if let requestID {
                text += ",\"requestId\":"
                JSONValue.quote(requestID, into: &text)
            }
            for key in fields.keys.sorted() where !Self.reserved.contains(key) {
                text += ","
                JSONValue.quote(key, into: &text)
                text += ":"
                fields[key]!.serialize(into: &text)
            }
            return text + "}"
        case .text:
            var text = "\(timestamp)\t\(level.name)\t\(requestID ?? "-")\t\(message)"
            for key in fields.keys.sorted() {
                let value = fields[key]!
                text += " \(key)=" + (value.stringValue ?? value.serialized)
            }
            return text.replacingLineBreaks()
        }
    }

    static let reserved: Set<String> = ["timestamp", "level", "message", "requestId"]
}

extension String {
    fileprivate func replacingLineBreaks() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r\n" }) else { return self }
        return String(map { $0 == "\n" || $0 == "\r\n" ? "\r" : $0 })
    }
}

/// Where log lines go: standard output, or a buffer a test reads back.
public final class LogSink: Sendable {
    private let capturing: Bool
    private let captured = Mutex<[String]>([])

    private init(capturing: Bool) {
        self.capturing = capturing
    }

    public static let standardOutput = LogSink(capturing: false)
    public static func memory() -> LogSink { LogSink(capturing: true) }

    public var lines: [String] { captured.withLock { $0 } }

    func write(_ line: String) {
        if capturing {
            captured.withLock { $0.append(line.hasSuffix("\n") ? String(line.dropLast()) : line) }
            return
        }
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}

extension LogSink {
    /// Writes text as it is (usage and other output that is not a log event).
    public func writeRaw(_ text: String) {
        write(text)
    }
}
