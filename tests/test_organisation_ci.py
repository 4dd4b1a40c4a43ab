"""CI at scale for an organisation config: waves.json, atlantis.yaml (against the keys Atlantis documents,
tests/atlantis_schema.py) and the GitHub workflow's plan/apply matrix over the waves."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .atlantis_schema import ATLANTIS_REPO_CONFIG_SCHEMA
from .helpers import ROOT, VENV_BIN, load_yaml, synth_main, tool_env, write_config

ORGANISATION = ROOT / "config" / "organisation.yaml"
WORKFLOW = ROOT / ".github" / "workflows" / "organisation.yml"


# CI runs each stack on a runner of its own: only with S3 state (a local backend is refused for CI).
S3_BACKEND = {"type": "s3", "bucket": "team-tfstate", "key_prefix": "org"}


@pytest.fixture(scope="module")
def org_config(tmp_path_factory) -> Path:
    return write_config(
        tmp_path_factory.mktemp("ci-config"),
        dict(load_yaml(ORGANISATION), backend=S3_BACKEND),
        name="organisation.yaml",
    )


@pytest.fixture(scope="module")
def org_out(tmp_path_factory, org_config: Path) -> Path:
    out = tmp_path_factory.mktemp("ci") / "cdktf.out"
    proc = synth_main(org_config, out)
    assert proc.returncode == 0, proc.stderr
    return out


def _schema_check(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    cmd = [str(VENV_BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_waves_follow_the_reads(org_out: Path):
    data = load_yaml(ORGANISATION)
    doc = json.loads((org_out / "waves.json").read_text())
    consumers = [f"deployment-account-{c}" for c in data["consumers"]]
    sources = [f"kinesis-account-{s}" for s in data["sources"]]
    assert doc["waves"] == [consumers, sources]
    for s, src in data["sources"].items():
        info = doc["stacks"][f"kinesis-account-{s}"]
        readers = [
            f"deployment-account-{c}" for c, v in data["consumers"].items() if any(r["source"] == s for r in v["reads"])
        ]
        assert info["dependencies"] == readers and info["account_id"] == src["account_id"] and info["wave"] == 1
        assert (org_out / info["dir"] / "cdk.tf").is_file()


def test_atlantis_yaml_has_the_documented_keys_one_project_per_stack(org_out: Path, tmp_path: Path):
    schema = tmp_path / "atlantis.schema.json"
    schema.write_text(json.dumps(ATLANTIS_REPO_CONFIG_SCHEMA))
    atlantis = org_out / "atlantis.yaml"
    proc = _schema_check(schema, atlantis)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the schema does reject what Atlantis rejects: an unknown key, a dir with '..'
    for bad in ("parallel_plans: true\n", "projects:\n- dir: ../x\n"):
        broken = tmp_path / "broken.yaml"
        text = atlantis.read_text()
        broken.write_text(
            text.replace("parallel_plan: true\n", bad) if "parallel_plans" in bad else "version: 3\n" + bad
        )
        assert _schema_check(schema, broken).returncode != 0, bad

    doc = yaml.safe_load(atlantis.read_text())
    waves = json.loads((org_out / "waves.json").read_text())
    repo_root = org_out.parent  # the output folder is meant to sit at the repository root under its own name
    projects = {p["name"]: p for p in doc["projects"]}
    assert set(projects) == set(waves["stacks"])
    for name, p in projects.items():
        info = waves["stacks"][name]
        assert (repo_root / p["dir"] / "cdk.tf").is_file() and p["dir"] == f"{org_out.name}/stacks/{name}"
        assert p.get("depends_on", []) == info["dependencies"]
        assert p["execution_order_group"] == info["wave"]
        later = [
            d for d in p.get("depends_on", []) if projects[d]["execution_order_group"] >= p["execution_order_group"]
        ]
        assert later == [], (name, later)
        # the workflow synthesizes exactly this stack, from the repository root, before init and plan
        steps = doc["workflows"][p["workflow"]]["plan"]["steps"]
        assert steps[1:] == ["init", "plan"]
        run = steps[0]["run"]
        up, _, command = run.partition(" && ")
        assert up.startswith("cd ") and (repo_root / p["dir"] / up[3:]).resolve() == repo_root.resolve()
        # (a config outside the repository is named by its file name: it is meant to be moved to the root)
        assert shlex.split(command) == [
            "make",
            "synth",
            "CONFIG=organisation.yaml",
            f"OUT={org_out.name}",
            f"STACKS={name}",
        ]
        assert doc["workflows"][p["workflow"]]["apply"]["steps"] == ["apply"]


def test_local_state_gets_no_ci_files(tmp_path: Path):
    """The example's local backend: waves.json and the RUNBOOK, but no atlantis.yaml (a note says why), and the
    workflow's wave step refuses it (each CI job's runner would lose the state)."""
    out = tmp_path / "cdktf.out"
    proc = synth_main(ORGANISATION, out)
    assert proc.returncode == 0, proc.stderr
    assert (out / "waves.json").is_file() and not (out / "atlantis.yaml").exists()
    assert "note: atlantis.yaml not written: backend.type is local: CI runs each stack on a runner of its own" in (
        proc.stdout
    )
    assert "`atlantis.yaml` is written for `backend.type: s3` only" in (out / "RUNBOOK.md").read_text()
    waves = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "waves", str(ORGANISATION)],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert waves.returncode == 2 and waves.stdout == ""
    assert waves.stderr.startswith("config error: backend.type: local: CI runs each stack on a runner"), waves.stderr


def test_github_workflow_matrix_over_the_waves(org_out: Path, org_config: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "waves", str(org_config)],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    outputs = dict(line.split("=", 1) for line in proc.stdout.splitlines())
    waves = json.loads((org_out / "waves.json").read_text())
    assert [[m["name"] for m in json.loads(outputs[f"wave{i}"])] for i in range(2)] == waves["waves"]
    for i in range(2):
        for m in json.loads(outputs[f"wave{i}"]):
            assert m["account_id"] == (waves["stacks"][m["name"]]["account_id"] or "")

    wf = yaml.safe_load(WORKFLOW.read_text())
    wf["on"] = wf.pop(True, wf.get("on"))
    assert set(wf["on"]) == {"workflow_dispatch"}
    jobs = wf["jobs"]
    assert jobs["waves"]["outputs"] == {f"wave{i}": f"${{{{ steps.waves.outputs.wave{i} }}}}" for i in range(2)}
    waves_step = next(s for s in jobs["waves"]["steps"] if s.get("id") == "waves")
    assert waves_step["run"] == '.venv/bin/python -m kinesis_xacct waves "$XACCT_CONFIG" >> "$GITHUB_OUTPUT"'
    for i in range(2):
        job = jobs[f"wave{i}"]
        assert job["strategy"]["matrix"]["stack"] == f"${{{{ fromJSON(needs.waves.outputs.wave{i}) }}}}"
        assert job["permissions"] == {"contents": "read", "id-token": "write"}
        assert job["environment"] == "${{ inputs.action }}-${{ matrix.stack.name }}"
        runs = [s["run"] for s in job["steps"] if "run" in s]
        assert 'make synth CONFIG="$XACCT_CONFIG" STACKS="$STACK"' in runs
        assert [r for r in runs if "${{" in r] == []  # inputs reach the shell through the environment only
        creds = [s for s in job["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
        assert [c["with"]["role-to-assume"] for c in creds] == ["${{ vars.AWS_ROLE }}"]
    assert jobs["wave1"]["needs"] == ["waves", "wave0"]


def test_workflow_schema_and_zizmor_clean():
    proc = subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    z = subprocess.run(
        [str(VENV_BIN / "zizmor"), "--offline", "--no-ignores", "--format", "json", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(z.stdout or "[]") == [], z.stdout
