"""The Makefile as a newcomer meets it: `make help` lists every target (it is generated from the Makefile), a
target run before `make install` names the fix, and `make clean` removes only an output folder this tool wrote."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .helpers import ROOT

MAKEFILE = ROOT / "Makefile"


def _make(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    make = shutil.which("make")
    assert make, "make is not on PATH"
    return subprocess.run([make, "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def targets() -> list[str]:
    """Every target a rule of the Makefile names (not file targets such as $(VENV)/.installed)."""
    names: list[str] = []
    for line in MAKEFILE.read_text().splitlines():
        m = re.match(r"^([a-zA-Z][a-zA-Z0-9 _-]*):(?!=)", line)
        if m:
            names += [n for n in m[1].split() if n not in names]
    return names


def test_help_lists_every_target():
    proc = _make("help")
    assert proc.returncode == 0, proc.stderr
    listed = re.findall(r"^  make (\S+)", proc.stdout, re.M)
    assert len(targets()) >= 20
    assert sorted(listed) == sorted(targets())
    phony = re.search(r"^\.PHONY: (.*)$", MAKEFILE.read_text(), re.M)
    assert phony and sorted(phony[1].split()) == sorted(targets())


@pytest.mark.parametrize(
    ("args", "fix"),
    [
        (("validate",), "run make install"),
        (("plan",), "run make install"),
        (("deploy",), "run make install"),
        (("lint",), "run make install"),
        (("validate", "FRAMEWORK=cdktn"), "run make install FRAMEWORK=cdktn"),
    ],
)
def test_a_target_before_make_install_names_the_fix(tmp_path, args, fix):
    """A clone without its environments: one line naming the fix, exit 2, no shell error."""
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    proc = _make(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc
    (line,) = [ln for ln in proc.stderr.splitlines() if not ln.startswith("make")]
    assert line.startswith("kinesis-xacct is not installed in this folder") and line.endswith(fix), line
    assert "No such file" not in proc.stderr


def test_clean_keeps_a_folder_it_did_not_write(tmp_path):
    project = tmp_path / "project"  # a copy of the Makefile: clean also removes the caches of its folder
    project.mkdir()
    shutil.copy(MAKEFILE, project / "Makefile")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep me")
    proc = _make("clean", f"OUT={theirs}", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (theirs / "notes.txt").read_text() == "keep me"
    assert "kept: not an output folder this tool wrote" in proc.stdout
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / ".kinesis-xacct-output").write_text("kinesis-xacct output folder, format 1\n")
    assert _make("clean", f"OUT={ours}", cwd=project).returncode == 0
    assert not ours.exists()
