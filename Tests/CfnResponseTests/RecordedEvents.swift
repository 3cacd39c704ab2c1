import Foundation
import JSONKit
import TestSupport

/// The recorded DefaultVpcId events in `events/`, as JSON objects a test can
/// change one field of.
enum RecordedEvents {
    static func object(_ name: String) throws -> [String: JSONValue] {
        guard case .object(let members) = try JSONValue(parsing: Fixtures.event("DefaultVpcId", name)) else {
            throw Unreadable(description: "events/DefaultVpcId/\(name).json is not an object")
        }
        return members
    }

    /// The recorded event with `changes` applied (`nil` removes a field).
    static func data(_ name: String, _ changes: [String: JSONValue?] = [:]) throws -> Data {
        var event = try object(name)
        for (key, value) in changes { event[key] = value }
        return Data(JSONValue.object(event).serialized.utf8)
    }

    static let stackID = "arn:aws:cloudformation:us-east-1:123456789012:stack/asher-sterkin-t4g-large-desktop/5b6c8e30-ab1f-11ef-9c41-0affd4c6b2a1"
    static let serviceToken = "arn:aws:lambda:us-east-1:123456789012:function:dev-platform-DefaultVpcId"
    static let createRequestID = "7f2d1c3e-8a4b-4e5f-9d6c-1b2a3c4d5e6f"
    static let updateRequestID = "2c4e6a80-1b3d-4f5a-8c7e-9d0f1a2b3c4d"
    static let deleteRequestID = "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b"
    static let physicalID = "vpc-0a1b2c3d4e5f67890"

    static func responseURL(_ name: String) throws -> String {
        guard let url = try object(name)["ResponseURL"]?.stringValue else {
            throw Unreadable(description: "events/DefaultVpcId/\(name).json has no ResponseURL")
        }
        return url
    }
}

struct Unreadable: Error, CustomStringConvertible {
    var description: String
}
