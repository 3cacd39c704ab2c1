import AWSAccess
import Foundation
import HTTPTransport
import Testing

/// How `JSON11Request.result(_:from:)` turns every kind of failed or
/// unexpected answer into one `AWSError`. Bodies marked "moto" were recorded
/// from moto_server 5.2.1, headers included.
struct JSON11ResponseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var status: Int
        var headers: [HTTPHeader] = []
        var body: String
        var expected: AWSError
        var testDescription: String { name }
    }

    static let request = JSON11Request(service: "SSM", targetPrefix: "AmazonSSM", operation: "GetParameter", body: Data("{}".utf8))

    static func error(_ code: String, _ message: String, requestID: String? = nil, status: Int) -> AWSError {
        AWSError(service: "SSM", operation: "GetParameter", code: code, message: message, requestID: requestID, httpStatus: status)
    }

    static let motoHTML500 = """
        <!doctype html>
        <html lang=en>
        <title>500 Internal Server Error</title>
        <h1>Internal Server Error</h1>
        <p>The server encountered an internal error and was unable to complete your request. \
        Either the server is overloaded or there is an error in the application.</p>

        """

    static let cases: [Case] = [
        Case(name: "moto ParameterNotFound: bare __type, message twice, error type header", status: 400,
             headers: [HTTPHeader("X-Amzn-Errortype", "ParameterNotFound"), HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                       HTTPHeader("x-amzn-requestid", "H3IwZAlBsQ2MVVvpbED7psn6S6KhOLiQRi0vAYTXDfj7YBPVk8ic")],
             body: #"{"__type": "ParameterNotFound", "message": "Parameter /nope/missing not found.", "Message": "Parameter /nope/missing not found."}"#,
             expected: error("ParameterNotFound", "Parameter /nope/missing not found.",
                             requestID: "H3IwZAlBsQ2MVVvpbED7psn6S6KhOLiQRi0vAYTXDfj7YBPVk8ic", status: 400)),
        Case(name: "moto ResourceNotFoundException: request id in the body wins, null Reason", status: 400,
             headers: [HTTPHeader("X-Amzn-ErrorType", "ResourceNotFoundException"), HTTPHeader("Content-Type", "application/json"),
                       HTTPHeader("x-amzn-requestid", "LHFDogwZH9b9p91QXFD6M9K6M7PcuhvYNrdjeGM6oaZekc0CtqqJ")],
             body: #"{"__type": "ResourceNotFoundException", "RequestId": "178936da-50ad-4d58-8871-22d9979e8658example", "Message": "USER not found.", "ResourceType": "USER", "Reason": null}"#,
             expected: error("ResourceNotFoundException", "USER not found.", requestID: "178936da-50ad-4d58-8871-22d9979e8658example", status: 400)),
        Case(name: "AWS: __type with a namespace prefix, header with a URL suffix", status: 400,
             headers: [HTTPHeader("x-amzn-ErrorType", "ParameterNotFound:http://internal.amazon.com/coral/com.amazonaws.ssm/"),
                       HTTPHeader("x-amzn-RequestId", "6a7d-11")],
             body: #"{"__type":"com.amazonaws.ssm#ParameterNotFound","message":"Parameter /x not found."}"#,
             expected: error("ParameterNotFound", "Parameter /x not found.", requestID: "6a7d-11", status: 400)),
        Case(name: "__type with a :suffix and a prefix", status: 400,
             body: #"{"__type":"com.amazon.coral.availability#ThrottlingException:http://internal.amazon.com/","message":"Rate exceeded"}"#,
             expected: error("ThrottlingException", "Rate exceeded", status: 400)),
        Case(name: "error type only in the header, empty body", status: 400,
             headers: [HTTPHeader("X-Amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/")],
             body: "",
             expected: error("AccessDeniedException", "", status: 400)),
        Case(name: "error type only in the header, message in the body", status: 429,
             headers: [HTTPHeader("x-amzn-errortype", "ThrottlingException")],
             body: #"{"Message":"Rate exceeded"}"#,
             expected: error("ThrottlingException", "Rate exceeded", status: 429)),
        Case(name: "code field", status: 403,
             body: #"{"code":"AccessDeniedException","Message":"not allowed"}"#,
             expected: error("AccessDeniedException", "not allowed", status: 403)),
        Case(name: "Code field with a prefix", status: 400,
             body: #"{"Code":"aws.protocoltests#ValidationException","message":"bad"}"#,
             expected: error("ValidationException", "bad", status: 400)),
        Case(name: "explicit nulls are absent: null __type and message", status: 400,
             headers: [HTTPHeader("X-Amzn-ErrorType", "InvalidKeyId")],
             body: #"{"__type":null,"message":null,"Message":"the key is disabled","RequestId":null}"#,
             expected: error("InvalidKeyId", "the key is disabled", status: 400)),
        Case(name: "__type beats header and code", status: 400,
             headers: [HTTPHeader("X-Amzn-ErrorType", "FromHeader")],
             body: #"{"__type":"FromType","code":"FromCode","message":"m"}"#,
             expected: error("FromType", "m", status: 400)),
        Case(name: "JSON error naming no code", status: 400,
             body: #"{"message":"something is wrong"}"#,
             expected: error("HTTP400", "something is wrong", status: 400)),
        Case(name: "JSON error naming nothing", status: 400,
             body: "{}",
             expected: error("HTTP400", "{}", status: 400)),
        Case(name: "failed answer with JSON that is not an object", status: 400,
             body: #"["ParameterNotFound"]"#,
             expected: error("HTTP400", #"["ParameterNotFound"]"#, status: 400)),
        Case(name: "moto SignatureDoesNotMatch as XML, served as text/html", status: 403,
             headers: [HTTPHeader("Content-Type", "text/html; charset=utf-8"),
                       HTTPHeader("x-amzn-requestid", "k695HckVTz6QIqmgIHAEfTK19QoK8uN4h1JwlEJOAsz3QUGv19hX")],
             body: """
                 <?xml version="1.0" encoding="utf-8"?>
                 <ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated \
                 does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the \
                 service documentation for details.</Message><Type>Sender</Type></Error></Errors></ErrorResponse>
                 """,
             expected: error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. "
                                 + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                             requestID: "k695HckVTz6QIqmgIHAEfTK19QoK8uN4h1JwlEJOAsz3QUGv19hX", status: 403)),
        Case(name: "moto AccessDenied as XML", status: 403,
             headers: [HTTPHeader("x-amzn-requestid", "PFoR7qvO")],
             body: """
                 <?xml version="1.0" encoding="utf-8"?>
                 <ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/mapu-test \
                 is not authorized to perform: ssm:GetParameter</Message><Type>Sender</Type></Error></Errors></ErrorResponse>
                 """,
             expected: error("AccessDenied", "User: arn:aws:iam::123456789012:user/mapu-test is not authorized to perform: ssm:GetParameter",
                             requestID: "PFoR7qvO", status: 403)),
        Case(name: "AWS Query XML error with its own request id", status: 400,
             headers: [HTTPHeader("x-amzn-RequestId", "header-id")],
             body: "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>body-id</RequestId></ErrorResponse>",
             expected: error("Throttling", "Rate exceeded", requestID: "body-id", status: 400)),
        Case(name: "XML error shape with status 200", status: 200,
             body: "<Response><Errors><Error><Code>AuthFailure</Code><Message>no</Message></Error></Errors><RequestID>r</RequestID></Response>",
             expected: error("AuthFailure", "no", requestID: "r", status: 200)),
        Case(name: "moto HTML 500 (not even XML)", status: 500,
             headers: [HTTPHeader("Content-Type", "text/html; charset=utf-8")],
             body: motoHTML500,
             expected: error("HTTP500", String(motoHTML500.prefix(200)), status: 500)),
        Case(name: "HTML 503 that is XML, request id from x-amz-request-id", status: 503,
             headers: [HTTPHeader("X-Amz-Request-Id", "lb-1")],
             body: "<html><body>Service Unavailable</body></html>",
             expected: error("HTTP503", "<html><body>Service Unavailable</body></html>", requestID: "lb-1", status: 503)),
        Case(name: "x-amzn-RequestId beats x-amz-request-id", status: 502,
             headers: [HTTPHeader("x-amz-request-id", "second"), HTTPHeader("x-amzn-RequestId", "first")],
             body: "Bad Gateway",
             expected: error("HTTP502", "Bad Gateway", requestID: "first", status: 502)),
        Case(name: "2xx: null", status: 200,
             body: "null",
             expected: error("UnexpectedResponse", "expected a JSON object, got null: null", status: 200)),
        Case(name: "2xx: an array", status: 200,
             body: "[]",
             expected: error("UnexpectedResponse", "expected a JSON object, got an array: []", status: 200)),
        Case(name: "2xx: empty body", status: 200,
             headers: [HTTPHeader("x-amzn-RequestId", "r-empty")],
             body: "",
             expected: error("UnexpectedResponse", "expected a JSON object, got an empty body", requestID: "r-empty", status: 200)),
        Case(name: "2xx: an HTML page", status: 200,
             body: "<html><body>Welcome</body></html>",
             expected: error("UnexpectedResponse", "expected a JSON object, got a body that is not JSON: <html><body>Welcome</body></html>",
                             status: 200)),
        Case(name: "2xx: truncated JSON", status: 200,
             body: #"{"Parameter": {"Name": "/x""#,
             expected: error("UnexpectedResponse", #"expected a JSON object, got a body that is not JSON: {"Parameter": {"Name": "/x""#,
                             status: 200)),
        Case(name: "2xx: a member is missing", status: 200,
             body: #"{"Parameter": {"Name": "/x", "Type": "String", "Version": 1}}"#,
             expected: error("UnexpectedResponse", "the answer's Parameter.Value is missing", status: 200)),
        Case(name: "2xx: a required member is null", status: 200,
             body: #"{"Parameter": {"Name": "/x", "Type": "String", "Value": null, "Version": 1}}"#,
             expected: error("UnexpectedResponse", "the answer's Parameter.Value is missing", status: 200)),
        Case(name: "2xx: a member of the wrong type", status: 200,
             body: #"{"Parameter": {"Name": "/x", "Type": "String", "Value": "v", "Version": "1"}}"#,
             expected: error("UnexpectedResponse", "the answer's Parameter.Version is not of type Int64", status: 200)),
        Case(name: "2xx: the wrong object entirely", status: 200,
             body: #"{"Users": []}"#,
             expected: error("UnexpectedResponse", "the answer's Parameter is missing", status: 200)),
    ]

    /// The decoded shape for these cases: `GetParameterResult` with a
    /// required `Parameter`.
    struct Answer: Decodable, Equatable {
        var Parameter: SSMParameter
    }

    @Test(arguments: cases)
    func turnsFailedAnswersIntoOneError(_ testCase: Case) throws {
        let response = HTTPResponse(status: testCase.status, headers: testCase.headers, body: Data(testCase.body.utf8))
        #expect(throws: testCase.expected) {
            try Self.request.result(Answer.self, from: response)
        }
    }

    @Test func decodesASuccessWhateverItsContentType() throws {
        // moto, recorded (line breaks added); Content-Type changed to what moto sends for Identity Store.
        let body = #"""
            {"Parameter": {"Name": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", "Type": "String",
            "Value": "ami-00602d9e13dfdc4bd", "Version": 161, "LastModifiedDate": 1777597102.01,
            "ARN": "arn:aws:ssm:eu-west-1:123456789012:parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
            "DataType": "text"}}
            """#
        let response = HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/html; charset=utf-8")], body: Data(body.utf8))
        let answer = try Self.request.result(Answer.self, from: response)
        #expect(answer.Parameter == SSMParameter(
            name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", type: "String", value: "ami-00602d9e13dfdc4bd",
            version: 161, arn: "arn:aws:ssm:eu-west-1:123456789012:parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
            dataType: "text", lastModifiedDate: Date(timeIntervalSince1970: 1777597102.01)))
    }

    @Test func treatsExplicitNullsAsAbsent() throws {
        let body = #"{"Parameter": {"Name": "/x", "Type": "String", "Value": "v", "Version": 1, "ARN": null, "DataType": null, "Selector": null}}"#
        let answer = try Self.request.result(Answer.self, from: HTTPResponse(status: 200, body: Data(body.utf8)))
        #expect(answer.Parameter == SSMParameter(name: "/x", type: "String", value: "v", version: 1))
    }

    @Test func decodesMotosListUsersWithItsNulls() throws {
        struct Users: Decodable { var Users: [IdentityStoreUser]; var NextToken: String? }
        // moto, recorded (line breaks added): ListUsers, last page.
        let body = #"""
            {"Users": [{"UserId": "ea491597-f6b3-4783-960c-988c37f7e23e", "IdentityStoreId": "d-1234567890", "UserName": "Asher",
            "Name": {"Formatted": null, "FamilyName": "S", "GivenName": "A", "MiddleName": null, "HonorificPrefix": null,
            "HonorificSuffix": null}, "DisplayName": "A S", "NickName": null, "ProfileUrl": null, "Emails": null, "Addresses": null,
            "PhoneNumbers": null, "UserType": null, "Title": null, "PreferredLanguage": null, "Locale": null, "Timezone": null}],
            "NextToken": null}
            """#
        let request = JSON11Request(service: "identitystore", targetPrefix: "AWSIdentityStore", operation: "ListUsers", body: Data())
        let users = try request.result(Users.self, from: HTTPResponse(status: 200, body: Data(body.utf8)))
        #expect(users.Users == [IdentityStoreUser(userID: "ea491597-f6b3-4783-960c-988c37f7e23e", identityStoreID: "d-1234567890",
                                                  userName: "Asher", displayName: "A S")])
        #expect(users.NextToken == nil)
    }

    @Test func errorsNameTheServiceAndOperationOfTheRequest() throws {
        let request = JSON11Request(service: "identitystore", targetPrefix: "AWSIdentityStore", operation: "GetUserId", body: Data())
        let response = HTTPResponse(status: 400, headers: [HTTPHeader("x-amzn-RequestId", "r-1")],
                                    body: Data(#"{"__type": "ResourceNotFoundException", "Message": "USER not found."}"#.utf8))
        do {
            _ = try request.result(Answer.self, from: response)
            Issue.record("must fail")
        } catch {
            #expect(error.description == "identitystore GetUserId failed: ResourceNotFoundException: USER not found. (HTTP 400, request id r-1)")
            #expect(!error.isRetryable)
        }
    }
}
