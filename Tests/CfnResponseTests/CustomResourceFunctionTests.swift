import CfnResponse
import Foundation
import HTTPTransport
import JSONKit
import LambdaLog
import Synchronization
import Testing

/// `CustomResourceFunction.serve`: exactly one response for every outcome.
struct CustomResourceFunctionTests {
    struct StubHandler: CustomResourceHandler {
        let body: @Sendable (CustomResourceRequest, CustomResourceContext) async throws -> CustomResourceResult

        init(_ body: @escaping @Sendable (CustomResourceRequest, CustomResourceContext) async throws -> CustomResourceResult) {
            self.body = body
        }

        func handle(_ request: CustomResourceRequest, context: CustomResourceContext) async throws -> CustomResourceResult {
            try await body(request, context)
        }
    }

    /// Counts handler calls and the requests they got.
    final class Calls: Sendable {
        private let requests = Mutex<[CustomResourceRequest]>([])
        func record(_ request: CustomResourceRequest) { requests.withLock { $0.append(request) } }
        var all: [CustomResourceRequest] { requests.withLock { $0 } }
    }

    static let stream = "2026/11/26/[$LATEST]abc"
    static let link = "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/"
        + "$252Faws$252Flambda$252Ff/log-events/2026$252F11$252F26$252F$255B$2524LATEST$255Dabc"

    static func function(_ handler: some CustomResourceHandler, _ transport: RecordingTransport,
                         clock: ManualClock? = nil) -> CustomResourceFunction {
        let sender = clock.map { ResponseSender(transport: transport, clock: $0.clock, sleep: $0.sleep) } ?? ResponseSender(transport: transport)
        return CustomResourceFunction(handlerName: "DefaultVpcId", handler: handler, sender: sender)
    }

    static func invocation(deadline: Int64 = WallClock.nowMilliseconds() + 60_000, sink: LogSink) -> CustomResourceFunction.Invocation {
        CustomResourceFunction.Invocation(lambdaRequestID: "lambda-req-1", deadlineMilliseconds: deadline, logGroupName: "/aws/lambda/f",
                                          logStreamName: stream, region: "us-east-1", logger: Logger(format: .text, sink: sink))
    }

    static func sentDocument(_ transport: RecordingTransport) throws -> JSONValue {
        try JSONValue(parsing: try #require(transport.requests.first).body)
    }

    static func expectNoSecretsLogged(_ sink: LogSink, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in sink.lines {
            #expect(!line.contains("X-Amz-Signature"), "the ResponseURL's query is a credential", sourceLocation: sourceLocation)
        }
    }

    // MARK: success

    @Test("success: SUCCESS with the handler's id and Data, PUT once to the ResponseURL", arguments: [
        ("create", String?.some("vpc-new"), "vpc-new"),
        ("create", nil, "DefaultVpc-7f2d1c3e8a4b"),
        ("update", nil, RecordedEvents.physicalID),
        ("update", "vpc-replacement", "vpc-replacement"),
        ("delete", nil, RecordedEvents.physicalID),
    ])
    func success(_ event: String, _ chosen: String?, _ expectedID: String) async throws {
        let transport = RecordingTransport()
        let calls = Calls()
        let handler = StubHandler { request, context in
            calls.record(request)
            #expect(context.handlerName == "DefaultVpcId")
            #expect(context.lambdaRequestID == "lambda-req-1")
            #expect(context.region == "us-east-1")
            return CustomResourceResult(physicalResourceID: chosen, data: ["VpcId": "vpc-1", "CidrBlock": "172.31.0.0/16"])
        }
        let sink = LogSink.memory()
        let outcome = try await Self.function(handler, transport).serve(RecordedEvents.data(event), invocation: Self.invocation(sink: sink))

        #expect(outcome.delivered)
        #expect(outcome.response.status == .success)
        #expect(outcome.response.physicalResourceID == expectedID)
        #expect(outcome.response.data == ["VpcId": "vpc-1", "CidrBlock": "172.31.0.0/16"])
        #expect(outcome.response.reason == "See the log stream \(Self.stream)")
        #expect(outcome.response.stackID == RecordedEvents.stackID)
        #expect(outcome.response.logicalResourceID == "DefaultVpc")
        #expect(calls.all.count == 1)
        #expect(calls.all.first?.kind.name == event.capitalized)
        #expect(outcome.response.requestID == calls.all.first?.requestID)

        #expect(transport.requests.count == 1)
        let request = try #require(transport.requests.first)
        #expect(request.method == "PUT")
        #expect(request.url == (try RecordedEvents.responseURL(event)))
        #expect(request.body == outcome.response.body)
        Self.expectNoSecretsLogged(sink)
    }

    @Test("NoEcho from the handler is sent and kept out of the log")
    func noEcho() async throws {
        let transport = RecordingTransport()
        let handler = StubHandler { _, _ in CustomResourceResult(physicalResourceID: "p", data: ["Token": "s3cr3t-value"], noEcho: true) }
        let sink = LogSink.memory()
        let outcome = try await Self.function(handler, transport).serve(RecordedEvents.data("create"), invocation: Self.invocation(sink: sink))
        #expect(outcome.response.noEcho)
        #expect(try Self.sentDocument(transport)["NoEcho"] == true)
        #expect(try Self.sentDocument(transport)["Data"] == ["Token": "s3cr3t-value"])
        #expect(!sink.lines.contains { $0.contains("s3cr3t-value") })
    }

    // MARK: handler failures

    struct AWSFailure: DiagnosableError {
        var summary: String { "EC2 DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation." }
        var awsErrorCode: String? { "UnauthorizedOperation" }
        var awsRequestID: String? { "59dbff89-35bd-4eac-99ed-be587EXAMPLE" }
        var httpStatus: Int? { 403 }
    }

    struct PlainFailure: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    static let failures: [(any Error & Sendable, String?, String)] = [
        (AWSFailure(), "DescribeVpcs", """
            DefaultVpcId failed in step DescribeVpcs: EC2 DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation.
            AWS request id: 59dbff89-35bd-4eac-99ed-be587EXAMPLE
            Lambda request id: lambda-req-1
            Log: /aws/lambda/f 2026/11/26/[$LATEST]abc
            \(link)
            """),
        (PlainFailure(), nil, """
            DefaultVpcId failed: disk on fire
            Lambda request id: lambda-req-1
            Log: /aws/lambda/f 2026/11/26/[$LATEST]abc
            \(link)
            """),
        (PlainFailure(), "DescribeSubnets", """
            DefaultVpcId failed in step DescribeSubnets: disk on fire
            Lambda request id: lambda-req-1
            Log: /aws/lambda/f 2026/11/26/[$LATEST]abc
            \(link)
            """),
        (PropertyError(path: "ResourceProperties.Region", problem: "is required but missing"), "ReadProperties", """
            DefaultVpcId failed in step ReadProperties: property ResourceProperties.Region is required but missing
            Lambda request id: lambda-req-1
            Log: /aws/lambda/f 2026/11/26/[$LATEST]abc
            \(link)
            """),
    ]

    @Test("a thrown error: FAILED with the diagnostic as Reason, a recognisable id, and the diagnostic logged", arguments: failures)
    func handlerThrows(_ error: any Error & Sendable, _ step: String?, _ reason: String) async throws {
        let transport = RecordingTransport()
        let handler = StubHandler { _, context in
            if let step { context.step(step) }
            throw error
        }
        let sink = LogSink.memory()
        let outcome = try await Self.function(handler, transport).serve(RecordedEvents.data("create"), invocation: Self.invocation(sink: sink))

        #expect(outcome.response.status == .failed)
        #expect(outcome.response.reason == reason)
        #expect(outcome.response.physicalResourceID == "mapu-failed-create:DefaultVpc:\(RecordedEvents.createRequestID)")
        #expect(outcome.response.data == [:])
        #expect(outcome.delivered)
        #expect(transport.requests.count == 1)
        #expect(try Self.sentDocument(transport)["Status"] == "FAILED")
        #expect(try Self.sentDocument(transport)["Reason"]?.stringValue == reason)

        let logged = try #require(sink.lines.first { $0.contains("\tERROR\t") })
        #expect(logged.contains("handler=DefaultVpcId"))
        if let step { #expect(logged.contains("step=\(step)")) }
        if error is AWSFailure {
            #expect(logged.contains("awsErrorCode=UnauthorizedOperation"))
            #expect(logged.contains("awsRequestId=59dbff89-35bd-4eac-99ed-be587EXAMPLE"))
            #expect(logged.contains("httpStatus=403"))
        }
        if error is PropertyError { #expect(logged.contains("propertyPath=ResourceProperties.Region")) }
        Self.expectNoSecretsLogged(sink)
    }

    @Test("a failed Update or Delete keeps the incoming id", arguments: ["update", "delete"])
    func failedKeepsID(_ event: String) async throws {
        let transport = RecordingTransport()
        let outcome = try await Self.function(StubHandler { _, _ in throw PlainFailure() }, transport)
            .serve(RecordedEvents.data(event), invocation: Self.invocation(sink: .memory()))
        #expect(outcome.response.status == .failed)
        #expect(outcome.response.physicalResourceID == RecordedEvents.physicalID)
    }

    @Test("a very long error message still fits: summary first, cut with the marker")
    func longFailureFits() async throws {
        struct Long: Error, CustomStringConvertible { var description: String { "too much: " + String(repeating: "日本語 ", count: 2000) } }
        let transport = RecordingTransport()
        let sink = LogSink.memory()
        let outcome = try await Self.function(StubHandler { _, _ in throw Long() }, transport)
            .serve(RecordedEvents.data("create"), invocation: Self.invocation(sink: sink))
        #expect(outcome.response.reason.hasPrefix("DefaultVpcId failed: too much: 日本語"))
        #expect(outcome.response.reason.hasSuffix(CustomResourceResponse.truncationMarker))
        #expect(try #require(transport.requests.first).body.count <= 4096)
        #expect(sink.lines.contains { $0.contains("Lambda request id: lambda-req-1") }, "the whole diagnostic is in the log")
    }

    @Test("a handler's id too long for the budget still leads to exactly one PUT")
    func hugePhysicalID() async throws {
        let transport = RecordingTransport()
        let hugeID = String(repeating: "i", count: 5000)
        let outcome = try await Self.function(StubHandler { _, _ in CustomResourceResult(physicalResourceID: hugeID, data: ["K": "v"]) }, transport)
            .serve(RecordedEvents.data("create"), invocation: Self.invocation(sink: .memory()))
        #expect(transport.requests.count == 1)
        #expect(outcome.response.physicalResourceID == hugeID)
        #expect(outcome.response.status == .failed)
    }

    // MARK: requests that cannot be served

    @Test("a malformed request: FAILED echoing its ids, without calling the handler", arguments: [
        ("create", ["RequestType": JSONValue?.some("Destroy")], #"malformed CloudFormation request: RequestType is "Destroy": expected Create, Update or Delete"#,
         "mapu-failed-create:DefaultVpc:\(RecordedEvents.createRequestID)"),
        ("delete", ["ResourceProperties": .some("x")], "malformed CloudFormation request: ResourceProperties is not an object",
         RecordedEvents.physicalID),
        ("update", ["PhysicalResourceId": nil], "malformed CloudFormation request: PhysicalResourceId is missing",
         "mapu-failed-create:DefaultVpc:\(RecordedEvents.updateRequestID)"),
    ] as [(String, [String: JSONValue?], String, String)])
    func malformed(_ event: String, _ changes: [String: JSONValue?], _ summary: String, _ physicalID: String) async throws {
        let transport = RecordingTransport()
        let calls = Calls()
        let handler = StubHandler { request, _ in
            calls.record(request)
            return CustomResourceResult()
        }
        let sink = LogSink.memory()
        let outcome = try await Self.function(handler, transport).serve(RecordedEvents.data(event, changes), invocation: Self.invocation(sink: sink))

        #expect(calls.all.isEmpty)
        #expect(outcome.response.status == .failed)
        #expect(outcome.response.reason.hasPrefix("DefaultVpcId failed: \(summary)\nLambda request id: lambda-req-1\n"))
        #expect(outcome.response.physicalResourceID == physicalID)
        let original = try RecordedEvents.object(event)
        #expect(outcome.response.stackID == original["StackId"]?.stringValue)
        #expect(outcome.response.requestID == original["RequestId"]?.stringValue)
        #expect(outcome.response.logicalResourceID == "DefaultVpc")
        #expect(transport.requests.count == 1)
        #expect(transport.requests.first?.url == (try RecordedEvents.responseURL(event)))
        Self.expectNoSecretsLogged(sink)
    }

    @Test("not a CloudFormation request: throws, sends nothing, calls no handler")
    func notCloudFormation() async throws {
        let transport = RecordingTransport()
        let calls = Calls()
        let handler = StubHandler { request, _ in
            calls.record(request)
            return CustomResourceResult()
        }
        let function = Self.function(handler, transport)
        let payload = try RecordedEvents.data("create", ["ResponseURL": nil])
        let error = await #expect(throws: NotACloudFormationRequest.self) {
            try await function.serve(payload, invocation: Self.invocation(sink: .memory()))
        }
        #expect(error?.detail == "it has no ResponseURL")
        #expect(transport.requests.isEmpty)
        #expect(calls.all.isEmpty)
    }

    @Test("Delete of a failed Create's id succeeds at once without calling the handler")
    func deleteOfFailedCreate() async throws {
        let transport = RecordingTransport()
        let calls = Calls()
        let handler = StubHandler { request, _ in
            calls.record(request)
            throw PlainFailure()
        }
        let id = "mapu-failed-create:DefaultVpc:\(RecordedEvents.createRequestID)"
        let outcome = try await Self.function(handler, transport)
            .serve(RecordedEvents.data("delete", ["PhysicalResourceId": .string(id)]), invocation: Self.invocation(sink: .memory()))
        #expect(calls.all.isEmpty)
        #expect(outcome.response.status == .success)
        #expect(outcome.response.physicalResourceID == id)
        #expect(outcome.response.reason == "Nothing to delete: the Create of this resource failed.")
        #expect(transport.requests.count == 1)
    }

    @Test("an undeliverable response is reported as not delivered")
    func undeliverable() async throws {
        let clock = ManualClock(WallClock.nowMilliseconds())
        let transport = RecordingTransport.always(500, clock: clock.clock)
        let sink = LogSink.memory()
        let outcome = try await Self.function(StubHandler { _, _ in CustomResourceResult(physicalResourceID: "p") }, transport, clock: clock)
            .serve(RecordedEvents.data("create"), invocation: Self.invocation(deadline: clock.now + 5_000, sink: sink))
        #expect(!outcome.delivered)
        #expect(transport.requests.count > 1)
        #expect(sink.lines.contains { $0.contains("NOT delivered") })
        Self.expectNoSecretsLogged(sink)
    }

    // MARK: timeout guard and cancellation

    @Test("a handler still running near the deadline is abandoned: FAILED 'timed out' in its step, sent once, before the deadline")
    func timeoutGuard() async throws {
        // The guard runs on a clock of the test's own: its wait moves the
        // clock on at once, but only after the handler has entered its step.
        let clock = ManualClock()
        let transport = RecordingTransport(clock: clock.clock)
        let (entered, enteredContinuation) = AsyncStream.makeStream(of: Void.self)
        let (finished, finishedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let handler = StubHandler { _, context in
            context.step("DescribeVpcs")
            enteredContinuation.yield()
            // Ignores cancellation, as a handler stuck in a blocking call
            // would, and finishes only when the test lets it: after the answer.
            await Task.detached {
                var waiting = release.makeAsyncIterator()
                _ = await waiting.next()
            }.value
            finishedContinuation.yield()
            return CustomResourceResult(physicalResourceID: "late-success")
        }
        let guardSleep: @Sendable (Duration) async -> Void = { duration in
            var started = entered.makeAsyncIterator()
            _ = await started.next()
            await clock.sleep(duration)
        }
        let sender = ResponseSender(transport: transport, clock: clock.clock, sleep: guardSleep)
        let deadline = clock.now + 4_000
        let sink = LogSink.memory()
        let outcome = try await CustomResourceFunction(handlerName: "DefaultVpcId", handler: handler, sender: sender)
            .serve(RecordedEvents.data("create"), invocation: Self.invocation(deadline: deadline, sink: sink))

        #expect(outcome.response.status == .failed)
        #expect(outcome.response.reason.hasPrefix("DefaultVpcId failed in step DescribeVpcs: timed out after 3.0 s; the handler was abandoned 1.0 s before the Lambda deadline"))
        #expect(outcome.response.physicalResourceID == "mapu-failed-create:DefaultVpc:\(RecordedEvents.createRequestID)")
        #expect(outcome.delivered)
        let sentAt = try #require(transport.sentAt.first)
        #expect(sentAt < deadline, "the answer must reach CloudFormation while the function still runs")

        // The handler finishes late; its result must never be sent.
        releaseContinuation.yield()
        var iterator = finished.makeAsyncIterator()
        _ = await iterator.next()
        try await Task.sleep(for: .milliseconds(100))
        #expect(transport.requests.count == 1)
        #expect(try Self.sentDocument(transport)["PhysicalResourceId"] != "late-success")
    }

    @Test("a cancelled serve (SIGTERM) sends FAILED 'interrupted' exactly once")
    func cancelled() async throws {
        let transport = RecordingTransport()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (ended, endedContinuation) = AsyncStream.makeStream(of: Void.self)
        let handler = StubHandler { _, context in
            context.step("CreateThing")
            startedContinuation.yield()
            defer { endedContinuation.yield() }
            try await Task.sleep(for: .seconds(5))
            return CustomResourceResult(physicalResourceID: "too-late")
        }
        let function = Self.function(handler, transport)
        let payload = try RecordedEvents.data("create")
        let serving = Task { try await function.serve(payload, invocation: Self.invocation(sink: .memory())) }

        var startedIterator = started.makeAsyncIterator()
        _ = await startedIterator.next()
        serving.cancel()
        let outcome = try await serving.value

        #expect(outcome.response.status == .failed)
        #expect(outcome.response.reason.hasPrefix("DefaultVpcId failed in step CreateThing: interrupted"))
        #expect(outcome.response.reason.contains("SIGTERM"))
        #expect(outcome.delivered)

        var endedIterator = ended.makeAsyncIterator()
        _ = await endedIterator.next()
        try await Task.sleep(for: .milliseconds(100))
        #expect(transport.requests.count == 1)
    }
}
