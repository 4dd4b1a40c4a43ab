"""Shared test helpers: config variants, synthesis into a folder, tools that must be present, a RUNBOOK's
sections and tables."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kinesis_xacct.cdk.frameworks import tool_env
from kinesis_xacct.sandbox.emulator import free_port, wait_for_port  # noqa: F401  (shared with make demo)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config" / "example.yaml"
SEED = ROOT / "config" / "seed.yaml"
SERVICE_CREDENTIAL = ROOT / "config" / "service-credential.yaml"
VENV_BIN = ROOT / ".venv" / "bin"


def load_yaml(path: Path = EXAMPLE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def variant(base: Path = EXAMPLE, **changes: Any) -> dict[str, Any]:
    """The example config with dotted-path changes, e.g. variant(**{"kinesis_account.access": "read-efo"})."""
    data = copy.deepcopy(load_yaml(base))
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split(".")
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return data


def write_config(tmp: Path, data: dict[str, Any], name: str = "config.yaml") -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def require_tool(name: str) -> str:
    """Path of a tool the tests need; fails (never skips) with the reason when it is missing."""
    path = shutil.which(name, path=tool_env()["PATH"])
    if path is None:
        raise AssertionError(
            f"{name} is not on PATH: these tests need it (run `make install`; "
            f"Terraform must be installed on the machine)"
        )
    return path


def synth_main(
    config: Path, outdir: Path, *, extra_env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """Run ``python main.py`` as cdktf does, in a subprocess (the jsii runtime is per process)."""
    env = tool_env()
    env.update({"XACCT_CONFIG": str(config), "CDKTF_OUTDIR": str(outdir)})
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py")], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def stack_hcl(outdir: Path, stack: str) -> str:
    return (outdir / "stacks" / stack / "cdk.tf").read_text()


def manifest(outdir: Path) -> dict:
    return json.loads((outdir / "manifest.json").read_text())


# ------------------------------------------------------------------------------------------ Markdown


@dataclass(frozen=True)
class Table:
    """A Markdown table: its header cells and its rows, each a tuple of cells (outer pipes and spaces stripped)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [row[i] for row in self.rows]


@dataclass(frozen=True)
class Section:
    """One ``## `` section: its title, its text (``###`` subsections included) and its tables."""

    title: str
    text: str
    tables: tuple[Table, ...]


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip()[1:-1].split("|"))


def _tables(lines: list[str]) -> tuple[Table, ...]:
    """The tables among lines outside code fences: a header row, a ``|---|`` separator, then rows."""
    tables, i = [], 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[i + 1]):
            header, rows, i = _cells(lines[i]), [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            assert [r for r in rows if len(r) != len(header)] == [], f"rows of another width than {header}"
            tables.append(Table(header, tuple(rows)))
        else:
            i += 1
    return tuple(tables)


def markdown_sections(text: str) -> dict[str, Section]:
    """The ``## `` sections of a Markdown document (a RUNBOOK) by title, in order, each with its parsed tables.
    Headings and table rows inside fenced code blocks are not structure and are ignored; the text before the
    first ``## `` is the section titled ""."""
    sections: dict[str, list[str]] = {"": []}
    outside: dict[str, list[str]] = {"": []}
    title, fenced = "", False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            title = line[3:].strip()
            assert title not in sections, f"two sections titled {title!r}"
            sections[title], outside[title] = [], []
            continue
        sections[title].append(line)
        if not fenced and not line.lstrip().startswith("```"):
            outside[title].append(line)
    return {t: Section(t, "\n".join(lines).strip("\n"), _tables(outside[t])) for t, lines in sections.items()}
