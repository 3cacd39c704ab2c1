"""The organization the templates describe, as the policy tests see it.

Built from the templates themselves (the OU tree and the SCP attachments
from management.json, the permission sets from identity-center.json, the
secrets role from users-account.json, the desktop instance role from
template.json), so a change to a template changes what the tests evaluate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import iam_eval
import policies
from iam_eval import Principal, Request

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TEMPLATES = policies.ORGANIZATION_TEMPLATES
MANAGED = json.loads((HERE / "aws_managed_policies.json").read_text())

ORG_ID = policies.EXAMPLE_PARAMETERS["OrganizationId"]
ROOT_ID = policies.EXAMPLE_PARAMETERS["RootId"]
MANAGEMENT_ACCOUNT = policies.PSEUDO["AWS::AccountId"]
USERS_ACCOUNT = policies.EXAMPLE_PARAMETERS["UsersAccountId"]
REGION = "us-east-1"

# Example member accounts and where they sit. The Users account sits in
# Infrastructure/Platform; OUTSIDE_MEMBERS hangs directly off the root.
ACCOUNT_OU = {
    USERS_ACCOUNT: "Platform",
    "333333333333": "Platform",
    "444444444444": "PlatformDev",
    "555555555555": "Sandboxes",
    "666666666666": "Infrastructure",
}
PLATFORM_ACCOUNT = "333333333333"
SANDBOX_ACCOUNT = "555555555555"
OUTSIDE_MEMBERS = "777777777777"  # in the organization, not below MemberAccounts
OUTSIDE_ORG = "999999999999"


def managed_policy(arn: str) -> dict:
    name = arn.rsplit("/", 1)[-1]
    return MANAGED[name]["Document"]


@dataclass
class OU:
    logical_id: str
    name: str
    id: str
    parent: str  # the parent's id (RootId for a top OU)


class Organization:
    def __init__(self) -> None:
        management = TEMPLATES / "management.json"
        self.management = policies.resolved(management)
        self.outputs = policies.outputs(management)
        self.ous = {
            r["Properties"]["Name"]: OU(logical_id, r["Properties"]["Name"], policies.physical_id(logical_id, r["Type"]),
                                        r["Properties"]["ParentId"])
            for logical_id, r in self.management.items()
            if r["Type"] == "AWS::Organizations::OrganizationalUnit"
        }
        self.scps = [d for d in policies.documents(management) if d.kind == "scp"]
        self.scp_targets = {
            r["Properties"]["Name"]: r["Properties"]["TargetIds"]
            for r in self.management.values() if r["Type"] == "AWS::Organizations::Policy"
        }
        self.delegation_policy = next(d.policy for d in policies.documents(management) if d.kind == "resource")
        self.users_parameters = {"MemberAccountsOrgPath": self.outputs["MemberAccountsOrgPath"],
                                 "AWS::AccountId": USERS_ACCOUNT}
        users = list(policies.documents(TEMPLATES / "users-account.json", self.users_parameters))
        self.secrets_trust = next(d.policy for d in users if d.kind == "trust")
        self.secrets_role_policies = [d.policy for d in users if d.kind == "identity"]
        self.secrets_role_arn = f"arn:aws:iam::{USERS_ACCOUNT}:role/CrossAccountSecretsAccess"
        identity_center = policies.resolved(TEMPLATES / "identity-center.json")
        self.permission_sets = {
            r["Properties"]["Name"]: [managed_policy(a) for a in r["Properties"].get("ManagedPolicies", [])]
            + ([r["Properties"]["InlinePolicy"]] if "InlinePolicy" in r["Properties"] else [])
            for r in identity_center.values() if r["Type"] == "AWS::SSO::PermissionSet"
        }
        dev_platform = json.loads((REPO / "template.json").read_text())
        role = dev_platform["Resources"]["DesktopInstanceRole"]["Properties"]
        self.desktop_role_policies = [
            managed_policy(a["Fn::Sub"] if isinstance(a, dict) else a) for a in role.get("ManagedPolicyArns", [])
            if "AmazonSSMManagedInstanceCore" not in str(a)
        ]

    # -- where an account sits -------------------------------------------------

    def ou_chain(self, account: str) -> list[OU]:
        """The OUs from the top down to the account's OU ([] for the root)."""
        name = ACCOUNT_OU.get(account)
        if name is None:
            return []
        by_id = {ou.id: ou for ou in self.ous.values()}
        chain, ou = [], self.ous[name]
        while True:
            chain.insert(0, ou)
            if ou.parent == ROOT_ID:
                return chain
            ou = by_id[ou.parent]

    def org_path(self, account: str) -> str:
        return "/".join([ORG_ID, ROOT_ID] + [ou.id for ou in self.ou_chain(account)]) + "/"

    def scp_levels(self, account: str) -> list[list[dict]] | None:
        """SCPs at each level root → OUs → account; None for the management account."""
        if account == MANAGEMENT_ACCOUNT:
            return None
        targets = [ROOT_ID] + [ou.id for ou in self.ou_chain(account)] + [account]
        return [
            [iam_eval.FULL_AWS_ACCESS] + [d.policy for d in self.scps if target in self.scp_targets[d.name]]
            for target in targets
        ]

    # -- principals ------------------------------------------------------------

    def sso_context(self, user: str | None, account: str, permission_set: str) -> dict:
        role = f"AWSReservedSSO_{permission_set}_0123456789abcdef"
        context = {
            "aws:PrincipalAccount": account,
            "aws:PrincipalArn": f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{role}",
            "aws:userid": f"AROAEXAMPLE{permission_set.upper()[:8]}:{user or 'someone'}",
        }
        if account != OUTSIDE_ORG:
            context["aws:PrincipalOrgID"] = ORG_ID
            context["aws:PrincipalOrgPaths"] = [self.org_path(account)]
        if user is not None:
            context["aws:PrincipalTag/userName"] = user
        return context

    def as_user(self, user: str | None, permission_set: str, account: str = PLATFORM_ACCOUNT):
        """A function deciding requests of an Identity Center session."""
        context = self.sso_context(user, account, permission_set)
        identity = self.permission_sets[permission_set]

        def decide(action: str, resource: str, **extra) -> iam_eval.Result:
            return iam_eval.evaluate(
                Request(action, resource, {**context, **extra}),
                identity=identity, scp_levels=self.scp_levels(account))

        return decide

    def desktop_session_context(self, account: str, role_user_tag: str | None = None) -> dict:
        """A desktop's instance-role credentials (template.json's DesktopInstanceRole)."""
        context = {
            "aws:PrincipalAccount": account,
            "aws:PrincipalArn": f"arn:aws:iam::{account}:role/StackSet-mapu-dev-platform-0a1b2c3d-DesktopInstanceRole-ABC",
            "aws:userid": "AROAEXAMPLEDESKTOP:i-0123456789abcdef0",
            "aws:Ec2InstanceSourceVpc": "vpc-0123456789abcdef0",
            "aws:Ec2InstanceSourcePrivateIPv4": "172.31.1.10",
            "ec2:SourceInstanceARN": f"arn:aws:ec2:{REGION}:{account}:instance/i-0123456789abcdef0",
        }
        if account != OUTSIDE_ORG:
            context["aws:PrincipalOrgID"] = ORG_ID
            context["aws:PrincipalOrgPaths"] = [self.org_path(account)]
        if role_user_tag is not None:
            context["aws:PrincipalTag/User"] = role_user_tag
        return context

    def assume_secrets_role(self, caller_context: dict, caller_policies: list[dict], tags: dict[str, str]) -> iam_eval.Result:
        """AssumeRole (and TagSession when tags are given) into CrossAccountSecretsAccess."""
        account = caller_context["aws:PrincipalAccount"]
        context = dict(caller_context)
        if tags:
            context["aws:TagKeys"] = list(tags)
            for key, value in tags.items():
                context[f"aws:RequestTag/{key}"] = value
        principal = Principal(caller_context["aws:PrincipalArn"], account)
        actions = ["sts:AssumeRole"] + (["sts:TagSession"] if tags else [])
        for action in actions:
            result = iam_eval.evaluate(
                Request(action, self.secrets_role_arn, context, principal),
                identity=caller_policies,
                scp_levels=self.scp_levels(account) if account != OUTSIDE_ORG else None,
                resource_policy=self.secrets_trust, cross_account=account != USERS_ACCOUNT, trust_policy=True)
            if not result.allowed:
                return result
        return result

    def secrets_session(self, user_tag: str):
        """A function deciding requests of a CrossAccountSecretsAccess session tagged User=user_tag."""
        context = {
            "aws:PrincipalAccount": USERS_ACCOUNT,
            "aws:PrincipalArn": self.secrets_role_arn,
            "aws:PrincipalTag/User": user_tag,
            "aws:PrincipalOrgID": ORG_ID,
            "aws:PrincipalOrgPaths": [self.org_path(USERS_ACCOUNT)],
        }

        def decide(action: str, resource: str) -> iam_eval.Result:
            return iam_eval.evaluate(Request(action, resource, context),
                                     identity=self.secrets_role_policies, scp_levels=self.scp_levels(USERS_ACCOUNT))

        return decide


# -- resources -------------------------------------------------------------------


def instance(owner: str | None, account: str = PLATFORM_ACCOUNT, instance_id: str = "i-0a1b2c3d4e5f60718") -> tuple[str, dict]:
    """An instance ARN and the request context its tags put there (EC2's and SSM's keys)."""
    arn = f"arn:aws:ec2:{REGION}:{account}:instance/{instance_id}"
    tags = {"Name": f"{owner or 'nobody'}-t4g-large-desktop"}
    if owner is not None:
        tags["User"] = owner
    context = {}
    for key, value in tags.items():
        context[f"aws:ResourceTag/{key}"] = value
        context[f"ec2:ResourceTag/{key}"] = value
        context[f"ssm:resourceTag/{key}"] = value
    return arn, context


def volume(owner: str | None, account: str = PLATFORM_ACCOUNT) -> tuple[str, dict]:
    arn = f"arn:aws:ec2:{REGION}:{account}:volume/vol-0a1b2c3d4e5f60718"
    context = {}
    if owner is not None:
        context = {"aws:ResourceTag/User": owner, "ec2:ResourceTag/User": owner}
    return arn, context


def secret(name: str, account: str = USERS_ACCOUNT) -> str:
    return f"arn:aws:secretsmanager:{REGION}:{account}:secret:{name}-AbCdEf"
