"""Running real Terraform (and the cdktf CLI) from tests, with the project's CLI config."""
from __future__ import annotations

import subprocess
from pathlib import Path

from .helpers import ROOT, require_tool, tool_env


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600,
        check: bool = True) -> subprocess.CompletedProcess:
    """Run a command with the tool environment (+ ``env``); on failure raise with its output."""
    full_env = tool_env()
    full_env.update(env or {})
    proc = subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} (in {cwd}) exited {proc.returncode}\n"
                             f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}")
    return proc


def terraform(args: list[str], stack_dir: Path, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    return run([require_tool("terraform"), *args, "-no-color"] if args[0] != "fmt" else
               [require_tool("terraform"), *args], stack_dir, env, **kw)


def init(stack_dir: Path, env: dict[str, str] | None = None, backend: bool = True) -> subprocess.CompletedProcess:
    args = ["init", "-input=false"] + ([] if backend else ["-backend=false"])
    return terraform(args, stack_dir, env)


def make_project(tmp: Path) -> Path:
    """A throw-away project folder for the cdktf CLI: cdktf.json whose app runs this repo's main.py.

    State files (relative paths in the HCL) then land in ``tmp``, never in the repository.
    """
    import json

    cfg = json.loads((ROOT / "cdktf.json").read_text())
    cfg["app"] = f"{ROOT / '.venv' / 'bin' / 'python'} {ROOT / 'main.py'}"
    (tmp / "cdktf.json").write_text(json.dumps(cfg, indent=2))
    return tmp
