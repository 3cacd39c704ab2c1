/// An instance as `DescribeInstances` lists it, reduced to what this package uses.
public struct EC2Instance: Sendable, Equatable {
    public var instanceId: String
    public var instanceType: String
    /// `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`.
    public var state: String
    /// `spot` or `capacity-block` when not on-demand.
    public var instanceLifecycle: String?
    public var spotInstanceRequestId: String?
    public var tags: [String: String]

    public init(instanceId: String, instanceType: String, state: String, instanceLifecycle: String? = nil,
                spotInstanceRequestId: String? = nil, tags: [String: String] = [:]) {
        self.instanceId = instanceId
        self.instanceType = instanceType
        self.state = state
        self.instanceLifecycle = instanceLifecycle
        self.spotInstanceRequestId = spotInstanceRequestId
        self.tags = tags
    }

    static let action = "DescribeInstances"

    init(item: XMLElement) throws(AWSError) {
        instanceId = try item.requiredText("instanceId", of: Self.action)
        instanceType = try item.requiredText("instanceType", of: Self.action)
        state = item["instanceState", "name"].map { trimmed($0.text) } ?? ""
        instanceLifecycle = item.optionalText("instanceLifecycle")
        spotInstanceRequestId = item.optionalText("spotInstanceRequestId")
        var tags: [String: String] = [:]
        for tag in item.child(named: "tagSet")?.items ?? [] {
            if let key = tag.text(of: "key") { tags[key] = tag.text(of: "value") ?? "" }
        }
        self.tags = tags
    }

    /// The instances of a `<DescribeInstancesResponse>`, across its
    /// reservations, and the token of the next page.
    static func page(_ root: XMLElement) throws(AWSError) -> (instances: [EC2Instance], nextToken: String?) {
        guard root.name == "\(action)Response", let reservations = root.child(named: "reservationSet") else {
            throw .unexpectedEC2Response(action, "expected <\(action)Response> with a <reservationSet>, got <\(root.name)>")
        }
        var instances: [EC2Instance] = []
        for reservation in reservations.items {
            for item in reservation.child(named: "instancesSet")?.items ?? [] {
                instances.append(try EC2Instance(item: item))
            }
        }
        return (instances, root.optionalText("nextToken"))
    }
}

extension EC2Query {
    /// A `DescribeInstances` call. EC2 answers `InvalidInstanceID.NotFound`
    /// for an id that does not exist (or is malformed: `…Malformed`).
    public static func describeInstances(_ ids: [String], filters: [EC2Filter] = [], nextToken: String? = nil) -> EC2Query {
        EC2Query(action: EC2Instance.action,
                 parameters: describeParameters(idName: "InstanceId", ids: ids, filters: filters, maxResults: nil, nextToken: nextToken))
    }
}
