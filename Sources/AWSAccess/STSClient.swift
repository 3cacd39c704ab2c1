import FoundationEssentials
public import HTTPTransport

/// STS over the AWS Query protocol (`Version=2011-06-15`): signed form POSTs,
/// XML answers, every failure an `AWSError` (service `STS`), retried as
/// `AWSServiceClient` does.
public struct STSClient: Sendable {
    public static let apiVersion = "2011-06-15"
    /// The name STS goes by in errors (`AWSError.service`).
    public static let service = "STS"

    /// Signs with the credentials whose identity is asked for, or that assume a role.
    public let client: AWSServiceClient

    public init(client: AWSServiceClient) {
        self.client = client
    }

    public init(configuration: AWSConfiguration, transport: any HTTPTransport) {
        self.init(client: configuration.client(for: .sts, transport: transport))
    }

    /// Temporary credentials for `roleARN`, valid for `durationSeconds`
    /// (STS's default, one hour, when `nil`; 900 at the least).
    ///
    /// - Parameters:
    ///   - sessionName: 2–64 characters of `[\w+=,.@-]`; shows in the assumed
    ///     role's ARN and in CloudTrail.
    ///   - externalID: required by roles whose trust policy asks for it
    ///     (third-party access).
    /// - Throws: `AWSError`: STS's own (`AccessDenied` when the role does not
    ///   trust the caller, `ValidationError` for a malformed name or duration,
    ///   `ExpiredToken`), the transport's, or `UnexpectedResponse` for an
    ///   answer without credentials.
    public func assumeRole(roleARN: String, sessionName: String, externalID: String? = nil,
                           durationSeconds: Int? = nil) async throws -> AssumedRole {
        try await AssumedRole(response: perform(Self.assumeRole(roleARN: roleARN, sessionName: sessionName, externalID: externalID,
                                                                durationSeconds: durationSeconds)))
    }

    /// The account and principal the client's credentials belong to. Needs
    /// no permission, so it answers for any valid credentials.
    ///
    /// - Throws: `AWSError`: `InvalidClientTokenId` or `SignatureDoesNotMatch`
    ///   for credentials STS does not accept, `ExpiredToken`, the transport's.
    public func getCallerIdentity() async throws -> CallerIdentity {
        try await CallerIdentity(response: perform(AWSQuery(action: "GetCallerIdentity", version: Self.apiVersion)))
    }

    /// The `AssumeRole` request, parameters in botocore's order.
    public static func assumeRole(roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?) -> AWSQuery {
        var parameters = [(name: "RoleArn", value: roleARN), (name: "RoleSessionName", value: sessionName)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let externalID { parameters.append(("ExternalId", externalID)) }
        return AWSQuery(action: "AssumeRole", version: apiVersion, parameters: parameters)
    }

    /// Sends one query and returns its `<ActionResponse>` element; STS answers
    /// errors as `<ErrorResponse>`, read as `EC2Query` reads them.
    public func perform(_ query: AWSQuery) async throws -> XMLElement {
        try await client.send(operation: query.action, headers: [HTTPHeader("Content-Type", AWSQuery.contentType)], body: query.body) {
            (response) throws(AWSError) in try EC2Query.result(from: response, service: Self.service, operation: query.action)
        }
    }
}
