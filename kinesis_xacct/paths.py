"""Where things are, in one place: the repository root and its folders, the defaults a command uses when it is
given no config or output folder, and the names of the stacks (also their folders under ``<out>/stacks`` and
their local state files), and where a config's local state lives. Imports nothing of the project.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "templates"
LOCKS_DIR = ROOT / "locks"

DEFAULT_CONFIG = "config/example.yaml"  # relative to where a command runs, as a user types it
DEFAULT_OUTDIR = "cdktf.out"
# The output folder as the user named it (make synth/deploy set it): what RUNBOOK.md and atlantis.yaml print,
# not the temporary folder the CLI writes into.
OUT_NAME_ENV = "XACCT_OUT"

KINESIS_STACK = "kinesis-account"  # account B: the streams and the role the workspace assumes
DEPLOYMENT_STACK = "deployment-account"  # account A: the workspace's side
STACKS = (DEPLOYMENT_STACK, KINESIS_STACK)  # in deployment order (B's trust names A's role)
# The organisation form's stacks: kinesis-account-<source>, deployment-account-<consumer>.
SOURCE_STACK_PREFIX = "kinesis-account-"
CONSUMER_STACK_PREFIX = "deployment-account-"


@dataclass(frozen=True)
class StackNaming:
    """How an organisation names its stacks and what they are called inside. ``one_pair``: a one-pair config
    (an organisation of one), whose stacks keep the names, construct IDs and outputs of the one-pair form
    (``kinesis-account``, ``deployment-account``); otherwise ``kinesis-account-<source>`` and
    ``deployment-account-<consumer>``."""

    one_pair: bool = False

    def source_stack(self, source: str) -> str:
        return KINESIS_STACK if self.one_pair else SOURCE_STACK_PREFIX + source

    def consumer_stack(self, consumer: str) -> str:
        return DEPLOYMENT_STACK if self.one_pair else CONSUMER_STACK_PREFIX + consumer

    def role_id(self, consumer: str) -> str:
        """The construct ID of a pair's role in the source stack."""
        return "cross-account-role" if self.one_pair else f"role-{consumer}"

    def credential_id(self, source: str) -> str:
        """The construct ID of a pair's service credential in the consumer stack."""
        return "service-credential" if self.one_pair else f"service-credential-{source}"


# Local state (backend.type local) belongs to the config, not to the output folder: it lives beside the config
# file, in <config's folder>/.kinesis-xacct-state/<config's file name>/terraform.<stack>.tfstate, so the same
# config finds its state from any output folder and no two configs share a state file (docs/remote-state.md).
STATE_FOLDER = ".kinesis-xacct-state"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
# What Terraform's HCL string would read otherwise (interpolation, escapes, quotes) or a path cannot hold well.
_UNSAFE_IN_HCL = re.compile(r'[$%"`\\\x00-\x1f\x7f]')


class StatePathError(ValueError):
    """The config's state folder cannot be written into the generated HCL (the message says why)."""


def state_dir(config: str | os.PathLike[str]) -> Path:
    """The folder of the config's local state files (absolute; symbolic links of the config resolved)."""
    resolved = Path(config).resolve()
    name = resolved.name
    if not _SAFE_NAME.fullmatch(name):
        digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
        name = (re.sub(r"[^A-Za-z0-9._+-]", "_", name).lstrip("._-")[:60] or "config") + f"-{digest}"
    return resolved.parent / STATE_FOLDER / name


def state_file(config: str | os.PathLike[str], stack: str) -> Path:
    """The config's local state file of ``stack``."""
    return state_dir(config) / f"terraform.{stack}.tfstate"


def state_dir_from_stack(config: str | os.PathLike[str], outdir: str | os.PathLike[str]) -> str:
    """The config's state folder relative to a stack folder ``<outdir>/stacks/<stack>`` (what the backend's
    ``path`` names: relative, so the HCL holds no absolute path unless the two are in unrelated trees)."""
    stack_dir = Path(outdir).resolve() / "stacks" / "stack"
    rel = os.path.relpath(state_dir(config), stack_dir).replace(os.sep, "/")
    if _UNSAFE_IN_HCL.search(rel):
        raise StatePathError(
            f"the state folder {state_dir(config)} (beside the config) has a character the HCL cannot hold "
            "($, %, a quote, a backquote, a backslash or a control character) on the way from the output folder; "
            "move the config or the output folder"
        )
    return rel


def earlier_state_file(outdir: str | os.PathLike[str], stack: str) -> Path:
    """Where earlier versions kept local state: beside the output folder (shared by every config using it)."""
    return Path(outdir).resolve().parent / f"terraform.{stack}.tfstate"


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` as a command run from the current folder names it: relative when inside it, else as given."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def shown_state_dir(config: str | os.PathLike[str]) -> str:
    return shown(state_dir(config))
