import HTTPTransport
import LambdaRuntime
import Testing

/// The invocation context read from the `/next` headers. Header names are
/// written out here, not taken from the source, so a misspelt constant fails.
struct InvocationContextTests {
    static let all: [HTTPHeader] = [
        HTTPHeader("Lambda-Runtime-Aws-Request-Id", "8476a536-e9f4-11e8-9739-2dfe598c3fcd"),
        HTTPHeader("Lambda-Runtime-Deadline-Ms", "1542409706888"),
        HTTPHeader("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime"),
        HTTPHeader("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
        HTTPHeader("Lambda-Runtime-Client-Context", #"{"client":{}}"#),
        HTTPHeader("Lambda-Runtime-Cognito-Identity", #"{"cognitoIdentityId":"id"}"#),
        HTTPHeader("Lambda-Runtime-Aws-Tenant-Id", "tenant-7"),
        HTTPHeader("Content-Type", "application/json"),
    ]

    static func without(_ name: String, in headers: [HTTPHeader] = all) -> [HTTPHeader] {
        headers.filter { $0.name != name }
    }

    static func replacing(_ name: String, with value: String) -> [HTTPHeader] {
        without(name) + [HTTPHeader(name, value)]
    }

    @Test("every header is read")
    func allHeaders() async throws {
        let context = try InvocationContext(headers: Self.all)
        #expect(context == InvocationContext(
            requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            deadlineMilliseconds: 1_542_409_706_888,
            invokedFunctionARN: "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            traceID: "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            clientContext: #"{"client":{}}"#,
            cognitoIdentity: #"{"cognitoIdentityId":"id"}"#,
            tenantID: "tenant-7"))
    }

    @Test("optional headers are nil when absent")
    func optionalHeaders() async throws {
        let required = Self.all.filter {
            ["Lambda-Runtime-Aws-Request-Id", "Lambda-Runtime-Deadline-Ms", "Lambda-Runtime-Invoked-Function-Arn"].contains($0.name)
        }
        let context = try InvocationContext(headers: required)
        #expect(context.requestID == "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
        #expect(context.traceID == nil)
        #expect(context.clientContext == nil)
        #expect(context.cognitoIdentity == nil)
        #expect(context.tenantID == nil)
    }

    @Test("header names are matched without case")
    func caseInsensitive() async throws {
        let lowered = Self.all.map { HTTPHeader($0.name.lowercased(), $0.value) }
        #expect(try InvocationContext(headers: lowered) == InvocationContext(headers: Self.all))
        let upper = Self.all.map { HTTPHeader($0.name.uppercased(), $0.value) }
        #expect(try InvocationContext(headers: upper).tenantID == "tenant-7")
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        var name: String
        var headers: [HTTPHeader]
        var header: String
        var requestID: String?
        var problem: String
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "no request id", headers: without("Lambda-Runtime-Aws-Request-Id"),
               header: "Lambda-Runtime-Aws-Request-Id", requestID: nil, problem: "missing"),
        Broken(name: "empty request id", headers: replacing("Lambda-Runtime-Aws-Request-Id", with: ""),
               header: "Lambda-Runtime-Aws-Request-Id", requestID: nil, problem: "missing"),
        Broken(name: "no deadline", headers: without("Lambda-Runtime-Deadline-Ms"),
               header: "Lambda-Runtime-Deadline-Ms", requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", problem: "missing"),
        Broken(name: "deadline not a number", headers: replacing("Lambda-Runtime-Deadline-Ms", with: "soon"),
               header: "Lambda-Runtime-Deadline-Ms", requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
               problem: #"not milliseconds since the epoch: "soon""#),
        Broken(name: "deadline zero", headers: replacing("Lambda-Runtime-Deadline-Ms", with: "0"),
               header: "Lambda-Runtime-Deadline-Ms", requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
               problem: #"not milliseconds since the epoch: "0""#),
        Broken(name: "deadline negative", headers: replacing("Lambda-Runtime-Deadline-Ms", with: "-5"),
               header: "Lambda-Runtime-Deadline-Ms", requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
               problem: #"not milliseconds since the epoch: "-5""#),
        Broken(name: "deadline fractional", headers: replacing("Lambda-Runtime-Deadline-Ms", with: "1542409706888.5"),
               header: "Lambda-Runtime-Deadline-Ms", requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
               problem: #"not milliseconds since the epoch: "1542409706888.5""#),
        Broken(name: "no function ARN", headers: without("Lambda-Runtime-Invoked-Function-Arn"),
               header: "Lambda-Runtime-Invoked-Function-Arn", requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", problem: "missing"),
        Broken(name: "empty function ARN", headers: replacing("Lambda-Runtime-Invoked-Function-Arn", with: ""),
               header: "Lambda-Runtime-Invoked-Function-Arn", requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", problem: "missing"),
        Broken(name: "no headers at all", headers: [],
               header: "Lambda-Runtime-Aws-Request-Id", requestID: nil, problem: "missing"),
    ]

    @Test("a missing or malformed required header is an error that names it", arguments: broken)
    func brokenHeader(_ testCase: Broken) async throws {
        let error = try #require(throws: InvocationHeaderError.self) {
            try InvocationContext(headers: testCase.headers)
        }
        #expect(error.header == testCase.header)
        #expect(error.requestID == testCase.requestID)
        #expect(error.problem == testCase.problem)
        #expect(error.description == "Runtime API header \(testCase.header) is \(testCase.problem)")
    }

    @Test("remaining time is measured against the injected clock")
    func remainingTime() {
        let context = InvocationContext(requestID: "r", deadlineMilliseconds: 10_000, invokedFunctionARN: "arn")
        #expect(context.remainingMilliseconds(now: 7_500) == 2_500)
        #expect(context.remainingMilliseconds(now: 12_000) == -2_000)
    }
}
