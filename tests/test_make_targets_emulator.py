"""Three configs from one checkout with the make targets, on the emulator: the organisation example and two
one-pair configs, all three in one folder (different file names), each `make deploy` / `make destroy`
(``CONFIG=... OUT=... DEPLOY_ARGS=...``) run from the repository root with the real Makefile, side by side.

Each config's local state is its own (``<folder>/.kinesis-xacct-state/<config file>/``, three distinct sets,
none shared), each account gets its roles, and each destroy removes its own roles and leaves its states empty
of resources, while the other configs' roles stay until their own destroy. Databricks is off (no workspace
here); moto does not evaluate IAM policies (the policy analysis proves who may assume what).
"""

from __future__ import annotations

import copy
import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kinesis_xacct import paths
from kinesis_xacct.config.organisation import Organisation, organisation_of
from kinesis_xacct.ops.load import load_any
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import ROOT, load_yaml, tool_env, write_config
from .test_organisation_emulator import emulator_config

# Accounts used by no other module of the shared emulator: the organisation example's, renumbered ...
ORG_ACCOUNTS = {
    "222222222222": "340000000022",
    "333333333333": "340000000033",
    "111111111111": "340000000011",
    "444444444444": "340000000044",
    "555555555555": "340000000055",
}
# ... and (account A, account B) of each one-pair config.
PAIR_ACCOUNTS = {"pair-one": ("340000000001", "340000000002"), "pair-two": ("340000000003", "340000000004")}
# Offline, the CLI may not run `terraform providers lock` (it would ask the registry; see cdktf_args).
DEPLOY_ARGS = "--auto-approve --skip-provider-lock"


def _pair_config(name: str, url: str) -> dict:
    """config/example.yaml with accounts and role names of its own, pointed at the emulator."""
    data = copy.deepcopy(load_yaml(ROOT / "config" / "example.yaml"))
    a, b = PAIR_ACCOUNTS[name]
    data["tags"] = {}
    data["kinesis_account"].update(account_id=b, role_name=f"{name}-kinesis-role")
    data["deployment_account"].update(
        account_id=a,
        role_name=f"{name}-assume-role",
        instance_profile_name=f"{name}-profile",
        workspace_role_name=f"{name}-workspace",
    )
    return sandbox.sandbox_config(data, url)


def _make(target: str, config: Path, out: Path, env: dict[str, str], log: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        ["make", "--no-print-directory", target, f"CONFIG={config}", f"OUT={out}", f"DEPLOY_ARGS={DEPLOY_ARGS}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    log.write_text(proc.stdout + proc.stderr)
    return proc


def _org(config: Path) -> Organisation:
    loaded = load_any(config)
    return loaded if isinstance(loaded, Organisation) else organisation_of(loaded)


def _stacks(org: Organisation) -> set[str]:
    return {org.naming.source_stack(s) for s in org.sources} | {org.naming.consumer_stack(c) for c in org.consumers}


def _roles(org: Organisation) -> set[tuple[str, str]]:
    """(account, role name) of every role a config's stacks create (Databricks off)."""
    roles = set()
    for pair in org.pairs:
        roles.add((pair.cfg.kinesis_account.account_id, pair.cfg.kinesis_account.role_name))
        if not pair.cfg.uses_service_credential:
            roles.add((pair.cfg.deployment.account_id, pair.cfg.deployment.role_name))
    return roles


def _existing_roles(emulator, roles: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(acct, name) for acct, name in roles if emulator.role_arn(emulator.account(acct), name) is not None}


@pytest.fixture(scope="module")
def three(emulator, tmp_path_factory) -> dict:
    for tool in ("terraform", "cdktf", "make"):
        tf.require_tool(tool)
    folder = tmp_path_factory.mktemp("make-targets")
    configs = {"organisation": write_config(folder, emulator_config(emulator.url, ORG_ACCOUNTS), "organisation.yaml")}
    for name in PAIR_ACCOUNTS:
        configs[name] = write_config(folder, _pair_config(name, emulator.url), f"{name}.yaml")
    orgs = {name: _org(path) for name, path in configs.items()}
    for org in orgs.values():
        sandbox.prepare_accounts(emulator, org)
    outs = {name: folder / f"out-{name}" for name in configs}
    env = emulator.env(tool_env())

    def run_all(target: str) -> dict[str, subprocess.CompletedProcess]:
        with ThreadPoolExecutor(len(configs)) as pool:
            futures = {
                n: pool.submit(_make, target, configs[n], outs[n], env, folder / f"{target}-{n}.log") for n in configs
            }
            return {n: f.result() for n, f in futures.items()}

    deployed = run_all("deploy")
    for name, proc in deployed.items():
        assert proc.returncode == 0, (name, proc.stdout[-4000:], proc.stderr[-4000:])
    live_states = {n: sorted(p.name for p in paths.state_dir(configs[n]).iterdir()) for n in configs}
    live_roles = {n: _existing_roles(emulator, _roles(orgs[n])) for n in configs}
    live_resources = {
        n: {s: json.loads(paths.state_file(configs[n], s).read_text())["resources"] for s in _stacks(orgs[n])}
        for n in configs
    }
    destroyed = run_all("destroy")
    return {
        "folder": folder,
        "configs": configs,
        "orgs": orgs,
        "deployed": deployed,
        "destroyed": destroyed,
        "live_states": live_states,
        "live_roles": live_roles,
        "live_resources": live_resources,
    }


def test_deploy_ran_each_config_wave_by_wave(three):
    """The organisation's deploy ran one CLI run per wave (consumers, then sources); a one-pair config one run
    over its two stacks."""
    org_out = three["deployed"]["organisation"].stdout
    runs = [line for line in org_out.splitlines() if line.startswith("+ ") and " deploy " in line]
    assert len(runs) == 2, org_out[-3000:]
    assert all(f"deployment-account-{c}" in runs[0] for c in three["orgs"]["organisation"].consumers)
    assert all(f"kinesis-account-{s}" in runs[1] for s in three["orgs"]["organisation"].sources)
    for name in PAIR_ACCOUNTS:
        out = three["deployed"][name].stdout
        assert len([line for line in out.splitlines() if line.startswith("+ ")]) == 1, out[-3000:]
    destroy_runs = [line for line in three["destroyed"]["organisation"].stdout.splitlines() if line.startswith("+ ")]
    assert [("kinesis-account-" in r, "deployment-account-" in r) for r in destroy_runs] == [
        (True, False),
        (False, True),
    ]


def test_each_config_has_its_own_state_folder(three):
    folder = three["folder"]
    expected = {n: sorted(f"terraform.{s}.tfstate" for s in _stacks(three["orgs"][n])) for n in three["configs"]}
    assert three["live_states"] == expected
    dirs = {n: paths.state_dir(c) for n, c in three["configs"].items()}
    assert dirs == {n: folder / ".kinesis-xacct-state" / c.name for n, c in three["configs"].items()}
    assert len(set(dirs.values())) == 3
    assert sorted(p.name for p in (folder / ".kinesis-xacct-state").iterdir()) == sorted(
        c.name for c in three["configs"].values()
    )
    # nothing of theirs in the checkout the targets ran from
    assert not any((ROOT / ".kinesis-xacct-state" / c.name).exists() for c in three["configs"].values())


def test_roles_were_in_their_accounts_while_deployed(three, emulator):
    for name, org in three["orgs"].items():
        assert three["live_roles"][name] == _roles(org), name
        # each pair role in its source account only: no role of one config in another config's accounts
        for other, other_org in three["orgs"].items():
            if other != name:
                assert not (_roles(org) & _roles(other_org)), (name, other)
    pair_stacks = three["live_resources"]["organisation"]
    assert all(pair_stacks[f"kinesis-account-{s}"] for s in three["orgs"]["organisation"].sources)


def test_destroy_removed_every_role_and_emptied_every_state(three, emulator):
    for name, proc in three["destroyed"].items():
        assert proc.returncode == 0, (name, proc.stdout[-4000:], proc.stderr[-4000:])
    for name, org in three["orgs"].items():
        assert _existing_roles(emulator, _roles(org)) == set(), name
        for stack in _stacks(org):
            state = json.loads(paths.state_file(three["configs"][name], stack).read_text())
            assert state["resources"] == [], (name, stack)
