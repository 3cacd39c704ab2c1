import AWSAccess
import AWSSigV4
import Foundation
import HTTPTransport
import LocalLambda
import Synchronization
import Testing

/// The SSM and Identity Store clients against loopback servers: what goes on
/// the wire, pagination, and how the JSON 1.1 edge meets the retries.
@Suite struct JSON11ClientTests {
    static let parameter = #"{"Parameter": {"Name": "/x", "Type": "String", "Value": "v", "Version": 3}}"#

    /// A client of `service` at `server` that does not wait between tries.
    static func client(_ service: AWSService, _ server: LoopbackServer) -> AWSServiceClient {
        AWSServiceClient(service: service, region: "eu-west-3", endpoint: server.baseURL,
                         credentials: AWSCredentials(accessKeyID: "AKIDJSON", secretAccessKey: "secret", sessionToken: "token"),
                         transport: CurlTransport(), sleep: { _ in })
    }

    static func answer(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
    }

    @Test func getParameterSendsASignedJSON11Post() async throws {
        let server = try LoopbackServer { _ in Self.answer(200, Self.parameter) }
        defer { server.stop() }
        let ssm = SSMClient(client: Self.client(.ssm, server))

        let plain = try await ssm.getParameter(name: "/x")
        #expect(plain == SSMParameter(name: "/x", type: "String", value: "v", version: 3))
        _ = try await ssm.getParameter(name: "/secret", withDecryption: true)

        let requests = server.receivedRequests
        try #require(requests.count == 2)
        #expect(requests.map(\.method) == ["POST", "POST"])
        #expect(requests.map(\.target) == ["/", "/"])
        #expect(requests.map(\.text) == [#"{"Name": "/x"}"#, #"{"Name": "/secret", "WithDecryption": true}"#])
        let headers = requests[0].headers
        #expect(headers["X-Amz-Target"] == "AmazonSSM.GetParameter")
        #expect(headers["Content-Type"] == "application/x-amz-json-1.1")
        #expect(headers["X-Amz-Security-Token"] == "token")
        let authorization = try #require(headers["Authorization"])
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDJSON/"))
        #expect(authorization.contains("/eu-west-3/ssm/aws4_request"))
        #expect(authorization.contains("content-type;") && authorization.contains(";x-amz-target"), "\(authorization)")
    }

    @Test func getUserIdSendsAUniqueAttribute() async throws {
        let server = try LoopbackServer { _ in Self.answer(200, #"{"UserId": "u-1", "IdentityStoreId": "d-1234567890"}"#) }
        defer { server.stop() }
        let store = IdentityStoreClient(client: Self.client(.identityStore, server))

        #expect(try await store.getUserId(identityStoreID: "d-1234567890", userName: "Zoë") == "u-1")

        let request = try #require(server.receivedRequests.first)
        #expect(request.headers["X-Amz-Target"] == "AWSIdentityStore.GetUserId")
        #expect(request.headers["Authorization"]?.contains("/eu-west-3/identitystore/aws4_request") == true)
        #expect(request.text == #"""
            {"IdentityStoreId": "d-1234567890", "AlternateIdentifier": {"UniqueAttribute": {"AttributePath": "userName", "AttributeValue": "Zo\u00eb"}}}
            """#)
    }

    @Test func listUsersFollowsNextTokenToTheLastPage() async throws {
        let server = try LoopbackServer { request in
            request.text.contains(#""NextToken": "page-2""#)
                ? Self.answer(200, #"{"Users": [{"UserId": "u-2", "IdentityStoreId": "d-1", "UserName": "b"}], "NextToken": null}"#)
                : Self.answer(200, #"{"Users": [{"UserId": "u-1", "IdentityStoreId": "d-1", "UserName": "a"}], "NextToken": "page-2"}"#)
        }
        defer { server.stop() }
        let store = IdentityStoreClient(client: Self.client(.identityStore, server))

        let users = try await store.listUsers(identityStoreID: "d-1", pageSize: 1)

        #expect(users.map(\.userName) == ["a", "b"])
        #expect(server.receivedRequests.map(\.text) == [
            #"{"IdentityStoreId": "d-1", "MaxResults": 1}"#,
            #"{"IdentityStoreId": "d-1", "MaxResults": 1, "NextToken": "page-2"}"#,
        ])
    }

    @Test func listUsersStopsWhenTheServiceRepeatsItsToken() async throws {
        let server = try LoopbackServer { _ in Self.answer(200, #"{"Users": [], "NextToken": "same"}"#) }
        defer { server.stop() }
        let store = IdentityStoreClient(client: Self.client(.identityStore, server))
        await #expect(throws: AWSError(service: "identitystore", operation: "ListUsers", code: "UnexpectedResponse",
                                       message: "the answer's NextToken repeats the one sent", httpStatus: 200)) {
            try await store.listUsers(identityStoreID: "d-1")
        }
        #expect(server.receivedRequests.count == 2)
    }

    @Test func throttlingIsRetriedThenSucceeds() async throws {
        let calls = Tries()
        let server = try LoopbackServer { _ in
            calls.count.add(1, ordering: .relaxed).oldValue < 2
                ? Self.answer(400, #"{"__type": "ThrottlingException", "message": "Rate exceeded"}"#)
                : Self.answer(200, Self.parameter)
        }
        defer { server.stop() }
        let parameter = try await SSMClient(client: Self.client(.ssm, server)).getParameter(name: "/x")
        #expect(parameter.value == "v")
        #expect(calls.count.load(ordering: .relaxed) == 3)
    }

    @Test func parameterNotFoundFailsAtOnce() async throws {
        let server = try LoopbackServer { _ in
            Self.answer(400, #"{"__type": "ParameterNotFound", "message": "Parameter /x not found."}"#,
                        headers: [HTTPHeader("x-amzn-RequestId", "r-404")])
        }
        defer { server.stop() }
        await #expect(throws: AWSError(service: "SSM", operation: "GetParameter", code: "ParameterNotFound",
                                       message: "Parameter /x not found.", requestID: "r-404", httpStatus: 400)) {
            try await SSMClient(client: Self.client(.ssm, server)).getParameter(name: "/x")
        }
        #expect(server.receivedRequests.count == 1)
    }

    @Test func serverErrorsAreRetriedUntilTheAttemptsRunOut() async throws {
        let server = try LoopbackServer { _ in Self.answer(500, "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>") }
        defer { server.stop() }
        do {
            _ = try await IdentityStoreClient(client: Self.client(.identityStore, server)).getUserId(identityStoreID: "d-1", userName: "a")
            Issue.record("must fail")
        } catch let error as AWSError {
            #expect(error.code == "HTTP500")
            #expect(error.operation == "GetUserId")
        }
        #expect(server.receivedRequests.count == 3)
    }

    @Test func anAnswerWithoutAParameterIsUnexpected() async throws {
        let server = try LoopbackServer { _ in Self.answer(200, #"{"Parameter": null}"#) }
        defer { server.stop() }
        await #expect(throws: AWSError(service: "SSM", operation: "GetParameter", code: "UnexpectedResponse",
                                       message: "the answer's Parameter is missing", httpStatus: 200)) {
            try await SSMClient(client: Self.client(.ssm, server)).getParameter(name: "/x")
        }
    }
}

private final class Tries: Sendable {
    let count = Atomic<Int>(0)
}
