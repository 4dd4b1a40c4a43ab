"""The organisation RUNBOOK: the consumer x stream access matrix, a section per consumer with its Mermaid
diagram, deploy commands naming exactly the stacks of the output. Expected values from the config file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kinesis_xacct.render.diagram import arns_in

from .helpers import ROOT, load_yaml, manifest, markdown_sections, synth_main

ORGANISATION = ROOT / "config" / "organisation.yaml"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runbook") / "cdktf.out"
    proc = synth_main(ORGANISATION, out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_access_matrix(out: Path):
    data = load_yaml(ORGANISATION)
    (table,) = markdown_sections((out / "RUNBOOK.md").read_text())["Access matrix"].tables
    columns = [f"{s}/{st['name']}" for s, src in data["sources"].items() for st in src["streams"]]
    assert [c.strip("`") for c in table.header[1:]] == columns
    assert len(table.rows) == len(data["consumers"])
    for cells, (consumer, c) in zip(table.rows, data["consumers"].items(), strict=True):
        assert cells[0] == f"`{consumer}` ({c['databricks']['auth']})"
        for col, cell in zip(columns, cells[1:], strict=True):
            source, stream = col.split("/")
            read = next((r for r in c["reads"] if r["source"] == source), None)
            streams = (
                None if read is None else read.get("streams", [s["name"] for s in data["sources"][source]["streams"]])
            )
            if read is None or stream not in streams:
                assert cell == "-", (consumer, col)
            else:
                role = read.get("role_name", f"kinesis-xacct-{consumer}-{source}")
                assert cell == f"{read.get('access', 'read')} via `{role}`", (consumer, col)


def test_consumer_sections_with_their_diagram(out: Path):
    data = load_yaml(ORGANISATION)
    sections = markdown_sections((out / "RUNBOOK.md").read_text())
    all_roles = {
        f"arn:aws:iam::{data['sources'][r['source']]['account_id']}:role/"
        + r.get("role_name", f"kinesis-xacct-{c}-{r['source']}")
        for c, v in data["consumers"].items()
        for r in v["reads"]
    }
    for consumer, c in data["consumers"].items():
        section = sections[f"Consumer `{consumer}`"].text
        (diagram,) = re.findall(r"```mermaid\n(.*?)```", section, re.S)
        mine = {
            f"arn:aws:iam::{data['sources'][r['source']]['account_id']}:role/"
            + r.get("role_name", f"kinesis-xacct-{consumer}-{r['source']}")
            for r in c["reads"]
        }
        named = arns_in(diagram)
        assert mine <= named and not (all_roles - mine) & named, consumer
        for r in c["reads"]:
            src = data["sources"][r["source"]]
            for stream in r.get("streams", [s["name"] for s in src["streams"]]):
                region = src.get("region", data["region"])
                assert f"arn:aws:kinesis:{region}:{src['account_id']}:stream/{stream}" in named
        if c["databricks"]["auth"] == "instance-profile":
            assert f"arn:aws:iam::{c['account_id']}:instance-profile/kinesis-xacct-{consumer}" in section


def test_deploy_commands_name_the_stacks_in_wave_order(out: Path):
    """``make deploy`` for everything; the CLI lines it runs, one per wave, each with --output; destroy the
    same waves in reverse."""
    text = (out / "RUNBOOK.md").read_text()
    sections = markdown_sections(text)
    args = f"CONFIG={ORGANISATION} OUT={out}"  # as given to the synth (absolute paths here)
    assert f"make deploy {args}" in sections["Deploy"].text
    assert f"make destroy {args}" in sections["Roll back"].text
    assert f"make run-validation {args}" in sections["Validate"].text
    stacks = set(manifest(out)["stacks"])
    deps = {name: info["dependencies"] for name, info in manifest(out)["stacks"].items()}
    tail = f" --output {out} --ignore-missing-stack-dependencies"
    deploys = re.findall(rf"^XACCT_CONFIG={ORGANISATION} cdktf deploy (.*)$", text, re.M)
    destroys = re.findall(rf"^XACCT_CONFIG={ORGANISATION} cdktf destroy (.*)$", text, re.M)
    assert all(c.endswith(tail) for c in deploys)
    # a wave of several stacks is destroyed one stack at a time, as make destroy runs it (ops/deploy.py)
    assert all(c.endswith(tail + (" --parallelism 1" if len(c.split()) > 5 else "")) for c in destroys)
    waves = [c.removesuffix(tail).split() for c in deploys]
    everything = [s for w in waves for s in w]
    assert sorted(everything) == sorted(stacks) and len(waves) == 2
    for name in everything:  # the order deploys each stack after its dependencies
        assert [d for d in deps[name] if everything.index(d) > everything.index(name)] == [], name
    assert [c.removesuffix(" --parallelism 1").removesuffix(tail).split() for c in destroys] == waves[::-1]
    assert not [c for c in deploys + destroys if "--auto-approve" in c]  # the user approves each plan
