"""The IAM policy documents of the organization templates, as AWS would get them.

`documents(path, parameters)` resolves a CloudFormation template's intrinsic
functions (the subset these templates use: Ref, Fn::Sub, Fn::GetAtt, Fn::Join,
Fn::If with Fn::Equals/Fn::Not/Fn::And/Fn::Or) with the given parameter
values and example pseudo parameters, and yields every policy document in it
with its kind:

    identity  IAM role policies, managed policies, permission-set inline policies
    trust     role trust policies (resource-based: they have a Principal)
    resource  other resource-based policies (the Organizations resource policy)
    scp       service control policies

An intrinsic or resource type this module does not know raises, so a new
template construct cannot slip past parliament or the tests unseen.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

ORGANIZATION_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "organization"

PSEUDO = {
    "AWS::AccountId": "111111111111",
    "AWS::Partition": "aws",
    "AWS::Region": "us-east-1",
    "AWS::StackName": "mapu-organization",
    "AWS::URLSuffix": "amazonaws.com",
}

# Example values that satisfy every parameter's AllowedPattern: what the
# tests and parliament see. Parameters with a Default use it unless named here.
EXAMPLE_PARAMETERS = {
    "InstanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef",
    "OrganizationId": "o-a1b2c3d4e5",
    "RootId": "r-ab12",
    "MemberAccountsOrgPath": "o-a1b2c3d4e5/r-ab12/ou-ab12-members1/",
    "UsersAccountId": "222222222222",
    "OrganizationReaderAccountIds": "222222222222",
    "DevPlatformTemplateURL": "https://o-a1b2c3d4e5-platform.s3.us-east-1.amazonaws.com/mapu/template-0123abcd.json",
    "ArtifactBucket": "o-a1b2c3d4e5-platform",
    "LayerZipKey": "mapu/mapu-layer-0123abcd.zip",
    "FunctionZipKey": "mapu/mapu-function-0123abcd.zip",
    "GenericDesktopVmTemplateKey": "mapu/generic-desktop-vm-0123abcd.json",
    "IdentityStoreId": "d-1234567890",
}

NO_VALUE = object()


def physical_id(logical_id: str, resource_type: str) -> str:
    """A stand-in for what Ref returns once deployed, shaped like the real one."""
    digest = hashlib.sha256(logical_id.encode()).hexdigest()
    if resource_type == "AWS::Organizations::OrganizationalUnit":
        return f"ou-ab12-{digest[:8]}"
    return f"{logical_id}-{digest[:12]}"


@dataclass(frozen=True)
class Document:
    template: str  # file name, e.g. identity-center.json
    resource: str  # logical id
    resource_type: str
    where: str  # e.g. Properties.Policies[0].PolicyDocument
    kind: str  # identity | trust | resource | scp
    name: str  # a readable name: the permission set, policy or role name
    policy: dict
    metadata: dict  # the resource's Metadata (parliament skips live there)

    @property
    def label(self) -> str:
        return f"{self.template}:{self.resource}:{self.where}"


class Resolver:
    def __init__(self, template: dict, parameters: dict[str, str]):
        self.template = template
        # A pseudo parameter may be overridden too, e.g. AWS::AccountId for the
        # account a template is deployed in.
        self.values: dict[str, Any] = {**PSEUDO, **{k: v for k, v in parameters.items() if k.startswith("AWS::")}}
        for name, spec in template.get("Parameters", {}).items():
            if name in parameters:
                value = parameters[name]
            elif "Default" in spec:
                value = spec["Default"]
            else:
                raise KeyError(f"no value for parameter {name}")
            value = str(value)
            if spec.get("Type") == "CommaDelimitedList":
                value = [item for item in value.split(",") if item] if value else []
            self.values[name] = value
        for name, resource in template.get("Resources", {}).items():
            self.values.setdefault(name, physical_id(name, resource["Type"]))
        self.conditions = {
            name: self.condition(spec) for name, spec in template.get("Conditions", {}).items()
        }

    def condition(self, spec: Any) -> bool:
        if isinstance(spec, dict) and len(spec) == 1:
            (fn, args), = spec.items()
            if fn == "Fn::Equals":
                return self.resolve(args[0]) == self.resolve(args[1])
            if fn == "Fn::Not":
                return not self.condition(args[0])
            if fn == "Fn::And":
                return all(self.condition(a) for a in args)
            if fn == "Fn::Or":
                return any(self.condition(a) for a in args)
            if fn == "Condition":
                return self.conditions[args]
        raise ValueError(f"unknown condition {spec!r}")

    def sub(self, text: str, extra: dict[str, Any]) -> str:
        def one(match: re.Match) -> str:
            inner = match.group(1)
            if inner.startswith("!"):
                return "${" + inner[1:] + "}"  # ${!x} is the literal ${x}
            if inner in extra:
                return str(self.resolve(extra[inner]))
            if "." in inner:
                resource, attribute = inner.split(".", 1)
                return self.get_att(resource, attribute)
            value = self.values[inner]
            if isinstance(value, list):
                raise ValueError(f"Fn::Sub of the list parameter {inner}")
            return str(value)

        return re.sub(r"\$\{([^}]+)\}", one, text)

    def get_att(self, resource: str, attribute: str) -> str:
        resource_type = self.template["Resources"][resource]["Type"]
        if resource_type == "AWS::IAM::Role" and attribute == "Arn":
            name = self.template["Resources"][resource]["Properties"].get("RoleName", resource)
            return f"arn:aws:iam::{self.values['AWS::AccountId']}:role/{name}"
        return f"{resource}.{attribute}"

    def resolve(self, node: Any) -> Any:
        if isinstance(node, list):
            items = [self.resolve(item) for item in node]
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, args), = node.items()
            if key == "Ref":
                return NO_VALUE if args == "AWS::NoValue" else self.values[args]
            if key == "Fn::Sub":
                if isinstance(args, str):
                    return self.sub(args, {})
                return self.sub(args[0], args[1])
            if key == "Fn::GetAtt":
                resource, attribute = args if isinstance(args, list) else args.split(".", 1)
                return self.get_att(resource, attribute)
            if key == "Fn::Join":
                return args[0].join(str(v) for v in self.resolve(args[1]))
            if key == "Fn::If":
                name, then, otherwise = args
                return self.resolve(then if self.conditions[name] else otherwise)
            if key.startswith("Fn::") or key == "Condition":
                raise ValueError(f"intrinsic {key} is not supported by policies.py")
        out = {}
        for key, value in node.items():
            value = self.resolve(value)
            if value is not NO_VALUE:
                out[key] = value
        return out


def load(path: Path | str) -> dict:
    return json.loads(Path(path).read_text())


def _as_policy(value: Any) -> dict:
    return json.loads(value) if isinstance(value, str) else value


def documents(path: Path | str, parameters: dict[str, str] | None = None) -> Iterator[Document]:
    path = Path(path)
    template = load(path)
    resolver = Resolver(template, {**EXAMPLE_PARAMETERS, **(parameters or {})})
    for logical_id, resource in template.get("Resources", {}).items():
        resource_type = resource["Type"]
        metadata = resource.get("Metadata", {})
        props = resolver.resolve(resource.get("Properties", {}))

        def doc(where: str, kind: str, name: str, policy: Any) -> Document:
            return Document(path.name, logical_id, resource_type, where, kind, name, _as_policy(policy), metadata)

        if resource_type == "AWS::IAM::Role":
            role = props.get("RoleName", logical_id)
            yield doc("Properties.AssumeRolePolicyDocument", "trust", role, props["AssumeRolePolicyDocument"])
            for i, policy in enumerate(props.get("Policies", [])):
                yield doc(f"Properties.Policies[{i}].PolicyDocument", "identity",
                          f"{role}/{policy['PolicyName']}", policy["PolicyDocument"])
        elif resource_type in ("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"):
            yield doc("Properties.PolicyDocument", "identity",
                      props.get("ManagedPolicyName", props.get("PolicyName", logical_id)), props["PolicyDocument"])
        elif resource_type == "AWS::SSO::PermissionSet":
            if "InlinePolicy" in props:
                yield doc("Properties.InlinePolicy", "identity", props["Name"], props["InlinePolicy"])
        elif resource_type == "AWS::Organizations::Policy":
            if props["Type"] != "SERVICE_CONTROL_POLICY":
                raise ValueError(f"{logical_id}: policy type {props['Type']} is not handled")
            yield doc("Properties.Content", "scp", props["Name"], props["Content"])
        elif resource_type == "AWS::Organizations::ResourcePolicy":
            yield doc("Properties.Content", "resource", logical_id, props["Content"])
        elif resource_type.startswith(("AWS::IAM::", "AWS::SecretsManager::ResourcePolicy", "AWS::KMS::")):
            raise ValueError(f"{logical_id}: {resource_type} may hold a policy that policies.py does not extract")


def resolved(path: Path | str, parameters: dict[str, str] | None = None) -> dict:
    """The whole template with intrinsics resolved (resources' Properties only)."""
    template = load(path)
    resolver = Resolver(template, {**EXAMPLE_PARAMETERS, **(parameters or {})})
    return {
        name: {**resource, "Properties": resolver.resolve(resource.get("Properties", {}))}
        for name, resource in template.get("Resources", {}).items()
    }


def outputs(path: Path | str, parameters: dict[str, str] | None = None) -> dict[str, Any]:
    template = load(path)
    resolver = Resolver(template, {**EXAMPLE_PARAMETERS, **(parameters or {})})
    return {name: resolver.resolve(spec["Value"]) for name, spec in template.get("Outputs", {}).items()}


def all_documents(directory: Path = ORGANIZATION_TEMPLATES) -> list[Document]:
    return [d for path in sorted(directory.glob("*.json")) for d in documents(path)]


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ORGANIZATION_TEMPLATES
    paths = [target] if target.is_file() else sorted(target.glob("*.json"))
    for path in paths:
        for d in documents(path):
            print(f"== {d.label} ({d.kind}: {d.name})")
            print(json.dumps(d.policy, indent=2))
