"""Synthesizing some stacks of an organisation (``make synth STACKS=...``): the selection, and how the selected
stacks of a fresh synth replace only their own folders in an existing output. Imports nothing heavy."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from kinesis_xacct import paths
from kinesis_xacct.synth.outdir import has_marker, out_lock, replace_folder, swap_in, write_marker

RUNBOOK = "RUNBOOK.md"
STACKS_ENV = "XACCT_STACKS"
# The output folder as the user named it (``make synth`` runs the app into a fresh folder of the CLI's).
OUTDIR_SHOWN_ENV = paths.OUT_NAME_ENV
EXTRA_FILES = (RUNBOOK, "waves.json", "atlantis.yaml")


def selected_stacks(value: str | None = None) -> list[str] | None:
    """The stacks named in ``value`` (default ``$XACCT_STACKS``; spaces or commas between), None = all."""
    text = os.environ.get(STACKS_ENV, "") if value is None else value
    names = [n for n in text.replace(",", " ").split() if n]
    return list(dict.fromkeys(names)) or None


def keep_only(folder: Path, keep: list[str]) -> None:
    """Drop the stacks not in ``keep`` from a synthesized folder (their folders and manifest entries)."""
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for name in list(manifest["stacks"]):
        if name not in keep:
            del manifest["stacks"][name]
            shutil.rmtree(folder / "stacks" / name, ignore_errors=True)
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def place(new: Path, final: Path, only: list[str] | None) -> None:
    """Put a complete synthesis ``new`` in place as ``final``, under the output folder's lock: a selection is
    merged into an existing output (its other stacks stay), anything else replaces it. Deciding under the lock
    matters: two selections into a missing output must not both replace it (the first one's stack would be lost)."""
    with out_lock(final):
        if only and (final / "manifest.json").is_file():
            merge_into(new, final, only)
            shutil.rmtree(new, ignore_errors=True)
        else:
            swap_in(new, final)


def merge_into(new: Path, final: Path, keep: list[str]) -> None:
    """Replace only the selected stacks (and their manifest entries) of an existing output folder (the caller
    holds the output folder's lock: :func:`place`)."""
    if not has_marker(final):
        write_marker(final)  # an earlier version's output: from now on it carries the marker
    (final / "stacks").mkdir(exist_ok=True)
    for name in keep:
        replace_folder(new / "stacks" / name, final / "stacks" / name, final)
    new_manifest = json.loads((new / "manifest.json").read_text())
    final_manifest_path = final / "manifest.json"
    try:
        manifest = json.loads(final_manifest_path.read_text())
    except (OSError, ValueError):
        manifest = dict(new_manifest, stacks={})
    changed = any(manifest["stacks"].get(name) != new_manifest["stacks"][name] for name in keep)
    manifest["stacks"].update({name: new_manifest["stacks"][name] for name in keep})
    for extra in EXTRA_FILES:
        if (new / extra).exists():
            os.replace(new / extra, final / extra)
        elif (final / extra).is_file():
            (final / extra).unlink()  # not written for this config (atlantis.yaml with local state): ours, stale
    if changed:
        tmp = final / f".manifest.json.{os.getpid()}.new"
        tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        os.replace(tmp, final_manifest_path)
