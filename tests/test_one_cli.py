"""The one command line, ``python -m kinesis_xacct <subcommand>``: its help, its exit statuses, and every subcommand
on either config form (a one-pair config and an organisation). Deploy and destroy are shown with ``--dry-run`` (the
CLI command lines, run without credentials); deploys on the emulator: tests/test_organisation_emulator.py."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kinesis_xacct import __main__ as one_cli
from kinesis_xacct import paths
from kinesis_xacct.config import parse_config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops import plan, run_validation
from kinesis_xacct.ops.cli import stack_names
from kinesis_xacct.ops.load import load_any
from kinesis_xacct.synth.waves import waves_document

from .helpers import EXAMPLE, ROOT, load_yaml, synth_main, tool_env, variant, write_config
from .outputs import tree_digest

ORGANISATION = ROOT / "config" / "organisation.yaml"


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", *args],
        cwd=cwd,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in one_cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return dict(actions[0].choices)


def _org() -> Organisation:
    org = load_any(ORGANISATION)
    assert isinstance(org, Organisation)
    return org


# --- help and exit codes ------------------------------------------------------------------------------------


def test_help_lists_every_subcommand_and_the_exit_codes():
    proc = _cli("--help")
    assert proc.returncode == 0, proc.stderr
    subs = _subcommands()
    assert set(subs) == set(one_cli.SUBCOMMANDS)
    for name in (
        "validate",
        "synth",
        "plan",
        "deploy",
        "destroy",
        "run-validation",
        "waves",
        "locks",
        "policies",
        "checkov",
        "demo",
        "lock-providers",
        "docs",
    ):
        assert name in subs
    for name, text in one_cli.SUBCOMMANDS.items():
        assert f"    {name}" in proc.stdout, name
        assert text.split()[0] in proc.stdout
    assert one_cli.EXIT_CODES in proc.stdout
    for code in ("0", "1", "2", "3"):
        assert f"\n  {code}  " in one_cli.EXIT_CODES
    # each subcommand's own help carries the table too
    sub = _cli("deploy", "--help")
    assert sub.returncode == 0 and one_cli.EXIT_CODES in sub.stdout and "--dry-run" in sub.stdout


def test_no_subcommand_and_an_unknown_one_are_usage_errors():
    assert _cli().returncode == 2
    proc = _cli("deplyo")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_an_unknown_framework_is_a_usage_error_of_every_subcommand():
    """XACCT_FRAMEWORK naming no framework: one usage line, exit 2, no traceback (also for validate)."""
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "validate", "--config", str(EXAMPLE)],
        cwd=ROOT,
        env={**tool_env(), "XACCT_FRAMEWORK": "bogus"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "XACCT_FRAMEWORK='bogus': not one of cdktf, cdktn" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- a bad config: exit 2 (plan: 1, its 2 means changes), one `config error:` line, nothing written -----------

BAD_PAIR = {"kinesis_account.account_id": "12345"}


def _bad_organisation(tmp: Path) -> Path:
    data = load_yaml(ORGANISATION)
    data["sources"]["payments"]["account_id"] = "12345"
    return write_config(tmp, data, name="bad-organisation.yaml")


ARGS_OF = {  # what each subcommand is given besides --config (an output folder where it takes one)
    "validate": [],
    "check": [],
    "synth": ["--out", "{out}"],
    "plan": ["--out", "{out}"],
    "deploy": ["--out", "{out}"],
    "destroy": ["--out", "{out}"],
    "run-validation": ["--out", "{out}"],
    "waves": [],
    "locks": ["--out", "{out}"],
    "verify": ["--out", "{out}"],
    "policies": ["--out", "{out}"],
    "checkov": ["--out", "{out}", "{tmp}/reports"],
    "demo": ["--keep", "{tmp}/demo"],
    "lock-providers": ["--locks-dir", "{tmp}/locks"],
}


def test_every_subcommand_that_reads_a_config_is_listed():
    # docs reads no config (it renders the model and the permissions of built-in configs)
    assert set(ARGS_OF) == set(one_cli.SUBCOMMANDS) - {"docs"}


@pytest.mark.parametrize("form", ["pair", "organisation"])
@pytest.mark.parametrize("command", sorted(ARGS_OF))
def test_every_subcommand_refuses_a_bad_config_with_one_line(tmp_path, command, form):
    bad = write_config(tmp_path, variant(**BAD_PAIR)) if form == "pair" else _bad_organisation(tmp_path)
    args = [a.format(out=tmp_path / "out", tmp=tmp_path) for a in ARGS_OF[command]]
    before = tree_digest(tmp_path)
    proc = _cli(command, "--config", str(bad), *args)
    expected = plan.EXIT_ERROR if command == "plan" else 2
    assert proc.returncode == expected, (proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("config error: "), proc.stderr
    assert "account_id" in lines[0] and "Traceback" not in proc.stderr
    assert tree_digest(tmp_path) == before  # nothing written


# --- deploy / destroy: the CLI runs, wave by wave ----------------------------------------------------------


def _commands(stdout: str) -> list[list[str]]:
    return [shlex.split(line[2:]) for line in stdout.splitlines() if line.startswith("+ ")]


def _stacks_of(cmd: list[str]) -> list[str]:
    verb = cmd.index("deploy") if "deploy" in cmd else cmd.index("destroy")
    return cmd[verb + 1 : cmd.index("--output")]


@pytest.mark.parametrize("verb", ["deploy", "destroy"])
def test_organisation_runs_the_cli_wave_by_wave(tmp_path, verb):
    out = tmp_path / "out"
    proc = _cli(verb, "--dry-run", "--config", str(ORGANISATION), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    layers = waves_document(_org())["waves"]
    assert isinstance(layers, list) and len(layers) == 2
    expected = layers if verb == "deploy" else list(reversed(layers))
    commands = _commands(proc.stdout)
    assert [_stacks_of(c) for c in commands] == expected
    for cmd in commands:
        assert cmd[0] == f"XACCT_CONFIG={ORGANISATION}" and cmd[1] == "cdktf" and cmd[2] == verb
        assert cmd[cmd.index("--output") + 1] == str(out)
        assert "--ignore-missing-stack-dependencies" in cmd  # each wave alone: the other one is not in the run
    assert not out.exists()  # a dry run writes nothing


def test_pair_runs_the_cli_once_over_both_stacks(tmp_path):
    proc = _cli("deploy", "--dry-run", "--config", str(EXAMPLE), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    (cmd,) = _commands(proc.stdout)
    assert _stacks_of(cmd) == list(paths.STACKS)
    assert "--ignore-missing-stack-dependencies" not in cmd


def test_stacks_picks_organisation_stacks_by_their_names(tmp_path):
    org = _org()
    source = next(s for s in stack_names(org) if s.startswith("kinesis-account-"))
    consumer = next(s for s in stack_names(org) if s.startswith("deployment-account-"))
    proc = _cli(
        "destroy",
        "--dry-run",
        "--config",
        str(ORGANISATION),
        "--out",
        str(tmp_path / "o"),
        "--stacks",
        f"{consumer},{source}",
    )
    assert proc.returncode == 0, proc.stderr
    # destroy: the source (later wave) first, then the consumer
    assert [_stacks_of(c) for c in _commands(proc.stdout)] == [[source], [consumer]]


@pytest.mark.parametrize("config", [EXAMPLE, ORGANISATION], ids=["pair", "organisation"])
@pytest.mark.parametrize("command", ["synth", "plan", "deploy", "destroy", "verify"])
def test_an_unknown_stack_is_refused_naming_the_configs_stacks(tmp_path, command, config):
    names = stack_names(load_any(config))
    wrong = names[-1] + "x"
    proc = _cli(command, "--config", str(config), "--out", str(tmp_path / "out"), "--stacks", wrong)
    assert proc.returncode == (plan.EXIT_ERROR if command == "plan" else 2), proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"config error: STACKS: unknown stack {wrong} (did you mean {names[-1]}?)")
    assert line.endswith("the stacks of this config are " + ", ".join(names))
    assert not (tmp_path / "out").exists()


def test_make_deploy_passes_an_organisation_stack_name(tmp_path):
    """make's STACKS check and quoting accept an organisation stack name; the one command line refuses a wrong one
    with the config's own names (the message of the issue's `make deploy STACKS=kinesis-account-shop`)."""
    proc = subprocess.run(
        ["make", "-s", "deploy", f"CONFIG={ORGANISATION}", f"OUT={tmp_path / 'out'}", "STACKS=kinesis-account-shop"],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "config error: STACKS: unknown stack kinesis-account-shop" in proc.stderr
    assert "the stacks of this config are " + ", ".join(stack_names(_org())) in proc.stderr


# --- plan: every stack of an organisation, dependencies first -----------------------------------------------


def test_plan_orders_an_organisations_stacks_dependencies_first(tmp_path):
    out = tmp_path / "out"
    proc = synth_main(ORGANISATION, out)
    assert proc.returncode == 0, proc.stderr
    order = plan.stack_order(out)
    org = _org()
    assert sorted(order) == sorted(stack_names(org))
    stacks = waves_document(org)["stacks"]
    assert isinstance(stacks, dict)
    for name, info in stacks.items():
        for dep in info["dependencies"]:
            assert order.index(dep) < order.index(name), (dep, name)


# --- run-validation: each consumer with its own workspace settings -----------------------------------------


def test_run_validation_runs_each_consumers_job_with_its_own_profile():
    data = load_yaml(ORGANISATION)
    jobs = run_validation.consumers(_org())
    expected = [c for c, v in data["consumers"].items() if v["databricks"].get("enabled", True)]
    assert [j.name for j in jobs] == expected
    assert any(v["databricks"].get("profile") for v in data["consumers"].values())  # the example has one
    for job in jobs:
        own = data["consumers"][job.name]["databricks"]
        assert job.stack == f"deployment-account-{job.name}"
        settings = run_validation.client_settings(job.cfg)
        assert settings.get("profile") == own.get("profile")
        assert settings.get("host") == own.get("host")


def test_run_validation_of_a_pair_uses_its_profile():
    host = "https://dbc-team-a.cloud.databricks.com"
    cfg = parse_config(variant(**{"databricks.profile": "team-a", "databricks.host": host}))
    (job,) = run_validation.consumers(cfg)
    assert job.stack == paths.DEPLOYMENT_STACK and job.name == ""
    assert run_validation.client_settings(job.cfg) == {"host": host, "profile": "team-a"}


# --- the earlier module entry points are aliases ------------------------------------------------------------


def test_module_entry_points_are_aliases_of_the_one_command_line(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kinesis_xacct.ops.deploy",
            "deploy",
            "--dry-run",
            "--config",
            str(ORGANISATION),
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(_commands(proc.stdout)) == 2
    waves = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.ops.waves", str(EXAMPLE)],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert waves.returncode == 2 and waves.stderr.startswith("config error: config: ")


def test_a_pair_accepts_its_own_stack_names_in_synth_and_deploy_alike(tmp_path):
    """STACKS=kinesis-account on a one-pair config: synth (which builds both stacks anyway and puts the named
    one in place) and deploy accept it without a word; an unknown name is refused the same way by both (above)."""
    out = tmp_path / "out"
    synth = _cli("synth", "--config", str(EXAMPLE), "--out", str(out), "--stacks", paths.KINESIS_STACK)
    assert synth.returncode == 0, synth.stderr
    assert "STACKS" not in synth.stderr + synth.stdout
    assert (out / "stacks" / paths.KINESIS_STACK / "cdk.tf").is_file()
    deploy = _cli("deploy", "--dry-run", "--config", str(EXAMPLE), "--out", str(out), "--stacks", paths.KINESIS_STACK)
    assert deploy.returncode == 0, deploy.stderr
    assert "STACKS" not in deploy.stderr + deploy.stdout
    (cmd,) = _commands(deploy.stdout)
    assert _stacks_of(cmd) == [paths.KINESIS_STACK]
