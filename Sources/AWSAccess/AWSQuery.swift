public import FoundationEssentials
import HTTPTransport

/// A call in the AWS Query protocol (STS, IAM…) as a pure value: the action,
/// the API version and the parameters as flat name/value pairs, encoded the
/// way the protocol wants them in a POST body. Signing and sending are
/// someone else's job. EC2's dialect (`EC2Query`) builds its own pairs and
/// encodes them with `formEncoded`.
public struct AWSQuery: Sendable {
    /// The `Content-Type` a Query body must be sent with.
    public static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

    public var action: String
    /// The service's API version, e.g. `2011-06-15` for STS.
    public var version: String
    /// Sent after `Action` and `Version`, in this order; names are expected
    /// to be unique (the caller flattens lists as the service wants).
    public var parameters: [(name: String, value: String)]

    public init(action: String, version: String, parameters: [(name: String, value: String)] = []) {
        self.action = action
        self.version = version
        self.parameters = parameters
    }

    /// The pairs in the order they are sent: `Action`, `Version`, then `parameters`.
    public var fields: [(name: String, value: String)] {
        [("Action", action), ("Version", version)] + parameters
    }

    /// `fields` form-encoded (see `formEncoded`).
    public var bodyString: String { Self.formEncoded(fields) }

    /// The request body: `bodyString` as UTF-8.
    public var body: Data { Data(bodyString.utf8) }

    /// `name=value` joined by `&`, both sides percent-encoded per RFC 3986
    /// (only `A–Z a–z 0–9 - _ . ~` kept) with a space written `+`, exactly as
    /// botocore's `urlencode` writes Query bodies. The order is kept as given.
    public static func formEncoded(_ fields: [(name: String, value: String)]) -> String {
        fields.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String {
        PercentEncoding.encode(text.utf8, spaceAsPlus: true)
    }
}
