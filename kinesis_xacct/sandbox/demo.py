#!/usr/bin/env python
"""`make demo`: deploy a config's stacks into emulated AWS accounts and show that each chain is wired.

An organisation config (and a one-pair config in service-credential mode, an organisation of one pair) runs
:func:`run_organisation_demo`: every account in one moto server, the stacks deployed wave by wave as ``make
deploy`` runs them, each pair's chain walked on each of its streams, destroyed in reverse waves, one summary line
per pair. A one-pair config in instance-profile mode runs :func:`run_demo`'s own steps, below.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kinesis_xacct import paths
from kinesis_xacct.cdk import toolchain
from kinesis_xacct.config import Config, ConfigError, DeploymentAccount, names
from kinesis_xacct.config.organisation import Organisation, Pair, is_organisation, organisation_of
from kinesis_xacct.config.yaml_reader import read_yaml
from kinesis_xacct.ops import deploy
from kinesis_xacct.ops.cli import report, stack_names
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.ops.load import load_any, load_config
from kinesis_xacct.sandbox import emulator as sandbox

ROOT = paths.ROOT


class DemoFailed(Exception):
    pass


def _cli(
    verb: str, project: Path, env: dict[str, str], wave: list[str] | None = None, every: list[str] | None = None
) -> float:
    """Run ``cdktf|cdktn <verb> kinesis-account deployment-account`` (or the stacks of one ``wave`` of an
    organisation whose stacks are ``every``); its output goes to a log in the project folder."""
    start = time.monotonic()
    cli = toolchain.current().name
    args = sandbox.cdktf_args(verb) if wave is None else sandbox.cdktf_args(verb, stacks=wave, every=every)
    log = "" if wave is None else "-" + "-".join(wave)[:80]
    proc = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=1800)
    (project / f"{cli}-{verb}{log}.log").write_text(proc.stdout + proc.stderr)
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


# Called with the config as deployed: a Config (one pair) or an Organisation (run_organisation_demo).
Hook = Callable[[sandbox.Emulator, Any, Path], None]


def run_demo(
    config_path: Path, workdir: Path, say: Callable[[str], object] = print, hooks: dict[str, Hook] | None = None
) -> str:
    """The whole demo in ``workdir``; returns the summary. Raises ConfigError or DemoFailed.

    ``hooks`` ("prepared", "deployed", "destroyed") let the tests look at the accounts at those points;
    they are called with the emulator, the config as deployed, and ``workdir`` (the cdktf project folder).
    """
    hooks = hooks or {}
    loaded = load_any(config_path)
    if isinstance(loaded, Organisation):
        return run_organisation_demo(config_path, workdir, say, hooks)
    base = loaded
    if base.uses_service_credential:  # nothing in A's AWS account: walked as an organisation of one pair
        return run_organisation_demo(config_path, workdir, say, hooks)
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


# ------------------------------------------------------------------------------------------ any organisation


@dataclass
class _Run:
    """An organisation demo's state: what it checked, per pair the line of the summary, the timings."""

    checks: list[str] = field(default_factory=list)
    pairs: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _as_organisation(loaded: Config | Organisation) -> Organisation:
    return loaded if isinstance(loaded, Organisation) else organisation_of(loaded)


def _start_role(pair: Pair) -> str:
    """Where a pair's chain starts: the consumer's instance-profile role, or (service credential) Databricks'
    Unity Catalog master role."""
    cfg = pair.cfg
    return cfg.unity_catalog_role_arn if cfg.uses_service_credential else cfg.deployment_role_arn


def _consumer_checks(emu: sandbox.Emulator, org: Organisation, run: _Run) -> None:
    for c in org.consumers:
        cfg = org.consumer_cfg(c)
        if cfg.uses_service_credential:
            continue  # Databricks off: nothing of this consumer in AWS
        da = cfg.deployment
        a = emu.account(da.account_id, cfg.partition)
        iam = emu.client(a, "iam")
        _check(emu.role_arn(a, da.role_name) == cfg.deployment_role_arn, f"{c}: role {da.role_name} exists", run.checks)
        profile = iam.get_instance_profile(InstanceProfileName=da.instance_profile_name)["InstanceProfile"]
        _check(
            [r["Arn"] for r in profile["Roles"]] == [cfg.deployment_role_arn],
            f"{c}: instance profile {da.instance_profile_name} holds {da.role_name}",
            run.checks,
        )
        _check(
            iam.list_role_policies(RoleName=da.workspace_role_name)["PolicyNames"] == [names.passrole_policy_name(cfg)],
            f"{c}: workspace role {da.workspace_role_name} gained exactly the PassRole policy",
            run.checks,
        )


def _pair_checks(emu: sandbox.Emulator, org: Organisation, run: _Run) -> None:
    for pair in org.pairs:
        cfg, kb = pair.cfg, pair.cfg.kinesis_account
        label = f"{pair.consumer} <- {pair.source}"
        b = emu.account(kb.account_id, cfg.partition)
        _check(
            emu.role_arn(b, kb.role_name) == cfg.kinesis_role_arn, f"{label}: role {kb.role_name} exists", run.checks
        )
        streams = [st.name for st in kb.streams]
        walk = sandbox.walk_pair(emu, cfg, streams, _start_role(pair))
        _check(walk.pair_account == kb.account_id, f"{label}: assumed {cfg.kinesis_role_arn}", run.checks)
        for stream, seq in walk.records.items():
            _check(seq is not None, f"{label}: put a record on {stream} and read it back", run.checks)
        start = _start_role(pair)
        run.pairs.append(
            f"  ok  {label}: {start} -> {cfg.kinesis_role_arn} "
            f"({f'external ID {kb.external_id!r}' if kb.external_id else 'no external ID'}); "
            f"a record put and read back on {', '.join(streams)}"
        )


def _destroyed_checks(emu: sandbox.Emulator, org: Organisation, run: _Run) -> None:
    for pair in org.pairs:
        kb = pair.cfg.kinesis_account
        b = emu.account(kb.account_id, pair.cfg.partition)
        _check(emu.role_arn(b, kb.role_name) is None, f"{pair.consumer} <- {pair.source}: role gone", run.checks)
    for c in org.consumers:
        cfg = org.consumer_cfg(c)
        if cfg.uses_service_credential:
            continue
        da = cfg.deployment
        a = emu.account(da.account_id, cfg.partition)
        iam = emu.client(a, "iam")
        trust = iam.get_role(RoleName=da.workspace_role_name)["Role"]["AssumeRolePolicyDocument"]
        _check(
            emu.role_arn(a, da.role_name) is None
            and trust == sandbox.workspace_trust_policy(cfg).to_dict()
            and iam.list_role_policies(RoleName=da.workspace_role_name)["PolicyNames"] == [],
            f"{c}: role gone; workspace role {da.workspace_role_name} kept its trust, PassRole policy gone",
            run.checks,
        )
    for s in org.sources:
        cfg = org.source_cfgs[s]
        existing = sorted(st.name for st in cfg.kinesis_account.streams if not st.create)
        if existing:
            session = emu.account(cfg.kinesis_account.account_id, cfg.partition)
            left = sandbox.regional_client(emu, session, "kinesis", cfg.region).list_streams()["StreamNames"]
            _check(
                sorted(set(existing) & set(left)) == existing,
                f"{s}: pre-existing stream(s) {', '.join(existing)} untouched",
                run.checks,
            )


def _organisation_summary(emu: sandbox.Emulator, org: Organisation, waves: list[list[str]], run: _Run) -> str:
    lines = [
        "",
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
    lines += ["  waves:   " + "; then ".join(", ".join(w) for w in waves), "", "pairs:", *run.pairs]
    lines += ["", "checked:"] + [f"  ok  {c}" for c in run.checks]
    lines += [
        "",
        "took: " + ", ".join(f"{k} {v:.0f}s" for k, v in run.timings.items()),
        "note: moto does not evaluate IAM policies; this shows the wiring. Who may assume what is",
        "      proven by the policy analysis (see docs/security.md).",
    ]
    return "\n".join(lines)


def run_organisation_demo(
    config_path: Path, workdir: Path, say: Callable[[str], object] = print, hooks: dict[str, Hook] | None = None
) -> str:
    """The demo of any config as an organisation (a one-pair config is an organisation of one pair): every
    stack deployed wave by wave, each pair's chain walked on each of its streams, destroyed in reverse waves.
    Returns the summary; raises ConfigError or DemoFailed. ``hooks`` as :func:`run_demo`, called with the
    loaded demo config (an :class:`Organisation`, or the one-pair :class:`Config`)."""
    hooks = hooks or {}
    data = read_yaml(config_path)
    one_pair = not is_organisation(data)
    given = load_any(config_path)
    full = any(p.cfg.kinesis_account.access == "full" for p in _as_organisation(given).pairs)
    with sandbox.start_emulator(workdir / "moto.log", aws_managed_policies=full) as emu:
        config = workdir / "config.yaml"
        if one_pair:
            demo_data = sandbox.sandbox_config(
                _as_organisation(given).pairs[0].cfg.model_dump(mode="json", exclude_unset=True), emu.url
            )
        else:
            demo_data = sandbox.organisation_sandbox_config(data, emu.url)
        config.write_text(yaml.safe_dump(demo_data, sort_keys=False))
        loaded = load_any(config)
        org = _as_organisation(loaded)
        project = sandbox.make_project(workdir)
        env = sandbox.cdktf_env(emu.env(toolchain.tool_env()), config)
        say(f"emulator up at {emu.url}; {len(org.sources)} source(s), {len(org.consumers)} consumer(s)")
        say("prepared: " + "; ".join(sandbox.prepare_organisation(emu, org)))
        hooks.get("prepared", _nothing)(emu, loaded, workdir)
        run = _Run()
        cli = toolchain.current().name
        waves = deploy.runs("deploy", loaded, [])
        every = stack_names(loaded)
        started: list[list[str]] = []
        try:
            for i, wave in enumerate(waves):
                say(f"{cli} deploy {' '.join(wave)} --auto-approve ...")
                started.append(wave)
                run.timings[f"deploy wave {i + 1}"] = _cli("deploy", project, env, wave, every)
                run.checks.append(f"{cli} deploy {' '.join(wave)} succeeded")
            _consumer_checks(emu, org, run)
            _pair_checks(emu, org, run)
            hooks.get("deployed", _nothing)(emu, loaded, workdir)
        finally:
            for i, wave in reversed(list(enumerate(started))):
                say(f"{cli} destroy {' '.join(wave)} --auto-approve ...")
                run.timings[f"destroy wave {i + 1}"] = _cli("destroy", project, env, wave, every)
        run.checks.append(f"{cli} destroy succeeded, waves in reverse")
        _destroyed_checks(emu, org, run)
        hooks.get("destroyed", _nothing)(emu, loaded, workdir)
        return _organisation_summary(emu, org, waves, run)


def _nothing(*_args: object) -> None:
    pass


def run(config: str, keep: str | None = None) -> int:
    """The demo on ``config`` (either form), in ``keep`` (kept) or a temporary folder (removed)."""
    try:
        load_any(config)
    except ConfigError as err:
        return report(err)
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
