"""What the config says exists already becomes data sources the plan reads (docs/existing.md), and a failed read
is mapped back to the config key that named it (kinesis_xacct/ops/existing_hints.py). The plan on the emulator:
tests/test_existing_emulator.py."""

from __future__ import annotations

import json

import pytest

from kinesis_xacct.cdk import framework as cdk
from kinesis_xacct.cdk.literal import terraform_json
from kinesis_xacct.config import parse_config
from kinesis_xacct.config.organisation import parse_organisation
from kinesis_xacct.iam.existing import describable_key, described_keys, existing_stream_names
from kinesis_xacct.ops import existing_hints, plan
from kinesis_xacct.synth.app import build_stacks

from .helpers import GIVEN_KEY, ROOT, load_yaml, variant

STREAMS = [
    {"name": "given", "kms_key_arn": GIVEN_KEY},
    {"name": "plain"},
    {"name": "made", "create": True},
    {"name": "made-with-key", "create": True, "kms_key_arn": GIVEN_KEY},
]


def _synth(data: dict) -> tuple[dict, dict]:
    cfg = parse_config(data)
    app = cdk.Testing.app()
    with terraform_json():
        dep, kin = build_stacks(app, cfg, state_dir="../../..")
    return json.loads(cdk.Testing.synth(kin, True)), json.loads(cdk.Testing.synth(dep, True))


@pytest.fixture(scope="module")
def stacks() -> tuple[dict, dict]:
    return _synth(variant(**{"kinesis_account.streams": STREAMS}))


def _ref(kind: str, tf: dict, attr: str) -> dict[str, str]:
    """name/key_id -> ``${data.<kind>.<id>.<attr>}`` of each data source of ``kind``."""
    arg = "key_id" if kind == "aws_kms_key" else "name"
    return {v[arg]: f"${{data.{kind}.{k}.{attr}}}" for k, v in tf["data"].get(kind, {}).items()}


def test_the_workspace_role_is_read_and_named_by_the_read_name(stacks):
    _, dep = stacks
    (role,) = dep["data"]["aws_iam_role"].values()
    assert role["name"] == "databricks-cross-account" and role["provider"] == "aws.deployment"
    (policy,) = [p for p in dep["resource"]["aws_iam_role_policy"].values() if "passrole" in p["name"]]
    assert policy["role"] == _ref("aws_iam_role", dep, "name")["databricks-cross-account"]


def test_existing_streams_and_given_keys_are_read_and_b_role_depends_on_them(stacks):
    kin, _ = stacks
    streams = _ref("aws_kinesis_stream", kin, "arn")
    keys = _ref("aws_kms_key", kin, "arn")
    assert set(streams) == {"given", "plain"}  # the created streams are not read
    assert set(keys) == {GIVEN_KEY}  # once, although two streams use it
    (role,) = kin["resource"]["aws_iam_role"].values()
    deps = set(role["depends_on"])
    assert deps == {f"data.aws_kinesis_stream.{k}" for k in kin["data"]["aws_kinesis_stream"]} | {
        f"data.aws_kms_key.{k}" for k in kin["data"]["aws_kms_key"]
    }
    # a created stream with a given key uses the key as read
    made = [s for s in kin["resource"]["aws_kinesis_stream"].values() if s["name"] == "made-with-key"]
    assert made[0]["kms_key_id"] == keys[GIVEN_KEY]
    for data in [*kin["data"]["aws_kinesis_stream"].values(), *kin["data"]["aws_kms_key"].values()]:
        assert data["provider"] == "aws.kinesis" and "depends_on" not in data  # read at plan time


def test_adoption_keeps_its_imports_and_reads_what_it_does_not_import():
    kin, dep = _synth(variant(**{"kinesis_account.streams": STREAMS, "adopt_existing": True}))
    assert set(_ref("aws_kinesis_stream", kin, "arn")) == {"given", "plain"}
    assert {i["to"] for i in kin.get("import", [])} >= {
        f"aws_kinesis_stream.{k}" for k, s in kin["resource"]["aws_kinesis_stream"].items()
    }
    assert len(dep["data"]["aws_iam_role"]) == 1


def test_which_keys_are_described():
    cfg = parse_config(variant(**{"kinesis_account.streams": STREAMS}))
    assert existing_stream_names(cfg) == ("given", "plain")
    assert described_keys(cfg) == {"given": GIVEN_KEY, "made-with-key": GIVEN_KEY}
    assert describable_key(cfg, GIVEN_KEY)
    assert not describable_key(cfg, GIVEN_KEY.replace("222222222222", "333333333333"))  # another account
    assert not describable_key(cfg, GIVEN_KEY.replace("us-east-1", "eu-west-1"))  # another region
    assert not describable_key(cfg, GIVEN_KEY.replace("arn:aws:", "arn:aws-us-gov:"))  # another partition


ROLE_ERROR = """
Planning failed. Terraform encountered an error while generating this plan.

\x1b[31m╷\x1b[0m
│ Error: reading IAM Role (databricks-cross-acount): couldn't find resource
│
│   with data.aws_iam_role.workspace-passrole_workspace-role_C6E7DDF2,
╵
"""
STREAM_ERROR = (
    "│ Error: reading Kinesis Stream (plain): ResourceNotFoundException: Stream plain under account x not found."
)
KEY_ERROR = f"│ Error: reading KMS Key ({GIVEN_KEY}): operation error KMS: DescribeKey, AccessDeniedException"


def test_a_missing_role_is_named_by_its_key():
    cfg = parse_config(variant(**{"deployment_account.workspace_role_name": "databricks-cross-acount"}))
    assert existing_hints.missing(ROLE_ERROR) == [existing_hints.Missing("role", "databricks-cross-acount")]
    (line,) = existing_hints.hint_lines(cfg, "deployment-account", ROLE_ERROR)
    assert line.startswith(
        "hint: deployment-account: deployment_account.workspace_role_name names the role 'databricks-cross-acount', "
        "which does not exist in account 111111111111"
    )
    assert existing_hints.hint_lines(cfg, "kinesis-account", ROLE_ERROR) == []  # not that stack's account


def test_missing_streams_and_keys_are_named_by_their_keys():
    cfg = parse_config(variant(**{"kinesis_account.streams": STREAMS}))
    lines = existing_hints.hint_lines(cfg, "kinesis-account", STREAM_ERROR + "\n" + KEY_ERROR)
    assert [line.split(" names ")[0] for line in lines] == [
        "hint: kinesis-account: kinesis_account.streams.1.name",
        "hint: kinesis-account: kinesis_account.streams.0.kms_key_arn",
    ]
    assert "account 222222222222, us-east-1" in lines[0] and "kms:DescribeKey" in lines[1]


def test_the_plan_summary_carries_the_hint():
    cfg = parse_config(variant(**{"deployment_account.workspace_role_name": "databricks-cross-acount"}))
    results = {"deployment-account": (plan.EXIT_ERROR, ROLE_ERROR), "kinesis-account": (plan.EXIT_CHANGES, "")}
    lines = plan.summary_lines(cfg, "c.yaml", results)
    assert (
        lines[0]
        == "deployment-account: error: Error: reading IAM Role (databricks-cross-acount): couldn't find resource"
    )
    assert lines[1] == "kinesis-account: changes"
    assert lines[2].startswith("hint: deployment-account: deployment_account.workspace_role_name names the role")


def test_organisation_keys():
    org = parse_organisation(load_yaml(ROOT / "config" / "organisation.yaml"))
    text = "Error: reading Kinesis Stream (chargebacks): not found\nError: reading IAM Role (dbx-fraud-workspace): x"
    (line,) = existing_hints.hint_lines(org, "kinesis-account-payments", text)
    assert line.startswith("hint: kinesis-account-payments: sources.payments.streams.1.name names the stream")
    assert "account 333333333333, eu-west-1" in line
    (line,) = existing_hints.hint_lines(org, "deployment-account-fraud", text)
    assert line.startswith("hint: deployment-account-fraud: consumers.fraud.workspace_role_name names the role")
    assert existing_hints.hint_lines(org, "deployment-account-lakehouse", text) == []
