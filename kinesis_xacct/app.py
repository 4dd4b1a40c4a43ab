"""Config -> policies -> stacks -> synthesized HCL, written atomically."""
from __future__ import annotations

import shutil
from pathlib import Path

from .cdk import FRAMEWORK, App, unquote_references
from .config_model import Config
from .locks import prepare_stacks
from .outdir import fresh_sibling, swap_in
from .policies import deployment_side, kinesis_side
from .stacks import DEPLOYMENT_STACK, KINESIS_STACK, DeploymentAccountStack, KinesisAccountStack, state_path
from .templates import render_runbook

RUNBOOK = "RUNBOOK.md"


def build_app(cfg: Config, outdir: str, *, config_name: str = "config", hcl: bool = True) -> App:
    """Build both stacks into an App writing to ``outdir``."""
    app = App(outdir=outdir, hcl_output=hcl)
    kinesis, deployment = kinesis_side(cfg), deployment_side(cfg)
    dep = DeploymentAccountStack(app, cfg, deployment, state_path=state_path(DEPLOYMENT_STACK))
    kin = KinesisAccountStack(app, cfg, kinesis, state_path=state_path(KINESIS_STACK))
    # B's trust policy names A's role, and IAM refuses a principal that does not exist yet.
    kin.add_dependency(dep)
    if hcl:
        for stack in (dep, kin):
            unquote_references(stack)
    app.runbook = render_runbook(cfg, config_name, kinesis, deployment,  # type: ignore[attr-defined]
                                 cli=FRAMEWORK)
    return app


def synth(cfg: Config, outdir: str, *, config_name: str = "config", notes: list[str] | None = None) -> Path:
    """Synthesize into a fresh sibling folder, then swap it in: a failure leaves ``outdir`` as it was.

    Each stack gets its committed provider lock and keeps the previous output's ``.terraform/``
    (kinesis_xacct.locks); what the user should know about the locks is appended to ``notes``."""
    final = Path(outdir).resolve()
    tmp = fresh_sibling(final)
    try:
        app = build_app(cfg, str(tmp), config_name=config_name)
        app.synth()
        (tmp / RUNBOOK).write_text(app.runbook, encoding="utf-8")  # type: ignore[attr-defined]
        lock_notes = prepare_stacks(tmp, final)
        swap_in(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if notes is not None:
        notes.extend(lock_notes)
    return final
