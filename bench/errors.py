"""`make bench`, third part: how fast a bad config is refused (the target: under 3 s, nothing written).

Cases from the test corpus (tests/bad_configs.py; every one is checked for its exact errors in `make test`,
which asserts no time). Each case runs through both entry points a user meets first: ``python -m kinesis_xacct
check`` and ``main.py`` (what ``cdktf synth`` runs). One warm-up run each, then interleaved rounds (the order of
the cases rotating); the table gives the median wall time per case and entry point, with the target.

Then the refusal at size (tests/large_configs.py): an organisation of 1,000 consumers reading 2,000 streams with
one misspelled stream, and one read naming 5,000 unknown streams (each gets its line; the first ones a "did you
mean"). Target: median <= 3 s each.

    python -m bench.errors [--runs 5] [--cases N] [--only-large]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.measure import env, measure
from kinesis_xacct.paths import ROOT
from tests import large_configs
from tests.bad_configs import CASES

TARGET_S = 3.0
EXIT_CONFIG = 2


def _commands(config: Path, out: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    base = env()
    return {
        "check": ([sys.executable, "-m", "kinesis_xacct", "check", str(config)], base),
        "main.py": (
            [sys.executable, str(ROOT / "main.py")],
            dict(base, XACCT_CONFIG=str(config), CDKTF_OUTDIR=str(out)),
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    ap.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_ERROR_CASES", 12)))
    ap.add_argument("--only-large", action="store_true", help="only the refusals at size")
    args = ap.parse_args()
    if not args.only_large:
        corpus(args)
    large(args.runs)
    return 0


def corpus(args: argparse.Namespace) -> None:
    # Spread over the corpus (every k-th case), without the one that needs dropped capabilities to be unreadable.
    usable = [c for c in CASES if not c.needs_dropped_dac]
    step = max(1, len(usable) // args.cases)
    cases = usable[::step][: args.cases]
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="xacct-bench-errors-") as tmp:
        commands = {}
        for case in cases:
            folder = Path(tmp) / case.name
            folder.mkdir()
            commands[case.name] = _commands(case.make(folder), folder / "cdktf.out")
        for i in range(args.runs + 1):  # round 0: warm-up, not counted
            order = cases[i % len(cases) :] + cases[: i % len(cases)]
            for case in order:
                for entry, (cmd, environment) in commands[case.name].items():
                    run = measure(cmd, ROOT, environment)
                    if run.status != EXIT_CONFIG or "config error: " not in run.output:
                        raise SystemExit(f"bench: {case.name} via {entry}: exit {run.status}\n{run.output[-2000:]}")
                    if i:
                        times.setdefault((case.name, entry), []).append(run.wall)
    report(times, cases, args.runs)


LARGE_TARGET_S = 3.0
LARGE = {
    "organisation 1000 consumers x 2000 streams": large_configs.many_consumers,
    "one read naming 5000 unknown streams": large_configs.unknown_streams,
}


def large(runs: int) -> None:
    """The refusal time of the large broken configs: median wall time of ``runs`` runs (after one warm-up)."""
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="xacct-bench-large-") as tmp:
        commands = {}
        for i, (name, make) in enumerate(LARGE.items()):
            folder = Path(tmp) / f"case{i}"
            folder.mkdir()
            commands[name] = _commands(large_configs.write(make(), folder / "config.yaml"), folder / "cdktf.out")
        for i in range(runs + 1):
            for name in LARGE:
                for entry, (cmd, environment) in commands[name].items():
                    run = measure(cmd, ROOT, environment)
                    if run.status != EXIT_CONFIG or "config error: " not in run.output:
                        raise SystemExit(f"bench: {name} via {entry}: exit {run.status}\n{run.output[-2000:]}")
                    if i:
                        times.setdefault((name, entry), []).append(run.wall)
    print(f"\nlarge bad config refused (exit 2): median wall time of {runs} runs\n")
    header = f"{'case':44s} {'check s':>8s} {'main.py s':>10s} {'target':>7s}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for name in LARGE:
        check, main_py = (statistics.median(times[name, e]) for e in ("check", "main.py"))
        worst = max(worst, check, main_py)
        missed = "" if max(check, main_py) <= LARGE_TARGET_S else "  MISSED"
        print(f"{name:44s} {check:8.2f} {main_py:10.2f} {'<=' + str(LARGE_TARGET_S):>7s}{missed}")
    met = "met" if worst <= LARGE_TARGET_S else "NOT met"
    print(f"\nslowest median {worst:.2f} s: target (<= {LARGE_TARGET_S} s) {met}")


def report(times: dict[tuple[str, str], list[float]], cases: list, runs: int) -> None:
    print(f"\nbad config refused (exit 2, one line per problem): median wall time of {runs} interleaved runs\n")
    header = f"{'case':34s} {'check s':>8s} {'main.py s':>10s} {'target':>7s}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for case in cases:
        check, main_py = (statistics.median(times[case.name, e]) for e in ("check", "main.py"))
        worst = max(worst, check, main_py)
        missed = "" if max(check, main_py) < TARGET_S else "  MISSED"
        print(f"{case.name:34s} {check:8.2f} {main_py:10.2f} {'<' + str(TARGET_S):>7s}{missed}")
    print(f"\nslowest median {worst:.2f} s: target (< {TARGET_S} s) {'met' if worst < TARGET_S else 'NOT met'}")


if __name__ == "__main__":
    raise SystemExit(main())
