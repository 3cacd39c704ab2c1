import AWSAccess
import Foundation
import Testing

/// The reader's promises for hostile input: bounded nesting, linear time,
/// and an error rather than a crash for anything at all.
struct XMLReaderLimitsTests {
    static func nested(_ depth: Int) -> String {
        String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        var element = try XMLReader().read(Self.nested(XMLReader.defaultMaxDepth))
        var depth = 1
        while let child = element.children.first {
            element = child
            depth += 1
        }
        #expect(depth == 256)
    }

    @Test func rejectsNestingPastTheLimitAtTheOffendingTag() {
        #expect(throws: XMLError(offset: 256 * 3, .tooDeep(limit: 256))) {
            try XMLReader().read(Self.nested(257))
        }
        #expect(throws: XMLError(offset: 256 * 3, .tooDeep(limit: 256))) {
            try XMLReader().read(String(repeating: "<a>", count: 256) + "<b/>")
        }
    }

    @Test func honoursACustomLimit() throws {
        let reader = XMLReader(maxDepth: 2)
        #expect(try reader.read("<a><b/></a>").children.count == 1)
        #expect(throws: XMLError(offset: 6, .tooDeep(limit: 2))) {
            try reader.read("<a><b><c/></b></a>")
        }
    }

    @Test func survivesAHundredThousandOpenTags() {
        // Would overflow the stack of a recursive reader.
        #expect(throws: XMLError(offset: 256 * 3, .tooDeep(limit: 256))) {
            try XMLReader(maxDepth: 256).read(String(repeating: "<a>", count: 100_000))
        }
    }

    @Test func readsManySiblingsInLinearTime() throws {
        // A reader that copied the parent for every child would take minutes.
        let xml = "<r>" + String(repeating: "<item><id>i-1</id></item>", count: 100_000) + "</r>"
        let clock = ContinuousClock()
        var root: XMLElement?
        let elapsed = try clock.measure { root = try XMLReader().read(xml) }
        #expect(root?.items.count == 100_000)
        #expect(elapsed < .seconds(20))
    }

    @Test func everyTruncationOfAFixtureIsAnErrorNotACrash() throws {
        let bytes = Array(try Fixture.data("describe-vpcs.xml"))
        let complete = bytes.lastIndex(of: UInt8(ascii: ">"))! + 1
        for length in 0..<complete {
            #expect(throws: XMLError.self) { try XMLReader().read(bytes[0..<length]) }
        }
    }

    /// A poor man's fuzzer until libFuzzer runs: seeded mutations of every
    /// fixture must each parse or throw `XMLError`, never trap or hang.
    @Test func randomMutationsOfFixturesParseOrThrow() throws {
        var random = SplitMix64(seed: 0x6D61_7075)
        let alphabet = Array("<>/&;#x!-[]?='\" aZ09:\u{0}".utf8) + [0x80, 0xC3, 0xFF]
        for name in try Fixture.names() {
            let original = Array(try Fixture.data(name))
            for _ in 0..<300 {
                var bytes = original
                for _ in 0..<Int(random.next() % 4 + 1) {
                    let index = Int(random.next() % UInt64(bytes.count))
                    let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    switch random.next() % 3 {
                    case 0: bytes[index] = byte
                    case 1: bytes.insert(byte, at: index)
                    default: bytes.remove(at: index)
                    }
                }
                do {
                    _ = try XMLReader().read(bytes)
                } catch {
                    // Any XMLError is fine; the typed throw guarantees that.
                }
            }
        }
    }
}

/// Deterministic, so a failing mutation can be reproduced.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
