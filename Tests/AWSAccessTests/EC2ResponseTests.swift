import AWSAccess
import Foundation
import HTTPTransport
import Testing

/// How `EC2Query.result(from:)` turns every kind of answer into either the
/// expected root element or one `AWSError`.
struct EC2ResponseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var status: Int
        var headers: [HTTPHeader] = []
        var body: Body
        var expected: AWSError
        var testDescription: String { name }
    }

    enum Body: Sendable {
        case fixture(String)
        case text(String)

        var data: Data {
            get throws {
                switch self {
                case .fixture(let name): try Fixture.data(name)
                case .text(let text): Data(text.utf8)
                }
            }
        }
    }

    static func error(_ code: String, _ message: String, requestID: String? = nil, status: Int?) -> AWSError {
        AWSError(service: "EC2", operation: "DescribeVpcs", code: code, message: message, requestID: requestID, httpStatus: status)
    }

    static let cases: [Case] = [
        Case(name: "EC2 error shape, recorded (request id from the body)", status: 400,
             headers: [HTTPHeader("x-amzn-requestid", "nbslA4OIiJTjjzL58v2XUnvx7SSVcllwBRF7dYukT0SiEWs0Qlqi")],
             body: .fixture("describe-vpcs-not-found.xml"),
             expected: error("InvalidVpcID.NotFound", "VpcID {'vpc-nonexistent'} does not exist.", requestID: "request-id", status: 400)),
        Case(name: "AuthFailure, recorded (request id from the header)", status: 401,
             headers: [HTTPHeader("Content-Type", "text/html; charset=utf-8"),
                       HTTPHeader("x-amzn-requestid", "2TZ08uEV8TYYiFQ3EAR8kE4SmQfkuqPEsstPZcBUCaZioDN6OEBl")],
             body: .fixture("auth-failure.xml"),
             expected: error("AuthFailure", "AWS was not able to validate the provided access credentials",
                             requestID: "2TZ08uEV8TYYiFQ3EAR8kE4SmQfkuqPEsstPZcBUCaZioDN6OEBl", status: 401)),
        Case(name: "AWS Query error shape", status: 400,
             body: .text("""
                 <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
                 <Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>abc-123</RequestId></ErrorResponse>
                 """),
             expected: error("Throttling", "Rate exceeded", requestID: "abc-123", status: 400)),
        Case(name: "pretty-printed EC2 error with RequestId spelling", status: 503,
             body: .text("""
                 <?xml version="1.0" encoding="UTF-8"?>
                 <Response>
                   <Errors>
                     <Error>
                       <Code> RequestLimitExceeded </Code>
                       <Message>Request limit exceeded.</Message>
                     </Error>
                   </Errors>
                   <RequestId> 5b5c1a0e-ffff </RequestId>
                 </Response>
                 """),
             expected: error("RequestLimitExceeded", "Request limit exceeded.", requestID: "5b5c1a0e-ffff", status: 503)),
        Case(name: "error without a code", status: 400,
             body: .text("<Response><Errors><Error><Message>m</Message></Error></Errors></Response>"),
             expected: error("HTTP400", "m", status: 400)),
        Case(name: "EC2 error shape with status 200", status: 200,
             body: .text("<Response><Errors><Error><Code>AuthFailure</Code><Message>no</Message></Error></Errors><RequestID>r</RequestID></Response>"),
             expected: error("AuthFailure", "no", requestID: "r", status: 200)),
        Case(name: "HTML 503 that happens to be XML", status: 503,
             headers: [HTTPHeader("X-Amz-Request-Id", "lb-1")],
             body: .text("<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>nginx</body>\n</html>\n"),
             expected: error("HTTP503", "<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>nginx</body>\n</html>",
                             requestID: "lb-1", status: 503)),
        Case(name: "HTML 502 that is not XML", status: 502,
             body: .text("<!DOCTYPE html><html><body><p>Bad Gateway</body></html>"),
             expected: error("HTTP502", "<!DOCTYPE html><html><body><p>Bad Gateway</body></html>", status: 502)),
        Case(name: "empty 500 with the request id in x-amz-request-id", status: 500,
             headers: [HTTPHeader("x-amz-request-id", "req-500")],
             body: .text(""),
             expected: error("HTTP500", "", requestID: "req-500", status: 500)),
        Case(name: "long 504 body cut at 200 characters", status: 504,
             body: .text(String(repeating: "é", count: 150) + String(repeating: "x", count: 150)),
             expected: error("HTTP504", String(repeating: "é", count: 150) + String(repeating: "x", count: 50), status: 504)),
        Case(name: "400 with an unrelated XML document", status: 400,
             body: .text("<Other><Code>Nope</Code></Other>"),
             expected: error("HTTP400", "<Other><Code>Nope</Code></Other>", status: 400)),
        Case(name: "200 from S3 for an unsigned request, recorded", status: 200,
             headers: [HTTPHeader("x-amzn-requestid", "bgbgPEZeWBfm16nMAabhnO1961XKVdGLUvTSnUZLNr7QSdWphBB6")],
             body: .fixture("unsigned-s3-list-buckets.xml"),
             expected: error("UnexpectedResponse", "expected <DescribeVpcsResponse>, got <ListAllMyBucketsResult>",
                             requestID: "bgbgPEZeWBfm16nMAabhnO1961XKVdGLUvTSnUZLNr7QSdWphBB6", status: 200)),
        Case(name: "200 answering another action", status: 200,
             body: .fixture("describe-subnets.xml"),
             expected: error("UnexpectedResponse", "expected <DescribeVpcsResponse>, got <DescribeSubnetsResponse>", status: 200)),
        Case(name: "200 that is not XML", status: 200,
             body: .text("OK"),
             expected: error("UnexpectedResponse",
                             "expected <DescribeVpcsResponse>, got a body that is not XML (XML error at byte 0: found 'O', expected '<'): OK",
                             status: 200)),
        Case(name: "200 that is truncated", status: 200,
             body: .text("<DescribeVpcsResponse><vpcSet>"),
             expected: error("UnexpectedResponse",
                             "expected <DescribeVpcsResponse>, got a body that is not XML (XML error at byte 30: input ends inside <vpcSet>): "
                                 + "<DescribeVpcsResponse><vpcSet>",
                             status: 200)),
        Case(name: "200 with an empty body", status: 200,
             body: .text(""),
             expected: error("UnexpectedResponse", "expected <DescribeVpcsResponse>, got an empty body", status: 200)),
    ]

    @Test(arguments: cases)
    func turnsFailedAnswersIntoOneError(_ testCase: Case) async throws {
        let response = HTTPResponse(status: testCase.status, headers: testCase.headers, body: try testCase.body.data)
        #expect(throws: testCase.expected) {
            try EC2Query.describeVpcs().result(from: response)
        }
    }

    @Test(arguments: ["describe-vpcs.xml", "describe-vpcs-default.xml"])
    func returnsTheRootOfASuccess(_ fixture: String) async throws {
        let response = HTTPResponse(status: 200, body: try Fixture.data(fixture))
        let root = try EC2Query.describeVpcs().result(from: response)
        #expect(root.name == "DescribeVpcsResponse")
        #expect(root["vpcSet"]?.items.isEmpty == false)
    }

    @Test func pinsTheRecordedAuthFailureAsAPersonReadsIt() throws {
        let response = HTTPResponse(status: 401, headers: [HTTPHeader("x-amzn-RequestId", "1234-abcd")],
                                    body: try Fixture.data("auth-failure.xml"))
        #expect(throws: AWSError.self) { try EC2Query.describeVpcs().result(from: response) }
        do {
            _ = try EC2Query.describeVpcs().result(from: response)
        } catch {
            #expect(error.description
                == "EC2 DescribeVpcs failed: AuthFailure: AWS was not able to validate the provided access credentials (HTTP 401, request id 1234-abcd)")
            #expect(!error.isRetryable)
        }
    }
}
