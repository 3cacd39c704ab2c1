import HTTPTransport
/// Step 1 of SigV4: the canonical request, the one text both sides derive
/// from the request and compare by signature.
extension SigV4Signer {
    public struct CanonicalRequest: Sendable, Equatable {
        /// Method, path, query, headers, signed header names and payload hash,
        /// one per line, exactly as hashed into the string to sign.
        public var text: String
        /// The signed header names, lower-case, sorted, `;`-separated.
        public var signedHeaders: String
    }

    /// Headers that intermediaries (proxies, the HTTP client, Lambda's own
    /// tracing) may add, drop or rewrite: signing them would break the
    /// signature in transit. The same set botocore leaves out.
    static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
        "user-agent", "x-amzn-trace-id",
    ]

    /// Step 1: canonicalises a request whose `path` and `query` (without the
    /// `?`) are as sent and whose `headers` are exactly those to sign, `Host`
    /// and `X-Amz-Date` included. Never fails: any input has a canonical form.
    public func canonicalRequest(
        method: String, path: String, query: String, headers: [Header], payloadHash: String
    ) -> CanonicalRequest {
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(headers)
        let text = [
            method.uppercased(), canonicalURI(path), Self.canonicalQuery(query),
            canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")
        return CanonicalRequest(text: text, signedHeaders: signedHeaders)
    }

    func canonicalURI(_ path: String) -> String {
        let path = options.normalizesPath ? Self.removingDotSegments(path) : (path.isEmpty ? "/" : path)
        return options.encodesPathTwice
            ? PercentEncoding.encode(path.utf8, keepingSlash: true)
            : PercentEncoding.encodeKeepingEscapes(path)
    }

    /// RFC 3986 section 5.2.4 plus the collapsing of empty segments that AWS
    /// services apply; a trailing slash survives unless the path becomes `/`.
    static func removingDotSegments(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        let trailing = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        return "/" + segments.joined(separator: "/") + trailing
    }

    /// Each `name=value` pair decoded and re-encoded, so an already encoded
    /// query and a raw one sign alike; sorted by encoded name, then value, by
    /// byte. A name without `=` gets an empty value; empty pairs are dropped
    /// as no parameter reaches the server there.
    static func canonicalQuery(_ query: String) -> String {
        let pairs = query.split(separator: "&").map { pair -> (name: String, value: String) in
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            let value = equals == pair.endIndex ? Substring("") : pair[pair.index(after: equals)...]
            return (PercentEncoding.encode(PercentEncoding.decode(pair[..<equals])),
                    PercentEncoding.encode(PercentEncoding.decode(value)))
        }
        return pairs.sorted { left, right in
            left.name == right.name
                ? left.value.utf8.lexicographicallyPrecedes(right.value.utf8)
                : left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }
        .map { "\($0.name)=\($0.value)" }
        .joined(separator: "&")
    }

    /// `name:value\n` lines sorted by lower-case name, the values of repeated
    /// names joined with `,` in the order given, and the `;`-joined names.
    static func canonicalHeaders(_ headers: [Header]) -> (text: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            guard !unsignedHeaderNames.contains(name) else { continue }
            values[name, default: []].append(trimmingAll(header.value))
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let text = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (text, names.joined(separator: ";"))
    }

    /// Trims the value and collapses each inner run of whitespace (line breaks
    /// of a folded multi-line value included) to one space.
    static func trimmingAll(_ value: String) -> String {
        var out = [UInt8]()
        var pendingSpace = false
        for byte in value.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
