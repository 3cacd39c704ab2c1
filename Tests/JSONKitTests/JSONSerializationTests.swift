import Foundation
import JSONKit
import Testing

/// `JSONValue.serialized`: compact, deterministic text (sorted keys, integral
/// numbers without a fraction, control characters escaped) that parses back
/// to the same value.
struct JSONSerializationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var value: JSONValue
        var text: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "null", value: .null, text: "null"),
        Case(name: "booleans", value: [true, false], text: "[true,false]"),
        Case(name: "empty containers", value: ["a": [], "b": [:]], text: #"{"a":[],"b":{}}"#),
        Case(name: "keys sorted (uppercase before lowercase)", value: ["b": "1", "a": "2", "B": "3", "aa": "4"],
             text: #"{"B":"3","a":"2","aa":"4","b":"1"}"#),
        Case(name: "nested objects sorted at every level", value: ["z": ["y": "1", "x": "2"], "a": [["d": "3", "c": "4"]]],
             text: #"{"a":[{"c":"4","d":"3"}],"z":{"x":"2","y":"1"}}"#),
        Case(name: "array order kept", value: ["c", "a", "b"], text: #"["c","a","b"]"#),
        Case(name: "integral numbers have no fraction", value: .array([.number(0), .number(42), .number(-7), .number(3.0), .number(-0.0)]),
             text: "[0,42,-7,3,0]"),
        Case(name: "large integral number", value: .number(123_456_789_012_345), text: "123456789012345"),
        Case(name: "fractional numbers", value: .array([.number(1.5), .number(-0.25), .number(0.1)]), text: "[1.5,-0.25,0.1]"),
        Case(name: "non-finite numbers become null", value: .array([.number(.infinity), .number(-.infinity), .number(.nan)]),
             text: "[null,null,null]"),
        Case(name: "quote and backslash escaped", value: .string(#"say "hi" \ bye"#), text: #""say \"hi\" \\ bye""#),
        Case(name: "slash not escaped", value: .string("a/b"), text: #""a/b""#),
        Case(name: "line breaks and tab", value: .string("a\nb\rc\td"), text: #""a\nb\rc\td""#),
        Case(name: "other control characters as \\u00XX", value: .string("\u{0}\u{1}\u{8}\u{C}\u{1B}\u{1F}"),
             text: #""\u0000\u0001\u0008\u000c\u001b\u001f""#),
        Case(name: "DEL and space are not escaped", value: .string(" \u{7F}"), text: "\" \u{7F}\""),
        Case(name: "unicode written as it is", value: .string("é日本😀👍🏽"), text: "\"é日本😀👍🏽\""),
        Case(name: "keys escaped too", value: .object(["a\"\n": .null]), text: #"{"a\"\n":null}"#),
    ]

    @Test("serialized text is pinned", arguments: cases)
    func serializes(_ testCase: Case) {
        #expect(testCase.value.serialized == testCase.text)
    }

    @Test("serialize(into:) appends to what is there")
    func appends() {
        var text = "prefix:"
        JSONValue.object(["k": .number(1)]).serialize(into: &text)
        #expect(text == #"prefix:{"k":1}"#)
        JSONValue.quote("q\"", into: &text)
        #expect(text == #"prefix:{"k":1}"q\"""#)
    }

    @Test("large and tiny numbers stay valid JSON and keep their value",
          arguments: [1e15, 1e20, -3.5e22, 1e-7, 123456.789, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude])
    func numbersRoundTrip(_ number: Double) async throws {
        let text = JSONValue.number(number).serialized
        #expect(!text.contains("inf") && !text.contains("nan"))
        #expect(try JSONValue(parsing: Data(text.utf8)) == .number(number), "\(text)")
    }

    @Test("every control character is escaped so the text stays on one line")
    func allControlCharacters() async throws {
        let value = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar($0)! }))
        let text = JSONValue.string(value).serialized
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
        #expect(try JSONValue(parsing: Data(text.utf8)) == .string(value))
    }

    static let roundTrips: [JSONValue] = [
        .null,
        ["Status": "SUCCESS", "Data": ["VpcId": "vpc-1", "Count": .number(3)], "NoEcho": false],
        [.number(-1.25), .string("\u{1}\u{2028}\"\\/é"), .array([]), .object([:]), .null, true],
        ["deep": [["deeper": [["deepest": .number(1e-3)]]]]],
    ]

    @Test("serialize then parse gives the value back", arguments: roundTrips)
    func roundTrip(_ value: JSONValue) async throws {
        let text = value.serialized
        #expect(try JSONValue(parsing: Data(text.utf8)) == value)
        // Deterministic: the parsed value serializes to the same text.
        #expect(try JSONValue(parsing: Data(text.utf8)).serialized == text)
    }

    @Test("Codable encoding and decoding agree with the value")
    func codable() async throws {
        let value: JSONValue = ["a": [.number(1), .null, "x"], "b": true]
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: encoded) == value)
        #expect(try JSONValue(parsing: encoded) == value)
    }
}
