"""Entry point of ``main.py`` (what ``cdktf synth`` runs): config from XACCT_CONFIG, output to CDKTF_OUTDIR.

The config is validated before anything heavy is imported; a bad one ends with exit status 2 and one
``config error: <dotted.path>: <reason>`` line per problem, and nothing is written.
"""
from __future__ import annotations

import os
import sys

from .config import ConfigError, load_config

DEFAULT_CONFIG = "config/example.yaml"
DEFAULT_OUTDIR = "cdktf.out"
EXIT_CONFIG = 2


def report(err: ConfigError) -> int:
    for path, reason in err.problems:
        print(f"config error: {path}: {reason}", file=sys.stderr)
    return EXIT_CONFIG


def main(argv: list[str] | None = None) -> int:
    config_path = os.environ.get("XACCT_CONFIG") or DEFAULT_CONFIG
    outdir = os.environ.get("CDKTF_OUTDIR") or DEFAULT_OUTDIR
    try:
        cfg = load_config(config_path)
    except ConfigError as err:
        return report(err)
    from .app import synth  # heavy: cdktf and the provider bindings

    try:
        synth(cfg, outdir, config_name=config_path)
    except ConfigError as err:
        return report(err)
    from .state_migration import migration_notes  # local state left behind by a switch to S3

    for note in migration_notes(cfg, os.getcwd(), os.path.relpath(outdir)):
        print(note, file=sys.stderr)
    return 0
