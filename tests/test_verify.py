"""``verify``'s parts that need no account: drift between documents, the endpoint-policy evaluation (PMapper's
resource-policy matching), the exit status and the JSON of the findings. The live reads are in
tests/test_verify_emulator.py."""

from __future__ import annotations

import json

from kinesis_xacct.iam import evaluate as ev
from kinesis_xacct.iam.modes import deployment_side
from kinesis_xacct.ops import verify_drift as drift
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.ops.verify_report import BROKEN, HOLDS, NOT_CHECKED, Row, as_json, as_table, exit_status

from .helpers import ROOT

ROLE = "arn:aws:iam::222222222222:role/KinesisCrossAccountRole"
STREAM = "arn:aws:kinesis:us-east-1:222222222222:stream/testStream"


def test_a_document_read_back_as_iam_stores_it_is_no_drift():
    """One value or a list of one, another order of actions and statements: the same document."""
    declared = deployment_side(load_config(ROOT / "config" / "example.yaml")).trust_policy.to_dict()
    stored = json.loads(json.dumps(declared))
    for s in stored["Statement"]:
        s["Action"] = [s["Action"]] if isinstance(s["Action"], str) else list(reversed(s["Action"]))
        s["Principal"] = {k: [v] if isinstance(v, str) else v for k, v in s["Principal"].items()}
    stored["Statement"].reverse()
    assert drift.differences(declared, stored) == []


def test_each_difference_is_named():
    declared = {
        "Statement": [
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": ["kinesis:GetRecords", "kinesis:ListShards"],
                "Resource": STREAM,
            }
        ]
    }
    read = {
        "Statement": [
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": ["kinesis:ListShards", "kinesis:PutRecord"],
                "Resource": STREAM,
            },
            {
                "Sid": "ByHand",
                "Effect": "Allow",
                "Principal": {"AWS": "AROAEXAMPLEUNIQUEID01"},
                "Action": "sts:AssumeRole",
            },
        ]
    }
    found = drift.differences(declared, read)
    assert "statement Read: Action missing kinesis:GetRecords; added kinesis:PutRecord" in found
    assert any(d.startswith("statement ByHand was added") for d in found)
    assert any("AROAEXAMPLEUNIQUEID01 is a unique ID" in d for d in found), found
    assert drift.unique_ids(read) == ["AROAEXAMPLEUNIQUEID01"]


def test_a_service_credentials_external_id_takes_the_placeholders_place():
    trust = {
        "Statement": [
            {
                "Sid": "T",
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"AWS": ROLE},
                "Condition": {"StringEquals": {"sts:ExternalId": "<external ID>"}},
            }
        ]
    }
    assert drift.external_ids(drift.substitute(trust, "<external ID>", "abc-123")) == ["abc-123"]
    assert drift.substitute(trust, None, "abc-123") == trust


def test_an_endpoint_policy_lets_through_only_what_it_allows():
    only_other = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "kinesis:*",
                "Resource": "arn:aws:kinesis:us-east-1:414351767826:stream/*",
            }
        ]
    }
    everything = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
    denied = {
        "Statement": [
            *everything["Statement"],
            {"Effect": "Deny", "Principal": "*", "Action": "kinesis:GetRecords", "Resource": STREAM},
        ]
    }
    assert not ev.endpoint_allows(ROLE, "kinesis:GetRecords", STREAM, only_other)
    assert ev.endpoint_allows(ROLE, "kinesis:GetRecords", STREAM, everything)
    assert not ev.endpoint_allows(ROLE, "kinesis:GetRecords", STREAM, denied)
    assert ev.endpoint_allows(ROLE, "kinesis:ListShards", STREAM, denied)


def test_the_run_fails_on_a_broken_or_unreadable_row_not_on_a_plain_not_checked_one():
    holds = Row("p", "hop", "222222222222", HOLDS, "fine")
    databricks = Row("p", "Databricks workspace", "databricks", NOT_CHECKED, "the Databricks checks did not run")
    unreadable = Row("p", "hop", "222222222222", NOT_CHECKED, "could not read", "fix", unreadable=True)
    broken = Row("p", "hop", "222222222222", BROKEN, "refused", "re-apply")
    assert exit_status([holds, databricks]) == 0
    assert exit_status([holds, unreadable]) == 1
    assert exit_status([holds, broken]) == 1
    report = json.loads(as_json([holds, broken], "c.yaml"))
    assert report["ok"] is False and report["counts"] == {"holds": 1, "broken": 1, "drift": 0, "not checked": 0}
    table = as_table([holds, broken])
    assert "fix: re-apply" in table and table.endswith("NOT everything checked holds")


def test_the_scheduled_verify_workflow_is_valid_read_only_and_runs_verify():
    """.github/workflows/verify.yml: GitHub's workflow schema, a schedule and a manual start, OIDC on the job only,
    and the step that runs verify (zizmor audits it with the others: tests/test_workflows.py; its drift and
    policy-check jobs: tests/test_policy_files.py)."""
    import subprocess

    import yaml

    from .helpers import VENV_BIN

    path = ROOT / ".github" / "workflows" / "verify.yml"
    proc = subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    workflow = yaml.safe_load(path.read_text())
    on = workflow[True]
    assert on["schedule"] and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read"}
    job = workflow["jobs"]["verify"]
    assert job["permissions"] == {"contents": "read", "id-token": "write"}
    assert job["if"] == "github.event_name != 'pull_request'"
    runs = " ".join(s.get("run", "") for s in job["steps"])
    assert 'python -m kinesis_xacct verify --config "$XACCT_CONFIG" --json' in runs
    assert "${{" not in runs  # no expression in a shell line (template injection)
