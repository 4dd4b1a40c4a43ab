"""``make synth``: validate the config, run ``cdktf synth --hcl`` into a fresh folder, then swap it in.

    python -m kinesis_xacct synth --config config/example.yaml --out cdktf.out [--stacks "a b"]

Why not ``cdktf synth --output OUT`` directly: after the app has run, the cdktf CLI (0.21) still works in
OUT itself. It rewrites every ``cdk.tf`` in place to format it, and it deletes the stack folders of the
*previous* output that the new synthesis does not have (``rmSync`` of folders it listed before running the
app; when the app replaced OUT as a whole, that delete fails with ENOENT and the CLI exits 1 after the
output was already replaced). So the CLI is pointed at a fresh, empty sibling folder, and OUT is replaced
only when the CLI exited 0 and the folder holds a manifest and every stack it names. Before that, each
stack gets its committed provider lock and the ``.terraform/`` of the same stack in OUT
(``kinesis_xacct.synth.locks.prepare_stacks``, which the app itself also calls for ``cdktf synth``/``deploy``).

With ``XACCT_FRAMEWORK=cdktn`` (``make synth FRAMEWORK=cdktn``) the same with ``cdktn synth --hcl``; its app is
given with ``--app`` (the interpreter of ``.venv-cdktn``), as cdktf.json's own ``app`` names ``.venv``.

When stdout is not a terminal (CI, a pipe, a log), ``CI=1`` is set for the CLI unless ``CI`` is set already:
its progress display (ink) then prints its last frame only instead of a spinner frame per tick; the CLI has no
flag for it (``cdktf synth --help``).

A bad config ends here, before Node or the provider bindings start: exit 2 and one
``config error: <dotted.path>: <reason>`` line per problem. Any later failure: exit 1, OUT untouched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from kinesis_xacct import paths
from kinesis_xacct.cdk.toolchain import Framework, current, tool_env
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.cli import EXIT_CONFIG, EXIT_SYNTH, check_places
from kinesis_xacct.ops.deploy import load_selection
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.ops.load import first_pair
from kinesis_xacct.synth.locks import prepare_stacks
from kinesis_xacct.synth.outdir import fresh_sibling
from kinesis_xacct.synth.selection import OUTDIR_SHOWN_ENV, STACKS_ENV, place


def _fail(message: str, outdir: str) -> int:
    print(f"synth error: {message} (nothing written: {outdir} is as it was)", file=sys.stderr)
    return EXIT_SYNTH


def _complete(folder: Path) -> str | None:
    """None if ``folder`` holds a manifest and every stack file it names; else what is missing."""
    manifest = folder / "manifest.json"
    try:
        stacks = json.loads(manifest.read_text())["stacks"]
    except (OSError, ValueError, KeyError) as e:
        return f"no usable manifest.json ({e.__class__.__name__})"
    if not stacks:
        return "manifest.json names no stacks"
    for name, stack in stacks.items():
        if not (folder / stack["synthesizedStackPath"]).is_file():
            return f"stack {name} has no {stack['synthesizedStackPath']}"
    return None


# A synth of a few hundred streams takes well under a minute; a hang (a stuck Node process) must not block CI.
TIMEOUT_S = 1800


def run(config: str, out: str, stacks: str | None = None) -> int:
    """Synthesize ``config`` into ``out``: every stack, or (``stacks``) only the named ones' folders replaced.
    A one-pair config is synthesized whole (two small stacks); only the named stacks' folders are put in place."""
    if (loaded := load_selection(config, stacks)) is None:
        return EXIT_CONFIG
    cfg, wanted = loaded
    only = wanted or None
    if (refused := check_places(config, out, cfg)) is not None:
        return refused
    framework = current()
    # The one tool environment (its CLI and Node first on PATH, the project's Terraform CLI config, no telemetry
    # or deprecation notices), as under make: run by hand, a synth prints the same as `make synth`.
    base = tool_env(framework)
    cli = shutil.which(framework.name, path=base["PATH"])
    if cli is None:
        hint = "" if framework.name == "cdktf" else f" FRAMEWORK={framework.name}"
        return _fail(f"the {framework.name} CLI is not on PATH (run `make install{hint}`)", out)
    final = Path(out).absolute()
    tmp = fresh_sibling(final, "cli")
    try:
        # As given: the CLI runs the app in this folder; RUNBOOK.md and atlantis.yaml name OUT, not the CLI's folder.
        env = dict(base, XACCT_CONFIG=config, **{OUTDIR_SHOWN_ENV: out})
        env.pop(STACKS_ENV, None)
        if not sys.stdout.isatty():  # the CLI's progress display: its last frame only (ink honours CI), no spinner
            env.setdefault("CI", "1")
        if only and isinstance(cfg, Organisation):  # a pair's app builds both stacks; the selected ones are placed
            env[STACKS_ENV] = " ".join(only)
        code = _synth_into(framework, cli, tmp, final, env, out, only)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if code == 0:
        print(f"synthesized into {out}")
        if first_pair(cfg).backend.type == "local":  # where the config's local state is, as named from here
            print(f"local state: {paths.shown_state_dir(config)}/terraform.<stack>.tfstate (this config's own)")
    return code


def _synth_into(
    framework: Framework, cli: str, tmp: Path, final: Path, env: dict[str, str], out: str, only: list[str] | None
) -> int:
    """The CLI's synth into ``tmp``; when complete, with its locks, swapped in as ``final`` (or merged)."""
    app = [] if framework.name == "cdktf" else ["--app", framework.app_command()]
    try:
        proc = subprocess.run([cli, "synth", "--hcl", *app, "--output", str(tmp)], env=env, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return _fail(f"{framework.name} synth did not finish within {TIMEOUT_S} s; stopped it", out)
    if proc.returncode != 0:
        return _fail(f"{framework.name} synth exited {proc.returncode}", out)
    missing = _complete(tmp)
    if missing:
        return _fail(f"{framework.name} synth left an incomplete output: {missing}", out)
    try:
        # The app already put the locks in (its notes were printed through the CLI); what it could not
        # see is this output's previous folder, whose stacks' .terraform/ (and lock entries) carry over.
        prepare_stacks(tmp, final)
    except (OSError, ValueError, KeyError) as e:
        return _fail(f"provider locks: {e}", out)
    place(tmp, final, only)  # under the output's lock: a selection replaces only its stacks' folders
    return 0


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.ops.synth``
    raise SystemExit(as_subcommand("synth"))
