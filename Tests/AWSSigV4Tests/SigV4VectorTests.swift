@testable import AWSSigV4
import Foundation
import Testing

/// The official AWS SigV4 suite (aws-c-auth's `aws-signing-test-suite/v4`),
/// header form, every case, each step checked on its own.
@Suite struct SigV4VectorTests {
    /// The `query-*` files of each case are for presigned URLs, which this
    /// signer does not produce; every case's `header-*` files are used.
    static let caseNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestResources.vectors.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: TestResources.vectors.appendingPathComponent("\($0)/context.json").path)
        }.sorted()
    }()

    @Test func vectorsArePresent() throws {
        guard TestResources.vectorsPresent else { try TestResources.missing(TestResources.vectorsMissing) }
        #expect(Self.caseNames.count >= 38)
    }

    @Test(arguments: caseNames)
    func signsLikeTheVector(_ name: String) async throws {
        let vector = try Vector(name: name)
        let request = try RawHTTPRequest(parsing: vector.file("request.txt"))
        let context = vector.context
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token),
            region: context.region, service: context.service,
            // The suite's paths are raw (`/example space/`) and its canonical
            // paths are them encoded once: the "encode the path as sent once
            // more" that aws-c-auth applies to every case, normalized or not.
            options: .init(
                normalizesPath: context.normalize, encodesPathTwice: true,
                addsContentSHA256Header: context.sign_body,
                signsSessionToken: !(context.omit_session_token ?? false)))
        let date = try Date(context.timestamp, strategy: .iso8601)
        let url = "https://\(try #require(request.header("Host")))\(request.target)"

        let signed = try signer.signedRequest(
            method: request.method, url: url, headers: request.headers, body: request.body, date: date)

        let canonical = try vector.file("header-canonical-request.txt")
        let stringToSign = try vector.file("header-string-to-sign.txt")
        let signature = try vector.file("header-signature.txt")
        #expect(signed.canonicalRequest.text == canonical)
        #expect(signed.stringToSign == stringToSign)
        #expect(signed.signature == signature)
        // Each step again from the vector's previous step, so a failure names its step.
        #expect(signer.stringToSign(canonicalRequest: canonical, date: date) == stringToSign)
        #expect(signer.signature(stringToSign: stringToSign, signingKey: signer.signingKey(date: date)) == signature)

        let expected = try RawHTTPRequest(parsing: vector.file("header-signed-request.txt"))
        let authorization = signed.headers.last { $0.name == "Authorization" }?.value
        #expect(authorization == expected.header("Authorization"))
        // The whole header list, in order; the suite writes one name in lower case.
        #expect(signed.headers.map { "\($0.name.lowercased()):\($0.value)" }
            == expected.headers.map { "\($0.name.lowercased()):\($0.value)" })
    }
}

private struct Vector {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var region: String
        var service: String
        var timestamp: String
        var normalize: Bool
        var sign_body: Bool
        var omit_session_token: Bool?
    }

    var directory: URL
    var context: Context

    init(name: String) throws {
        directory = TestResources.vectors.appendingPathComponent(name)
        context = try JSONDecoder().decode(
            Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
    }

    /// The file's text; a final line break, if an editor added one, is not part of the value.
    func file(_ name: String) throws -> String {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
