public import FoundationEssentials
import JSONKit

extension CustomResourceRequest {
    /// What an event decodes to: a request; or a request that can only be
    /// answered FAILED (with what identifies it, to echo back); or nothing
    /// that can be answered (thrown as `NotACloudFormationRequest`).
    public enum Decoded: Sendable {
        case request(CustomResourceRequest)
        case malformed(MalformedRequest, echo: Echo)
    }

    /// The fields a response repeats, as far as the event had them.
    public struct Echo: Sendable, Equatable {
        public var responseURL: String
        public var stackID: String
        public var requestID: String
        public var logicalResourceID: String
        public var physicalResourceID: String?
        public var requestType: String?
    }

    /// The fields a response to this request repeats.
    public var echo: Echo {
        Echo(responseURL: responseURL, stackID: stackID, requestID: requestID, logicalResourceID: logicalResourceID,
             physicalResourceID: physicalResourceID, requestType: kind.name)
    }

    public static func decode(_ payload: Data) throws(NotACloudFormationRequest) -> Decoded {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: payload)
        } catch {
            throw NotACloudFormationRequest(detail: "the event is not JSON (\(error))")
        }
        guard case .object(let event) = document else {
            throw NotACloudFormationRequest(detail: "the event is not a JSON object")
        }
        guard let url = event["ResponseURL"]?.stringValue, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            let problem = event["ResponseURL"] == nil ? "it has no ResponseURL" : "its ResponseURL is not an http(s) URL"
            throw NotACloudFormationRequest(detail: problem)
        }
        let echo = Echo(responseURL: url, stackID: event["StackId"]?.stringValue ?? "", requestID: event["RequestId"]?.stringValue ?? "",
                        logicalResourceID: event["LogicalResourceId"]?.stringValue ?? "",
                        physicalResourceID: event["PhysicalResourceId"]?.stringValue, requestType: event["RequestType"]?.stringValue)
        do {
            return .request(try decode(event, url: url))
        } catch {
            return .malformed(error, echo: echo)
        }
    }

    private static func decode(_ event: [String: JSONValue], url: String) throws(MalformedRequest) -> CustomResourceRequest {
        func required(_ field: String) throws(MalformedRequest) -> String {
            guard let value = event[field] else { throw MalformedRequest(field: field, problem: "is missing") }
            guard let text = value.stringValue, !text.isEmpty else { throw MalformedRequest(field: field, problem: "is not a non-empty string") }
            return text
        }
        func object(_ field: String) throws(MalformedRequest) -> [String: JSONValue] {
            switch event[field] {
            case nil, .null?: return [:]
            case .object(let members)?: return members
            default: throw MalformedRequest(field: field, problem: "is not an object")
            }
        }
        let type = try required("RequestType")
        let kind: Kind
        switch type {
        case "Create": kind = .create
        case "Update": kind = .update(physicalResourceID: try required("PhysicalResourceId"), oldProperties: try object("OldResourceProperties"))
        case "Delete": kind = .delete(physicalResourceID: try required("PhysicalResourceId"))
        default: throw MalformedRequest(field: "RequestType", problem: "is \(type.debugDescription): expected Create, Update or Delete")
        }
        let properties = try object("ResourceProperties")
        var timeout: Int?
        if let text = properties["ServiceTimeout"]?.stringValue {
            guard let seconds = Int(text), seconds > 0 else {
                throw MalformedRequest(field: "ResourceProperties.ServiceTimeout", problem: "is \(text.debugDescription): expected a whole number of seconds")
            }
            timeout = seconds
        }
        return CustomResourceRequest(
            kind: kind, responseURL: url, stackID: try required("StackId"), requestID: try required("RequestId"),
            resourceType: event["ResourceType"]?.stringValue ?? "", logicalResourceID: try required("LogicalResourceId"),
            properties: properties, serviceToken: event["ServiceToken"]?.stringValue ?? properties["ServiceToken"]?.stringValue,
            serviceTimeout: timeout)
    }
}
