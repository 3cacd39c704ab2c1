"""A small evaluator of IAM policy documents: enough of AWS's policy
evaluation logic to test what the organization templates allow and deny.

moto 5.2.1 has no IAM policy simulation (no SimulateCustomPolicy or
SimulatePrincipalPolicy) and ignores Condition blocks outside trust
policies, so the behaviour tests use this instead. It follows AWS's
documented rules:

* an explicit Deny in any applicable policy wins;
* service control policies: every level from the root to the account
  needs an Allow (FullAWSAccess is attached to every level by default);
  they do not apply to the management account;
* an identity policy or, in the same account, a resource-based policy
  must Allow; across accounts both must; a role's trust policy must always
  Allow AssumeRole/TagSession;
* Action and NotAction match case-insensitively with `*` and `?`; Resource,
  NotResource and ARN conditions case-sensitively;
* condition keys are case-insensitive; several keys or operators in one
  Condition all must hold, several values of one key are alternatives; a
  negated operator (StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike)
  holds when its key is absent, other operators fail; `…IfExists` holds when
  the key is absent; `ForAllValues:` holds for an absent or empty key,
  `ForAnyValue:` fails; a multivalued key with a plain operator is a policy
  bug and raises;
* policy variables `${key}` in Resource and Condition values, with `${*}`,
  `${?}`, `${$}` and `${key, 'default'}`. A variable whose key is absent (a
  session without the userName principal tag) makes its Resource entry or its
  Condition fail to match; that is the cautious reading for the tests, since
  it lets no Deny rely on it: the templates deny that case with explicit
  `Null` conditions, and the tests check those.

Operators the templates do not use (Numeric*, Date*, IpAddress, Binary)
raise, so a new one cannot be evaluated wrongly in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Mapping

ContextValue = str | list[str]


class Decision(Enum):
    ALLOWED = "allowed"
    EXPLICIT_DENY = "explicitly denied"
    IMPLICIT_DENY = "implicitly denied"


@dataclass(frozen=True)
class Principal:
    """Who calls: an ARN (role session, role, or service) and its account."""

    arn: str
    account: str = ""
    service: str = ""  # for service principals, e.g. ec2.amazonaws.com


@dataclass
class Request:
    action: str
    resource: str
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    principal: Principal | None = None


@dataclass
class Result:
    decision: Decision
    reason: str

    @property
    def allowed(self) -> bool:
        return self.decision is Decision.ALLOWED

    def __bool__(self) -> bool:  # `assert evaluate(...)` reads naturally
        return self.allowed


FULL_AWS_ACCESS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}

_NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike"}
_POSITIVE = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool"}
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class Unresolved(Exception):
    """A policy variable whose key is not in the request context."""


def _listify(value) -> list:
    return value if isinstance(value, list) else [value]


def _lookup(context: Mapping[str, ContextValue], key: str) -> ContextValue | None:
    lowered = key.lower()
    for name, value in context.items():
        if name.lower() == lowered:
            return value
    return None


def substitute(text: str, context: Mapping[str, ContextValue]) -> str:
    """`text` with its policy variables replaced; raises Unresolved."""

    def one(match: re.Match) -> str:
        inner = match.group(1)
        if inner in ("*", "?", "$"):
            return "\0" + inner  # literal marker, see glob()
        key, _, default = inner.partition(",")
        value = _lookup(context, key.strip())
        if value is None:
            default = default.strip()
            if default.startswith("'") and default.endswith("'") and len(default) >= 2:
                return default[1:-1]
            raise Unresolved(key.strip())
        if isinstance(value, list):
            raise ValueError(f"policy variable {key} names a multivalued key")
        return value.replace("*", "\0*").replace("?", "\0?")  # a value's wildcards are literal

    return _VARIABLE.sub(one, text)


def glob(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM wildcard match: `*` any run, `?` one character; `\\0x` a literal x."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\0" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return re.fullmatch("".join(out), value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def _literal(pattern: str) -> str:
    return re.sub("\0(.)", r"\1", pattern)


def _single(base: str, actual: str, expected: str) -> bool:
    """The positive form of `base` for one context value and one policy value."""
    if base in ("StringEquals", "StringNotEquals"):
        return actual == _literal(expected)
    if base in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return actual.lower() == _literal(expected).lower()
    if base in ("StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike"):
        return glob(expected, actual)
    if base == "Bool":
        return actual.lower() == _literal(expected).lower()
    raise NotImplementedError(f"condition operator {base}")


def _operator_holds(operator: str, key: str, expected: list, context: Mapping[str, ContextValue]) -> bool:
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    if if_exists:
        base = base[: -len("IfExists")]
    actual = _lookup(context, key)

    if base == "Null":
        if qualifier or if_exists:
            raise NotImplementedError(f"{operator}")
        want_absent = [str(v).lower() == "true" for v in expected]
        absent = actual is None or actual == []
        return any(absent == w for w in want_absent)
    if base not in _NEGATED | _POSITIVE:
        raise NotImplementedError(f"condition operator {operator}")

    try:
        values = [substitute(str(v), context) for v in expected]
    except Unresolved:
        return False  # see the module doc: a condition on an absent variable does not match
    negated = base in _NEGATED

    def holds_for(one: str) -> bool:
        hit = any(_single(base, one, v) for v in values)
        return not hit if negated else hit

    if qualifier == "ForAnyValue":
        return actual is not None and any(holds_for(v) for v in _listify(actual))
    if qualifier == "ForAllValues":
        return actual is None or all(holds_for(v) for v in _listify(actual))
    if qualifier:
        raise NotImplementedError(f"condition qualifier {qualifier}")
    if actual is None:
        return True if (if_exists or negated) else False
    if isinstance(actual, list):
        raise ValueError(f"{operator} on the multivalued key {key}: use ForAnyValue/ForAllValues")
    return holds_for(actual)


def condition_holds(condition: Mapping, context: Mapping[str, ContextValue]) -> bool:
    return all(
        _operator_holds(operator, key, _listify(expected), context)
        for operator, block in condition.items()
        for key, expected in block.items()
    )


def _action_matches(patterns, action: str) -> bool:
    return any(glob(p, action, ignore_case=True) for p in _listify(patterns))


def _resource_matches(patterns, resource: str, context) -> bool:
    for pattern in _listify(patterns):
        try:
            if glob(substitute(pattern, context), resource):
                return True
        except Unresolved:
            continue
    return False


def _principal_matches(spec, principal: Principal | None) -> bool:
    if spec == "*":
        return True
    if principal is None:
        return False
    for kind, entries in spec.items():
        for entry in _listify(entries):
            if kind == "AWS":
                if entry == "*" or entry == principal.arn:
                    return True
                if principal.account and entry in (principal.account, f"arn:aws:iam::{principal.account}:root"):
                    return True
            elif kind == "Service" and entry == principal.service:
                return True
    return False


def statement_matches(statement: Mapping, request: Request) -> bool:
    if "Action" in statement and not _action_matches(statement["Action"], request.action):
        return False
    if "NotAction" in statement and _action_matches(statement["NotAction"], request.action):
        return False
    if "Resource" in statement and not _resource_matches(statement["Resource"], request.resource, request.context):
        return False
    if "NotResource" in statement and _resource_matches(statement["NotResource"], request.resource, request.context):
        return False
    if "Principal" in statement and not _principal_matches(statement["Principal"], request.principal):
        return False
    if "NotPrincipal" in statement and _principal_matches(statement["NotPrincipal"], request.principal):
        return False
    return condition_holds(statement.get("Condition", {}), request.context)


def _statements(policy: Mapping) -> list[Mapping]:
    return _listify(policy["Statement"])


def _matching(policies: Iterable[Mapping], request: Request, effect: str) -> list[str]:
    found = []
    for policy in policies:
        for statement in _statements(policy):
            if statement["Effect"] == effect and statement_matches(statement, request):
                found.append(statement.get("Sid", "(no Sid)"))
    return found


def evaluate(
    request: Request,
    identity: Iterable[Mapping] = (),
    scp_levels: list[list[Mapping]] | None = None,
    resource_policy: Mapping | None = None,
    cross_account: bool = False,
    trust_policy: bool = False,
) -> Result:
    """The decision on `request`.

    identity: the caller's identity policies; scp_levels: the SCPs attached at
    each level from the root to the caller's account (None for the management
    account); resource_policy: the target's resource-based policy;
    trust_policy: resource_policy is a role trust policy, which must allow.
    """
    identity = list(identity)
    every = identity + [p for level in (scp_levels or []) for p in level]
    if resource_policy is not None:
        every.append(resource_policy)
    denies = _matching(every, request, "Deny")
    if denies:
        return Result(Decision.EXPLICIT_DENY, "denied by " + ", ".join(denies))
    for depth, level in enumerate(scp_levels or []):
        if not _matching(level, request, "Allow"):
            return Result(Decision.IMPLICIT_DENY, f"no SCP at level {depth} allows it")
    by_identity = _matching(identity, request, "Allow")
    by_resource = _matching([resource_policy], request, "Allow") if resource_policy is not None else []
    if (trust_policy or cross_account) and resource_policy is not None and not by_resource:
        return Result(Decision.IMPLICIT_DENY, "the resource/trust policy does not allow it")
    if cross_account and not by_identity:
        return Result(Decision.IMPLICIT_DENY, "no identity policy allows it (cross-account)")
    if by_identity or by_resource:
        return Result(Decision.ALLOWED, "allowed by " + ", ".join(by_identity + by_resource))
    return Result(Decision.IMPLICIT_DENY, "no policy allows it")
