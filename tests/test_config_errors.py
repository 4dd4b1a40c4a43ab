"""Every broken config of the corpus (tests/bad_configs.py) fails clearly and writes nothing.

Each case runs through both real entry points as subprocesses: ``python -m kinesis_xacct check`` and
``main.py`` (what ``cdktf synth`` runs, with an earlier output folder in CDKTF_OUTDIR). A handful also run
through ``make synth`` and ``make validate``. Each run must end with exit status 2, print one
``config error: <file>:<line>: <dotted.path>: <reason>`` line per expected problem (a problem with the file as a
whole: ``<file>`` at least, or the file named in the reason) and nothing else (no traceback, no jsii text),
and leave the earlier output folder byte for byte as it was, with no temp folder beside it.
No wall-clock limit here (a test decides correctness on a busy machine too): how fast a bad config is
refused is measured in `make bench`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .bad_configs import CASES, Case, mutated
from .helpers import EXAMPLE, ROOT, require_tool, tool_env
from .outputs import assert_config_errors, leftovers, previous_output, tree_digest

# Root ignores file modes (CAP_DAC_OVERRIDE): for the 'unreadable' case the run drops those capabilities,
# so that chmod 000 is honestly unreadable for it, as it is for any normal user.
DROP_DAC = ["--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search", "--"]


def _prefix(case: Case) -> list[str]:
    if case.needs_dropped_dac and os.geteuid() == 0:
        return [require_tool("setpriv"), *DROP_DAC]
    return []


def _run(cmd: list[str], env_extra: dict[str, str] | None = None, cwd: Path = ROOT):
    env = tool_env()
    env.update(env_extra or {})
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    return proc, time.monotonic() - start


def test_corpus_is_large_and_distinct():
    names = [c.name for c in CASES]
    assert len(CASES) >= 40
    assert len(set(names)) == len(names)


def _run_case(case: Case, base: Path) -> dict:
    """Both entry points for one case; returns what the tests assert on."""
    result: dict = {}
    work = base / "check"
    work.mkdir(parents=True)
    result["check_config"] = str(case.make(work))
    result["check"] = _run([*_prefix(case), sys.executable, "-m", "kinesis_xacct", "check", result["check_config"]])
    work = base / "main"
    work.mkdir()
    out = base / "cdktf.out"
    result["before"] = previous_output(out)
    result["main"] = _run(
        [*_prefix(case), sys.executable, str(ROOT / "main.py")],
        {"XACCT_CONFIG": (config := str(case.make(work))), "CDKTF_OUTDIR": str(out)},
    )
    result["main_config"] = config
    result["after"] = tree_digest(out)
    result["leftovers"] = leftovers(out)
    return result


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory) -> dict[str, dict]:
    """Every case through both entry points, as many at a time as there are CPUs (each run is timed alone)."""
    base = tmp_path_factory.mktemp("corpus")
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = {c.name: pool.submit(_run_case, c, base / c.name) for c in CASES}
        runs = {name: f.result() for name, f in futures.items()}
    took = time.monotonic() - start
    print(
        f"\ncorpus: {len(CASES)} configs x 2 entry points in {took:.1f}s; slowest single run "
        f"{max(max(r['check'][1], r['main'][1]) for r in runs.values()):.2f}s"
    )
    return runs


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_entry_point(case: Case, corpus_runs):
    proc, _took = corpus_runs[case.name]["check"]
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert_config_errors(proc.stderr, case.expect, config=corpus_runs[case.name]["check_config"])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_main_py_writes_nothing(case: Case, corpus_runs):
    run = corpus_runs[case.name]
    proc, _took = run["main"]
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert_config_errors(proc.stderr, case.expect, config=run["main_config"])
    assert run["after"] == run["before"]
    assert run["leftovers"] == []


# A representative handful through `make synth` for real: file-level, field, unknown key, cross-field, several.
MAKE_CASES = [
    "binary",
    "alias-bomb",
    "unreadable",
    "account-id-number",
    "unknown-account-key",
    "kms-other-region",
    "many-problems",
]


def _make(target: str, *args: str, prefix: list[str] | None = None):
    # `-o install`: make must not remake the install stamps (in a fresh worktree the checkout is newer than
    # the shared .venv's stamp and make would reinstall); the synth/validate recipes run exactly as written.
    return _run([*(prefix or []), require_tool("make"), "--no-print-directory", "-o", "install", target, *args])


@pytest.mark.parametrize("name", MAKE_CASES)
def test_make_synth_fails_and_writes_nothing(name: str, tmp_path: Path):
    case = next(c for c in CASES if c.name == name)
    work = tmp_path / "case"
    work.mkdir()
    config = case.make(work)
    out = tmp_path / "out"
    before = previous_output(out)
    proc, _took = _make("synth", f"CONFIG={config}", f"OUT={out}", prefix=_prefix(case))
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert_config_errors(proc.stderr, case.expect, allow_make_trailer=True, config=str(config))
    assert "cdktf" not in proc.stderr  # the CLI never started
    assert tree_digest(out) == before
    assert leftovers(out) == []


@pytest.mark.parametrize("streams", [1, 40])
def test_make_validate_prints_a_one_screen_summary(streams: int, tmp_path: Path):
    config = (
        EXAMPLE
        if streams == 1
        else mutated(
            **{"kinesis_account.streams": [{"name": f"stream-{i:02d}", "create": i % 2 == 0} for i in range(streams)]}
        )(tmp_path)
    )
    proc, _took = _make("validate", f"CONFIG={config}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    summary = [line for line in proc.stdout.splitlines() if "python -m kinesis_xacct" not in line]
    assert summary[0] == f"config {config}: valid"
    assert len(summary) <= 24 and max(len(line) for line in summary) <= 120, proc.stdout  # one screen
    text = "\n".join(summary)
    assert "account B 222222222222 (stack kinesis-account)" in text
    assert "account A 111111111111 (stack deployment-account" in text
    first = "testStream" if streams == 1 else "stream-00"
    assert f"arn:aws:kinesis:us-east-1:222222222222:stream/{first}" in text
    if streams == 40:
        assert "  ...        35 more streams (17 created)" in summary


@pytest.mark.parametrize("name", ["empty", "region-typo", "many-problems"])
def test_make_validate_bad_config(name: str, tmp_path: Path):
    case = next(c for c in CASES if c.name == name)
    config = case.make(tmp_path)
    proc, _took = _make("validate", f"CONFIG={config}")
    assert proc.returncode == 2
    assert [line for line in proc.stdout.splitlines() if line.endswith(": valid")] == []
    assert_config_errors(proc.stderr, case.expect, allow_make_trailer=True, config=str(config))


def test_all_problems_reported_in_file_order_independent_of_field_errors(tmp_path: Path):
    """Checks across fields still run when another field is invalid (pydantic alone would skip them)."""
    case = next(c for c in CASES if c.name == "many-problems")
    config = str(case.make(tmp_path))
    proc, _ = _run([sys.executable, "-m", "kinesis_xacct", "check", config])
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 8
    assert_config_errors(proc.stderr, case.expect, config=config)
