import FoundationEssentials

extension XMLScanner {
    static let commentOpen = Array("<!--".utf8)
    static let cdataOpen = Array("<![CDATA[".utf8)
    static let processingInstructionOpen = Array("<?".utf8)
    static let endTagOpen = Array("</".utf8)
    static let doctypeOpen = Array("<!DOCTYPE".utf8)

    /// Checks the whole input once, up front, so everything after may slice
    /// bytes at ASCII delimiters and decode them without a failure path.
    func validateCharacters() throws(XMLError) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                guard Self.isXMLCharacter(scalar.value) else { throw XMLError(offset: offset, .invalidCharacter(scalar.value)) }
                offset += UTF8.width(scalar)
            case .emptyInput:
                return
            case .error:
                throw XMLError(offset: offset, .invalidUTF8)
            }
        }
    }

    /// Appends character data up to the next `<` (or the end), decoding
    /// entity and character references.
    mutating func readText(into text: inout [UInt8]) throws(XMLError) {
        while let byte = current, byte != .lessThan {
            if byte == .ampersand {
                try readReference(into: &text)
                continue
            }
            let end = bytes[position...].firstIndex { $0 == .lessThan || $0 == .ampersand } ?? bytes.count
            text.append(contentsOf: bytes[position..<end])
            position = end
        }
    }

    /// Decodes one `&…;` reference, from its `&`, into UTF-8.
    mutating func readReference(into text: inout [UInt8]) throws(XMLError) {
        let start = position
        position += 1
        // Names of the predefined entities and character references are
        // short; stopping early keeps a stray `&` from scanning the document.
        let limit = min(bytes.count, position + 16)
        var end = position
        while end < limit, bytes[end] == .hash || Self.isReferenceByte(bytes[end]) { end += 1 }
        guard end < limit, bytes[end] == .semicolon, end > position else {
            throw XMLError(offset: start, .unterminated(.entityReference))
        }
        let body = bytes[position..<end]
        position = end + 1
        let name = String(decoding: body, as: UTF8.self)
        switch name {
        case "amp": text.append(.ampersand)
        case "lt": text.append(.lessThan)
        case "gt": text.append(.greaterThan)
        case "quot": text.append(.quote)
        case "apos": text.append(.apostrophe)
        default:
            guard body.first == .hash else { throw XMLError(offset: start, .unknownEntity(name)) }
            guard let value = Self.characterReference(body.dropFirst()) else {
                throw XMLError(offset: start, .invalidCharacterReference(name))
            }
            guard Self.isXMLCharacter(value), let scalar = Unicode.Scalar(value) else {
                throw XMLError(offset: start, .invalidCharacter(value))
            }
            UTF8.encode(scalar) { text.append($0) }
        }
    }

    /// Appends the raw contents of `<![CDATA[ … ]]>`, from its `<`.
    mutating func readCDATA(into text: inout [UInt8]) throws(XMLError) {
        let contents = try skip(opener: Self.cdataOpen, closer: Array("]]>".utf8), .cdata)
        text.append(contentsOf: bytes[contents])
    }

    mutating func skipComment() throws(XMLError) {
        _ = try skip(opener: Self.commentOpen, closer: Array("-->".utf8), .comment)
    }

    /// Skips `<? … ?>`, the XML declaration included: nothing in it changes
    /// how an AWS response reads (it is always UTF-8).
    mutating func skipProcessingInstruction() throws(XMLError) {
        _ = try skip(opener: Self.processingInstructionOpen, closer: Array("?>".utf8), .processingInstruction)
    }

    /// Moves past `opener … closer` and returns the range between them.
    private mutating func skip(opener: [UInt8], closer: [UInt8], _ construct: XMLError.Construct) throws(XMLError) -> Range<Int> {
        let start = position
        var index = position + opener.count
        let contentStart = index
        while index + closer.count <= bytes.count {
            if bytes[index] == closer[0] && bytes[index..<index + closer.count].elementsEqual(closer) {
                position = index + closer.count
                return contentStart..<index
            }
            index += 1
        }
        throw XMLError(offset: start, .unterminated(construct))
    }

    /// The code point of `NN` (decimal) or `xHH` (hex); `nil` if the digits
    /// are missing, malformed or beyond Unicode.
    private static func characterReference(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var digits = digits
        var radix: UInt32 = 10
        if digits.first == .lowercaseX {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            guard let digit = hexDigitValue(byte), digit < radix else { return nil }
            // Stopping past U+10FFFF also keeps the arithmetic from overflowing.
            value = value * radix + digit
            guard value <= 0x10FFFF else { return nil }
        }
        return value
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isReferenceByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// XML 1.0's `Char` production.
    static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
