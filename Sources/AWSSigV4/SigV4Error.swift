/// Why a request could not be signed. The cases carry the data; `description`
/// renders it for a person.
public enum SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not absolute (`scheme://host[:port][/path][?query]`).
    case invalidURL(String)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            "cannot sign AWS request: not an absolute URL: \(url)"
        }
    }
}
