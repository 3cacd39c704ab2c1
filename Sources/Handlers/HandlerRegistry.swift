public import CfnResponse
import AWSAccess
public import HTTPTransport

/// The handlers a function can name in `_HANDLER`, each built once at start-up
/// from the environment (AWS region, credentials, endpoints).
public enum HandlerRegistry {
    public static let names = ["DefaultVpcId"]

    /// The handler called `name`. Throws `UnknownHandler` for a name not in
    /// `names`, and the configuration error when the AWS environment is broken.
    public static func make(_ name: String, environment: [String: String], transport: any HTTPTransport) throws -> any CustomResourceHandler {
        switch name {
        case "DefaultVpcId":
            return DefaultVpcId(ec2: EC2Client(configuration: try AWSConfiguration(environment: environment), transport: transport))
        default:
            throw UnknownHandler(name: name, known: names)
        }
    }
}

public struct UnknownHandler: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var known: [String]

    public init(name: String, known: [String]) {
        self.name = name
        self.known = known
    }

    public var description: String {
        "unknown handler \(name.debugDescription) in _HANDLER: this runtime has \(known.joined(separator: ", "))"
    }
}
