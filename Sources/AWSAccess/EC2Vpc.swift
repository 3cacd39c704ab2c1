/// A VPC as `DescribeVpcs` lists it, reduced to what this package uses.
public struct EC2Vpc: EC2Resource {
    public var vpcId: String
    /// The primary IPv4 CIDR block, e.g. `172.31.0.0/16`.
    public var cidrBlock: String
    public var isDefault: Bool
    /// `pending` or `available`; kept as text so a new state is not an error.
    public var state: String

    public init(vpcId: String, cidrBlock: String, isDefault: Bool, state: String) {
        self.vpcId = vpcId
        self.cidrBlock = cidrBlock
        self.isDefault = isDefault
        self.state = state
    }

    public static let describeAction = "DescribeVpcs"
    public static let setName = "vpcSet"

    public init(item: XMLElement) throws(AWSError) {
        vpcId = try item.requiredText("vpcId", of: Self.describeAction)
        cidrBlock = try item.requiredText("cidrBlock", of: Self.describeAction)
        isDefault = try item.requiredBool("isDefault", of: Self.describeAction)
        state = try item.requiredText("state", of: Self.describeAction)
    }
}

extension EC2Query {
    /// A `DescribeVpcs` call. Empty `vpcIDs` and `filters` list every VPC of
    /// the region; EC2 refuses `maxResults` together with `vpcIDs` and
    /// accepts 5–1000. Pass the previous page's `nextToken` for the next.
    public static func describeVpcs(
        vpcIDs: [String] = [], filters: [EC2Filter] = [], maxResults: Int? = nil, nextToken: String? = nil
    ) -> EC2Query {
        let parameters = describeParameters(idName: "VpcId", ids: vpcIDs, filters: filters, maxResults: maxResults, nextToken: nextToken)
        return EC2Query(action: EC2Vpc.describeAction, parameters: parameters)
    }
}
