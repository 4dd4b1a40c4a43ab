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
    package: str  # the framework's Python package (cdk/framework.py imports it)
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


# Set by the Makefile for every target, and by tool_env() for what runs outside make (tests, bench, plan, demo):
# no telemetry or version checks, no Node deprecation or old-Node warnings, the project's Terraform CLI config.
QUIET = {
    "CHECKPOINT_DISABLE": "1",
    "CDKTF_DISABLE_PLUGIN_CACHE_ENV": "1",
    "DISABLE_VERSION_CHECK": "1",
    "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    "NODE_OPTIONS": "--no-deprecation --max-old-space-size=4096",  # with its memory setting the CLI does not warn
}
# Never passed on: a make started from a tool is a top-level make (also under `make test`), and the CLI must see
# only its own flags (kinesis_xacct.cdk.framework sets SYNTH_HCL_OUTPUT in any process that imports it, and the
# CLI formats the HCL when it finds that variable, as with --hcl).
DROPPED = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "SYNTH_HCL_OUTPUT")
CLI_CONFIG = ROOT / ".terraform.d" / "cli.tfrc"


def tool_env(framework: Framework | None = None, base: dict[str, str] | None = None) -> dict[str, str]:
    """The one tool environment: ``base`` (default: this process's) as the Makefile sets it for ``framework``
    (default: the current one): its venv and CLI first on PATH, ``XACCT_FRAMEWORK``, the project's Terraform CLI
    config (when ``make install`` wrote it) and the quiet settings above."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in DROPPED}
    fw = framework or current()
    env["PATH"] = os.pathsep.join([*map(str, fw.bin_dirs), env.get("PATH", "")])
    env[ENV] = fw.name
    if CLI_CONFIG.is_file():
        env["TF_CLI_CONFIG_FILE"] = str(CLI_CONFIG)
    env.update(QUIET)
    return env
