@testable import AWSSigV4
import Foundation
import Testing

/// The hand-written SHA-256 and HMAC-SHA-256 against published vectors, full
/// hex compared.
@Suite struct SHA256Tests {
    // FIPS 180-2, appendix B (the same examples as FIPS 180-4's), and the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func digestsThePublishedExamples(message: String, expected: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == expected)
    }

    @Test func digestsAMillionAs() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == expected)
    }

    // The bytes 0, 1, 2, … of each length, around the points where padding
    // fits into the last block or needs another. Expected digests from
    // Python's hashlib: hashlib.sha256(bytes(range(n))).hexdigest().
    @Test(arguments: [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
    ])
    func padsAtEveryBoundary(length: Int, expected: String) {
        #expect(SHA256.hexDigest((0..<length).map { UInt8($0) }) == expected)
    }

    @Test func hashesInPiecesAsInOne() {
        // hashlib.sha256(bytes(range(200))).hexdigest()
        let expected = "1901da1c9f699b48f6b2636e65cbf73abf99d0441ef67f5c540a42f7051dec6f"
        let message = (0..<200).map { UInt8($0) }
        for split in [0, 1, 55, 63, 64, 65, 128, 199, 200] {
            var hasher = SHA256.Hasher()
            hasher.update(message[..<split])
            hasher.update(message[split...])
            #expect(SHA256.hex(hasher.finalize()) == expected, "split at \(split)")
        }
        #expect(SHA256.hexDigest(Data(message)) == expected)
    }

    // RFC 4231, section 4: test cases 1 to 7.
    @Test(arguments: [
        (1, [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (2, Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (3, [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (4, (1...25).map { UInt8($0) }, [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // The RFC gives only the first 128 bits of test case 5.
        (5, [UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8),
         "a3b6167473100ee06e0c796c2955552b"),
        (6, [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (7, [UInt8](repeating: 0xaa, count: 131),
         Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func hmacMatchesRFC4231(testCase: Int, key: [UInt8], data: [UInt8], expected: String) {
        let mac = SHA256.hmac(key: key, data: data)
        #expect(mac.count == 32)
        #expect(SHA256.hex(testCase == 5 ? Array(mac.prefix(16)) : mac) == expected)
    }

    @Test func hmacTakesAnEmptyKeyAndMessage() {
        // hmac.new(b"", b"", hashlib.sha256).hexdigest()
        #expect(SHA256.hex(SHA256.hmac(key: [UInt8](), data: [UInt8]()))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
