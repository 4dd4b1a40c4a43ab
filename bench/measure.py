"""What every bench shares: the tool environment, a config of n streams, one measured run in a fresh process tree
(wall time, peak RSS of the tree and of its largest process), and the comparison of two outputs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from kinesis_xacct.cdk.toolchain import FRAMEWORKS, tool_env
from kinesis_xacct.paths import ROOT

RUN_TIMEOUT_S = 900  # one synth of 100 streams takes well under a minute; a hang must not stall the bench


def env(framework: str = "cdktf") -> dict[str, str]:
    """The Makefile's environment for ``framework`` (kinesis_xacct.cdk.toolchain.tool_env), with the project on
    PYTHONPATH (the stock app imports its policy builders) and nothing that would skew a measurement."""
    e = tool_env(FRAMEWORKS[framework])
    e["PYTHONPATH"] = str(ROOT)
    e.pop("NODE_COMPILE_CACHE", None)  # would cache the provider bindings' JavaScript: 1.3 GB, +200 MB RSS
    e.pop("KINESIS_XACCT_EAGER_IMPORT", None)
    return e


def config(n: int) -> dict:
    data = yaml.safe_load((ROOT / "config" / "example.yaml").read_text())
    data["kinesis_account"]["access"] = "read-efo"
    data["kinesis_account"]["streams"] = [{"name": f"bench-stream-{i:03d}", "create": True} for i in range(n)]
    return data


def _tree_rss_kib(pid: int) -> int:
    """Sum of VmRSS over ``pid`` and its descendants, in KiB (0 once gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


class TreeRss(threading.Thread):
    """Samples the summed RSS of a process tree until stopped; ``peak`` in KiB."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, _tree_rss_kib(self.pid))


@dataclass(frozen=True)
class Run:
    wall: float  # s
    tree: int  # peak RSS of the process tree, MiB
    largest: int  # peak RSS of its largest process, MiB
    status: int
    output: str


def measure(cmd: list[str], cwd: Path, environment: dict[str, str]) -> Run:
    """``cmd`` in a fresh process tree, measured; stopped after RUN_TIMEOUT_S (then status -9)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    watchdog = threading.Timer(RUN_TIMEOUT_S, proc.kill)
    watchdog.start()
    sampler = TreeRss(proc.pid)
    sampler.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    watchdog.cancel()
    sampler.done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, sampler.peak // 1024, usage.ru_maxrss // 1024, proc.returncode, output.decode(errors="replace"))


def synth_once(
    python: Path, app: Path, cli: Path, mode: str, config_path: Path, work: Path, environment: dict[str, str]
) -> tuple[float, int, int, Path]:
    """One synth of ``app`` by ``python`` (mode "python") or through ``cli synth --hcl`` in a throw-away project
    (mode "cli"): (wall s, peak tree RSS MiB, largest process MiB, output folder). Exits on failure."""
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    e = dict(environment, XACCT_CONFIG=str(config_path))
    if mode == "python":
        e["CDKTF_OUTDIR"] = str(out)
        e["SYNTH_HCL_OUTPUT"] = "true"  # as `cdktf synth --hcl` would (the project's app sets it itself)
        cmd = [str(python), str(app)]
    else:
        project = json.loads((ROOT / "cdktf.json").read_text())
        project["app"] = f"{python} {app}"
        (work / "cdktf.json").write_text(json.dumps(project))
        cmd = [str(cli), "synth", "--hcl", "--output", str(out)]
    run = measure(cmd, work, e)
    if run.status != 0:
        raise SystemExit(f"bench: {app.name}/{mode} failed ({run.status}):\n{run.output[-3000:]}")
    return run.wall, run.tree, run.largest, out


def resources(out: Path) -> Counter:
    """Resource and data source types of both stacks, counted (the two apps name them differently)."""
    counts: Counter = Counter()
    for hcl in sorted(out.glob("stacks/*/cdk.tf")):
        counts.update(
            f"{hcl.parent.name}:{kind}:{t}"
            for kind, t in re.findall(r'^(resource|data) "(\w+)"', hcl.read_text(), re.M)
        )
    return counts


def policies(out: Path) -> list[str]:
    """Every policy JSON literal of both stacks, sorted: the two apps must write the same documents."""
    return sorted(
        m
        for hcl in out.glob("stacks/*/cdk.tf")
        for m in re.findall(r'^(?:policy|assume_role_policy) = (".*")$', hcl.read_text(), re.M)
    )
