"""The Python peer of mapu's DefaultVpcId, written the way such custom
resources usually are: boto3 for EC2, AWS's `cfnresponse` module for the
reply to CloudFormation, run by `awslambdaric`. It does the same job as
Sources/Handlers/DefaultVpcId.swift: Create/Update answer the account's default
VPC (PhysicalResourceId = VpcId; Data VpcId, CidrBlock, SubnetIds = the default
subnets, comma-separated, by availability zone); Delete does nothing.

The EC2 client is made at import (AWS's advice: it is reused by warm
invocations), so it counts in init, as it would in Lambda.
"""
import boto3
import cfnresponse

ec2 = boto3.client("ec2")


def lambda_handler(event, context):
    physical_id = event.get("PhysicalResourceId")
    try:
        if event["RequestType"] == "Delete":
            cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, physical_id)
            return
        unknown = sorted(set(event.get("ResourceProperties", {})) - {"ServiceToken"})
        if unknown:
            raise ValueError(f"property ResourceProperties.{unknown[0]} is not a property of this resource")
        vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
        if not vpcs:
            raise ValueError(f"this account has no default VPC in {ec2.meta.region_name}")
        vpc = vpcs[0]
        subnets = ec2.describe_subnets(Filters=[
            {"Name": "vpc-id", "Values": [vpc["VpcId"]]},
            {"Name": "default-for-az", "Values": ["true"]},
        ])["Subnets"]
        ordered = sorted(subnets, key=lambda subnet: (subnet["AvailabilityZone"], subnet["SubnetId"]))
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {
            "VpcId": vpc["VpcId"],
            "CidrBlock": vpc["CidrBlock"],
            "SubnetIds": ",".join(subnet["SubnetId"] for subnet in ordered),
        }, vpc["VpcId"])
    except Exception as error:  # CloudFormation must hear back, whatever failed
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, physical_id, reason=f"DefaultVpcId failed: {error}")
