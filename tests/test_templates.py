"""The jinja2 templates: the validation notebook and the runbook."""
from __future__ import annotations

import ast
import json

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
                             "roleSessionName": "kinesis-xacct-validate", "initialPosition": "earliest"}


@pytest.mark.parametrize("given", ["sts.us-east-1.amazonaws.com", "https://sts.us-east-1.amazonaws.com",
                                   "https://sts.us-east-1.amazonaws.com/"])
def test_notebook_external_id_and_sts_endpoint_only_when_set(given):
    src = notebook(**{"kinesis_account.external_id": "myExternalCode", "databricks.sts_endpoint": given,
                      "databricks.initial_position": "latest"})
    opts = _options(src)
    assert opts["roleExternalId"] == "myExternalCode"
    # The guide's (and the Databricks docs') form of stsEndpoint: the host, whichever form the config uses.
    assert opts["stsEndpoint"] == "sts.us-east-1.amazonaws.com"
    assert opts["initialPosition"] == "latest"


def test_notebook_at_timestamp_position_is_the_connectors_json():
    src = notebook(**{"databricks.initial_position": "at_timestamp",
                      "databricks.initial_timestamp": "2024-01-31T00:00:00+0000"})
    assert json.loads(_options(src)["initialPosition"]) == {"at_timestamp": "2024-01-31T00:00:00+0000",
                                                            "format": "yyyy-MM-dd'T'HH:mm:ssZ"}


def test_notebook_read_is_bounded_and_reports_per_stream():
    tree = ast.parse(notebook())
    calls = {getattr(n.func, "attr", getattr(n.func, "id", None)) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert {"foreachBatch", "trigger", "awaitTermination", "display", "exit"} <= calls
    assert "display(read_stream" not in notebook()  # no unbounded display of a stream


def test_read_write_notebook_says_the_write_is_not_exercised():
    src = notebook(**{"kinesis_account.access": "read-write"})
    assert "The write half of read-write is not exercised here" in src
    assert "writeStream.format(\"kinesis\")" not in src
    assert "not exercised" not in notebook()


def test_strict_undefined_fails_on_a_missing_value():
    with pytest.raises(jinja2.UndefinedError):
        templates._ENV.get_template("validate_kinesis.py.j2").render(region="us-east-1")


def test_runbook_validate_section_names_the_job_and_the_owner():
    cfg = parse_config(variant(**{"databricks.groups": ["users"]}))
    text = templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))
    validate = text[text.index("## Validate"):text.index("## Roll back")]
    assert "databricks jobs run-now" in validate and "job_id" in validate
    assert "single_user_name" in validate and "`users`" in validate
    for access in ("read-write", "full"):
        cfg = parse_config(variant(**{"kinesis_account.access": access}))
        text = templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))
        assert ("writing is not exercised" in text) is (access == "read-write")


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
