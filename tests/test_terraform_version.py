"""Every stack declares the Terraform version its backend needs (``required_version``), and every Terraform the
project runs (the CI workflows' pinned version, the CLI on PATH) satisfies it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kinesis_xacct.platform.versions import TERRAFORM_CONSTRAINT

from .golden_outputs import GOLDEN_OUTPUTS
from .helpers import ROOT


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def _satisfies(version: str) -> bool:
    (minimum,) = re.fullmatch(r">= (\d+\.\d+\.\d+)", TERRAFORM_CONSTRAINT).groups()  # type: ignore[union-attr]
    return _version(version) >= _version(minimum)


def test_the_constraint_is_the_s3_lockfile_version():
    assert TERRAFORM_CONSTRAINT == ">= 1.10.0"
    assert not _satisfies("1.9.8") and _satisfies("1.10.0") and _satisfies("1.11.4")


def stack_files() -> list[Path]:
    return sorted(p for p in GOLDEN_OUTPUTS.rglob("*.tf"))


def test_every_stack_declares_required_version():
    files = stack_files()
    assert len(files) >= 30
    for path in files:
        found = re.findall(r'^\s*required_version\s*=\s*"([^"]*)"', path.read_text(), re.M)
        assert found == [TERRAFORM_CONSTRAINT], path.relative_to(ROOT)


def test_the_workflows_pin_a_terraform_that_satisfies_it():
    pinned = [
        (path.name, v)
        for path in sorted((ROOT / ".github" / "workflows").glob("*.yml"))
        for v in re.findall(r'terraform_version:\s*"([^"]+)"', path.read_text())
    ]
    assert pinned, "no workflow pins terraform_version"
    assert [(name, v) for name, v in pinned if not _satisfies(v)] == []


def test_the_terraform_on_path_satisfies_it():
    exe = shutil.which("terraform")
    if exe is None:
        pytest.fail("terraform is not on PATH (the README's prerequisite)")
    out = subprocess.run([exe, "version", "-json"], capture_output=True, text=True, check=True, timeout=60).stdout
    version = json.loads(out)["terraform_version"]
    assert _satisfies(version), version
