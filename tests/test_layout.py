"""The layout the docs describe is the layout there is, and the import rules hold and bite.

docs/layout.md names every module of the package (a module added without a line there fails here); the
import contracts of .importlinter are kept (``make lint`` runs them too); and each contract really fails on a
breach: a copy of the package with one forbidden import added is reported BROKEN by import-linter.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT

PACKAGE = ROOT / "kinesis_xacct"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _modules() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _layout_tree() -> str:
    text = (ROOT / "docs" / "layout.md").read_text()
    return text[text.index("```") : text.index("```", text.index("```") + 3)]


def test_layout_doc_names_every_module():
    """Each module appears in the tree of docs/layout.md under its package (``__init__.py`` files only where they
    hold code other than a docstring)."""
    tree = _layout_tree()
    listed: set[str] = set()
    package = ""
    for line in tree.splitlines()[1:]:
        m = re.match(r"^  (\s*)(\S+)", line)
        if not m:
            continue
        indent, name = len(m.group(1)), m.group(2)
        if indent == 0 and name.endswith("/"):
            package = name
        elif indent == 0:
            listed.add(name)
            package = ""
        elif indent == 2 and name.endswith(".py"):
            listed.add(package + name)
    missing = [m for m in _modules() if m not in listed and not (m.endswith("__init__.py") and _docstring_only(m))]
    assert missing == []
    assert sorted(m for m in listed if not (PACKAGE / m).is_file()) == []  # nothing listed that is gone


def _docstring_only(module: str) -> bool:
    import ast

    body = ast.parse((PACKAGE / module).read_text()).body
    return all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body)


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.is_file(), f"{LINT_IMPORTS} missing: make install installs import-linter"
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / ".importlinter"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(root), "HOME": str(root)},
    )


def test_import_contracts_are_kept():
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"Contracts: (\d+) kept, 0 broken", proc.stdout), proc.stdout


BREACHES = {
    "layers": ("kinesis_xacct/config/messages.py", "from kinesis_xacct.render import summary"),
    "framework": ("kinesis_xacct/render/diagram.py", "import cdktf"),
    "config": ("kinesis_xacct/config/rules.py", "from kinesis_xacct.iam import policies"),
    "constructs": ("kinesis_xacct/constructs/kinesis_access.py", "from kinesis_xacct.config import model"),
}


@pytest.mark.parametrize("contract", sorted(BREACHES))
def test_each_contract_fails_on_a_breach(contract: str, tmp_path: Path):
    """One forbidden import added to a copy of the package: import-linter reports the contract BROKEN."""
    shutil.copytree(PACKAGE, tmp_path / "kinesis_xacct", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    module, line = BREACHES[contract]
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}  # breach added by the test\n")
    proc = _lint_imports(tmp_path)
    assert proc.returncode != 0, proc.stdout
    header = re.search(rf"\[importlinter:contract:{contract}\]\nname = (.+)", (ROOT / ".importlinter").read_text())
    assert header, contract
    broken = [n for n in re.findall(r"^(.+?) BROKEN$", proc.stdout, re.M)]
    assert any(header.group(1).startswith(b.strip()) or b.strip() in header.group(1) for b in broken), proc.stdout


MAX_FUNCTION_LINES = 60  # docs/layout.md: a function longer than this is split (rules, steps, helpers)


def _long_functions(source: str, name: str) -> list[str]:
    """``name:line function (n lines)`` for each function or method of ``source`` (nested ones too) longer than
    MAX_FUNCTION_LINES, from its ``def`` line to its last line."""
    import ast

    return [
        f"{name}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_function_in_the_package_is_longer_than_60_lines():
    offenders = [
        long
        for module in _modules()
        for long in _long_functions((PACKAGE / module).read_text(), f"kinesis_xacct/{module}")
    ]
    assert offenders == []


def test_the_length_check_counts_from_def_to_last_line():
    """60 lines pass, 61 lines (a method, nested in a class) are named with their length."""
    body = "".join(f"    x{i} = {i}\n" for i in range(59))
    sixty = f"def ok():\n{body}"
    sixty_one = "class C:\n    def long(self):\n" + "".join(f"        x{i} = {i}\n" for i in range(60))
    assert _long_functions(sixty, "a.py") == []
    assert _long_functions(sixty_one, "b.py") == ["b.py:2 long (61 lines)"]
