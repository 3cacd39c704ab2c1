import AWSAccess
import Testing

struct XMLReaderErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: [UInt8]
        var offset: Int
        var reason: XMLError.Reason
        var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }

        init(_ xml: String, _ offset: Int, _ reason: XMLError.Reason) {
            self.init(Array(xml.utf8), offset, reason)
        }

        init(_ input: [UInt8], _ offset: Int, _ reason: XMLError.Reason) {
            self.input = input
            self.offset = offset
            self.reason = reason
        }
    }

    static let malformed: [Case] = [
        Case("", 0, .noRootElement),
        Case(" \n ", 3, .noRootElement),
        Case("<?xml version='1.0'?><!-- only -->", 34, .noRootElement),
        Case("hello", 0, .unexpectedCharacter(found: UInt8(ascii: "h"), expected: "'<'")),
        Case("<a>", 3, .unclosedElement("a")),
        Case("<a><b>text", 10, .unclosedElement("b")),
        Case("<a><b></a>", 6, .mismatchedTag(expected: "b", found: "a")),
        Case("<a></b>", 3, .mismatchedTag(expected: "a", found: "b")),
        Case("<x:a></y:a>", 5, .mismatchedTag(expected: "x:a", found: "y:a")),
        Case("<a></a", 3, .unterminated(.tag("/a"))),
        Case("<a", 0, .unterminated(.tag("a"))),
        Case("<a b='1' ", 0, .unterminated(.tag("a"))),
        Case("<a b", 4, .unexpectedCharacter(found: nil, expected: "'='")),
        Case("<a b=\"1>", 5, .unterminated(.attributeValue)),
        Case("<a b=1>", 5, .unexpectedCharacter(found: UInt8(ascii: "1"), expected: "a quoted value")),
        Case("<a b=\"<\">", 6, .unexpectedCharacter(found: UInt8(ascii: "<"), expected: "the closing quote")),
        Case("<a b=\"&nope;\"/>", 6, .unknownEntity("nope")),
        Case("<a b=\"1\"c=\"2\"/>", 8, .unexpectedCharacter(found: UInt8(ascii: "c"), expected: "whitespace, '>' or '/>'")),
        Case("<a/ >", 3, .unexpectedCharacter(found: 0x20, expected: "'>'")),
        Case("<1a/>", 1, .unexpectedCharacter(found: UInt8(ascii: "1"), expected: "a name")),
        Case("<a:/>", 1, .invalidName),
        Case("</a>", 1, .unexpectedCharacter(found: UInt8(ascii: "/"), expected: "a name")),
        Case("<a>&foo;</a>", 3, .unknownEntity("foo")),
        Case("<a>&AMP;</a>", 3, .unknownEntity("AMP")),
        Case("<a>AT&T</a>", 5, .unterminated(.entityReference)),
        Case("<a>&;</a>", 3, .unterminated(.entityReference)),
        Case("<a>&amp</a>", 3, .unterminated(.entityReference)),
        Case("<a>&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;</a>", 3, .unterminated(.entityReference)),
        Case("<a>&#xZZ;</a>", 3, .invalidCharacterReference("#xZZ")),
        Case("<a>&#X41;</a>", 3, .invalidCharacterReference("#X41")),
        Case("<a>&#;</a>", 3, .invalidCharacterReference("#")),
        Case("<a>&#x;</a>", 3, .invalidCharacterReference("#x")),
        Case("<a>&#12a;</a>", 3, .invalidCharacterReference("#12a")),
        Case("<a>&#x110000;</a>", 3, .invalidCharacterReference("#x110000")),
        Case("<a>&#99999999999;</a>", 3, .invalidCharacterReference("#99999999999")),
        Case("<a>&#0;</a>", 3, .invalidCharacter(0)),
        Case("<a>&#x1F;</a>", 3, .invalidCharacter(0x1F)),
        Case("<a>&#xD800;</a>", 3, .invalidCharacter(0xD800)),
        Case("<a>&#xFFFE;</a>", 3, .invalidCharacter(0xFFFE)),
        Case("<a>\u{0}</a>", 3, .invalidCharacter(0)),
        Case("<a b='\u{1B}'/>", 6, .invalidCharacter(0x1B)),
        Case("<a>é\u{FFFF}</a>", 5, .invalidCharacter(0xFFFF)),
        Case([0x3C, 0x61, 0x3E, 0xFF, 0x3C, 0x2F, 0x61, 0x3E], 3, .invalidUTF8),
        Case([0x3C, 0x61, 0x3E, 0xC3, 0xA9, 0xC0, 0x80, 0x3C, 0x2F, 0x61, 0x3E], 5, .invalidUTF8),
        Case([0x3C, 0x61, 0x3E, 0xED, 0xA0, 0x80, 0x3C, 0x2F, 0x61, 0x3E], 3, .invalidUTF8),
        Case([0x3C, 0x61, 0x3E, 0xE2, 0x82], 3, .invalidUTF8),
        Case("<a><!-- x</a>", 3, .unterminated(.comment)),
        Case("<!-- x", 0, .unterminated(.comment)),
        Case("<a><![CDATA[x]]</a>", 3, .unterminated(.cdata)),
        Case("<?xml version='1.0'", 0, .unterminated(.processingInstruction)),
        Case("<a><?pi</a>", 3, .unterminated(.processingInstruction)),
        Case("<a/><b/>", 4, .contentAfterRoot),
        Case("<a/>x", 4, .contentAfterRoot),
        Case("<a/>&amp;", 4, .contentAfterRoot),
        Case("<!DOCTYPE html><html/>", 0, .doctypeNotSupported),
        Case("<!DOCTYPE a [<!ENTITY e 'boom'>]><a>&e;</a>", 0, .doctypeNotSupported),
        Case("<a><!DOCTYPE a></a>", 4, .unexpectedCharacter(found: UInt8(ascii: "!"), expected: "a name")),
        Case("<!x>", 1, .unexpectedCharacter(found: UInt8(ascii: "!"), expected: "a name")),
        Case("<html><body>Service Unavailable</body>", 38, .unclosedElement("html")),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedInputSayingWhereAndWhat(_ testCase: Case) {
        #expect(throws: XMLError(offset: testCase.offset, testCase.reason)) {
            try XMLReader().read(testCase.input)
        }
    }

    @Test(arguments: [
        (XMLError(offset: 6, .mismatchedTag(expected: "b", found: "a")), "XML error at byte 6: end tag </a> does not match <b>"),
        (XMLError(offset: 3, .unknownEntity("foo")), "XML error at byte 3: unknown entity &foo;"),
        (XMLError(offset: 0, .unterminated(.tag("a"))), "XML error at byte 0: unterminated tag <a"),
        (XMLError(offset: 3, .invalidCharacter(0)), "XML error at byte 3: character U+0000 is not allowed in XML"),
        (XMLError(offset: 0, .unexpectedCharacter(found: UInt8(ascii: "h"), expected: "'<'")), "XML error at byte 0: found 'h', expected '<'"),
        (XMLError(offset: 3, .unexpectedCharacter(found: 0x20, expected: "'>'")), "XML error at byte 3: found byte 0x20, expected '>'"),
        (XMLError(offset: 4, .unexpectedCharacter(found: nil, expected: "'='")), "XML error at byte 4: input ends, expected '='"),
        (XMLError(offset: 768, .tooDeep(limit: 256)), "XML error at byte 768: elements nested deeper than 256"),
        (XMLError(offset: 0, .doctypeNotSupported), "XML error at byte 0: DOCTYPE is not supported"),
    ])
    func describesErrorsOnOneLine(_ error: XMLError, _ text: String) {
        #expect(error.description == text)
    }
}
