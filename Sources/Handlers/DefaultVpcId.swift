import AWSAccess
public import CfnResponse
import JSONKit

/// `Custom::DefaultVpcId`: the account's default VPC in the function's region,
/// and its default subnets — what a desktop VM needs to be placed.
///
/// Create/Update: SUCCESS with PhysicalResourceId = the VPC id and Data
/// `VpcId`, `CidrBlock`, `SubnetIds` (default subnets, comma-separated, by
/// availability zone). No default VPC: FAILED saying how to make one.
/// Delete: SUCCESS without any AWS call (nothing was created).
/// Needs `ec2:DescribeVpcs` and `ec2:DescribeSubnets`.
public struct DefaultVpcId: CustomResourceHandler {
    let ec2: EC2Client

    public func handle(_ request: CustomResourceRequest, context: CustomResourceContext) async throws -> CustomResourceResult {
        if case .delete = request.kind { return CustomResourceResult() }
        try Properties(request.properties).requireKnown([])

        context.step("DescribeVpcs")
        let vpcs = try await ec2.describeVpcs(filters: [EC2Filter(name: "is-default", values: ["true"])])
        guard let vpc = vpcs.first else {
            let region = ec2.region
            throw HandlerFailure("this account has no default VPC in \(region). Create one with `aws ec2 create-default-vpc --region \(region)` and retry.")
        }
        context.step("DescribeSubnets")
        let subnets = try await ec2.describeSubnets(filters: [
            EC2Filter(name: "vpc-id", values: [vpc.vpcId]),
            EC2Filter(name: "default-for-az", values: ["true"]),
        ])
        let ordered = subnets.sorted { ($0.availabilityZone, $0.subnetId) < ($1.availabilityZone, $1.subnetId) }
        return CustomResourceResult(physicalResourceID: vpc.vpcId, data: [
            "VpcId": .string(vpc.vpcId),
            "CidrBlock": .string(vpc.cidrBlock),
            "SubnetIds": .string(ordered.map(\.subnetId).joined(separator: ",")),
        ])
    }
}
