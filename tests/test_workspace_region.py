"""``databricks.workspace_region``: the notebook's default ``stsEndpoint`` follows the workspace's region (by default
the streams' region), partition-aware; in service-credential mode the workspace must be in the streams' region (one
pair: a rule; organisation: per consumer)."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from kinesis_xacct.config import parse_config
from kinesis_xacct.config.organisation import parse_organisation
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.iam.policies import deployment_side, kinesis_side
from kinesis_xacct.render import templates

from .helpers import SERVICE_CREDENTIAL, load_yaml, one_pair_problems, problems_of, set_path, variant


def _reads(notebook: str) -> list[dict[str, Any]]:
    """The notebook's READS literal."""
    node = next(n for n in ast.parse(notebook).body if isinstance(n, ast.Assign) and n.targets[0].id == "READS")  # type: ignore[attr-defined]
    reads: list[dict[str, Any]] = ast.literal_eval(node.value)
    return reads


def _sts(data: dict[str, Any]) -> set[str]:
    return {r["stsEndpoint"] for r in _reads(templates.render_notebook(parse_config(data)))}


def test_default_is_the_streams_region():
    data = variant(**{"region": "eu-west-1"})
    assert "workspace_region" not in data["databricks"]
    assert _sts(data) == {"sts.eu-west-1.amazonaws.com"}


def test_sts_endpoint_follows_the_workspace_region():
    data = variant(**{"region": "us-east-1", "databricks.workspace_region": "eu-central-1"})
    assert _sts(data) == {"sts.eu-central-1.amazonaws.com"}
    # every read of the notebook still reads its stream in the streams' region
    reads = _reads(templates.render_notebook(parse_config(data)))
    assert {r["region"] for r in reads} == {"us-east-1"}


def test_sts_endpoint_is_partition_aware():
    data = variant(
        **{
            "partition": "aws-cn",
            "region": "cn-north-1",
            "databricks.workspace_region": "cn-northwest-1",
            "databricks.enabled": False,
        }
    )
    for stream in data["kinesis_account"]["streams"]:
        stream.pop("kms_key_arn", None)
        stream.pop("arn", None)
    assert _sts(data) == {"sts.cn-northwest-1.amazonaws.com.cn"}


def test_a_configured_sts_endpoint_wins():
    data = variant(
        **{"databricks.workspace_region": "eu-central-1", "databricks.sts_endpoint": "https://sts.example.internal"}
    )
    assert _sts(data) == {"sts.example.internal"}


def test_the_runbook_names_the_workspace_region():
    cfg = parse_config(variant(**{"databricks.workspace_region": "eu-central-1"}))
    text = templates.render_runbook(cfg, "config.yaml", kinesis_side(cfg), deployment_side(cfg))
    assert "`sts.eu-central-1.amazonaws.com`, the regional endpoint of the workspace's region\n`eu-central-1`" in text


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("eu-westt-1", "not a region of partition 'aws'; did you mean 'eu-west-1'?"),
        ("cn-north-1", "not a region of partition 'aws'"),
    ],
)
def test_a_wrong_region_names_the_key(value, words):
    problems = one_pair_problems(variant(**{"databricks.workspace_region": value}))
    assert [(p.path, words in p.reason) for p in problems] == [("databricks.workspace_region", True)]


def test_a_service_credential_workspace_in_another_region_is_refused():
    data = load_yaml(SERVICE_CREDENTIAL)
    region = data["region"]
    other = "eu-west-1" if region != "eu-west-1" else "us-east-1"
    set_path(data, "databricks.workspace_region", region)
    parse_config(data)  # the streams' own region: fine
    set_path(data, "databricks.workspace_region", other)
    (problem,) = one_pair_problems(data)
    assert problem.path == "databricks.workspace_region"
    assert f"is {other}, but the streams are in {region}" in problem.reason
    assert "same region as the workspace" in problem.reason


def _org() -> dict[str, Any]:
    return load_yaml(SERVICE_CREDENTIAL.parent / "organisation.yaml")


def test_organisation_per_consumer_sts_endpoint():
    data = _org()
    set_path(data, "consumers.analytics.databricks.workspace_region", "eu-central-1")
    org = parse_organisation(data)
    sides = mesh(org).consumers
    analytics = _reads(templates.consumer_notebook(sides["analytics"], one_pair=False))
    fraud = _reads(templates.consumer_notebook(sides["fraud"], one_pair=False))
    assert {r["stsEndpoint"] for r in analytics} == {"sts.eu-central-1.amazonaws.com"}
    # fraud reads payments (eu-west-1) and sets no workspace region: its streams' region, as before
    assert {r["stsEndpoint"] for r in fraud} == {"sts.eu-west-1.amazonaws.com"}


def test_organisation_service_credential_consumer_in_another_region():
    data = _org()
    set_path(data, "consumers.lakehouse.databricks.workspace_region", "eu-west-1")
    problems = problems_of(data)
    assert [p.path for p in problems] == ["consumers.lakehouse.databricks.workspace_region"]
    assert "but the streams are in us-east-1" in problems[0].reason
