#!/usr/bin/env python
"""`make bench`, second part: the project's synth on CDKTF vs on CDK Terrain, and the experimental cdktn-aws.

Three apps declaring the same resources (checked on the warm-up outputs: resource types and counts, policy
documents): the project's main.py in ``.venv`` (cdktf 0.21 + cdktf-cdktf-provider-aws 21), the same main.py in
``.venv-cdktn`` (cdktn 0.24 + cdktn-provider-aws 25), and bench/cdktn_aws_app.py in ``.venv-bench`` (stock_app.py's
resources on cdktn with the single-assembly ``cdktn-aws`` 0.3 bindings; a measurement, not a dependency). Each
for 1, 10 and 100 streams, run as ``python <app>`` and through the framework's CLI (``cdktf|cdktn synth --hcl``).
Method as bench/run.py: one warm-up run each, then interleaved rounds (the order of the apps rotating), each
run a fresh process tree; medians of wall time, peak RSS of the tree and of its largest process.

    python -m bench.frameworks [--runs 5] [--streams 1,10,100] [--modes python,cli]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.measure import config, env, policies, resources, synth_once
from kinesis_xacct.paths import ROOT


@dataclass(frozen=True)
class Variant:
    name: str
    framework: str  # XACCT_FRAMEWORK, and which CLI
    python: Path
    app: Path
    bin_dirs: tuple[Path, ...]

    @property
    def cli(self) -> Path:
        return self.bin_dirs[-1] / self.framework


VARIANTS = (
    Variant(
        "cdktf",
        "cdktf",
        ROOT / ".venv" / "bin" / "python",
        ROOT / "main.py",
        (ROOT / ".venv" / "bin", ROOT / "node_modules" / ".bin"),
    ),
    Variant(
        "cdktn",
        "cdktn",
        ROOT / ".venv-cdktn" / "bin" / "python",
        ROOT / "main.py",
        (ROOT / ".venv-cdktn" / "bin", ROOT / "frameworks" / "cdktn" / "node_modules" / ".bin"),
    ),
    Variant(
        "cdktn-aws",
        "cdktn",
        ROOT / ".venv-bench" / "bin" / "python",
        ROOT / "bench" / "cdktn_aws_app.py",
        (
            ROOT / ".venv-bench" / "bin",
            ROOT / ".venv-cdktn" / "bin",
            ROOT / "frameworks" / "cdktn" / "node_modules" / ".bin",
        ),
    ),
)


def run_once(v: Variant, mode: str, config_path: Path, work: Path) -> tuple[float, int, int, Path]:
    """One synth of ``v`` in a fresh process tree."""
    e = env(v.framework if v.framework in ("cdktf", "cdktn") else "cdktf")
    e["PATH"] = os.pathsep.join([*map(str, v.bin_dirs), os.environ["PATH"]])
    return synth_once(v.python, v.app, v.cli, mode, config_path, work, e)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    ap.add_argument("--streams", default=os.environ.get("BENCH_STREAMS", "1,10,100"))
    ap.add_argument("--modes", default=os.environ.get("BENCH_MODES", "python,cli"))
    args = ap.parse_args()
    sizes = [int(s) for s in args.streams.split(",")]
    modes = args.modes.split(",")
    for v in VARIANTS:
        if not v.python.is_file():
            raise SystemExit(f"bench: {v.python} is missing (make bench installs it)")
    results: dict[tuple, list[tuple[float, int, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="xacct-bench-fw-") as tmp:
        tmpdir = Path(tmp)
        configs, work = {}, {}
        for n in sizes:
            configs[n] = tmpdir / f"streams-{n}.yaml"
            configs[n].write_text(yaml.safe_dump(config(n), sort_keys=False))
            for mode in modes:
                for v in VARIANTS:
                    work[n, mode, v.name] = tmpdir / f"{mode}-{n}-{v.name}"
                    work[n, mode, v.name].mkdir()
        for mode in modes:  # warm-up, and the same resources and documents in all outputs
            for n in sizes:
                outs = {v.name: run_once(v, mode, configs[n], work[n, mode, v.name])[3] for v in VARIANTS}
                for name, out in outs.items():
                    ref, got = resources(outs["cdktf"]), resources(out)
                    if got != ref or policies(out) != policies(outs["cdktf"]):
                        raise SystemExit(
                            f"bench: {name} declares other resources or documents than cdktf for "
                            f"{n} streams: {(got - ref) + (ref - got)}"
                        )
                print(
                    f"  {mode:6s} {n:4d} streams: same resources and policy documents in all three outputs",
                    file=sys.stderr,
                    flush=True,
                )
        for i in range(args.runs):
            order = VARIANTS[i % 3 :] + VARIANTS[: i % 3]
            for mode in modes:
                for n in sizes:
                    for v in order:
                        wall, tree, largest, _ = run_once(v, mode, configs[n], work[n, mode, v.name])
                        results.setdefault((n, mode, v.name), []).append((wall, tree, largest))
                        print(
                            f"  {mode:6s} {n:4d} streams  {v.name:9s} run {i + 1}: {wall:6.2f} s  tree {tree:5d} "
                            f"MiB  largest process {largest:5d} MiB",
                            file=sys.stderr,
                            flush=True,
                        )
    report(results, sizes, modes, args.runs)
    return 0


def report(results, sizes, modes, runs) -> None:
    med = {
        k: (statistics.median(r[0] for r in v), max(r[1] for r in v), max(r[2] for r in v)) for k, v in results.items()
    }
    names = [v.name for v in VARIANTS]
    print(
        f"\nsynth on cdktf 0.21 vs cdktn 0.24 (the project's app) vs cdktn + cdktn-aws 0.3 (stock resources, "
        f"experimental bindings): median wall time of {runs} interleaved runs; peak RSS (MiB, max over runs) of "
        f"the process tree and of its largest process\n"
    )
    header = (
        f"{'mode':17s} {'streams':>7s} "
        + " ".join(f"{n + ' s':>11s}" for n in names)
        + f" {'cdktn/cdktf':>11s} "
        + f"{'tree MiB ' + '/'.join(names):>30s} "
        + f"{'largest MiB ' + '/'.join(names):>33s}"
    )
    print(header)
    print("-" * len(header))
    for mode in modes:
        label = "python <app>" if mode == "python" else "<cli> synth --hcl"
        for n in sizes:
            row = [med[n, mode, name] for name in names]
            print(
                f"{label:17s} {n:7d} "
                + " ".join(f"{r[0]:11.2f}" for r in row)
                + f" {row[1][0] / row[0][0]:11.2f} "
                + f"{' / '.join(str(r[1]) for r in row):>30s} "
                + f"{' / '.join(str(r[2]) for r in row):>33s}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
