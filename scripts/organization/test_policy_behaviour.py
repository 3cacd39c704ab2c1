"""What the organization's policies let people and desktops do, and what not.

Each test evaluates the policy documents of templates/organization (and the
desktop role of template.json) with iam_eval, in the organization that
management.json describes: SCPs by OU, permission sets, the Users account.
"""

import pytest

import iam_eval
from iam_eval import Decision
from org_model import (
    MANAGEMENT_ACCOUNT,
    OUTSIDE_MEMBERS,
    OUTSIDE_ORG,
    PLATFORM_ACCOUNT,
    SANDBOX_ACCOUNT,
    USERS_ACCOUNT,
    Organization,
    instance,
    secret,
    volume,
)

ORG = Organization()
ALICE, BOB = "alice", "bob"
CONNECT = ["ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey", "ec2:StartInstances"]
BUILDERS_AND_USERS = ["RemoteDeveloper", "PowerUserAccess"]


def denied(result: iam_eval.Result) -> bool:
    return result.decision is not Decision.ALLOWED


# -- connecting to desktops --------------------------------------------------------


@pytest.mark.parametrize("permission_set", BUILDERS_AND_USERS + ["AdministratorAccess"])
@pytest.mark.parametrize("action", CONNECT)
def test_a_user_connects_to_their_own_desktop(permission_set, action):
    arn, tags = instance(ALICE)
    result = ORG.as_user(ALICE, permission_set)(action, arn, **tags)
    assert result.allowed, result.reason


@pytest.mark.parametrize("permission_set", BUILDERS_AND_USERS)
@pytest.mark.parametrize("action", CONNECT + ["ec2:StopInstances", "ec2:RebootInstances", "ec2:TerminateInstances",
                                              "ssm:SendCommand", "ec2:ModifyInstanceAttribute", "ec2:CreateImage",
                                              "ec2-instance-connect:SendSerialConsoleSSHPublicKey"])
def test_a_user_cannot_touch_another_users_desktop(permission_set, action):
    arn, tags = instance(BOB)
    result = ORG.as_user(ALICE, permission_set)(action, arn, **tags)
    assert denied(result), f"{permission_set} lets alice {action} bob's desktop: {result.reason}"


def test_the_denial_is_explicit_even_where_poweruser_allows_everything_else():
    arn, tags = instance(BOB)
    result = ORG.as_user(ALICE, "PowerUserAccess")("ec2:StartInstances", arn, **tags)
    assert result.decision is Decision.EXPLICIT_DENY
    assert "NothingOnOtherUsersDesktops" in result.reason


def test_the_ssm_session_deny_holds_with_ssms_own_tag_key_alone():
    # Session Manager documents ssm:resourceTag/<key> for StartSession; the
    # deny must hold if aws:ResourceTag/<key> were absent from the context.
    arn, _ = instance(BOB)
    result = ORG.as_user(ALICE, "PowerUserAccess")("ssm:StartSession", arn, **{"ssm:resourceTag/User": BOB})
    assert result.decision is Decision.EXPLICIT_DENY


@pytest.mark.parametrize("action", ["ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey", "ssm:SendCommand"])
def test_an_administrator_does_not_enter_another_users_desktop(action):
    arn, tags = instance(BOB)
    assert ORG.as_user(ALICE, "AdministratorAccess")(action, arn, **tags).decision is Decision.EXPLICIT_DENY


@pytest.mark.parametrize("action", ["ec2:StopInstances", "ec2:TerminateInstances"])
def test_an_administrator_may_stop_and_remove_any_desktop(action):
    # cost control and off-boarding: only entering is denied
    arn, tags = instance(BOB)
    assert ORG.as_user(ALICE, "AdministratorAccess")(action, arn, **tags).allowed


@pytest.mark.parametrize("permission_set", BUILDERS_AND_USERS + ["AdministratorAccess"])
def test_a_session_without_a_user_name_enters_no_desktop(permission_set):
    arn, tags = instance(BOB)
    result = ORG.as_user(None, permission_set)("ssm:StartSession", arn, **tags)
    assert result.decision is not Decision.ALLOWED, result.reason


def test_remote_developer_gets_the_ssh_session_document_and_no_shell():
    decide = ORG.as_user(ALICE, "RemoteDeveloper")
    assert decide("ssm:StartSession", "arn:aws:ssm:us-east-1::document/AWS-StartSSHSession").allowed
    assert decide("ssm:StartSession", f"arn:aws:ssm:us-east-1:{PLATFORM_ACCOUNT}:document/AWS-StartSSHSession").allowed
    assert denied(decide("ssm:StartSession", f"arn:aws:ssm:us-east-1:{PLATFORM_ACCOUNT}:document/SSM-SessionManagerRunShell"))
    assert denied(decide("ssm:StartSession", "arn:aws:ssm:us-east-1::document/AWS-StartPortForwardingSessionToRemoteHost"))


@pytest.mark.parametrize("action", CONNECT)
def test_remote_developers_grants_alone_reach_only_their_own_desktop(action):
    # The Deny statements are a second line: the Allow statements by
    # themselves must already stop at the User tag.
    (inline,) = ORG.permission_sets["RemoteDeveloper"]
    grants = {**inline, "Statement": [s for s in inline["Statement"] if s["Effect"] == "Allow"]}
    context = ORG.sso_context(ALICE, PLATFORM_ACCOUNT, "RemoteDeveloper")
    for owner, expected in ((ALICE, True), (BOB, False), (None, False)):
        arn, tags = instance(owner)
        result = iam_eval.evaluate(iam_eval.Request(action, arn, {**context, **tags}), identity=[grants])
        assert result.allowed is expected, (owner, result.reason)


def test_remote_developer_finds_desktops_and_stops_only_their_own():
    decide = ORG.as_user(ALICE, "RemoteDeveloper")
    assert decide("ec2:DescribeInstances", "*").allowed
    assert decide("ssm:DescribeInstanceInformation", "*").allowed
    own, own_tags = instance(ALICE)
    assert decide("ec2:StopInstances", own, **own_tags).allowed
    assert denied(decide("ec2:TerminateInstances", own, **own_tags))
    untagged, untagged_tags = instance(None)
    assert denied(decide("ec2:StartInstances", untagged, **untagged_tags))


def test_remote_developer_ends_only_their_own_sessions():
    decide = ORG.as_user(ALICE, "RemoteDeveloper")
    session = f"arn:aws:ssm:us-east-1:{PLATFORM_ACCOUNT}:session/alice-0123456789abcdef0"
    userid = ORG.sso_context(ALICE, PLATFORM_ACCOUNT, "RemoteDeveloper")["aws:userid"]
    assert decide("ssm:TerminateSession", session, **{"ssm:resourceTag/aws:ssmmessages:session-id": userid}).allowed
    assert denied(decide("ssm:TerminateSession", session,
                         **{"ssm:resourceTag/aws:ssmmessages:session-id": "AROAEXAMPLEREMOTEDE:bob"}))


# -- the User tag cannot be forged or moved (beyond the seed) ----------------------


@pytest.mark.parametrize("permission_set", BUILDERS_AND_USERS)
@pytest.mark.parametrize("action", ["ec2:DeleteVolume", "ec2:DetachVolume", "ec2:CreateSnapshot", "ec2:AttachVolume"])
def test_another_users_volume_is_off_limits(permission_set, action):
    arn, tags = volume(BOB)
    assert denied(ORG.as_user(ALICE, permission_set)(action, arn, **tags))


def test_a_builder_manages_their_own_volume():
    arn, tags = volume(ALICE)
    assert ORG.as_user(ALICE, "PowerUserAccess")("ec2:CreateSnapshot", arn, **tags).allowed


def launch(decide, user_tag: str, action="ec2:RunInstances", **extra):
    arn, _ = instance(None)
    return decide(action, arn, **{"aws:RequestTag/User": user_tag, "aws:TagKeys": ["Name", "User"], **extra})


def test_a_builder_launches_a_desktop_for_themselves_only():
    decide = ORG.as_user(ALICE, "PowerUserAccess")
    assert launch(decide, ALICE).allowed
    assert launch(decide, ALICE, "ec2:CreateTags", **{"ec2:CreateAction": "RunInstances"}).allowed
    assert launch(decide, BOB).decision is Decision.EXPLICIT_DENY
    assert launch(decide, BOB, "ec2:CreateTags", **{"ec2:CreateAction": "RunInstances"}).decision is Decision.EXPLICIT_DENY


def test_a_session_without_a_user_name_launches_no_desktop():
    assert launch(ORG.as_user(None, "PowerUserAccess"), BOB).decision is Decision.EXPLICIT_DENY


@pytest.mark.parametrize("key", ["User", "user", "USER"])
def test_the_user_tag_is_not_changed_after_launch(key):
    decide = ORG.as_user(ALICE, "PowerUserAccess")
    arn, tags = instance(BOB)
    retag = {f"aws:RequestTag/{key}": ALICE, "aws:TagKeys": [key]}
    assert decide("ec2:CreateTags", arn, **tags, **retag).decision is Decision.EXPLICIT_DENY
    own, own_tags = instance(ALICE)
    assert decide("ec2:CreateTags", own, **own_tags, **retag).decision is Decision.EXPLICIT_DENY
    assert decide("ec2:DeleteTags", own, **own_tags, **{"aws:TagKeys": [key]}).decision is Decision.EXPLICIT_DENY


def test_other_tags_stay_editable():
    own, own_tags = instance(ALICE)
    result = ORG.as_user(ALICE, "PowerUserAccess")("ec2:CreateTags", own, **own_tags,
                                                    **{"aws:RequestTag/Purpose": "ml", "aws:TagKeys": ["Purpose"]})
    assert result.allowed, result.reason


def test_a_builder_passes_only_the_desktop_role_and_only_to_ec2():
    decide = ORG.as_user(ALICE, "PowerUserAccess")
    desktop_role = f"arn:aws:iam::{PLATFORM_ACCOUNT}:role/StackSet-mapu-dev-platform-0a1b2c3d-DesktopInstanceRole-ABC"
    assert decide("iam:PassRole", desktop_role, **{"iam:PassedToService": "ec2.amazonaws.com"}).allowed
    assert denied(decide("iam:PassRole", desktop_role, **{"iam:PassedToService": "lambda.amazonaws.com"}))
    assert denied(decide("iam:PassRole", f"arn:aws:iam::{PLATFORM_ACCOUNT}:role/OrganizationAccountAccessRole",
                         **{"iam:PassedToService": "ec2.amazonaws.com"}))


# -- secrets ----------------------------------------------------------------------


def test_a_user_reads_their_own_github_secret_and_not_anothers():
    decide = ORG.as_user(ALICE, "UserSecretsAccess", account=USERS_ACCOUNT)
    assert decide("secretsmanager:GetSecretValue", secret("alice/github.com")).allowed
    assert denied(decide("secretsmanager:GetSecretValue", secret("bob/github.com")))


@pytest.mark.parametrize("action", ["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue",
                                    "secretsmanager:UpdateSecret", "secretsmanager:DeleteSecret"])
def test_a_user_manages_only_secrets_under_their_name(action):
    decide = ORG.as_user(ALICE, "UserSecretsAccess", account=USERS_ACCOUNT)
    assert decide(action, secret("alice/gitlab.com")).allowed
    assert denied(decide(action, secret("bob/gitlab.com")))
    assert denied(decide(action, secret("alice2/gitlab.com")))  # a name prefix is not the user
    assert denied(decide(action, secret("alice")))


def test_a_user_cannot_share_a_secret_through_its_resource_policy():
    decide = ORG.as_user(ALICE, "UserSecretsAccess", account=USERS_ACCOUNT)
    assert denied(decide("secretsmanager:PutResourcePolicy", secret("alice/github.com")))


def test_a_session_without_a_user_name_reads_no_secret():
    decide = ORG.as_user(None, "UserSecretsAccess", account=USERS_ACCOUNT)
    assert denied(decide("secretsmanager:GetSecretValue", secret("alice/github.com")))


def test_a_desktop_reads_its_users_github_secret_and_not_anothers():
    desktop = ORG.desktop_session_context(PLATFORM_ACCOUNT)
    result = ORG.assume_secrets_role(desktop, ORG.desktop_role_policies, {"User": ALICE})
    assert result.allowed, result.reason
    session = ORG.secrets_session(ALICE)
    assert session("secretsmanager:GetSecretValue", secret("alice/github.com")).allowed
    assert denied(session("secretsmanager:GetSecretValue", secret("bob/github.com")))
    assert denied(session("secretsmanager:PutSecretValue", secret("alice/github.com")))


def test_a_sandbox_desktop_reads_secrets_too():
    desktop = ORG.desktop_session_context(SANDBOX_ACCOUNT)
    assert ORG.assume_secrets_role(desktop, ORG.desktop_role_policies, {"User": ALICE}).allowed


@pytest.mark.parametrize("tags", [{}, {"User": ALICE, "Team": "x"}, {"user_name": ALICE}])
def test_the_secrets_role_needs_exactly_the_user_session_tag(tags):
    desktop = ORG.desktop_session_context(PLATFORM_ACCOUNT)
    assert denied(ORG.assume_secrets_role(desktop, ORG.desktop_role_policies, tags))


def test_a_person_cannot_assume_the_secrets_role_only_an_instance_can():
    person = ORG.sso_context(ALICE, PLATFORM_ACCOUNT, "PowerUserAccess")
    assert denied(ORG.assume_secrets_role(person, ORG.permission_sets["PowerUserAccess"], {"User": ALICE}))


@pytest.mark.parametrize("account", [OUTSIDE_ORG, OUTSIDE_MEMBERS])
def test_instances_outside_the_member_accounts_cannot_assume_the_secrets_role(account):
    desktop = ORG.desktop_session_context(account)
    assert denied(ORG.assume_secrets_role(desktop, ORG.desktop_role_policies, {"User": ALICE}))


def test_a_per_user_desktop_role_binds_the_session_to_its_user():
    desktop = ORG.desktop_session_context(PLATFORM_ACCOUNT, role_user_tag=ALICE)
    assert ORG.assume_secrets_role(desktop, ORG.desktop_role_policies, {"User": ALICE}).allowed
    result = ORG.assume_secrets_role(desktop, ORG.desktop_role_policies, {"User": BOB})
    assert result.decision is Decision.EXPLICIT_DENY, result.reason


# -- Identity Center and the organization ------------------------------------------


@pytest.mark.parametrize("account", [PLATFORM_ACCOUNT, "444444444444", SANDBOX_ACCOUNT, "666666666666", USERS_ACCOUNT])
def test_a_member_account_cannot_create_an_identity_center_instance(account):
    result = ORG.as_user(ALICE, "AdministratorAccess", account=account)("sso:CreateInstance", "*")
    assert result.decision is Decision.EXPLICIT_DENY, result.reason
    assert "NoIdentityCenterInstanceOfTheirOwn" in result.reason


def test_the_management_account_is_not_bound_by_the_scps():
    assert ORG.as_user(ALICE, "AdministratorAccess", account=MANAGEMENT_ACCOUNT)("sso:CreateInstance", "*").allowed


def test_a_member_account_stays_in_the_organization():
    decide = ORG.as_user(ALICE, "AdministratorAccess", account=SANDBOX_ACCOUNT)
    assert decide("organizations:LeaveOrganization", "*").decision is Decision.EXPLICIT_DENY


def test_the_scps_leave_ordinary_work_alone():
    decide = ORG.as_user(ALICE, "AdministratorAccess", account=SANDBOX_ACCOUNT)
    assert decide("ec2:RunInstances", f"arn:aws:ec2:us-east-1:{SANDBOX_ACCOUNT}:instance/*").allowed
    assert decide("sso:ListInstances", "*").allowed


def _sso_actions():
    """Every IAM Identity Center action, from parliament's table of AWS's actions."""
    import parliament

    service = next(s for s in parliament.iam_definition if s["prefix"] == "sso")
    return {p["privilege"]: p["access_level"] for p in service["privileges"]}


SSO_ACTIONS = _sso_actions()
SSO_CHANGES = sorted(a for a, level in SSO_ACTIONS.items() if level not in ("Read", "List"))
SSO_READS = sorted(a for a, level in SSO_ACTIONS.items() if level in ("Read", "List"))


@pytest.mark.parametrize("action", ["identitystore:CreateUser", "identitystore:UpdateUser", "identitystore:DeleteUser",
                                    "identitystore:CreateGroup", "identitystore:CreateGroupMembership",
                                    "sso-directory:CreateUser"])
def test_the_users_account_manages_users_and_groups(action):
    assert ORG.as_user(ALICE, "AdministratorAccess", account=USERS_ACCOUNT)(action, "*").allowed


def test_the_users_account_changes_nothing_else_in_identity_center():
    decide = ORG.as_user(ALICE, "AdministratorAccess", account=USERS_ACCOUNT)
    allowed = [a for a in SSO_CHANGES if decide(f"sso:{a}", "*").allowed]
    assert SSO_CHANGES and not allowed, f"the Users account may still {allowed}"


def test_the_users_account_reads_identity_center():
    decide = ORG.as_user(ALICE, "AdministratorAccess", account=USERS_ACCOUNT)
    blocked = [a for a in SSO_READS if not decide(f"sso:{a}", "*").allowed]
    assert SSO_READS and not blocked, f"the Users account cannot {blocked}"


def test_user_management_policy_binds_only_the_users_account():
    decide = ORG.as_user(ALICE, "AdministratorAccess", account=PLATFORM_ACCOUNT)
    assert decide("sso:CreatePermissionSet", "*").allowed


def organizations_call(account: str, action: str, resource: str = "*") -> iam_eval.Result:
    context = ORG.sso_context(ALICE, account, "AdministratorAccess")
    request = iam_eval.Request(action, resource, context, iam_eval.Principal(context["aws:PrincipalArn"], account))
    return iam_eval.evaluate(request, identity=ORG.permission_sets["AdministratorAccess"],
                             scp_levels=ORG.scp_levels(account), resource_policy=ORG.delegation_policy,
                             cross_account=True)


def test_delegated_members_list_accounts_and_read_their_names():
    account_arn = f"arn:aws:organizations::{MANAGEMENT_ACCOUNT}:account/o-a1b2c3d4e5/{PLATFORM_ACCOUNT}"
    assert organizations_call(USERS_ACCOUNT, "organizations:ListAccounts").allowed
    assert organizations_call(USERS_ACCOUNT, "organizations:DescribeAccount", account_arn).allowed
    assert organizations_call(USERS_ACCOUNT, "organizations:DescribeOrganization").allowed


@pytest.mark.parametrize("action", ["organizations:CreateAccount", "organizations:ListPolicies",
                                    "organizations:AttachPolicy", "organizations:MoveAccount"])
def test_delegated_members_change_and_see_nothing_else(action):
    assert denied(organizations_call(USERS_ACCOUNT, action))


def test_other_members_are_not_delegated():
    assert denied(organizations_call(SANDBOX_ACCOUNT, "organizations:ListAccounts"))
