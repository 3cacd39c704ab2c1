"""The organization templates say what issue 9 asks, and agree with each
other and with template.json (the dev-platform stack they roll out)."""

import json
import re

import pytest

import policies
from org_model import REPO, ROOT_ID, TEMPLATES, Organization

ORG = Organization()
MANAGEMENT = policies.load(TEMPLATES / "management.json")
IDENTITY_CENTER = policies.load(TEMPLATES / "identity-center.json")
USERS = policies.load(TEMPLATES / "users-account.json")
DEV_PLATFORM = json.loads((REPO / "template.json").read_text())
STACKSET = next(r for r in MANAGEMENT["Resources"].values() if r["Type"] == "AWS::CloudFormation::StackSet")


def test_the_ou_tree():
    parent_name = {ou.id: ou.name for ou in ORG.ous.values()} | {ROOT_ID: "(root)"}
    tree = {ou.name: parent_name[ou.parent] for ou in ORG.ous.values()}
    assert tree == {
        "MemberAccounts": "(root)",
        "Infrastructure": "MemberAccounts",
        "Platform": "Infrastructure",
        "PlatformDev": "Infrastructure",
        "Sandboxes": "MemberAccounts",
    }


def test_the_scps_are_attached_where_the_seed_says():
    assert ORG.scp_targets == {
        "MemberAccountPolicy": [ORG.ous["MemberAccounts"].id],
        "UserManagementPolicy": [policies.EXAMPLE_PARAMETERS["UsersAccountId"]],
    }


def test_the_dev_platform_rolls_out_to_every_member_account_automatically():
    props = STACKSET["Properties"]
    assert props["PermissionModel"] == "SERVICE_MANAGED"
    assert props["AutoDeployment"]["Enabled"] is True
    assert props["TemplateURL"] == {"Ref": "DevPlatformTemplateURL"}
    (group,) = props["StackInstancesGroup"]
    assert group["DeploymentTargets"] == {"OrganizationalUnitIds": [{"Ref": "MemberAccounts"}]}


def test_the_stackset_passes_every_parameter_of_template_json_and_no_other():
    passed = {p["ParameterKey"]: p["ParameterValue"] for p in STACKSET["Properties"]["Parameters"]}
    assert set(passed) == set(DEV_PLATFORM["Parameters"])
    for key, value in passed.items():
        assert value == {"Ref": key}, f"{key} is passed from a parameter of the same name"


@pytest.mark.parametrize("key", sorted(DEV_PLATFORM["Parameters"]))
def test_a_passed_parameter_accepts_what_template_json_accepts(key):
    ours, theirs = MANAGEMENT["Parameters"][key], DEV_PLATFORM["Parameters"][key]
    assert ours.get("AllowedPattern") == theirs.get("AllowedPattern")
    assert [str(v) for v in ours.get("AllowedValues", [])] == [str(v) for v in theirs.get("AllowedValues", [])]
    if "Default" in theirs:
        assert str(ours.get("Default")) == str(theirs["Default"])


def test_the_stackset_capabilities_cover_template_json():
    resources = DEV_PLATFORM["Resources"].values()
    assert "Transform" not in DEV_PLATFORM, "a transform needs CAPABILITY_AUTO_EXPAND"
    named = [r for r in resources if r["Type"].startswith("AWS::IAM::")
             and {"RoleName", "ManagedPolicyName", "InstanceProfileName", "UserName", "GroupName"} & set(r["Properties"])]
    capabilities = STACKSET["Properties"]["Capabilities"]
    assert "CAPABILITY_IAM" in capabilities
    assert not named or "CAPABILITY_NAMED_IAM" in capabilities


def test_the_desktop_role_pattern_matches_the_stackset_stacks():
    pattern = IDENTITY_CENTER["Parameters"]["DesktopInstanceRoleNamePattern"]["Default"]
    assert pattern == f"StackSet-{STACKSET['Properties']['StackSetName']}-*"
    assert "DesktopInstanceRole" in DEV_PLATFORM["Resources"]
    assert "RoleName" not in DEV_PLATFORM["Resources"]["DesktopInstanceRole"]["Properties"]


def test_the_member_accounts_path_fits_the_users_account_stack():
    path = ORG.outputs["MemberAccountsOrgPath"]
    assert re.fullmatch(USERS["Parameters"]["MemberAccountsOrgPath"]["AllowedPattern"], path)
    assert path == f"o-a1b2c3d4e5/{ROOT_ID}/{ORG.ous['MemberAccounts'].id}/"


def test_the_user_name_travels_as_a_principal_tag():
    (config,) = [r for r in IDENTITY_CENTER["Resources"].values()
                 if r["Type"] == "AWS::SSO::InstanceAccessControlAttributeConfiguration"]
    assert config["Properties"]["AccessControlAttributes"] == [
        {"Key": "userName", "Value": {"Source": ["${path:userName}"]}}
    ]


def test_the_four_permission_sets():
    sets = {r["Properties"]["Name"]: r["Properties"] for r in IDENTITY_CENTER["Resources"].values()
            if r["Type"] == "AWS::SSO::PermissionSet"}
    assert set(sets) == {"AdministratorAccess", "PowerUserAccess", "RemoteDeveloper", "UserSecretsAccess"}
    managed = {name: [a["Fn::Sub"].rsplit("/", 1)[-1] for a in p.get("ManagedPolicies", [])] for name, p in sets.items()}
    assert managed == {"AdministratorAccess": ["AdministratorAccess"], "PowerUserAccess": ["PowerUserAccess"],
                       "RemoteDeveloper": [], "UserSecretsAccess": []}


def test_builders_and_desktop_users_share_the_same_desktop_denies():
    def denies(name):
        (resource,) = [r for r in IDENTITY_CENTER["Resources"].values() if r["Properties"].get("Name") == name]
        return [s for s in resource["Properties"]["InlinePolicy"]["Statement"] if s["Effect"] == "Deny"]

    assert denies("PowerUserAccess") == denies("RemoteDeveloper")
    assert len(denies("PowerUserAccess")) >= 5


def test_the_secrets_role_is_named_as_the_credential_helper_expects():
    (role,) = [r for r in USERS["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    assert role["Properties"]["RoleName"] == "CrossAccountSecretsAccess"


def test_every_policy_document_is_extracted():
    kinds = sorted((d.template, d.kind) for d in policies.all_documents())
    assert kinds == sorted([
        ("identity-center.json", "identity")] * 4 + [
        ("management.json", "scp")] * 2 + [
        ("management.json", "resource"),
        ("users-account.json", "trust"),
        ("users-account.json", "identity"),
    ])


@pytest.mark.parametrize("template", ["management.json", "identity-center.json", "users-account.json"])
def test_the_example_values_are_ones_the_templates_accept(template):
    parameters = policies.load(TEMPLATES / template)["Parameters"]
    for name, spec in parameters.items():
        value = policies.EXAMPLE_PARAMETERS.get(name, spec.get("Default"))
        assert value is not None, f"{template}: no example value for {name}"
        values = str(value).split(",") if spec["Type"] == "CommaDelimitedList" else [str(value)]
        for one in values:
            if "AllowedPattern" in spec:
                assert re.fullmatch(spec["AllowedPattern"], one), f"{template}: {name}={one!r}"
            if "AllowedValues" in spec:
                assert one in [str(v) for v in spec["AllowedValues"]], f"{template}: {name}={one!r}"
