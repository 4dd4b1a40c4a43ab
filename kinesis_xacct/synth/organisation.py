"""Synthesis of an organisation config: all its stacks, or only some (``STACKS=``), written atomically.

A selection builds the selected stacks and the small stand-ins ``waves.closure`` names (what makes each
selected stack the same as in a full build), synthesizes them into a fresh folder, and keeps only the selected
ones. Into an existing output folder
a selection replaces only the selected stacks' folders (one rename each) and their manifest entries, so that
CI jobs of different stacks may synthesize into one output side by side; without an output folder, or for a
full synth, the whole folder is swapped in (``outdir.swap_in``). ``waves.json``, ``atlantis.yaml`` and
``RUNBOOK.md`` come from the config alone and are the same either way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kinesis_xacct import paths
from kinesis_xacct.cdk.framework import FRAMEWORK, App, unquote_references
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.render.organisation import render_org_runbook
from kinesis_xacct.synth.build import build_organisation
from kinesis_xacct.synth.locks import prepare_stacks
from kinesis_xacct.synth.outdir import check_out, fresh_sibling
from kinesis_xacct.synth.selection import OUTDIR_SHOWN_ENV, RUNBOOK, keep_only, place
from kinesis_xacct.synth.waves import closure, waves_document, write_ci_files


def build_org_app(org: Organisation, outdir: str, *, state_dir: str, only: list[str] | None = None) -> App:
    app = App(outdir=outdir, hcl_output=True)
    selection = closure(org, only) if only else None
    stacks = build_organisation(app, org, mesh(org), state_dir=state_dir, selection=selection)
    for stack in stacks.values():
        unquote_references(stack)
    return app


def _relative(path: str) -> str:
    """``path`` as written from the working directory (the repository root, where make and cdktf run); a path
    outside it by its last part (atlantis.yaml takes no '..'; such an output is meant to be moved to the root)."""
    rel = os.path.relpath(os.path.abspath(path)).replace(os.sep, "/")
    return Path(path).name if rel.startswith("../") else rel


def write_extras(org: Organisation, folder: Path, *, config_name: str, outdir: str) -> list[str]:
    """RUNBOOK.md, waves.json and (S3 state) atlantis.yaml; the notes to show."""
    outdir = os.environ.get(OUTDIR_SHOWN_ENV) or outdir  # under `make synth`: the output folder, not the CLI's
    (folder / RUNBOOK).write_text(
        render_org_runbook(
            org,
            _relative(config_name),
            waves_document(org),
            cli=FRAMEWORK,
            outdir=_relative(outdir),
            state_folder=paths.shown_state_dir(config_name) if org.pairs[0].cfg.backend.type == "local" else None,
        ),
        encoding="utf-8",
    )
    return write_ci_files(org, folder, config=_relative(config_name), outdir=_relative(outdir))


def synth_organisation(
    org: Organisation,
    outdir: str,
    *,
    config_name: str = "config",
    only: list[str] | None = None,
    notes: list[str] | None = None,
) -> Path:
    check_out(outdir, config=config_name if Path(config_name).is_file() else None)  # before anything is written
    final = Path(outdir).resolve()
    tmp = fresh_sibling(final)
    try:
        state_dir = paths.state_dir_from_stack(config_name, final)
        app = build_org_app(org, str(tmp), state_dir=state_dir, only=only)
        app.synth()
        if only:
            keep_only(tmp, only)
        ci_notes = write_extras(org, tmp, config_name=config_name, outdir=outdir)
        lock_notes = prepare_stacks(tmp, final) + ci_notes
        place(tmp, final, only)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if notes is not None:
        notes.extend(lock_notes)
    return final
