import AWSAccess
import Foundation
import Testing

struct XMLReaderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var xml: String
        var expected: XMLElement
        var testDescription: String { xml }
    }

    static func element(_ name: String, _ text: String = "", _ children: [XMLElement] = []) -> XMLElement {
        XMLElement(name: name, text: text, children: children)
    }

    static let wellFormed: [Case] = [
        Case(xml: "<a>x</a>", expected: element("a", "x")),
        Case(xml: "<a>&amp;&lt;&gt;&quot;&apos;</a>", expected: element("a", "&<>\"'")),
        Case(xml: "<a>&#65;&#x42;&#x20ac;&#x20AC;&#128512;</a>", expected: element("a", "AB€€😀")),
        Case(xml: "<a>a &amp;amp; b</a>", expected: element("a", "a &amp; b")),
        Case(xml: "<a><![CDATA[<b>&amp;]]]]></a>", expected: element("a", "<b>&amp;]]")),
        Case(xml: "<a>x<![CDATA[]]>y</a>", expected: element("a", "xy")),
        Case(xml: "<!-- c --><a>x<!-- <b> & -->y</a><!-- after -->", expected: element("a", "xy")),
        Case(xml: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?pi data?><a><?inner ?>x</a><?tail?>", expected: element("a", "x")),
        Case(xml: "<a><b/><c /><d\n/></a>", expected: element("a", "", [element("b"), element("c"), element("d")])),
        Case(xml: "<a/>", expected: element("a")),
        Case(xml: "<a xmlns=\"urn:x\" b='1' c = \"&amp;&#65;>'\" ><d e=\"f\" g='\"'/></a>", expected: element("a", "", [element("d")])),
        Case(xml: "<ec2:a xmlns:ec2=\"urn:x\"><ec2:b>1</ec2:b></ec2:a>", expected: element("a", "", [element("b", "1")])),
        Case(xml: "  \n<a>\n  <b> 1 </b>\n</a  >\n ", expected: element("a", "\n  \n", [element("b", " 1 ")])),
        Case(xml: "\u{FEFF}<a/>", expected: element("a")),
        Case(xml: "<a>héllo 😀\t\r\n</a>", expected: element("a", "héllo 😀\t\r\n")),
        Case(xml: "<a>1<b>2</b>3<c><d>4</d></c></a>", expected: element("a", "13", [element("b", "2"), element("c", "", [element("d", "4")])])),
        Case(xml: "<a-b.c_d1>x</a-b.c_d1>", expected: element("a-b.c_d1", "x")),
        Case(xml: "<a>]]></a>", expected: element("a", "]]>")),
    ]

    @Test(arguments: wellFormed)
    func readsWellFormedDocuments(_ testCase: Case) async throws {
        #expect(try XMLReader().read(testCase.xml) == testCase.expected)
    }

    @Test func readsDataAndStringAlike() throws {
        let xml = "<a><b>é</b></a>"
        #expect(try XMLReader().read(Data(xml.utf8)) == XMLReader().read(xml))
        #expect(try XMLReader().read(Array(xml.utf8)) == XMLReader().read(xml))
    }

    @Test func accessorsFollowNamesAndItems() throws {
        let root = try XMLReader().read("""
            <R><set><item><id>1</id></item><other/><item><id>2</id><id>3</id></item></set><empty/></R>
            """)
        #expect(root["set"]?.items.map { $0.text(of: "id") } == ["1", "2"])
        #expect(root["set", "item", "id"]?.text == "1")
        #expect(root["set", "missing", "id"] == nil)
        #expect(root[] == root)
        #expect(root.child(named: "set")?.children(named: "item").count == 2)
        #expect(root["set"]?.items[1].children(named: "id").map(\.text) == ["2", "3"])
        #expect(root.child(named: "nope") == nil)
        #expect(root.children(named: "nope").isEmpty)
        #expect(root.text(of: "empty") == "")
        #expect(root.text(of: "nope") == nil)
    }

    @Test func readsEveryRecordedFixture() throws {
        for name in try Fixture.names() {
            let root = try XMLReader().read(Fixture.data(name))
            #expect(!root.name.isEmpty, "\(name)")
        }
    }
}
