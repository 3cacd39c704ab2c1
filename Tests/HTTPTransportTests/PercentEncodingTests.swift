import HTTPTransport
import Testing

@Suite struct PercentEncodingTests {
    @Test(arguments: [
        ("-._~AZaz09", false, "-._~AZaz09"),
        ("a b", false, "a%20b"),
        ("ሴ", false, "%E1%88%B4"),
        ("/a/b", false, "%2Fa%2Fb"),
        ("/a/b", true, "/a/b"),
        ("%41+*", false, "%2541%2B%2A"),
        ("!'()=&:@$,;[]", false, "%21%27%28%29%3D%26%3A%40%24%2C%3B%5B%5D"),
    ])
    func encodesAllButUnreserved(input: String, keepingSlash: Bool, expected: String) {
        #expect(PercentEncoding.encode(input.utf8, keepingSlash: keepingSlash) == expected)
    }

    @Test(arguments: [
        ("%e1%88%B4", Array("ሴ".utf8)),
        ("a+b", Array("a+b".utf8)),  // RFC 3986, not a form: `+` is not a space
        ("100%", Array("100%".utf8)),
        ("%zz%4", Array("%zz%4".utf8)),
        ("%2F", [UInt8(ascii: "/")]),
    ])
    func decodesValidEscapesOnly(input: String, expected: [UInt8]) {
        #expect(PercentEncoding.decode(input) == expected)
    }

    @Test func formBodiesWriteASpaceAsPlus() {
        #expect(PercentEncoding.encode("a b+c%20/é".utf8, spaceAsPlus: true) == "a+b%2Bc%2520%2F%C3%A9")
        #expect(PercentEncoding.encode("a b".utf8) == "a%20b")
    }

    @Test func keepsExistingEscapesForS3() {
        #expect(PercentEncoding.encodeKeepingEscapes("/a%2fb c/ሴ%") == "/a%2Fb%20c/%E1%88%B4%25")
    }
}
