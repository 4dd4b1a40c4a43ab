"""``make plan``: what a deploy would change in each stack, with one exit status CI can read.

    python -m kinesis_xacct plan --config config/example.yaml --out cdktf.out [--stacks "a b"]

Synthesizes with the project's own synth (:mod:`kinesis_xacct.ops.synth`: output swapped in only when complete),
then in each stack folder, dependencies first as ``manifest.json`` orders them (an organisation's consumer stacks
before the source stacks that trust them), runs ``terraform init`` and ``terraform plan -detailed-exitcode``,
printing each stack's plan under a header, and a summary at the end.

Exit status (the same for ``make plan`` only as far as make passes it on: make exits 2 for any failed
recipe, so CI that needs all three reads this module's own status, or the summary's last line):

- 0: no stack has changes;
- 2: at least one stack has changes (and none failed);
- 1: an error: a bad config (its ``config error:`` lines are printed as by ``make synth``; 1 and not 2,
  so that a bad config never reads as "changes"), a failed synth, init or plan of any stack.

Each stack is planned even when another one failed, so the output shows everything at once. Offline use:
``terraform init`` installs the provider from the CLI config's filesystem mirror (``TF_CLI_CONFIG_FILE``,
set by the Makefile; this module sets it to the project's ``.terraform.d/cli.tfrc`` when unset). The AWS
credentials are the environment's; ``aws_endpoint_url`` in the config points the plan at an emulator.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from kinesis_xacct.cdk.toolchain import tool_env
from kinesis_xacct.config import Config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops import credential_hints as hints
from kinesis_xacct.ops import existing_hints
from kinesis_xacct.ops import synth as synth_cli
from kinesis_xacct.ops.deploy import load_selection
from kinesis_xacct.ops.entry import as_subcommand

EXIT_NO_CHANGES, EXIT_ERROR, EXIT_CHANGES = 0, 1, 2
# A hang (a provider waiting on an unreachable endpoint) must not block CI forever; generous for real plans.
INIT_TIMEOUT_S, PLAN_TIMEOUT_S = 900, 3600
VERDICT = {EXIT_NO_CHANGES: "no changes", EXIT_CHANGES: "changes", EXIT_ERROR: "error"}


def stack_order(outdir: Path) -> list[str]:
    """The synthesized stacks, each after the stacks it depends on (``manifest.json``'s dependencies)."""
    stacks = json.loads((outdir / "manifest.json").read_text())["stacks"]
    order: list[str] = []

    def visit(name: str, seen: tuple[str, ...] = ()) -> None:
        if name in order:
            return
        if name in seen:
            raise ValueError(f"stack dependency cycle: {' -> '.join(seen + (name,))}")
        for dep in stacks[name].get("dependencies", []):
            visit(dep, seen + (name,))
        order.append(name)

    for name in sorted(stacks):
        visit(name)
    return order


def _stopped(step: str, folder: Path, timeout: int) -> tuple[int, str]:
    print(f"terraform {step} in {folder} did not finish within {timeout} s; stopped it", file=sys.stderr)
    return EXIT_ERROR, ""


def plan_stack(terraform: str, folder: Path, env: dict[str, str], color: bool) -> tuple[int, str]:
    """``terraform init`` + ``plan -detailed-exitcode`` in one stack folder; the plan's output goes to stdout (and
    its errors to stderr) as it comes. Returns the status and, for a failure, the failed step's output."""
    flags = [] if color else ["-no-color"]
    init_args = [terraform, "init", "-input=false", *flags]
    try:
        init = subprocess.run(init_args, cwd=folder, env=env, capture_output=True, text=True, timeout=INIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return _stopped("init", folder, INIT_TIMEOUT_S)
    if init.returncode != 0:  # init's output only when it failed: on success it is noise next to the plan
        sys.stdout.write(init.stdout + init.stderr)
        return EXIT_ERROR, init.stdout + init.stderr
    sys.stdout.flush()
    args = ["-detailed-exitcode", "-input=false", *flags]
    code, tail = hints.tee([terraform, "plan", *args], cwd=str(folder), env=env, timeout=PLAN_TIMEOUT_S)
    if code is None:
        return _stopped("plan", folder, PLAN_TIMEOUT_S)
    return (code, "") if code in (EXIT_NO_CHANGES, EXIT_CHANGES) else (EXIT_ERROR, tail)


def summary_lines(cfg: Config | Organisation, config: str, results: dict[str, tuple[int, str]]) -> list[str]:
    """The summary: each stack's verdict (a failed one with its first ``Error:`` line), then our hint for each
    stack that failed for its credentials, and for each object a config key names that the plan could not read."""
    lines, hinted = [], []
    for stack, (code, text) in results.items():
        error = hints.first_error(text) if code == EXIT_ERROR else None
        lines.append(f"{stack}: {VERDICT[code]}" + (f": {error}" if error else ""))
        if code == EXIT_ERROR and (found := hints.problem(text)) is not None:
            hinted += hints.hint_lines(cfg, stack, found, config)
        if code == EXIT_ERROR:
            hinted += existing_hints.hint_lines(cfg, stack, text)
    return lines + hinted


def overall(results: dict[str, int]) -> int:
    codes = set(results.values())
    if EXIT_ERROR in codes:
        return EXIT_ERROR
    return EXIT_CHANGES if EXIT_CHANGES in codes else EXIT_NO_CHANGES


def run(config: str, out: str, stacks: str | None = None) -> int:
    """Synthesize ``config`` into ``out``, then plan every stack (or those named in ``stacks``), dependencies first."""
    if (loaded := load_selection(config, stacks)) is None:
        return EXIT_ERROR  # a bad config is 1 for plan (2 means changes)
    cfg, wanted = loaded
    terraform = shutil.which("terraform")
    if terraform is None:
        print("plan error: terraform is not on PATH", file=sys.stderr)
        return EXIT_ERROR
    if synth_cli.run(config, out) != 0:
        print("plan error: synthesis failed; nothing planned", file=sys.stderr)
        return EXIT_ERROR
    outdir = Path(out).absolute()
    env = dict(tool_env(), TF_IN_AUTOMATION="1")  # no "run terraform apply" advice in the output
    color = sys.stdout.isatty()
    results: dict[str, tuple[int, str]] = {}
    for stack in [s for s in stack_order(outdir) if not wanted or s in wanted]:
        print(f"\n=== plan: {stack} ({outdir / 'stacks' / stack}) ===", flush=True)
        results[stack] = plan_stack(terraform, outdir / "stacks" / stack, env, color)
    status = overall({stack: code for stack, (code, _) in results.items()})
    print("\n=== plan summary ===")
    for line in summary_lines(cfg, config, results):
        print(line)
    print(f"plan: {VERDICT[status]} (exit {status})", flush=True)
    return status


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.ops.plan``
    raise SystemExit(as_subcommand("plan"))
