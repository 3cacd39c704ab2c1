import CLibcrypto
public import FoundationEssentials

/// SHA-256 and HMAC-SHA-256 through the system libcrypto, which is loaded on
/// the first call rather than at process start.
public enum SHA256 {
    /// The 32-byte digest of `data`.
    /// - Throws: `SigV4Error.libcryptoUnavailable` when libcrypto.so.3 cannot
    ///   be loaded, `.libcryptoFailed` if it reports an error.
    public static func digest(_ data: some ContiguousBytes) throws -> [UInt8] {
        try output(operation: "SHA-256") { out in
            data.withUnsafeBytes { clibcrypto_sha256($0.baseAddress, $0.count, out) }
        }
    }

    /// The 32-byte HMAC-SHA-256 of `data` under `key`; throws as `digest`.
    public static func hmac(key: some ContiguousBytes, data: some ContiguousBytes) throws -> [UInt8] {
        try output(operation: "HMAC-SHA-256") { out in
            key.withUnsafeBytes { key in
                data.withUnsafeBytes { clibcrypto_hmac_sha256(key.baseAddress, key.count, $0.baseAddress, $0.count, out) }
            }
        }
    }

    /// The lower-case hex digest of `data`, the form SigV4 puts on the wire.
    public static func hexDigest(_ data: some ContiguousBytes) throws -> String {
        hex(try digest(data))
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

    private static func output(operation: String, _ compute: (UnsafeMutablePointer<UInt8>) -> Int32) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let status = out.withUnsafeMutableBufferPointer { compute($0.baseAddress!) }
        switch status {
        case 0: return out
        case CLIBCRYPTO_UNAVAILABLE: throw SigV4Error.libcryptoUnavailable(reason: String(cString: clibcrypto_error()))
        default: throw SigV4Error.libcryptoFailed(operation: operation)
        }
    }
}
