"""The jinja2 templates: the validation notebook and the runbook."""

from __future__ import annotations

import ast
import json
import re

import jinja2
import pytest

from kinesis_xacct.config import parse_config
from kinesis_xacct.iam.policies import deployment_side, kinesis_side, producer_policy
from kinesis_xacct.render import templates
from kinesis_xacct.synth import locks

from .helpers import EXAMPLE, ROOT, synth_main, variant


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


def _assigned(source: str, name: str):
    """The literal value a top-level ``NAME = ...`` of the notebook assigns."""
    node = next(n for n in ast.parse(source).body if isinstance(n, ast.Assign) and n.targets[0].id == name)
    return ast.literal_eval(node.value)


def test_notebook_is_python_and_reads_every_stream():
    src = notebook(**{"kinesis_account.streams": [{"name": "testStream"}, {"name": "orders.v2"}]})
    assert src.startswith("# Databricks notebook source\n")
    assert _assigned(src, "STREAMS") == ["testStream", "orders.v2"]
    assert 'spark.readStream.format("kinesis")' in src
    assert _options(src) == {
        "streamName": "stream_name",
        "region": "us-east-1",
        "roleArn": "arn:aws:iam::222222222222:role/KinesisCrossAccountRole",
        "roleSessionName": "kinesis-xacct-validate",
        "stsEndpoint": "sts.us-east-1.amazonaws.com",  # no sts_endpoint in the config: the regional endpoint
        "initialPosition": "INITIAL_POSITION",  # computed when the notebook runs (below)
        "maxFetchRate": "0.5",
        "checkpointLocation": "checkpoint",
    }


def test_default_reads_a_recent_window_computed_when_the_notebook_runs():
    """No initial_position in the config: at_timestamp = now - validation_window_minutes, never the retention."""
    src = notebook()
    assert parse_config(variant()).databricks.initial_position is None
    assert _assigned(src, "WINDOW_MINUTES") == 15
    assert "datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=WINDOW_MINUTES)" in src
    assert '"earliest"' not in src and '"trim_horizon"' not in src
    assert _assigned(notebook(**{"databricks.validation_window_minutes": 90}), "WINDOW_MINUTES") == 90


@pytest.mark.parametrize(
    ("partition", "region", "host"),
    [
        ("aws", "eu-west-1", "sts.eu-west-1.amazonaws.com"),
        ("aws-us-gov", "us-gov-west-1", "sts.us-gov-west-1.amazonaws.com"),
        ("aws-cn", "cn-north-1", "sts.cn-north-1.amazonaws.com.cn"),
    ],
)
def test_default_sts_endpoint_is_the_regional_one_of_the_partition(partition, region, host):
    src = notebook(**{"partition": partition, "region": region})
    assert _options(src)["stsEndpoint"] == host


@pytest.mark.parametrize(
    "given",
    ["sts.us-east-1.amazonaws.com", "https://sts.us-east-1.amazonaws.com", "https://sts.us-east-1.amazonaws.com/"],
)
def test_notebook_external_id_only_when_set_and_the_given_sts_endpoint(given):
    src = notebook(
        **{
            "kinesis_account.external_id": "myExternalCode",
            "databricks.sts_endpoint": given,
            "databricks.initial_position": "latest",
        }
    )
    opts = _options(src)
    assert opts["roleExternalId"] == "myExternalCode"
    assert "roleExternalId" not in _options(notebook())
    # The guide's (and the Databricks docs') form of stsEndpoint: the host, whichever form the config uses.
    assert opts["stsEndpoint"] == "sts.us-east-1.amazonaws.com"
    assert _assigned(src, "INITIAL_POSITION") == "latest"


def test_notebook_at_timestamp_position_is_the_connectors_json():
    src = notebook(
        **{"databricks.initial_position": "at_timestamp", "databricks.initial_timestamp": "2024-01-31T00:00:00+0000"}
    )
    assert json.loads(_assigned(src, "INITIAL_POSITION")) == {
        "at_timestamp": "2024-01-31T00:00:00+0000",
        "format": "yyyy-MM-dd'T'HH:mm:ssZ",
    }


def test_notebook_read_is_bounded_and_counts_from_the_query():
    src = notebook()
    tree = ast.parse(src)
    calls = {getattr(n.func, "attr", getattr(n.func, "id", None)) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert {"trigger", "awaitTermination", "display", "exit"} <= calls
    assert "foreachBatch" not in calls  # no closure: on Spark Connect it could not report back
    assert "query.recentProgress" in src and '["numInputRows"]' in src
    assert 'spark.conf.set("spark.sql.streaming.numRecentProgressUpdates"' in src
    assert 'writeStream.format("noop")' in src and "shutil.rmtree(checkpoints" in src
    assert "display(read_stream" not in src  # no unbounded display of a stream
    assert "NO RECORDS" in src


def test_read_write_notebook_says_the_write_is_not_exercised():
    src = notebook(**{"kinesis_account.access": "read-write"})
    assert "The write half of read-write is not exercised here" in src
    assert 'writeStream.format("kinesis")' not in src
    assert "not exercised" not in notebook()


def test_strict_undefined_fails_on_a_missing_value():
    with pytest.raises(jinja2.UndefinedError):
        templates._ENV.get_template("validate_kinesis.py.j2").render(region="us-east-1")


def test_runbook_validate_section_names_the_job_and_the_owner():
    cfg = parse_config(variant(**{"databricks.groups": ["users"]}))
    text = templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))
    validate = text[text.index("## Validate") : text.index("## Roll back")]
    assert "make run-validation CONFIG=x.yaml" in validate and "databricks jobs" not in validate
    assert "single_user_name" in validate and "`users`" in validate
    for access in ("read-write", "full"):
        cfg = parse_config(variant(**{"kinesis_account.access": access}))
        text = templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))
        assert ("writing is not exercised" in text) is (access == "read-write")


def test_runbook_lists_both_accounts():
    cfg = parse_config(variant(**{"kinesis_account.streams.0.create": True}))
    text = templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))
    assert "B `222222222222`" in text and "A `111111111111`" in text
    assert "Kinesis stream, provisioned, 1 shard, SSE-KMS with a new KMS key" in text
    assert "iam:PassRole on `arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole` to EC2 only" in text


def test_secrets_from_the_environment_never_reach_the_output(tmp_path):
    secret_token, secret_key = "dapi-SECRET-0123456789", "wJalrXUtnFEMI/K7MDENG/SECRETKEY"
    out = tmp_path / "out"
    proc = synth_main(
        EXAMPLE,
        out,
        extra_env={
            "DATABRICKS_TOKEN": secret_token,
            "DATABRICKS_HOST": "https://h.example",
            "AWS_SECRET_ACCESS_KEY": secret_key,
        },
    )
    assert proc.returncode == 0, proc.stderr
    everything = proc.stdout + proc.stderr + "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    assert secret_token not in everything and secret_key not in everything
    assert "h.example" not in everything  # the host too comes from the environment at deploy time


def _runbook(**changes) -> str:
    cfg = parse_config(variant(**changes))
    return templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))


def _json_blocks(text: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", text, re.DOTALL)]


GIVEN_KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_runbook_lists_the_keys_and_the_producer_policy_to_copy():
    changes = {
        "kinesis_account.streams": [
            {"name": "testStream"},
            {"name": "orders", "create": True},
            {"name": "clicks", "create": True, "mode": "on-demand"},
            {"name": "given", "create": True, "kms_key_arn": GIVEN_KEY},
        ]
    }
    text = _runbook(**changes)
    cfg = parse_config(variant(**changes))
    created = {s.name: s for s in kinesis_side(cfg).created_streams}
    assert "## Keys and producers" in text and "output -json kms_key_arns" in text
    assert '| `orders` | created by the stack: `kms_key_arns["orders"]` |' in text
    assert f"| `given` | given: `{GIVEN_KEY}` |" in text
    # The policies shown are the builder's, one per created stream, with the given key or the output's name.
    want = [
        producer_policy(cfg, created["orders"], templates.key_placeholder("orders")).to_dict(),
        producer_policy(cfg, created["clicks"], templates.key_placeholder("clicks")).to_dict(),
        producer_policy(cfg, created["given"], GIVEN_KEY).to_dict(),
    ]
    assert _json_blocks(text) == want
    assert "Kinesis stream, on-demand, SSE-KMS with a new KMS key" in text
    assert "destroy also deregisters its consumers" in text and "enforce_consumer_deletion" in text


def test_runbook_without_created_streams_has_no_producer_section():
    text = _runbook()
    assert "## Keys and producers" not in text and "kms_key_arns" not in text and _json_blocks(text) == []
    assert "\n\n## Validate\n" in text


def test_runbook_deploy_section_explains_the_recreated_role():
    text = _runbook()
    assert "**Always deploy both stacks together**" in text
    assert "unique ID (`AROA...`)" in text and "is not authorized to perform: sts:AssumeRole" in text
    assert "Always deploy both stacks together" in _runbook(**{"kinesis_account.trust": "account"})
    assert "AROA" not in _runbook(**{"kinesis_account.trust": "account"})


def test_runbook_full_with_a_key_shows_the_inline_key_statement():
    text = _runbook(**{"kinesis_account.access": "full", "kinesis_account.streams.0.kms_key_arn": GIVEN_KEY})
    assert (
        "inline policy `KinesisCrossAccountRole` (full: the stream keys, which AmazonKinesisFullAccess "
        "does not grant) | UseStreamKeys |" in text
    )
    assert "managed policy attachment | `arn:aws:iam::aws:policy/AmazonKinesisFullAccess`" in text


def _runbook_section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_runbook_adopting_section_lists_the_imported_objects():
    cfg = parse_config(
        variant(
            **{
                "adopt_existing": True,
                "kinesis_account.external_id": "ext-1",
                "kinesis_account.streams": [{"name": "made", "create": True}, {"name": "old"}],
            }
        )
    )
    section = _runbook_section(
        templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg)), "Adopting a hand-made setup"
    )
    rows = [line for line in section.splitlines() if line.startswith("| ") and "imported object" not in line]
    assert rows == [
        "| B `222222222222` | `kinesis-account` | IAM role `KinesisCrossAccountRole` |",
        "| B `222222222222` | `kinesis-account` | Kinesis stream `made` |",
        "| A `111111111111` | `deployment-account` | IAM role `DatabricksToKinesisAssumeRole` |",
        "| A `111111111111` | `deployment-account` | instance profile `DatabricksToKinesisAssumeRole` |",
    ]
    assert "Cannot import non-existent remote object" in section and "make plan CONFIG=x.yaml" in section
    assert "exactly\n`arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole`, with the external ID" in section
    assert "aws_iam_role_policies_exclusive" in section


def test_runbook_without_adopt_says_how_to_adopt():
    cfg = parse_config(variant())
    section = _runbook_section(
        templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg)), "Adopting a hand-made setup"
    )
    assert "EntityAlreadyExists" in section and "`adopt_existing: true`" in section
    assert "imported object" not in section


def test_runbook_validate_section_says_what_is_read_and_what_the_counts_mean():
    validate = _runbook()[_runbook().index("## Validate") :]
    assert "the records of the last 15 minutes of each stream" in validate and "never the whole retention" in validate
    assert "`maxFetchRate` 0.5 MB/s per shard" in validate and "numInputRows" in validate
    assert "NO RECORDS in ..." in validate and "access works" in validate and "write a record" in validate
    assert "`sts.us-east-1.amazonaws.com`, the regional endpoint of `us-east-1`" in validate
    whole = _runbook(**{"databricks.initial_position": "earliest"})
    assert "from `initialPosition` `earliest`: its whole retention" in whole
    assert "0 records from an empty stream is a working read" not in whole + validate


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_runbook_read_from_your_own_code_gives_the_options_of_the_mode():
    cfg = parse_config(variant(**{"kinesis_account.external_id": "ext-123", "kinesis_account.access": "read-efo"}))
    text = templates.render_runbook(cfg, "my.yaml", kinesis_side(cfg), deployment_side(cfg), out="my-out")
    read = _section(text, "Read from your own code")
    assert f'.option("roleArn", "{cfg.kinesis_role_arn}")' in read
    assert '.option("roleExternalId", "ext-123")' in read and '.option("consumerMode", "efo")' in read
    assert f"roleArn => '{cfg.kinesis_role_arn}'" in read and "read_kinesis(" in read
    assert "@dlt.table" in read and "serviceCredential" not in read
    assert "`my-out/validate_kinesis.py`" in read


def test_runbook_service_credential_mode_lists_the_job_and_reads_with_the_credential():
    from kinesis_xacct.iam.policies import credential_side
    from kinesis_xacct.ops.load import load_config

    cfg = load_config(ROOT / "config" / "service-credential.yaml")
    text = templates.render_runbook(cfg, "sc.yaml", kinesis_side(cfg), credential_side(cfg))
    created = _section(text, "What is created where")
    assert f"job `{cfg.databricks.cluster_name}-job`" in created
    read = _section(text, "Read from your own code")
    assert f'.option("serviceCredential", "{cfg.databricks.service_credential_name}")' in read
    assert "roleArn" not in read


def test_runbook_says_which_providers_the_committed_locks_pin():
    cfg = parse_config(variant())
    text = templates.render_runbook(
        cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg), locked=locks.provider_locks(cfg)
    )
    locks_part = text[text.index("### Provider versions") :].split("\n\n")[1]
    assert "`hashicorp/aws`" in locks_part
    assert "recorded\nby the first `terraform init`" in locks_part or "first `terraform init`" in locks_part
    assert "`databricks/databricks`" in locks_part.split("first `terraform init`")[1]


def test_runbook_commands_carry_config_and_out():
    cfg = parse_config(variant())
    text = templates.render_runbook(cfg, "my dir/my.yaml", kinesis_side(cfg), deployment_side(cfg), out="o")
    assert "make deploy CONFIG='my dir/my.yaml' OUT=o" in text
    assert "make destroy CONFIG='my dir/my.yaml' OUT=o" in text
    assert "XACCT_CONFIG='my dir/my.yaml' cdktf deploy kinesis-account deployment-account --output o" in text
    assert "cdktf.out" not in text
