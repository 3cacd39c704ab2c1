public import FoundationEssentials

/// The entry point: all four steps on one request.
extension SigV4Signer {
    /// A signed request with the intermediate values that produced it.
    public struct SignedRequest: Sendable {
        /// Every header to send, in order: see `sign`.
        public var headers: [Header]
        public var canonicalRequest: CanonicalRequest
        public var stringToSign: String
        public var signature: String
    }

    /// Signs a request in the `Authorization` header.
    ///
    /// - Parameters:
    ///   - url: absolute, path and query exactly as they will be sent.
    ///   - headers: the headers to send; all are signed except hop-by-hop ones
    ///     and `User-Agent` (see `unsignedHeaderNames`).
    ///   - date: the signing time; AWS rejects it more than 5 minutes off.
    /// - Returns: the given headers, with `Host` (from the URL: host
    ///   lower-cased, port only when not the default) first unless one was
    ///   given, then `X-Amz-Security-Token` when the credentials have a session
    ///   token, `X-Amz-Date`, `X-Amz-Content-Sha256` when the options ask for
    ///   it, and `Authorization`. Any given header of those names except
    ///   `Host` is replaced, so a retry can be signed again.
    /// - Throws: `SigV4Error.invalidURL` for a URL without scheme or host.
    public func sign(
        method: String, url: String, headers: [Header] = [], body: some ContiguousBytes = [UInt8](), date: Date
    ) throws -> [Header] {
        try signedRequest(method: method, url: url, headers: headers, body: body, date: date).headers
    }

    /// `sign`, returning the intermediate values too; throws as `sign` does.
    public func signedRequest(
        method: String, url: String, headers: [Header] = [], body: some ContiguousBytes = [UInt8](), date: Date
    ) throws -> SignedRequest {
        let target = try RequestURL(url)
        let payloadHash = SHA256.hexDigest(body)
        let token = credentials.sessionToken

        var replaced: Set<String> = ["authorization", "x-amz-date"]
        if token != nil { replaced.insert("x-amz-security-token") }
        if options.addsContentSHA256Header { replaced.insert("x-amz-content-sha256") }
        var sent = headers.filter { !replaced.contains($0.name.lowercased()) }
        if !sent.contains(where: { $0.name.lowercased() == "host" }) {
            sent.insert((name: "Host", value: target.host), at: 0)
        }
        if let token { sent.append((name: "X-Amz-Security-Token", value: token)) }
        sent.append((name: "X-Amz-Date", value: AMZDate(date).timestamp))
        if options.addsContentSHA256Header { sent.append((name: "X-Amz-Content-Sha256", value: payloadHash)) }

        let signed = options.signsSessionToken
            ? sent
            : sent.filter { $0.name.lowercased() != "x-amz-security-token" }
        let canonical = canonicalRequest(
            method: method, path: target.path, query: target.query, headers: signed, payloadHash: payloadHash)
        let stringToSign = stringToSign(canonicalRequest: canonical.text, date: date)
        let signature = signature(stringToSign: stringToSign, signingKey: signingKey(date: date))
        sent.append((
            name: "Authorization",
            value: authorization(signedHeaders: canonical.signedHeaders, signature: signature, date: date)))
        return SignedRequest(
            headers: sent, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature)
    }
}
