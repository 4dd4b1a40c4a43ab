#!/usr/bin/env python
"""`make bench`: kinesis-xacct's synth against a stock CDKTF app of the same resources (bench/stock_app.py).

For 1, 10 and 100 streams (read-efo, every stream created with its own KMS key, Databricks on), and for
two ways of running: ``python main.py`` (the app alone) and ``cdktf synth --hcl`` (through the CLI, in a
throw-away project folder whose cdktf.json runs the app). After one warm-up run of each, runs are
interleaved in rounds (every mode, size and app once per round; project and stock alternate who goes first),
on the same interpreter, with the same environment (the Makefile's). Each run is a fresh process tree
(Python app + its jsii Node.js kernel, + the CLI's Node.js for ``cdktf synth``). Kept per run: wall time;
peak RSS of the tree (sum over its processes, sampled every 20 ms from /proc); and the largest single
process's peak RSS (os.wait4's ru_maxrss). The table gives medians and ratios; absolute times drift
on a shared machine, ratios much less.

    python -m bench.run [--runs 5] [--streams 1,10,100] [--modes python,cli]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

from bench.measure import config, env, policies, resources, synth_once
from kinesis_xacct.cdk.toolchain import FRAMEWORKS
from kinesis_xacct.paths import ROOT

PYTHON = sys.executable
APPS = {"project": ROOT / "main.py", "stock": ROOT / "bench" / "stock_app.py"}
TARGETS = {"python": 0.40, "cli": 0.60}
SCALE_TARGET = 1.5


def run_once(app: str, mode: str, config_path: Path, work: Path) -> tuple[float, int, int, Path]:
    """One synth of ``app`` (project or stock) on CDKTF, in a fresh process tree."""
    fw = FRAMEWORKS["cdktf"]
    return synth_once(Path(PYTHON), APPS[app], fw.cli, mode, config_path, work, env())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    ap.add_argument("--streams", default=os.environ.get("BENCH_STREAMS", "1,10,100"))
    ap.add_argument("--modes", default=os.environ.get("BENCH_MODES", "python,cli"))
    args = ap.parse_args()
    sizes = [int(s) for s in args.streams.split(",")]
    modes = args.modes.split(",")
    results: dict[tuple, list[tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="xacct-bench-") as tmp:
        tmpdir = Path(tmp)
        configs, work = {}, {}
        for n in sizes:
            configs[n] = tmpdir / f"streams-{n}.yaml"
            configs[n].write_text(yaml.safe_dump(config(n), sort_keys=False))
            for mode in modes:
                for app in APPS:
                    work[n, mode, app] = tmpdir / f"{mode}-{n}-{app}"
                    work[n, mode, app].mkdir()
        # Warm-up (not counted): each app once per mode, and the same resources and documents in both
        # outputs for every size, or the comparison would mean nothing.
        for mode in modes:
            for n in sizes:
                outs = {app: run_once(app, mode, configs[n], work[n, mode, app])[3] for app in APPS}
                if resources(outs["project"]) != resources(outs["stock"]):
                    raise SystemExit(
                        f"bench: the apps declare different resources for {n} streams:\n"
                        f"project only {resources(outs['project']) - resources(outs['stock'])}, "
                        f"stock only {resources(outs['stock']) - resources(outs['project'])}"
                    )
                if policies(outs["project"]) != policies(outs["stock"]):
                    raise SystemExit(f"bench: the apps write different policy documents for {n} streams")
                print(
                    f"  {mode:6s} {n:4d} streams: same resources and policy documents in both outputs",
                    file=sys.stderr,
                    flush=True,
                )
        # Interleaved rounds: every (mode, size, app) once per round, the order of the apps alternating, so
        # that drift of the machine's load falls on all of them alike (also on the size-to-size ratios).
        for i in range(args.runs):
            for mode in modes:
                for n in sizes:
                    for app in APPS if i % 2 == 0 else reversed(list(APPS)):
                        wall, tree, largest, _ = run_once(app, mode, configs[n], work[n, mode, app])
                        results.setdefault((n, mode, app), []).append((wall, tree, largest))
                        print(
                            f"  {mode:6s} {n:4d} streams  {app:7s} run {i + 1}: {wall:6.2f} s  tree {tree:5d} MiB"
                            f"  largest process {largest:5d} MiB",
                            file=sys.stderr,
                            flush=True,
                        )
    report(results, sizes, modes, args.runs)
    return 0


def report(results, sizes, modes, runs) -> None:
    med = {
        k: (statistics.median(r[0] for r in v), max(r[1] for r in v), max(r[2] for r in v)) for k, v in results.items()
    }
    print(
        f"\nkinesis-xacct synth vs a stock CDKTF app of the same resources: median wall time of {runs} "
        f"interleaved runs; peak RSS (MiB, max over runs) of the whole process tree and of its largest process\n"
    )
    header = (
        f"{'mode':18s} {'streams':>7s} {'project s':>10s} {'stock s':>8s} {'ratio':>6s} {'target':>7s} "
        f"{'tree MiB project/stock':>23s} {'largest MiB project/stock':>26s}"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for mode in modes:
        label = "python main.py" if mode == "python" else "cdktf synth --hcl"
        for n in sizes:
            (pt, ptree, plarge), (st, stree, slarge) = med[n, mode, "project"], med[n, mode, "stock"]
            ratio = pt / st
            met = ratio <= TARGETS[mode] and ptree <= stree
            ok &= met
            print(
                f"{label:18s} {n:7d} {pt:10.2f} {st:8.2f} {ratio:6.2f} {'<=' + str(TARGETS[mode]):>7s} "
                f"{f'{ptree} / {stree}':>23s} {f'{plarge} / {slarge}':>26s}{'' if met else '  MISSED'}"
            )
    print()
    for mode in modes:
        label = "python main.py" if mode == "python" else "cdktf synth --hcl"
        if 1 in sizes:
            for n in sizes:
                if n == 1:
                    continue
                scale = med[n, mode, "project"][0] / med[1, mode, "project"][0]
                met = scale <= SCALE_TARGET or n != 100
                ok &= met
                print(
                    f"{label:18s} {n:4d} streams / 1 stream: {scale:.2f}x"
                    f"{f' (target <= {SCALE_TARGET}x)' if n == 100 else ''}{'' if met else '  MISSED'}"
                )
    print(f"\ntargets {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    raise SystemExit(main())
