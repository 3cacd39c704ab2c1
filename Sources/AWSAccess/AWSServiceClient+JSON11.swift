import FoundationEssentials
import HTTPTransport

extension AWSServiceClient {
    /// Sends one JSON 1.1 call, signed and retried like every call, and
    /// returns its answer decoded as `Output`.
    ///
    /// - Throws: `AWSError` as `JSON11Request.result(_:from:)` describes, or
    ///   for a call that got no answer; retryable errors have been retried.
    public func send<Output: Decodable>(_ request: JSON11Request, as output: Output.Type) async throws -> Output {
        try await send(operation: request.operation, headers: request.headers, body: request.body) { response throws(AWSError) in
            try request.result(Output.self, from: response)
        }
    }

    /// Encodes `input` for `operation` of the JSON 1.1 service with
    /// `targetPrefix`, sends it and decodes the answer as `Output`.
    func sendJSON11<Output: Decodable>(targetPrefix: String, operation: String, input: some Encodable,
                                       as output: Output.Type) async throws -> Output {
        let request = try JSON11Request(service: service.id, targetPrefix: targetPrefix, operation: operation, input: input)
        return try await send(request, as: Output.self)
    }
}
