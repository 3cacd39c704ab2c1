/// Why a request could not be signed. The cases carry the data; `description`
/// renders it for a person.
public enum SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// libcrypto.so.3 could not be loaded; `reason` is the loader's own text.
    case libcryptoUnavailable(reason: String)
    /// libcrypto was loaded but reported a failure computing `operation`.
    case libcryptoFailed(operation: String)
    /// The URL is not absolute (`scheme://host[:port][/path][?query]`).
    case invalidURL(String)

    public var description: String {
        switch self {
        case .libcryptoUnavailable(let reason):
            "cannot sign AWS requests: libcrypto (OpenSSL 3) is unavailable: \(reason)"
        case .libcryptoFailed(let operation):
            "cannot sign AWS requests: libcrypto failed to compute \(operation)"
        case .invalidURL(let url):
            "cannot sign AWS request: not an absolute URL: \(url)"
        }
    }
}
