"""Entry point of ``main.py`` (what ``cdktf synth`` runs): config from XACCT_CONFIG, output to CDKTF_OUTDIR.

The config is validated before anything heavy is imported; a bad one ends with exit status 2 and one
``config error: <dotted.path>: <reason>`` line per problem, and nothing is written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from kinesis_xacct import paths
from kinesis_xacct.config import Config, ConfigError, Problem, config_warnings
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.config.problems import Place, index_note
from kinesis_xacct.iam.modes import mode_of
from kinesis_xacct.ops.load import first_pair, load_any

EXIT_CONFIG = 2
EXIT_SYNTH = 1
DEBUG_ENV = "KINESIS_XACCT_DEBUG"


def shown_out(outdir: str) -> str:
    """``outdir`` as commands should name it: as the user named it (``make synth``/``make deploy`` set
    ``XACCT_OUT``: the CLI may run the app on a temporary folder), else relative to the current folder if inside."""
    return os.environ.get(paths.OUT_NAME_ENV) or (paths.shown(outdir) if os.path.isabs(outdir) else outdir)


def report(err: ConfigError | Iterable[Problem]) -> int:
    """The one reporter of config errors, for every command: a ``config error: <path>: <reason>`` line on stderr
    per problem (of a :class:`ConfigError`, or problems a command found itself), and the exit status (2)."""
    from kinesis_xacct.render.text import printable  # a control character in a value is shown escaped

    problems = err.problems if isinstance(err, ConfigError) else list(err)
    places = err.places if isinstance(err, ConfigError) else [Place()] * len(problems)
    noted = False
    for problem, place in zip(problems, places, strict=True):
        # A list index in a path is explained once, on the first line that has one (docs/config-errors.md).
        note = index_note(place.item) if place.item and not noted else ""
        noted = noted or bool(note)
        line = Problem(printable(problem.path), printable(problem.reason + note)).line(printable(place.at()))
        print(line, file=sys.stderr)
    return EXIT_CONFIG


def load_or_report(config: str) -> Config | Organisation | None:
    """The config at ``config`` in either form, or None once its problems are reported (:func:`report`)."""
    try:
        return load_any(config)
    except ConfigError as err:
        report(err)
        return None


def stack_names(cfg: Config | Organisation) -> list[str]:
    """The stacks a config synthesizes (light: no stack is built)."""
    if isinstance(cfg, Organisation):
        from kinesis_xacct.synth.waves import stack_graph

        return list(stack_graph(cfg))
    return list(paths.STACKS)


def check_places(config_path: str, outdir: str, cfg: Config | Organisation) -> int | None:
    """The output folder may be replaced, and the config's local state is where the stacks will look: else one
    error line per problem on stderr and the exit status (2), nothing written. Notes go to stdout."""
    from kinesis_xacct.ops.state_migration import earlier_state
    from kinesis_xacct.synth.outdir import OutRefused, check_out, refusal_line

    try:
        check_out(outdir, config=config_path)
    except OutRefused as err:
        print(refusal_line(err), file=sys.stderr)
        return EXIT_CONFIG
    if first_pair(cfg).backend.type != "local":
        return None
    try:
        paths.state_dir_from_stack(config_path, outdir)
    except paths.StatePathError as err:
        print(f"state error: {err} (nothing written)", file=sys.stderr)
        return EXIT_CONFIG
    errors, notes = earlier_state(config_path, outdir, stack_names(cfg))
    for line in errors:
        print(line, file=sys.stderr)
    for line in notes:
        print(line)
    return EXIT_CONFIG if errors else None


def main(argv: list[str] | None = None) -> int:
    config_path = os.environ.get("XACCT_CONFIG") or paths.DEFAULT_CONFIG
    outdir = os.environ.get("CDKTF_OUTDIR") or paths.DEFAULT_OUTDIR
    if (cfg := load_or_report(config_path)) is None:
        return EXIT_CONFIG
    if (refused := check_places(config_path, outdir, cfg)) is not None:
        return refused
    only = None
    if isinstance(cfg, Organisation):  # an organisation: every stack, or those named in $XACCT_STACKS
        from kinesis_xacct.synth.selection import selected_stacks
        from kinesis_xacct.synth.waves import UnknownStacks, closure

        if only := selected_stacks():
            try:
                closure(cfg, only)
            except UnknownStacks as err:
                print(f"synth error: STACKS: {err}", file=sys.stderr)
                return EXIT_CONFIG
    from kinesis_xacct.ops.state_migration import key_prefix_notes, migration_notes  # local state, shared S3 keys
    from kinesis_xacct.synth.app import synth  # heavy: cdktf and the provider bindings

    notes: list[str] = []
    try:
        synth(cfg, outdir, config_name=config_path, only=only, notes=notes, out_name=shown_out(outdir))
    except ConfigError as err:
        return report(err)
    except Exception as err:
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        return report_failure(err, outdir)
    # Notes and warnings go to stdout: the cdktf CLI shows everything an app writes to stderr as an
    # `[ERROR]` line, and they are not errors (the synthesis succeeded).
    if isinstance(cfg, Organisation):
        for note in notes + key_prefix_notes(first_pair(cfg)):
            print(note)
        organisation_warnings(cfg)
        return 0
    for note in notes + migration_notes(cfg, config_path, shown_out(outdir)) + key_prefix_notes(cfg):
        print(note)
    for path, text in config_warnings(cfg):
        print(f"warning: {path}: {text}")
    sys.stdout.flush()
    return 0


def organisation_warnings(org: Organisation) -> None:
    """The consumers' settings' warnings: once per consumer, under its own path."""
    shown: set[str] = set()
    for pair in org.pairs:
        for path, text in config_warnings(pair.cfg):
            if path in mode_of(pair.cfg).unused_keys:
                continue  # a key of the other mode (e.g. a service-credential cluster is not dedicated to a user)
            where = f"consumers.{pair.consumer}.{path}"
            if where not in shown:
                shown.add(where)
                print(f"warning: {where}: {text}", file=sys.stderr)


def report_failure(err: BaseException, outdir: str) -> int:
    """One line for an unexpected failure during synthesis (a jsii error's JavaScript stack is left out)."""
    # The message without stack frames (a jsii error carries the JavaScript stack: lines "at ...").
    lines = [
        line.strip()
        for line in str(err).splitlines()
        if line.strip() and not line.strip().startswith(("at ", 'File "', "Traceback"))
    ]
    message = " ".join(lines).removeprefix("Error: ")
    message = message if len(message) <= 400 else message[:397] + "..."
    print(
        f"synth error: {type(err).__name__}: {message} (nothing written: {outdir} is as it was; "
        f"{DEBUG_ENV}=1 shows the traceback)",
        file=sys.stderr,
    )
    return EXIT_SYNTH
