"""The golden outputs: what the app writes for every shipped config and every test config, kept under
``tests/golden/outputs/<case>/`` so that a change of the pipeline shows each difference it makes.

Run as ``python -m tests.golden_outputs DEST`` from the repository root: every case is synthesized through the
app's own entry point (``kinesis_xacct.ops.cli.main``, what ``cdktf synth`` runs) in this one process (one jsii
runtime for all), and its files are copied into ``DEST/<case>/``: each stack's ``cdk.tf`` as ``<stack>.tf``, the
RUNBOOK, the notebooks, ``waves.json`` / ``atlantis.yaml`` where written, and what the app printed
(``synth.log``). A variant of a test config is written as ``config.yaml`` beside its outputs (the RUNBOOK names
it), so the committed folder holds the config it was generated from.

tests/test_golden_outputs.py compares a fresh run with the committed folder (``UPDATE_GOLDEN=1`` rewrites it).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from .helpers import ROOT, SECURITY_VARIANTS, VALIDATE_CONFIGS, variant

GOLDEN_OUTPUTS = ROOT / "tests" / "golden" / "outputs"
# The output folder as the RUNBOOKs name it (the app writes into a temporary folder).
SHOWN_OUT = "cdktf.out"
# Files of the output folder kept, besides the stacks' cdk.tf (notebooks: every *.py at the top).
KEPT = ("RUNBOOK.md", "waves.json", "atlantis.yaml")


def variant_configs() -> dict[str, dict[str, Any]]:
    """The test configs by case name: the security gate's variants and terraform validate's configs."""
    cases: dict[str, dict[str, Any]] = {}
    for name, changes in SECURITY_VARIANTS.items():
        changes = dict(changes)
        base = changes.pop("base", None)
        cases[f"security-{name}"] = variant(base, **changes) if base else variant(**changes)
    for name, data in VALIDATE_CONFIGS.items():
        cases[f"validate-{name}"] = data
    return cases


def shipped_configs() -> dict[str, Path]:
    return {f"config-{p.stem}": p for p in sorted((ROOT / "config").glob("*.yaml"))}


def config_text(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def synth_case(config: Path, out: Path) -> str:
    """Synthesize one config through the app's entry point; returns what it printed (exit status first)."""
    from kinesis_xacct.ops.cli import main

    env = {"XACCT_CONFIG": os.path.relpath(config, ROOT), "CDKTF_OUTDIR": str(out), "XACCT_OUT": SHOWN_OUT}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            status = main()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return f"exit {status}\n{printed.getvalue()}"


def collect(out: Path, dest: Path, log: str) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "synth.log").write_text(log)
    for tf in sorted((out / "stacks").glob("*/cdk.tf")) if (out / "stacks").is_dir() else []:
        shutil.copyfile(tf, dest / f"{tf.parent.name}.tf")
    for name in KEPT:
        if (out / name).is_file():
            shutil.copyfile(out / name, dest / name)
    for notebook in sorted(out.glob("*.py")):
        shutil.copyfile(notebook, dest / notebook.name)


def generate(dest: Path) -> None:
    """Every case into ``dest/<case>/``. The app writes into ``cdktf.out.golden-<case>`` at the project root
    (removed case by case), so that paths relative to the output folder (the local state's) are the ones
    a user's default output folder gets, on every machine."""
    os.chdir(ROOT)
    cases: dict[str, Path] = dict(shipped_configs())
    for name, data in variant_configs().items():
        folder = GOLDEN_OUTPUTS / name
        path = folder / "config.yaml"
        if os.environ.get("UPDATE_GOLDEN") == "1":
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(config_text(data))
        cases[name] = path
    for name, config in cases.items():
        out = ROOT / f"{SHOWN_OUT}.golden-{name}"
        shutil.rmtree(out, ignore_errors=True)
        log = synth_case(config, out)
        collect(out, dest / name, log)
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    generate(Path(sys.argv[1]).resolve())
