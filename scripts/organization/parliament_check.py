"""Every IAM policy document of templates/organization through parliament.

A finding above LOW fails the check unless the resource that holds the
document justifies it in its Metadata:

    "Metadata": {"parliament": {"skip": [
        {"id": "UNKNOWN_CONDITION_FOR_ACTION", "match": "ssm:SessionDocumentAccessCheck",
         "comment": "why this finding is wrong or accepted"}]}}

`match` must occur in the finding's detail, so a skip covers that finding and
no other; a skip without a comment, or one that no finding uses, fails too
(a justification outlives its reason otherwise). LOW and INFO findings are
printed and pass.

Parliament lints identity policies, which always have a Resource. A trust
policy has none (its resource is the role itself), so it is checked with the
role's ARN as its Resource; everything else is checked as written.

Exit status: 0 when nothing fails. Last line: `parliament: N passed, N failed`
(documents).
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import parliament

sys.path.insert(0, str(Path(__file__).resolve().parent))
import policies  # noqa: E402

FAILING = ("MEDIUM", "HIGH", "CRITICAL")

# The community auditors too (permissions management, privilege escalation,
# credentials exposure, NotPrincipal/NotResource with Allow…), with their
# own severities.
parliament.override_config(str(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml"))


def checked_form(document: policies.Document) -> dict:
    policy = copy.deepcopy(document.policy)
    if document.kind == "trust":
        role_arn = f"arn:aws:iam::{policies.PSEUDO['AWS::AccountId']}:role/{document.name}"
        statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
        for statement in statements:
            statement.setdefault("Resource", role_arn)
    return policy


def findings(document: policies.Document) -> list:
    result = parliament.analyze_policy_string(json.dumps(checked_form(document)), include_community_auditors=True)
    return [parliament.enhance_finding(f) for f in result.findings]


def main(directory: Path) -> int:
    passed = failed = 0
    used: set[tuple[str, str, int]] = set()
    documents = [d for path in sorted(directory.glob("*.json")) for d in policies.documents(path)]
    for document in documents:
        skips = document.metadata.get("parliament", {}).get("skip", [])
        problems = []
        for finding in findings(document):
            detail = finding.detail if isinstance(finding.detail, str) else json.dumps(finding.detail)
            actions = (finding.location or {}).get("actions")
            if actions:
                detail = f"{detail} actions {', '.join(actions)}".strip()
            line = f"{finding.severity} {finding.issue}: {detail}"
            if finding.severity not in FAILING:
                print(f"parliament: {document.label}: note {line}")
                continue
            skip = next((i for i, s in enumerate(skips)
                         if s.get("id") == finding.issue and s.get("match", "") in detail), None)
            if skip is None:
                problems.append(line)
            elif not str(skips[skip].get("comment", "")).strip():
                problems.append(f"{line} (skipped without a comment that says why)")
            else:
                used.add((document.template, document.resource, skip))
                print(f"parliament: {document.label}: skipped {line} -- {skips[skip]['comment']}")
        if problems:
            failed += 1
            for problem in problems:
                print(f"parliament: FAIL {document.label} ({document.kind} {document.name}): {problem}")
        else:
            passed += 1
            print(f"parliament: ok {document.label} ({document.kind} {document.name})")
    # A skip that no finding used is a stale justification.
    seen: set[tuple[str, str]] = set()
    for document in documents:
        key = (document.template, document.resource)
        if key in seen:
            continue
        seen.add(key)
        for i, skip in enumerate(document.metadata.get("parliament", {}).get("skip", [])):
            if (document.template, document.resource, i) not in used:
                failed += 1
                print(f"parliament: FAIL {document.template}:{document.resource}: skip {skip.get('id')} "
                      f"({skip.get('match', '')}) matches no finding; remove it")
    print(f"parliament: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else policies.ORGANIZATION_TEMPLATES))
