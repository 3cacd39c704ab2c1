/// A spot request as `DescribeSpotInstanceRequests` lists it, reduced to
/// what this package uses.
public struct EC2SpotInstanceRequest: EC2Resource {
    public var spotInstanceRequestId: String
    /// `open`, `active`, `closed`, `cancelled`, `failed` or `disabled`.
    public var state: String
    /// `persistent` or `one-time`.
    public var type: String
    /// The instance that fulfils it, if any.
    public var instanceId: String?

    public init(spotInstanceRequestId: String, state: String, type: String, instanceId: String? = nil) {
        self.spotInstanceRequestId = spotInstanceRequestId
        self.state = state
        self.type = type
        self.instanceId = instanceId
    }

    public static let describeAction = "DescribeSpotInstanceRequests"
    public static let setName = "spotInstanceRequestSet"

    public init(item: XMLElement) throws(AWSError) {
        spotInstanceRequestId = try item.requiredText("spotInstanceRequestId", of: Self.describeAction)
        state = try item.requiredText("state", of: Self.describeAction)
        type = try item.requiredText("type", of: Self.describeAction)
        instanceId = item.optionalText("instanceId")
    }
}

/// What `CancelSpotInstanceRequests` says of each request: its id and the
/// state it is in now (`cancelled`, or `closed` for one already closed…).
public struct EC2CancelledSpotInstanceRequest: EC2Resource {
    public var spotInstanceRequestId: String
    public var state: String

    public init(spotInstanceRequestId: String, state: String) {
        self.spotInstanceRequestId = spotInstanceRequestId
        self.state = state
    }

    public static let describeAction = "CancelSpotInstanceRequests"
    public static let setName = "spotInstanceRequestSet"

    public init(item: XMLElement) throws(AWSError) {
        spotInstanceRequestId = try item.requiredText("spotInstanceRequestId", of: Self.describeAction)
        state = try item.requiredText("state", of: Self.describeAction)
    }
}

extension EC2Query {
    /// A `DescribeSpotInstanceRequests` call for the given ids (all when empty).
    public static func describeSpotInstanceRequests(_ ids: [String], nextToken: String? = nil) -> EC2Query {
        EC2Query(action: EC2SpotInstanceRequest.describeAction,
                 parameters: describeParameters(idName: "SpotInstanceRequestId", ids: ids, filters: [], maxResults: nil, nextToken: nextToken))
    }

    /// A `CancelSpotInstanceRequests` call. It does not terminate the
    /// instances the requests launched.
    public static func cancelSpotInstanceRequests(_ ids: [String]) -> EC2Query {
        EC2Query(action: EC2CancelledSpotInstanceRequest.describeAction, parameters: [.list("SpotInstanceRequestId", ids)])
    }
}
