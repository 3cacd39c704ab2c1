public import AWSSigV4
public import HTTPTransport

/// Region, credentials and endpoints, resolved once from the environment the
/// way AWS SDKs do (on Lambda the environment is all there is).
public struct AWSConfiguration: Sendable {
    public var region: String
    public var credentials: any CredentialsProvider
    /// `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` as given.
    public var endpointOverrides: [String: String]

    public init(region: String, credentials: any CredentialsProvider, endpointOverrides: [String: String] = [:]) {
        self.region = region
        self.credentials = credentials
        self.endpointOverrides = endpointOverrides
    }

    /// Throws `AWSConfigurationError` saying what was looked at when the
    /// credentials or the region cannot be found, or an endpoint is no URL.
    public init(environment: [String: String]) throws(AWSConfigurationError) {
        guard let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw AWSConfigurationError(problem: "no AWS region: looked at AWS_REGION and AWS_DEFAULT_REGION")
        }
        guard region.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw AWSConfigurationError(problem: "AWS region \(region.debugDescription) is not a region name such as us-east-1")
        }
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw AWSConfigurationError(problem: "no AWS credentials: looked at AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        var overrides: [String: String] = [:]
        for (name, value) in environment where name == "AWS_ENDPOINT_URL" || name.hasPrefix("AWS_ENDPOINT_URL_") {
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw AWSConfigurationError(problem: "\(name)=\(value.debugDescription) is not an http(s) URL")
            }
            overrides[name] = value
        }
        self.init(region: region, credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token),
                  endpointOverrides: overrides)
    }

    /// A client of `service` in this region, with these credentials, at its endpoint.
    public func client(for service: AWSService, transport: any HTTPTransport, retry: RetryPolicy = .standard) -> AWSServiceClient {
        AWSServiceClient(service: service, region: region, endpoint: endpoint(serviceID: service.id, hostPrefix: service.hostPrefix),
                         credentials: credentials, transport: transport, retry: retry)
    }

    /// The endpoint for a service, by its service id (`EC2`, `SSM`, `STS`…):
    /// `AWS_ENDPOINT_URL_<ID>` (upper-cased, spaces to underscores), then
    /// `AWS_ENDPOINT_URL`, then the regional default.
    public func endpoint(serviceID: String, hostPrefix: String) -> String {
        let variable = "AWS_ENDPOINT_URL_" + serviceID.uppercased().replacingSpaces()
        if let specific = endpointOverrides[variable] { return specific }
        if let general = endpointOverrides["AWS_ENDPOINT_URL"] { return general }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return "https://\(hostPrefix).\(region).\(suffix)"
    }
}

public struct AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problem: String

    public init(problem: String) {
        self.problem = problem
    }

    public var description: String { problem }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "_" : $0 })
    }
}
