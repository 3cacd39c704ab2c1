import FoundationEssentials

/// A request body as botocore writes it, so that the signed request is
/// byte for byte the one boto3 sends for the same parameters: members in the
/// order they were encoded (a shape's `CodingKeys` follow the service
/// model's member order, the order boto3's documentation lists them in), and
/// the text of Python's `json.dumps`: `", "` and `": "` between items,
/// everything outside printable ASCII escaped as `\uXXXX`, `/` as is.
enum JSON11Body {
    case null
    case bool(Bool)
    /// The number as written.
    case number(String)
    case string(String)
    case array([JSON11Body])
    case object([(key: String, value: JSON11Body)])

    /// The body for `value`, through `JSON11BodyEncoder`.
    init(encoding value: some Encodable) throws {
        self = try JSON11BodyEncoder.encode(value)
    }

    var text: String {
        var text = ""
        write(into: &text)
        return text
    }

    private func write(into text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .number(let value): text += value
        case .string(let value): Self.quote(value, into: &text)
        case .array(let items):
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += ", " }
                item.write(into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { text += ", " }
                Self.quote(member.key, into: &text)
                text += ": "
                member.value.write(into: &text)
            }
            text += "}"
        }
    }

    /// Python's `ensure_ascii` quoting: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`,
    /// `\f`, and `\uXXXX` (lower-case hex, UTF-16 units, so surrogate pairs
    /// beyond the BMP) for every other character outside space…`~`.
    private static func quote(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case " "..."~": text.unicodeScalars.append(scalar)
            default:
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        text += "\""
    }
}
