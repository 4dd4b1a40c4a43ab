"""docs/permissions.md: what the deploying identities need, generated from what the stacks manage.

    python -m kinesis_xacct.ops.permissions docs/permissions.md      (make docs)

The resource and data source types are read from the synthesized stacks of a set of configs that together switch
on every feature (:data:`VARIANTS`); each type's AWS actions are in :data:`AWS_ACTIONS` (create, read, update,
delete, as the hashicorp/aws provider calls them). A type without an entry is an error (tests/test_permissions.py
fails), so a new resource cannot arrive without its permissions. Databricks types are listed with the workspace
privilege they need (:data:`DATABRICKS_PRIVILEGES`).
"""

from __future__ import annotations

import copy
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from kinesis_xacct import paths
from kinesis_xacct.config import parse_config

ROOT = paths.ROOT

# Every AWS call the provider makes for a type over its life (plan/refresh, create, update, import, destroy).
AWS_ACTIONS: dict[str, tuple[str, ...]] = {
    "provider": ("sts:GetCallerIdentity",),  # allowed_account_ids: the provider asks who it is
    "aws_iam_role": (
        "iam:CreateRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:DeleteRole",
    ),
    "aws_iam_role_policy": ("iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"),
    "aws_iam_role_policies_exclusive": ("iam:ListRolePolicies", "iam:DeleteRolePolicy"),
    "aws_iam_role_policy_attachment": (
        "iam:AttachRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:DetachRolePolicy",
    ),
    "aws_iam_role_policy_attachments_exclusive": ("iam:ListAttachedRolePolicies", "iam:DetachRolePolicy"),
    "aws_iam_policy": (
        "iam:CreatePolicy",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicyVersion",
        "iam:TagPolicy",
        "iam:DeletePolicy",
    ),
    "aws_iam_instance_profile": (
        "iam:CreateInstanceProfile",
        "iam:GetInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:DeleteInstanceProfile",
        "iam:PassRole",  # AddRoleToInstanceProfile passes the role
    ),
    "aws_kinesis_stream": (
        "kinesis:CreateStream",
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:ListTagsForStream",
        "kinesis:AddTagsToStream",
        "kinesis:RemoveTagsFromStream",
        "kinesis:StartStreamEncryption",
        "kinesis:StopStreamEncryption",
        "kinesis:IncreaseStreamRetentionPeriod",
        "kinesis:DecreaseStreamRetentionPeriod",
        "kinesis:UpdateShardCount",
        "kinesis:UpdateStreamMode",
        "kinesis:ListStreamConsumers",
        "kinesis:DeregisterStreamConsumer",
        "kinesis:DeleteStream",
    ),
    "aws_kms_key": (
        "kms:CreateKey",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:EnableKeyRotation",
        "kms:ListResourceTags",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:UpdateKeyDescription",
        "kms:ScheduleKeyDeletion",
    ),
    "aws_kms_alias": ("kms:CreateAlias", "kms:ListAliases", "kms:UpdateAlias", "kms:DeleteAlias"),
    # What the config says exists, read at plan time (docs/existing.md).
    "data.aws_iam_role": ("iam:GetRole",),
    "data.aws_kinesis_stream": ("kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:ListTagsForStream"),
    "data.aws_kms_key": ("kms:DescribeKey",),
}
# Types that make no AWS call, or whose calls are Databricks' or the state backend's.
NO_AWS_CALLS = ("time_sleep", "terraform_remote_state")
DATABRICKS_PRIVILEGES: dict[str, str] = {
    "databricks_instance_profile": "workspace admin (registering an instance profile)",
    "databricks_group_role": "workspace admin (granting the instance profile to a group)",
    "databricks_cluster": "cluster creation (`allow-cluster-create`), and workspace admin for `is_pinned`",
    "databricks_directory": "write access to the parent folder (default: the home of `databricks.single_user_name`)",
    "databricks_notebook": "write access to its folder",
    "databricks_permissions": "CAN_MANAGE on the object (its creator has it)",
    "databricks_job": "job creation (any workspace user), cluster creation for its job cluster",
    "databricks_credential": "`CREATE SERVICE CREDENTIAL` on the metastore (or metastore admin)",
    "databricks_grants": "owner of the credential or the volume, or `MANAGE` on it (its creator owns it)",
    "databricks_volume": "`USE CATALOG`, `USE SCHEMA` and `CREATE VOLUME` on the volume's catalog and schema",
    "data.databricks_current_user": "any workspace user",
    "data.databricks_node_type": "any workspace user",
    "data.databricks_group": "any workspace user (reads the group by name)",
}

# Configs that together switch on every resource type: example.yaml changed as each entry says.
VARIANTS: dict[str, dict[str, Any]] = {
    "example": {},
    "full access, created streams with new keys, adopt": {
        "kinesis_account.access": "full",
        "kinesis_account.streams": [{"name": "created", "create": True}],
        "adopt_existing": True,
        "databricks.groups": ["data-engineers"],
    },
    "service credential": {"@file": "config/service-credential.yaml", "databricks.groups": ["data-engineers"]},
    "an existing stream with a given key": {
        "kinesis_account.streams": [
            {
                "name": "testStream",
                "kms_key_arn": "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab",
            }
        ],
    },
}


def _apply(data: dict[str, Any], dotted: str, value: Any) -> None:
    node = data
    *parents, last = dotted.split(".")
    for p in parents:
        node = node.setdefault(p, {})
    node[last] = value


def variant_configs() -> dict[str, dict[str, Any]]:
    out = {}
    for name, changes in VARIANTS.items():
        path = ROOT / changes.get("@file", "config/example.yaml")
        data = copy.deepcopy(yaml.safe_load(path.read_text()))
        for dotted, value in changes.items():
            if dotted != "@file":
                _apply(data, dotted, value)
        out[name] = data
    return out


def stack_types() -> dict[str, set[str]]:
    """Stack name -> the resource and data source types (``data.<type>``) any variant synthesizes there."""
    from kinesis_xacct.synth.app import build_app, synth_app

    found: dict[str, set[str]] = {}
    for data in variant_configs().values():
        cfg = parse_config(data)
        with tempfile.TemporaryDirectory() as tmp:
            synth_app(build_app(cfg, tmp), tmp)
            for stack_dir in (Path(tmp) / "stacks").iterdir():
                hcl = (stack_dir / "cdk.tf").read_text()
                types = found.setdefault(stack_dir.name, set())
                types.update(re.findall(r'^resource "([a-z0-9_]+)"', hcl, re.MULTILINE))
                types.update(f"data.{t}" for t in re.findall(r'^data "([a-z0-9_]+)"', hcl, re.MULTILINE))
                if re.search(r'^provider "aws"', hcl, re.MULTILINE):
                    types.add("provider")
    return found


def unknown_types(found: dict[str, set[str]]) -> list[str]:
    known = set(AWS_ACTIONS) | set(NO_AWS_CALLS) | {f"data.{t}" for t in NO_AWS_CALLS} | set(DATABRICKS_PRIVILEGES)
    return sorted({t for types in found.values() for t in types} - known)


def _allow(actions: list[str], sid: str | None = None) -> dict[str, Any]:
    named = {"Sid": sid} if sid else {}
    return {"Version": "2012-10-17", "Statement": [{**named, "Effect": "Allow", "Action": actions, "Resource": "*"}]}


def _json(doc: dict[str, Any]) -> list[str]:
    return ["```json", json.dumps(doc, indent=2), "```", ""]


def policy(types: set[str]) -> dict[str, Any]:
    return _allow(sorted({a for t in types for a in AWS_ACTIONS.get(t, ())}), "KinesisXacctDeploy")


def render(found: dict[str, set[str]]) -> str:
    lines = [
        "<!-- Generated from the synthesized stacks by `make docs` "
        "(kinesis_xacct/ops/permissions.py); do not edit. -->",
        "# Permissions to deploy",
        "",
        "What the identity that deploys each stack needs. Generated from the resource types the stacks manage (every",
        "feature switched on: created streams with their keys, `access: full`, `adopt_existing`, groups, both",
        "`databricks.auth` modes); a test fails when a stack gains a resource type without its permissions here.",
        "",
        "## AWS, per account",
        "",
        "The actions Terraform's AWS provider calls over a resource's life (plan, create, update, import, destroy).",
        "`Resource` is `*` below; narrow it to your names where your organisation requires it: roles",
        "`arn:aws:iam::<account>:role/<role_name>`, the instance profile, streams",
        "`arn:aws:kinesis:<region>:<B>:stream/<name>`, aliases `alias/kinesis-xacct/*` (`kms:CreateKey` cannot be",
        "narrowed). With `deploy_role_arn` this is the policy of that role; with a `profile`, of the profile's",
        "identity.",
        "",
    ]
    lines += _aws_lines(found)
    lines += [
        "Remote state (`backend.type: s3`, the backend's own `profile` or `role_arn`): `s3:ListBucket` on the bucket,",
        "`s3:GetObject`, `s3:PutObject` on `<key_prefix>/*`, and `s3:DeleteObject` on the lock files",
        "(`<key_prefix>/*.tflock`, `use_lockfile`).",
        "",
    ]
    return "\n".join(lines + _verify_lines() + _ci_lines() + _databricks_lines(found))


def _verify_lines() -> list[str]:
    """The read-only calls of ``make verify`` (docs/verify.md), in each account it reads."""
    from kinesis_xacct.ops.verify_read import READ_ACTIONS

    return [
        "## Verify (read-only), per account",
        "",
        "`make verify` reads the deployed chain back with each stack's credentials ([verify.md](verify.md)); it",
        "calls only these actions, in account B and (instance-profile mode) account A. `sts:AssumeRole` only for a",
        "`deploy_role_arn`; a key given as `kms_key_arn` must let the verifying principal call `kms:DescribeKey` and",
        "`kms:GetKeyPolicy`.",
        "",
        *_json(_allow(list(READ_ACTIONS))),
    ]


PLAN_READ_VERBS = ("Get", "Describe", "List")


def plan_read_actions() -> list[str]:
    """The calls a plan makes (refresh and data sources): the read verbs among every type's actions."""
    every = {a for actions in AWS_ACTIONS.values() for a in actions}
    return sorted(a for a in every if a.split(":")[1].startswith(PLAN_READ_VERBS))


def _ci_lines() -> list[str]:
    """The verify workflow's roles: the drift plan's reads and state access, and the policy checks' two calls."""
    from kinesis_xacct.ops.policy_checks import ACTIONS as CHECK_ACTIONS

    return [
        "## Verify in CI (the verify workflow)",
        "",
        "The drift job plans every stack with the verify role (`vars.AWS_ROLE_VERIFY`, [verify.md](verify.md),",
        '"In CI"). Its providers assume each section\'s `deploy_role_arn` as a deploy does; a read-only role in',
        "its place needs only the calls a plan makes (`Get`, `Describe` and `List` of the deploy actions above):",
        "",
        *_json(_allow(plan_read_actions(), "KinesisXacctPlanReadOnly")),
        "The state is read without its lock (`-lock=false`): with `backend.type: s3` the verify role (or",
        "`backend.role_arn`) needs `s3:ListBucket` on the bucket and `s3:GetObject` on `<key_prefix>/*.tfstate`,",
        "and no `s3:PutObject` or `s3:DeleteObject`.",
        "",
        "The pull request job (`vars.AWS_ROLE_POLICY_CHECKS`) calls IAM Access Analyzer's custom policy checks",
        "only; they read no resource of any account (the documents are sent with the call):",
        "",
        *_json(_allow(list(CHECK_ACTIONS), "KinesisXacctPolicyChecks")),
    ]


def _aws_lines(found: dict[str, set[str]]) -> list[str]:
    """Per account, the AWS resource types of its stack with their actions, and the policy granting them."""
    lines: list[str] = []
    for stack, account in ((paths.KINESIS_STACK, "B (streams)"), (paths.DEPLOYMENT_STACK, "A (workspace)")):
        types = found.get(stack, set())
        aws_types = sorted(t for t in types if t in AWS_ACTIONS)
        lines += [f"### Account {account}: stack `{stack}`", ""]
        if not aws_types:
            lines += ["Nothing in this account's AWS with `databricks.auth: service-credential`.", ""]
        lines += ["| resource type | actions |", "|---|---|"]
        lines += [f"| `{t}` | {', '.join(f'`{a}`' for a in AWS_ACTIONS[t])} |" for t in aws_types]
        lines += ["", *_json(policy(set(aws_types)))]
    return lines


def _databricks_lines(found: dict[str, set[str]]) -> list[str]:
    """What Databricks needs, per resource type and per mode, and how the provider authenticates."""
    db_types = sorted({t for types in found.values() for t in types if t in DATABRICKS_PRIVILEGES})
    return [
        "## Databricks, per mode",
        "",
        "| type | needs |",
        "|---|---|",
        *(f"| `{t}` | {DATABRICKS_PRIVILEGES[t]} |" for t in db_types),
        "",
        "- `instance-profile` mode: a **workspace admin** (registering an instance profile and granting it to groups",
        '  are admin operations; Databricks docs, "Tutorial: Configure S3 access with an instance profile").',
        "- `service-credential` mode: **`CREATE SERVICE CREDENTIAL` on the metastore** (or a metastore admin);",
        '  Databricks docs, "Create service credentials". Using it to read needs `ACCESS` on the credential.',
        "",
        "## Databricks authentication",
        "",
        "The Databricks provider (and `make run-validation`, through the Databricks SDK for Python) reads its",
        "credentials itself; nothing secret belongs in the config. Any one of:",
        "",
        "- a personal access token: `DATABRICKS_HOST` (or `databricks.host`) and `DATABRICKS_TOKEN`;",
        "- OAuth machine-to-machine with a service principal: `DATABRICKS_HOST`, `DATABRICKS_CLIENT_ID` and",
        "  `DATABRICKS_CLIENT_SECRET` (the principal's OAuth secret);",
        "- a profile of `~/.databrickscfg`: `DATABRICKS_CONFIG_PROFILE=<name>` (a profile may itself use a token,",
        "  OAuth M2M, or `auth_type = databricks-cli` after `databricks auth login`).",
        "",
        'Sources: Databricks docs "Databricks client unified authentication" and the provider\'s',
        "`docs/index.md` (authentication section).",
        "",
    ]


def main(argv: list[str]) -> int:
    found = stack_types()
    missing = unknown_types(found)
    if missing:
        print(f"permissions: no permissions recorded for {', '.join(missing)} (kinesis_xacct/ops/permissions.py)")
        return 1
    target = Path(argv[0]) if argv else ROOT / "docs" / "permissions.md"
    target.write_text(render(found), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
