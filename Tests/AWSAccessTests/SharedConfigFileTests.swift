import AWSAccess
import Testing

/// The INI dialect of `~/.aws/config` and `~/.aws/credentials`, as botocore reads it.
@Suite struct SharedConfigFileTests {
    @Test(arguments: [
        ("", [:]),
        ("[default]\naws_access_key_id = AKID\naws_secret_access_key=SECRET\n",
         ["default": ["aws_access_key_id": "AKID", "aws_secret_access_key": "SECRET"]]),
        // Comments, blank lines, CRLF, tabs, `:` as delimiter, keys lower-cased.
        ("# top\n; also\n\n[profile dev] ; trailing comment\r\n\tRegion\t:  eu-west-1  \r\n  # indented comment\nOutput=json\n",
         ["profile dev": ["region": "eu-west-1", "output": "json"]]),
        // The first `=` or `:` splits; the rest belongs to the value, `#` included.
        ("[p]\nrole_arn = arn:aws:iam::123456789012:role/x\nexternal_id = a=b#c ;d\nempty =\n",
         ["p": ["role_arn": "arn:aws:iam::123456789012:role/x", "external_id": "a=b#c ;d", "empty": ""]]),
        // Indented lines continue the setting before them: nested settings
        // never become the profile's own.
        ("[default]\ns3 =\n  region = us-west-1\n  max_concurrent_requests = 10\nregion = eu-central-1\n",
         ["default": ["s3": "\nregion = us-west-1\nmax_concurrent_requests = 10", "region": "eu-central-1"]]),
        // A section that comes back is merged, the later value winning.
        ("[a]\nx = 1\ny = 2\n[b]\n[a]\nx = 3\n", ["a": ["x": "3", "y": "2"], "b": [:]]),
    ] as [(String, [String: [String: String]])])
    func parses(text: String, sections: [String: [String: String]]) throws {
        #expect(try SharedConfigFile(parsing: text, path: "/f").sections == sections)
    }

    @Test(arguments: [
        ("region = us-east-1\n", "/f:1: the setting region comes before any [section]"),
        ("[default]\nregion us-east-1\n", "/f:2: expected [section], key = value or a comment, got \"region us-east-1\""),
        ("[default\n", "/f:1: a section header without its closing ]"),
        ("[ ]\n", "/f:1: a section header without a name"),
        ("[a] b\n", "/f:1: unexpected text after the section header: \"b\""),
        ("[a]\n = 1\n", "/f:2: a setting without a name"),
    ])
    func refusesWhatBotocoreRefuses(text: String, problem: String) {
        #expect(throws: AWSConfigurationError(problem: problem)) { try SharedConfigFile(parsing: text, path: "/f") }
    }

    @Test func profilesOfEachFile() throws {
        let config = try SharedConfigFile(parsing: """
            [default]
            region = us-east-1
            [profile dev]
            region = eu-west-1
            [profile  spaced]
            region = ap-southeast-2
            [sso-session corp]
            sso_region = us-east-1
            [dev]
            region = not-a-profile-in-config
            [profile default]
            output = json
            """, path: "config")
        #expect(config.configProfiles == [
            "default": ["region": "us-east-1", "output": "json"],
            "dev": ["region": "eu-west-1"],
            "spaced": ["region": "ap-southeast-2"],
        ])
        let credentials = try SharedConfigFile(parsing: "[dev]\naws_access_key_id = A\n[profile x]\n", path: "credentials")
        #expect(credentials.credentialsProfiles == ["dev": ["aws_access_key_id": "A"], "profile x": [:]])
    }
}
