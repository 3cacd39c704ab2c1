import Foundation
import HTTPTransport
import Testing

/// Inputs the `runtime-headers` fuzz target (fuzz/runtime-headers) found to
/// crash the process, kept so that they stay plain errors.
@Suite struct FuzzRegressionTests {
    /// A chunk size near `Int.max` after a non-empty chunk made the limit
    /// check `body.count + size` overflow, a Swift trap that killed the runtime.
    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7FFFFFFFFFFFFFFF;ext=1\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n+7fffffffffffffff\r\n",
    ])
    func chunkSizeNearIntMaxIsRefused(raw: String) throws {
        #expect(throws: HTTPTransportError(.malformedResponse, "chunked body over the 16777216-byte limit")) {
            try HTTP1ConnectionTests.reading(Array(raw.utf8)).readResponse()
        }
    }

    /// The input as the fuzzer found it (crash-da117e31f7f0d7d9d428a6850aaee5a230967119).
    @Test func chunkSizeOverflowAsFound() throws {
        let found = """
            SFRUUC8xLjEgMjAwIE9LDQpUcmFuc2Zlci1FbmNvZGluZzogY2h1bmtlZA0KTGFtYmRhLVJ1bgAAA9ktQXdzLVJlcXVlc3QtSWQ6\
            NjIwMCBLTzQxOTtTYW1wbGVkPTENCg0KNQ0KaGVsbG8NCjc7ZXiWPTENCiwgSG9ybGQNCjA3ZmZmZmZmZmZmZmZmZmZmDQpUcmFp\
            bGVyOiAyMzgwMTI3MTA5NTpmdW5jdGlvNDliMGU4N2Y2NmZjZTg3ZmMyZTcwNTQy////jmUtSW52b2sKNztlQHh0PTENCiwgd29y\
            bGQNCjANClRyYWlsOnVzLWU6MTIzNDU2ZQ0KTGFtYmRhLVJ1bnRpbWUtVHJhY2UtSWQ6IFJvb3Q9MS0qNWJlOTE5N2FmNzU1YTY0\
            MTk7UwosIHdvcmxkDQowDWFkbGluZS1NczogMSQ0MjQwOTcwNjg4OQ0KTGFtYmRjLVJ1aW1lLUF3cy1SZXF1ZXN0LUkgd29ybGQN\
            CjANClRyYWlsZXI6IHgNCkxhbWJkYS1SdW50aW1lLbWIjNJSZXF1ZXN0QXJuOmE0Yi00ZTVmSFRUUC8xLjEgMjAwIE9LDQphdGZv\
            cm0tRGV1bHRWcGNJZCIKID99Cn0KTGFtYmRhLVKT4210aY5lLUludm9rCjc7ZXh0PTENCiwgd29ybGQNCjANClRyYWlsOnVzLWVh\
            c3QtMjoxMjM0NTZTZXF1ZW5jZXVuY3RpbGFtYmRhLXJ1bnRpbWUtaW52b2tlZC1mdW5jdGlvbi1hcm40OWJmSFRUUC8xLjEgMjAw\
            IEthDQpPb3Rmcm0tRGV1bHRWcGNJZCIKID99Cn0KTGFtYmRhLVKT4210aY5lLUludm9rCjc7ZXh0PTENCiwgd29ybGQNCjANClRy\
            YWlsOnVzLWVhc3QtMjoxMjM0NTZlDQpMYW1iZGEtUnVudGltZS1UcmFjZS1JZDogUm9vdD0xLSo1YmU5MTk3YWY3NTVhNjQxOTtT\
            Ciwgd29ybGQNCjANClRyYWlsZXI6IHgNCg0K
            """
        let raw = try #require(Data(base64Encoded: found))
        #expect(throws: HTTPTransportError(.malformedResponse, "chunked body over the 16777216-byte limit")) {
            try HTTP1ConnectionTests.reading(Array(raw)).readResponse()
        }
    }

    /// The server side reads chunked bodies with the same code.
    @Test func chunkSizeNearIntMaxInARequestIsRefused() throws {
        let raw = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n7fffffffffffffff\r\n"
        #expect(throws: HTTPTransportError(.malformedResponse, "chunked body over the 16777216-byte limit")) {
            try HTTP1ConnectionTests.reading(Array(raw.utf8)).readRequest()
        }
    }
}
