public import FoundationEssentials

/// SHA-256 (FIPS 180-4) and, in `SHA256+HMAC.swift`, HMAC-SHA-256 (RFC 2104).
///
/// Written out here rather than taken from the system's libcrypto: loading
/// libcrypto.so.3 cost ~3.5 MiB of resident memory and about a millisecond of
/// a Lambda cold start, only to hash the few hundred bytes of a request.
/// `SHA256Tests` checks it against the published vectors (FIPS 180-2's
/// examples, RFC 4231) and hashlib's digests around the padding boundaries.
/// Nothing here can fail.
public enum SHA256 {
    /// The 32-byte digest of `data`.
    public static func digest(_ data: some ContiguousBytes) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The lower-case hex digest of `data`, the form SigV4 puts on the wire.
    public static func hexDigest(_ data: some ContiguousBytes) -> String {
        hex(digest(data))
    }

    /// Lower-case hex, two digits per byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The bytes of one compression step; also HMAC's key block size.
    static let blockSize = 64
}

extension SHA256 {
    /// One running hash: `update` any number of times, then `finalize` once.
    /// Input is compressed where it lies, a whole block at a time; only the
    /// tail of a block that is not yet complete is copied.
    struct Hasher {
        // FIPS 180-4, 5.3.3: the first 32 bits of the fractional parts of the
        // square roots of the first eight primes.
        private var state = SIMD8<UInt32>(
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
        /// Input not yet compressed, always fewer than `blockSize` bytes.
        private var pending: [UInt8] = []
        /// Bytes given so far, for the length in the padding.
        private var length: UInt64 = 0

        init() { pending.reserveCapacity(SHA256.blockSize) }

        mutating func update(_ data: some ContiguousBytes) {
            data.withUnsafeBytes { bytes in
                length &+= UInt64(bytes.count)
                var rest = bytes[...]
                if !pending.isEmpty {
                    let taken = rest.prefix(SHA256.blockSize - pending.count)
                    pending.append(contentsOf: taken)
                    rest = rest[taken.endIndex...]
                    guard pending.count == SHA256.blockSize else { return }
                    pending.withUnsafeBytes { compress($0) }
                    pending.removeAll(keepingCapacity: true)
                }
                while rest.count >= SHA256.blockSize {
                    let block = rest.prefix(SHA256.blockSize)
                    compress(UnsafeRawBufferPointer(rebasing: block))
                    rest = rest[block.endIndex...]
                }
                pending.append(contentsOf: rest)
            }
        }

        /// The digest. FIPS 180-4, 5.1.1: a 1 bit, zeros up to 8 bytes short
        /// of a block boundary, then the message length in bits, big-endian.
        consuming func finalize() -> [UInt8] {
            let bits = length &* 8
            let zeros = (SHA256.blockSize * 2 - 9 - pending.count) % SHA256.blockSize
            update([0x80] + [UInt8](repeating: 0, count: zeros) + bigEndianBytes(of: bits))
            var digest: [UInt8] = []
            digest.reserveCapacity(32)
            for word in 0..<8 { digest += bigEndianBytes(of: state[word]) }
            return digest
        }

        /// FIPS 180-4, 6.2.2: one 64-byte block into the state. The message
        /// schedule lives on the stack.
        private mutating func compress(_ block: UnsafeRawBufferPointer) {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for t in 0..<16 {
                    w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                }
                for t in 16..<64 {
                    let s0 = w[t - 15].rotatedRight(7) ^ w[t - 15].rotatedRight(18) ^ (w[t - 15] >> 3)
                    let s1 = w[t - 2].rotatedRight(17) ^ w[t - 2].rotatedRight(19) ^ (w[t - 2] >> 10)
                    w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                }
                var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
                for t in 0..<64 {
                    let sum1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = h &+ sum1 &+ choice &+ Self.roundConstants[t] &+ w[t]
                    let sum0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ sum0 &+ majority)
                }
                state &+= SIMD8(a, b, c, d, e, f, g, h)
            }
        }

        private func bigEndianBytes(of value: some FixedWidthInteger) -> [UInt8] {
            withUnsafeBytes(of: value.bigEndian) { Array($0) }
        }

        // FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the
        // cube roots of the first sixty-four primes.
        private static let roundConstants: [UInt32] = [
            0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
            0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
            0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
            0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
            0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
            0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
            0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
            0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
        ]
    }
}

private extension UInt32 {
    func rotatedRight(_ count: UInt32) -> UInt32 { self >> count | self << (32 - count) }
}
