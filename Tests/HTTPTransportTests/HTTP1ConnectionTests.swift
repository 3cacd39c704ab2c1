import Foundation
import HTTPTransport
import Testing

/// HTTP/1.1 framing on a real loopback socket: a peer writes raw bytes, the
/// connection reads a message from them.
@Suite struct HTTP1ConnectionTests {
    /// Serves `raw` to the first connection and returns a client connection to it.
    static func reading(_ raw: [UInt8]) throws -> HTTP1Connection {
        let (listener, port) = try Socket.listen()
        startThread {
            guard let peer = listener.accept() else { return }
            _ = raw.withUnsafeBytes { send(peer.descriptor, $0.baseAddress, raw.count, Int32(MSG_NOSIGNAL)) }
            peer.shutdown()
            withExtendedLifetime(listener) {}
        }
        return HTTP1Connection(socket: try Socket.connect(host: "127.0.0.1", port: port))
    }

    @Test func chunkedBodyIsJoined() throws {
        let raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Id: 7\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n"
        let response = try Self.reading(Array(raw.utf8)).readResponse()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello, world")
        #expect(response.headers["x-id"] == "7")
    }

    @Test func sixMegabyteBodyByContentLength() throws {
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: 6 * 1024 * 1024)
        let raw = Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        let response = try Self.reading(raw).readResponse()
        #expect(response.body.count == body.count)
    }

    @Test func bodyWithoutLengthRunsToTheEnd() throws {
        let response = try Self.reading(Array("HTTP/1.1 500 Oops\r\n\r\nall of it".utf8)).readResponse()
        #expect(response.status == 500)
        #expect(String(decoding: response.body, as: UTF8.self) == "all of it")
    }

    @Test(arguments: [
        ("HTTP/1.1 abc OK\r\n\r\n", "bad status line"),
        ("SSH-2.0-OpenSSH\r\n\r\n", "bad status line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n", "bad Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "closed 5 bytes into a 10-byte body"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "bad header line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n", "over the 16777216-byte limit"),
        ("HTTP/1.1 200 OK\r\n", "closed before the message head ended"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length: 5\r\n\r\nabcde", "conflicting Content-Length headers [\"3\", \"5\"]"),
    ])
    func malformedResponsesAreErrorsNamingTheProblem(raw: String, expected: String) async throws {
        do {
            _ = try Self.reading(Array(raw.utf8)).readResponse()
            Issue.record("\(raw.debugDescription) must not parse")
        } catch let error as HTTPTransportError {
            #expect(error.detail.contains(expected), "\(error)")
        }
    }

    @Test func requestRoundTripThroughAServerConnection() throws {
        let (listener, port) = try Socket.listen()
        let client = HTTP1Connection(socket: try Socket.connect(host: "localhost", port: port))
        let server = HTTP1Connection(socket: try #require(listener.accept()))
        try client.sendRequest(method: "POST", target: "/2018-06-01/runtime/init/error", host: "127.0.0.1:\(port)",
                               headers: [HTTPHeader("Lambda-Runtime-Function-Error-Type", "Runtime.X")], body: Data("{}".utf8))
        let request = try #require(try server.readRequest())
        #expect(request.method == "POST")
        #expect(request.target == "/2018-06-01/runtime/init/error")
        #expect(request.headers["lambda-runtime-function-error-type"] == "Runtime.X")
        #expect(request.headers["Content-Length"] == "2")
        #expect(request.body == Data("{}".utf8))
        try server.sendResponse(status: 202, body: Data("{\"status\":\"OK\"}".utf8))
        let response = try client.readResponse()
        #expect(response.status == 202)
        client.socket.shutdown()
        #expect(try server.readRequest() == nil, "a close between requests is the end, not an error")
    }

    @Test func interimResponsesAreSkippedAndHEADHasNoBody() throws {
        let continued = try Self.reading(Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)).readResponse()
        #expect(continued.status == 200)
        #expect(continued.body == Data("ok".utf8))
        let head = try Self.reading(Array("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n".utf8)).readResponse(toHEAD: true)
        #expect(head.status == 200)
        #expect(head.body.isEmpty, "a HEAD answer's Content-Length describes a body that is not sent")
    }

    @Test func callersHostIsKeptAndTheirContentLengthReplaced() throws {
        let (listener, port) = try Socket.listen()
        let client = HTTP1Connection(socket: try Socket.connect(host: "127.0.0.1", port: port))
        let server = HTTP1Connection(socket: try #require(listener.accept()))
        try client.sendRequest(method: "PUT", target: "/", host: "127.0.0.1:\(port)",
                               headers: [HTTPHeader("host", "ec2.local:4566"), HTTPHeader("Content-Length", "999")], body: Data("abc".utf8))
        let request = try #require(try server.readRequest())
        #expect(request.headers.filter { $0.name.lowercased() == "host" }.map(\.value) == ["ec2.local:4566"])
        #expect(request.headers.filter { $0.name.lowercased() == "content-length" }.map(\.value) == ["3"])
        #expect(request.body == Data("abc".utf8))
    }
}
