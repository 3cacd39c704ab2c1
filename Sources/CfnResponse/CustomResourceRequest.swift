import FoundationEssentials
public import JSONKit

/// A CloudFormation custom-resource request. The request type is an enum, so
/// an Update without its old properties or a Delete without its physical id
/// cannot be written.
public struct CustomResourceRequest: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case create
        case update(physicalResourceID: String, oldProperties: [String: JSONValue])
        case delete(physicalResourceID: String)

        public var name: String {
            switch self {
            case .create: "Create"
            case .update: "Update"
            case .delete: "Delete"
            }
        }
    }

    public var kind: Kind
    public var responseURL: String
    public var stackID: String
    public var requestID: String
    public var resourceType: String
    public var logicalResourceID: String
    public var properties: [String: JSONValue]
    public var serviceToken: String?
    /// Seconds CloudFormation waits for the response (`ServiceTimeout`), when the template set it.
    public var serviceTimeout: Int?

    public init(kind: Kind, responseURL: String, stackID: String, requestID: String, resourceType: String = "Custom::Resource",
                logicalResourceID: String, properties: [String: JSONValue] = [:], serviceToken: String? = nil, serviceTimeout: Int? = nil) {
        self.kind = kind
        self.responseURL = responseURL
        self.stackID = stackID
        self.requestID = requestID
        self.resourceType = resourceType
        self.logicalResourceID = logicalResourceID
        self.properties = properties
        self.serviceToken = serviceToken
        self.serviceTimeout = serviceTimeout
    }

    /// The physical id CloudFormation sent (Update and Delete).
    public var physicalResourceID: String? {
        switch kind {
        case .create: nil
        case .update(let id, _), .delete(let id): id
        }
    }

    /// The stack's name, read from its ARN (`arn:…:stack/<name>/<uuid>`).
    public var stackName: String {
        let parts = stackID.split(separator: "/")
        return parts.count >= 2 ? String(parts[1]) : stackID
    }
}

/// The event is not a CloudFormation request at all: there is no ResponseURL
/// to answer, so only Lambda can be told.
public struct NotACloudFormationRequest: Error, Sendable, Equatable, CustomStringConvertible {
    public var detail: String
    public var description: String { "not a CloudFormation custom-resource request: \(detail)" }
}

/// A CloudFormation request that can be answered (it has a ResponseURL) but
/// cannot be served: the answer is FAILED with this reason.
public struct MalformedRequest: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var description: String { "malformed CloudFormation request: \(field) \(problem)" }
}
