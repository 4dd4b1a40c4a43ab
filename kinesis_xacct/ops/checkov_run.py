"""checkov, offline, over a synthesized output: console output plus SARIF and JUnit XML reports (``make checkov``).

checkov lives in its own venv (``.venv-checkov``, pinned by requirements-checkov.txt: its pins conflict with
the project's). It runs without network: no Prisma Cloud mapping or download (``BC_SKIP_MAPPING``,
``--skip-download``), no package update check, and in an empty network namespace (``unshare --net``) so
that any attempt to reach the network fails. The security tests (tests/security_gate.py) run it the same way.

    python -m kinesis_xacct checkov [--out OUT] [REPORTS]    # default: cdktf.out reports

writes ``REPORTS/checkov.sarif`` (SARIF 2.1.0, for code scanning) and ``REPORTS/checkov.junit.xml`` (one
test case per check and resource; a skipped one carries its suppression reason) and prints checkov's own
report. Exit status: checkov's (0: no failed check, 1: failed checks), 2 when the output folder is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kinesis_xacct import paths

ROOT = paths.ROOT
CHECKOV_VENV = ROOT / ".venv-checkov"
CHECKOV = CHECKOV_VENV / "bin" / "checkov"
SARIF, JUNIT = "checkov.sarif", "checkov.junit.xml"
TIMEOUT_S = 1800  # offline, a scan of both stacks takes seconds; a hang must not block CI


def checkov_env() -> dict[str, str]:
    """checkov offline: no Prisma Cloud mapping or download, no update check, no API key of the user's."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BC_", "PRISMA_", "CKV_", "CHECKOV_")) and k not in ("HTTPS_PROXY", "HTTP_PROXY")
    }
    env.update(
        BC_SKIP_MAPPING="TRUE", CKV_SKIP_PACKAGE_UPDATE_CHECK="TRUE", LOG_LEVEL="WARNING", PYTHONWARNINGS="ignore"
    )
    return env


def no_network_prefix() -> list[str]:
    """The command prefix that runs a program in a new, empty network namespace.

    As root ``unshare --net`` does it; an unprivileged user (a CI runner) needs a user namespace too
    (``--map-root-user``), which Ubuntu 24.04 allows once ``kernel.apparmor_restrict_unprivileged_userns``
    is 0 (the CI workflow sets it).
    """
    unshare = shutil.which("unshare")
    if unshare is None:
        raise RuntimeError("unshare (util-linux) is not on PATH: checkov is run without network through it")
    return [unshare, "--net"] if os.geteuid() == 0 else [unshare, "--map-root-user", "--net"]


def checkov_command() -> list[str]:
    if not CHECKOV.exists():
        raise RuntimeError(
            f"{CHECKOV} is missing: run `make install` (checkov lives in its own venv, "
            "pinned by requirements-checkov.txt)"
        )
    return [*no_network_prefix(), str(CHECKOV), "--framework", "terraform", "--skip-download"]


def write_reports(outdir: Path, reports: Path) -> int:
    """Scan ``outdir/stacks``; print checkov's report, write the SARIF and JUnit files into ``reports``."""
    stacks = outdir / "stacks"
    if not stacks.is_dir():
        print(f"checkov: {stacks} does not exist: synthesize first (make synth)", file=sys.stderr)
        return 2
    reports.mkdir(parents=True, exist_ok=True)
    # Written into a fresh folder beside the reports, then moved in: a crashed run leaves no half report.
    with tempfile.TemporaryDirectory(dir=reports, prefix=".checkov-") as tmp:
        sarif, junit = Path(tmp) / SARIF, Path(tmp) / JUNIT
        cmd = [*checkov_command(), "--directory", str(stacks), "--compact"]
        cmd += ["-o", "cli", "-o", "sarif", "-o", "junitxml", "--output-file-path", f"console,{sarif},{junit}"]
        # Run from the project root, so that the SARIF locations are paths relative to it (code scanning).
        cwd = ROOT if stacks.resolve().is_relative_to(ROOT) else outdir
        try:
            proc = subprocess.run(cmd, cwd=cwd, env=checkov_env(), check=False, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            print(f"checkov: did not finish within {TIMEOUT_S} s; stopped it", file=sys.stderr)
            return 3
        if proc.returncode not in (0, 1) or not (sarif.is_file() and junit.is_file()):
            print(f"checkov: exited {proc.returncode} without writing its reports", file=sys.stderr)
            return proc.returncode or 3
        for f in (sarif, junit):
            os.replace(f, reports / f.name)
    print(f"checkov reports: {reports / SARIF}, {reports / JUNIT}")
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    """The earlier entry point ``python -m kinesis_xacct.ops.checkov_run [OUT] [REPORTS]``."""
    from kinesis_xacct.ops.entry import as_subcommand

    args = sys.argv[1:] if argv is None else argv
    return as_subcommand("checkov", [*(["--out", args[0]] if args else []), *args[1:2]])


if __name__ == "__main__":
    raise SystemExit(main())
