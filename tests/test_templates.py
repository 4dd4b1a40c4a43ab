"""The jinja2 templates: the validation notebook and the runbook."""
from __future__ import annotations

import ast

import jinja2
import pytest

from kinesis_xacct import templates
from kinesis_xacct.config import parse_config
from kinesis_xacct.policies import deployment_side, kinesis_side

from .helpers import EXAMPLE, synth_main, variant, write_config


def notebook(**changes) -> str:
    return templates.render_notebook(parse_config(variant(**changes)))


def _options(source: str) -> dict[str, object]:
    """The literal .option(name, value) pairs of the notebook, read from its syntax tree."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "option":
            name = node.args[0].value
            value = node.args[1]
            found[name] = value.value if isinstance(value, ast.Constant) else ast.unparse(value)
    return found


def test_notebook_is_python_and_reads_every_stream():
    src = notebook(**{"kinesis_account.streams": [{"name": "testStream"}, {"name": "orders.v2"}]})
    assert src.startswith("# Databricks notebook source\n")
    tree = ast.parse(src)
    streams = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "STREAMS")
    assert ast.literal_eval(streams.value) == ["testStream", "orders.v2"]
    assert 'spark.readStream.format("kinesis")' in src
    assert _options(src) == {"streamName": "stream_name", "region": "us-east-1",
                             "roleArn": "arn:aws:iam::222222222222:role/KinesisCrossAccountRole",
                             "initialPosition": "earliest"}


def test_notebook_external_id_and_sts_endpoint_only_when_set():
    src = notebook(**{"kinesis_account.external_id": "myExternalCode",
                      "databricks.sts_endpoint": "https://sts.us-east-1.amazonaws.com",
                      "databricks.initial_position": "latest"})
    opts = _options(src)
    assert opts["roleExternalId"] == "myExternalCode"
    assert opts["stsEndpoint"] == "https://sts.us-east-1.amazonaws.com"
    assert opts["initialPosition"] == "latest"


def test_strict_undefined_fails_on_a_missing_value():
    with pytest.raises(jinja2.UndefinedError):
        templates._ENV.get_template("validate_kinesis.py.j2").render(region="us-east-1")


def test_runbook_lists_both_accounts():
    cfg = parse_config(variant(**{"kinesis_account.streams.0.create": True}))
    text = templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))
    assert "B `222222222222`" in text and "A `111111111111`" in text
    assert "Kinesis stream, SSE-KMS with a new KMS key" in text
    assert "iam:PassRole on `arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole` to EC2 only" in text


def test_secrets_from_the_environment_never_reach_the_output(tmp_path):
    secret_token, secret_key = "dapi-SECRET-0123456789", "wJalrXUtnFEMI/K7MDENG/SECRETKEY"
    out = tmp_path / "out"
    proc = synth_main(EXAMPLE, out, extra_env={"DATABRICKS_TOKEN": secret_token, "DATABRICKS_HOST": "https://h.example",
                                               "AWS_SECRET_ACCESS_KEY": secret_key})
    assert proc.returncode == 0, proc.stderr
    everything = proc.stdout + proc.stderr + "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    assert secret_token not in everything and secret_key not in everything
    assert "h.example" not in everything  # the host too comes from the environment at deploy time


def _runbook_section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_runbook_adopting_section_lists_the_imported_objects():
    cfg = parse_config(variant(**{"adopt_existing": True, "kinesis_account.external_id": "ext-1",
                                  "kinesis_account.streams": [{"name": "made", "create": True}, {"name": "old"}]}))
    section = _runbook_section(templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg)),
                               "Adopting a hand-made setup")
    rows = [line for line in section.splitlines() if line.startswith("| ") and "imported object" not in line]
    assert rows == ["| B `222222222222` | `kinesis-account` | IAM role `KinesisCrossAccountRole` |",
                    "| B `222222222222` | `kinesis-account` | Kinesis stream `made` |",
                    "| A `111111111111` | `deployment-account` | IAM role `DatabricksToKinesisAssumeRole` |",
                    "| A `111111111111` | `deployment-account` | instance profile `DatabricksToKinesisAssumeRole` |"]
    assert "Cannot import non-existent remote object" in section and "make plan CONFIG=x.yaml" in section
    assert "exactly\n`arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole`, with the external ID" in section
    assert "aws_iam_role_policies_exclusive" in section


def test_runbook_without_adopt_says_how_to_adopt():
    cfg = parse_config(variant())
    section = _runbook_section(templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg)),
                               "Adopting a hand-made setup")
    assert "EntityAlreadyExists" in section and "`adopt_existing: true`" in section
    assert "imported object" not in section
