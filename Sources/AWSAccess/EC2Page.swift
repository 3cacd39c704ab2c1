/// A resource an EC2 `Describe…` action lists: which action, which set in
/// the answer holds it, and how to read one `<item>` of that set.
public protocol EC2Resource: Sendable, Equatable {
    /// The action that lists it, e.g. `DescribeVpcs`.
    static var describeAction: String { get }
    /// The element of the answer holding one `<item>` per resource, e.g.
    /// `vpcSet`.
    static var setName: String { get }

    /// Reads one `<item>`.
    /// - Throws: `AWSError` with code `UnexpectedResponse` when a field the
    ///   type needs is missing or unreadable.
    init(item: XMLElement) throws(AWSError)
}

/// One page of a `Describe…` answer. A `nextToken` means more pages follow:
/// send the same query again with `NextToken` set to it.
public struct EC2Page<Resource: EC2Resource>: Sendable, Equatable {
    public var items: [Resource]
    /// `nil` on the last page (EC2 sends no `<nextToken>`, or an empty one).
    public var nextToken: String?

    public init(items: [Resource], nextToken: String? = nil) {
        self.items = items
        self.nextToken = nextToken
    }

    /// Reads the root element returned by `EC2Query.result(from:)` for
    /// `Resource.describeAction`.
    ///
    /// - Throws: `AWSError` with code `UnexpectedResponse` if the root is not
    ///   `<DescribeActionResponse>`, the set is missing (an empty list is an
    ///   empty set, never a missing one, so a missing set means the answer
    ///   is not what it seems), or an item cannot be read.
    public init(_ root: XMLElement) throws(AWSError) {
        let action = Resource.describeAction
        guard root.name == "\(action)Response" else {
            throw .unexpectedEC2Response(action, "expected <\(action)Response>, got <\(root.name)>")
        }
        guard let set = root.child(named: Resource.setName) else {
            throw .unexpectedEC2Response(action, "<\(action)Response> has no <\(Resource.setName)>")
        }
        var items: [Resource] = []
        for item in set.items { items.append(try Resource(item: item)) }
        self.items = items
        self.nextToken = root.optionalText("nextToken")
    }
}

extension EC2Query {
    /// The parameters every `Describe…` action shares, in botocore's order.
    static func describeParameters(
        idName: String, ids: [String], filters: [EC2Filter], maxResults: Int?, nextToken: String?
    ) -> [Parameter] {
        var parameters: [Parameter] = []
        if !filters.isEmpty { parameters.append(.filters(filters)) }
        if !ids.isEmpty { parameters.append(.list(idName, ids)) }
        if let maxResults { parameters.append(.value("MaxResults", String(maxResults))) }
        if let nextToken { parameters.append(.value("NextToken", nextToken)) }
        return parameters
    }
}

extension AWSError {
    static func unexpectedEC2Response(_ operation: String, _ message: String) -> AWSError {
        AWSError(service: EC2Query.service, operation: operation, code: Code.unexpectedResponse, message: message)
    }
}

extension XMLElement {
    /// The trimmed text of a child, `nil` when it is absent or empty.
    func optionalText(_ name: String) -> String? {
        guard let text = text(of: name).map(trimmed), !text.isEmpty else { return nil }
        return text
    }

    /// The trimmed text of the child `name` of an EC2 `<item>`.
    /// - Throws: `UnexpectedResponse` naming the field if it is missing or empty.
    func requiredText(_ name: String, of operation: String) throws(AWSError) -> String {
        guard let text = optionalText(name) else {
            throw .unexpectedEC2Response(operation, "an <item> in the response has no <\(name)>")
        }
        return text
    }

    /// EC2 writes booleans as `true` or `false`, nothing else.
    /// - Throws: `UnexpectedResponse` naming the field if it is missing or
    ///   not a boolean.
    func requiredBool(_ name: String, of operation: String) throws(AWSError) -> Bool {
        switch try requiredText(name, of: operation) {
        case "true": return true
        case "false": return false
        case let other: throw .unexpectedEC2Response(operation, "<\(name)> is \"\(other)\", expected true or false")
        }
    }
}
