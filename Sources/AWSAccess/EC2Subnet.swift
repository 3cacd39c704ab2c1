/// A subnet as `DescribeSubnets` lists it, reduced to what this package uses.
public struct EC2Subnet: EC2Resource {
    public var subnetId: String
    public var vpcId: String
    /// The zone's name, e.g. `us-east-1a`.
    public var availabilityZone: String
    /// The IPv4 CIDR block; `nil` for an IPv6-only subnet, which has none.
    public var cidrBlock: String?
    /// Whether this is the default subnet of its zone (in the default VPC).
    public var defaultForAz: Bool

    public init(subnetId: String, vpcId: String, availabilityZone: String, cidrBlock: String?, defaultForAz: Bool) {
        self.subnetId = subnetId
        self.vpcId = vpcId
        self.availabilityZone = availabilityZone
        self.cidrBlock = cidrBlock
        self.defaultForAz = defaultForAz
    }

    public static let describeAction = "DescribeSubnets"
    public static let setName = "subnetSet"

    public init(item: XMLElement) throws(AWSError) {
        subnetId = try item.requiredText("subnetId", of: Self.describeAction)
        vpcId = try item.requiredText("vpcId", of: Self.describeAction)
        availabilityZone = try item.requiredText("availabilityZone", of: Self.describeAction)
        cidrBlock = item.optionalText("cidrBlock")
        defaultForAz = try item.requiredBool("defaultForAz", of: Self.describeAction)
    }
}

extension EC2Query {
    /// A `DescribeSubnets` call. Empty `subnetIDs` and `filters` list every
    /// subnet of the region (filter on `vpc-id` for one VPC's); `maxResults`
    /// accepts 5–1000. Pass the previous page's `nextToken` for the next.
    public static func describeSubnets(
        subnetIDs: [String] = [], filters: [EC2Filter] = [], maxResults: Int? = nil, nextToken: String? = nil
    ) -> EC2Query {
        let parameters = describeParameters(idName: "SubnetId", ids: subnetIDs, filters: filters, maxResults: maxResults, nextToken: nextToken)
        return EC2Query(action: EC2Subnet.describeAction, parameters: parameters)
    }
}
