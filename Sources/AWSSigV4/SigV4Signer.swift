public import FoundationEssentials

/// AWS Signature Version 4, header form, as a value: the signer holds the
/// credentials and scope, every step is a pure function of its inputs, and the
/// signing time is always passed in. `sign` runs all the steps; the step
/// functions are public so each can be checked against AWS's own vectors.
public struct SigV4Signer: Sendable {
    /// One header line; names keep the case given, matching ignores case.
    public typealias Header = (name: String, value: String)

    /// How a service wants its requests canonicalised. The defaults suit every
    /// service except S3 (EC2, STS, CloudFormation, the JSON services).
    public struct Options: Sendable, Equatable {
        /// Remove `.`, `..` and empty segments from the path before signing.
        public var normalizesPath: Bool
        /// Percent-encode the path as sent once more, so `%20` is signed as
        /// `%2520`. When false the path is signed as sent, with only bytes that
        /// are neither unreserved, `/` nor part of a `%XX` escape encoded.
        public var encodesPathTwice: Bool
        /// Add a signed `X-Amz-Content-Sha256` header carrying the payload hash.
        public var addsContentSHA256Header: Bool
        /// Sign `X-Amz-Security-Token`; when false it is still sent, unsigned,
        /// for the few services that want the token left out of the signature.
        public var signsSessionToken: Bool

        public init(
            normalizesPath: Bool = true, encodesPathTwice: Bool = true,
            addsContentSHA256Header: Bool = false, signsSessionToken: Bool = true
        ) {
            self.normalizesPath = normalizesPath
            self.encodesPathTwice = encodesPathTwice
            self.addsContentSHA256Header = addsContentSHA256Header
            self.signsSessionToken = signsSessionToken
        }

        /// S3 signs the path as sent and requires the payload hash header.
        public static let s3 = Options(normalizesPath: false, encodesPathTwice: false, addsContentSHA256Header: true)
    }

    public static let algorithm = "AWS4-HMAC-SHA256"

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    public let options: Options

    public init(credentials: AWSCredentials, region: String, service: String, options: Options = Options()) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// `yyyyMMdd/region/service/aws4_request`, the date taken in UTC.
    public func credentialScope(date: Date) -> String {
        "\(AMZDate(date).day)/\(region)/\(service)/aws4_request"
    }

    /// Step 2: the algorithm, the `X-Amz-Date` timestamp, the credential scope
    /// and the hex SHA-256 of the canonical request, one per line.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        let hash = SHA256.hexDigest(Array(canonicalRequest.utf8))
        return "\(Self.algorithm)\n\(AMZDate(date).timestamp)\n\(credentialScope(date: date))\n\(hash)"
    }

    /// Step 3: the key derived from the secret for this day, region and
    /// service. It only changes daily, so a caller may keep it for the day.
    public func signingKey(date: Date) -> [UInt8] {
        var key = Array("AWS4\(credentials.secretAccessKey)".utf8)
        for part in [AMZDate(date).day, region, service, "aws4_request"] {
            key = SHA256.hmac(key: key, data: Array(part.utf8))
        }
        return key
    }

    /// Step 4: the lower-case hex HMAC of the string to sign.
    public func signature(stringToSign: String, signingKey: [UInt8]) -> String {
        SHA256.hex(SHA256.hmac(key: signingKey, data: Array(stringToSign.utf8)))
    }

    /// The `Authorization` header value that carries the signature.
    public func authorization(signedHeaders: String, signature: String, date: Date) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(date: date)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }
}
