import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// The two transports of outbound calls (libcurl for https, plain sockets for
/// http://), held to the same contract against loopback servers.
enum Transport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case curl, plain
    var transport: any HTTPTransport { self == .curl ? CurlTransport() : PlainHTTPTransport() }
    var testDescription: String { rawValue }
}

@Suite struct OutboundTransportTests {
    @Test(arguments: Transport.allCases) func putSendsTheBodyAndAnEmptyContentTypeAndNothingOfCurlsOwn(_ kind: Transport) async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 200, body: Data("ok".utf8)) }
        defer { server.stop() }
        let url = server.baseURL + "/arn%3Aaws%3Acloudformation/x%7Cy?X-Amz-Signature=abc%2Fdef&X-Amz-Date=20261126T080000Z"
        let body = Data("{\"Status\":\"SUCCESS\",\"Reason\":\"été\"}".utf8)
        let response = try await kind.transport.send(HTTPRequest(
            method: "PUT", url: url, headers: [HTTPHeader("Content-Type", ""), HTTPHeader("Content-Length", String(body.count))], body: body))
        #expect(response.status == 200)
        #expect(response.body == Data("ok".utf8))
        let received = try #require(server.receivedRequests.first)
        #expect(received.method == "PUT")
        #expect(received.target == "/arn%3Aaws%3Acloudformation/x%7Cy?X-Amz-Signature=abc%2Fdef&X-Amz-Date=20261126T080000Z", "the URL is sent exactly as given")
        #expect(received.body == body)
        #expect(received.headers["Content-Type"] == "")
        #expect(received.headers["Content-Length"] == String(body.count))
        #expect(received.headers["Expect"] == nil)
    }

    @Test(arguments: Transport.allCases) func postWithoutContentTypeSendsNone(_ kind: Transport) async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 201) }
        defer { server.stop() }
        let response = try await kind.transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/", body: Data("a=b".utf8)))
        #expect(response.status == 201)
        let received = try #require(server.receivedRequests.first)
        #expect(received.headers["Content-Type"] == nil, "libcurl's form content type must not be added")
        #expect(received.text == "a=b")
    }

    @Test(arguments: Transport.allCases) func errorStatusesAreAnswersNotErrors(_ kind: Transport) async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 503, headers: [HTTPHeader("x-amzn-RequestId", "r-1")], body: Data("busy".utf8)) }
        defer { server.stop() }
        let response = try await kind.transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
        #expect(response.status == 503)
        #expect(response.headers["X-Amzn-RequestId"] == "r-1")
        #expect(String(decoding: response.body, as: UTF8.self) == "busy")
    }

    @Test(arguments: Transport.allCases) func refusedConnectionIsAConnectError(_ kind: Transport) async throws {
        let port = try TestAWS.deadPort()
        await #expect(throws: HTTPTransportError.self) {
            try await kind.transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/"))
        }
        do {
            _ = try await kind.transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/"))
        } catch let error as HTTPTransportError {
            #expect(error.kind == .connect)
        }
    }

    @Test(arguments: Transport.allCases) func slowServerTimesOut(_ kind: Transport) async throws {
        let server = try LoopbackServer { _ in
            usleep(30_000_000)
            return HTTPResponse(status: 200)
        }
        defer { server.stop() }
        // Load libcurl first: its loading does not count against the timeout.
        _ = try? await kind.transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(try TestAWS.deadPort())/"))
        let started = ContinuousClock.now
        do {
            _ = try await kind.transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/", timeout: .milliseconds(300)))
            Issue.record("a 30 s answer must not beat a 300 ms timeout")
        } catch let error as HTTPTransportError {
            #expect(error.kind == .timeout)
        }
        #expect(ContinuousClock.now - started < .seconds(20), "timed out long before the 30 s answer")
    }

    @Test(arguments: Transport.allCases) func cancellingTheTaskAbortsTheTransfer(_ kind: Transport) async throws {
        let server = try LoopbackServer { _ in
            usleep(30_000_000)
            return HTTPResponse(status: 200)
        }
        defer { server.stop() }
        let started = ContinuousClock.now
        let task = Task { try await kind.transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/")) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(ContinuousClock.now - started < .seconds(20), "cancelled long before the 30 s answer")
    }

    @Test(arguments: Transport.allCases, ["X-Bad\r\nInjected: yes", "X-Fine"])
    func headerInjectionIsRefused(_ kind: Transport, name: String) async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 200) }
        defer { server.stop() }
        let request = HTTPRequest(method: "GET", url: server.baseURL + "/", headers: [HTTPHeader(name, "value\nmore")])
        await #expect(throws: HTTPTransportError.self) { try await kind.transport.send(request) }
        #expect(server.receivedRequests.isEmpty)
    }

    @Test(arguments: Transport.allCases, ["/x HTTP/1.1\r\nInjected: yes\r\n\r\nGET /y", "/a b", "/tab\there"])
    func urlsThatCouldSmuggleARequestAreRefused(_ kind: Transport, path: String) async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 200) }
        defer { server.stop() }
        do {
            _ = try await kind.transport.send(HTTPRequest(method: "GET", url: server.baseURL + path))
            Issue.record("\(path.debugDescription) must not be sent")
        } catch let error as HTTPTransportError {
            #expect(error.kind == .invalidURL, "\(error)")
        }
        #expect(server.receivedRequests.isEmpty)
    }

    @Test(arguments: Transport.allCases) func refusedConnectionWithinATimeoutIsAConnectError(_ kind: Transport) async throws {
        let port = try TestAWS.deadPort()
        do {
            _ = try await kind.transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/", timeout: .seconds(20)))
            Issue.record("nothing listens there")
        } catch let error as HTTPTransportError {
            #expect(error.kind == .connect, "\(error)")
        }
    }

    @Test(arguments: Transport.allCases) func onlyHTTPAndHTTPSAreSent(_ kind: Transport) async {
        await #expect(throws: HTTPTransportError(.invalidURL, "only http and https URLs are supported")) {
            try await kind.transport.send(HTTPRequest(method: "GET", url: "file:///etc/passwd"))
        }
    }
}
