#!/usr/bin/env python3
"""Turns on signature checking in a running moto_server and prints the
credentials of a user allowed to call EC2's Describe* operations, as JSON.

usage: moto_enable_auth.py ENDPOINT [--roles] [--allow ACTION]...

--roles also creates two roles, printed as RoleArn (with the ExternalId its
trust policy requires) and SecondRoleArn: the user may assume the first, the
first may assume the second, and both may call EC2's Describe* operations.

--allow ACTION (repeatable) also allows ACTION (e.g. ssm:GetParameter,
identitystore:*) wherever EC2's Describe* operations are allowed.

moto checks no signature until an IAM user with an access key exists and
/moto-api/reset-auth is posted; from then on a bad signature is refused.
"""
import json
import sys
import urllib.request

import boto3

EXTERNAL_ID = "mapu-external-id"


def main() -> int:
    arguments = sys.argv[1:]
    with_roles = "--roles" in arguments
    arguments = [a for a in arguments if a != "--roles"]
    allowed = []
    while "--allow" in arguments:
        at = arguments.index("--allow")
        if at + 1 >= len(arguments):
            print(__doc__, file=sys.stderr)
            return 2
        allowed.append(arguments[at + 1])
        del arguments[at:at + 2]
    if len(arguments) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    endpoint = arguments[0]
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="bootstrap-secret")
    user_arn = iam.create_user(UserName="mapu-test")["User"]["Arn"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*"] + allowed, "Resource": "*"}]}
    iam.put_user_policy(UserName="mapu-test", PolicyName="describe", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="mapu-test")["AccessKey"]
    output = {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}
    if with_roles:
        output.update(create_roles(iam, user_arn, policy))
    request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        if answer.status != 200:
            print(f"reset-auth answered HTTP {answer.status}", file=sys.stderr)
            return 1
    print(json.dumps(output))
    return 0


def create_roles(iam, user_arn: str, describe_policy: dict) -> dict:
    """Two roles in the user's account: the user may assume the first with
    the external id, the first may assume the second, both may describe EC2."""
    # moto compares a trust policy's principal with the caller's ARN as a
    # string, so the second role, assumed by a session whose ARN carries the
    # session name, trusts anyone; its caller's own policy is what limits it.
    trusts = {
        "mapu-assumable": {"Effect": "Allow", "Principal": {"AWS": [user_arn]}, "Action": "sts:AssumeRole",
                           "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}},
        "mapu-second": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
    }
    arns = {}
    for name, trust in trusts.items():
        document = json.dumps({"Version": "2012-10-17", "Statement": [trust]})
        arns[name] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=document)["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="describe", PolicyDocument=json.dumps(describe_policy))

    def may_assume(arn: str) -> str:
        return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn}]})

    iam.put_user_policy(UserName="mapu-test", PolicyName="assume", PolicyDocument=may_assume(arns["mapu-assumable"]))
    iam.put_role_policy(RoleName="mapu-assumable", PolicyName="assume", PolicyDocument=may_assume(arns["mapu-second"]))
    return {"RoleArn": arns["mapu-assumable"], "ExternalId": EXTERNAL_ID, "SecondRoleArn": arns["mapu-second"]}


if __name__ == "__main__":
    sys.exit(main())
