public import FoundationEssentials
public import JSONKit

/// The document PUT to the ResponseURL.
public struct CustomResourceResponse: Sendable, Equatable {
    public enum Status: String, Sendable {
        case success = "SUCCESS"
        case failed = "FAILED"
    }

    public var status: Status
    public var reason: String
    public var physicalResourceID: String
    public var stackID: String
    public var requestID: String
    public var logicalResourceID: String
    public var noEcho: Bool
    public var data: [String: JSONValue]

    public init(status: Status, reason: String, physicalResourceID: String, stackID: String, requestID: String,
                logicalResourceID: String, noEcho: Bool = false, data: [String: JSONValue] = [:]) {
        self.status = status
        self.reason = reason
        self.physicalResourceID = physicalResourceID
        self.stackID = stackID
        self.requestID = requestID
        self.logicalResourceID = logicalResourceID
        self.noEcho = noEcho
        self.data = data
    }

    /// CloudFormation rejects a response body over 4,096 bytes.
    public static let maximumBodyBytes = 4096
    public static let truncationMarker = " [… cut to fit CloudFormation's 4,096-byte limit; the full diagnostic is in the log]"

    /// The response as it will be sent, within the byte budget: the Reason is
    /// cut (at a character boundary, with a visible marker) when needed, never
    /// the Data. Data that leaves no room even for the cut marker as Reason turns the
    /// response into a FAILED one that says so. Only identifiers that alone
    /// exceed the budget leave the body over it: they are never changed.
    public func fittedToBudget() -> CustomResourceResponse {
        if bodyText.utf8.count <= Self.maximumBodyBytes { return self }
        var cut = self
        cut.reason = Self.truncationMarker
        guard cut.bodyText.utf8.count <= Self.maximumBodyBytes else {
            // Without Data only the identifiers are left, and they alone do not
            // fit (a handler chose an over-long id): nothing more can be cut,
            // so the response goes as it is, over the budget, rather than not at all.
            if data.isEmpty { return cut }
            var failed = self
            failed.status = .failed
            failed.data = [:]
            failed.reason = "The response Data (\(JSONValue.object(data).serialized.utf8.count) bytes as JSON) does not fit CloudFormation's 4,096-byte response limit; return less Data."
            return failed.fittedToBudget()
        }
        let characters = Array(reason)
        var low = 0, high = characters.count
        while low < high {
            let middle = (low + high + 1) / 2
            cut.reason = String(characters[..<middle]) + Self.truncationMarker
            if cut.bodyText.utf8.count <= Self.maximumBodyBytes { low = middle } else { high = middle - 1 }
        }
        cut.reason = String(characters[..<low]) + Self.truncationMarker
        return cut
    }

    public var bodyText: String {
        JSONValue.object(document(data: .object(data))).serialized
    }

    public var body: Data { Data(bodyText.utf8) }

    /// The body for the log: NoEcho data is never written there.
    public var loggableBody: String {
        let shown: JSONValue = noEcho ? .string("(\(data.count) values hidden: NoEcho)") : .object(data)
        return JSONValue.object(document(data: shown)).serialized
    }

    private func document(data: JSONValue) -> [String: JSONValue] {
        [
            "Status": .string(status.rawValue),
            "Reason": .string(reason),
            "PhysicalResourceId": .string(physicalResourceID),
            "StackId": .string(stackID),
            "RequestId": .string(requestID),
            "LogicalResourceId": .string(logicalResourceID),
            "NoEcho": .bool(noEcho),
            "Data": data,
        ]
    }
}
