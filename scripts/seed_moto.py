#!/usr/bin/env python3
"""Seeds a running moto_server like a real desktop account and prints, as
JSON, the values the recorded events must use instead of their own.

usage: seed_moto.py ENDPOINT [REGION]

The account gets what the recorded events in events/ expect to find: the
default VPC (moto has it), the AL2023 AMI parameters (moto preloads them),
Ubuntu 24.04 image parameters of the account's own under /mapu/images/ (AWS
and moto refuse writes under /aws/), a user `asher-sterkin` in identity
store d-1234567890, and a persistent spot
desktop `asher-sterkin-t4g-large-desktop` tagged User=asher-sterkin. The
events name that instance and its request i-0123456789abcdef0 and
sir-0123456789abcdef0; moto makes its own ids, so the output maps each
recorded id to the seeded one: {"replacements": {"i-0123…": "i-…", …}}.
"""
import json
import sys

import boto3

IDENTITY_STORE_ID = "d-1234567890"
USER = "asher-sterkin"
DESKTOP = "asher-sterkin-t4g-large-desktop"
RECORDED_INSTANCE = "i-0123456789abcdef0"
RECORDED_SPOT_REQUEST = "sir-0123456789abcdef0"


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    endpoint = sys.argv[1]
    region = sys.argv[2] if len(sys.argv) == 3 else "us-east-1"
    session = boto3.session.Session(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="seed", region_name=region)

    identity = session.client("identitystore", endpoint_url=endpoint)
    identity.create_user(IdentityStoreId=IDENTITY_STORE_ID, UserName=USER, DisplayName="Asher Sterkin",
                         Name={"GivenName": "Asher", "FamilyName": "Sterkin"})

    ssm = session.client("ssm", endpoint_url=endpoint)
    for arch in ("arm64", "amd64"):
        ssm.put_parameter(Name=f"/mapu/images/ubuntu-24.04/{arch}", Type="String", DataType="aws:ec2:image",
                          Value=f"ami-0ubuntu2404{arch}0000"[:21])

    ec2 = session.client("ec2", endpoint_url=endpoint)
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    spot = ec2.request_spot_instances(InstanceCount=1, Type="persistent",
                                      LaunchSpecification={"ImageId": image, "InstanceType": "t4g.large"})["SpotInstanceRequests"][0]
    instance = spot["InstanceId"]
    # EC2 shows a spot instance's request id; moto needs telling.
    ec2.modify_instance_attribute(InstanceId=instance, Attribute="spotInstanceRequestId", Value=spot["SpotInstanceRequestId"])
    ec2.create_tags(Resources=[instance], Tags=[{"Key": "Name", "Value": DESKTOP}, {"Key": "User", "Value": USER}])

    print(json.dumps({"replacements": {RECORDED_INSTANCE: instance, RECORDED_SPOT_REQUEST: spot["SpotInstanceRequestId"]}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
