import AWSAccess
import AWSSigV4
import Foundation
import HTTPTransport
import Testing

/// `AWSConfiguration(environment:)` reading real shared files from a
/// temporary home directory.
@Suite struct AWSConfigurationFilesTests {
    /// A fresh directory holding `files` (relative path → contents), removed by `cleanUp`.
    struct TemporaryHome {
        let path: String

        init(_ files: [String: String]) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("mapu-home-\(UUID().uuidString)").path
            for (name, contents) in files {
                let url = URL(fileURLWithPath: path).appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
            }
        }

        func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
    }

    static let keys = "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n"

    @Test func aRoleProfileBecomesAnAssumeRoleProvider() throws {
        let home = try TemporaryHome([
            ".aws/credentials": Self.keys,
            ".aws/config": "[profile dev]\nregion = eu-west-2\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = base\nexternal_id = e-1\n",
        ])
        defer { home.cleanUp() }
        let before = Int64(Date().timeIntervalSince1970)
        let configuration = try AWSConfiguration(environment: ["HOME": home.path, "AWS_PROFILE": "dev"])
        #expect(configuration.region == "eu-west-2")
        let provider = try #require(configuration.credentials as? AssumeRoleCredentialsProvider)
        #expect(provider.roleARN == "arn:aws:iam::1:role/A")
        #expect(provider.externalID == "e-1")
        #expect(provider.durationSeconds == nil)
        let epoch = try #require(Int64(provider.sessionName.dropFirst("mapu-".count)))
        #expect(provider.sessionName.hasPrefix("mapu-") && epoch >= before && epoch <= before + 60)
    }

    @Test func fileVariablesAndTheHomeParameterChooseTheFiles() async throws {
        let home = try TemporaryHome(["creds": "[default]\naws_access_key_id = K\naws_secret_access_key = S\n",
                                      "cfg": "[default]\nregion = ca-central-1\n"])
        defer { home.cleanUp() }
        let configuration = try AWSConfiguration(
            environment: ["AWS_SHARED_CREDENTIALS_FILE": home.path + "/creds", "AWS_CONFIG_FILE": "~/cfg", "HOME": "/nonexistent"],
            homeDirectory: home.path)
        #expect(configuration.region == "ca-central-1")
        #expect(try await configuration.credentials.credentials() == AWSCredentials(accessKeyID: "K", secretAccessKey: "S"))
    }

    @Test func nothingFoundListsWhatWasLookedAt() throws {
        let home = try TemporaryHome([".aws/config": "[default]\nregion = us-east-1\n"])
        defer { home.cleanUp() }
        #expect(throws: AWSConfigurationError(problem: "no AWS credentials: looked at AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, "
            + "and profile \"default\" in \(home.path)/.aws/credentials (missing) and \(home.path)/.aws/config")) {
            try AWSConfiguration(environment: ["HOME": home.path])
        }
    }

    @Test func brokenFilesAreNamed() throws {
        let home = try TemporaryHome([".aws/config": "[default]\nregion\n", "dir/placeholder": ""])
        defer { home.cleanUp() }
        #expect(throws: AWSConfigurationError(problem: "\(home.path)/.aws/config:2: expected [section], key = value or a comment, got \"region\"")) {
            try AWSConfiguration(environment: ["HOME": home.path])
        }
        do {
            _ = try AWSConfiguration(environment: ["HOME": home.path, "AWS_SHARED_CREDENTIALS_FILE": home.path + "/dir"])
            Issue.record("a directory is no credentials file")
        } catch {
            #expect(error.problem.hasPrefix("cannot read \(home.path)/dir: "), "\(error)")
        }
    }

    @Test func rolesAreAssumedAtTheSTSEndpointOverride() async throws {
        let home = try TemporaryHome([".aws/credentials": Self.keys + "[dev]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = base\n"])
        defer { home.cleanUp() }
        let transport = ScriptedTransport { _, _ in HTTPResponse(status: 403, body: Data("<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>".utf8)) }
        let configuration = try AWSConfiguration(
            environment: ["HOME": home.path, "AWS_PROFILE": "dev", "AWS_REGION": "us-east-1",
                          "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ENDPOINT_URL_STS": "http://sts.invalid:8"],
            transport: transport)
        let error = await #expect(throws: AWSError.self) { try await configuration.credentials.credentials() }
        #expect(error?.code == "AccessDenied")
        #expect(transport.requests.map(\.url) == ["http://sts.invalid:8/"])
        #expect(transport.requests.first?.headers["Authorization"]?.contains("Credential=BASEKEY/") == true)
    }
}
