public import CfnResponse
import AWSAccess
public import HTTPTransport

/// The handlers a function can name in `_HANDLER`, each built once at start-up
/// from the environment (AWS region, credentials, endpoints).
public enum HandlerRegistry: HandlerCatalog {
    public static let names = ["DefaultVpcId", "ParseStackName", "CancelSpotInstanceRequest"]

    /// The handler called `name`. Throws `UnknownHandler` for a name not in
    /// `names`, and the configuration error when the AWS environment is broken.
    public static func make(_ name: String, environment: [String: String], transport: any HTTPTransport) throws -> any CustomResourceHandler {
        guard names.contains(name) else { throw UnknownHandler(name: name, known: names) }
        let configuration = try AWSConfiguration(environment: environment, transport: transport)
        let handler: any CustomResourceHandler
        switch name {
        case "DefaultVpcId": handler = DefaultVpcId(ec2: EC2Client(configuration: configuration, transport: transport))
        case "ParseStackName":
            handler = ParseStackName(configuration: configuration, transport: transport, defaultIdentityStoreID: environment["IDENTITY_STORE_ID"],
                                     defaultIdentityStoreRoleARN: environment["IDENTITY_STORE_ROLE_ARN"])
        case "CancelSpotInstanceRequest": handler = CancelSpotInstanceRequest(ec2: EC2Client(configuration: configuration, transport: transport))
        default: throw UnknownHandler(name: name, known: names)
        }
        return DeadlineBound(handler: handler)
    }
}
