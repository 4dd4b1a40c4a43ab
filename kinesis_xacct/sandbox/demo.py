#!/usr/bin/env python
"""`make demo`: deploy a config's stacks into emulated AWS accounts and show that each chain is wired.

Starts moto server on a free 127.0.0.1 port (every account in one server), creates what a real setup already
has (the workspace's role in account A, the existing streams in account B), deploys in a temporary project
folder with ``cdktf deploy`` (``cdktn deploy`` with ``make demo FRAMEWORK=cdktn``), checks the roles and walks
each chain (the start role, then B's role with the external ID, a record put on each stream and read back),
destroys, and stops the emulator, also when a step fails. A one-pair config in instance-profile mode is deployed
in one run over its two stacks; any other config (an organisation, or a one-pair config in service-credential
mode: an organisation of one pair) wave by wave as ``make deploy`` runs it, destroyed in reverse waves, one
summary line per pair. The emulator does not evaluate IAM policies: this shows wiring, not permissions.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kinesis_xacct.cdk import toolchain
from kinesis_xacct.config import Config, ConfigError, names
from kinesis_xacct.config.organisation import Organisation, Pair
from kinesis_xacct.config.yaml_reader import read_yaml
from kinesis_xacct.ops import deploy
from kinesis_xacct.ops.cli import EXIT_CONFIG, load_or_report, report, stack_names
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.ops.load import as_organisation, load_any
from kinesis_xacct.sandbox import emulator as sandbox


class DemoFailed(Exception):
    pass


def _check(ok: bool, what: str, checks: list[str]) -> None:
    if not ok:
        raise DemoFailed(f"check failed: {what}")
    checks.append(what)


def _profile_checks(emu: sandbox.Emulator, cfg: Config, label: str, checks: list[str]) -> None:
    """A's instance profile holds A's role; the workspace role gained exactly the PassRole policy."""
    da = cfg.deployment
    iam = emu.client(emu.account(da.account_id, cfg.partition), "iam")
    profile = iam.get_instance_profile(InstanceProfileName=da.instance_profile_name)["InstanceProfile"]
    _check(
        [r["Arn"] for r in profile["Roles"]] == [cfg.deployment_role_arn],
        f"{label}instance profile {da.instance_profile_name} holds {da.role_name}",
        checks,
    )
    _check(
        iam.list_role_policies(RoleName=da.workspace_role_name)["PolicyNames"] == [names.passrole_policy_name(cfg)],
        f"{label}workspace role {da.workspace_role_name} gained exactly the PassRole policy",
        checks,
    )


def _workspace_role_kept(emu: sandbox.Emulator, cfg: Config) -> bool:
    """After destroy: the workspace role has its trust as before and no inline policy."""
    da = cfg.deployment
    iam = emu.client(emu.account(da.account_id, cfg.partition), "iam")
    trust = iam.get_role(RoleName=da.workspace_role_name)["Role"]["AssumeRolePolicyDocument"]
    policies = iam.list_role_policies(RoleName=da.workspace_role_name)["PolicyNames"]
    return bool(trust == sandbox.workspace_trust_policy(cfg).to_dict() and policies == [])


def _streams_untouched(emu: sandbox.Emulator, cfg: Config, label: str, checks: list[str]) -> None:
    existing = sorted(s.name for s in cfg.kinesis_account.streams if not s.create)
    session = emu.account(cfg.kinesis_account.account_id, cfg.partition)
    left = emu.client(session, "kinesis", cfg.region).list_streams()["StreamNames"]
    _check(
        sorted(set(existing) & set(left)) == existing,
        f"{label}pre-existing stream(s) {', '.join(existing)} untouched",
        checks,
    )


def _pair_deployed(emu: sandbox.Emulator, cfg: Config, checks: list[str]) -> None:
    """A one-pair instance-profile config, deployed: the apply order, each role in its own account only, the
    instance profile and the workspace role, and the chain a cluster walks."""
    da, kb = cfg.deployment, cfg.kinesis_account
    a, b = emu.account(da.account_id, cfg.partition), emu.account(kb.account_id, cfg.partition)
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
    _profile_checks(emu, cfg, "", checks)
    walk = sandbox.walk(emu, cfg)
    ((stream, (sequence_number, read_back)),) = walk.records.items()
    _check(walk.accounts[0] == da.account_id, f"assumed {cfg.deployment_role_arn} (account A)", checks)
    _check(
        walk.accounts[1] == kb.account_id,
        f"from it assumed {cfg.kinesis_role_arn} with external ID {kb.external_id!r} (account B)",
        checks,
    )
    _check(read_back, f"put a record on {stream} and read it back (sequence number {sequence_number})", checks)


def _pair_destroyed(emu: sandbox.Emulator, cfg: Config, checks: list[str]) -> None:
    da, kb = cfg.deployment, cfg.kinesis_account
    a, b = emu.account(da.account_id, cfg.partition), emu.account(kb.account_id, cfg.partition)
    _check(
        emu.role_arn(a, da.role_name) is None and emu.role_arn(b, kb.role_name) is None,
        "destroy removed both roles",
        checks,
    )
    _check(
        _workspace_role_kept(emu, cfg),
        f"workspace role {da.workspace_role_name} kept its trust, PassRole policy gone",
        checks,
    )
    _streams_untouched(emu, cfg, "", checks)


def _pair_summary(emu: sandbox.Emulator, cfg: Config) -> list[str]:
    da, kb = cfg.deployment, cfg.kinesis_account
    lines = [
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
    return lines


# ------------------------------------------------------------------------------------------ any organisation


@dataclass
class _Run:
    """A demo's CLI runs and what it saw: the checks, per pair the line of the summary, the timings."""

    project: Path
    env: dict[str, str]
    say: Callable[[str], object]
    every: list[str] | None  # an organisation's stacks (None: a one-pair config's two stacks, in one run)
    checks: list[str] = field(default_factory=list)
    pairs: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def cli(self, verb: str, i: int, wave: list[str]) -> None:
        """One CLI run: a one-pair config's two stacks at once (its log: cdktf-<verb>.log), or wave ``i`` of an
        organisation (its log: cdktf-<verb>-<stacks>.log); the log is in the project folder."""
        cli = toolchain.current().name
        self.say(f"{cli} {verb} {' '.join(wave)} --auto-approve ...")
        start = time.monotonic()
        args = sandbox.cdktf_args(verb, stacks=wave, every=self.every)
        proc = subprocess.run(args, cwd=self.project, env=self.env, capture_output=True, text=True, timeout=1800)
        log = "" if self.every is None else "-" + "-".join(wave)[:80]
        (self.project / f"{cli}-{verb}{log}.log").write_text(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
            raise DemoFailed(f"{cli} {verb} exited {proc.returncode}; last lines:\n{tail}")
        self.timings[verb if self.every is None else f"{verb} wave {i + 1}"] = time.monotonic() - start

    def summary(self, lines: list[str]) -> str:
        return "\n".join(
            [
                "",
                *lines,
                "",
                "checked:",
                *(f"  ok  {c}" for c in self.checks),
                "",
                "took: " + ", ".join(f"{k} {v:.0f}s" for k, v in self.timings.items()),
                "note: moto does not evaluate IAM policies; this shows the wiring. Who may assume what is",
                "      proven by the policy analysis (see docs/security.md).",
            ]
        )


def _start_role(pair: Pair) -> str:
    """Where a pair's chain starts: the consumer's instance-profile role, or (service credential) Databricks'
    Unity Catalog master role."""
    cfg = pair.cfg
    return cfg.unity_catalog_role_arn if cfg.uses_service_credential else cfg.deployment_role_arn


def _organisation_deployed(emu: sandbox.Emulator, org: Organisation, run: _Run) -> None:
    for c in org.consumers:
        cfg = org.consumer_cfg(c)
        if cfg.uses_service_credential:
            continue  # Databricks off: nothing of this consumer in AWS
        da = cfg.deployment
        a = emu.account(da.account_id, cfg.partition)
        _check(emu.role_arn(a, da.role_name) == cfg.deployment_role_arn, f"{c}: role {da.role_name} exists", run.checks)
        _profile_checks(emu, cfg, f"{c}: ", run.checks)
    for pair in org.pairs:
        cfg, kb = pair.cfg, pair.cfg.kinesis_account
        label = f"{pair.consumer} <- {pair.source}"
        b = emu.account(kb.account_id, cfg.partition)
        _check(
            emu.role_arn(b, kb.role_name) == cfg.kinesis_role_arn, f"{label}: role {kb.role_name} exists", run.checks
        )
        streams = [st.name for st in kb.streams]
        walk = sandbox.walk(emu, cfg, _start_role(pair), streams)
        _check(walk.accounts[1] == kb.account_id, f"{label}: assumed {cfg.kinesis_role_arn}", run.checks)
        for stream, (_, read_back) in walk.records.items():
            _check(read_back, f"{label}: put a record on {stream} and read it back", run.checks)
        run.pairs.append(
            f"  ok  {label}: {_start_role(pair)} -> {cfg.kinesis_role_arn} "
            f"({f'external ID {kb.external_id!r}' if kb.external_id else 'no external ID'}); "
            f"a record put and read back on {', '.join(streams)}"
        )


def _organisation_destroyed(emu: sandbox.Emulator, org: Organisation, run: _Run) -> None:
    for pair in org.pairs:
        kb = pair.cfg.kinesis_account
        b = emu.account(kb.account_id, pair.cfg.partition)
        _check(emu.role_arn(b, kb.role_name) is None, f"{pair.consumer} <- {pair.source}: role gone", run.checks)
    for c in org.consumers:
        cfg = org.consumer_cfg(c)
        if cfg.uses_service_credential:
            continue
        da = cfg.deployment
        _check(
            emu.role_arn(emu.account(da.account_id, cfg.partition), da.role_name) is None
            and _workspace_role_kept(emu, cfg),
            f"{c}: role gone; workspace role {da.workspace_role_name} kept its trust, PassRole policy gone",
            run.checks,
        )
    for s in org.sources:
        if any(not st.create for st in org.source_cfgs[s].kinesis_account.streams):
            _streams_untouched(emu, org.source_cfgs[s], f"{s}: ", run.checks)


def _organisation_summary(emu: sandbox.Emulator, org: Organisation, waves: list[list[str]], run: _Run) -> list[str]:
    lines = [
        f"kinesis-xacct demo: {len(org.sources)} source(s), {len(org.consumers)} consumer(s), "
        f"{len(org.pairs)} pair(s) in moto server at {emu.url}",
    ]
    for s in org.sources:
        cfg = org.source_cfgs[s]
        streams = ", ".join(
            f"{st.name} ({'created' if st.create else 'existing'})" for st in cfg.kinesis_account.streams
        )
        lines.append(f"  source   {s}: account {cfg.kinesis_account.account_id} ({cfg.region}), {streams}")
    for c in org.consumers:
        cfg = org.consumer_cfg(c)
        if cfg.uses_service_credential:
            lines.append(f"  consumer {c}: service-credential (nothing of it in AWS: Databricks is off here)")
        else:
            lines.append(
                f"  consumer {c}: account {cfg.deployment.account_id} (instance-profile), {cfg.deployment_role_arn}"
            )
    return [*lines, "  waves:   " + "; then ".join(", ".join(w) for w in waves), "", "pairs:", *run.pairs]


# Called with the config as deployed: a Config (one pair) or an Organisation.
Hook = Callable[[sandbox.Emulator, Any, Path], None]


def run_demo(
    config_path: Path, workdir: Path, say: Callable[[str], object] = print, hooks: dict[str, Hook] | None = None
) -> str:
    """The whole demo in ``workdir``; returns the summary. Raises ConfigError or DemoFailed.

    ``hooks`` ("prepared", "deployed", "destroyed") let the tests look at the accounts at those points;
    they are called with the emulator, the config as deployed (a :class:`Config` or an :class:`Organisation`),
    and ``workdir`` (the cdktf project folder).
    """
    hooks = hooks or {}
    given = load_any(config_path)
    # access: full attaches AmazonKinesisFullAccess, which moto knows only when it loads AWS managed policies.
    full = any(p.cfg.kinesis_account.access == "full" for p in as_organisation(given).pairs)
    with sandbox.start_emulator(workdir / "moto.log", aws_managed_policies=full) as emu:
        config = _demo_config(given, config_path, workdir / "config.yaml", emu, say)
        loaded = load_any(config)
        org = as_organisation(loaded)
        # A one-pair instance-profile config (else: walked as an organisation, a one-pair one as one of one pair).
        cfg = loaded if isinstance(loaded, Config) and not loaded.uses_service_credential else None
        env = sandbox.cdktf_env(emu.env(toolchain.tool_env()), config)
        run = _Run(sandbox.make_project(workdir), env, say, None if cfg else stack_names(loaded))
        if cfg is not None:
            a, b = cfg.deployment.account_id, cfg.kinesis_account.account_id
            say(f"emulator up at {emu.url}; account A {a}, account B {b}")
            sandbox.prepare_accounts(emu, cfg)
            say(f"prepared: workspace role {cfg.deployment.workspace_role_name} in A, existing stream(s) in B")
        else:
            say(f"emulator up at {emu.url}; {len(org.sources)} source(s), {len(org.consumers)} consumer(s)")
            say("prepared: " + "; ".join(sandbox.prepare_accounts(emu, org)))
        hooks.get("prepared", _nothing)(emu, loaded, workdir)
        cli = toolchain.current().name
        waves = [list(sandbox.STACKS)] if cfg else deploy.runs("deploy", loaded, [])
        started: list[list[str]] = []
        try:
            for i, wave in enumerate(waves):
                started.append(wave)
                run.cli("deploy", i, wave)
                run.checks.append(f"{cli} deploy {' '.join(wave)} succeeded")
            if cfg is not None:
                _pair_deployed(emu, cfg, run.checks)
            else:
                _organisation_deployed(emu, org, run)
            hooks.get("deployed", _nothing)(emu, loaded, workdir)
        finally:
            for i, wave in reversed(list(enumerate(started))):
                run.cli("destroy", i, wave)
        if cfg is not None:
            run.checks.append(f"{cli} destroy {' '.join(waves[0])} succeeded")
            _pair_destroyed(emu, cfg, run.checks)
        else:
            run.checks.append(f"{cli} destroy succeeded, waves in reverse")
            _organisation_destroyed(emu, org, run)
        hooks.get("destroyed", _nothing)(emu, loaded, workdir)
        return run.summary(_pair_summary(emu, cfg) if cfg else _organisation_summary(emu, org, waves, run))


def _demo_config(
    given: Config | Organisation, config_path: Path, config: Path, emu: sandbox.Emulator, say: Callable[[str], object]
) -> Path:
    """The config pointed at the emulator (given keys stood in for by keys of the emulator), written to ``config``."""
    if isinstance(given, Config):
        # exclude_unset: the config as written (a default written out would be a key the user never gave, and
        # some keys are only allowed where they are given, such as shard_count, which mode on-demand refuses).
        data = sandbox.sandbox_config(given.model_dump(mode="json", exclude_unset=True), emu.url)
    else:
        data = sandbox.organisation_sandbox_config(read_yaml(config_path), emu.url)
    for line in sandbox.stand_in_keys(emu, data):
        say(line)
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    return config


def _nothing(*_args: object) -> None:
    pass


def run(config: str, keep: str | None = None) -> int:
    """The demo on ``config`` (either form), in ``keep`` (kept) or a temporary folder (removed)."""
    if load_or_report(config) is None:
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


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.sandbox.demo``
    raise SystemExit(as_subcommand("demo"))
