"""Running real Terraform (and the cdktf CLI) from tests, with the project's CLI config."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from kinesis_xacct.sandbox.emulator import make_project  # noqa: F401  (shared with make demo)

from .helpers import require_tool as require_tool  # the tests call tf.require_tool
from .helpers import tool_env


def run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command with the tool environment (+ ``env``); on failure raise with its output."""
    full_env = tool_env()
    full_env.update(env or {})
    proc = subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} (in {cwd}) exited {proc.returncode}\n"
            f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
        )
    return proc


def terraform(
    args: list[str], stack_dir: Path, env: dict[str, str] | None = None, **kw: Any
) -> subprocess.CompletedProcess[str]:
    return run(
        [require_tool("terraform"), *args, "-no-color"] if args[0] != "fmt" else [require_tool("terraform"), *args],
        stack_dir,
        env,
        **kw,
    )


def init(stack_dir: Path, env: dict[str, str] | None = None, backend: bool = True) -> subprocess.CompletedProcess[str]:
    args = ["init", "-input=false"] + ([] if backend else ["-backend=false"])
    return terraform(args, stack_dir, env)
