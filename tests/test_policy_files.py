"""``python -m kinesis_xacct policies``: the config's IAM documents as files with their manifest, the planning of
IAM Access Analyzer's custom policy checks between two versions (kinesis_xacct/ops/policy_checks.py), and the
verify workflow's drift and policy-check jobs. The Access Analyzer calls themselves need real AWS (docs/verify.md,
"In CI"): here the checks' command lines are checked against the AWS CLI's own parser up to the credentials."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kinesis_xacct.config import Config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.iam.document import PolicyDocument, RoleSpec
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.iam.modes import deployment_side
from kinesis_xacct.iam.policies import STREAM_WRITE_ACTIONS, kinesis_side
from kinesis_xacct.ops import policy_checks
from kinesis_xacct.ops.load import load_any
from kinesis_xacct.ops.policy_files import MANIFEST
from kinesis_xacct.synth.outdir import LOCK_SUFFIX, MARKER, write_marker

from . import iam_eval, tf
from .helpers import EXAMPLE, ROOT, SERVICE_CREDENTIAL, variant, write_config

ORGANISATION = ROOT / "config" / "organisation.yaml"
WORKFLOWS = ROOT / ".github" / "workflows"
VERIFY = WORKFLOWS / "verify.yml"


def _policies(config: Path, out: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "kinesis_xacct", "policies", "--config", str(config), "--out", str(out)]
    return tf.run(args, cwd, timeout=120, check=False)  # the tool environment, output captured


def _written(out: Path) -> dict[tuple[str, str, str], tuple[dict[str, Any], Any]]:
    """(account, owner, document) -> (manifest entry, the file's JSON)."""
    listed = json.loads((out / MANIFEST).read_text())["documents"]
    return {
        (e["account"], e["owner"]["name"], e["document"]): (e, json.loads((out / e["file"]).read_text()))
        for e in listed
    }


def _role(account: str, spec: RoleSpec) -> dict[tuple[str, str, str], PolicyDocument]:
    docs = {(account, spec.name, "trust"): spec.trust_policy}
    if spec.inline_policy is not None:
        docs[(account, spec.name, "inline")] = spec.inline_policy
    docs.update({(account, spec.name, f"managed:{n}"): d for n, d in spec.customer_policies})
    return docs


def _expected_pair(cfg: Config) -> dict[tuple[str, str, str], PolicyDocument]:
    """A one-pair config's documents, from the one-pair builders (not the organisation's mesh)."""
    side = kinesis_side(cfg)
    docs = _role(side.account_id, side.role_spec)
    docs.update({(side.account_id, s.name, "key-policy"): s.key_policy for s in side.created_streams if s.key_policy})
    if cfg.databricks.auth == "instance-profile":
        a = deployment_side(cfg)
        docs.update(_role(a.account_id, a.role_spec))
        docs[(a.account_id, a.workspace_role_name, f"passrole:{a.passrole_policy_name}")] = a.passrole_policy
    return docs


def _expected_org(org: Organisation) -> dict[tuple[str, str, str], PolicyDocument]:
    docs: dict[tuple[str, str, str], PolicyDocument] = {}
    sides = mesh(org)
    for source in sides.sources.values():
        for pair in source.pairs:
            docs.update(_role(source.account_id, pair.kinesis.role_spec))
        docs.update(
            {(source.account_id, s.name, "key-policy"): s.key_policy for s in source.created_streams if s.key_policy}
        )
    for consumer in sides.consumers.values():
        if (a := consumer.deployment) is not None:
            docs.update(_role(a.account_id, a.role_spec))
            docs[(a.account_id, a.workspace_role_name, f"passrole:{a.passrole_policy_name}")] = a.passrole_policy
    return docs


CREATED_KEY = {"kinesis_account.streams": [{"name": "created", "create": True}, {"name": "testStream"}]}


@pytest.mark.parametrize(
    "config",
    [EXAMPLE, SERVICE_CREDENTIAL, ORGANISATION, "created-key"],
    ids=["example", "service-credential", "organisation", "created-key"],
)
def test_the_documents_are_the_iam_packages(tmp_path: Path, config: Path | str):
    path = write_config(tmp_path, variant(**CREATED_KEY)) if config == "created-key" else Path(config)
    proc = _policies(path, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    cfg = load_any(path)
    expected = _expected_org(cfg) if isinstance(cfg, Organisation) else _expected_pair(cfg)
    written = _written(tmp_path / "out")
    assert {k: doc for k, (_, doc) in written.items()} == {k: d.to_dict() for k, d in expected.items()}
    if config == SERVICE_CREDENTIAL:  # nothing of this project in A's AWS account
        assert isinstance(cfg, Config) and {k[0] for k in written} == {cfg.kinesis_account.account_id}
    if config == "created-key":
        assert written[("222222222222", "created", "key-policy")][0]["policy_type"] == "RESOURCE_POLICY"
    listed = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert listed["config"] == str(path) and len({e["id"] for e in listed["documents"]}) == len(written)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        [MANIFEST, MARKER, *(e["file"] for e in listed["documents"])]
    )


def test_the_manifest_names_each_documents_policy_type_and_a_read_modes_forbidden_writes(tmp_path: Path):
    assert iam_eval.WRITE_ACTIONS is STREAM_WRITE_ACTIONS  # one list of write actions, the tests' and ours
    for access, forbidden in (("read", True), ("read-efo", True), ("read-write", False), ("full", False)):
        path = write_config(tmp_path, variant(**{"kinesis_account.access": access}), name=f"{access}.yaml")
        assert _policies(path, tmp_path / access).returncode == 0
        for (_, owner, document), (entry, doc) in _written(tmp_path / access).items():
            kind = {"trust": "RESOURCE_POLICY", "key-policy": "RESOURCE_POLICY"}.get(document, "IDENTITY_POLICY")
            assert entry["policy_type"] == kind, (access, owner, document)
            types = {"trust": "AWS::IAM::AssumeRolePolicyDocument", "key-policy": "AWS::KMS::Key"}
            assert entry["resource_type"] == types.get(document)
            pair_role_permissions = owner == "KinesisCrossAccountRole" and document != "trust"
            want = list(STREAM_WRITE_ACTIONS) if forbidden and pair_role_permissions else []
            assert entry["must_not_grant"] == want, (access, owner, document)
            if want:  # and the document names none of them
                assert not any(a in json.dumps(doc) for a in want)


def test_a_bad_config_is_one_line_exit_2_and_nothing_written(tmp_path: Path):
    path = write_config(tmp_path, variant(**{"kinesis_account.account_id": "12345"}))
    proc = _policies(path, tmp_path / "out")
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"config error: {path}:"), proc.stderr
    assert " kinesis_account.account_id: " in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_the_output_folder_is_new_empty_or_ours(tmp_path: Path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    proc = _policies(EXAMPLE, foreign)
    assert proc.returncode == 2 and proc.stderr.startswith("output error: ") and "did not write" in proc.stderr
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    # a synthesis output is ours, but not of this subcommand: not replaced by policy documents
    synth_out = tmp_path / "cdktf.out"
    synth_out.mkdir()
    write_marker(synth_out)
    (synth_out / "manifest.json").write_text("{}")
    proc = _policies(EXAMPLE, synth_out)
    assert proc.returncode == 2 and f"no {MANIFEST}" in proc.stderr
    assert sorted(p.name for p in synth_out.iterdir()) == [MARKER, "manifest.json"]
    # an empty folder, then the same folder again (ours now): replaced as a whole
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _policies(EXAMPLE, empty).returncode == 0
    (empty / "stale.json").write_text("{}")
    assert _policies(SERVICE_CREDENTIAL, empty).returncode == 0
    assert not (empty / "stale.json").exists()
    assert json.loads((empty / MANIFEST).read_text())["config"] == str(SERVICE_CREDENTIAL)
    # no sibling folder left behind (the writers' lock file stays, as beside every output folder)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [f".empty{LOCK_SUFFIX}"]


# --- the checks between two versions -------------------------------------------------------------------------


def test_the_checks_compare_changed_documents_name_new_ones_and_forbid_writes_in_read_modes(tmp_path: Path):
    base, head = tmp_path / "base", tmp_path / "head"
    assert _policies(EXAMPLE, base).returncode == 0
    more = variant(**{"kinesis_account.streams": [{"name": "testStream"}, {"name": "otherStream"}]})
    more["deployment_account"]["role_name"] = "RenamedAssumeRole"
    assert _policies(write_config(tmp_path, more), head).returncode == 0
    checks, new = policy_checks.plan(policy_checks.documents(base), policy_checks.documents(head))
    b_inline = "222222222222/kinesis-account/role/KinesisCrossAccountRole/inline"
    # B's trust names A's renamed role (changed); B's inline policy has a second stream (changed)
    b_trust = "222222222222/kinesis-account/role/KinesisCrossAccountRole/trust"
    assert sorted((c.command, c.id) for c in checks) == sorted(
        [("check-no-new-access", b_trust), ("check-no-new-access", b_inline), ("check-access-not-granted", b_inline)]
    )
    assert sorted(new) == sorted(
        [
            "111111111111/deployment-account/role/RenamedAssumeRole/trust",
            "111111111111/deployment-account/role/RenamedAssumeRole/inline",
            "111111111111/deployment-account/role/databricks-cross-account/passrole:"
            "kinesis-xacct-passrole-RenamedAssumeRole",
        ]
    )
    by = {(c.command, c.id): c.args for c in checks}
    compare = by[("check-no-new-access", b_trust)]
    assert compare[compare.index("--policy-type") + 1] == "RESOURCE_POLICY"
    new_doc = Path(compare[compare.index("--new-policy-document") + 1].removeprefix("file://"))
    old_doc = Path(compare[compare.index("--existing-policy-document") + 1].removeprefix("file://"))
    assert new_doc.parent == head and old_doc.parent == base and new_doc.name == old_doc.name
    forbid = by[("check-access-not-granted", b_inline)]
    assert json.loads(forbid[forbid.index("--access") + 1]) == [{"actions": list(STREAM_WRITE_ACTIONS)}]
    assert forbid[forbid.index("--policy-type") + 1] == "IDENTITY_POLICY"
    # the same documents on both sides: nothing to compare, only the read mode's check; no base: all new
    same, none_new = policy_checks.plan(policy_checks.documents(base), policy_checks.documents(base))
    assert [c.command for c in same] == ["check-access-not-granted"] and none_new == []
    _, all_new = policy_checks.plan(policy_checks.documents(tmp_path / "missing"), policy_checks.documents(base))
    assert len(all_new) == len(policy_checks.documents(base))


def test_a_fail_prints_its_reasons_and_a_failed_call_fails_the_run(tmp_path: Path):
    check = policy_checks.Check("check-no-new-access", "222222222222/kinesis-account/role/R/inline", ())
    answer = {
        "result": "FAIL",
        "message": "The modified permissions grant new access compared to your existing policy.",
        "reasons": [{"description": "New access in the statement with index: 0.", "statementIndex": 0}],
    }
    lines = policy_checks.finding_lines(check, answer)
    assert lines[0] == "FAIL check-no-new-access 222222222222/kinesis-account/role/R/inline"
    assert lines[2] == "  statement 0: New access in the statement with index: 0."
    assert policy_checks.finding_lines(check, {"result": "PASS"}) == [f"PASS check-no-new-access {check.id}"]
    assert policy_checks.escape("a%b\nc") == "a%25b%0Ac"
    assert _policies(EXAMPLE, tmp_path / "head").returncode == 0
    missing = str(tmp_path / "no-such-aws")
    code = policy_checks.main(["--base", str(tmp_path / "base"), "--head", str(tmp_path / "head"), "--aws", missing])
    assert code == 1


def test_the_aws_cli_parses_each_check_up_to_the_credentials(tmp_path: Path):
    """The command lines are the AWS CLI's: its parser accepts them and stops only for want of credentials."""
    import shutil

    aws = shutil.which("aws")
    assert aws, "the AWS CLI is not on PATH: this test needs it (the workflow's runners have it)"
    base, head = tmp_path / "base", tmp_path / "head"
    assert _policies(EXAMPLE, base).returncode == 0
    assert (
        _policies(write_config(tmp_path, variant(**{"kinesis_account.external_id": "another-id-1"})), head).returncode
        == 0
    )
    checks, _ = policy_checks.plan(policy_checks.documents(base), policy_checks.documents(head))
    assert {c.command for c in checks} == {"check-no-new-access", "check-access-not-granted"}
    no_credentials = {
        "AWS_ACCESS_KEY_ID": "",
        "AWS_SECRET_ACCESS_KEY": "",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")} | no_credentials
    for check in checks:
        proc = subprocess.run(
            [aws, "accessanalyzer", check.command, *check.args, "--output", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode != 0 and "Unable to locate credentials" in proc.stderr, (check.command, proc.stderr)


# --- the workflow ------------------------------------------------------------------------------------------------


def _workflow() -> dict[str, Any]:
    data = yaml.safe_load(VERIFY.read_text())
    data["on"] = data.pop(True)
    return data


def _step(job: dict[str, Any], name: str) -> dict[str, Any]:
    (step,) = [s for s in job["steps"] if s.get("name") == name]
    return step


def _run_drift_step(tmp_path: Path, plan_status: int, backend: str = "s3") -> subprocess.CompletedProcess[str]:
    """The drift step's own shell, with the plan module's exit status given (the config check answers
    ``backend``): what the job does with each status."""
    step = _step(_workflow()["jobs"]["drift"], "Plan (drift)")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    python = bin_dir / "python"
    python.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -c ]; then\n'
        f"  case {backend} in s3) exit 0 ;; local) exit 3 ;; *) echo unreadable >&2; exit 1 ;; esac\n"
        "fi\n"
        f'echo "plan $*"; exit {plan_status}\n'
    )
    python.chmod(0o755)
    env = dict(os.environ, XACCT_CONFIG="config/team.yaml", **step["env"])
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_the_drift_job_fails_on_changes_and_on_errors_read_only(tmp_path: Path):
    for status, code, message in (
        (0, 0, "no drift"),
        (2, 1, "::error title=Drift::the accounts differ from the config: run make plan and read it"),
        (1, 1, "::error title=Plan failed::"),
    ):
        proc = _run_drift_step(tmp_path, status)
        assert proc.returncode == code and message in proc.stdout, (status, proc.stdout, proc.stderr)
        assert "plan --config config/team.yaml" in proc.stdout
    unreadable = _run_drift_step(tmp_path, 2, backend="unreadable")  # the config check fails: an error
    assert unreadable.returncode == 1 and "::error title=Plan failed::" in unreadable.stdout
    local = _run_drift_step(tmp_path, 2, backend="local")
    assert local.returncode == 0 and "::warning title=Drift not planned::" in local.stdout
    assert "plan --config" not in local.stdout
    job = _workflow()["jobs"]["drift"]
    assert _step(job, "Plan (drift)")["env"]["TF_CLI_ARGS_plan"] == "-lock=false"
    creds = [s for s in job["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert [c["with"]["role-to-assume"] for c in creds] == ["${{ vars.AWS_ROLE_VERIFY }}"]  # verify's credentials


def test_the_policy_checks_say_why_they_cannot_run(tmp_path: Path):
    step = _step(_workflow()["jobs"]["policy-checks"], "Preconditions")
    same = {"GITHUB_REPOSITORY": "acme/streams", "HEAD_REPOSITORY": "acme/streams", "POLICY_CHECKS_ROLE": "arn:x"}
    for changes, message in (
        ({}, None),
        ({"HEAD_REPOSITORY": "someone/streams"}, "a pull request from a fork gets no credentials"),
        ({"POLICY_CHECKS_ROLE": ""}, "set the variable AWS_ROLE_POLICY_CHECKS on the environment aws-policy-checks"),
    ):
        env = {**os.environ, **same, **changes}
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert proc.returncode == (0 if message is None else 1) and (message or "") in proc.stdout, changes


def test_the_policy_checks_run_on_pull_requests_with_both_checks():
    workflow = _workflow()
    assert set(workflow["on"]) == {"pull_request", "schedule", "workflow_dispatch"}
    jobs = workflow["jobs"]
    assert {n: j["if"] for n, j in jobs.items()} == {
        "verify": "github.event_name != 'pull_request'",
        "drift": "github.event_name != 'pull_request'",
        "policy-checks": "github.event_name == 'pull_request'",
    }
    job = jobs["policy-checks"]
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    head = '--config "$XACCT_CONFIG" --out "$RUNNER_TEMP/policies-head"'
    assert f"python -m kinesis_xacct policies {head}" in runs
    assert "cd .policy-base && ../.venv/bin/python -m kinesis_xacct policies" in runs
    assert "python -m kinesis_xacct.ops.policy_checks --base" in runs
    assert {policy_checks.NO_NEW_ACCESS, policy_checks.NOT_GRANTED} <= set(
        re.findall(
            r"check-[a-z-]+", _step(job, "Access Analyzer (check-no-new-access, check-access-not-granted)")["name"]
        )
    )
    base = [s for s in job["steps"] if s.get("with", {}).get("path") == ".policy-base"]
    assert [s["with"]["ref"] for s in base] == ["${{ github.event.pull_request.base.sha }}"]
    creds = [s for s in job["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert [c["with"]["role-to-assume"] for c in creds] == ["${{ vars.AWS_ROLE_POLICY_CHECKS }}"]


def test_the_workflow_is_least_privilege_pinned_and_takes_no_expression_into_a_shell():
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert job["permissions"] == {"contents": "read", "id-token": "write"}, name
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, step.get("name"))
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for action, sha in re.findall(r"uses: ([\w./-]+)@(\S+)", path.read_text()):
            pins.setdefault(action, set()).add(sha)
    verify_uses = re.findall(r"uses: ([\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\n", VERIFY.read_text())
    assert len(verify_uses) == VERIFY.read_text().count("uses: ")
    assert {a: pins[a] for a, _ in verify_uses if len(pins[a]) != 1} == {}  # the same version as elsewhere
    # every variable and secret it reads is documented in its header
    text = VERIFY.read_text()
    header = text[: text.index("\nname: verify")]
    read = set(re.findall(r"\$\{\{[^}]*?((?:vars|secrets)\.\w+)", text))
    assert read and [v for v in read if f"#   {v} " not in header] == [], header
