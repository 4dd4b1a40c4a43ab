"""Provider lock files: the committed ones (``locks/<stack>.terraform.lock.hcl``) go into every synthesized
stack, and each stack's Terraform working state (``.terraform/``) is carried from the previous output.

One function, :func:`prepare_stacks`, does both on a complete new output folder before it replaces the old one
(``outdir.swap_in``); every synthesis path calls it (``app.synth`` for ``cdktf synth``/``cdktf deploy``, and
``synth_cli`` for ``make synth``, whose cdktf CLI writes into a fresh folder of its own). Imports nothing heavy.

The lock of a stack gets, for each provider the stack declares (``terraform.required_providers`` in the
stack's ``metadata.json``, which cdktf writes beside ``cdk.tf``), the committed entry, else the entry of the
previous output's lock (what ``terraform init`` recorded there), else none (``terraform init`` then picks the
newest allowed version and records it in the stack's lock only). Entries of providers the stack does not
declare are left out, so one committed lock, made with every optional provider switched on
(``make lock-providers``), serves every config: Terraform 1.11 drops a lock entry for a provider that is not
required at ``terraform init`` and refuses it with ``-lockfile=readonly`` ("Provider dependency changes
detected"). The selected entries are copied byte for byte, in Terraform's own order and layout.

``.terraform/`` is carried as a tree of hard links (symlinks as symlinks): instant, and the old output is
never modified (it is deleted only after the new one is in place). Where hard links are refused, it is copied.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from kinesis_xacct import paths
from kinesis_xacct.config import Config
from kinesis_xacct.iam.modes import mode_of

LOCK_FILE = ".terraform.lock.hcl"
WORK_DIR = ".terraform"
LOCKS_ENV = "XACCT_PROVIDER_LOCKS"
DEFAULT_LOCKS_DIR = paths.LOCKS_DIR
DEFAULT_HOST = "registry.terraform.io"
# What `terraform init` / `terraform providers lock` write at the top of every lock file.
HEADER = '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n'
_BLOCK = re.compile(r'provider "([^"\n]+)" \{\n(?:(?:  .*)?\n)*?\}\n')
_ATTR = re.compile(r'^  (version|constraints)\s*=\s*"([^"]*)"$', re.MULTILINE)


class LockFileError(ValueError):
    """A lock file that is not in the layout Terraform writes."""


@dataclass(frozen=True)
class Entry:
    address: str  # registry.terraform.io/hashicorp/aws
    text: str  # the whole block, as Terraform wrote it, ending in "}\n"

    def attr(self, name: str) -> str | None:
        return next((v for k, v in _ATTR.findall(self.text) if k == name), None)


def locks_dir() -> Path:
    """Where the committed lock files are: $XACCT_PROVIDER_LOCKS, else the project's ``locks/``."""
    return Path(os.environ.get(LOCKS_ENV) or DEFAULT_LOCKS_DIR)


# An organisation's stacks (kinesis-account-<source>, deployment-account-<consumer>) use the committed lock
# of their kind unless a lock of their own is committed: same providers, same constraints.
STACK_KINDS = (paths.KINESIS_STACK, paths.DEPLOYMENT_STACK)


def committed_lock(stack: str, folder: Path | None = None) -> Path:
    base = folder or locks_dir()
    own = base / f"{stack}{LOCK_FILE}"
    if not own.is_file():
        for kind in STACK_KINDS:
            if stack.startswith(f"{kind}-"):
                return base / f"{kind}{LOCK_FILE}"
    return own


def provider_address(source: str) -> str:
    """A ``required_providers`` source as the lock file names it (``hashicorp/aws`` ->
    ``registry.terraform.io/hashicorp/aws``; a bare type is a hashicorp provider)."""
    parts = source.lower().split("/")
    if len(parts) == 1:
        parts = ["hashicorp", *parts]
    if len(parts) == 2:
        parts = [DEFAULT_HOST, *parts]
    return "/".join(parts)


def parse(text: str, name: str = "lock file") -> dict[str, Entry]:
    """The provider blocks of a lock file, by address. Comments and blank lines between blocks are allowed;
    anything else raises :class:`LockFileError`."""
    text = text.replace("\r\n", "\n")
    entries: dict[str, Entry] = {}
    pos = 0
    while pos < len(text):
        if text[pos] == "\n":
            pos += 1
            continue
        if text.startswith("#", pos):
            pos = text.find("\n", pos) + 1 or len(text)
            continue
        match = _BLOCK.match(text, pos)
        if not match:
            line = text.count("\n", 0, pos) + 1
            raise LockFileError(
                f"{name}: line {line} is not part of a provider block as Terraform writes it "
                f"(restore the file from git, or delete it and run `make lock-providers`)"
            )
        entries[match.group(1)] = Entry(match.group(1), match.group(0))
        pos = match.end()
    return entries


def render(entries: dict[str, Entry]) -> str:
    """A lock file as Terraform writes it: the header, then the blocks sorted by address."""
    return HEADER + "".join("\n" + entries[a].text for a in sorted(entries))


def read(path: Path) -> dict[str, Entry]:
    """The entries of the lock file at ``path`` (none where there is no file)."""
    return parse(path.read_text(encoding="utf-8"), str(path)) if path.is_file() else {}


def write(path: Path, entries: dict[str, Entry]) -> None:
    """The lock file at ``path`` with ``entries``; no file when there are none."""
    if entries:
        path.write_text(render(entries), encoding="utf-8")
    elif path.exists():
        path.unlink()


def declared_providers(stack_dir: Path) -> dict[str, str]:
    """address -> version constraint ("" if none) of every provider the synthesized stack requires."""
    meta = json.loads((stack_dir / "metadata.json").read_text(encoding="utf-8"))
    required = meta.get("terraform", {}).get("required_providers", {})
    return {provider_address(spec.get("source") or name): spec.get("version", "") for name, spec in required.items()}


def stack_dirs(out: Path) -> dict[str, Path]:
    """stack name -> its working directory, from the output's manifest.json."""
    stacks = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["stacks"]
    return {name: out / stack["workingDirectory"] for name, stack in stacks.items()}


def stack_lock(declared: dict[str, str], committed: dict[str, Entry], previous: dict[str, Entry]) -> dict[str, Entry]:
    """The entries of a stack's lock: per declared provider the committed one, else the previous output's."""
    picked = {a: committed.get(a) or previous.get(a) for a in declared}
    return {a: e for a, e in picked.items() if e is not None}


def _previous_entries(path: Path) -> dict[str, Entry]:
    """The previous output's lock (generated, so an unreadable one is dropped, not reported)."""
    try:
        return read(path)
    except (OSError, LockFileError, UnicodeDecodeError):
        return {}


def carry_work_dir(src: Path, dst: Path) -> None:
    """Put a copy of the folder ``src`` at ``dst``: hard links (symlinks kept as such), else a real copy."""
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
        return
    try:
        shutil.copytree(src, dst, symlinks=True, copy_function=os.link)
    except (OSError, shutil.Error):
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst, symlinks=True)


def prepare_stacks(new: Path, previous: Path | None, folder: Path | None = None) -> list[str]:
    """Give each stack of the complete output ``new`` its lock file and the previous output's ``.terraform/``.

    ``previous`` is the output folder ``new`` is about to replace (it may not exist). ``folder`` holds the
    committed locks (default :func:`locks_dir`). A committed lock that is not in Terraform's layout raises
    :class:`LockFileError`. Returns notes for the user: providers that no committed lock pins, and entries
    made for other version constraints than the stack's (``versions.py`` changed since ``make lock-providers``).
    """
    notes: list[str] = []
    for name, stack_dir in stack_dirs(new).items():
        old_dir = previous / stack_dir.relative_to(new) if previous else None
        lock_path = committed_lock(name, folder)
        committed = read(lock_path)
        earlier = _previous_entries(old_dir / LOCK_FILE) if old_dir else {}
        declared = declared_providers(stack_dir)
        write(stack_dir / LOCK_FILE, stack_lock(declared, committed, earlier))
        unpinned = [address for address in declared if address not in committed]
        if unpinned:
            # One line per stack: a provider the committed lock cannot hold (no registry where the locks were
            # made) is recorded by the stack's first `terraform init`; an expected state, not an error.
            notes.append(
                f"note: provider lock: {paths.shown(lock_path)} has no entry for {', '.join(unpinned)}: the first "
                f"terraform init in {name} records the version it picks (docs/provider-locks.md)"
            )
        for address, constraint in declared.items():
            entry = committed.get(address)
            if entry is not None and constraint and entry.attr("constraints") != constraint:
                notes.append(
                    f"provider lock: {paths.shown(lock_path)} locks {address} for constraints "
                    f'"{entry.attr("constraints")}", the stack requires "{constraint}" '
                    f"(versions.py changed): run `make lock-providers`"
                )
        if old_dir and os.path.lexists(old_dir / WORK_DIR) and not os.path.lexists(stack_dir / WORK_DIR):
            carry_work_dir(old_dir / WORK_DIR, stack_dir / WORK_DIR)
    return notes


def provider_locks(cfg: Config) -> dict[str, list[str]]:
    """The providers this config's stacks declare: ``pinned`` by the committed locks (with the version), and
    ``unpinned`` (recorded by the first ``terraform init`` of the stack); for the RUNBOOK."""
    declared = mode_of(cfg).providers(cfg.databricks.enabled)
    committed: dict[str, Entry] = {}
    for stack in paths.STACKS:
        committed.update(read(committed_lock(stack)))
    pinned, unpinned = [], []
    for source in declared:
        entry = committed.get(provider_address(source))
        if entry is None:
            unpinned.append(f"`{source}`")
        else:
            pinned.append(f"`{source}` {entry.attr('version')}")
    return {"pinned": pinned, "unpinned": unpinned}
