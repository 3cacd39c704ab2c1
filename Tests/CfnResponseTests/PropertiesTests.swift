import CfnResponse
import JSONKit
import Testing

/// Reading `ResourceProperties`: strings (CloudFormation stringifies numbers
/// and booleans), errors by property path, the nearest name for a misspelt one.
struct PropertiesTests {
    static let properties = Properties([
        "Name": "web",
        "Empty": "",
        "Nothing": .null,
        "Count": .number(3),
        "Ratio": .number(1.5),
        "Flag": true,
        "Enabled": "True",
        "Disabled": "false",
        "Maybe": "yes",
        "List": ["a", "b"],
        "Map": ["k": "v"],
    ])

    @Test("string reads strings and stringifies numbers and booleans", arguments: [
        ("Name", "web"), ("Count", "3"), ("Ratio", "1.5"), ("Flag", "true"), ("Enabled", "True"),
    ])
    func string(_ name: String, _ expected: String) async throws {
        #expect(try Self.properties.string(name) == expected)
        #expect(try Self.properties.optionalString(name) == expected)
    }

    @Test("optionalString is nil when absent, null or empty", arguments: ["Missing", "Nothing", "Empty"])
    func optionalAbsent(_ name: String) async throws {
        #expect(try Self.properties.optionalString(name) == nil)
    }

    @Test("a required property that is absent, null or empty names its path", arguments: ["Missing", "Nothing", "Empty"])
    func requiredAbsent(_ name: String) async throws {
        let error = try #require(throws: PropertyError.self) { try Self.properties.string(name) }
        #expect(error == PropertyError(path: "ResourceProperties.\(name)", problem: "is required but missing"))
        #expect(error.description == "property ResourceProperties.\(name) is required but missing")
    }

    @Test("a list or map where a string is expected is an error with the path and the value", arguments: [
        ("List", #"must be a string, not ["a","b"]"#), ("Map", #"must be a string, not {"k":"v"}"#),
    ])
    func notAString(_ name: String, _ problem: String) async throws {
        let error = try #require(throws: PropertyError.self) { try Self.properties.optionalString(name) }
        #expect(error == PropertyError(path: "ResourceProperties.\(name)", problem: problem))
    }

    @Test("a long non-string value is shown only in part")
    func longValueCut() async throws {
        let properties = Properties(["Big": .array(Array(repeating: "abcdefghij", count: 50))])
        let error = try #require(throws: PropertyError.self) { try properties.string("Big") }
        #expect(error.problem.count == "must be a string, not ".count + 60)
    }

    @Test("the path prefix is the one given")
    func customPath() async throws {
        let old = Properties(["A": ["x"]], path: "OldResourceProperties")
        let error = try #require(throws: PropertyError.self) { try old.string("A") }
        #expect(error.path == "OldResourceProperties.A")
        let missing = try #require(throws: PropertyError.self) { try old.string("B") }
        #expect(missing.path == "OldResourceProperties.B")
    }

    @Test("bool reads true and false in any case, and the default when absent", arguments: [
        ("Flag", false, true), ("Enabled", false, true), ("Disabled", true, false),
        ("Missing", true, true), ("Missing", false, false), ("Empty", true, true), ("Nothing", false, false),
    ])
    func bool(_ name: String, _ fallback: Bool, _ expected: Bool) async throws {
        #expect(try Self.properties.bool(name, default: fallback) == expected)
    }

    @Test("bool rejects other text, naming the path", arguments: [("Maybe", #"is "yes": expected true or false"#), ("Count", #"is "3": expected true or false"#)])
    func boolRejects(_ name: String, _ problem: String) async throws {
        let error = try #require(throws: PropertyError.self) { try Self.properties.bool(name, default: false) }
        #expect(error == PropertyError(path: "ResourceProperties.\(name)", problem: problem))
    }

    @Test("requireKnown accepts known names and CloudFormation's own")
    func requireKnownAccepts() async throws {
        let properties = Properties(["StackName": "s", "Region": "r", "ServiceToken": "arn", "ServiceTimeout": "60"])
        try properties.requireKnown(["StackName", "Region"])
        try Properties([:]).requireKnown([])
    }

    @Test("requireKnown names an unknown property and suggests the nearest known one", arguments: [
        ("StackNme", "StackName"),
        ("stackname", "StackName"),
        ("StackNames", "StackName"),
        ("Regoin", "Region"),
        ("VpcCidr", "VpcCIDR"),
    ])
    func requireKnownSuggests(_ given: String, _ suggestion: String) async throws {
        let known = ["StackName", "Region", "VpcCIDR"]
        let error = try #require(throws: PropertyError.self) {
            try Properties([given: "x", "ServiceToken": "arn"]).requireKnown(known)
        }
        #expect(error.path == "ResourceProperties.\(given)")
        #expect(error.problem == "is not a property of this resource; did you mean \(suggestion)? Known: StackName, Region, VpcCIDR")
    }

    @Test("requireKnown suggests nothing when no known name is near")
    func requireKnownNoSuggestion() async throws {
        let error = try #require(throws: PropertyError.self) {
            try Properties(["Colour": "red"]).requireKnown(["StackName", "Region"])
        }
        #expect(error == PropertyError(path: "ResourceProperties.Colour", problem: "is not a property of this resource. Known: StackName, Region"))
    }

    @Test("requireKnown reports the unknown names in a stable order")
    func requireKnownOrder() async throws {
        let error = try #require(throws: PropertyError.self) {
            try Properties(["Zeta": "1", "Alpha": "2", "Region": "r"]).requireKnown(["Region"])
        }
        #expect(error.path == "ResourceProperties.Alpha")
    }

    @Test("a property error is diagnosable with its path")
    func diagnosable() {
        let error: any DiagnosableError = PropertyError(path: "ResourceProperties.A", problem: "is required but missing")
        #expect(error.summary == "property ResourceProperties.A is required but missing")
        #expect(error.propertyPath == "ResourceProperties.A")
        #expect(error.awsErrorCode == nil)
        #expect(error.awsRequestID == nil)
        #expect(error.httpStatus == nil)
    }
}
