"""The two CDK frameworks the project runs on, as the tooling sees them. Imports no framework.

``FRAMEWORK=cdktf`` (default, the user's choice: CDKTF 0.21, archived upstream) or ``FRAMEWORK=cdktn``
(CDK Terrain, the maintained fork). Each has its own virtual environment, pinned requirements and npm folder
for its CLI; the Python side of the difference (imports, HCL-writer workarounds, provider loading) is in
``kinesis_xacct.cdk.framework``. The Makefile exports the choice as ``XACCT_FRAMEWORK``; without it, the framework is
the one installed in the running interpreter (each venv holds exactly one).
"""

from __future__ import annotations

import importlib.util
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from kinesis_xacct import paths

ROOT = paths.ROOT
ENV = "XACCT_FRAMEWORK"
DEFAULT = "cdktf"


@dataclass(frozen=True)
class Framework:
    name: str  # FRAMEWORK=<name>; also the CLI's command
    package: str  # the framework's Python package (cdk.py imports it)
    venv: Path  # its virtual environment
    node_dir: Path  # folder whose node_modules/.bin holds its CLI
    requirements: Path  # pinned, complete dependency set of ``venv``

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def bin_dirs(self) -> list[Path]:
        """PATH entries, first to last: the venv (python, node, terraform helpers), then the CLI."""
        return [self.venv / "bin", self.node_dir / "node_modules" / ".bin"]

    @property
    def cli(self) -> Path:
        return self.node_dir / "node_modules" / ".bin" / self.name

    def app_command(self, main: Path | None = None) -> str:
        """The ``app`` of cdktf.json for this framework: its venv's interpreter running ``main.py``.

        Both CLIs read cdktf.json; its own ``app`` names ``.venv`` (cdktf). The cdktn runs pass this with
        ``--app`` (synth_cli) or write it into a throw-away project's cdktf.json (sandbox.make_project).
        """
        return f"{shlex.quote(str(self.python))} {shlex.quote(str(main or ROOT / 'main.py'))}"


FRAMEWORKS = {
    "cdktf": Framework("cdktf", "cdktf", ROOT / ".venv", ROOT, ROOT / "requirements.txt"),
    "cdktn": Framework(
        "cdktn", "cdktn", ROOT / ".venv-cdktn", ROOT / "frameworks" / "cdktn", ROOT / "requirements-cdktn.txt"
    ),
}


def by_name(name: str) -> Framework:
    try:
        return FRAMEWORKS[name]
    except KeyError:
        raise ValueError(f"{ENV}={name!r}: not one of {', '.join(FRAMEWORKS)}") from None


def current() -> Framework:
    """``XACCT_FRAMEWORK`` if set, else the framework installed in this interpreter (cdktf if both or none)."""
    name = os.environ.get(ENV)
    if name:
        return by_name(name)
    installed = [fw for fw in FRAMEWORKS.values() if importlib.util.find_spec(fw.package) is not None]
    return installed[0] if len(installed) == 1 else FRAMEWORKS[DEFAULT]
