"""Issue 5, point 3: a failed run leaves an earlier output folder exactly as it was, also when the failure
comes late (after the config was valid): in the app (main.py) and through the cdktf CLI (`make synth`).

Late failures are injected with tests/inject/sitecustomize.py (see there); the output folder is compared
as a digest of every path, mode and content (tests/outputs.tree_digest).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .helpers import EXAMPLE, ROOT, require_tool, synth_main, tool_env
from .outputs import leftovers, previous_output, tree_digest

INJECT = str(ROOT / "tests" / "inject")


def _make_synth(config: Path, out: Path, extra_env: dict[str, str] | None = None):
    env = tool_env()
    env.update(extra_env or {})
    start = time.monotonic()
    # `-o install`: see tests/test_config_errors.py (_make).
    proc = subprocess.run(
        [require_tool("make"), "--no-print-directory", "-o", "install", "synth", f"CONFIG={config}", f"OUT={out}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc, time.monotonic() - start


@pytest.fixture(scope="module")
def earlier(tmp_path_factory):
    """A real output from `make synth`, made over a stand-in earlier folder that has an extra stack folder.

    That extra folder is what makes a plain `cdktf synth --output OUT` exit 1 after the app replaced OUT
    (the CLI then deletes the "orphaned" stack folder it listed before, which no longer exists).
    """
    require_tool("cdktf")
    base = tmp_path_factory.mktemp("earlier")
    out = base / "cdktf.out"
    previous_output(out)
    (out / "stacks" / "orphan").mkdir()
    (out / "stacks" / "orphan" / "cdk.tf").write_text("# a stack the new synthesis does not have\n")
    proc, took = _make_synth(Path("config/example.yaml"), out)  # relative, as a user types it
    print(f"\nmake synth (good config): {took:.1f}s")
    return {"out": out, "proc": proc, "took": took, "digest": tree_digest(out)}


def test_make_synth_replaces_the_whole_output(earlier):
    proc, out = earlier["proc"], earlier["out"]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(manifest["stacks"]) == ["deployment-account", "kinesis-account"]
    assert sorted(p.name for p in (out / "stacks").iterdir()) == ["deployment-account", "kinesis-account"]
    for stack in manifest["stacks"].values():
        assert 'resource "aws_iam_role"' in (out / stack["synthesizedStackPath"]).read_text()
    runbook = (out / "RUNBOOK.md").read_text()
    assert "Generated from `config/example.yaml`" in runbook  # the config as given: no machine path
    # OUT as given (the commands it prints must work as printed), and no other path of this machine.
    assert f"OUT={out}" in runbook
    rest = runbook.replace(str(out), "<OUT>")
    assert str(ROOT) not in rest and str(out.parent) not in rest
    assert leftovers(out) == []


def _copy(earlier, tmp_path: Path) -> Path:
    out = tmp_path / "cdktf.out"
    shutil.copytree(earlier["out"], out, symlinks=True)
    assert tree_digest(out) == earlier["digest"]
    return out


def test_late_failure_in_main_py_writes_nothing(earlier, tmp_path):
    """A construct-level validation fails inside app.synth() (a jsii error): one line, exit 1, nothing written."""
    out = _copy(earlier, tmp_path)
    proc = synth_main(EXAMPLE, out, extra_env={"PYTHONPATH": INJECT, "XACCT_TEST_INJECT": "validation"})
    assert proc.returncode == 1, proc.stderr[-3000:]
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr[-3000:]
    assert lines[0].startswith("synth error: ") and "injected construct-level validation error" in lines[0]
    assert "Traceback" not in proc.stderr and "    at " not in proc.stderr  # no Python or JavaScript stack
    assert tree_digest(out) == earlier["digest"]
    assert leftovers(out) == []


def test_late_failure_through_make_synth_and_the_cli_writes_nothing(earlier, tmp_path):
    """Writing RUNBOOK.md fails after CDKTF wrote both stacks into the temp folder; the CLI reports the failure."""
    out = _copy(earlier, tmp_path)
    proc, took = _make_synth(EXAMPLE, out, {"PYTHONPATH": INJECT, "XACCT_TEST_INJECT": "runbook"})
    print(f"\nmake synth (late failure): {took:.1f}s")
    assert proc.returncode == 2, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "synth error: OSError: [Errno 28] injected late failure" in proc.stderr  # the app's line, via the CLI
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-2].startswith("synth error: cdktf synth exited 1 (nothing written")
    assert tree_digest(out) == earlier["digest"]
    assert leftovers(out) == []


def test_debug_env_shows_the_traceback_and_still_writes_nothing(earlier, tmp_path):
    """KINESIS_XACCT_DEBUG=1 shows the full traceback of a late failure (for developers); still nothing written."""
    out = _copy(earlier, tmp_path)
    proc = synth_main(
        EXAMPLE, out, extra_env={"PYTHONPATH": INJECT, "XACCT_TEST_INJECT": "runbook", "KINESIS_XACCT_DEBUG": "1"}
    )
    assert proc.returncode == 1
    assert "Traceback" in proc.stderr and "injected late failure" in proc.stderr
    assert tree_digest(out) == earlier["digest"]
    assert leftovers(out) == []


def test_output_path_that_is_a_file_is_not_replaced(tmp_path):
    """main.py and make synth refuse to replace a file at the output path (exit 2 at once, as every output path that
    is not this tool's: tests/test_own_places.py; file unchanged)."""
    out = tmp_path / "cdktf.out"
    out.write_bytes(b"not an output folder\n")
    proc = synth_main(EXAMPLE, out)
    assert proc.returncode == 2 and proc.stderr == (
        f"output error: {out}: exists and is not a folder; not replacing it (nothing written or deleted)\n"
    )
    proc, _took = _make_synth(EXAMPLE, out)
    assert proc.returncode == 2 and "exists and is not a folder; not replacing it" in proc.stderr
    assert out.read_bytes() == b"not an output folder\n"
    assert leftovers(out) == []
