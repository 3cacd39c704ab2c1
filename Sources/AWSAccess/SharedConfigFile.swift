/// One of the AWS shared files (`~/.aws/config`, `~/.aws/credentials`) as
/// its sections, read the way botocore's INI reader reads them.
///
/// Understood: `[section]` lines (a `#` or `;` comment may follow), `key =
/// value` and `key: value` (split at the first `=` or `:`; key lower-cased,
/// both sides trimmed), whole-line comments starting with `#` or `;`, blank
/// lines, and indented lines after a setting, which continue its value (that
/// is how nested settings such as `s3 =` are written, and they must not be
/// read as settings of the profile). A `#` inside a value is part of it, as in
/// botocore. A section that appears twice is merged, later settings winning.
public struct SharedConfigFile: Sendable, Equatable {
    /// Settings by section name, then by lower-cased key.
    public var sections: [String: [String: String]]

    public init(sections: [String: [String: String]] = [:]) {
        self.sections = sections
    }

    /// - Throws: `AWSConfigurationError` naming `path`, the line number and
    ///   the problem, for a setting before any section, an empty key or
    ///   section name, or a line that is none of the above.
    public init(parsing text: String, path: String) throws(AWSConfigurationError) {
        var sections: [String: [String: String]] = [:]
        var section: String?
        var lastKey: String?
        // CRLF is one Character, "\r\n", hence two separators.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, line) in lines.enumerated() {
            func problem(_ text: String) -> AWSConfigurationError {
                AWSConfigurationError(problem: "\(path):\(index + 1): \(text)")
            }
            let content = trimmed(String(line))
            if content.isEmpty || content.hasPrefix("#") || content.hasPrefix(";") { continue }
            if let section, let key = lastKey, line.first == " " || line.first == "\t" {
                sections[section, default: [:]][key, default: ""] += "\n" + content
                continue
            }
            lastKey = nil
            if content.hasPrefix("[") {
                guard let close = content.lastIndex(of: "]") else { throw problem("a section header without its closing ]") }
                let name = trimmed(String(content[content.index(after: content.startIndex)..<close]))
                let rest = trimmed(String(content[content.index(after: close)...]))
                guard !name.isEmpty else { throw problem("a section header without a name") }
                guard rest.isEmpty || rest.hasPrefix("#") || rest.hasPrefix(";") else {
                    throw problem("unexpected text after the section header: \(rest.debugDescription)")
                }
                section = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let delimiter = content.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw problem("expected [section], key = value or a comment, got \(content.debugDescription)")
            }
            let key = trimmed(String(content[..<delimiter])).lowercased()
            guard !key.isEmpty else { throw problem("a setting without a name") }
            guard let section else { throw problem("the setting \(key) comes before any [section]") }
            sections[section, default: [:]][key] = trimmed(String(content[content.index(after: delimiter)...]))
            lastKey = key
        }
        self.sections = sections
    }

    /// The profiles of a config file: `[profile name]` is profile `name`,
    /// `[default]` (or `[profile default]`) is `default`; other sections
    /// (`[sso-session …]`, `[services …]`) are not profiles.
    public var configProfiles: [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        // `[default]` first, so an explicit `[profile default]` wins, as in botocore.
        if let defaults = sections["default"] { profiles["default"] = defaults }
        for (name, settings) in sections {
            let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count == 2, words[0] == "profile" { profiles[String(words[1]), default: [:]].merge(settings) { _, new in new } }
        }
        return profiles
    }

    /// The profiles of a credentials file: every section, by its name as written.
    public var credentialsProfiles: [String: [String: String]] { sections }
}
