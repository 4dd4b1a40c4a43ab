"""`make demo` failure paths (its successful run is the cdktf scenario of test_deploy_emulator.py)."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from kinesis_xacct.sandbox import demo

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
    seen = {}

    def fail(emu, cfg, folder):
        seen["port"] = int(emu.url.rsplit(":", 1)[1])
        seen["alive"] = emu.process.poll() is None
        raise RuntimeError("step failed on purpose")

    with pytest.raises(RuntimeError, match="on purpose"):
        demo.run_demo(ROOT / "config" / "example.yaml", tmp_path, say=lambda m: None, hooks={"prepared": fail})
    assert seen["alive"]
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", seen["port"])) != 0, "the demo's emulator still listens"
