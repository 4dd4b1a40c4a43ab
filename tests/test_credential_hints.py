"""A plan or deploy without credentials ends with our own hint: the keys of the failed stack's account and the
README's section. The output read is real Terraform's (and the real cdktf CLI's) against the moto emulator, in
an environment with no AWS credentials at all (no AWS_* keys, empty credentials and config files, no instance
metadata). The recognised phrases are also checked one by one against the lines the providers print."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kinesis_xacct.ops import credential_hints as hints
from kinesis_xacct.ops.cli import stack_names
from kinesis_xacct.ops.load import load_any

from .helpers import EXAMPLE, ROOT, load_yaml, tool_env, write_config


def _no_credentials(tmp: Path) -> dict[str, str]:
    empty = tmp / "empty-aws-file"
    empty.write_text("")
    env = {k: v for k, v in tool_env().items() if not k.startswith("AWS_") and k != "CI"}
    env.update(AWS_SHARED_CREDENTIALS_FILE=str(empty), AWS_CONFIG_FILE=str(empty), AWS_EC2_METADATA_DISABLED="true")
    return env


def _config(tmp: Path, url: str) -> Path:
    data = load_yaml(EXAMPLE)
    data["aws_endpoint_url"] = url
    data["databricks"] = {"enabled": False}  # the AWS side only: no Databricks provider in the offline mirror
    return write_config(tmp, data)


def _assert_aws_hint(text: str, stack: str, key: str) -> None:
    lines = [line for line in text.splitlines() if line.startswith("hint: ")]
    assert any(line.startswith(f"hint: {stack}: no usable AWS credentials for {key}.account_id") for line in lines), (
        text
    )
    keys = next(line for line in lines if line.startswith(f"hint: {stack}: give the account"))
    assert f"{key}.deploy_role_arn" in keys and f"{key}.profile" in keys and f"STACKS={stack}" in keys, keys
    assert any('README.md, "Deploying for real", step 2' in line for line in lines), lines
    assert any('"Credentials for the two accounts"' in line for line in lines), lines


@pytest.fixture(scope="module")
def planned(emulator, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plan-no-credentials")
    config = _config(tmp, emulator.url)
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "plan", "--config", str(config), "--out", str(tmp / "out")],
        cwd=ROOT,
        env=_no_credentials(tmp),
        capture_output=True,
        text=True,
        timeout=900,
    )
    return proc


def test_plan_without_credentials_summary_gives_each_stacks_first_error_and_the_hint(planned):
    assert planned.returncode == 1, planned.stdout + planned.stderr
    summary = planned.stdout.split("=== plan summary ===", 1)[1]
    for stack in ("deployment-account", "kinesis-account"):
        assert f"{stack}: error: Error: No valid credential sources found" in summary, summary
    _assert_aws_hint(summary, "kinesis-account", "kinesis_account")
    _assert_aws_hint(summary, "deployment-account", "deployment_account")
    # Terraform's own error is still shown as it came, on stderr
    assert "No valid credential sources found" in planned.stderr


def test_plan_output_has_no_spinner_frames_without_a_terminal(planned):
    """With stdout not a terminal the synth runs with CI=1: the CLI prints no spinner frame per tick."""
    assert planned.stdout.count("Synthesizing") <= 1, planned.stdout[:2000]


def test_deploy_without_credentials_ends_with_the_hint(emulator, tmp_path):
    config = _config(tmp_path, emulator.url)
    env = _no_credentials(tmp_path)
    env["DEPLOY_ARGS"] = "--auto-approve --skip-provider-lock"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kinesis_xacct",
            "deploy",
            "--config",
            str(config),
            "--out",
            str(tmp_path / "out"),
            "--stacks",
            "kinesis-account",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode != 0, proc.stdout + proc.stderr
    tail = proc.stderr.rstrip().splitlines()[-3:]
    assert all(line.startswith("hint: ") for line in tail), proc.stderr[-3000:]
    _assert_aws_hint("\n".join(tail), "kinesis-account", "kinesis_account")
    assert "deployment_account" not in "\n".join(tail)  # only the stack that ran


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Error: No valid credential sources found", hints.AWS),
        ("Error: failed to refresh cached credentials, no EC2 IMDS role found", hints.AWS),
        (
            "Error: validating provider credentials: retrieving caller identity from STS: operation error STS: "
            "GetCallerIdentity, https response error StatusCode: 403, api error InvalidClientTokenId: The security "
            "token included in the request is invalid.",
            hints.AWS,
        ),
        ("api error ExpiredToken: The security token included in the request is expired", hints.AWS),
        (
            "Error: Cannot assume IAM Role ... operation error STS: AssumeRole, https response error StatusCode: "
            "403, api error AccessDenied: User: arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole",
            hints.AWS,
        ),
        ("Error: AWS account ID not allowed: 123456789012", hints.WRONG_ACCOUNT),
        (
            "Error: cannot configure default credentials, please check https://docs.databricks.com/en/dev-tools/"
            "auth.html#databricks-client-unified-authentication to configure credentials for your preferred "
            "authentication method",
            hints.DATABRICKS,
        ),
        ("default auth: cannot configure default credentials", hints.DATABRICKS),
    ],
)
def test_each_providers_credentials_error_is_recognised(line, kind):
    framed = f"\x1b[31m│\x1b[0m \x1b[1m\x1b[31m{line}\x1b[0m\n│\n"
    found = hints.problem("Terraform will perform the following actions:\n" + framed)
    assert found is not None and found.kind == kind, found


def test_other_errors_get_no_hint():
    assert (
        hints.problem("Error: Invalid reference\n  on cdk.tf line 3\nError: creating IAM Role: EntityAlreadyExists")
        is None
    )


def test_organisation_stacks_name_their_source_and_consumer_keys(tmp_path):
    cfg = load_any(str(ROOT / "config" / "organisation.yaml"))
    data = yaml.safe_load((ROOT / "config" / "organisation.yaml").read_text())
    source, consumer = next(iter(data["sources"])), next(iter(data["consumers"]))
    found = hints.Problem(hints.AWS, "Error: No valid credential sources found")
    lines = hints.hint_lines(cfg, f"kinesis-account-{source}", found, "org.yaml")
    assert f"sources.{source}.deploy_role_arn" in "\n".join(lines)
    db = hints.hint_lines(cfg, f"deployment-account-{consumer}", hints.Problem(hints.DATABRICKS, "x"), "org.yaml")
    assert f"consumers.{consumer}.databricks.profile" in "\n".join(db)
    assert 'README.md, "Deploying for real", step 3' in db[-1]


@pytest.mark.parametrize("name", ["example", "organisation", "service-credential"])
def test_the_hint_names_the_runbooks_credentials_heading_as_generated(name):
    """The section the hint names is the heading the RUNBOOK of that config has (its golden output)."""
    cfg = load_any(str(ROOT / "config" / f"{name}.yaml"))
    stack = stack_names(cfg)[0]
    (line,) = [ln for ln in hints.hint_lines(cfg, stack, hints.Problem(hints.AWS, "x"), "c") if "RUNBOOK" in ln]
    section = line.split("RUNBOOK.md (next to the stacks), ", 1)[1].rstrip(".").strip('"')
    runbook = (ROOT / "tests" / "golden" / "outputs" / f"config-{name}" / "RUNBOOK.md").read_text()
    assert f"### {section}\n" in runbook, (stack, section)


def test_deploy_on_a_terminal_ends_with_the_pointer(emulator, tmp_path):
    """On a terminal the CLI runs as itself (its prompts and display need the terminal, so its output is not read):
    a failed deploy ends with the pointer to where each account's credentials are given. Run under a real
    pseudo-terminal (stdin, stdout and stderr), with no credentials at all."""
    import os

    config = _config(tmp_path, emulator.url)
    env = _no_credentials(tmp_path)
    env.update(DEPLOY_ARGS="--auto-approve --skip-provider-lock", TERM="xterm")
    main_fd, child_fd = os.openpty()
    cmd = [sys.executable, "-m", "kinesis_xacct", "deploy", "--config", str(config), "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(
        [*cmd, "--stacks", "kinesis-account"], cwd=ROOT, env=env, stdin=child_fd, stdout=child_fd, stderr=child_fd
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: every holder of the terminal has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    code = proc.wait(timeout=900)
    output = hints.plain(b"".join(chunks).decode(errors="replace"))
    assert code != 0, output[-3000:]
    assert hints.problem(output) is not None, output[-3000:]  # it failed for the credentials
    last = [line.strip() for line in output.splitlines() if line.strip()][-1]
    assert last.startswith("deploy failed; if the error above is about AWS or Databricks credentials"), output[-3000:]
    assert "deploy_role_arn or profile in" in last and 'README.md, "Deploying for real"' in last, last
