public import FoundationEssentials

/// HMAC-SHA-256, RFC 2104 with SHA-256 as the hash (the RFC 4231 vectors are
/// in `SHA256Tests`).
extension SHA256 {
    /// The 32-byte HMAC-SHA-256 of `data` under `key`. Any key length works:
    /// one longer than a block is hashed first, a shorter one zero-padded.
    public static func hmac(key: some ContiguousBytes, data: some ContiguousBytes) -> [UInt8] {
        var block = key.withUnsafeBytes { $0.count > blockSize ? digest($0) : Array($0) }
        block += repeatElement(0, count: blockSize - block.count)

        var inner = Hasher()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(data)
        var outer = Hasher()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }
}
