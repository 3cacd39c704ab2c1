import Foundation
@testable import HTTPTransport
import LocalLambda
import Testing

/// What only the plain-socket transport does: read http:// URLs itself, and
/// be the one `OutboundTransport` picks for them.
@Suite struct PlainHTTPTransportTests {
    @Test(arguments: [
        ("http://127.0.0.1:5000/", "127.0.0.1", 5000, "127.0.0.1:5000", "/"),
        ("http://localhost", "localhost", 80, "localhost", "/"),
        ("http://h:81?Action=DescribeVpcs&Version=2016-11-15", "h", 81, "h:81", "/?Action=DescribeVpcs&Version=2016-11-15"),
        ("http://[::1]:8080/a%2Fb?x=%20#fragment", "[::1]", 8080, "[::1]:8080", "/a%2Fb?x=%20"),
        ("http://[::1]/", "[::1]", 80, "[::1]", "/"),
        ("http://h:/x", "h", 80, "h:", "/x"),
    ])
    func urlsAreReadAsSent(url: String, host: String, port: Int, authority: String, target: String) throws {
        let read = try PlainHTTPTarget(url: url)
        #expect([read.host, String(read.port), read.authority, read.requestTarget] == [host, String(port), authority, target])
    }

    @Test(arguments: [
        ("https://ec2.us-east-1.amazonaws.com/", "not an http:// URL"),
        ("http://:80/", "no host"),
        ("http://user:secret@127.0.0.1/", "port"),
        ("http://user@127.0.0.1/", "user information"),
        ("http://127.0.0.1:0/", "port \"0\""),
        ("http://127.0.0.1:99999/", "port \"99999\""),
        ("http://127.0.0.1:http/", "port \"http\""),
        ("http://[::1/", "an unclosed ["),
        ("http://[::1]x/", "text after the IPv6 address"),
    ])
    func badURLsAreRefusedSayingWhy(url: String, expected: String) {
        do {
            _ = try PlainHTTPTarget(url: url)
            Issue.record("\(url) must be refused")
        } catch let error as HTTPTransportError {
            #expect(error.kind == .invalidURL)
            #expect(error.detail.contains(expected), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [
        (Duration.milliseconds(300), 300), (.nanoseconds(1), 1), (.zero, 0), (.seconds(2) + .microseconds(1), 2001),
        (.seconds(Int64.max), Int.max), (.seconds(Int64.min), Int.min),
    ])
    func durationsBecomeWholeMillisecondsRoundedUpAndSaturated(duration: Duration, milliseconds: Int) {
        #expect(duration.milliseconds == milliseconds)
    }

    @Test func outboundTransportSendsHTTPOverPlainSockets() async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 200) }
        defer { server.stop() }
        _ = try await OutboundTransport().send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
        let received = try #require(server.receivedRequests.first)
        #expect(received.headers["Connection"] == "close", "the plain transport's mark: one connection per request")
    }

    @Test func redirectsAreAnswersNotFollowed() async throws {
        let server = try LoopbackServer { _ in HTTPResponse(status: 307, headers: [HTTPHeader("Location", "http://127.0.0.1:1/")]) }
        defer { server.stop() }
        let response = try await PlainHTTPTransport().send(HTTPRequest(method: "PUT", url: server.baseURL + "/", body: Data("x".utf8)))
        #expect(response.status == 307)
        #expect(server.receivedRequests.count == 1)
    }
}
