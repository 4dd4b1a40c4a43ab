"""Helpers for "nothing written on failure": a digest of a whole folder tree, and leftover temp folders."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

# One stderr line of a bad config, exactly (the path has no ':'; a reason follows).
ERROR_LINE = re.compile(r"^config error: [^:]+: .+")
# GNU make's own last line when a recipe fails (make exits 2 then, whatever the recipe's status).
# make's own last line; "make[1]:" when make runs below another make (as under `make test`).
MAKE_TRAILER = re.compile(r"^make(\[\d+\])?: \*\*\* \[Makefile:\d+: \w+\] Error \d+$")


def tree_digest(root: Path) -> dict[str, tuple[str, str]]:
    """relative path -> (kind and mode, sha256 of the content or link target) for every entry under root."""
    out: dict[str, tuple[str, str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames) + sorted(filenames):
            path = Path(dirpath) / name
            st = path.lstat()
            rel = str(path.relative_to(root))
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = (f"dir {stat.S_IMODE(st.st_mode):o}", "")
            else:
                out[rel] = (f"file {stat.S_IMODE(st.st_mode):o}", hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def leftovers(outdir: Path) -> list[str]:
    """Hidden temp folders a synthesis leaves next to ``outdir`` (.<name>.new-*, .<name>.cli-*, .<name>.old-*).
    The output folder's lock file (.<name>.kinesis-xacct.lock, kept: removing a lock file is a race) is not one."""
    return sorted(
        p.name
        for p in outdir.parent.iterdir()
        if p.name.startswith(f".{outdir.name}.") and not p.name.endswith(".kinesis-xacct.lock")
    )


def previous_output(outdir: Path) -> dict[str, tuple[str, str]]:
    """A stand-in earlier output folder (for runs that must fail before synthesis); returns its digest."""
    (outdir / "stacks" / "kinesis-account").mkdir(parents=True)
    (outdir / "stacks" / "deployment-account").mkdir(parents=True)
    (outdir / "manifest.json").write_text('{"version": "earlier", "stacks": {}}\n')
    (outdir / "stacks" / "kinesis-account" / "cdk.tf").write_text("# earlier output\nterraform {}\n")
    (outdir / "stacks" / "deployment-account" / "cdk.tf").write_text("# earlier output\nterraform {}\n")
    (outdir / "RUNBOOK.md").write_text("# earlier runbook\n")
    return tree_digest(outdir)


def assert_config_errors(stderr: str, expect: tuple[tuple[str, str], ...], *, allow_make_trailer: bool = False) -> None:
    """stderr is exactly one ``config error:`` line per expected (path, reason fragment), and nothing else."""
    assert "Traceback" not in stderr, stderr
    assert "jsii" not in stderr.lower(), stderr
    lines = stderr.splitlines()
    if allow_make_trailer:
        assert lines and MAKE_TRAILER.match(lines[-1]), stderr
        lines = lines[:-1]
    bad = [line for line in lines if not ERROR_LINE.match(line)]
    assert not bad, f"lines not in the format 'config error: <path>: <reason>':\n{stderr}"
    problems = [line.removeprefix("config error: ").split(": ", 1) for line in lines]
    for path, fragment in expect:
        assert any(p == path and fragment in r for p, r in problems), (
            f"expected 'config error: {path}: ...{fragment}...' in:\n{stderr}"
        )
    assert len(lines) == len(expect), f"expected {len(expect)} error line(s), got {len(lines)}:\n{stderr}"
