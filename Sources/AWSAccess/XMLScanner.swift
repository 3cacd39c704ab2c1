import FoundationEssentials

/// The lexical half of `XMLReader`: a cursor over the document's bytes that
/// reads one piece of markup at a time. Every read checks the index before it
/// looks, and every loop moves the cursor forward, so no input can crash or
/// stall it.
struct XMLScanner {
    struct StartTag {
        var qualifiedName: String
        var localName: String
        var selfClosing: Bool
    }

    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }
    var atEnd: Bool { position >= bytes.count }

    func hasPrefix(_ literal: [UInt8]) -> Bool {
        bytes.count - position >= literal.count && bytes[position..<position + literal.count].elementsEqual(literal)
    }

    mutating func skipByteOrderMark() {
        if position == 0 && hasPrefix([0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// Returns whether any whitespace was skipped (attributes must be
    /// separated by some).
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        while let byte = current, byte == .space || byte == .tab || byte == .lineFeed || byte == .carriageReturn {
            position += 1
        }
        return position > start
    }

    // MARK: Tags

    /// Reads `<name attr="value" …>` or `<name … />` from its `<`. Attribute
    /// values are checked (quotes, entities) and dropped.
    mutating func readStartTag() throws(XMLError) -> StartTag {
        let start = position
        position += 1
        let (qualified, local) = try readName()
        while true {
            let separated = skipWhitespace()
            guard let byte = current else { throw XMLError(offset: start, .unterminated(.tag(qualified))) }
            switch byte {
            case .greaterThan:
                position += 1
                return StartTag(qualifiedName: qualified, localName: local, selfClosing: false)
            case .slash:
                position += 1
                try expect(.greaterThan, "'>'")
                return StartTag(qualifiedName: qualified, localName: local, selfClosing: true)
            default:
                guard separated else {
                    throw XMLError(offset: position, .unexpectedCharacter(found: byte, expected: "whitespace, '>' or '/>'"))
                }
                try skipAttribute()
            }
        }
    }

    /// Reads `</name>` from its `<` and returns the name as written.
    mutating func readEndTag() throws(XMLError) -> String {
        let start = position
        position += 2
        let (qualified, _) = try readName()
        skipWhitespace()
        guard !atEnd else { throw XMLError(offset: start, .unterminated(.tag("/" + qualified))) }
        try expect(.greaterThan, "'>'")
        return qualified
    }

    private mutating func skipAttribute() throws(XMLError) {
        _ = try readName()
        skipWhitespace()
        try expect(.equals, "'='")
        skipWhitespace()
        guard let quote = current, quote == .quote || quote == .apostrophe else {
            throw XMLError(offset: position, .unexpectedCharacter(found: current, expected: "a quoted value"))
        }
        let start = position
        position += 1
        var discarded: [UInt8] = []
        while true {
            guard let byte = current else { throw XMLError(offset: start, .unterminated(.attributeValue)) }
            switch byte {
            case quote:
                position += 1
                return
            case .lessThan:
                throw XMLError(offset: position, .unexpectedCharacter(found: byte, expected: "the closing quote"))
            case .ampersand:
                discarded.removeAll(keepingCapacity: true)
                try readReference(into: &discarded)
            default:
                position += 1
            }
        }
    }

    /// Reads a tag or attribute name; the local name is what follows the
    /// last `:`.
    private mutating func readName() throws(XMLError) -> (qualified: String, local: String) {
        let start = position
        guard let first = current, Self.isNameStart(first) else {
            throw XMLError(offset: position, .unexpectedCharacter(found: current, expected: "a name"))
        }
        position += 1
        while let byte = current, Self.isNameStart(byte) || Self.isNameTail(byte) { position += 1 }
        let name = bytes[start..<position]
        let local = name.lastIndex(of: .colon).map { name[($0 + 1)...] } ?? name
        guard !local.isEmpty else { throw XMLError(offset: start, .invalidName) }
        return (String(decoding: name, as: UTF8.self), String(decoding: local, as: UTF8.self))
    }

    private mutating func expect(_ byte: UInt8, _ description: String) throws(XMLError) {
        guard current == byte else { throw XMLError(offset: position, .unexpectedCharacter(found: current, expected: description)) }
        position += 1
    }

    // Bytes of 0x80 and above belong to non-ASCII letters; the document has
    // already been checked to be UTF-8, so a name never ends mid-character.
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == .underscore || byte == .colon || byte >= 0x80
    }

    private static func isNameTail(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || byte == .hyphen || byte == .period
    }
}

extension UInt8 {
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let ampersand = UInt8(ascii: "&")
    static let apostrophe = UInt8(ascii: "'")
    static let hyphen = UInt8(ascii: "-")
    static let period = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let lessThan = UInt8(ascii: "<")
    static let equals = UInt8(ascii: "=")
    static let greaterThan = UInt8(ascii: ">")
    static let underscore = UInt8(ascii: "_")
    static let lowercaseX = UInt8(ascii: "x")
}
