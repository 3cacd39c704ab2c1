import FoundationEssentials
import JSONKit
public import HTTPTransport
public import LambdaLog

/// Delivers a response to the ResponseURL: one PUT, exactly as CloudFormation
/// documents it, retried with exponential backoff and jitter on network
/// errors and non-200 answers while time remains. When every try failed, the
/// whole response (without NoEcho data) goes to the log, so nothing is lost.
public struct ResponseSender: Sendable {
    public let transport: any HTTPTransport
    public let clock: @Sendable () -> Int64
    public let sleep: @Sendable (Duration) async -> Void
    public var maximumAttempts = 8

    public init(transport: any HTTPTransport, clock: @escaping @Sendable () -> Int64 = { WallClock.nowMilliseconds() },
                sleep: @escaping @Sendable (Duration) async -> Void = { await cancellableSleep(for: $0) }) {
        self.transport = transport
        self.clock = clock
        self.sleep = sleep
    }

    /// Sends until a 200 or until `deadline` (milliseconds since the epoch)
    /// leaves no room; returns whether CloudFormation got the response. Each
    /// try and the final word go to `logger`, the invocation's.
    public func send(_ response: CustomResourceResponse, to url: String, deadline: Int64, logger: Logger) async -> Bool {
        let body = response.body
        let request = HTTPRequest(method: "PUT", url: url, headers: [HTTPHeader("Content-Type", ""), HTTPHeader("Content-Length", String(body.count))], body: body)
        var failures: [String] = []
        for attempt in 1...max(1, maximumAttempts) {
            let remaining = deadline - clock() - Self.safetyMilliseconds
            guard remaining > 0 else { break }
            var timed = request
            timed.timeout = .milliseconds(min(remaining, Self.attemptTimeoutMilliseconds))
            do {
                let answer = try await transport.send(timed)
                if answer.status == 200 {
                    logger.info("CloudFormation response sent: \(response.status.rawValue)", ["attempt": .number(Double(attempt)), "response": .string(response.loggableBody)])
                    return true
                }
                failures.append("HTTP \(answer.status): \(String(decoding: answer.body.prefix(200), as: UTF8.self))")
            } catch {
                failures.append("\(error)")
            }
            logger.warn("CloudFormation response PUT failed, attempt \(attempt): \(failures.last!)", ["url": .string(Self.redacted(url))])
            let backoff = Self.backoffMilliseconds(attempt: attempt, random: Int64.random(in: 0...1000))
            guard attempt < maximumAttempts, clock() + backoff < deadline - Self.safetyMilliseconds else { break }
            await sleep(.milliseconds(backoff))
        }
        logger.error("CloudFormation response NOT delivered after \(failures.count) attempt(s); the stack waits until its timeout. The response was:",
                     ["response": .string(response.loggableBody), "url": .string(Self.redacted(url)), "failures": .array(failures.map(JSONValue.string))])
        return false
    }

    static let safetyMilliseconds: Int64 = 100
    static let attemptTimeoutMilliseconds: Int64 = 10_000

    /// 200 ms doubling to 3.2 s at most, half of it fixed and half jitter
    /// (`random` is 0…1000, per mille of the jitter half).
    static func backoffMilliseconds(attempt: Int, random: Int64) -> Int64 {
        let ceiling = min(Int64(200) << min(attempt - 1, 4), 3_200)
        return ceiling / 2 + (ceiling / 2) * random / 1000
    }

    /// The ResponseURL's query string is a credential (a presigned S3 URL): never logged.
    public static func redacted(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        return url[..<question] + "?(query redacted)"
    }
}
