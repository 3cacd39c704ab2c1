import Foundation
import HTTPTransport
import JSONKit
import LambdaRuntime
import Testing

/// Each Runtime API call as a pure value: method, path, headers and body as
/// the published API (2018-06-01) has them.
struct RuntimeAPIRequestTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var request: RuntimeAPIRequest
        var method: String
        var path: String
        var headers: [HTTPHeader]
        var body: String
        var testDescription: String { name }
    }

    static let report = ErrorReport(errorType: "Handler.Failed", errorMessage: "no default VPC")

    static let cases: [Case] = [
        Case(name: "next", request: .next, method: "GET", path: "/2018-06-01/runtime/invocation/next", headers: [], body: ""),
        Case(name: "response", request: .response(requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", body: Data(#"{"ok":true}"#.utf8)),
             method: "POST", path: "/2018-06-01/runtime/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/response",
             headers: [], body: #"{"ok":true}"#),
        Case(name: "empty response", request: .response(requestID: "r", body: Data()),
             method: "POST", path: "/2018-06-01/runtime/invocation/r/response", headers: [], body: ""),
        Case(name: "invocation error", request: .invocationError(requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", report),
             method: "POST", path: "/2018-06-01/runtime/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/error",
             headers: [HTTPHeader("Lambda-Runtime-Function-Error-Type", "Handler.Failed"), HTTPHeader("Content-Type", "application/json")],
             body: #"{"errorMessage":"no default VPC","errorType":"Handler.Failed","stackTrace":[]}"#),
        Case(name: "init error", request: .initError(ErrorReport(errorType: "Runtime.UnknownHandler", errorMessage: "no handler \"X\"")),
             method: "POST", path: "/2018-06-01/runtime/init/error",
             headers: [HTTPHeader("Lambda-Runtime-Function-Error-Type", "Runtime.UnknownHandler"), HTTPHeader("Content-Type", "application/json")],
             body: #"{"errorMessage":"no handler \"X\"","errorType":"Runtime.UnknownHandler","stackTrace":[]}"#),
        Case(name: "error with a stack trace and a multi-line message",
             request: .invocationError(requestID: "r", ErrorReport(errorType: "T", errorMessage: "line 1\nline 2", stackTrace: ["a()", "b()"])),
             method: "POST", path: "/2018-06-01/runtime/invocation/r/error",
             headers: [HTTPHeader("Lambda-Runtime-Function-Error-Type", "T"), HTTPHeader("Content-Type", "application/json")],
             body: #"{"errorMessage":"line 1\nline 2","errorType":"T","stackTrace":["a()","b()"]}"#),
    ]

    @Test("method, path, headers and body are pinned", arguments: cases)
    func pinned(_ testCase: Case) {
        #expect(testCase.request.method == testCase.method)
        #expect(testCase.request.path == testCase.path)
        #expect(testCase.request.headers == testCase.headers)
        #expect(String(decoding: testCase.request.body, as: UTF8.self) == testCase.body)
    }

    @Test("request ids that are not plain are percent-encoded in the path", arguments: [
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("x?y#z", "x%3Fy%23z"),
        ("100%", "100%25"),
        ("é", "%C3%A9"),
        ("line\nbreak", "line%0Abreak"),
        ("Az09-_~", "Az09-_~"),
        ("..", "%2E%2E"),
        ("a.b", "a%2Eb"),
    ])
    func percentEncodedID(_ id: String, _ segment: String) {
        #expect(RuntimeAPIRequest.response(requestID: id, body: Data()).path == "/2018-06-01/runtime/invocation/\(segment)/response")
        #expect(RuntimeAPIRequest.invocationError(requestID: id, Self.report).path == "/2018-06-01/runtime/invocation/\(segment)/error")
    }

    @Test("the error body is the documented JSON document, whatever the message holds")
    func errorBodyParses() async throws {
        let message = "quote \" backslash \\ control \u{1} unicode 日本"
        let report = ErrorReport(errorType: "Swift.DecodingError", errorMessage: message)
        let parsed = try JSONValue(parsing: RuntimeAPIRequest.invocationError(requestID: "r", report).body)
        #expect(parsed == ["errorMessage": .string(message), "errorType": "Swift.DecodingError", "stackTrace": []])
    }

    @Test("a Runtime API error is fatal without a status or with a 5xx")
    func fatality() {
        #expect(RuntimeAPIError(call: "GET next", status: nil, detail: "refused").isFatal)
        #expect(RuntimeAPIError(call: "POST response", status: 500, detail: "").isFatal)
        #expect(RuntimeAPIError(call: "POST response", status: 502, detail: "").isFatal)
        #expect(!RuntimeAPIError(call: "POST response", status: 413, detail: "").isFatal)
        #expect(!RuntimeAPIError(call: "POST response", status: 400, detail: "").isFatal)
        #expect(RuntimeAPIError(call: "GET next", status: nil, detail: "cannot connect").description == "Runtime API GET next failed: cannot connect")
        #expect(RuntimeAPIError(call: "POST response", status: 413, detail: "too large").description
            == "Runtime API POST response answered HTTP 413: too large")
    }
}
