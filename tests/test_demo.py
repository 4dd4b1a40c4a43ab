"""`make demo`: failure paths, and the organisation example's run (the one-pair config's successful run is the
cdktf scenario of test_deploy_emulator.py)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.load import load_any
from kinesis_xacct.sandbox import demo

from . import tf
from .helpers import ROOT, tool_env, variant, write_config
from .outputs import line_of


def test_bad_config_is_one_clear_error_and_starts_nothing(tmp_path):
    bad = write_config(tmp_path, variant(**{"kinesis_account.account_id": "12345"}))
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.sandbox.demo", "--config", str(bad), "--keep", str(tmp_path / "work")],
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    at = f"{bad}:{line_of(bad, r'^  account_id:', after=r'^kinesis_account:')}"
    assert proc.stderr.startswith(f"config error: {at}: kinesis_account.account_id: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "work" / "moto.log").exists()


def test_emulator_is_stopped_when_a_step_fails(tmp_path):
    """A failure after the emulator started (here: in the first hook, before any deploy) still stops it."""
    seen: dict[str, Any] = {}

    def fail(emu, cfg, folder):
        seen["port"] = int(emu.url.rsplit(":", 1)[1])
        seen["alive"] = emu.process.poll() is None
        raise RuntimeError("step failed on purpose")

    with pytest.raises(RuntimeError, match="on purpose"):
        demo.run_demo(ROOT / "config" / "example.yaml", tmp_path, say=lambda m: None, hooks={"prepared": fail})
    assert seen["alive"]
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", seen["port"])) != 0, "the demo's emulator still listens"


def test_organisation_demo(tmp_path):
    """`make demo CONFIG=config/organisation.yaml`: every stack deployed wave by wave, each pair's chain walked on
    each of its streams (both auth modes), destroyed in reverse waves; one summary line per pair; the emulator
    stopped; nothing left beside the config, and the demo's temporary folder removed."""
    for tool in ("terraform", "cdktf"):
        tf.require_tool(tool)
    given = tmp_path / "given"
    given.mkdir()
    config = Path(shutil.copy(ROOT / "config" / "organisation.yaml", given / "organisation.yaml"))
    scratch = tmp_path / "scratch"  # the demo's temporary folder is made here (TMPDIR)
    scratch.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "demo", "--config", str(config)],
        cwd=ROOT,
        env={**tool_env(), "TMPDIR": str(scratch)},
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    org = load_any(config)
    assert isinstance(org, Organisation)
    out = proc.stdout
    pair_lines = out.split("\npairs:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(pair_lines) == len(org.pairs), out
    for line, pair in zip(pair_lines, org.pairs, strict=True):
        streams = ", ".join(s.name for s in pair.cfg.kinesis_account.streams)
        assert line.startswith(f"  ok  {pair.consumer} <- {pair.source}: "), line
        ext = pair.cfg.kinesis_account.external_id
        # a service-credential pair without one gets one on the emulator (no Databricks credential here)
        expected_ext = ext or (f"{pair.consumer}-{pair.source}-sandbox" if pair.cfg.uses_service_credential else None)
        assert (
            f" -> {pair.cfg.kinesis_role_arn} ("
            + (f"external ID {expected_ext!r})" if expected_ext else "no external ID)")
            in line
        ), line
        assert line.endswith(f"a record put and read back on {streams}"), line
    waves = "deployment-account-analytics, deployment-account-fraud, deployment-account-lakehouse; then "
    assert waves + "kinesis-account-clickstream, kinesis-account-payments" in out, out
    for wave in ("kinesis-account-clickstream kinesis-account-payments", "deployment-account-analytics"):
        assert f"demo: cdktf destroy {wave}" in out, out
    assert out.index("demo: cdktf destroy kinesis-account-") < out.index("demo: cdktf destroy deployment-account-")
    match = re.search(r"moto server at http://127\.0\.0\.1:(\d+)", out)
    assert match, out
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", int(match[1]))) != 0, "the demo's emulator still listens"
    assert sorted(p.name for p in given.iterdir()) == ["organisation.yaml"]
    assert config.read_bytes() == (ROOT / "config" / "organisation.yaml").read_bytes()
    assert list(scratch.iterdir()) == []


def test_one_pair_service_credential_demo_is_an_organisation_of_one(tmp_path):
    """A one-pair config in service-credential mode (nothing in A's AWS account) runs as an organisation of one
    pair: its chain starts at Databricks' Unity Catalog master role; the emulator is stopped afterwards."""
    for tool in ("terraform", "cdktf"):
        tf.require_tool(tool)
    seen: dict[str, Any] = {}

    def deployed(emu, loaded, folder):
        seen["port"] = int(emu.url.rsplit(":", 1)[1])
        seen["config"] = loaded

    summary = demo.run_demo(
        ROOT / "config" / "service-credential.yaml", tmp_path, say=lambda m: None, hooks={"deployed": deployed}
    )
    cfg = seen["config"]
    pair_line = summary.split("\npairs:\n", 1)[1].splitlines()[0]
    assert pair_line == (
        f"  ok  deployment <- kinesis: {cfg.unity_catalog_role_arn} -> {cfg.kinesis_role_arn} "
        f"(external ID {cfg.kinesis_account.external_id!r}); a record put and read back on testStream"
    )
    assert "waves:   deployment-account, kinesis-account" in summary
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", seen["port"])) != 0, "the demo's emulator still listens"
