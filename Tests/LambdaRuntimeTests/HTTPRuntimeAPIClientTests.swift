import Foundation
import HTTPTransport
import LambdaRuntime
import LocalLambda
import TestSupport
import Testing

/// The Runtime API client against the loopback Runtime API server, on the wire.
@Suite struct HTTPRuntimeAPIClientTests {
    @Test func nextReadsTheEventAndItsContextAndResponsesArePosted() async throws {
        let server = try RuntimeAPIServer(functionARN: "arn:aws:lambda:eu-west-1:111122223333:function:f")
        defer { server.stop() }
        let payload = Data(String(repeating: "x", count: 6 * 1024 * 1024 - 100).utf8)
        server.enqueue(.init(requestID: "req-1", payload: payload, deadlineMilliseconds: 1_800_000_000_000,
                             headers: ["Lambda-Runtime-Aws-Tenant-Id": "tenant-a", "Lambda-Runtime-Client-Context": "{\"c\":1}"]))
        let address = server.address.split(separator: ":")
        let waited = Flag()
        let client = HTTPRuntimeAPIClient(host: String(address[0]), port: Int(address[1])!, whileWaiting: { waited.set() })

        let invocation = try await client.next()
        #expect(invocation.payload == payload, "a 6 MB payload arrives whole")
        #expect(invocation.context.requestID == "req-1")
        #expect(invocation.context.deadlineMilliseconds == 1_800_000_000_000)
        #expect(invocation.context.invokedFunctionARN == "arn:aws:lambda:eu-west-1:111122223333:function:f")
        #expect(invocation.context.traceID?.hasPrefix("Root=1-") == true)
        #expect(invocation.context.tenantID == "tenant-a")
        #expect(invocation.context.clientContext == "{\"c\":1}")
        #expect(waited.isSet, "the start-up hook runs once the first /next is on its way")

        try await client.respond(requestID: "req-1", body: Data("{\"ok\":true}".utf8))
        try await client.reportError(requestID: "req-1", ErrorReport(errorType: "E", errorMessage: "m"))
        let reports = await server.waitForReports(2, timeout: .seconds(30))
        #expect(reports.count == 2)
        if case .response(let id, let body)? = reports.first {
            #expect(id == "req-1")
            #expect(body == Data("{\"ok\":true}".utf8))
        } else {
            Issue.record("expected a response, got \(reports)")
        }
        if case .error(_, let type, let body)? = reports.last {
            #expect(type == "E")
            #expect(String(decoding: body, as: UTF8.self) == "{\"errorMessage\":\"m\",\"errorType\":\"E\",\"stackTrace\":[]}")
        } else {
            Issue.record("expected an error report, got \(reports)")
        }
        #expect(server.unexpectedRequests.isEmpty)
    }

    @Test func interruptUnblocksAWaitingNext() async throws {
        let server = try RuntimeAPIServer()
        defer { server.stop() }
        let address = server.address.split(separator: ":")
        let client = HTTPRuntimeAPIClient(host: String(address[0]), port: Int(address[1])!)
        let waiting = Task { try await client.next() }
        #expect(await server.waitForNextCalls(1, timeout: .seconds(30)))
        client.interrupt()
        let result = await waiting.result
        #expect(throws: RuntimeAPIError.self) { try result.get() }
    }

    @Test func unreachableRuntimeAPIIsFatal() async throws {
        let client = HTTPRuntimeAPIClient(host: "127.0.0.1", port: try TestAWS.deadPort())
        do {
            _ = try await client.next()
            Issue.record("nothing listens there")
        } catch let error as RuntimeAPIError {
            #expect(error.isFatal)
            #expect(error.description.hasPrefix("Runtime API GET /2018-06-01/runtime/invocation/next failed: cannot connect"))
        }
    }

    @Test func rejectedCallIsNotFatal() async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 413, body: Data("{\"errorMessage\":\"too big\"}".utf8)) }
        defer { server.stop() }
        let client = HTTPRuntimeAPIClient(host: "127.0.0.1", port: server.port)
        do {
            try await client.respond(requestID: "r", body: Data())
            Issue.record("413 must throw")
        } catch let error as RuntimeAPIError {
            #expect(!error.isFatal)
            #expect(error.status == 413)
        }
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
