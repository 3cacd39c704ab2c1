import AWSAccess
import AWSSigV4
import Testing

@Suite struct AWSConfigurationTests {
    static let base = ["AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET", "AWS_SESSION_TOKEN": "TOKEN"]

    @Test(arguments: [
        ([:], "EC2", "ec2", "https://ec2.eu-west-1.amazonaws.com"),
        (["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"], "EC2", "ec2", "http://127.0.0.1:5000"),
        (["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_EC2": "http://127.0.0.1:6000"], "EC2", "ec2", "http://127.0.0.1:6000"),
        (["AWS_ENDPOINT_URL_SSM": "http://127.0.0.1:6000"], "EC2", "ec2", "https://ec2.eu-west-1.amazonaws.com"),
        (["AWS_ENDPOINT_URL_IDENTITYSTORE": "http://127.0.0.1:7000"], "identitystore", "identitystore", "http://127.0.0.1:7000"),
        (["AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://127.0.0.1:7001"], "Secrets Manager", "secretsmanager", "http://127.0.0.1:7001"),
        (["AWS_REGION": "cn-north-1"], "EC2", "ec2", "https://ec2.cn-north-1.amazonaws.com.cn"),
    ])
    func endpointResolution(overrides: [String: String], serviceID: String, prefix: String, expected: String) async throws {
        let configuration = try AWSConfiguration(environment: Self.base.merging(overrides) { _, new in new })
        #expect(configuration.endpoint(serviceID: serviceID, hostPrefix: prefix) == expected)
    }

    @Test func credentialsAndRegionFromTheEnvironment() async throws {
        let configuration = try AWSConfiguration(environment: Self.base)
        #expect(configuration.region == "eu-west-1")
        #expect(try await configuration.credentials.credentials() == AWSCredentials(accessKeyID: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN"))
        let fallback = try AWSConfiguration(environment: ["AWS_DEFAULT_REGION": "us-west-2", "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S", "AWS_SESSION_TOKEN": ""])
        #expect(fallback.region == "us-west-2")
        #expect(try await fallback.credentials.credentials().sessionToken == nil)
    }

    @Test(arguments: [
        (["AWS_REGION": ""], "no AWS region: looked at AWS_REGION and AWS_DEFAULT_REGION"),
        (["AWS_REGION": "EU West"], "AWS region \"EU West\" is not a region name such as us-east-1"),
        (["AWS_ACCESS_KEY_ID": ""], "no AWS credentials: looked at AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"),
        (["AWS_SECRET_ACCESS_KEY": ""], "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither to use the shared files"),
        (["AWS_ENDPOINT_URL": "localhost:5000"], "AWS_ENDPOINT_URL=\"localhost:5000\" is not an http(s) URL"),
    ])
    func brokenEnvironmentSaysWhatWasLookedAt(overrides: [String: String], message: String) {
        #expect(throws: AWSConfigurationError(problem: message)) {
            try AWSConfiguration(environment: Self.base.merging(overrides) { _, new in new })
        }
    }
}
