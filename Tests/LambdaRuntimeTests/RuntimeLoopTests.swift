import Foundation
import HTTPTransport
import LambdaLog
import LambdaRuntime
import Testing

/// The event loop against a scripted Runtime API: what it sends for each
/// outcome, when it goes on and when it ends.
struct RuntimeLoopTests {
    typealias Call = ScriptedRuntimeAPI.Call

    static let exhausted = RuntimeExit.lostRuntimeAPI(ScriptedRuntimeAPI.exhausted.description)

    static func loop(_ client: ScriptedRuntimeAPI, sink: LogSink = .memory(), shutdown: ShutdownSignal = ShutdownSignal(),
                     traces: Recorder<String?> = Recorder()) -> RuntimeLoop<ScriptedRuntimeAPI> {
        RuntimeLoop(client: client, logger: Logger(format: .text, sink: sink), shutdown: shutdown,
                    exportTraceID: { traces.record($0) })
    }

    static let echo = ClosureHandler { invocation, _ in
        Data("answer to ".utf8) + invocation.payload
    }

    // MARK: handler outcomes

    @Test("a handler's result is posted as the invocation's response")
    func success() async throws {
        let client = ScriptedRuntimeAPI([.invocation("r1", payload: #"{"n":1}"#)])
        let seen = Recorder<(String, String?, Int64, String)>()
        let handler = ClosureHandler { invocation, logger in
            seen.record((invocation.context.requestID, logger.requestID, invocation.context.deadlineMilliseconds,
                         invocation.context.invokedFunctionARN))
            return Data("answer to ".utf8) + invocation.payload
        }
        let exit = await Self.loop(client).run(handler)

        #expect(client.calls == [.next, .respond(requestID: "r1", body: Data(#"answer to {"n":1}"#.utf8)), .next])
        #expect(exit == Self.exhausted)
        #expect(seen.all.count == 1)
        let invocation = try #require(seen.all.first)
        #expect(invocation.0 == "r1")
        #expect(invocation.1 == "r1", "the handler's logger carries the request id")
        #expect(invocation.2 == 4_102_444_799_000)
        #expect(invocation.3 == ScriptedRuntimeAPI.Step.functionARN)
    }

    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom happened" }
    }

    struct Reportable: LambdaReportableError, CustomStringConvertible {
        var errorType: String { "Custom.Failure" }
        var description: String { "custom failure" }
    }

    enum Failure: Error {
        case badInput
    }

    @Test("a thrown error is reported with its type and the loop goes on", arguments: [
        (Boom() as any Error & Sendable, "Boom", "boom happened"),
        (Reportable(), "Custom.Failure", "custom failure"),
        (Failure.badInput, "Failure", "badInput"),
    ] as [(any Error & Sendable, String, String)])
    func thrownError(_ error: any Error & Sendable, _ errorType: String, _ message: String) async {
        let client = ScriptedRuntimeAPI([.invocation("r1"), .invocation("r2")])
        let sink = LogSink.memory()
        let handler = ClosureHandler { invocation, _ in
            if invocation.context.requestID == "r1" { throw error }
            return Data("ok".utf8)
        }
        let exit = await Self.loop(client, sink: sink).run(handler)

        #expect(client.calls == [
            .next, .reportError(requestID: "r1", ErrorReport(errorType: errorType, errorMessage: message)),
            .next, .respond(requestID: "r2", body: Data("ok".utf8)),
            .next,
        ])
        #expect(exit == Self.exhausted)
        #expect(sink.lines.contains { $0.contains("\tERROR\tr1\tinvocation failed: \(message)") && $0.contains("errorType=\(errorType)") })
    }

    // MARK: unreadable events

    @Test("an event missing a header but with a request id is reported as Runtime.InvalidEvent; the loop goes on")
    func invalidEvent() async {
        let headers = [
            HTTPHeader("Lambda-Runtime-Aws-Request-Id", "r1"),
            HTTPHeader("Lambda-Runtime-Invoked-Function-Arn", ScriptedRuntimeAPI.Step.functionARN),
        ]
        let client = ScriptedRuntimeAPI([.event(headers: headers, payload: Data("{}".utf8)), .invocation("r2")])
        let handled = Recorder<String>()
        let handler = ClosureHandler { invocation, _ in
            handled.record(invocation.context.requestID)
            return Data("ok".utf8)
        }
        let exit = await Self.loop(client).run(handler)

        #expect(client.calls == [
            .next,
            .reportError(requestID: "r1", ErrorReport(errorType: "Runtime.InvalidEvent",
                                                      errorMessage: "Runtime API header Lambda-Runtime-Deadline-Ms is missing")),
            .next, .respond(requestID: "r2", body: Data("ok".utf8)),
            .next,
        ])
        #expect(handled.all == ["r2"], "the handler never sees the unreadable event")
        #expect(exit == Self.exhausted)
    }

    @Test("an event without a request id cannot be answered: the Runtime API is lost")
    func missingRequestID() async {
        let headers = [
            HTTPHeader("Lambda-Runtime-Deadline-Ms", "4102444799000"),
            HTTPHeader("Lambda-Runtime-Invoked-Function-Arn", ScriptedRuntimeAPI.Step.functionARN),
        ]
        let client = ScriptedRuntimeAPI([.event(headers: headers, payload: Data()), .invocation("r2")])
        let sink = LogSink.memory()
        let exit = await Self.loop(client, sink: sink).run(Self.echo)

        #expect(exit == .lostRuntimeAPI("Runtime API header Lambda-Runtime-Aws-Request-Id is missing"))
        #expect(exit.status == 1)
        #expect(client.calls == [.next])
        #expect(sink.lines.contains { $0.contains("Runtime API lost, exiting") && $0.contains("Lambda-Runtime-Aws-Request-Id") })
    }

    // MARK: Runtime API failures

    @Test("next() failing at the transport ends the loop with status 1")
    func nextFails() async {
        let failure = RuntimeAPIError(call: "GET next", status: nil, detail: "cannot connect: Connection refused")
        let client = ScriptedRuntimeAPI([.fail(failure), .invocation("r1")])
        let sink = LogSink.memory()
        let exit = await Self.loop(client, sink: sink).run(Self.echo)

        #expect(exit == .lostRuntimeAPI("Runtime API GET next failed: cannot connect: Connection refused"))
        #expect(exit.status == 1)
        #expect(client.calls == [.next])
        #expect(sink.lines.contains { $0.contains("\tERROR\t") && $0.contains("Runtime API lost, exiting") })
    }

    @Test("a rejected response: 4xx goes on, 5xx or no answer ends the loop", arguments: [
        (RuntimeAPIError(call: "POST response", status: 413, detail: "payload too large"), true),
        (RuntimeAPIError(call: "POST response", status: 400, detail: "invalid request id"), true),
        (RuntimeAPIError(call: "POST response", status: 500, detail: "broken"), false),
        (RuntimeAPIError(call: "POST response", status: nil, detail: "connection failed"), false),
    ])
    func respondRejected(_ rejection: RuntimeAPIError, _ goesOn: Bool) async {
        let client = ScriptedRuntimeAPI([.invocation("r1"), .invocation("r2")], respondAnswers: [rejection])
        let exit = await Self.loop(client).run(ClosureHandler { _, _ in Data("ok".utf8) })

        if goesOn {
            #expect(client.calls == [.next, .respond(requestID: "r1", body: Data("ok".utf8)),
                                     .next, .respond(requestID: "r2", body: Data("ok".utf8)), .next])
            #expect(exit == Self.exhausted)
        } else {
            #expect(client.calls == [.next, .respond(requestID: "r1", body: Data("ok".utf8))])
            #expect(exit == .lostRuntimeAPI(rejection.description))
            #expect(exit.status == 1)
        }
    }

    @Test("a rejected error report: 4xx goes on, 5xx ends the loop", arguments: [
        (RuntimeAPIError(call: "POST error", status: 403, detail: "expired"), true),
        (RuntimeAPIError(call: "POST error", status: 503, detail: "down"), false),
    ])
    func reportRejected(_ rejection: RuntimeAPIError, _ goesOn: Bool) async {
        let client = ScriptedRuntimeAPI([.invocation("r1"), .invocation("r2")], reportAnswers: [rejection])
        let exit = await Self.loop(client).run(ClosureHandler { _, _ in throw Boom() })

        let report = ErrorReport(errorType: "Boom", errorMessage: "boom happened")
        if goesOn {
            #expect(client.calls == [.next, .reportError(requestID: "r1", report), .next, .reportError(requestID: "r2", report), .next])
            #expect(exit == Self.exhausted)
        } else {
            #expect(client.calls == [.next, .reportError(requestID: "r1", report)])
            #expect(exit == .lostRuntimeAPI(rejection.description))
        }
    }

    @Test("a rejected Runtime.InvalidEvent report (4xx) does not end the loop")
    func invalidEventReportRejected() async {
        let headers = [HTTPHeader("Lambda-Runtime-Aws-Request-Id", "r1")]
        let client = ScriptedRuntimeAPI([.event(headers: headers, payload: Data()), .invocation("r2")],
                                        reportAnswers: [RuntimeAPIError(call: "POST error", status: 400, detail: "no")])
        let exit = await Self.loop(client).run(ClosureHandler { _, _ in Data("ok".utf8) })
        #expect(client.calls == [
            .next,
            .reportError(requestID: "r1", ErrorReport(errorType: "Runtime.InvalidEvent",
                                                      errorMessage: "Runtime API header Lambda-Runtime-Deadline-Ms is missing")),
            .next, .respond(requestID: "r2", body: Data("ok".utf8)),
            .next,
        ])
        #expect(exit == Self.exhausted)
    }

    // MARK: shutdown

    @Test("SIGTERM while waiting for an event interrupts next() and ends cleanly")
    func shutdownWhileIdle() async {
        let client = ScriptedRuntimeAPI([.waitForInterrupt, .invocation("never")])
        let shutdown = ShutdownSignal()
        let sink = LogSink.memory()
        let loop = Self.loop(client, sink: sink, shutdown: shutdown)
        let running = Task { await loop.run(Self.echo) }

        await client.waitUntilBlocked()
        shutdown.request()
        let exit = await running.value

        #expect(exit == .shutdown)
        #expect(exit.status == 0)
        #expect(client.calls == [.next, .interrupt])
        #expect(sink.lines.contains { $0.contains("SIGTERM received") })
    }

    @Test("SIGTERM before the loop starts ends it without asking for an event")
    func shutdownBeforeStart() async {
        let client = ScriptedRuntimeAPI([.invocation("r1")])
        let shutdown = ShutdownSignal()
        shutdown.request()
        #expect(shutdown.isRequested)
        let exit = await Self.loop(client, shutdown: shutdown).run(Self.echo)
        #expect(exit == .shutdown)
        #expect(client.calls == [])
    }

    @Test("SIGTERM during an invocation cancels the handler, still reports its result, then ends", arguments: [true, false])
    func shutdownDuringInvocation(handlerAnswers: Bool) async {
        let client = ScriptedRuntimeAPI([.invocation("r1"), .invocation("r2")])
        let shutdown = ShutdownSignal()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let observedCancellation = Recorder<Bool>()
        let handler = ClosureHandler { _, _ in
            startedContinuation.yield()
            do {
                try await Task.sleep(for: .seconds(5))
                return Data("finished".utf8)
            } catch {
                observedCancellation.record(Task.isCancelled && error is CancellationError)
                if handlerAnswers { return Data("cancelled".utf8) }
                throw error
            }
        }
        let loop = Self.loop(client, shutdown: shutdown)
        let running = Task { await loop.run(handler) }

        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()
        shutdown.request()
        let exit = await running.value

        #expect(observedCancellation.all == [true])
        #expect(exit == .shutdown)
        let answer: Call = handlerAnswers
            ? .respond(requestID: "r1", body: Data("cancelled".utf8))
            : .reportError(requestID: "r1", ErrorReport(errorType: "CancellationError", errorMessage: "CancellationError()"))
        #expect(client.calls == [.next, answer], "r2 is never fetched and next() is not interrupted")
    }

    // MARK: trace id

    @Test("the trace id is exported for the invocation and cleared after it")
    func traceID() async {
        let client = ScriptedRuntimeAPI([.invocation("r1", traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1"),
                                         .invocation("r2")])
        let traces = Recorder<String?>()
        let seenByHandler = Recorder<String?>()
        let handler = ClosureHandler { invocation, _ in
            seenByHandler.record(traces.all.last ?? nil)
            #expect(invocation.context.traceID == traces.all.last ?? nil)
            return Data()
        }
        _ = await Self.loop(client, traces: traces).run(handler)

        #expect(seenByHandler.all == ["Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1", nil])
        #expect(traces.all == ["Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Sampled=1", nil, nil, nil])
    }

    @Test("the default trace exporter sets and clears _X_AMZN_TRACE_ID")
    func traceEnvironment() {
        RuntimeLoop<ScriptedRuntimeAPI>.setTraceEnvironment("Root=1-abc")
        #expect(ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"] == "Root=1-abc")
        RuntimeLoop<ScriptedRuntimeAPI>.setTraceEnvironment(nil)
        #expect(ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"] == nil)
    }

    @Test("each exit has its status")
    func exitStatus() {
        #expect(RuntimeExit.shutdown.status == 0)
        #expect(RuntimeExit.lostRuntimeAPI("gone").status == 1)
    }
}
