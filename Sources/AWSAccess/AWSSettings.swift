import AWSSigV4

/// Region, credentials and endpoint overrides, decided from the environment
/// and the shared files the way AWS SDKs decide them. Deciding is pure: the
/// files come in already read, and no credentials are fetched.
public struct AWSSettings: Sendable, Equatable {
    public var region: String
    public var credentials: CredentialsSource
    /// `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` as given.
    public var endpointOverrides: [String: String]

    public init(region: String, credentials: CredentialsSource, endpointOverrides: [String: String] = [:]) {
        self.region = region
        self.credentials = credentials
        self.endpointOverrides = endpointOverrides
    }

    /// Decides, in this order:
    /// - the profile: `AWS_PROFILE`, else `default`;
    /// - the region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`;
    /// - the credentials: `AWS_ACCESS_KEY_ID` with `AWS_SECRET_ACCESS_KEY` (and
    ///   `AWS_SESSION_TOKEN`), then the profile: its `role_arn` with
    ///   `source_profile` (followed as far as it chains), else its
    ///   `aws_access_key_id` and `aws_secret_access_key`;
    /// - the endpoint overrides: every `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_*`.
    ///
    /// Empty values count as unset.
    ///
    /// - Throws: `AWSConfigurationError` saying what was looked at (the
    ///   variables, the files and the profile) when there is no region or no
    ///   credentials; or what is wrong: a region that is no region name,
    ///   `AWS_PROFILE` naming a profile neither file has (when the environment
    ///   alone does not settle region and credentials), a key without its
    ///   secret, a `source_profile` that is missing or loops, a role that needs
    ///   what mapu cannot provide (`mfa_serial`, `credential_source`), an
    ///   endpoint that is no http(s) URL.
    public static func resolve(environment: [String: String], files: AWSSharedFiles) throws(AWSConfigurationError) -> AWSSettings {
        let variable = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let profileName = variable("AWS_PROFILE") ?? "default"
        let profile = { () throws(AWSConfigurationError) -> [String: String]? in
            let settings = files.profile(profileName)
            if settings == nil, variable("AWS_PROFILE") != nil {
                throw AWSConfigurationError(problem: "AWS_PROFILE names profile \(profileName.debugDescription), but "
                    + (files.lookedAt.map { "no such profile is in \($0)" }
                        ?? "no shared file was looked for: there is no HOME, AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE"))
            }
            return settings
        }
        let inProfile = files.lookedAt.map { " in the environment, and profile \(profileName.debugDescription) in \($0)" } ?? ""

        var region = variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION")
        if region == nil { region = try profile()?.setting("region") }
        guard let region else {
            throw AWSConfigurationError(problem: "no AWS region: looked at AWS_REGION and AWS_DEFAULT_REGION" + inProfile)
        }
        guard region.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw AWSConfigurationError(problem: "AWS region \(region.debugDescription) is not a region name such as us-east-1")
        }

        let credentials: CredentialsSource
        if let key = variable("AWS_ACCESS_KEY_ID") {
            guard let secret = variable("AWS_SECRET_ACCESS_KEY") else {
                throw AWSConfigurationError(problem: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither to use the shared files")
            }
            credentials = .environment(AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: variable("AWS_SESSION_TOKEN")))
        } else if let settings = try profile(),
                  let source = try ProfileChain(files: files).source(of: profileName, settings: settings) {
            credentials = source
        } else {
            throw AWSConfigurationError(problem: "no AWS credentials: looked at AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" + (inProfile.isEmpty ? " in the environment" : inProfile))
        }

        var overrides: [String: String] = [:]
        for (name, value) in environment where name == "AWS_ENDPOINT_URL" || name.hasPrefix("AWS_ENDPOINT_URL_") {
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw AWSConfigurationError(problem: "\(name)=\(value.debugDescription) is not an http(s) URL")
            }
            overrides[name] = value
        }
        return AWSSettings(region: region, credentials: credentials, endpointOverrides: overrides)
    }
}

extension [String: String] {
    /// The value of `key`, `nil` when absent or empty.
    func setting(_ key: String) -> String? {
        self[key].flatMap { $0.isEmpty ? nil : $0 }
    }
}
