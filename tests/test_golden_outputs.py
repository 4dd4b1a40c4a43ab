"""The golden outputs (tests/golden_outputs.py): every shipped config and every test config synthesized now
gives exactly the committed files. A change of the pipeline that changes an output must be deliberate: rerun
with ``UPDATE_GOLDEN=1`` and review the diff of ``tests/golden/outputs`` (every difference is one you meant).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinesis_xacct.cdk.toolchain import tool_env

from .golden_outputs import GOLDEN_OUTPUTS, config_text, shipped_configs, variant_configs
from .helpers import ROOT


def files_under(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("golden")
    env = tool_env()
    env.pop("XACCT_CONFIG", None)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        env["UPDATE_GOLDEN"] = "1"
    run = subprocess.run(
        [sys.executable, "-m", "tests.golden_outputs", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for gone in sorted({p.name for p in GOLDEN_OUTPUTS.iterdir()} - {p.name for p in dest.iterdir()}):
            shutil.rmtree(GOLDEN_OUTPUTS / gone)
        for case in sorted(p.name for p in dest.iterdir()):
            target = GOLDEN_OUTPUTS / case
            kept = target / "config.yaml"
            config = kept.read_text() if kept.is_file() else None
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(dest / case, target)
            if config is not None:
                kept.write_text(config)
    return dest


def test_every_config_has_a_golden_folder(fresh):
    """The cases are every shipped config and every test config, and nothing else is committed."""
    expected = set(shipped_configs()) | set(variant_configs())
    assert {p.name for p in fresh.iterdir()} == expected
    assert {p.name for p in GOLDEN_OUTPUTS.iterdir()} == expected


def test_the_committed_variant_configs_are_the_test_configs():
    """A test config that changed must be regenerated with its outputs (they were made from the committed one)."""
    stale = [
        name
        for name, data in variant_configs().items()
        if (GOLDEN_OUTPUTS / name / "config.yaml").read_text() != config_text(data)
    ]
    assert stale == []


@pytest.mark.parametrize("case", sorted(set(shipped_configs()) | set(variant_configs())))
def test_outputs_are_the_golden_ones(fresh, case):
    golden = {k: v for k, v in files_under(GOLDEN_OUTPUTS / case).items() if k != "config.yaml"}
    actual = files_under(fresh / case)
    assert sorted(actual) == sorted(golden), f"{case}: other files than the golden ones"
    differing = [name for name in sorted(actual) if actual[name] != golden[name]]
    assert differing == [], f"{case}: differs from tests/golden/outputs/{case} (UPDATE_GOLDEN=1 after review)"
