"""What the config says exists already, checked by the plan (data sources read at plan time), on the emulator.

Three configs of the example, each in accounts of its own on the session's moto server, with the workspace role
and the existing stream made beforehand as a workspace setup would have them:

- ``role``: ``deployment_account.workspace_role_name`` mistyped;
- ``stream``: ``kinesis_account.streams.0.name`` mistyped;
- ``right``: both right (the same plan succeeds: the data sources find what exists).

``python -m kinesis_xacct plan`` (what ``make plan`` runs) fails for the first two, its summary naming the config
key, and creates nothing: the accounts hold no role, instance profile, policy or stream of ours afterwards, and no
state holds a resource.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from kinesis_xacct import paths
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import ROOT, tool_env, variant, write_config

# (account A, account B) per case: used by no other module of the shared emulator.
ACCOUNTS = {
    "role": ("360000000001", "360000000002"),
    "stream": ("360000000003", "360000000004"),
    "right": ("360000000005", "360000000006"),
}
WORKSPACE_ROLE = "exist-workspace-role"
STREAM = "existStream"
TYPOS = {"role": {"deployment_account.workspace_role_name": "exist-workspace-rol"}, "stream": {"stream": "existStrem"}}


def _config(case: str, url: str) -> dict[str, Any]:
    a, b = ACCOUNTS[case]
    data = variant(
        **{
            "deployment_account.account_id": a,
            "deployment_account.workspace_role_name": WORKSPACE_ROLE,
            "kinesis_account.account_id": b,
            "kinesis_account.streams": [{"name": STREAM}],
            "tags": {},
        }
    )
    return sandbox.sandbox_config(data, url)


def _inventory(emu: sandbox.Emulator, a: str, b: str) -> dict[str, Any]:
    """Every role (with its inline policy names), instance profile, customer-managed policy and stream of the two
    accounts."""
    out: dict[str, Any] = {}
    for acct in (a, b):
        session = emu.account(acct)
        iam, kinesis = emu.client(session, "iam"), emu.client(session, "kinesis")
        out[acct] = {
            "roles": {
                r["RoleName"]: sorted(iam.list_role_policies(RoleName=r["RoleName"])["PolicyNames"])
                for r in iam.list_roles()["Roles"]
            },
            "profiles": sorted(p["InstanceProfileName"] for p in iam.list_instance_profiles()["InstanceProfiles"]),
            "policies": sorted(p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]),
            "streams": sorted(kinesis.list_streams()["StreamNames"]),
        }
    return out


def _plan(config: Path, out: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "plan", "--config", str(config), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


@pytest.fixture(scope="module")
def cases(emulator, tmp_path_factory) -> dict[str, dict[str, Any]]:
    tf.require_tool("terraform")
    tf.require_tool("cdktf")
    folder = tmp_path_factory.mktemp("existing")
    env = emulator.env(tool_env())
    prepared: dict[str, dict[str, Any]] = {}
    for case in ACCOUNTS:
        right = load_config(write_config(folder, _config(case, emulator.url), f"{case}-right.yaml"))
        sandbox.prepare_accounts(emulator, right)  # the workspace role and the stream, as they exist
        data = _config(case, emulator.url)
        for key, value in TYPOS.get(case, {}).items():
            if key == "stream":
                data["kinesis_account"]["streams"][0]["name"] = value
            else:
                node = data
                *parents, last = key.split(".")
                for p in parents:
                    node = node[p]
                node[last] = value
        config = write_config(folder, data, f"{case}.yaml")
        prepared[case] = {"config": config, "before": _inventory(emulator, *ACCOUNTS[case])}

    def run(case: str) -> subprocess.CompletedProcess[str]:
        return _plan(prepared[case]["config"], folder / f"out-{case}", env)

    with ThreadPoolExecutor(len(prepared)) as pool:
        procs = dict(zip(prepared, pool.map(run, prepared), strict=True))
    for case, proc in procs.items():
        (folder / f"plan-{case}.log").write_text(proc.stdout + proc.stderr)
        prepared[case]["proc"] = proc
        prepared[case]["after"] = _inventory(emulator, *ACCOUNTS[case])
    return prepared


def _summary(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return proc.stdout.split("=== plan summary ===", 1)[1].strip().splitlines()


def test_the_right_names_plan(cases):
    """The data sources find what exists: the plan has changes (2), no error."""
    proc = cases["right"]["proc"]
    assert proc.returncode == 2, (proc.stdout + proc.stderr)[-5000:]
    assert _summary(proc)[-1] == "plan: changes (exit 2)"


def test_a_mistyped_workspace_role_fails_the_plan_naming_the_key(cases):
    proc = cases["role"]["proc"]
    assert proc.returncode == 1, (proc.stdout + proc.stderr)[-5000:]
    summary = _summary(proc)
    assert summary[0].startswith("deployment-account: error: Error: reading IAM Role (exist-workspace-rol)"), summary
    assert summary[1] == "kinesis-account: changes", summary
    (hint,) = [line for line in summary if line.startswith("hint:")]
    assert "deployment_account.workspace_role_name" in hint and "'exist-workspace-rol'" in hint, hint
    assert f"account {ACCOUNTS['role'][0]}" in hint, hint


def test_a_mistyped_stream_fails_the_plan_naming_the_key(cases):
    proc = cases["stream"]["proc"]
    assert proc.returncode == 1, (proc.stdout + proc.stderr)[-5000:]
    summary = _summary(proc)
    assert summary[0] == "deployment-account: changes", summary
    assert summary[1].startswith("kinesis-account: error: Error: reading Kinesis Stream (existStrem)"), summary
    (hint,) = [line for line in summary if line.startswith("hint:")]
    assert "kinesis_account.streams.0.name" in hint and "'existStrem'" in hint, hint
    assert f"account {ACCOUNTS['stream'][1]}" in hint, hint


@pytest.mark.parametrize("case", ["role", "stream", "right"])
def test_a_plan_creates_nothing(cases, case):
    """Nothing of ours in either account after the plan (the accounts hold what they held: the workspace role
    without our PassRole policy, the existing stream), and no state holds a resource."""
    c = cases[case]
    assert c["after"] == c["before"], (c["before"], c["after"])
    a, b = ACCOUNTS[case]
    assert c["after"][a]["roles"] == {WORKSPACE_ROLE: []}
    assert c["after"][b]["roles"] == {} and c["after"][b]["streams"] == [STREAM]
    for stack in (paths.DEPLOYMENT_STACK, paths.KINESIS_STACK):
        state = paths.state_file(c["config"], stack)
        assert not state.exists() or json.loads(state.read_text()).get("resources", []) == []
