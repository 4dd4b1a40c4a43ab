"""The import contract that keeps stacks and constructs to wiring (``.importlinter``: they never import
``kinesis_xacct.config``) holds on the package, and breaks when a stacks or constructs module imports the config:
the real import-linter runs over a copy of the package with one such import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACT = "stacks"
CONTRACT_NAME = "Stacks and constructs only wire: they take sides and settings, never the config"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's check of the ``stacks`` contract over the package copy in ``root``."""
    assert LINT_IMPORTS.is_file(), f"import-linter is not installed in the project's venv: {LINT_IMPORTS}"
    env = {**os.environ, "PYTHONPATH": str(root)}  # the copy, not the checkout, is `kinesis_xacct`
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / ".importlinter"), "--contract", CONTRACT, "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def package_copy(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "kinesis_xacct", root / "kinesis_xacct", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", root / ".importlinter")
    return root


def test_the_contract_holds_on_the_package(tmp_path):
    proc = lint_imports(package_copy(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{CONTRACT_NAME} KEPT" in proc.stdout


@pytest.mark.parametrize(
    ("module", "importer"),
    [
        ("stacks/organisation.py", "kinesis_xacct.stacks.organisation"),
        ("constructs/service_credential.py", "kinesis_xacct.constructs.service_credential"),
    ],
)
def test_the_contract_breaks_when_a_stack_or_construct_imports_the_config(tmp_path, module, importer):
    root = package_copy(tmp_path)
    path = root / "kinesis_xacct" / module
    path.write_text(path.read_text(encoding="utf-8") + "\nimport kinesis_xacct.config  # noqa: E402\n")
    proc = lint_imports(root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{CONTRACT_NAME} BROKEN" in proc.stdout
    assert "is not allowed to import kinesis_xacct.config" in proc.stdout
    assert f"{importer} -> kinesis_xacct.config" in proc.stdout  # the breach, named by module and line
