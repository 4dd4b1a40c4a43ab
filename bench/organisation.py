#!/usr/bin/env python
"""`make bench` (organisation part): synth and deploy at organisation scale, as ratios to today's one-pair synth.

Synth: 50 consumers x 5 sources x 100 streams per source, each consumer reading 2 sources x 20 streams (consumers
alternate instance-profile and service-credential mode, Databricks on). After one warm-up run of each, runs are
interleaved in rounds: the one-pair synth of config/example.yaml, the full organisation synth, and one-stack
synths (``XACCT_STACKS``: the largest source stack, and a consumer stack). Each is ``python main.py`` in a fresh
process tree (as bench/run.py: wall time, peak RSS of the tree sampled from /proc). Medians and ratios to the
one-pair synth of the same run. Then every policy of the full output against IAM's size quotas.

Deploy: an organisation of 10 stacks (2 sources x 8 consumers, instance-profile, Databricks off) on the emulator
(moto server), ``cdktf deploy --parallelism 4`` against ``--parallelism 1`` (serial), each on a fresh emulator.

    python -m bench.organisation [--runs 3] [--no-deploy]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.measure import TreeRss, env
from kinesis_xacct.cdk.toolchain import tool_env
from kinesis_xacct.paths import ROOT

PYTHON = sys.executable

TARGETS = {"full": (3.0, 1.5), "one-stack": (1.3, None)}
# IAM quotas (characters without white space): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
ROLE_INLINE_TOTAL, MANAGED_POLICY, TRUST_POLICY, KEY_POLICY = 10_240, 6_144, 2_048, 32_768


def org_config(consumers: int = 50, sources: int = 5, streams: int = 100, reads: int = 2, per_read: int = 20) -> dict:
    data: dict = {"partition": "aws", "region": "us-east-1", "tags": {"managed-by": "kinesis-xacct"}}
    data["sources"] = {
        f"s{i}": {
            "account_id": f"2000000000{i:02d}",
            "streams": [{"name": f"s{i}-stream-{j:03d}", "create": j % 2 == 0} for j in range(streams)],
        }
        for i in range(sources)
    }
    data["consumers"] = {}
    for c in range(consumers):
        mode = "instance-profile" if c % 2 == 0 else "service-credential"
        entry: dict = {"account_id": f"1000000{c:05d}"}
        if mode == "instance-profile":
            entry["workspace_role_name"] = f"dbx-c{c}-workspace"
        entry["databricks"] = {"enabled": True, "auth": mode, "host": f"https://dbc-c{c}.cloud.databricks.com"}
        if mode == "instance-profile":
            entry["databricks"]["single_user_name"] = "bench@example.com"
        entry["reads"] = []
        for r in range(reads):
            s = (c + r) % sources
            first = (c * 7) % (streams - per_read)
            names = [f"s{s}-stream-{j:03d}" for j in range(first, first + per_read)]
            read: dict = {"source": f"s{s}", "streams": names, "access": "read-efo" if r else "read"}
            if mode == "instance-profile":
                read["external_id"] = f"c{c}-s{s}-external"
            entry["reads"].append(read)
        data["consumers"][f"c{c}"] = entry
    return data


def run_synth(config_path: Path, work: Path, stacks: str | None = None) -> tuple[float, int, Path]:
    work.mkdir(parents=True, exist_ok=True)
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    e = env()
    e.update(XACCT_CONFIG=str(config_path), CDKTF_OUTDIR=str(out), SYNTH_HCL_OUTPUT="true")
    e.pop("XACCT_STACKS", None)
    if stacks:
        e["XACCT_STACKS"] = stacks
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, str(ROOT / "main.py")], cwd=work, env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    sampler = TreeRss(proc.pid)
    sampler.start()
    output = proc.stdout.read() if proc.stdout else b""
    _, status, _ = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: synth of {config_path.name} ({stacks or 'all'}) failed:\n{output.decode()[-3000:]}")
    return wall, sampler.peak // 1024, out


def policy_sizes(out: Path) -> dict[str, int]:
    """The largest document per kind, in characters without white space (what IAM counts)."""
    largest = {"role inline (per role)": 0, "managed": 0, "trust": 0, "key": 0}
    for hcl in out.glob("stacks/*/cdk.tf"):
        text = hcl.read_text()
        inline_per_role: dict[str, int] = {}
        for block, body in re.findall(r'^resource "(\w+)" "[^"]+" \{\n(.*?)\n\}', text, re.M | re.S):
            for attr, value in re.findall(r'^\s*(policy|assume_role_policy)\s*= "((?:[^"\\]|\\.)*)"$', body, re.M):
                size = len(re.sub(r"\s", "", json.loads(f'"{value}"')))
                if attr == "assume_role_policy":
                    largest["trust"] = max(largest["trust"], size)
                elif block == "aws_kms_key":
                    largest["key"] = max(largest["key"], size)
                elif block == "aws_iam_policy":
                    largest["managed"] = max(largest["managed"], size)
                elif block == "aws_iam_role_policy":
                    role = re.search(r'^\s*role\s*= "([^"]+)"', body, re.M)
                    key = role[1] if role else "?"
                    inline_per_role[key] = inline_per_role.get(key, 0) + size
        if inline_per_role:
            largest["role inline (per role)"] = max(largest["role inline (per role)"], max(inline_per_role.values()))
    return largest


def deploy_config(url: str) -> dict:
    """2 sources x 8 consumers = 10 stacks on the emulator, instance-profile, Databricks off."""
    from kinesis_xacct.sandbox import emulator as sandbox

    data = org_config(consumers=8, sources=2, streams=4, reads=2, per_read=2)
    data["aws_endpoint_url"] = url
    data["tags"] = {}
    for src in data["sources"].values():
        src["deploy_role_arn"] = sandbox.deploy_role_arn("aws", src["account_id"])
        for s in src["streams"]:
            s["create"] = False
    for c in data["consumers"].values():
        c["databricks"] = {"enabled": False, "auth": "instance-profile"}
        c["workspace_role_name"] = c.get("workspace_role_name") or "dbx-workspace"
        c["deploy_role_arn"] = sandbox.deploy_role_arn("aws", c["account_id"])
        for read in c["reads"]:
            read.setdefault("external_id", "bench-external-id")
    return data


def deploy_once(parallelism: int, work: Path) -> float:
    from kinesis_xacct.sandbox import emulator as sandbox

    with sandbox.start_emulator() as emu:
        data = deploy_config(emu.url)
        for c in data["consumers"].values():
            session = emu.account(c["account_id"])
            emu.client(session, "iam").create_role(
                RoleName=c["workspace_role_name"],
                AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
            )
        for src in data["sources"].values():
            kinesis = emu.client(emu.account(src["account_id"]), "kinesis")
            for s in src["streams"]:
                kinesis.create_stream(StreamName=s["name"], ShardCount=1)
        folder = work / f"deploy-{parallelism}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        config = folder / "config.yaml"
        config.write_text(yaml.safe_dump(data, sort_keys=False))
        stacks = [f"deployment-account-{c}" for c in data["consumers"]] + [
            f"kinesis-account-{s}" for s in data["sources"]
        ]
        project = sandbox.make_project(folder)
        e = sandbox.cdktf_env(emu.env(tool_env()), config)
        args = ["cdktf", "deploy", *stacks, "--auto-approve", "--skip-provider-lock", "--no-color"]
        start = time.perf_counter()
        proc = subprocess.run(
            [*args, "--parallelism", str(parallelism)], cwd=project, env=e, capture_output=True, text=True
        )
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(
                f"bench: deploy --parallelism {parallelism} failed:\n{proc.stdout[-3000:]}{proc.stderr[-2000:]}"
            )
        return wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 3)))
    ap.add_argument("--no-deploy", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kinesis-xacct-bench-org-"))
    try:
        org = work / "organisation.yaml"
        org.write_text(yaml.safe_dump(org_config(), sort_keys=False))
        pair = ROOT / "config" / "example.yaml"
        cases = {
            "one-pair": (pair, None),
            "full": (org, None),
            "one-stack (source)": (org, "kinesis-account-s0"),
            "one-stack (consumer)": (org, "deployment-account-c1"),
        }
        walls: dict[str, list[float]] = {k: [] for k in cases}
        rss: dict[str, list[int]] = {k: [] for k in cases}
        for name, (cfg, stacks) in cases.items():  # warm-up
            run_synth(cfg, work / name.replace(" ", "_"), stacks)
        full_out = None
        one_outs: dict[str, Path] = {}
        for i in range(args.runs):
            order = list(cases) if i % 2 == 0 else list(reversed(cases))
            for name in order:
                cfg, stacks = cases[name]
                w, r, out = run_synth(cfg, work / name.replace(" ", "_"), stacks)
                walls[name].append(w)
                rss[name].append(r)
                if name == "full":
                    full_out = out
                elif stacks:
                    one_outs[stacks] = out
        base_w, base_r = statistics.median(walls["one-pair"]), statistics.median(rss["one-pair"])
        print(f"\nOrganisation synth ({args.runs} interleaved runs, medians; 50 consumers x 5 sources x 100 streams,")
        print("each consumer reading 2 sources x 20 streams)\n")
        print(f"{'case':24} {'wall s':>8} {'x one-pair':>11} {'peak RSS MiB':>13} {'x one-pair':>11}  target")
        for name in cases:
            w, r = statistics.median(walls[name]), statistics.median(rss[name])
            kind = "full" if name == "full" else "one-stack" if name.startswith("one-stack") else None
            target = ""
            if kind:
                tw, tr = TARGETS[kind]
                ok = w / base_w <= tw and (tr is None or r / base_r <= tr)
                target = f"wall <= {tw}x" + (f", RSS <= {tr}x" if tr else "") + (": met" if ok else ": NOT met")
            print(f"{name:24} {w:8.2f} {w / base_w:11.2f} {r:13d} {r / base_r:11.2f}  {target}")
        assert full_out is not None
        stacks_n = len(list(full_out.glob("stacks/*/cdk.tf")))
        print(f"\nfull output: {stacks_n} stacks")
        for stack, out in one_outs.items():
            same = (out / "stacks" / stack / "cdk.tf").read_bytes() == (
                full_out / "stacks" / stack / "cdk.tf"
            ).read_bytes()
            print(f"one-stack synth of {stack}: cdk.tf {'identical to' if same else 'DIFFERS from'} the full synth's")
        sizes = policy_sizes(full_out)
        limits = {
            "role inline (per role)": ROLE_INLINE_TOTAL,
            "managed": MANAGED_POLICY,
            "trust": TRUST_POLICY,
            "key": KEY_POLICY,
        }
        for kind, size in sizes.items():
            print(
                f"largest {kind:24} {size:6d} / {limits[kind]:6d} chars  {'within' if size <= limits[kind] else 'OVER'}"
            )
        if not args.no_deploy:
            print("\nDeploy on the emulator: 10 stacks (2 sources x 8 consumers), 2 waves")
            serial = deploy_once(1, work)
            parallel = deploy_once(4, work)
            print(f"--parallelism 1: {serial:7.1f} s")
            verdict = "met" if parallel / serial <= 0.6 else "NOT met"
            print(f"--parallelism 4: {parallel:7.1f} s   ratio {parallel / serial:.2f} (target <= 0.6: {verdict})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
