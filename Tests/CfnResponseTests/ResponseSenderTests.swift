@testable import CfnResponse
import Foundation
import HTTPTransport
import JSONKit
import LambdaLog
import Testing

/// The one PUT to the ResponseURL: its bytes, its retries, and what is logged
/// when it cannot be delivered.
struct ResponseSenderTests {
    static let url = "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws%3Acloudformation%3Aus-east-1"
        + "%3A123456789012%3Astack/s/5b6c8e30%7CDefaultVpc%7C7f2d1c3e?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261126T080000Z"
        + "&X-Amz-Credential=AKIAEXAMPLEEXAMPLE12%2F20261126%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0123456789abcdef"

    static let response = CustomResourceResponse(status: .success, reason: "Créé: 日本 ✓", physicalResourceID: "vpc-1",
                                                 stackID: RecordedEvents.stackID, requestID: RecordedEvents.createRequestID,
                                                 logicalResourceID: "DefaultVpc", data: ["VpcId": "vpc-1"])

    static let secret = CustomResourceResponse(status: .success, reason: "ok", physicalResourceID: "user-1",
                                               stackID: RecordedEvents.stackID, requestID: RecordedEvents.createRequestID,
                                               logicalResourceID: "Password", noEcho: true, data: ["Password": "hunter2-secret"])

    static func sender(_ transport: RecordingTransport, _ clock: ManualClock) -> ResponseSender {
        ResponseSender(transport: transport, clock: clock.clock, sleep: clock.sleep)
    }

    @Test("one PUT to the URL exactly as given, empty Content-Type, Content-Length in UTF-8 bytes, the response as body")
    func requestBytes() async throws {
        let clock = ManualClock()
        let transport = RecordingTransport(clock: clock.clock)
        let sink = LogSink.memory()
        let delivered = await Self.sender(transport, clock).send(Self.response, to: Self.url, deadline: clock.now + 60_000,
                                                                 logger: Logger(sink: sink))
        #expect(delivered)
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "PUT")
        #expect(request.url == Self.url)
        #expect(request.headers.contains(HTTPHeader("Content-Type", "")))
        #expect(request.headers.filter { $0.name.lowercased() == "content-type" }.count == 1)
        let bodyBytes = Self.response.bodyText.utf8.count
        #expect(bodyBytes > Self.response.bodyText.count, "the sample has multi-byte characters")
        #expect(request.headers["Content-Length"] == String(bodyBytes))
        #expect(request.body == Self.response.body)
        #expect(try JSONValue(parsing: request.body)["Reason"] == "Créé: 日本 ✓")
        #expect(request.timeout == .milliseconds(10_000), "each try is bounded")
        #expect(clock.sleeps.isEmpty)
        #expect(sink.lines.contains { $0.contains("CloudFormation response sent: SUCCESS") })
    }

    @Test("a try never outlasts the deadline less a safety margin")
    func attemptTimeout() async throws {
        let clock = ManualClock()
        let transport = RecordingTransport(clock: clock.clock)
        _ = await Self.sender(transport, clock).send(Self.response, to: Self.url, deadline: clock.now + 2_000, logger: Logger(sink: .memory()))
        #expect(try #require(transport.requests.first).timeout == .milliseconds(1_900))
    }

    @Test("500, 500, 200: delivered on the third try, after backing off")
    func retriesServerErrors() async {
        let clock = ManualClock()
        let transport = RecordingTransport([.status(500), .status(500), .status(200)], clock: clock.clock)
        let sink = LogSink.memory()
        let delivered = await Self.sender(transport, clock).send(Self.response, to: Self.url, deadline: clock.now + 60_000,
                                                                 logger: Logger(sink: sink))
        #expect(delivered)
        #expect(transport.requests.count == 3)
        #expect(transport.requests.allSatisfy { $0.body == Self.response.body && $0.url == Self.url })
        #expect(clock.sleeps.count == 2)
        if clock.sleeps.count == 2 {
            #expect((100...200).contains(clock.sleeps[0]))
            #expect((200...400).contains(clock.sleeps[1]))
        }
        #expect(sink.lines.filter { $0.contains("\tWARN\t") && $0.contains("PUT failed") }.count == 2)
        #expect(!sink.lines.contains { $0.contains("X-Amz-Signature") })
    }

    @Test("transport errors are retried like error answers")
    func retriesTransportErrors() async {
        let clock = ManualClock()
        let transport = RecordingTransport([.failure(HTTPTransportError(.connect, "Connection refused")),
                                            .failure(HTTPTransportError(.timeout, "Operation timed out")),
                                            .status(200)], clock: clock.clock)
        let delivered = await Self.sender(transport, clock).send(Self.response, to: Self.url, deadline: clock.now + 60_000,
                                                                 logger: Logger(sink: .memory()))
        #expect(delivered)
        #expect(transport.requests.count == 3)
    }

    @Test("a 4xx answer is retried too")
    func retriesClientErrors() async {
        let clock = ManualClock()
        let transport = RecordingTransport([.status(403), .status(200)], clock: clock.clock)
        let delivered = await Self.sender(transport, clock).send(Self.response, to: Self.url, deadline: clock.now + 60_000,
                                                                 logger: Logger(sink: .memory()))
        #expect(delivered)
        #expect(transport.requests.count == 2)
    }

    @Test("it stops after the maximum number of tries")
    func maximumAttempts() async {
        let clock = ManualClock()
        let transport = RecordingTransport.always(503, clock: clock.clock)
        let delivered = await Self.sender(transport, clock).send(Self.response, to: Self.url, deadline: clock.now + 600_000,
                                                                 logger: Logger(sink: .memory()))
        #expect(!delivered)
        #expect(transport.requests.count == 8)
        #expect(clock.sleeps.count == 7)
    }

    @Test("when the deadline leaves no room it gives up, logging the whole response without NoEcho data or the URL's query",
          arguments: [LogFormat.text, .json])
    func givesUp(_ format: LogFormat) async throws {
        let clock = ManualClock()
        let deadline = clock.now + 1_000
        let transport = RecordingTransport.always(500, clock: clock.clock)
        let sink = LogSink.memory()
        let delivered = await Self.sender(transport, clock).send(Self.secret, to: Self.url, deadline: deadline,
                                                                 logger: Logger(format: format, sink: sink))
        #expect(!delivered)
        #expect(transport.requests.count >= 2 && transport.requests.count < 8)
        #expect(transport.sentAt.allSatisfy { $0 < deadline - 100 }, "no try starts inside the safety margin")
        #expect(clock.now < deadline, "no backoff sleeps past the deadline")

        let final = try #require(sink.lines.last)
        #expect(final.contains("CloudFormation response NOT delivered after \(transport.requests.count) attempt(s)"))
        #expect(final.contains("(1 values hidden: NoEcho)"))
        #expect(final.contains("user-1"), "the response itself is in the log")
        #expect(final.contains("?(query redacted)"))
        #expect(final.contains("HTTP 500"), "each failure is in the log")
        for line in sink.lines {
            #expect(!line.contains("hunter2-secret"))
            #expect(!line.contains("X-Amz-Signature"))
            #expect(!line.contains("X-Amz-Credential"))
        }
        if format == .json {
            let parsed = try JSONValue(parsing: Data(final.utf8))
            #expect(parsed["level"] == "ERROR")
            let logged = try JSONValue(parsing: Data(try #require(parsed["response"]?.stringValue).utf8))
            #expect(logged["PhysicalResourceId"] == "user-1")
            #expect(logged["Data"] == "(1 values hidden: NoEcho)")
        }
    }

    @Test("with the deadline already (nearly) passed nothing is sent, and the response is still logged")
    func noTimeLeft() async throws {
        let clock = ManualClock()
        let transport = RecordingTransport(clock: clock.clock)
        let sink = LogSink.memory()
        let delivered = await Self.sender(transport, clock).send(Self.response, to: Self.url, deadline: clock.now + 100,
                                                                 logger: Logger(sink: sink))
        #expect(!delivered)
        #expect(transport.requests.isEmpty)
        let final = try #require(sink.lines.last)
        #expect(final.contains("NOT delivered after 0 attempt(s)"))
        #expect(final.contains("vpc-1"))
    }

    @Test("backoff doubles from 200 ms to 3.2 s, half fixed and half jitter", arguments: [
        (1, 100, 200), (2, 200, 400), (3, 400, 800), (4, 800, 1_600), (5, 1_600, 3_200), (6, 1_600, 3_200), (50, 1_600, 3_200),
    ] as [(Int, Int64, Int64)])
    func backoff(_ attempt: Int, _ lowest: Int64, _ highest: Int64) {
        #expect(ResponseSender.backoffMilliseconds(attempt: attempt, random: 0) == lowest)
        #expect(ResponseSender.backoffMilliseconds(attempt: attempt, random: 1000) == highest)
        let middle = ResponseSender.backoffMilliseconds(attempt: attempt, random: 500)
        #expect(middle > lowest && middle < highest)
    }

    @Test("redacted hides the query string, and only that", arguments: [
        ("https://bucket.s3.amazonaws.com/key?X-Amz-Signature=abc&b=2", "https://bucket.s3.amazonaws.com/key?(query redacted)"),
        ("https://bucket.s3.amazonaws.com/key", "https://bucket.s3.amazonaws.com/key"),
        ("http://127.0.0.1:8080/r?", "http://127.0.0.1:8080/r?(query redacted)"),
        ("https://h/p?a=1?b=2", "https://h/p?(query redacted)"),
    ])
    func redacted(_ url: String, _ expected: String) {
        #expect(ResponseSender.redacted(url) == expected)
    }
}
