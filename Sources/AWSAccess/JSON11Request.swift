public import FoundationEssentials
public import HTTPTransport

/// A call in AWS's JSON 1.1 protocol (SSM, Identity Store) as a pure value:
/// a POST to `/` naming the operation in `X-Amz-Target`, the input as one
/// JSON object. Signing and sending are `AWSServiceClient`'s job; reading the
/// answer is `result(_:from:)`'s.
public struct JSON11Request: Sendable, Equatable {
    /// The `Content-Type` every JSON 1.1 request is sent with.
    public static let contentType = "application/x-amz-json-1.1"

    /// The service as errors name it (`AWSService.id`: `SSM`, `identitystore`).
    public var service: String
    /// The service model's `metadata.targetPrefix`: `AmazonSSM`, `AWSIdentityStore`.
    public var targetPrefix: String
    /// The API operation, e.g. `GetParameter`.
    public var operation: String
    public var body: Data

    public init(service: String, targetPrefix: String, operation: String, body: Data) {
        self.service = service
        self.targetPrefix = targetPrefix
        self.operation = operation
        self.body = body
    }

    /// A request whose body is `input` exactly as botocore writes it for the
    /// same parameters (see `JSON11Body`): members in the order of `input`'s
    /// `CodingKeys`, optional members that are `nil` left out, the text of
    /// Python's `json.dumps`. Byte-identical bodies make byte-identical
    /// canonical requests, so a request can be checked against botocore's.
    ///
    /// - Throws: `AWSError` with code `InvalidRequest` if `input` cannot be
    ///   encoded (a non-finite number); retrying will not help.
    public init(service: String, targetPrefix: String, operation: String, input: some Encodable) throws(AWSError) {
        do {
            let body = try JSON11Body(encoding: input)
            self.init(service: service, targetPrefix: targetPrefix, operation: operation, body: Data(body.text.utf8))
        } catch {
            throw AWSError(service: service, operation: operation, code: AWSError.Code.invalidRequest,
                           message: "cannot encode the request as JSON: \(error)")
        }
    }

    /// `<TargetPrefix>.<Operation>`, e.g. `AmazonSSM.GetParameter`.
    public var target: String { "\(targetPrefix).\(operation)" }

    /// The headers the protocol needs; both are signed.
    public var headers: [HTTPHeader] {
        [HTTPHeader("Content-Type", Self.contentType), HTTPHeader("X-Amz-Target", target)]
    }
}
