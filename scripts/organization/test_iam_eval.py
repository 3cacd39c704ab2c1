"""The evaluator's own rules, each against what AWS documents; the policy
behaviour tests are only as right as these."""

import pytest

from iam_eval import FULL_AWS_ACCESS, Decision, Principal, Request, evaluate, glob, substitute


def policy(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action="*", resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action="*", resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def decide(statements, action="s3:GetObject", resource="arn:aws:s3:::b/k", **context):
    return evaluate(Request(action, resource, context), identity=[policy(*statements)]).decision


def test_nothing_allowed_is_an_implicit_deny():
    assert decide([]) is Decision.IMPLICIT_DENY


def test_an_explicit_deny_beats_any_allow():
    assert decide([allow(), deny("s3:Get*")]) is Decision.EXPLICIT_DENY


def test_actions_match_case_insensitively_with_wildcards_resources_case_sensitively():
    assert decide([allow("S3:get*")]) is Decision.ALLOWED
    assert decide([allow("s3:Get?bject")]) is Decision.ALLOWED
    assert decide([allow(resource="arn:aws:s3:::B/*")]) is Decision.IMPLICIT_DENY


def test_not_action_allows_everything_but_the_listed():
    statement = {"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}
    assert decide([statement], action="iam:CreateUser") is Decision.IMPLICIT_DENY
    assert decide([statement], action="ec2:RunInstances") is Decision.ALLOWED


def test_keys_of_a_condition_all_hold_values_of_a_key_are_alternatives():
    both = allow(Condition={"StringEquals": {"aws:ResourceTag/User": ["alice", "carol"], "aws:PrincipalTag/team": "x"}})
    assert decide([both], **{"aws:ResourceTag/User": "carol", "aws:PrincipalTag/team": "x"}) is Decision.ALLOWED
    assert decide([both], **{"aws:ResourceTag/User": "carol", "aws:PrincipalTag/team": "y"}) is Decision.IMPLICIT_DENY


def test_condition_keys_are_case_insensitive_values_are_not():
    statement = allow(Condition={"StringEquals": {"aws:ResourceTag/User": "alice"}})
    assert decide([statement], **{"AWS:resourcetag/user": "alice"}) is Decision.ALLOWED
    assert decide([statement], **{"aws:ResourceTag/User": "Alice"}) is Decision.IMPLICIT_DENY


def test_an_absent_key_fails_a_positive_operator_and_satisfies_a_negated_one():
    assert decide([allow(Condition={"StringEquals": {"aws:ResourceTag/User": "alice"}})]) is Decision.IMPLICIT_DENY
    assert decide([allow(Condition={"StringNotEquals": {"aws:ResourceTag/User": "alice"}})]) is Decision.ALLOWED
    assert decide([allow(Condition={"StringEqualsIfExists": {"aws:ResourceTag/User": "alice"}})]) is Decision.ALLOWED


def test_null_checks_presence():
    present = allow(Condition={"Null": {"aws:ResourceTag/User": "false"}})
    assert decide([present]) is Decision.IMPLICIT_DENY
    assert decide([present], **{"aws:ResourceTag/User": "bob"}) is Decision.ALLOWED


def test_set_operators():
    any_user = allow(Condition={"ForAnyValue:StringEqualsIgnoreCase": {"aws:TagKeys": "User"}})
    only_user = allow(Condition={"ForAllValues:StringEquals": {"aws:TagKeys": "User"}})
    assert decide([any_user], **{"aws:TagKeys": ["Name", "user"]}) is Decision.ALLOWED
    assert decide([any_user]) is Decision.IMPLICIT_DENY
    assert decide([only_user], **{"aws:TagKeys": ["User"]}) is Decision.ALLOWED
    assert decide([only_user], **{"aws:TagKeys": ["User", "Team"]}) is Decision.IMPLICIT_DENY
    assert decide([only_user]) is Decision.ALLOWED  # vacuously true: pair it with Null


def test_a_plain_operator_on_a_multivalued_key_is_a_policy_bug():
    with pytest.raises(ValueError):
        decide([allow(Condition={"StringEquals": {"aws:TagKeys": "User"}})], **{"aws:TagKeys": ["User"]})


def test_policy_variables_resolve_from_the_context():
    own = allow(resource="arn:aws:s3:::b/${aws:PrincipalTag/userName}/*")
    assert decide([own], resource="arn:aws:s3:::b/alice/k", **{"aws:PrincipalTag/userName": "alice"}) is Decision.ALLOWED
    assert decide([own], resource="arn:aws:s3:::b/bob/k", **{"aws:PrincipalTag/userName": "alice"}) is Decision.IMPLICIT_DENY


def test_an_absent_variable_matches_nothing_so_no_deny_may_rely_on_it():
    own = allow(resource="arn:aws:s3:::b/${aws:PrincipalTag/userName}/*")
    assert decide([own], resource="arn:aws:s3:::b//k") is Decision.IMPLICIT_DENY
    other = deny(Condition={"StringNotEquals": {"aws:ResourceTag/User": "${aws:PrincipalTag/userName}"}})
    assert decide([allow(), other], **{"aws:ResourceTag/User": "bob"}) is Decision.ALLOWED


def test_wildcards_inside_a_variables_value_are_literal():
    assert substitute("x/${aws:PrincipalTag/userName}/*", {"aws:PrincipalTag/userName": "*"}) == "x/\0*/*"
    assert not glob("x/\0*/*", "x/alice/k")
    assert glob("x/\0*/*", "x/*/k")
    assert substitute("${aws:PrincipalTag/team, 'none'}", {}) == "none"


def test_every_scp_level_must_allow_and_scp_denies_win():
    request = Request("sso:CreateInstance", "*", {})
    assert evaluate(request, [FULL_AWS_ACCESS], scp_levels=[[FULL_AWS_ACCESS], []]).decision is Decision.IMPLICIT_DENY
    assert evaluate(request, [FULL_AWS_ACCESS], scp_levels=[[FULL_AWS_ACCESS], [policy(deny("sso:CreateInstance"))]]
                    ).decision is Decision.EXPLICIT_DENY
    assert evaluate(request, [FULL_AWS_ACCESS], scp_levels=None).decision is Decision.ALLOWED


def test_across_accounts_both_the_identity_and_the_resource_policy_must_allow():
    caller = Principal("arn:aws:iam::222222222222:role/r", "222222222222")
    request = Request("sts:AssumeRole", "arn:aws:iam::333333333333:role/t", {}, caller)
    trusting = policy({"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"})
    stranger = policy({"Effect": "Allow", "Principal": {"AWS": "444444444444"}, "Action": "sts:AssumeRole"})
    assert evaluate(request, [FULL_AWS_ACCESS], resource_policy=trusting, cross_account=True).allowed
    assert not evaluate(request, [], resource_policy=trusting, cross_account=True).allowed
    assert not evaluate(request, [FULL_AWS_ACCESS], resource_policy=stranger, cross_account=True).allowed


def test_unknown_operators_raise_rather_than_guess():
    with pytest.raises(NotImplementedError):
        decide([allow(Condition={"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}})],
               **{"aws:MultiFactorAuthAge": "10"})
