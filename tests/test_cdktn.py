"""CDK Terrain (``FRAMEWORK=cdktn``) against CDKTF: the same generator, equivalent output, a real deploy.

Run by ``make test FRAMEWORK=cdktn`` (in ``.venv-cdktn``, beside the security gate on cdktn's output); it needs
both frameworks installed (the Makefile installs cdktf for it). What it proves:

* equivalence: every config the other test modules synthesize (the example, the seed, the security gate's
  variants, terraform validate's configs, an S3 backend) is synthesized by each framework, and the two output
  trees are compared file by file. ``cdk.tf`` (the HCL) must be byte-identical. Any other difference must be
  one of :data:`KNOWN_DIFFERENCES`, each explained; one that is no longer seen fails too (the list stays true);
* ``make synth`` on both (``cdktf synth --hcl`` / ``cdktn synth --hcl``, formatted HCL): byte-identical;
* ``terraform validate`` of cdktn's HCL (Databricks off: no Databricks provider binary here): zero warnings;
* ``cdktn deploy kinesis-account deployment-account`` against the emulator (``make demo FRAMEWORK=cdktn``): the
  demo's own checks, then a re-plan of both stacks without changes, then ``cdktn destroy``.

The configs come from the other modules, so resources added there flow through without a change here.
"""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import pytest

from kinesis_xacct.cdk import toolchain
from kinesis_xacct.sandbox import demo
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import (
    EXAMPLE,
    MIRROR_LOCK_WARNING,
    ROOT,
    SECURITY_VARIANTS,
    SEED,
    VALIDATE_CONFIGS,
    deploy_config,
    terraform_warnings,
    tool_env,
    uses_provider_mirror,
    variant,
    write_config,
)

CDKTF, CDKTN = toolchain.FRAMEWORKS["cdktf"], toolchain.FRAMEWORKS["cdktn"]
STACKS = ("deployment-account", "kinesis-account")


def _pinned(framework: toolchain.Framework) -> str:
    """The framework's version as pinned in its requirements (what the output records)."""
    m = re.search(rf"^{framework.package}==(\S+)$", framework.requirements.read_text(), re.M)
    assert m, f"{framework.package} is not pinned in {framework.requirements}"
    return m.group(1)


@dataclass(frozen=True)
class Difference:
    """One known difference between the trees: in files matching ``files``, cdktf's text with ``pattern``
    replaced by ``replacement`` is cdktn's."""

    files: str
    pattern: str
    replacement: str
    why: str


TF_VERSION, TN_VERSION = _pinned(CDKTF), _pinned(CDKTN)
KNOWN_DIFFERENCES = (
    Difference(
        "manifest.json",
        rf'"version": "{re.escape(TF_VERSION)}"',
        f'"version": "{TN_VERSION}"',
        "the manifest records the version of the framework that wrote it",
    ),
    Difference(
        "stacks/*/metadata.json",
        rf'"version": "{re.escape(TF_VERSION)}"',
        f'"version": "{TN_VERSION}"',
        "each stack's metadata records the framework's version too (in its backend/overrides block)",
    ),
    Difference(
        "RUNBOOK.md",
        r"\bcdktf (deploy|destroy) kinesis-account deployment-account",
        r"cdktn \1 kinesis-account deployment-account",
        "the runbook names the CLI of the framework that wrote it (same arguments)",
    ),
    Difference(
        "RUNBOOK.md",
        r"(make (?:deploy|destroy|plan|run-validation) CONFIG=[^\s`]+(?: OUT=[^\s`]+)?)",
        r"\1 FRAMEWORK=cdktn",
        "the runbook's make commands name the framework that wrote it (make's default is cdktf)",
    ),
    Difference(
        "manifest.json",
        r"\[\n\s*\]",
        "[]",
        "cdktn's manifest writer prints an empty list (a stack's annotations, dependencies) as [], "
        "cdktf's as [ and ] on two lines: the same JSON value",
    ),
    Difference(
        "stacks/*/metadata.json",
        r"\{\n\s*\}",
        "{}",
        "likewise an empty object (the cross-stack reference of the service-credential mode leaves one in the "
        "stack's metadata): cdktn writes {}, cdktf { and } on two lines: the same JSON value",
    ),
)

# Every config another module synthesizes, under one name each; Databricks on where the source has it on.
CONFIGS = {
    "example": variant(),
    "seed": variant(SEED),
    **{
        f"security-{k}": variant(v["base"], **{x: y for x, y in v.items() if x != "base"})
        if "base" in v
        else variant(**v)
        for k, v in SECURITY_VARIANTS.items()
    },
    **{f"validate-{k}": v for k, v in VALIDATE_CONFIGS.items()},
    "s3-backend": variant(
        **{
            "backend": {
                "type": "s3",
                "bucket": "team-tfstate",
                "region": "eu-west-1",
                "key_prefix": "platform/kinesis-xacct",
            }
        }
    ),
}

# One process per framework synthesizes all configs (one jsii kernel, one provider assembly load), with the
# same call main.py makes; the CLI's output is compared separately (test_make_synth_is_identical).
SYNTH_ALL = """
import json, sys
from kinesis_xacct.synth.app import synth
from kinesis_xacct.ops.load import load_config
for config, out in json.loads(sys.argv[1]):
    synth(load_config(config), out, config_name=config, out_name="cdktf.out")  # the RUNBOOK names one folder
"""


def _synth_all(framework: toolchain.Framework, jobs: list[tuple[str, str]]) -> None:
    proc = subprocess.run(
        [str(framework.python), "-c", SYNTH_ALL, json.dumps(jobs)],
        cwd=ROOT,
        env=tool_env(framework),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"{framework.name}: synth failed\n{proc.stderr[-4000:]}"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def trees(tmp_path_factory) -> dict[str, dict[str, dict[str, bytes]]]:
    """config name -> framework name -> {relative path: bytes}."""
    for fw in (CDKTF, CDKTN):
        assert fw.python.is_file(), f"{fw.venv} is missing: run `make install FRAMEWORK={fw.name}`"
    base = tmp_path_factory.mktemp("equivalence")
    configs = {name: str(write_config(base, data, f"{name}.yaml")) for name, data in CONFIGS.items()}
    jobs = {fw.name: [(configs[name], str(base / fw.name / name)) for name in CONFIGS] for fw in (CDKTF, CDKTN)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda fw: _synth_all(fw, jobs[fw.name]), (CDKTF, CDKTN)))
    return {name: {fw: _tree(base / fw / name) for fw in jobs} for name in CONFIGS}


def _expected_cdktn(path: str, text: str, used: set[int]) -> str:
    for i, d in enumerate(KNOWN_DIFFERENCES):
        if fnmatch(path, d.files):
            text, n = re.subn(d.pattern, d.replacement, text)
            if n:
                used.add(i)
    return text


def test_same_files_and_identical_hcl(trees):
    for name, by_fw in trees.items():
        assert set(by_fw["cdktf"]) == set(by_fw["cdktn"]), (name, set(by_fw["cdktf"]) ^ set(by_fw["cdktn"]))
        hcl = [p for p in by_fw["cdktf"] if p.endswith("/cdk.tf")]
        assert sorted(hcl) == sorted(f"stacks/{s}/cdk.tf" for s in STACKS), name
        for path in hcl:
            assert by_fw["cdktn"][path] == by_fw["cdktf"][path], f"{name}: {path} differs between cdktf and cdktn"


def test_every_difference_is_a_known_one_and_each_known_one_occurs(trees):
    used: set[int] = set()
    for name, by_fw in trees.items():
        for path, tf_bytes in by_fw["cdktf"].items():
            tn_text = by_fw["cdktn"][path].decode()
            expected = _expected_cdktn(path, tf_bytes.decode(), used)
            assert tn_text == expected, (
                f"{name}: {path}: a difference between cdktf and cdktn that KNOWN_DIFFERENCES does not explain"
            )
    stale = [d.why for i, d in enumerate(KNOWN_DIFFERENCES) if i not in used]
    assert not stale, f"listed differences no longer seen (remove them): {stale}"


def test_databricks_and_s3_backend_are_covered(trees):
    """The comparison is not only over AWS-only stacks: Databricks resources and the S3 backend are in it."""
    dep = trees["example"]["cdktn"]["stacks/deployment-account/cdk.tf"].decode()
    assert 'resource "databricks_cluster"' in dep and 'provider "databricks"' in dep
    assert 'backend "s3"' in trees["s3-backend"]["cdktn"]["stacks/kinesis-account/cdk.tf"].decode()


def _make_synth(framework: toolchain.Framework, out: Path) -> subprocess.CompletedProcess:
    """``make synth FRAMEWORK=<name>`` without the install step: the recipe's command, the Makefile's env."""
    env = tool_env(framework)
    env.update(
        {
            "XACCT_CONFIG": str(EXAMPLE),
            "CI": "1",
            "CHECKPOINT_DISABLE": "1",
            "CDKTF_DISABLE_PLUGIN_CACHE_ENV": "1",
            "DISABLE_VERSION_CHECK": "1",
        }
    )
    return subprocess.run(
        [str(framework.python), "-m", "kinesis_xacct.ops.synth", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cli_outs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("make-synth")
    outs = {fw.name: base / fw.name / "cdktf.out" for fw in (CDKTF, CDKTN)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        procs = dict(zip(outs, pool.map(lambda fw: _make_synth(fw, outs[fw.name]), (CDKTF, CDKTN)), strict=True))
    for name, proc in procs.items():
        assert proc.returncode == 0, f"make synth FRAMEWORK={name}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        assert f"synthesized into {outs[name]}" in proc.stdout.splitlines(), proc.stdout
    return outs


def test_make_synth_is_identical(cli_outs, trees):
    """Through the CLIs (``--hcl``: each CLI formats the HCL): the same bytes; and the app's HCL, formatted, is
    what either CLI writes (so the unformatted comparison above covers the CLI path)."""
    for stack in STACKS:
        tn = (cli_outs["cdktn"] / "stacks" / stack / "cdk.tf").read_bytes()
        assert tn == (cli_outs["cdktf"] / "stacks" / stack / "cdk.tf").read_bytes(), stack
        assert tn != trees["example"]["cdktn"][f"stacks/{stack}/cdk.tf"], "the CLI no longer formats: say so"
    # Each runbook names its own output folder (its commands work as printed): compared with that folder masked.
    runbook = (cli_outs["cdktn"] / "RUNBOOK.md").read_text().replace(str(cli_outs["cdktn"]), "<OUT>")
    cdktf_runbook = (cli_outs["cdktf"] / "RUNBOOK.md").read_text().replace(str(cli_outs["cdktf"]), "<OUT>")
    assert runbook == _expected_cdktn("RUNBOOK.md", cdktf_runbook, set())
    assert "cdktn deploy kinesis-account deployment-account" in runbook


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> dict[tuple[str, str], tuple[subprocess.CompletedProcess, ...]]:
    """``terraform init`` + ``validate`` of cdktn's HCL for terraform validate's configs (Databricks off)."""
    tf.require_tool("terraform")
    base = tmp_path_factory.mktemp("cdktn-validate")
    jobs = [
        (str(write_config(base, data, f"{name}.yaml")), str(base / name)) for name, data in VALIDATE_CONFIGS.items()
    ]
    _synth_all(CDKTN, jobs)
    dirs = {(name, stack): base / name / "stacks" / stack for name in VALIDATE_CONFIGS for stack in STACKS}
    inits = {key: tf.init(d) for key, d in dirs.items()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        validates = dict(zip(dirs, pool.map(lambda d: tf.terraform(["validate"], d), dirs.values()), strict=True))
    return {key: (inits[key], validates[key]) for key in dirs}


def test_terraform_validate_cdktn_output_zero_warnings(validated):
    allowed = {MIRROR_LOCK_WARNING} if uses_provider_mirror() else set()
    for key, (init, validate) in validated.items():
        assert "Success! The configuration is valid." in validate.stdout, (key, validate.stdout)
        assert terraform_warnings(validate.stdout + validate.stderr) == [], (key, validate.stdout, validate.stderr)
        assert set(terraform_warnings(init.stdout + init.stderr)) <= allowed, (key, init.stdout, init.stderr)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> dict:
    """``make demo FRAMEWORK=cdktn``: ``cdktn deploy``, the demo's checks, a re-plan, ``cdktn destroy``."""
    tf.require_tool("terraform")
    tf.require_tool("cdktn")
    folder = tmp_path_factory.mktemp("cdktn-deploy")
    # No tags: moto ignores Tags on Kinesis CreateStream, so tagged streams re-plan with a tags_all change
    # (test_deploy_emulator.test_tags_drift_is_the_known_emulator_gap); without them the re-plan must be clean.
    config = write_config(folder, deploy_config("cdktf", tags={}), name="input.yaml")
    seen: dict = {}

    def after_deploy(emu, cfg, work):
        env = sandbox.cdktf_env(emu.env(tool_env(CDKTN)), work / "config.yaml")
        for stack in STACKS:
            plan = tf.terraform(
                ["plan", "-input=false", "-detailed-exitcode"], work / "cdktf.out" / "stacks" / stack, env, check=False
            )
            seen[stack] = plan
        seen["logs"] = sorted(p.name for p in work.glob("*.log"))

    with pytest.MonkeyPatch.context() as mp:  # as `make demo FRAMEWORK=cdktn` exports it
        mp.setenv(toolchain.ENV, CDKTN.name)
        seen["summary"] = demo.run_demo(config, folder, say=lambda m: None, hooks={"deployed": after_deploy})
    return seen


def test_cdktn_deploy_and_destroy_against_the_emulator(deployed):
    summary = deployed["summary"]
    for line in (
        "ok  cdktn deploy kinesis-account deployment-account succeeded",
        "ok  cdktn destroy kinesis-account deployment-account succeeded",
        "ok  destroy removed both roles",
    ):
        assert line in summary, summary
    assert "put a record on testStream and read it back" in summary
    assert "cdktn-deploy.log" in deployed["logs"]


def test_cdktn_deploy_leaves_nothing_to_change(deployed):
    for stack in STACKS:
        plan = deployed[stack]
        assert plan.returncode == 0, f"{stack}: re-plan after cdktn deploy exited {plan.returncode}\n{plan.stdout}"
        assert "No changes." in plan.stdout
