"""Local state: where a config's is (beside the config, ``kinesis_xacct.paths.state_dir``), state left at the
location earlier versions used, and local state that a switch to S3 would silently leave behind.

Earlier versions kept local state beside the output folder (``terraform.<stack>.tfstate`` in the output folder's
parent, for the default ``cdktf.out`` the project root), shared by every config synthesized there. Such a file
is never silently ignored (a deploy with an empty state would try to create everything again):
:func:`earlier_state` refuses the synthesis while the config's own state is empty and the earlier file holds
resources, with the exact ``mv`` command; when the config's own state already holds resources, the earlier file
belongs to another config (or is a leftover) and only a note names it.

Switching ``backend.type`` to ``s3``: synthesis replaces the output folder as a whole, so a stack folder never
remembers that its state used to be local; a plain ``terraform init -migrate-state`` there finds no previous
backend and starts with an EMPTY remote state. The local state has to be put where Terraform looks for it first
(``terraform.tfstate`` in the stack folder); :func:`migration_notes` says so, with the commands, while such a local
state file exists.
"""

from __future__ import annotations

import json
import os

from kinesis_xacct import paths
from kinesis_xacct.config.model import Config
from kinesis_xacct.paths import shown
from kinesis_xacct.render import text

STACKS = paths.STACKS


def has_resources(path: str | os.PathLike[str]) -> bool:
    try:
        with open(path, encoding="utf-8") as f:
            state = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(state, dict) and bool(state.get("resources"))


def move_command(config: str | os.PathLike[str], outdir: str | os.PathLike[str], stack: str) -> str:
    """The command that moves the earlier location's state file of ``stack`` to the config's state folder."""
    old = paths.earlier_state_file(outdir, stack)
    new = paths.state_file(config, stack)
    return " && ".join(
        [text.command("mkdir", "-p", shown(new.parent)), text.command("mv", "-n", shown(old), shown(new))]
    )


def earlier_state(
    config: str | os.PathLike[str], outdir: str | os.PathLike[str], stacks: list[str] | tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """(errors, notes) about state files at the earlier location beside ``outdir``, for a local backend."""
    errors: list[str] = []
    notes: list[str] = []
    for stack in stacks:
        old = paths.earlier_state_file(outdir, stack)
        new = paths.state_file(config, stack)
        if old == new or not has_resources(old):
            continue
        if has_resources(new):
            notes.append(
                f"note: {shown(old)} (where earlier versions kept local state) is not this config's state, which is "
                f"{shown(new)}; it may belong to another config: deploy that config to move it, or remove it"
            )
        else:
            errors.append(
                f"state error: {stack}: the local state is now kept beside the config ({shown(new)}, empty), but "
                f"{shown(old)} (where earlier versions kept it, beside the output folder) holds resources. If it is "
                f"this config's state, move it: {move_command(config, outdir, stack)} (else move it away); "
                "nothing written"
            )
    return errors, notes


def migrate_commands(stack: str, outdir: str, config: str | os.PathLike[str]) -> list[str]:
    stack_dir = os.path.join(outdir, "stacks", stack)
    return [
        text.command("cp", shown(paths.state_file(config, stack)), os.path.join(stack_dir, "terraform.tfstate")),
        text.command("terraform", f"-chdir={stack_dir}", "init", "-migrate-state"),
    ]


def migration_notes(cfg: Config, config: str | os.PathLike[str], outdir: str = "cdktf.out") -> list[str]:
    """One note per stack whose local state (the config's) still holds resources while the config says S3."""
    if cfg.backend.type != "s3":
        return []
    notes = []
    for stack in STACKS:
        state = paths.state_file(config, stack)
        if has_resources(state):
            steps = " && ".join(migrate_commands(stack, outdir, config))
            notes.append(
                f"note: {shown(state)} holds local state but backend.type is s3; migrate it "
                f"before any plan or apply (else the S3 state starts empty): {steps}; once "
                f"`terraform plan` shows no changes, move {shown(state)} away"
            )
    return notes


def key_prefix_notes(cfg: Config) -> list[str]:
    """A note when S3 state uses the default ``key_prefix`` (given or not): every config of the bucket without its
    own shares it (S3 state cannot be keyed by where the config file lies: every machine and CI job must find the
    same state)."""
    b = cfg.backend
    default = type(b).model_fields["key_prefix"].default
    if b.type != "s3" or b.key_prefix != default:
        return []
    return [
        f"note: backend.key_prefix: the default {b.key_prefix!r}: every config whose state is in "
        f"s3://{b.bucket} without a key_prefix of its own shares s3://{b.bucket}/{b.state_key('<stack>')}; "
        "give each config its own (docs/remote-state.md)"
    ]
