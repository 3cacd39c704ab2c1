import FoundationEssentials

/// The two AWS shared files as found: where they were looked for, and what
/// they hold (`nil` when there is no such file). Profiles are merged as
/// botocore merges them: a profile's settings from the config file, overlaid
/// by those of the same name in the credentials file.
public struct AWSSharedFiles: Sendable, Equatable {
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `<home>/.aws/credentials`; `nil`
    /// when neither is known (no home directory, as on Lambda).
    public var credentialsPath: String?
    public var configPath: String?
    public var credentials: SharedConfigFile?
    public var config: SharedConfigFile?

    public init(credentialsPath: String? = nil, credentials: SharedConfigFile? = nil,
                configPath: String? = nil, config: SharedConfigFile? = nil) {
        self.credentialsPath = credentialsPath
        self.credentials = credentials
        self.configPath = configPath
        self.config = config
    }

    /// Where the files are: `AWS_SHARED_CREDENTIALS_FILE` and
    /// `AWS_CONFIG_FILE` (a leading `~/` is the home directory), else
    /// `.aws/credentials` and `.aws/config` in `homeDirectory`, which
    /// defaults to `HOME`. Empty values count as unset.
    public static func paths(environment: [String: String], homeDirectory: String? = nil) -> (credentials: String?, config: String?) {
        let home = [homeDirectory, environment["HOME"]].compactMap { $0 }.first { !$0.isEmpty }
        func path(_ variable: String, _ file: String) -> String? {
            if let value = environment[variable], !value.isEmpty {
                guard value == "~" || value.hasPrefix("~/"), let home else { return value }
                return home + value.dropFirst()
            }
            return home.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/.aws/" + file }
        }
        return (path("AWS_SHARED_CREDENTIALS_FILE", "credentials"), path("AWS_CONFIG_FILE", "config"))
    }

    /// Reads and parses both files at `paths(environment:homeDirectory:)`.
    /// A file that does not exist is no error: most machines lack one of them.
    ///
    /// - Throws: `AWSConfigurationError` for a file that exists but cannot be
    ///   read, is not UTF-8, or is not the INI `SharedConfigFile` reads.
    public static func load(environment: [String: String], homeDirectory: String? = nil) throws(AWSConfigurationError) -> AWSSharedFiles {
        let paths = paths(environment: environment, homeDirectory: homeDirectory)
        return AWSSharedFiles(credentialsPath: paths.credentials, credentials: try paths.credentials.flatMap(read),
                              configPath: paths.config, config: try paths.config.flatMap(read))
    }

    private static func read(_ path: String) throws(AWSConfigurationError) -> SharedConfigFile? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(filePath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            throw AWSConfigurationError(problem: "cannot read \(path): \(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AWSConfigurationError(problem: "\(path) is not UTF-8 text")
        }
        return try SharedConfigFile(parsing: text, path: path)
    }

    /// The settings of profile `name` from both files (the credentials file's
    /// winning), or `nil` when neither file has it.
    public func profile(_ name: String) -> [String: String]? {
        let fromConfig = config?.configProfiles[name]
        let fromCredentials = credentials?.credentialsProfiles[name]
        guard fromConfig != nil || fromCredentials != nil else { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentials in credentials }
    }

    /// The files for a person to read, e.g. `/home/me/.aws/credentials and
    /// /home/me/.aws/config (missing)`; `nil` when no file was looked for.
    public var lookedAt: String? {
        let described = [(credentialsPath, credentials), (configPath, config)].compactMap { path, file in
            path.map { file == nil ? "\($0) (missing)" : $0 }
        }
        return described.isEmpty ? nil : described.joined(separator: " and ")
    }
}
