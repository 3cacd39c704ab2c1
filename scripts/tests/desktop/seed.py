#!/usr/bin/env python3
"""Puts what a desktop-script test needs into moto_server (AWS_ENDPOINT_URL),
with boto3 in one process rather than one AWS CLI process per call.

  seed.py desktop NAME USER [--os OS] [--state running|stopped|terminated]
      an instance tagged Name=NAME, User=USER (and OperatingSystem=OS); prints its id
  seed.py sso-identity USER
      credentials of an IAM Identity Center session of USER with the permission
      set RemoteDeveloper (assumed-role/AWSReservedSSO_RemoteDeveloper_…/USER),
      printed as shell exports
  seed.py secret ROLE_ARN NAME JSON
      the secret NAME in the role's account (moto's AssumeRole acts in the role's account)
  seed.py restricted-user ACTION...
      an IAM user allowed only ACTION..., then turns on moto's authorization;
      prints its credentials as shell exports
"""
import json
import os
import shlex
import sys
import urllib.request

import boto3

ENDPOINT = os.environ["AWS_ENDPOINT_URL"]
REGION = os.environ.get("AWS_DEFAULT_REGION", "eu-west-1")
ADMIN = {"aws_access_key_id": "AKIAMAPUSEEDADMIN", "aws_secret_access_key": "seed-admin"}


def client(service, **credentials):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION, **(credentials or ADMIN))


def exports(key, secret, token=None):
    lines = [f"export AWS_ACCESS_KEY_ID={shlex.quote(key)}", f"export AWS_SECRET_ACCESS_KEY={shlex.quote(secret)}"]
    lines.append(f"export AWS_SESSION_TOKEN={shlex.quote(token)}" if token else "unset AWS_SESSION_TOKEN")
    print("\n".join(lines))


def desktop(arguments):
    name, user = arguments[0], arguments[1]
    options = dict(zip(arguments[2::2], arguments[3::2]))
    ec2 = client("ec2")
    tags = [{"Key": "Name", "Value": name}, {"Key": "User", "Value": user}]
    if "--os" in options:
        tags.append({"Key": "OperatingSystem", "Value": options["--os"]})
    instance = ec2.run_instances(ImageId="ami-12c6146b", InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                 TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])["Instances"][0]
    instance_id = instance["InstanceId"]
    state = options.get("--state", "running")
    if state == "stopped":
        ec2.stop_instances(InstanceIds=[instance_id])
    elif state == "terminated":
        ec2.terminate_instances(InstanceIds=[instance_id])
    print(instance_id)


def sso_identity(arguments):
    user = arguments[0]
    role = "AWSReservedSSO_RemoteDeveloper_0123456789abcdef"
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/AWSSSO"}, "Action": "sts:AssumeRoleWithSAML"}]}
    arn = client("iam").create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    credentials = client("sts").assume_role(RoleArn=arn, RoleSessionName=user)["Credentials"]
    exports(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])


def secret(arguments):
    role_arn, name, value = arguments
    credentials = client("sts").assume_role(RoleArn=role_arn, RoleSessionName="seed")["Credentials"]
    client("secretsmanager", aws_access_key_id=credentials["AccessKeyId"],
           aws_secret_access_key=credentials["SecretAccessKey"],
           aws_session_token=credentials["SessionToken"]).create_secret(Name=name, SecretString=value)


def restricted_user(actions):
    iam = client("iam")
    iam.create_user(UserName="mapu-restricted")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}
    iam.put_user_policy(UserName="mapu-restricted", PolicyName="only", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="mapu-restricted")["AccessKey"]
    request = urllib.request.Request(ENDPOINT + "/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request, timeout=10).read()
    exports(key["AccessKeyId"], key["SecretAccessKey"])


if __name__ == "__main__":
    command, rest = sys.argv[1], sys.argv[2:]
    {"desktop": desktop, "sso-identity": sso_identity, "secret": secret,
     "restricted-user": restricted_user}[command](rest)
