"""Config -> sides -> stacks -> synthesized HCL, written atomically: the one synthesis of every config.

A one-pair config is synthesized as the organisation of one it is (``config.organisation.organisation_of``). A
selection (``make synth STACKS=...``, organisations) builds the selected stacks and the small stand-ins
``waves.closure`` names (what makes each selected stack the same as in a full build), synthesizes them into a
fresh folder, and keeps only the selected ones; into an existing output folder a selection replaces only the
selected stacks' folders and their manifest entries (``selection.place``), so that CI jobs of different stacks
may synthesize into one output side by side. Without a selection the whole folder is swapped in
(``outdir.swap_in``). ``RUNBOOK.md``, ``waves.json``, ``atlantis.yaml`` (S3 state) and the one-pair notebook
come from the config alone and are the same either way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from kinesis_xacct import paths
from kinesis_xacct.cdk.framework import FRAMEWORK, App, Construct, TerraformStack, synth_hcl, unquote_references
from kinesis_xacct.cdk.literal import terraform_json
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.organisation import ONE_PAIR_CONSUMER, Organisation, organisation_of
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.paths import DEPLOYMENT_STACK, KINESIS_STACK
from kinesis_xacct.platform import versions
from kinesis_xacct.render.organisation import render_org_runbook
from kinesis_xacct.render.templates import consumer_notebook, render_runbook
from kinesis_xacct.synth.build import build_organisation
from kinesis_xacct.synth.locks import prepare_stacks, provider_locks
from kinesis_xacct.synth.outdir import check_out, fresh_sibling
from kinesis_xacct.synth.selection import RUNBOOK, keep_only, place
from kinesis_xacct.synth.waves import closure, waves_document, write_ci_files

NOTEBOOK = "validate_kinesis.py"


def as_organisation(cfg: Config | Organisation) -> Organisation:
    return cfg if isinstance(cfg, Organisation) else organisation_of(cfg)


def build_app(
    cfg: Config | Organisation,
    outdir: str,
    *,
    config_name: str = "config",
    hcl: bool = True,
    final: str | None = None,
    only: list[str] | None = None,
) -> App:
    """Every stack of the config (or the ``only`` ones and their stand-ins) in an App writing to ``outdir`` (a
    sibling of the output folder ``final``, default ``outdir`` itself: the local state's path is relative to the
    stack folders). ``hcl`` False: the Testing API's JSON (``cdk.literal.terraform_json``)."""
    org = as_organisation(cfg)
    app = App(outdir=outdir, hcl_output=hcl)
    selection = closure(org, only) if only else None
    state_dir = paths.state_dir_from_stack(config_name, final or outdir)
    with contextlib.nullcontext() if hcl else terraform_json():
        stacks = build_organisation(app, org, mesh(org), state_dir=state_dir, selection=selection)
    if hcl:
        for stack in stacks.values():
            unquote_references(stack)
    return app


def synth_app(app: App, outdir: str) -> None:
    """Write ``app`` (of :func:`build_app`) into ``outdir`` as the product writes it (``cdk.framework.synth_hcl``)."""
    synth_hcl(app, outdir, versions.TERRAFORM_CONSTRAINT)


def build_stacks(scope: Construct, cfg: Config, *, state_dir: str) -> tuple[TerraformStack, TerraformStack]:
    """A one-pair config's two stacks, (deployment-account, kinesis-account); ``state_dir``: the config's local
    state folder as seen from a stack folder (``paths.state_dir_from_stack``)."""
    org = organisation_of(cfg)
    stacks = build_organisation(scope, org, mesh(org), state_dir=state_dir)
    return stacks[DEPLOYMENT_STACK], stacks[KINESIS_STACK]


def _relative(path: str) -> str:
    """``path`` as written from the working directory (the repository root, where make and cdktf run); a path
    outside it by its last part (atlantis.yaml takes no '..'; such an output is meant to be moved to the root)."""
    rel = os.path.relpath(os.path.abspath(path)).replace(os.sep, "/")
    return Path(path).name if rel.startswith("../") else rel


def runbook(org: Organisation, config_name: str, out_name: str) -> str:
    """The RUNBOOK of either form (the one template): commands name ``config_name`` and ``out_name`` as given."""
    state_folder = paths.shown_state_dir(config_name) if org.pairs[0].cfg.backend.type == "local" else None
    if not org.naming.one_pair:
        return render_org_runbook(
            org,
            config_name,
            waves_document(org),
            cli=FRAMEWORK,
            outdir=out_name,
            state_folder=state_folder,
            locked=organisation_locks(org),
        )
    (pair,) = org.pairs
    sides = mesh(org)
    (ps,) = sides.consumers[ONE_PAIR_CONSUMER].pairs
    consumer = sides.consumers[ONE_PAIR_CONSUMER].deployment or ps.credential
    assert consumer is not None  # service-credential mode: the mesh gives the pair a credential
    return render_runbook(
        pair.cfg,
        config_name,
        ps.kinesis,
        consumer,
        cli=FRAMEWORK,
        out=out_name,
        locked=provider_locks(pair.cfg),
        state_folder=state_folder,
    )


def organisation_locks(org: Organisation) -> dict[str, list[str]]:
    """The providers the organisation's stacks declare, pinned and unpinned (``locks.provider_locks`` of each
    consumer's config, in order, each once)."""
    merged: dict[str, list[str]] = {"pinned": [], "unpinned": []}
    for c in org.consumers:
        for kind, entries in provider_locks(org.consumer_cfg(c)).items():
            merged[kind] += [e for e in entries if e not in merged[kind]]
    return merged


def write_extras(org: Organisation, folder: Path, *, config_name: str, out_name: str) -> list[str]:
    """RUNBOOK.md, the one-pair notebook, and for an organisation waves.json and (S3 state) atlantis.yaml; the
    notes to show."""
    (folder / RUNBOOK).write_text(runbook(org, config_name, out_name), encoding="utf-8")
    if org.naming.one_pair:
        cfg = org.pairs[0].cfg
        if cfg.databricks.enabled:  # the notebook the stack uploads, readable beside the RUNBOOK
            notebook = consumer_notebook(mesh(org).consumers[ONE_PAIR_CONSUMER], one_pair=True)
            (folder / NOTEBOOK).write_text(notebook, encoding="utf-8")
        return []
    return write_ci_files(org, folder, config=_relative(config_name), outdir=_relative(out_name))


# Set by the cdktf (and cdktn) CLI in the app's environment (cli-core ``SynthStack.synth``).
CLI_SYNTH_ENV = "SYNTH_HCL_OUTPUT"


def stack_folders(out: Path) -> set[str]:
    folder = out / "stacks"
    return {e.name for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)} if folder.is_dir() else set()


def leave_for_the_cli(before: set[str], out: Path) -> None:
    """The CLI lists ``OUT/stacks/*`` before it runs the app and afterwards removes each folder the new manifest
    does not name, with ``fs.rmSync`` without ``force`` (``@cdktf/cli-core`` ``lib/synth-stack.js``): a folder the
    swap already took away fails the run with ``ENOENT ... lstat``. Under the CLI, an empty folder per such stack
    is left for it to remove (when the output's stacks change, e.g. an organisation config and then a one-pair
    config into one folder)."""
    if CLI_SYNTH_ENV not in os.environ:
        return
    for name in sorted(before - stack_folders(out)):
        (out / "stacks" / name).mkdir(parents=True, exist_ok=True)


def synth(
    cfg: Config | Organisation,
    outdir: str,
    *,
    config_name: str = "config",
    only: list[str] | None = None,
    notes: list[str] | None = None,
    out_name: str | None = None,
) -> Path:
    """Synthesize into a fresh sibling folder, then put it in place: a failure leaves ``outdir`` as it was.

    Each stack gets its committed provider lock and keeps the previous output's ``.terraform/``
    (``synth.locks``); what the user should know is appended to ``notes``. ``out_name``: the output folder as
    commands name it (default ``outdir``)."""
    org = as_organisation(cfg)
    check_out(outdir, config=config_name if Path(config_name).is_file() else None)  # before anything is written
    final = Path(outdir).resolve()
    tmp = fresh_sibling(final)
    only = None if org.naming.one_pair else only  # a one-pair config always synthesizes both stacks
    try:
        app = build_app(org, str(tmp), config_name=config_name, final=str(final), only=only)
        synth_hcl(app, tmp, versions.TERRAFORM_CONSTRAINT)
        if only:
            keep_only(tmp, only)
        extra_notes = write_extras(org, tmp, config_name=config_name, out_name=out_name or outdir)
        lock_notes = prepare_stacks(tmp, final) + extra_notes
        before = stack_folders(final)
        place(tmp, final, only)
        leave_for_the_cli(before, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if notes is not None:
        notes.extend(lock_notes)
    return final
