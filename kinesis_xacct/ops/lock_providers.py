"""``make lock-providers``: renew the committed provider locks (``locks/<stack>.terraform.lock.hcl``).

    python -m kinesis_xacct lock-providers [--config C] [--platforms "linux_amd64 darwin_arm64"]
                                   [--fs-mirror DIR|none] [--upgrade]

Both stacks are synthesized from the config with every optional provider switched on (``databricks.enabled``),
so the locks cover every config (a synth copies only the entries of the providers a stack declares:
kinesis_xacct/synth/locks.py). Then ``terraform providers lock`` runs in each stack folder, starting from the
committed lock, and the result is written back:

- Providers in the filesystem mirror of the project's CLI config (or ``--fs-mirror``) are locked from it
  (``-fs-mirror``), for the requested platforms the mirror has. Such checksums are ``h1:`` hashes Terraform
  computed from the mirror's files (no registry signature), for those platforms only.
- Every other provider is locked from its origin registry for all requested platforms (``zh:`` checksums of
  the registry's signed SHA256SUMS and ``h1:``). Offline that fails: the provider's committed entry stays as
  it was, and the run says so (exit 0; ``--strict`` makes it exit 1).

Without ``--upgrade`` the locked versions stay and only checksums are added (what ``terraform providers
lock`` does with an existing entry); a provider without an entry gets the newest version its constraint in
versions.py allows. ``--upgrade`` drops the entries first, to take the newest allowed versions on purpose.
Review ``git diff locks/`` like code, then commit it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from kinesis_xacct import paths
from kinesis_xacct.config import ConfigError
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.cli import EXIT_SYNTH, report
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.ops.load import load_any, load_config
from kinesis_xacct.synth import locks

_MIRROR = re.compile(r'filesystem_mirror\s*\{[^}]*?path\s*=\s*"([^"]+)"', re.DOTALL)


def every_provider_config(data: dict[str, Any]) -> dict[str, Any]:
    """The config with every feature that declares an optional provider switched on."""
    out = dict(data)
    out["databricks"] = {**(data.get("databricks") or {}), "enabled": True}
    return out


def cli_config_mirror_of(path: Path | None) -> str | None:
    """The filesystem mirror of a Terraform CLI config (as scripts/tf_cli_config.py writes it), if any."""
    try:
        match = _MIRROR.search(path.read_text(encoding="utf-8")) if path else None
    except OSError:
        return None
    return match.group(1) if match else None


def mirror_platforms(mirror: Path, address: str) -> set[str]:
    """The platforms ``mirror`` holds ``address`` for (unpacked <version>/<os>_<arch>/ or packed .zip layout)."""
    base = mirror / address
    kind = address.rsplit("/", 1)[-1]
    if not base.is_dir():
        return set()
    found = {p.name for v in base.iterdir() if v.is_dir() for p in v.iterdir() if p.is_dir() and "_" in p.name}
    packed = re.compile(rf"terraform-provider-{re.escape(kind)}_[^_]+_([a-z0-9]+_[a-z0-9]+)\.zip$")
    found |= {m.group(1) for p in base.iterdir() if (m := packed.match(p.name))}
    return found


def _terraform_lock(
    terraform: str, stack_dir: Path, platforms: list[str], providers: list[str], mirror: Path | None
) -> subprocess.CompletedProcess[str]:
    args = [terraform, "providers", "lock", "-no-color", *(f"-platform={p}" for p in platforms)]
    if mirror:
        args.append(f"-fs-mirror={mirror}")
    return subprocess.run([*args, *providers], cwd=stack_dir, capture_output=True, text=True, timeout=900, check=False)


def _error_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = [ln.strip() for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip() and "Error" not in ln]
    text = " ".join(lines)
    return text if len(text) <= 300 else text[:297] + "..."


def lock_stack(
    terraform: str, name: str, stack_dir: Path, platforms: list[str], mirror: Path | None, upgrade: bool
) -> tuple[dict[str, locks.Entry], list[str]]:
    """Run ``terraform providers lock`` in a synthesized stack folder; its resulting entries and the problems."""
    declared = locks.declared_providers(stack_dir)
    lock_file = stack_dir / locks.LOCK_FILE
    before = locks.read(lock_file)
    groups: list[tuple[list[str], list[str], Path | None]] = []  # (providers, platforms, mirror)
    registry = []
    for address in declared:
        have = sorted(mirror_platforms(mirror, address)) if mirror else []
        wanted = [p for p in platforms if p in have]
        if wanted:
            groups.append(([address], wanted, mirror))
            skipped = [p for p in platforms if p not in have]
            if skipped:
                print(
                    f"  {name}: {address}: the mirror has no {', '.join(skipped)}; checksums for "
                    f"{', '.join(wanted)} only"
                )
        else:
            registry.append(address)
    if registry:
        groups.append((registry, list(platforms), None))
    problems = []
    for providers, group_platforms, group_mirror in groups:
        start = locks.read(lock_file)
        if upgrade:
            locks.write(lock_file, {a: e for a, e in start.items() if a not in providers})
        proc = _terraform_lock(terraform, stack_dir, group_platforms, providers, group_mirror)
        if proc.returncode != 0:
            where = f"mirror {group_mirror}" if group_mirror else "the registry"
            problems.append(
                f"{name}: could not lock {', '.join(providers)} from {where} "
                f"(committed entries kept): {_error_line(proc)}"
            )
            locks.write(lock_file, start)  # as before this group
    after = locks.read(lock_file)
    # An entry of a provider that could not be locked stays as committed (also with --upgrade).
    return {**{a: e for a, e in before.items() if a in declared}, **after}, problems


def _lock_all(
    args: argparse.Namespace, terraform: str, platforms: list[str], mirror: Path | None, folder: Path
) -> list[str]:
    """Synthesize every provider any config can declare, lock each stack, write the committed lock files that
    changed; the providers that could not be locked, as messages."""
    source = Path(args.config)
    if isinstance(load_any(source), Organisation):
        # An organisation's stacks take the lock of their kind (locks/kinesis-account..., deployment-account...:
        # synth.locks.committed_lock), which the one-pair stacks of the project's example declare in full.
        source = paths.ROOT / paths.DEFAULT_CONFIG
        print(f"an organisation's stacks use the locks of their kind: locking the stacks of {source.name}")
    with tempfile.TemporaryDirectory(prefix="kinesis-xacct-locks-") as tmp:
        config = Path(tmp) / "config.yaml"
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        config.write_text(yaml.safe_dump(every_provider_config(data), sort_keys=False), encoding="utf-8")
        cfg = load_config(str(config))
        from kinesis_xacct.synth.app import synth  # heavy: cdktf and the provider bindings

        out = synth(cfg, str(Path(tmp) / "out"), config_name=args.config)
        print(
            f"locking providers for {' '.join(platforms)}"
            + (f" (from mirror {mirror} where it has them)" if mirror else "")
        )
        problems: list[str] = []
        for name, stack_dir in locks.stack_dirs(out).items():
            entries, stack_problems = lock_stack(terraform, name, stack_dir, platforms, mirror, args.upgrade)
            problems += stack_problems
            target = locks.committed_lock(name, folder)
            text = locks.render(entries)
            changed = not target.is_file() or target.read_text(encoding="utf-8") != text
            if changed:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            summary = ", ".join(f"{a.split('/', 1)[1]} {e.attr('version')}" for a, e in sorted(entries.items()))
            print(f"  {paths.shown(target)}: {summary or 'no providers'}{' (updated)' if changed else ' (unchanged)'}")
    return problems


def run(args: argparse.Namespace) -> int:
    """Renew the committed locks: ``args`` holds ``config``, ``platforms``, ``fs_mirror``, ``upgrade``,
    ``locks_dir`` and ``strict`` (the options of ``python -m kinesis_xacct lock-providers``)."""
    platforms = [p for p in re.split(r"[\s,]+", args.platforms) if p]
    bad = [p for p in platforms if not re.fullmatch(r"[a-z0-9]+_[a-z0-9]+", p)]
    if bad or not platforms:
        print(f"lock-providers: not a platform (<os>_<arch>): {' '.join(bad) or '(none given)'}", file=sys.stderr)
        return 2
    if (mirror_arg := args.fs_mirror) is None:  # the mirror of the CLI config named by TF_CLI_CONFIG_FILE
        cli_config = os.environ.get("TF_CLI_CONFIG_FILE")
        mirror_arg = cli_config_mirror_of(Path(cli_config) if cli_config else None)
    mirror = Path(mirror_arg) if mirror_arg and mirror_arg != "none" else None
    if args.locks_dir:
        os.environ[locks.LOCKS_ENV] = str(Path(args.locks_dir).absolute())
    terraform = shutil.which("terraform")
    if terraform is None:
        print("lock-providers: terraform is not on PATH", file=sys.stderr)
        return EXIT_SYNTH
    try:
        problems = _lock_all(args, terraform, platforms, mirror, locks.locks_dir())
    except ConfigError as err:
        return report(err)
    except locks.LockFileError as err:
        print(f"lock-providers: {err}", file=sys.stderr)
        return EXIT_SYNTH
    for problem in problems:
        print(f"lock-providers: {problem}", file=sys.stderr)
    print("review the change with `git diff locks/` and commit it")
    return EXIT_SYNTH if problems and args.strict else 0


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.ops.lock_providers``
    raise SystemExit(as_subcommand("lock-providers"))
