import AWSSigV4

/// Follows a profile's `source_profile` links to the credentials at the end,
/// as botocore does: a profile with `role_arn` assumes that role with the
/// credentials of its `source_profile` (which may assume a role of its own);
/// a profile that is its own `source_profile` uses its own keys as the source.
struct ProfileChain {
    let files: AWSSharedFiles

    /// The credentials profile `name` stands for; `nil` when it has neither
    /// keys nor `role_arn`.
    func source(of name: String, settings: [String: String]) throws(AWSConfigurationError) -> CredentialsSource? {
        try source(of: name, settings: settings, chain: [name])
    }

    private func source(of name: String, settings: [String: String], chain: [String]) throws(AWSConfigurationError) -> CredentialsSource? {
        func problem(_ text: String) -> AWSConfigurationError {
            AWSConfigurationError(problem: "profile \(name.debugDescription) in \(files.lookedAt ?? "the shared files") \(text)")
        }
        guard let roleARN = settings.setting("role_arn") else {
            return try keys(of: name, settings: settings).map { .profile(name, $0) }
        }
        if settings.setting("mfa_serial") != nil {
            throw problem("needs an MFA code (mfa_serial), which mapu cannot ask for")
        }
        guard let sourceName = settings.setting("source_profile") else {
            throw problem(settings.setting("credential_source") == nil
                ? "has role_arn but no source_profile"
                : "has role_arn with credential_source, which mapu does not support: use source_profile")
        }
        var durationSeconds: Int?
        if let duration = settings.setting("duration_seconds") {
            guard let seconds = Int(duration) else { throw problem("has duration_seconds \(duration.debugDescription), which is no whole number") }
            durationSeconds = seconds
        }
        let role = AssumeRoleSettings(profile: name, roleARN: roleARN, sessionName: settings.setting("role_session_name"),
                                      externalID: settings.setting("external_id"), durationSeconds: durationSeconds)

        if sourceName == name {
            guard let own = try keys(of: name, settings: settings) else {
                throw problem("is its own source_profile but has no aws_access_key_id and aws_secret_access_key")
            }
            return .assumeRole(role, source: .profile(name, own))
        }
        guard !chain.contains(sourceName) else {
            throw problem("has a source_profile loop: " + (chain + [sourceName]).map(\.debugDescription).joined(separator: " → "))
        }
        guard let sourceSettings = files.profile(sourceName) else {
            throw problem("names source_profile \(sourceName.debugDescription), which is in neither file")
        }
        guard let source = try source(of: sourceName, settings: sourceSettings, chain: chain + [sourceName]) else {
            throw problem("names source_profile \(sourceName.debugDescription), which has neither aws_access_key_id and aws_secret_access_key nor role_arn")
        }
        return .assumeRole(role, source: source)
    }

    /// A profile's own keys; `nil` when it has no `aws_access_key_id`.
    private func keys(of name: String, settings: [String: String]) throws(AWSConfigurationError) -> AWSCredentials? {
        guard let key = settings.setting("aws_access_key_id") else { return nil }
        guard let secret = settings.setting("aws_secret_access_key") else {
            throw AWSConfigurationError(problem: "profile \(name.debugDescription) in \(files.lookedAt ?? "the shared files") has aws_access_key_id but no aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings.setting("aws_session_token"))
    }
}
