#!/usr/bin/env python3
"""Turns on signature checking in a running moto_server and prints the
credentials of a user allowed to call EC2's Describe* operations, as JSON.

usage: moto_enable_auth.py ENDPOINT

moto checks no signature until an IAM user with an access key exists and
/moto-api/reset-auth is posted; from then on a bad signature is refused.
"""
import json
import sys
import urllib.request

import boto3


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    endpoint = sys.argv[1]
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="bootstrap-secret")
    iam.create_user(UserName="mapu-test")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"}]}
    iam.put_user_policy(UserName="mapu-test", PolicyName="describe", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="mapu-test")["AccessKey"]
    request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        if answer.status != 200:
            print(f"reset-auth answered HTTP {answer.status}", file=sys.stderr)
            return 1
    print(json.dumps({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
