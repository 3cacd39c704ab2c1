/// What tells one AWS service from another to a client: the id its endpoint
/// variable is named after, the name it signs with, its host prefix.
public struct AWSService: Sendable, Equatable {
    /// The SDK service id: `AWS_ENDPOINT_URL_<ID>` (upper-cased, spaces to underscores).
    public var id: String
    /// The SigV4 service name in the credential scope.
    public var signingName: String
    /// The first label of the regional endpoint's host.
    public var hostPrefix: String

    public init(id: String, signingName: String, hostPrefix: String) {
        self.id = id
        self.signingName = signingName
        self.hostPrefix = hostPrefix
    }

    public static let ec2 = AWSService(id: "EC2", signingName: "ec2", hostPrefix: "ec2")
    public static let sts = AWSService(id: "STS", signingName: "sts", hostPrefix: "sts")
    public static let ssm = AWSService(id: "SSM", signingName: "ssm", hostPrefix: "ssm")
    public static let identityStore = AWSService(id: "identitystore", signingName: "identitystore", hostPrefix: "identitystore")
}
