import FoundationEssentials

/// Why `XMLReader` rejected a document, and where: `offset` is the byte
/// offset (from 0) into the input at which the problem was found.
public struct XMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Markup that was opened and never closed before the input ended.
    public enum Construct: Sendable, Equatable {
        case tag(String)
        case attributeValue
        case comment
        case cdata
        case processingInstruction
        case entityReference
    }

    public enum Reason: Sendable, Equatable {
        /// A byte sequence that is not UTF-8.
        case invalidUTF8
        /// A code point XML 1.0 does not allow, such as NUL or a control
        /// character; also when written as a character reference.
        case invalidCharacter(UInt32)
        case noRootElement
        case contentAfterRoot
        /// DOCTYPE declarations can define entities; AWS never sends one, so
        /// refusing them keeps the reader small and free of entity expansion.
        case doctypeNotSupported
        /// `found` is `nil` at the end of the input.
        case unexpectedCharacter(found: UInt8?, expected: String)
        case unterminated(Construct)
        case mismatchedTag(expected: String, found: String)
        case unclosedElement(String)
        case unknownEntity(String)
        case invalidCharacterReference(String)
        case invalidName
        case tooDeep(limit: Int)
    }

    public var offset: Int
    public var reason: Reason

    public init(offset: Int, _ reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "XML error at byte \(offset): \(Self.render(reason))" }

    private static func render(_ reason: Reason) -> String {
        switch reason {
        case .invalidUTF8: "invalid UTF-8"
        case .invalidCharacter(let value): "character U+\(hex(value)) is not allowed in XML"
        case .noRootElement: "no root element"
        case .contentAfterRoot: "content after the root element"
        case .doctypeNotSupported: "DOCTYPE is not supported"
        case .unexpectedCharacter(let found?, let expected): "found \(renderByte(found)), expected \(expected)"
        case .unexpectedCharacter(nil, let expected): "input ends, expected \(expected)"
        case .unterminated(let construct): "unterminated \(render(construct))"
        case .mismatchedTag(let expected, let found): "end tag </\(found)> does not match <\(expected)>"
        case .unclosedElement(let name): "input ends inside <\(name)>"
        case .unknownEntity(let name): "unknown entity &\(name);"
        case .invalidCharacterReference(let text): "invalid character reference &\(text);"
        case .invalidName: "invalid name"
        case .tooDeep(let limit): "elements nested deeper than \(limit)"
        }
    }

    private static func render(_ construct: Construct) -> String {
        switch construct {
        case .tag(let name): "tag <\(name)"
        case .attributeValue: "attribute value"
        case .comment: "comment"
        case .cdata: "CDATA section"
        case .processingInstruction: "processing instruction"
        case .entityReference: "entity reference"
        }
    }

    private static func renderByte(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(hex(UInt32(byte), width: 2))"
    }

    private static func hex(_ value: UInt32, width: Int = 4) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
