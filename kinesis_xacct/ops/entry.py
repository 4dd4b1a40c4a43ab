"""The earlier per-module entry points (``python -m kinesis_xacct.ops.plan ...``) as thin aliases of the one
command line, ``python -m kinesis_xacct <subcommand> ...`` (kinesis_xacct/__main__.py): the same parser, the
same defaults, the same exit statuses. The command line is run as ``python -m kinesis_xacct`` runs it (runpy), so
that these modules, below it in the layers (.importlinter), do not import it."""

from __future__ import annotations

import runpy
import sys


def as_subcommand(name: str | None, argv: list[str] | None = None) -> int:
    """Run ``python -m kinesis_xacct <name> <argv...>`` in this process (``name`` None: argv names it)."""
    args = sys.argv[1:] if argv is None else list(argv)
    saved = sys.argv
    sys.argv = ["python -m kinesis_xacct", *([name] if name else []), *args]
    try:
        runpy.run_module("kinesis_xacct", run_name="__main__", alter_sys=False)
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    finally:
        sys.argv = saved
    return 0
