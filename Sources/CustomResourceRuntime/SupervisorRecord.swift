import FoundationEssentials
import JSONKit

/// What the worker tells its supervisor about the invocation in hand, one
/// JSON line each on a pipe: enough for the supervisor to answer
/// CloudFormation if the worker dies before it does.
struct SupervisorRecord: Sendable, Equatable {
    enum Kind: String, Sendable {
        /// Start-up is over: the worker is about to ask for events.
        case ready
        /// An answerable event is being handled.
        case begin
        /// CloudFormation was answered (delivered or not).
        case answered
        /// The Runtime API was told the invocation's result.
        case reported
    }

    var kind: Kind
    var lambdaRequestID: String
    var deadlineMilliseconds: Int64 = 0
    var responseURL = ""
    var stackID = ""
    var requestID = ""
    var logicalResourceID = ""
    var physicalResourceID: String?
    var delivered = false

    var line: String {
        var object: [String: JSONValue] = [
            "kind": .string(kind.rawValue), "lambdaRequestId": .string(lambdaRequestID),
            "deadline": .number(Double(deadlineMilliseconds)), "delivered": .bool(delivered),
        ]
        if kind == .begin {
            object["responseURL"] = .string(responseURL)
            object["stackId"] = .string(stackID)
            object["requestId"] = .string(requestID)
            object["logicalResourceId"] = .string(logicalResourceID)
            if let physicalResourceID { object["physicalResourceId"] = .string(physicalResourceID) }
        }
        return JSONValue.object(object).serialized + "\n"
    }

    init(kind: Kind, lambdaRequestID: String) {
        self.kind = kind
        self.lambdaRequestID = lambdaRequestID
    }

    /// A line the worker wrote; `nil` for anything else.
    init?(line: Substring) {
        guard case .object(let object)? = try? JSONValue(parsing: Data(line.utf8)),
              let kind = object["kind"]?.stringValue.flatMap(Kind.init(rawValue:)),
              let id = object["lambdaRequestId"]?.stringValue else { return nil }
        self.init(kind: kind, lambdaRequestID: id)
        if case .number(let deadline)? = object["deadline"] { deadlineMilliseconds = Int64(deadline) }
        responseURL = object["responseURL"]?.stringValue ?? ""
        stackID = object["stackId"]?.stringValue ?? ""
        requestID = object["requestId"]?.stringValue ?? ""
        logicalResourceID = object["logicalResourceId"]?.stringValue ?? ""
        physicalResourceID = object["physicalResourceId"]?.stringValue
        if case .bool(let value)? = object["delivered"] { delivered = value }
    }
}
