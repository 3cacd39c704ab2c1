import AWSAccess
import AWSSigV4
import Foundation
import HTTPTransport
import LocalLambda
import TestSupport
import Testing

/// What the SSM and Identity Store clients put on the wire, compared with
/// what botocore's own serializer (scripts/botocore_serialize.py) makes of
/// the same parameters: method, path, protocol headers and the body, byte for
/// byte. With the signer already cross-checked, equal bodies mean equal
/// canonical requests.
@Suite struct JSON11BotocoreCrossCheckTests {
    /// One call: what botocore is given, and how our client makes it.
    struct Call {
        var service: String
        var operation: String
        /// In the order botocore is to send them; objects nest as more pairs.
        var params: [(String, Any)]
        var send: (SSMClient, IdentityStoreClient) async throws -> Void
    }

    static let awkward = "Zoë \"Q\" \\ /\t😀"

    static var calls: [Call] { [
        Call(service: "ssm", operation: "GetParameter", params: [("Name", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")]) {
            ssm, _ in _ = try await ssm.getParameter(name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")
        },
        Call(service: "ssm", operation: "GetParameter", params: [("Name", "/x/\(awkward)"), ("WithDecryption", true)]) {
            ssm, _ in _ = try await ssm.getParameter(name: "/x/\(awkward)", withDecryption: true)
        },
        Call(service: "identitystore", operation: "GetUserId", params: [
            ("IdentityStoreId", "d-1234567890"),
            ("AlternateIdentifier", [("UniqueAttribute", [("AttributePath", "userName"), ("AttributeValue", awkward)] as [(String, Any)])] as [(String, Any)]),
        ]) { _, store in _ = try await store.getUserId(identityStoreID: "d-1234567890", userName: awkward) },
        Call(service: "identitystore", operation: "ListUsers", params: [("IdentityStoreId", "d-1234567890"), ("MaxResults", 50)]) {
            _, store in _ = try await store.listUsers(identityStoreID: "d-1234567890", pageSize: 50)
        },
        Call(service: "identitystore", operation: "CreateUser", params: [
            ("IdentityStoreId", "d-1234567890"), ("UserName", awkward),
            ("Name", [("FamilyName", "Sterkin"), ("GivenName", "Asher")] as [(String, Any)]), ("DisplayName", "Asher Sterkin"),
        ]) { _, store in
            _ = try await store.createUser(identityStoreID: "d-1234567890", userName: awkward, displayName: "Asher Sterkin",
                                           givenName: "Asher", familyName: "Sterkin")
        },
    ] }

    @Test func requestsMatchBotocoresSerializer() async throws {
        let server = try LoopbackServer { request in
            let body = switch request.headers["X-Amz-Target"] {
            case "AmazonSSM.GetParameter": #"{"Parameter": {"Name": "/x", "Type": "String", "Value": "v", "Version": 1}}"#
            case "AWSIdentityStore.ListUsers": #"{"Users": []}"#
            default: #"{"IdentityStoreId": "d-1234567890", "UserId": "u-1"}"#
            }
            return HTTPResponse(status: 200, body: Data(body.utf8))
        }
        defer { server.stop() }
        let configuration = try AWSConfiguration(environment: TestAWS.environment(endpoint: server.baseURL))
        let ssm = SSMClient(configuration: configuration, transport: CurlTransport())
        let store = IdentityStoreClient(configuration: configuration, transport: CurlTransport())
        for call in Self.calls { try await call.send(ssm, store) }

        let ours = server.receivedRequests
        let theirs = try await Self.botocore(Self.calls)
        try #require(ours.count == Self.calls.count && theirs.count == Self.calls.count)
        for (index, call) in Self.calls.enumerated() {
            let expected = theirs[index]
            #expect(ours[index].method == expected.method, "\(call.operation)")
            #expect(ours[index].path == expected.path, "\(call.operation)")
            for (name, value) in expected.headers {
                #expect(ours[index].headers[name] == value, "\(call.operation) header \(name)")
            }
            #expect(ours[index].text == String(decoding: Data(base64Encoded: expected.body_base64) ?? Data(), as: UTF8.self),
                    "\(call.operation)")
        }
    }

    struct Serialized: Decodable {
        var method: String
        var path: String
        var headers: [String: String]
        var body_base64: String
    }

    /// Runs the script once for all calls, on a thread of its own; a missing
    /// python3 or botocore is reported as such rather than as a mismatch.
    static func botocore(_ calls: [Call]) async throws -> [Serialized] {
        // JSONSerialization keeps no member order, so the job is written by hand.
        func json(_ value: Any) throws -> String {
            if let members = value as? [(String, Any)] {
                return "{" + (try members.map { "\(try json($0.0)): \(try json($0.1))" }).joined(separator: ", ") + "}"
            }
            return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self)
        }
        let job = "[" + (try calls.map { call in
            try json([("service", call.service), ("operation", call.operation), ("params", call.params)] as [(String, Any)])
        }).joined(separator: ", ") + "]"
        let jobFile = FileManager.default.temporaryDirectory.appendingPathComponent("mapu-serialize-\(UUID().uuidString).json")
        try Data(job.utf8).write(to: jobFile)
        defer { try? FileManager.default.removeItem(at: jobFile) }

        guard let python = ChildProcess.which("python3") else { try missing("python3 not found: the botocore cross-check needs it") }
        let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/botocore_serialize.py").path
        let child = try ChildProcess(executable: python, arguments: [script, jobFile.path], environment: ProcessInfo.processInfo.environment)
        let status = await child.waitForExit(timeout: 60)
        if status == 3 { try missing("botocore not importable, the cross-check needs it: \(child.output)") }
        try #require(status == 0, "scripts/botocore_serialize.py: \(child.output)")
        let line = try #require(child.output.split(separator: "\n").last(where: { $0.hasPrefix("[") }), "no result in: \(child.output)")
        return try JSONDecoder().decode([Serialized].self, from: Data(line.utf8))
    }

    /// A failure in CI, where botocore must be there; a skip elsewhere.
    static func missing(_ what: String) throws -> Never {
        if ProcessInfo.processInfo.environment["CI"] == "true" { throw MissingTool(description: what) }
        try Test.cancel(Comment(rawValue: what))
    }

    struct MissingTool: Error, CustomStringConvertible {
        var description: String
    }
}
