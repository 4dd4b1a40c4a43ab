"""``make deploy`` / ``make destroy`` (``python -m kinesis_xacct deploy|destroy``): the cdktf CLI on CONFIG's
stacks, synthesized into OUT.

``cdktf deploy|destroy --output OUT <stacks>`` runs with ``XACCT_CONFIG`` set, so the CLI synthesizes exactly
this config (without it the app reads ``config/example.yaml``).

- A one-pair config: one CLI run over its two stacks (the CLI orders them: ``deployment-account`` first).
- An organisation config: one CLI run per deployment wave (``synth.waves.waves_document``: the consumer stacks,
  then the source stacks that trust them); ``destroy`` runs the waves in reverse. A failed wave stops the rest.

``stacks`` (``STACKS=``) picks stacks by their names in either form (the stacks of the config; an unknown name:
exit 2 and the config's own stack names). A run over some of the stacks adds
``--ignore-missing-stack-dependencies``: each stack alone, each with its own account's credentials.
``DEPLOY_ARGS`` (environment) adds flags for the CLI, e.g. ``--auto-approve`` in CI or ``--skip-provider-lock``
offline.

A failed run whose cause is missing or wrong credentials ends with our own hint (:mod:`credential_hints`: the
keys of the failed stack's account and the README's section). To see the cause, the CLI's output is read:

- stdout not a terminal (CI, a pipe, a log file): the CLI's output is passed on line by line as it comes and
  its tail kept; ``CI=1`` is set as by :mod:`synth` (the progress display's last frame only). Without a terminal
  there is no interactive approval anyway: CI passes ``--auto-approve``.
- stdout a terminal: the CLI keeps the terminal (its approval prompt and live progress need it), so its output
  cannot be read; a failed run then ends with a pointer to the same hint's keys and sections instead.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

from kinesis_xacct import paths
from kinesis_xacct.cdk.toolchain import current, tool_env
from kinesis_xacct.config import Config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops import credential_hints as hints
from kinesis_xacct.ops.cli import EXIT_CONFIG, check_places, load_or_report, stack_names
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.render import text
from kinesis_xacct.synth.selection import selected_stacks

# stacks.KINESIS_STACK / DEPLOYMENT_STACK (not imported: that would load cdktf), in deploy order.
STACKS = paths.STACKS
ARGS_ENV = "DEPLOY_ARGS"


# The CLI's destroy with --ignore-missing-stack-dependencies picks as its next stack the first one not done,
# also one still running (cdktf 0.21 and cdktn, cli-core ``CdktfProject.destroy``: ``currentState !== "done"``;
# its deploy asks ``isPending``): over several stacks it starts the running stack's ``terraform destroy`` again
# and again (they fight over its state lock) and never gets to the next. One stack at a time avoids that.
DESTROY_ONE_AT_A_TIME = ["--parallelism", "1"]


def subset_flags(verb: str, stacks: list[str] | tuple[str, ...], every: list[str] | tuple[str, ...]) -> list[str]:
    """The flags of a CLI run over some of the app's stacks (none for all of them)."""
    if set(stacks) == set(every):
        return []
    flags = ["--ignore-missing-stack-dependencies"]
    if verb == "destroy" and len(stacks) > 1:
        flags += DESTROY_ONE_AT_A_TIME
    return flags


def command(verb: str, out: str, stacks: list[str], extra: list[str], every: list[str] | None = None) -> list[str]:
    """The CLI's command line (without the executable's path); ``every``: all the config's stacks."""
    framework = current()
    app = [] if framework.name == "cdktf" else ["--app", framework.app_command()]
    subset = subset_flags(verb, stacks, every or list(STACKS))
    return [framework.name, verb, *stacks, "--output", out, *app, *subset, *extra]


def unknown_stacks_line(cfg: Config | Organisation, wanted: list[str]) -> str | None:
    """``STACKS: unknown stack ...; the stacks are ...`` naming the config's own stacks, or None."""
    names = stack_names(cfg)
    unknown = [s for s in wanted if s not in names]
    if not unknown:
        return None
    import difflib

    hints = []
    for name in unknown:
        close = difflib.get_close_matches(name, names, n=1)
        hints.append(text.printable(name) + (f" (did you mean {close[0]}?)" if close else ""))
    return f"config error: STACKS: unknown stack {', '.join(hints)}; the stacks of this config are {', '.join(names)}"


def load_selection(config: str, stacks: str | None) -> tuple[Config | Organisation, list[str]] | None:
    """The config at ``config`` and the stacks ``stacks`` names (empty: all); None when either is wrong, with
    one line per problem on stderr."""
    if (cfg := load_or_report(config)) is None:
        return None
    wanted = selected_stacks(stacks or "") or []  # empty: all
    if line := unknown_stacks_line(cfg, wanted):
        print(line, file=sys.stderr)
        return None
    return cfg, wanted


def runs(verb: str, cfg: Config | Organisation, wanted: list[str]) -> list[list[str]]:
    """The stacks of each CLI run, in order: one run for a pair; one per wave (reversed for destroy) for an
    organisation, each holding only the ``wanted`` stacks (all when empty)."""
    if isinstance(cfg, Organisation):
        from kinesis_xacct.synth.waves import waves_document

        layers = waves_document(cfg)["waves"]
        assert isinstance(layers, list)
        order = layers if verb == "deploy" else list(reversed(layers))
    else:
        order = [STACKS]
    selected = [[s for s in layer if not wanted or s in wanted] for layer in order]
    return [layer for layer in selected if layer]


def run(verb: str, config: str, out: str, stacks: str | None = None, *, dry_run: bool = False) -> int:
    """deploy/destroy ``config``'s stacks (all, or those named in ``stacks``) through the CLI into ``out``."""
    if (loaded := load_selection(config, stacks)) is None:
        return EXIT_CONFIG
    cfg, wanted = loaded
    if (refused := check_places(config, out, cfg)) is not None:
        return refused  # the output folder may not be replaced, or the config's state is elsewhere
    extra = shlex.split(os.environ.get(ARGS_ENV, ""))
    every = stack_names(cfg)
    layers = runs(verb, cfg, wanted)
    commands = [command(verb, out, layer, extra, every) for layer in layers]
    env = dict(tool_env(), XACCT_CONFIG=config, XACCT_OUT=out)  # as under make, also when run by hand
    exe = shutil.which(commands[0][0], path=env["PATH"]) if commands else None
    if exe is None and not dry_run:
        print(f"{commands[0][0]}: the CLI is not on PATH (run `make install`)", file=sys.stderr)
        return 1
    terminal = sys.stdout.isatty()
    if not terminal:
        env.setdefault("CI", "1")  # the CLI's progress display: its last frame only, no spinner per tick
    for cmd, layer in zip(commands, layers, strict=True):
        print("+ " + text.command(f"XACCT_CONFIG={config}", *cmd), flush=True)
        if dry_run:
            continue
        if terminal:
            code = subprocess.run([str(exe), *cmd[1:]], env=env).returncode
            if code != 0:
                print(pointer(verb, config), file=sys.stderr)
                return code
            continue
        status, tail = hints.tee([str(exe), *cmd[1:]], env=env)
        code = 1 if status is None else status
        if code != 0:
            for line in failure_hints(cfg, config, layer, tail):  # none: the CLI's own error says it all
                print(line, file=sys.stderr)
            return code
    return 0


def failure_hints(cfg: Config | Organisation, config: str, layer: list[str], output: str) -> list[str]:
    """Our hint for each stack of a failed run whose output shows a credentials problem (none: [])."""
    found = hints.problem(output)
    if found is None:
        return []
    lines: list[str] = []
    for stack in hints.stacks_told(output, layer):
        lines += hints.hint_lines(cfg, stack, found, config)
    return lines


def pointer(verb: str, config: str) -> str:
    """After a failed run whose output we could not read: where the credentials are explained."""
    return (
        f"{verb} failed; if the error above is about AWS or Databricks credentials: each account's "
        f"deploy_role_arn or profile in {config}, {hints.README} (steps 2 and 3), and {hints.RUNBOOK}"
    )


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.ops.deploy``
    raise SystemExit(as_subcommand(None))
