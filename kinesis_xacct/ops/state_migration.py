"""Moving from local to S3 state: notice local state that an S3 backend would silently leave behind.

Synthesis replaces ``cdktf.out`` as a whole, so a stack folder never remembers that its state used to be
local: after switching ``backend.type`` to ``s3``, a plain ``terraform init -migrate-state`` there finds no
previous backend and starts with an EMPTY remote state (the next apply would try to create everything
again). The local state has to be put where Terraform looks for it first (``terraform.tfstate`` in the
stack folder); :func:`migration_notes` says so, with the commands, while such a local state file exists.
"""

from __future__ import annotations

import json
import os

from kinesis_xacct import paths
from kinesis_xacct.config.model import Config
from kinesis_xacct.render import text

STACKS = paths.STACKS


def local_state_file(root: str, stack: str) -> str:
    """Where the local backend keeps a stack's state (see ``stacks.state_path``)."""
    return os.path.join(root, f"terraform.{stack}.tfstate")


def has_resources(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as f:
            state = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(state, dict) and bool(state.get("resources"))


def migrate_commands(stack: str, outdir: str = "cdktf.out") -> list[str]:
    stack_dir = os.path.join(outdir, "stacks", stack)
    return [
        text.command("cp", f"terraform.{stack}.tfstate", os.path.join(stack_dir, "terraform.tfstate")),
        text.command("terraform", f"-chdir={stack_dir}", "init", "-migrate-state"),
    ]


def migration_notes(cfg: Config, root: str, outdir: str = "cdktf.out") -> list[str]:
    """One note per stack whose local state still holds resources while the config says S3."""
    if cfg.backend.type != "s3":
        return []
    notes = []
    for stack in STACKS:
        if has_resources(local_state_file(root, stack)):
            steps = " && ".join(migrate_commands(stack, outdir))
            notes.append(
                f"note: terraform.{stack}.tfstate holds local state but backend.type is s3; migrate it "
                f"before any plan or apply (else the S3 state starts empty): {steps}; once "
                f"`terraform plan` shows no changes, move terraform.{stack}.tfstate out of this folder"
            )
    return notes
