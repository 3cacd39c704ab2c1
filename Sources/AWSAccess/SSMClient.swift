import FoundationEssentials
public import HTTPTransport

/// SSM Parameter Store over JSON 1.1: signed calls, every failure an
/// `AWSError` (service `SSM`), retried as `AWSServiceClient` does.
public struct SSMClient: Sendable {
    /// The service model's `metadata.targetPrefix`.
    public static let targetPrefix = "AmazonSSM"

    public let client: AWSServiceClient

    public init(client: AWSServiceClient) {
        self.client = client
    }

    public init(configuration: AWSConfiguration, transport: any HTTPTransport) {
        self.init(client: configuration.client(for: .ssm, transport: transport))
    }

    /// The parameter called `name` (a name, an ARN, or `name:version` /
    /// `name:label`). `withDecryption` decrypts a `SecureString`; it is sent
    /// only when `true`, as botocore sends nothing when it is not given.
    ///
    /// - Throws: `AWSError` with code `ParameterNotFound` when there is no
    ///   such parameter (`ParameterVersionNotFound` for a missing version),
    ///   `UnexpectedResponse` when the answer has no parameter or lacks its
    ///   name, type, value or version, and any other failure of the call.
    public func getParameter(name: String, withDecryption: Bool = false) async throws -> SSMParameter {
        let input = GetParameterRequest(name: name, withDecryption: withDecryption ? true : nil)
        let result = try await client.sendJSON11(targetPrefix: Self.targetPrefix, operation: "GetParameter", input: input,
                                                 as: GetParameterResult.self)
        guard let parameter = result.parameter else {
            throw AWSError(service: client.service.id, operation: "GetParameter", code: AWSError.Code.unexpectedResponse,
                           message: "the answer's Parameter is missing", httpStatus: 200)
        }
        return parameter
    }
}

extension SSMClient {
    /// botocore shape `GetParameterRequest`.
    struct GetParameterRequest: Encodable {
        var name: String
        var withDecryption: Bool?

        enum CodingKeys: String, CodingKey {
            case name = "Name", withDecryption = "WithDecryption"
        }
    }

    /// botocore shape `GetParameterResult`.
    struct GetParameterResult: Decodable {
        var parameter: SSMParameter?

        enum CodingKeys: String, CodingKey {
            case parameter = "Parameter"
        }
    }
}
