"""The jinja2 templates: the validation notebook and the runbook."""

from __future__ import annotations

import ast
import json
import re
from typing import cast

import jinja2
import pytest

from kinesis_xacct.config import parse_config
from kinesis_xacct.iam.policies import credential_side, deployment_side, kinesis_side
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.render import templates
from kinesis_xacct.synth import locks

from .helpers import EXAMPLE, ROOT, Section, markdown_sections, synth_main, variant


def notebook(**changes) -> str:
    return templates.render_notebook(parse_config(variant(**changes)))


def _options(source: str) -> dict[object, object]:
    """The literal .option(name, value) pairs of the notebook, read from its syntax tree."""
    found: dict[object, object] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "option":
            name = cast(ast.Constant, node.args[0]).value
            value = node.args[1]
            found[name] = value.value if isinstance(value, ast.Constant) else ast.unparse(value)
    return found


def _assigned(source: str, name: str):
    """The literal value a top-level ``NAME = ...`` of the notebook assigns."""
    node = next(
        n for n in ast.parse(source).body if isinstance(n, ast.Assign) and cast(ast.Name, n.targets[0]).id == name
    )
    return ast.literal_eval(node.value)


def test_notebook_is_python_and_reads_every_stream():
    src = notebook(**{"kinesis_account.streams": [{"name": "testStream"}, {"name": "orders.v2"}]})
    assert src.startswith("# Databricks notebook source\n")
    reads = _assigned(src, "READS")
    assert [r["stream"] for r in reads] == ["testStream", "orders.v2"]
    assert reads[0] == {
        "label": "testStream",  # one-pair: the stream's name labels its count
        "stream": "testStream",
        "region": "us-east-1",
        "access": "read",
        "consumerName": None,
        "roleArn": "arn:aws:iam::222222222222:role/KinesisCrossAccountRole",
        "roleExternalId": None,
        "stsEndpoint": "sts.us-east-1.amazonaws.com",  # no sts_endpoint in the config: the regional endpoint
    }
    assert 'spark.readStream.format("kinesis")' in src
    assert _options(src) == {
        "streamName": "read['stream']",
        "region": "read['region']",
        "roleArn": "read['roleArn']",
        "roleSessionName": "kinesis-xacct-validate",
        "stsEndpoint": "read['stsEndpoint']",
        "initialPosition": "INITIAL_POSITION",  # computed when the notebook runs (below)
        "maxFetchRate": "0.5",
        "roleExternalId": "read['roleExternalId']",  # only when the read has one
        "consumerMode": "efo",  # only for a read-efo read
        "consumerName": "read['consumerName']",
        "requireConsumerDeregistration": "true",
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
    assert _assigned(src, "READS")[0]["stsEndpoint"] == host


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
    (read,) = _assigned(src, "READS")
    assert read["roleExternalId"] == "myExternalCode"
    assert _assigned(notebook(), "READS")[0]["roleExternalId"] is None
    # The guide's (and the Databricks docs') form of stsEndpoint: the host, whichever form the config uses.
    assert read["stsEndpoint"] == "sts.us-east-1.amazonaws.com"
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
    assert 'writeStream.format("noop")' in src and "dbutils.fs.rm(checkpoints, True)" in src
    assert "display(read_stream" not in src  # no unbounded display of a stream
    assert "NO RECORDS" in src


def test_read_write_notebook_says_the_write_is_not_exercised():
    src = notebook(**{"kinesis_account.access": "read-write"})
    assert "The write half of read-write is not exercised here" in src
    assert 'writeStream.format("kinesis")' not in src
    assert "not exercised" not in notebook()


def test_strict_undefined_fails_on_a_missing_value():
    with pytest.raises(jinja2.UndefinedError):
        templates.ENV.get_template("validate_kinesis.py.j2").render(region="us-east-1")


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


B_ROLE = "arn:aws:iam::222222222222:role/KinesisCrossAccountRole"
A_ROLE = "arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole"
GIVEN_KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"


def _render(cfg, config: str = "x.yaml", **kw) -> str:
    side = credential_side(cfg) if cfg.uses_service_credential else deployment_side(cfg)
    return templates.render_runbook(cfg, config, kinesis_side(cfg), side, **kw)


def _runbook(**changes) -> str:
    return _render(parse_config(variant(**changes)))


def _sections(text_or_changes: str | dict | None = None) -> dict[str, Section]:
    """The RUNBOOK's ``## `` sections (with their tables) of the example config with dotted changes."""
    text = text_or_changes if isinstance(text_or_changes, str) else _runbook(**(text_or_changes or {}))
    return markdown_sections(text)


def _created(sections: dict[str, Section]) -> list[tuple[str, ...]]:
    """The rows of "What is created where": (account, stack, resource, name / ARN)."""
    (table,) = sections["What is created where"].tables
    assert table.header == ("account", "stack", "resource", "name / ARN")
    return list(table.rows)


def _json_blocks(text: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", text, re.DOTALL)]


def test_runbook_sections_in_order():
    assert list(_sections()) == [
        "",
        "What is created where",
        "Access chain",
        "Deploy order",
        "Adopting a hand-made setup",
        "Validate",
        "Roll back",
        "Read from your own code",
        "The two modes side by side",
    ]
    created = list(_sections({"kinesis_account.streams.0.create": True}))
    assert created[created.index("Deploy order") + 1] == "Keys and producers"


def test_runbook_validate_section_names_the_job_and_the_owner():
    validate = _sections({"databricks.groups": ["users"]})["Validate"].text
    assert "make run-validation CONFIG=x.yaml" in validate and "databricks jobs" not in validate
    assert "single_user_name" in validate and "`users`" in validate
    for access in ("read-write", "full"):
        validate = _sections({"kinesis_account.access": access})["Validate"].text
        assert ("writing is not exercised" in validate) is (access == "read-write")


def test_runbook_lists_both_accounts():
    rows = _created(_sections({"kinesis_account.streams.0.create": True}))
    assert [(account, stack) for account, stack, _, _ in rows] == [
        ("B `222222222222` (streams)", "`kinesis-account`"),
        ("B `222222222222`", "`kinesis-account`"),
        ("B `222222222222`", "`kinesis-account`"),
        ("A `111111111111` (workspace)", "`deployment-account`"),
        ("A `111111111111`", "`deployment-account`"),
        ("A `111111111111`", "`deployment-account`"),
        *[("Databricks workspace", "`deployment-account`")] * 4,
    ]
    assert rows[0][2:] == ("IAM role (trust: role)", f"`{B_ROLE}`")
    assert rows[2][2:] == (
        "Kinesis stream, provisioned, 1 shard, SSE-KMS with a new KMS key (rotation on); destroy also deregisters "
        "its consumers",
        "`arn:aws:kinesis:us-east-1:222222222222:stream/testStream`",
    )
    assert rows[4][2:] == (
        "instance profile",
        "`arn:aws:iam::111111111111:instance-profile/DatabricksToKinesisAssumeRole`",
    )
    assert rows[5][2:] == (
        "inline policy `kinesis-xacct-passrole-DatabricksToKinesisAssumeRole` on the existing role "
        "`databricks-cross-account`",
        f"iam:PassRole on `{A_ROLE}` to EC2 only",
    )


def _producer_policy(stream: str, key: str) -> dict:
    """The producer's policy as AWS documents it ("Permissions to use user-generated KMS keys"), written out."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PutRecords",
                "Effect": "Allow",
                "Action": ["kinesis:PutRecord", "kinesis:PutRecords"],
                "Resource": f"arn:aws:kinesis:us-east-1:222222222222:stream/{stream}",
            },
            {
                "Sid": "EncryptWithStreamKey",
                "Effect": "Allow",
                "Action": "kms:GenerateDataKey",
                "Resource": key,
                "Condition": {"StringEquals": {"kms:ViaService": "kinesis.us-east-1.amazonaws.com"}},
            },
        ],
    }


def test_runbook_lists_the_keys_and_the_producer_policy_to_copy():
    sections = _sections(
        {
            "kinesis_account.streams": [
                {"name": "testStream"},
                {"name": "orders", "create": True},
                {"name": "clicks", "create": True, "mode": "on-demand"},
                {"name": "given", "create": True, "kms_key_arn": GIVEN_KEY},
            ]
        }
    )
    keys = sections["Keys and producers"]
    assert "output -json kms_key_arns" in keys.text
    (table,) = keys.tables
    assert table.header == ("stream", "key")
    assert table.rows == (
        ("`orders`", 'created by the stack: `kms_key_arns["orders"]`'),
        ("`clicks`", 'created by the stack: `kms_key_arns["clicks"]`'),
        ("`given`", f"given: `{GIVEN_KEY}`"),
    )
    # One policy per created stream, with the given key or a placeholder naming the output.
    assert _json_blocks(keys.text) == [
        _producer_policy("orders", '<kms_key_arns["orders"] of kinesis-account>'),
        _producer_policy("clicks", '<kms_key_arns["clicks"] of kinesis-account>'),
        _producer_policy("given", GIVEN_KEY),
    ]
    resources = {arn.strip("`").split("/")[-1]: resource for _, _, resource, arn in _created(sections)}
    assert resources["clicks"] == (
        "Kinesis stream, on-demand, SSE-KMS with a new KMS key (rotation on); destroy also deregisters its consumers"
    )
    assert "enforce_consumer_deletion" in sections["Roll back"].text


def test_runbook_without_created_streams_has_no_producer_section():
    text = _runbook()
    assert "Keys and producers" not in _sections(text) and "kms_key_arns" not in text and _json_blocks(text) == []


def test_runbook_deploy_section_explains_the_recreated_role():
    deploy = _sections()["Deploy order"].text
    assert "**Always deploy both stacks together**" in deploy
    assert "unique ID (`AROA...`)" in deploy and "is not authorized to perform: sts:AssumeRole" in deploy
    account = _sections({"kinesis_account.trust": "account"})["Deploy order"].text
    assert "Always deploy both stacks together" in account and "AROA" not in account


def test_runbook_full_with_a_key_shows_the_inline_key_statement():
    rows = _created(_sections({"kinesis_account.access": "full", "kinesis_account.streams.0.kms_key_arn": GIVEN_KEY}))
    assert rows[1:4] == [
        (
            "B `222222222222`",
            "`kinesis-account`",
            "inline policy `KinesisCrossAccountRole` (full: the stream keys, which AmazonKinesisFullAccess does not "
            "grant)",
            "UseStreamKeys",
        ),
        (
            "B `222222222222`",
            "`kinesis-account`",
            "managed policy attachment",
            "`arn:aws:iam::aws:policy/AmazonKinesisFullAccess`",
        ),
        ("B `222222222222`", "(given)", "KMS key of a stream: `kms:Decrypt` through Kinesis only", f"`{GIVEN_KEY}`"),
    ]


def test_runbook_adopting_section_lists_the_imported_objects():
    section = _sections(
        {
            "adopt_existing": True,
            "kinesis_account.external_id": "ext-1",
            "kinesis_account.streams": [{"name": "made", "create": True}, {"name": "old"}],
        }
    )["Adopting a hand-made setup"]
    (table,) = section.tables
    assert table.header == ("account", "stack", "imported object (import ID)")
    assert table.rows == (
        ("B `222222222222`", "`kinesis-account`", "IAM role `KinesisCrossAccountRole`"),
        ("B `222222222222`", "`kinesis-account`", "Kinesis stream `made`"),
        ("A `111111111111`", "`deployment-account`", "IAM role `DatabricksToKinesisAssumeRole`"),
        ("A `111111111111`", "`deployment-account`", "instance profile `DatabricksToKinesisAssumeRole`"),
    )
    text = section.text
    assert "Cannot import non-existent remote object" in text and "make plan CONFIG=x.yaml" in text
    assert f"exactly\n`{A_ROLE}`, with the external ID" in text
    assert "aws_iam_role_policies_exclusive" in text


def test_runbook_without_adopt_says_how_to_adopt():
    section = _sections()["Adopting a hand-made setup"]
    assert "EntityAlreadyExists" in section.text and "`adopt_existing: true`" in section.text
    assert section.tables == ()


def test_runbook_validate_section_says_what_is_read_and_what_the_counts_mean():
    validate = _sections()["Validate"].text
    assert "the records of the last 15 minutes of each stream" in validate and "never the whole retention" in validate
    assert "`maxFetchRate` 0.5 MB/s per shard" in validate and "numInputRows" in validate
    assert "NO RECORDS in ..." in validate and "access works" in validate and "write a record" in validate
    assert "`sts.us-east-1.amazonaws.com`, the regional endpoint of `us-east-1`" in validate
    whole = _sections({"databricks.initial_position": "earliest"})["Validate"].text
    assert "from `initialPosition` `earliest`: its whole retention" in whole
    assert "0 records from an empty stream is a working read" not in whole + validate


def test_runbook_read_from_your_own_code_gives_the_options_of_the_mode():
    cfg = parse_config(variant(**{"kinesis_account.external_id": "ext-123", "kinesis_account.access": "read-efo"}))
    read = _sections(_render(cfg, "my.yaml", out="my-out"))["Read from your own code"].text
    assert f'.option("roleArn", "{B_ROLE}")' in read
    assert '.option("roleExternalId", "ext-123")' in read and '.option("consumerMode", "efo")' in read
    assert f"roleArn => '{B_ROLE}'" in read and "read_kinesis(" in read
    assert "@dlt.table" in read and "serviceCredential" not in read
    assert "`my-out/validate_kinesis.py`" in read


def test_runbook_service_credential_mode_lists_the_job_and_reads_with_the_credential():
    sections = _sections(_render(load_config(ROOT / "config" / "service-credential.yaml"), "sc.yaml"))
    jobs = [row for row in _created(sections) if row[2].startswith("job ")]
    assert jobs == [
        (
            "Databricks workspace",
            "`deployment-account`",
            "job `kinesis-xacct-validation-job`: the notebook on its own standard access mode job cluster (what "
            '"Validate" runs)',
            "output `job_id`",
        )
    ]
    read = sections["Read from your own code"].text
    assert '.option("serviceCredential", "kinesis-xacct-kinesiscrossaccountrole-222222222222")' in read
    assert "roleArn" not in read


def test_runbook_says_which_providers_the_committed_locks_pin():
    cfg = parse_config(variant())
    deploy = _sections(_render(cfg, locked=locks.provider_locks(cfg)))["Deploy order"].text
    locks_part = deploy[deploy.index("### Provider versions") :].split("\n\n")[1]
    pinned, recorded = locks_part.split("first `terraform init`")
    assert "`hashicorp/aws`" in pinned and "`databricks/databricks`" not in pinned
    assert "`databricks/databricks`" in recorded


def test_runbook_commands_carry_config_and_out():
    sections = _sections(_render(parse_config(variant()), "my dir/my.yaml", out="o"))
    deploy, roll_back = sections["Deploy order"].text, sections["Roll back"].text
    assert "make deploy CONFIG='my dir/my.yaml' OUT=o" in deploy
    assert "XACCT_CONFIG='my dir/my.yaml' cdktf deploy kinesis-account deployment-account --output o" in deploy
    assert "make destroy CONFIG='my dir/my.yaml' OUT=o" in roll_back
    assert "cdktf.out" not in "\n".join(s.text for s in sections.values())
