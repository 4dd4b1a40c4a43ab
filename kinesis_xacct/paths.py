"""Where things are, in one place: the repository root and its folders, the defaults a command uses when it is
given no config or output folder, and the names of the stacks (also their folders under ``<out>/stacks`` and
their local state files). Imports nothing of the project.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "templates"
LOCKS_DIR = ROOT / "locks"
MAIN = ROOT / "main.py"

DEFAULT_CONFIG = "config/example.yaml"  # relative to where a command runs, as a user types it
DEFAULT_OUTDIR = "cdktf.out"
# The output folder as the user named it (make synth/deploy set it): what RUNBOOK.md and atlantis.yaml print,
# not the temporary folder the CLI writes into.
OUT_NAME_ENV = "XACCT_OUT"

KINESIS_STACK = "kinesis-account"  # account B: the streams and the role the workspace assumes
DEPLOYMENT_STACK = "deployment-account"  # account A: the workspace's side
STACKS = (DEPLOYMENT_STACK, KINESIS_STACK)  # in deployment order (B's trust names A's role)
