"""Shared test helpers: config variants, synthesis into a folder, tools that must be present."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
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
