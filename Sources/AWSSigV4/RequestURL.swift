/// The parts of an absolute URL that SigV4 signs, split by hand rather than
/// with `URL`: the path and query must be signed exactly as they will be sent,
/// and `URL` rejects or re-encodes some of what a caller may pass.
struct RequestURL: Equatable {
    /// The `Host` header value: host lower-cased, `:port` only when it is not
    /// the scheme's default, user info dropped, IPv6 brackets kept.
    var host: String
    /// As sent, `/` when the URL has none.
    var path: String
    /// As sent, without the `?`; empty when there is none.
    var query: String

    init(_ url: String) throws {
        // A scheme has no colon, so the first one must begin "://".
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { throw SigV4Error.invalidURL(url) }
        let scheme = url[..<colon].lowercased()
        var rest = url[url.index(colon, offsetBy: 3)...]
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }

        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var hostPart = authority
        var port = Substring("")
        // A colon inside IPv6 brackets is not a port separator.
        let bracketEnd = authority.lastIndex(of: "]") ?? authority.startIndex
        if let colon = authority[bracketEnd...].lastIndex(of: ":") {
            hostPart = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw SigV4Error.invalidURL(url)
        }
        let defaultPort = ["http": "80", "https": "443"][scheme]
        host = hostPart.lowercased()
        if !port.isEmpty, String(port) != defaultPort { host += ":\(port)" }

        let target = rest[authorityEnd...]
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = String(target)
            query = ""
        }
        if path.isEmpty { path = "/" }
    }
}
