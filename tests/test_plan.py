"""``make plan`` / ``python -m kinesis_xacct.ops.plan`` without a deploy: the exit statuses of a bad config and of
the per-stack results, and the order of the stacks. Plans against real state: tests/test_adopt_emulator.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kinesis_xacct.ops import plan

from .helpers import ROOT, require_tool, tool_env, variant, write_config
from .outputs import assert_config_errors, previous_output, tree_digest


def _bad_config(tmp_path: Path) -> Path:
    return write_config(tmp_path, variant(**{"kinesis_account.account_id": "12345", "adopt_existing": "yes"}))


def test_bad_config_is_exit_1_with_the_config_error_lines_and_nothing_written(tmp_path):
    """A bad config is an error (1), not "changes" (2); its lines are those of make synth; the output folder
    is as it was (the check runs before the synth)."""
    out = tmp_path / "out"
    before = previous_output(out)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kinesis_xacct.ops.plan",
            "--config",
            str(config := _bad_config(tmp_path)),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == plan.EXIT_ERROR == 1, proc.stderr
    assert_config_errors(
        proc.stderr,
        (("kinesis_account.account_id", "12 digits"), ("adopt_existing", "true or false")),
        config=str(config),
    )
    assert tree_digest(out) == before


def test_make_plan_with_a_bad_config_fails_before_synth(tmp_path):
    proc = subprocess.run(
        [
            require_tool("make"),
            "--no-print-directory",
            "-C",
            str(ROOT),
            "plan",
            f"CONFIG={(config := _bad_config(tmp_path))}",
            f"OUT={tmp_path / 'out'}",
        ],
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr  # make's own status for any failed recipe
    assert_config_errors(
        proc.stderr,
        (("kinesis_account.account_id", "12 digits"), ("adopt_existing", "true or false")),
        allow_make_trailer=True,
        config=str(config),
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "results, expected",
    [({"a": 0, "b": 0}, 0), ({"a": 0, "b": 2}, 2), ({"a": 2, "b": 2}, 2), ({"a": 2, "b": 1}, 1), ({"a": 1, "b": 0}, 1)],
)
def test_overall_status_error_over_changes_over_none(results, expected):
    assert plan.overall(results) == expected
