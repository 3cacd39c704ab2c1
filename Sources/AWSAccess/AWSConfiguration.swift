public import HTTPTransport

/// Region, credentials and endpoints, resolved once from the environment and
/// the shared files the way AWS SDKs do (on Lambda the environment is all
/// there is; the files serve local runs).
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

    /// Resolves everything as `AWSSettings.resolve` decides it, from
    /// `environment` and the shared files (`AWSSharedFiles.load`; home is
    /// `homeDirectory`, else `HOME`). Credentials of a profile with `role_arn`
    /// are assumed through STS, over `transport`, on first use.
    ///
    /// - Throws: `AWSConfigurationError` saying what was looked at when the
    ///   credentials or the region cannot be found, or what is wrong: a shared
    ///   file that cannot be read or parsed, a broken profile, an endpoint that
    ///   is no URL.
    public init(environment: [String: String], homeDirectory: String? = nil,
                transport: any HTTPTransport = OutboundTransport()) throws(AWSConfigurationError) {
        let files = try AWSSharedFiles.load(environment: environment, homeDirectory: homeDirectory)
        self.init(settings: try AWSSettings.resolve(environment: environment, files: files), transport: transport)
    }

    /// Uses `settings` as they are; assumes roles through STS over `transport`.
    public init(settings: AWSSettings, transport: any HTTPTransport) {
        let stsEndpoint = Self.endpoint(serviceID: AWSService.sts.id, hostPrefix: AWSService.sts.hostPrefix,
                                        region: settings.region, overrides: settings.endpointOverrides)
        self.init(region: settings.region,
                  credentials: settings.credentials.provider(region: settings.region, stsEndpoint: stsEndpoint, transport: transport),
                  endpointOverrides: settings.endpointOverrides)
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
        Self.endpoint(serviceID: serviceID, hostPrefix: hostPrefix, region: region, overrides: endpointOverrides)
    }

    static func endpoint(serviceID: String, hostPrefix: String, region: String, overrides: [String: String]) -> String {
        let variable = "AWS_ENDPOINT_URL_" + serviceID.uppercased().replacingSpaces()
        if let specific = overrides[variable] { return specific }
        if let general = overrides["AWS_ENDPOINT_URL"] { return general }
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
