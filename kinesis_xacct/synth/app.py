"""Config -> policies -> stacks -> synthesized HCL, written atomically."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from kinesis_xacct import paths
from kinesis_xacct.cdk.framework import FRAMEWORK, App, Construct, TerraformStack, unquote_references
from kinesis_xacct.cdk.literal import terraform_json
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.organisation import ONE_PAIR_CONSUMER, organisation_of
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.paths import DEPLOYMENT_STACK, KINESIS_STACK
from kinesis_xacct.render.templates import render_notebook, render_runbook
from kinesis_xacct.synth.build import build_organisation
from kinesis_xacct.synth.locks import prepare_stacks, provider_locks
from kinesis_xacct.synth.outdir import check_out, fresh_sibling, out_lock, swap_in

RUNBOOK = "RUNBOOK.md"
NOTEBOOK = "validate_kinesis.py"


def build_app(
    cfg: Config,
    outdir: str,
    *,
    config_name: str = "config",
    hcl: bool = True,
    out_name: str = "cdktf.out",
    final: str | None = None,
) -> App:
    """Build both stacks into an App writing to ``outdir`` (a sibling of the output folder ``final``, default
    ``outdir`` itself: the local state's path is relative to the stack folders)."""
    app = App(outdir=outdir, hcl_output=hcl)
    with contextlib.nullcontext() if hcl else terraform_json():
        dep, kin = build_stacks(app, cfg, state_dir=paths.state_dir_from_stack(config_name, final or outdir))
    if hcl:
        for stack in (dep, kin):
            unquote_references(stack)
    sides = mesh(organisation_of(cfg))
    (pair,) = sides.consumers[ONE_PAIR_CONSUMER].pairs
    consumer = sides.consumers[ONE_PAIR_CONSUMER].deployment or pair.credential
    assert consumer is not None  # service-credential mode: mesh gives the pair a credential
    app.runbook = render_runbook(  # type: ignore[attr-defined]  # jsii App has no such attribute; set on the instance
        cfg,
        config_name,
        pair.kinesis,
        consumer,
        cli=FRAMEWORK,
        out=out_name,
        locked=provider_locks(cfg),
        state_folder=shown_state_folder(cfg, config_name),
    )
    return app


def shown_state_folder(cfg: Config, config_name: str) -> str | None:
    """The config's local state folder as a command run from the current folder names it (None: S3 state)."""
    if cfg.backend.type != "local":
        return None
    return paths.shown_state_dir(config_name)


def build_stacks(scope: Construct, cfg: Config, *, state_dir: str) -> tuple[TerraformStack, TerraformStack]:
    """The two stacks, (deployment-account, kinesis-account), built as the organisation of one the config is;
    ``state_dir``: the config's local state folder as seen from a stack folder (``paths.state_dir_from_stack``)."""
    stacks = build_organisation(scope, organisation_of(cfg), mesh(organisation_of(cfg)), state_dir=state_dir)
    return stacks[DEPLOYMENT_STACK], stacks[KINESIS_STACK]


def synth(
    cfg: Config,
    outdir: str,
    *,
    config_name: str = "config",
    notes: list[str] | None = None,
    out_name: str = "cdktf.out",
) -> Path:
    """Synthesize into a fresh sibling folder, then swap it in: a failure leaves ``outdir`` as it was.

    Each stack gets its committed provider lock and keeps the previous output's ``.terraform/``
    (kinesis_xacct.synth.locks); what the user should know about the locks is appended to ``notes``."""
    check_out(outdir, config=config_name if Path(config_name).is_file() else None)  # before anything is written
    final = Path(outdir).resolve()
    tmp = fresh_sibling(final)
    try:
        app = build_app(cfg, str(tmp), config_name=config_name, out_name=out_name, final=str(final))
        app.synth()
        (tmp / RUNBOOK).write_text(app.runbook, encoding="utf-8")  # type: ignore[attr-defined]
        if cfg.databricks.enabled:  # the notebook the stack uploads, readable beside the RUNBOOK
            (tmp / NOTEBOOK).write_text(render_notebook(cfg), encoding="utf-8")
        lock_notes = prepare_stacks(tmp, final)
        with out_lock(final):
            swap_in(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if notes is not None:
        notes.extend(lock_notes)
    return final
