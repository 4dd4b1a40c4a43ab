"""`make run-validation`'s result handling, on response SHAPES built with the Databricks SDK's own dataclasses.

No workspace is reachable here: these tests prove how a finished run and its task output (as the SDK returns them,
``jobs.Run`` / ``jobs.RunOutput``) become the printed counts, the exit status and the named likely cause. That the
job really runs, and the exact failure texts a workspace produces, only a real workspace shows.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from databricks.sdk.service import jobs

from kinesis_xacct.config import parse_config
from kinesis_xacct.ops import run_validation as rv

from .helpers import ROOT, load_yaml, tool_env


def _run(result: jobs.RunResultState, message: str = "") -> jobs.Run:
    return jobs.Run(
        run_id=7,
        run_page_url="https://dbc.example/#job/1/run/7",
        state=jobs.RunState(
            life_cycle_state=jobs.RunLifeCycleState.TERMINATED, result_state=result, state_message=message
        ),
        tasks=[jobs.RunTask(task_key="validate", run_id=8)],
    )


def _output(exit_value: dict | None = None, error: str | None = None, trace: str | None = None) -> jobs.RunOutput:
    notebook = jobs.NotebookOutput(result=json.dumps(exit_value)) if exit_value is not None else None
    return jobs.RunOutput(notebook_output=notebook, error=error, error_trace=trace)


def test_run_validation_result_handling_success_prints_counts(capsys):
    outcome = rv.interpret(
        _run(jobs.RunResultState.SUCCESS),
        # the notebook's exit value (templates/validate_kinesis.py.j2, last line)
        [
            _output(
                {"access": "read", "from": "initialPosition earliest", "records": {"a": 3, "b": 0}, "no_records": ["b"]}
            )
        ],
    )
    assert outcome.ok and outcome.streams == {"a": 3, "b": 0}
    assert rv.report_outcome(outcome) == 0
    out = capsys.readouterr().out
    assert "a: 3 records read" in out and "b: NO RECORDS in the window (access works)" in out


def test_run_validation_result_handling_error_in_exit_value_fails(capsys):
    exit_value = {"records": {"a": 3}, "error": "b: ResourceNotFoundException: Stream b under account 2 not found"}
    outcome = rv.interpret(_run(jobs.RunResultState.SUCCESS), [_output(exit_value)])
    assert not outcome.ok and outcome.streams == {"a": 3}
    assert rv.report_outcome(outcome) == 1
    assert "likely cause: missing stream" in capsys.readouterr().err


@pytest.mark.parametrize(
    "trace,cause",
    [
        (
            "com.amazonaws.services.securitytoken.model.AWSSecurityTokenServiceException: User: arn:aws:sts::1:"
            "assumed-role/A/i-1 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::2:role/B "
            "(Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied)",
            "AccessDenied on AssumeRole",
        ),
        (
            "AccessDenied: not authorized to perform: sts:AssumeRole (the condition sts:ExternalId did not match)",
            "external ID mismatch",
        ),
        ("KMSAccessDeniedException: The ciphertext refers to a customer master key that does not exist", "KMS"),
        ("ResourceNotFoundException: Stream testStream under account 222222222222 not found.", "missing stream"),
        (
            "LimitExceededException: Consumer limit of 20 reached for stream testStream; cannot register consumer",
            "EFO consumer limit",
        ),
        (
            "AccessDeniedException: User: arn:aws:sts::2:assumed-role/B/s is not authorized to perform: "
            "kinesis:SubscribeToShard",
            "AccessDenied on a Kinesis call",
        ),
    ],
)
def test_run_validation_result_handling_names_the_likely_cause(trace, cause):
    failed = _run(jobs.RunResultState.FAILED, "Task validate failed with message: Workload failed")
    outcome = rv.interpret(failed, [_output(error=trace.split(":")[0], trace=trace)])
    assert not outcome.ok
    assert outcome.cause is not None and outcome.cause.startswith(cause), outcome.cause


def test_run_validation_result_handling_unknown_failure_says_so(capsys):
    outcome = rv.interpret(_run(jobs.RunResultState.FAILED, "cluster could not start"), [_output()])
    assert not outcome.ok and outcome.cause is None and outcome.error == "cluster could not start"
    assert rv.report_outcome(outcome) == 1
    assert "not recognised" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["not json", "[1, 2]", '{"streams": {"a": 1}}'])
def test_run_validation_result_handling_a_malformed_exit_value_is_a_failure(value):
    run = _run(jobs.RunResultState.SUCCESS)
    outcome = rv.interpret(run, [jobs.RunOutput(notebook_output=jobs.NotebookOutput(result=value))])
    assert not outcome.ok and outcome.error


def test_stream_by_arn_is_read_by_its_name():
    data = load_yaml()
    data["kinesis_account"]["streams"] = [{"name": "arn:aws:kinesis:us-east-1:222222222222:stream/testStream"}]
    cfg = parse_config(data)
    [stream] = cfg.kinesis_account.streams
    assert (stream.name, stream.arn) == ("testStream", "arn:aws:kinesis:us-east-1:222222222222:stream/testStream")
    assert cfg.stream_arn(stream.name) == stream.arn


def _run_validation(out) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "run-validation", "--config", "config/example.yaml", "--out", str(out)],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("synthesized", [False, True], ids=["no-output-folder", "stack-folder-not-deployed"])
def test_run_validation_before_a_deploy_says_to_deploy_first_in_one_line(tmp_path, synthesized):
    """Before a deploy: one line naming the stack and the command to run; no class name, no dangling colon. The
    not-deployed stack folder is real Terraform's answer for a folder without state ("No outputs found")."""
    out = tmp_path / "out"
    if synthesized:
        (out / "stacks" / "deployment-account").mkdir(parents=True)
    proc = _run_validation(out)
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    line = lines[0]
    assert line.startswith("run-validation: deployment-account: "), line
    assert f"deploy first (make deploy CONFIG=config/example.yaml OUT={out})" in line, line
    assert "Error" not in line and not line.rstrip().endswith(":"), line
