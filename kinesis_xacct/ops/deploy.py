"""``make deploy`` / ``make destroy``: the cdktf CLI on CONFIG's stacks, synthesized into OUT.

    python -m kinesis_xacct.ops.deploy deploy --config my.yaml --out cdktf.out [--stacks "deployment-account"]

The config is checked first (a bad one: exit 2, one ``config error:`` line per problem, nothing runs). Then
``cdktf deploy|destroy --output OUT <stacks>`` runs with ``XACCT_CONFIG`` set, so the CLI synthesizes exactly
this config (without it the app reads ``config/example.yaml``). ``--stacks`` with some of the stacks adds
``--ignore-missing-stack-dependencies``: each stack alone, each with its own account's credentials.
``DEPLOY_ARGS`` (environment) adds flags for the CLI, e.g. ``--auto-approve`` in CI or ``--skip-provider-lock``
offline. The CLI's exit status is returned as it is.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys

from kinesis_xacct import paths
from kinesis_xacct.cdk.frameworks import current
from kinesis_xacct.config import ConfigError
from kinesis_xacct.ops.cli import DEFAULT_CONFIG, DEFAULT_OUTDIR, check_places, report
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.render import text

# stacks.KINESIS_STACK / DEPLOYMENT_STACK (not imported: that would load cdktf), in deploy order.
STACKS = paths.STACKS
ARGS_ENV = "DEPLOY_ARGS"
EXIT_USAGE = 64


def command(verb: str, out: str, stacks: list[str], extra: list[str]) -> list[str]:
    """The CLI's command line (without the executable's path)."""
    framework = current()
    app = [] if framework.name == "cdktf" else ["--app", framework.app_command()]
    subset = ["--ignore-missing-stack-dependencies"] if set(stacks) != set(STACKS) else []
    return [framework.name, verb, *stacks, "--output", out, *app, *subset, *extra]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kinesis_xacct.ops.deploy", description=__doc__.splitlines()[0])
    parser.add_argument("verb", choices=("deploy", "destroy"))
    parser.add_argument("--config", default=os.environ.get("XACCT_CONFIG") or DEFAULT_CONFIG)
    parser.add_argument("--out", default=os.environ.get("CDKTF_OUTDIR") or DEFAULT_OUTDIR)
    parser.add_argument("--stacks", default="", help="some of: " + " ".join(STACKS) + " (default: both)")
    args = parser.parse_args(argv)
    stacks = args.stacks.split() or list(STACKS)
    unknown = [s for s in stacks if s not in STACKS]
    if unknown:
        print(f"STACKS: unknown stack {', '.join(unknown)}; the stacks are {', '.join(STACKS)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        cfg = load_config(args.config)
    except ConfigError as err:
        return report(err)
    if (refused := check_places(args.config, args.out, cfg)) is not None:
        return refused  # the output folder may not be replaced, or the config's state is elsewhere
    cmd = command(args.verb, args.out, stacks, shlex.split(os.environ.get(ARGS_ENV, "")))
    exe = shutil.which(cmd[0])
    if exe is None:
        print(f"{cmd[0]}: the CLI is not on PATH (run `make install`)", file=sys.stderr)
        return 1
    print("+ " + text.command(f"XACCT_CONFIG={args.config}", *cmd), flush=True)
    env = dict(os.environ, XACCT_CONFIG=args.config, XACCT_OUT=args.out)
    return subprocess.run([exe, *cmd[1:]], env=env).returncode


if __name__ == "__main__":
    raise SystemExit(main())
