#!/usr/bin/env python
"""`make demo`: deploy both stacks into two emulated AWS accounts and show that the chain is wired.

Starts moto server on a free 127.0.0.1 port, creates what a real setup already has (the workspace's role
in account A, the existing streams in account B), runs ``cdktf deploy kinesis-account deployment-account``
(``cdktn deploy ...`` with ``make demo FRAMEWORK=cdktn``) in a temporary project folder, checks the roles
and walks the chain a cluster walks (A's role, then B's role with the external ID, a record put on the stream
and read back), destroys, and stops the emulator, also when a step fails. The emulator does not evaluate IAM
policies: this shows wiring, not permissions.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from kinesis_xacct import paths
from kinesis_xacct.cdk import toolchain
from kinesis_xacct.config import Config, ConfigError, DeploymentAccount, names
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.cli import EXIT_CONFIG, report
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.ops.load import load_any, load_config
from kinesis_xacct.sandbox import emulator as sandbox

ROOT = paths.ROOT


class DemoFailed(Exception):
    pass


def _cli(verb: str, project: Path, env: dict[str, str]) -> float:
    """Run ``cdktf|cdktn <verb> kinesis-account deployment-account``; its output goes to a log in the project
    folder."""
    start = time.monotonic()
    cli = toolchain.current().name
    proc = subprocess.run(sandbox.cdktf_args(verb), cwd=project, env=env, capture_output=True, text=True, timeout=900)
    (project / f"{cli}-{verb}.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise DemoFailed(f"{cli} {verb} exited {proc.returncode}; last lines:\n{tail}")
    return time.monotonic() - start


def _account_a(cfg: Config) -> DeploymentAccount:
    """Account A of an instance-profile config (the demo refuses the other mode before it starts)."""
    if cfg.deployment_account is None:
        raise DemoFailed("the demo needs deployment_account (instance-profile mode)")
    return cfg.deployment_account


def _check(ok: bool, what: str, checks: list[str]) -> None:
    if not ok:
        raise DemoFailed(f"check failed: {what}")
    checks.append(what)


def _verify_deployed(emu: sandbox.Emulator, cfg: Config, checks: list[str]) -> sandbox.ChainWalk:
    a = emu.account(_account_a(cfg).account_id, cfg.partition)
    b = emu.account(cfg.kinesis_account.account_id, cfg.partition)
    da, kb = _account_a(cfg), cfg.kinesis_account
    # B's trust names A's role: the CLI must apply deployment-account first. IAM's CreateDate shows the order.
    created_a = emu.client(a, "iam").get_role(RoleName=da.role_name)["Role"]["CreateDate"]
    created_b = emu.client(b, "iam").get_role(RoleName=kb.role_name)["Role"]["CreateDate"]
    _check(
        created_a < created_b,
        f"deployment-account applied first: A's role created {(created_b - created_a).total_seconds():.0f}s before B's",
        checks,
    )
    _check(
        emu.role_arn(a, da.role_name) == cfg.deployment_role_arn and emu.role_arn(b, da.role_name) is None,
        f"{da.role_name} exists in account A only",
        checks,
    )
    _check(
        emu.role_arn(b, kb.role_name) == cfg.kinesis_role_arn and emu.role_arn(a, kb.role_name) is None,
        f"{kb.role_name} exists in account B only",
        checks,
    )
    iam_a = emu.client(a, "iam")
    profile = iam_a.get_instance_profile(InstanceProfileName=da.instance_profile_name)["InstanceProfile"]
    _check(
        [r["Arn"] for r in profile["Roles"]] == [cfg.deployment_role_arn],
        f"instance profile {da.instance_profile_name} holds {da.role_name}",
        checks,
    )
    _check(
        iam_a.list_role_policies(RoleName=da.workspace_role_name)["PolicyNames"] == [names.passrole_policy_name(cfg)],
        f"workspace role {da.workspace_role_name} gained exactly the PassRole policy",
        checks,
    )
    walk = sandbox.walk_chain(emu, cfg)
    _check(walk.cluster_account == da.account_id, f"assumed {cfg.deployment_role_arn} (account A)", checks)
    _check(
        walk.kinesis_account == kb.account_id,
        f"from it assumed {cfg.kinesis_role_arn} with external ID {kb.external_id!r} (account B)",
        checks,
    )
    _check(
        walk.received == walk.sent,
        f"put a record on {walk.stream} and read it back (sequence number {walk.sequence_number})",
        checks,
    )
    return walk


def _verify_destroyed(emu: sandbox.Emulator, cfg: Config, checks: list[str]) -> None:
    a = emu.account(_account_a(cfg).account_id, cfg.partition)
    b = emu.account(cfg.kinesis_account.account_id, cfg.partition)
    da = _account_a(cfg)
    _check(
        emu.role_arn(a, da.role_name) is None and emu.role_arn(b, cfg.kinesis_account.role_name) is None,
        "destroy removed both roles",
        checks,
    )
    iam_a = emu.client(a, "iam")
    trust = iam_a.get_role(RoleName=da.workspace_role_name)["Role"]["AssumeRolePolicyDocument"]
    _check(
        trust == sandbox.workspace_trust_policy(cfg).to_dict()
        and iam_a.list_role_policies(RoleName=da.workspace_role_name)["PolicyNames"] == [],
        f"workspace role {da.workspace_role_name} kept its trust, PassRole policy gone",
        checks,
    )
    existing = sorted(s.name for s in cfg.kinesis_account.streams if not s.create)
    _check(
        sorted(set(existing) & set(emu.client(b, "kinesis").list_streams()["StreamNames"])) == existing,
        f"pre-existing stream(s) {', '.join(existing)} untouched",
        checks,
    )


def _summary(emu: sandbox.Emulator, cfg: Config, checks: list[str], timings: dict[str, float]) -> str:
    da, kb = _account_a(cfg), cfg.kinesis_account
    lines = [
        "",
        f"kinesis-xacct demo: two emulated AWS accounts in moto server at {emu.url}",
        f"  account A {da.account_id} (deployment-account, runs Databricks)",
        f"    role              {cfg.deployment_role_arn}",
        f"    instance profile  {cfg.instance_profile_arn}",
        f"    workspace role    {da.workspace_role_name} (pre-existing) + inline {names.passrole_policy_name(cfg)}",
        f"  account B {kb.account_id} (kinesis-account, owns the streams)",
        f"    role              {cfg.kinesis_role_arn} (external ID {kb.external_id!r})",
    ]
    lines += [
        f"    stream            {cfg.stream_arn(s.name)} ({f'created, {s.mode}, SSE-KMS' if s.create else 'existing'})"
        for s in kb.streams
    ]
    lines += ["", "checked:"] + [f"  ok  {c}" for c in checks]
    lines += [
        "",
        "took: " + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items()),
        "note: moto does not evaluate IAM policies; this shows the wiring. Who may assume what is",
        "      proven by the policy analysis (see docs/security.md).",
    ]
    return "\n".join(lines)


Hook = Callable[[sandbox.Emulator, Config, Path], None]


def run_demo(
    config_path: Path, workdir: Path, say: Callable[[str], object] = print, hooks: dict[str, Hook] | None = None
) -> str:
    """The whole demo in ``workdir``; returns the summary. Raises ConfigError or DemoFailed.

    ``hooks`` ("prepared", "deployed", "destroyed") let the tests look at the accounts at those points;
    they are called with the emulator, the config as deployed, and ``workdir`` (the cdktf project folder).
    """
    hooks = hooks or {}
    base = load_config(config_path)
    if base.uses_service_credential:
        raise ConfigError(
            [
                (
                    "databricks.auth",
                    "make demo runs the instance-profile mode (A's role, instance "
                    "profile, PassRole); the emulator proof of service-credential is "
                    "tests/test_service_credential_emulator.py",
                )
            ]
        )
    # access: full attaches AmazonKinesisFullAccess, which moto knows only when it loads AWS managed policies.
    with sandbox.start_emulator(
        workdir / "moto.log", aws_managed_policies=base.kinesis_account.access == "full"
    ) as emu:
        config = workdir / "config.yaml"
        # exclude_unset: the config as written (a default written out would be a key the user never gave, and
        # some keys are only allowed where they are given, such as shard_count, which mode on-demand refuses).
        config.write_text(
            yaml.safe_dump(
                sandbox.sandbox_config(base.model_dump(mode="json", exclude_unset=True), emu.url), sort_keys=False
            )
        )
        cfg = load_config(config)
        project = sandbox.make_project(workdir)
        env = sandbox.cdktf_env(emu.env(toolchain.tool_env()), config)
        say(
            f"emulator up at {emu.url}; account A {_account_a(cfg).account_id}, "
            f"account B {cfg.kinesis_account.account_id}"
        )
        sandbox.prepare_accounts(emu, cfg)
        say(f"prepared: workspace role {_account_a(cfg).workspace_role_name} in A, existing stream(s) in B")
        hooks.get("prepared", _nothing)(emu, cfg, workdir)
        checks: list[str] = []
        timings: dict[str, float] = {}
        cli = toolchain.current().name
        say(f"{cli} deploy kinesis-account deployment-account --auto-approve ...")
        try:
            timings["deploy"] = _cli("deploy", project, env)
            checks.append(f"{cli} deploy kinesis-account deployment-account succeeded")
            _verify_deployed(emu, cfg, checks)
            hooks.get("deployed", _nothing)(emu, cfg, workdir)
        finally:
            say(f"{cli} destroy kinesis-account deployment-account --auto-approve ...")
            timings["destroy"] = _cli("destroy", project, env)
        checks.append(f"{cli} destroy kinesis-account deployment-account succeeded")
        _verify_destroyed(emu, cfg, checks)
        hooks.get("destroyed", _nothing)(emu, cfg, workdir)
        return _summary(emu, cfg, checks, timings)


def _nothing(*_args: object) -> None:
    pass


def run(config: str, keep: str | None = None) -> int:
    """The demo on ``config`` (a one-pair config), in ``keep`` (kept) or a temporary folder (removed)."""
    try:
        loaded = load_any(config)
    except ConfigError as err:
        return report(err)
    if isinstance(loaded, Organisation):
        print(
            "demo: the demo deploys a one-pair config (kinesis_account, deployment_account) into two emulated "
            "accounts; an organisation config (sources, consumers) is not run by it yet: deploy its stacks with "
            "make deploy",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    path = toolchain.tool_env()["PATH"]
    cli = toolchain.current().name
    missing = [tool for tool in (cli, "terraform") if shutil.which(tool, path=path) is None]
    if missing:
        hint = "" if cli == "cdktf" else f" FRAMEWORK={cli}"
        print(
            f"demo: {', '.join(missing)} not found: run `make install{hint}` (Terraform must be installed on the "
            "machine)",
            file=sys.stderr,
        )
        return 1
    workdir = Path(keep or tempfile.mkdtemp(prefix="kinesis-xacct-demo-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(run_demo(Path(config), workdir, say=lambda m: print(f"demo: {m}", flush=True)))
        return 0
    except ConfigError as err:
        return report(err)
    except DemoFailed as err:
        print(f"demo failed: {err}", file=sys.stderr)
        return 1
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """The earlier entry point ``python -m kinesis_xacct.sandbox.demo [--config C] [--keep DIR]``."""
    return as_subcommand("demo", argv)


if __name__ == "__main__":
    raise SystemExit(main())
