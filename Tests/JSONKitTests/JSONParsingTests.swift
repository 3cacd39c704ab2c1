import Foundation
import JSONKit
import Testing

/// `JSONValue(parsing:)`: every JSON shape maps to its case, and anything that
/// is not one JSON document is a `ParseError`, never a crash.
struct JSONParsingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: JSONValue
        var testDescription: String { text }
    }

    static let valid: [Case] = [
        Case(text: "null", expected: .null),
        Case(text: "true", expected: .bool(true)),
        Case(text: "false", expected: .bool(false)),
        Case(text: "0", expected: .number(0)),
        Case(text: "-12", expected: .number(-12)),
        Case(text: "1.5", expected: .number(1.5)),
        Case(text: "2.5e3", expected: .number(2500)),
        Case(text: "-1E-2", expected: .number(-0.01)),
        Case(text: #""text""#, expected: .string("text")),
        Case(text: #""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#, expected: .string("a\"b\\c/d\n\té😀")),
        Case(text: "[]", expected: .array([])),
        Case(text: "{}", expected: .object([:])),
        // Booleans and numbers are not confused with each other.
        Case(text: "[1, true, 0, false, \"1\", \"true\"]",
             expected: .array([.number(1), .bool(true), .number(0), .bool(false), .string("1"), .string("true")])),
        // An explicit null is kept, not dropped.
        Case(text: #"{"a": null, "b": 1}"#, expected: .object(["a": .null, "b": .number(1)])),
        Case(text: #" { "outer" : { "list" : [ { "deep" : [ null , "x" ] } ] } } "#,
             expected: .object(["outer": .object(["list": .array([.object(["deep": .array([.null, .string("x")])])])])])),
        Case(text: #"{"RequestType":"Create","ResourceProperties":{"Count":"3","Enabled":"true"}}"#,
             expected: ["RequestType": "Create", "ResourceProperties": ["Count": "3", "Enabled": "true"]]),
    ]

    @Test("valid JSON parses to the matching value", arguments: valid)
    func parsesValid(_ testCase: Case) async throws {
        #expect(try JSONValue(parsing: Data(testCase.text.utf8)) == testCase.expected)
    }

    // Foundation's parser tolerates a trailing comma (`[1,]`); nothing here
    // depends on rejecting one, so it is not pinned either way.
    static let invalid: [String] = [
        "",
        "   ",
        "{",
        "[1, 2",
        #"{"a" 1}"#,
        "{a: 1}",
        "'single'",
        "tru",
        "nul",
        "01x",
        #""unterminated"#,
        "{} {}",
        "[1] x",
        "NaN",
    ]

    @Test("text that is not one JSON document throws ParseError", arguments: invalid)
    func rejectsInvalid(_ text: String) {
        let error = #expect(throws: JSONValue.ParseError.self) {
            try JSONValue(parsing: Data(text.utf8))
        }
        #expect(error?.detail.isEmpty == false, "the error should say what is wrong")
    }

    @Test("bytes that are not UTF-8 throw ParseError")
    func rejectsInvalidUTF8() {
        let bytes: [[UInt8]] = [
            [0x22, 0xFF, 0x22],               // "\xFF"
            [0x22, 0xC3, 0x28, 0x22],         // broken two-byte sequence
            [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D], // {"a":"<surrogate>"}
        ]
        for sample in bytes {
            #expect(throws: JSONValue.ParseError.self) {
                try JSONValue(parsing: Data(sample))
            }
        }
    }

    @Test("ParseError's description is its detail")
    func parseErrorDescription() async throws {
        let error = try #require(throws: JSONValue.ParseError.self) {
            try JSONValue(parsing: Data("[1,".utf8))
        }
        #expect(error.description == error.detail)
    }

    @Test("accessors read strings and objects and nothing else")
    func accessors() async throws {
        let value = try JSONValue(parsing: Data(#"{"name":"x","n":1,"o":{"k":"v"}}"#.utf8))
        #expect(value["name"]?.stringValue == "x")
        #expect(value["n"] == .number(1))
        #expect(value["n"]?.stringValue == nil)
        #expect(value["o"]?.objectValue == ["k": .string("v")])
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([.string("x")])["name"] == nil)
        #expect(JSONValue.string("x").objectValue == nil)
    }

    @Test("literals build the matching cases")
    func literals() {
        let value: JSONValue = ["a": ["x", true], "b": "y"]
        #expect(value == .object(["a": .array([.string("x"), .bool(true)]), "b": .string("y")]))
    }
}
