"""Helpers for "nothing written on failure": a digest of a whole folder tree, and leftover temp folders."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

# One stderr line of a bad config, exactly (an optional place ``file:line: ``, then a path without ':'; a reason).
ERROR_LINE = re.compile(r"^config error: ([^:]+(:\d+)?: )?[^:]+: .+")
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


def config_error_parts(line: str, config: str | None = None) -> tuple[str, str, str]:
    """A ``config error:`` line as (place, path, reason): the place is ``<config>:<line>``, ``<config>`` or ""
    (the file as the command was given it, which ``config`` names; without it, no place is expected)."""
    rest = line.removeprefix("config error: ")
    place = ""
    if config is not None:
        found = re.match(re.escape(config) + r"(:\d+)?: ", rest)
        if found:
            place, rest = found.group(0)[:-2], rest[found.end() :]
    path, reason = rest.split(": ", 1)
    return place, path, reason


def assert_config_errors(
    stderr: str,
    expect: tuple[tuple[str, str], ...],
    *,
    allow_make_trailer: bool = False,
    config: str | None = None,
) -> None:
    """stderr is exactly one ``config error:`` line per expected (path, reason fragment), and nothing else.
    With ``config`` (the file the command read), every problem in the file's content names it with a line
    (``<config>:<n>: <path>: <reason>``); a problem with the file as a whole (path ``config``) names at least the
    file, or the file's name is in the reason (it does not exist, is not a file, cannot be read)."""
    assert "Traceback" not in stderr, stderr
    assert "jsii" not in stderr.lower(), stderr
    lines = stderr.splitlines()
    if allow_make_trailer:
        assert lines and MAKE_TRAILER.match(lines[-1]), stderr
        lines = lines[:-1]
    bad = [line for line in lines if not ERROR_LINE.match(line)]
    assert not bad, f"lines not in the format 'config error: <path>: <reason>':\n{stderr}"
    problems = [config_error_parts(line, config) for line in lines]
    if config is not None:
        for place, path, reason in problems:
            if path != "config":
                assert re.fullmatch(re.escape(config) + r":[1-9]\d*", place), f"no file:line in:\n{stderr}"
            else:
                assert place or repr(config) in reason, f"the file is not named in:\n{stderr}"
    for path, fragment in expect:
        assert any(p == path and fragment in r for _, p, r in problems), (
            f"expected 'config error: {path}: ...{fragment}...' in:\n{stderr}"
        )
    assert len(lines) == len(expect), f"expected {len(expect)} error line(s), got {len(lines)}:\n{stderr}"


def line_of(path: Path | str, pattern: str, after: str | None = None) -> int:
    """The 1-based number of the first line of the file ``path`` that matches the regular expression ``pattern``
    (below the first line matching ``after``, if given): where a test expects a config error to point, found by
    reading the text, independently of the YAML reader."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if re.search(after, line)) + 1
    return next(i + 1 for i, line in enumerate(lines) if i >= start and re.search(pattern, line))
