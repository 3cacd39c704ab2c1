import AWSAccess
import HTTPTransport
import Testing

struct AWSErrorTests {
    static func error(_ code: String, _ message: String = "", requestID: String? = nil, status: Int? = nil) -> AWSError {
        AWSError(service: "EC2", operation: "DescribeVpcs", code: code, message: message, requestID: requestID, httpStatus: status)
    }

    // What a person reads in a CloudFormation Reason: a change here is a
    // change to the product.
    @Test(arguments: [
        (error("AuthFailure", "AWS was not able to validate the provided access credentials", requestID: "1234-abcd", status: 401),
         "EC2 DescribeVpcs failed: AuthFailure: AWS was not able to validate the provided access credentials (HTTP 401, request id 1234-abcd)"),
        (error("InvalidVpcID.NotFound", "VpcID {'vpc-1'} does not exist.", status: 400),
         "EC2 DescribeVpcs failed: InvalidVpcID.NotFound: VpcID {'vpc-1'} does not exist. (HTTP 400)"),
        (error("HTTP500", requestID: "r-1", status: 500),
         "EC2 DescribeVpcs failed: HTTP500 (HTTP 500, request id r-1)"),
        (error("HTTP503", "<html>\n  <body>\tBusy </body>\n</html>", status: 503),
         "EC2 DescribeVpcs failed: HTTP503: <html> <body> Busy </body> </html> (HTTP 503)"),
        (error("NetworkError", "timed out: after 10 s"),
         "EC2 DescribeVpcs failed: NetworkError: timed out: after 10 s"),
        (error("X", "m", requestID: ""),
         "EC2 DescribeVpcs failed: X: m"),
    ])
    func rendersOneLine(_ error: AWSError, _ text: String) {
        #expect(error.description == text)
        #expect(!error.description.contains("\n"))
    }

    @Test(arguments: [
        (error("AuthFailure", status: 401), false),
        (error("InvalidVpcID.NotFound", status: 400), false),
        (error("UnauthorizedOperation", status: 403), false),
        (error("UnexpectedResponse", status: 200), false),
        (error("InvalidEndpoint"), false),
        (error("HTTP500", status: 500), true),
        (error("HTTP503", status: 503), true),
        (error("Anything", status: 429), true),
        (error("Throttling", status: 400), true),
        (error("ThrottlingException", status: 400), true),
        (error("RequestLimitExceeded", status: 503), true),
        (error("RequestLimitExceeded", status: 400), true),
        (error("TooManyRequestsException", status: 400), true),
        (error("RequestThrottled", status: 400), true),
        (error("ServiceUnavailable", status: 400), true),
        (error("InternalError", status: 400), true),
        (error("NetworkError"), true),
    ])
    func knowsWhatIsWorthRetrying(_ error: AWSError, _ retryable: Bool) {
        #expect(error.isRetryable == retryable)
    }

    @Test(arguments: [
        (HTTPTransportError(.connect, "127.0.0.1:1: refused"), "NetworkError", true),
        (HTTPTransportError(.timeout, "after 10 s"), "NetworkError", true),
        (HTTPTransportError(.io, "reset"), "NetworkError", true),
        (HTTPTransportError(.malformedResponse, "bad status line"), "NetworkError", true),
        (HTTPTransportError(.invalidURL, "ec2 us-east-1"), "InvalidEndpoint", false),
        (HTTPTransportError(.invalidRequest, "header with newline"), "InvalidRequest", false),
        (HTTPTransportError(.unavailable, "libcurl.so.4 not found"), "HTTPUnavailable", false),
    ])
    func mapsTransportFailures(_ failure: HTTPTransportError, _ code: String, _ retryable: Bool) {
        let error = AWSError.transport(failure, service: "EC2", operation: "DescribeSubnets")
        #expect(error == AWSError(service: "EC2", operation: "DescribeSubnets", code: code, message: failure.description))
        #expect(error.isRetryable == retryable)
        #expect(error.description == "EC2 DescribeSubnets failed: \(code): \(failure.description)")
    }
}
