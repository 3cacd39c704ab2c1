import AWSAccess
import AWSSigV4
import Testing

/// The one pure function that decides region and credentials source from the
/// environment and the shared files, as a table.
@Suite struct AWSSettingsTests {
    static let credentialsPath = "/home/me/.aws/credentials"
    static let configPath = "/home/me/.aws/config"
    static let files = "/home/me/.aws/credentials and /home/me/.aws/config"
    static let keys = ["AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "ENVSECRET"]
    static let base = AWSCredentials(accessKeyID: "BASEKEY", secretAccessKey: "BASESECRET")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var environment: [String: String]
        /// `nil`: the file does not exist.
        var credentials: String?
        var config: String?
        /// `false`: no home and no file variables, so no file was looked for.
        var filesLookedFor = true
        var expected: Result<AWSSettings, AWSConfigurationError>

        var testDescription: String { name }

        func sharedFiles() throws -> AWSSharedFiles {
            guard filesLookedFor else { return AWSSharedFiles() }
            return AWSSharedFiles(
                credentialsPath: AWSSettingsTests.credentialsPath,
                credentials: try credentials.map { try SharedConfigFile(parsing: $0, path: AWSSettingsTests.credentialsPath) },
                configPath: AWSSettingsTests.configPath,
                config: try config.map { try SharedConfigFile(parsing: $0, path: AWSSettingsTests.configPath) })
        }
    }

    static func settings(_ region: String, _ credentials: CredentialsSource) -> Result<AWSSettings, AWSConfigurationError> {
        .success(AWSSettings(region: region, credentials: credentials))
    }

    static func problem(_ text: String) -> Result<AWSSettings, AWSConfigurationError> {
        .failure(AWSConfigurationError(problem: text))
    }

    static let baseProfile = "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n"

    static let resolved: [Case] = [
        Case(name: "environment only, as on Lambda", environment: keys.merging(["AWS_REGION": "eu-west-1", "AWS_SESSION_TOKEN": "T"]) { $1 },
             filesLookedFor: false,
             expected: settings("eu-west-1", .environment(AWSCredentials(accessKeyID: "ENVKEY", secretAccessKey: "ENVSECRET", sessionToken: "T")))),
        Case(name: "the environment wins over the profile, AWS_REGION over AWS_DEFAULT_REGION",
             environment: keys.merging(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2", "AWS_PROFILE": "base"]) { $1 },
             credentials: baseProfile, config: "[profile base]\nregion = ap-south-1\n",
             expected: settings("eu-west-1", .environment(AWSCredentials(accessKeyID: "ENVKEY", secretAccessKey: "ENVSECRET")))),
        Case(name: "AWS_DEFAULT_REGION wins over the profile's region", environment: ["AWS_DEFAULT_REGION": "us-west-2", "AWS_PROFILE": "base"],
             credentials: baseProfile, config: "[profile base]\nregion = ap-south-1\n",
             expected: settings("us-west-2", .profile("base", base))),
        Case(name: "default profile: keys in credentials, region in config", environment: [:],
             credentials: "[default]\naws_access_key_id = K\naws_secret_access_key = S\naws_session_token = T\n",
             config: "[default]\nregion = eu-north-1\n",
             expected: settings("eu-north-1", .profile("default", AWSCredentials(accessKeyID: "K", secretAccessKey: "S", sessionToken: "T")))),
        Case(name: "AWS_PROFILE picks [profile name] in config and [name] in credentials", environment: ["AWS_PROFILE": "base"],
             credentials: baseProfile + "[default]\naws_access_key_id = D\naws_secret_access_key = D\n",
             config: "[default]\nregion = us-east-1\n[profile base]\nregion = sa-east-1\n[base]\nregion = not-read\n",
             expected: settings("sa-east-1", .profile("base", base))),
        Case(name: "the credentials file wins over the config file for the same setting", environment: ["AWS_PROFILE": "base"],
             credentials: baseProfile,
             config: "[profile base]\nregion = sa-east-1\naws_access_key_id = OLD\naws_secret_access_key = OLD\n",
             expected: settings("sa-east-1", .profile("base", base))),
        Case(name: "keys in the config file alone", environment: ["AWS_REGION": "us-east-1"], credentials: nil,
             config: "[default]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n",
             expected: settings("us-east-1", .profile("default", base))),
        Case(name: "role_arn with source_profile", environment: ["AWS_PROFILE": "dev"], credentials: baseProfile,
             config: "[profile dev]\nregion = eu-west-2\nrole_arn = arn:aws:iam::111122223333:role/Deployer\nsource_profile = base\n",
             expected: settings("eu-west-2", .assumeRole(AssumeRoleSettings(profile: "dev", roleARN: "arn:aws:iam::111122223333:role/Deployer"),
                                                         source: .profile("base", base)))),
        Case(name: "role_session_name, external_id and duration_seconds", environment: ["AWS_PROFILE": "dev", "AWS_REGION": "us-east-1"],
             credentials: baseProfile,
             config: "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/Deployer\nsource_profile = base\n"
                + "role_session_name = me\nexternal_id = ext-1\nduration_seconds = 1800\n",
             expected: settings("us-east-1", .assumeRole(
                AssumeRoleSettings(profile: "dev", roleARN: "arn:aws:iam::111122223333:role/Deployer", sessionName: "me",
                                   externalID: "ext-1", durationSeconds: 1800),
                source: .profile("base", base)))),
        Case(name: "a chain of roles, followed to the keys at its end", environment: ["AWS_PROFILE": "dev", "AWS_REGION": "us-east-1"],
             credentials: baseProfile,
             config: "[profile dev]\nrole_arn = arn:aws:iam::2:role/B\nsource_profile = hub\n"
                + "[profile hub]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = base\n"
                + "aws_access_key_id = IGNORED\naws_secret_access_key = IGNORED\n",
             expected: settings("us-east-1", .assumeRole(
                AssumeRoleSettings(profile: "dev", roleARN: "arn:aws:iam::2:role/B"),
                source: .assumeRole(AssumeRoleSettings(profile: "hub", roleARN: "arn:aws:iam::1:role/A"), source: .profile("base", base))))),
        Case(name: "a profile that is its own source_profile uses its own keys", environment: ["AWS_REGION": "us-east-1"],
             credentials: "[default]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\n",
             config: "[default]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = default\n",
             expected: settings("us-east-1", .assumeRole(AssumeRoleSettings(profile: "default", roleARN: "arn:aws:iam::1:role/A"),
                                                         source: .profile("default", base)))),
        Case(name: "empty variables count as unset", environment: ["AWS_REGION": "", "AWS_DEFAULT_REGION": "us-east-2", "AWS_PROFILE": "",
                                                                    "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "S"],
             credentials: "[default]\naws_access_key_id = BASEKEY\naws_secret_access_key = BASESECRET\naws_session_token =\n", config: nil,
             expected: settings("us-east-2", .profile("default", base))),
    ]

    static let refused: [Case] = [
        Case(name: "no region, no files", environment: keys, filesLookedFor: false,
             expected: problem("no AWS region: looked at AWS_REGION and AWS_DEFAULT_REGION")),
        Case(name: "no region anywhere", environment: keys, credentials: nil, config: "[default]\noutput = json\n",
             expected: problem("no AWS region: looked at AWS_REGION and AWS_DEFAULT_REGION in the environment, "
                + "and profile \"default\" in /home/me/.aws/credentials (missing) and /home/me/.aws/config")),
        Case(name: "no credentials anywhere", environment: ["AWS_REGION": "us-east-1"], credentials: nil, config: nil,
             expected: problem("no AWS credentials: looked at AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, "
                + "and profile \"default\" in /home/me/.aws/credentials (missing) and /home/me/.aws/config (missing)")),
        Case(name: "a profile with neither keys nor role", environment: ["AWS_PROFILE": "base", "AWS_REGION": "us-east-1"],
             credentials: nil, config: "[profile base]\nregion = us-east-1\n",
             expected: problem("no AWS credentials: looked at AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, "
                + "and profile \"base\" in /home/me/.aws/credentials (missing) and /home/me/.aws/config")),
        Case(name: "AWS_PROFILE names a missing profile", environment: ["AWS_PROFILE": "nope"], credentials: baseProfile, config: nil,
             expected: problem("AWS_PROFILE names profile \"nope\", but no such profile is in /home/me/.aws/credentials and /home/me/.aws/config (missing)")),
        Case(name: "AWS_PROFILE without any file", environment: ["AWS_PROFILE": "nope", "AWS_REGION": "us-east-1"], filesLookedFor: false,
             expected: problem("AWS_PROFILE names profile \"nope\", but no shared file was looked for: there is no HOME, AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE")),
        Case(name: "a key without its secret in the environment", environment: ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "K"],
             credentials: baseProfile, config: nil,
             expected: problem("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither to use the shared files")),
        Case(name: "a key without its secret in a profile", environment: ["AWS_REGION": "us-east-1"],
             credentials: "[default]\naws_access_key_id = K\n", config: nil,
             expected: problem("profile \"default\" in /home/me/.aws/credentials and /home/me/.aws/config (missing) has aws_access_key_id but no aws_secret_access_key")),
        Case(name: "a region that is no region name", environment: ["AWS_PROFILE": "base"], credentials: baseProfile,
             config: "[profile base]\nregion = EU (Ireland)\n",
             expected: problem("AWS region \"EU (Ireland)\" is not a region name such as us-east-1")),
    ] + brokenRoles

    static let brokenRoles: [Case] = [
        ("role_arn = arn:aws:iam::1:role/A\n", "has role_arn but no source_profile"),
        ("role_arn = arn:aws:iam::1:role/A\ncredential_source = Ec2InstanceMetadata\n",
         "has role_arn with credential_source, which mapu does not support: use source_profile"),
        ("role_arn = arn:aws:iam::1:role/A\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n",
         "needs an MFA code (mfa_serial), which mapu cannot ask for"),
        ("role_arn = arn:aws:iam::1:role/A\nsource_profile = base\nduration_seconds = 1h\n", "has duration_seconds \"1h\", which is no whole number"),
        ("role_arn = arn:aws:iam::1:role/A\nsource_profile = gone\n", "names source_profile \"gone\", which is in neither file"),
        ("role_arn = arn:aws:iam::1:role/A\nsource_profile = empty\n",
         "names source_profile \"empty\", which has neither aws_access_key_id and aws_secret_access_key nor role_arn"),
        ("role_arn = arn:aws:iam::1:role/A\nsource_profile = dev\n", "is its own source_profile but has no aws_access_key_id and aws_secret_access_key"),
        ("role_arn = arn:aws:iam::1:role/A\nsource_profile = loop\n", "has a source_profile loop: \"dev\" → \"loop\" → \"dev\""),
    ].map { settings, problem in
        Case(name: problem, environment: ["AWS_PROFILE": "dev", "AWS_REGION": "us-east-1"], credentials: baseProfile,
             config: "[profile dev]\n" + settings + "[profile empty]\nregion = us-east-1\n"
                + "[profile loop]\nrole_arn = arn:aws:iam::1:role/L\nsource_profile = dev\n",
             expected: Self.problem((problem.hasPrefix("has a source_profile loop") ? "profile \"loop\" in " : "profile \"dev\" in ")
                + "/home/me/.aws/credentials and /home/me/.aws/config " + problem))
    }

    @Test(arguments: resolved + refused)
    func resolves(_ test: Case) throws {
        let files = try test.sharedFiles()
        #expect(Result { () throws(AWSConfigurationError) in
            try AWSSettings.resolve(environment: test.environment, files: files)
        } == test.expected)
    }

    @Test(arguments: [
        ([:], "/root", "/root/.aws/credentials", "/root/.aws/config"),
        (["HOME": "/home/me/"], nil, "/home/me/.aws/credentials", "/home/me/.aws/config"),
        (["HOME": "/home/me"], "/elsewhere", "/elsewhere/.aws/credentials", "/elsewhere/.aws/config"),
        (["HOME": "/home/me", "AWS_SHARED_CREDENTIALS_FILE": "/etc/creds", "AWS_CONFIG_FILE": "~/cfg"], nil, "/etc/creds", "/home/me/cfg"),
        (["AWS_CONFIG_FILE": "~/cfg"], nil, nil, "~/cfg"),
        (["HOME": ""], nil, nil, nil),
    ] as [([String: String], String?, String?, String?)])
    func sharedFilePaths(environment: [String: String], home: String?, credentials: String?, config: String?) {
        let paths = AWSSharedFiles.paths(environment: environment, homeDirectory: home)
        #expect(paths.credentials == credentials)
        #expect(paths.config == config)
    }
}
