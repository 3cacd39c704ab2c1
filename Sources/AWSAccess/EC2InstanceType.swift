/// An instance type as `DescribeInstanceTypes` lists it, reduced to what
/// this package uses.
public struct EC2InstanceType: EC2Resource {
    /// E.g. `t4g.large`.
    public var instanceType: String
    /// `arm64`, `x86_64`, `i386`, `x86_64_mac`, `arm64_mac`, as EC2 spells them.
    public var supportedArchitectures: [String]

    public init(instanceType: String, supportedArchitectures: [String]) {
        self.instanceType = instanceType
        self.supportedArchitectures = supportedArchitectures
    }

    public static let describeAction = "DescribeInstanceTypes"
    public static let setName = "instanceTypeSet"

    public init(item: XMLElement) throws(AWSError) {
        instanceType = try item.requiredText("instanceType", of: Self.describeAction)
        supportedArchitectures = (item["processorInfo", "supportedArchitectures"]?.items ?? []).map { trimmed($0.text) }
    }
}

extension EC2Query {
    /// A `DescribeInstanceTypes` call for the named types. EC2 answers
    /// `InvalidInstanceType` when one of them does not exist in the region.
    public static func describeInstanceTypes(_ instanceTypes: [String], nextToken: String? = nil) -> EC2Query {
        EC2Query(action: EC2InstanceType.describeAction,
                 parameters: describeParameters(idName: "InstanceType", ids: instanceTypes, filters: [], maxResults: nil, nextToken: nextToken))
    }
}
