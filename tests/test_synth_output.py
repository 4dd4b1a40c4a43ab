"""The synthesized output as users get it: main.py (what cdktf runs) and the cdktf CLI itself."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinesis_xacct.config import config_warnings, parse_config

from .helpers import (
    EXAMPLE,
    ROOT,
    SEED,
    manifest,
    markdown_sections,
    stack_hcl,
    synth_main,
    variant,
    write_config,
)
from .outputs import line_of
from .tf import run

STACKS = ("deployment-account", "kinesis-account")
GOLDEN = ROOT / "tests" / "golden" / "outputs" / "config-example"  # config/example.yaml's golden outputs


@pytest.fixture(scope="module")
def example_out(tmp_path_factory) -> Path:
    # The config beside the output folder (as config/ beside cdktf.out in a checkout): the state path, relative
    # to the stack folder, is then the same on every machine.
    base = tmp_path_factory.mktemp("example")
    (base / "config").mkdir()
    shutil.copy(EXAMPLE, base / "config" / "example.yaml")
    out = base / "cdktf.out"
    proc = synth_main(base / "config" / "example.yaml", out)
    assert proc.returncode == 0, proc.stderr
    return out


def test_both_stacks_written_as_hcl_only(example_out):
    for stack in STACKS:
        folder = example_out / "stacks" / stack
        assert (folder / "cdk.tf").is_file()
        assert not (folder / "cdk.tf.json").exists()
    m = manifest(example_out)
    assert m["stacks"]["kinesis-account"]["dependencies"] == ["deployment-account"]
    assert m["stacks"]["deployment-account"]["dependencies"] == []


def test_no_absolute_path_and_relative_state(example_out):
    for stack in STACKS:
        hcl = stack_hcl(example_out, stack)
        assert str(ROOT) not in hcl and str(example_out) not in hcl
        # the config's own state folder (beside the config), not the output folder's parent
        assert f'path = "../../../config/.kinesis-xacct-state/example.yaml/terraform.{stack}.tfstate"' in hcl


def test_provider_references_are_unquoted(example_out):
    hcl = stack_hcl(example_out, "kinesis-account")
    assert "provider = aws.kinesis" in hcl and '"aws.kinesis"' not in hcl
    dep = stack_hcl(example_out, "deployment-account")
    # The registration waits for the IAM profile, the PassRole grant and the propagation wait: unquoted edges.
    assert re.search(
        r'resource "databricks_instance_profile" "[\w-]+" \{[^}]*depends_on = \[aws_iam_instance_profile\.'
        r"[\w-]+, aws_iam_role_policy\.workspace-passrole[\w-]+, time_sleep\.[\w-]+\]",
        dep,
    )


def test_runbook_names_accounts_and_order(example_out):
    """The RUNBOOK's table names each role in its own account and stack; its commands apply the stack depended upon
    first (manifest.json) and destroy it last."""
    sections = markdown_sections((example_out / "RUNBOOK.md").read_text())
    (created,) = sections["What is created where"].tables

    def where(arn: str) -> list[tuple[str, ...]]:
        return [row[:3] for row in created.rows if row[3] == f"`{arn}`"]

    assert where("arn:aws:iam::222222222222:role/KinesisCrossAccountRole") == [
        ("B `222222222222` (streams)", "`kinesis-account`", "IAM role (trust: role)")
    ]
    assert where("arn:aws:iam::111111111111:instance-profile/DatabricksToKinesisAssumeRole") == [
        ("A `111111111111`", "`deployment-account`", "instance profile"),
        (
            "Databricks workspace",
            "`deployment-account`",
            "instance profile registration, 30 s after the IAM changes",
        ),
    ]
    assert manifest(example_out)["stacks"]["kinesis-account"]["dependencies"] == ["deployment-account"]
    deploy, roll_back = sections["Deploy order"].text, sections["Roll back"].text
    assert re.findall(r"STACKS=([\w-]+)", deploy) == ["deployment-account", "kinesis-account"]
    assert re.findall(r"STACKS=([\w-]+)", roll_back) == ["kinesis-account", "deployment-account"]
    # the CLI orders the stacks itself (dependencies first); the command names both
    assert "cdktf deploy kinesis-account deployment-account" in deploy
    assert "cdktf destroy kinesis-account deployment-account" in roll_back


def test_seed_config_synthesizes(tmp_path):
    out = tmp_path / "out"
    proc = synth_main(SEED, out)
    assert proc.returncode == 0, proc.stderr
    hcl = stack_hcl(out, "kinesis-account")
    assert "arn:aws:iam::aws:policy/AmazonKinesisFullAccess" in hcl
    assert "arn:aws:iam::111111111111:root" in hcl
    # the cluster's owner is in the config (required): nothing follows the deploying identity, no warning
    assert [line for line in proc.stdout.splitlines() if line.startswith("warning: ")] == []


@pytest.mark.parametrize(
    "changes", [{}, {"databricks.single_user_name": "alice@example.com"}, {"databricks.enabled": False}]
)
def test_no_owner_warning_the_owner_is_in_the_config(changes):
    """The warning of an unset single_user_name became a config error (tests/test_plan_identity.py)."""
    assert config_warnings(parse_config(variant(**changes))) == []


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def test_bad_config_exit_2_and_nothing_written(tmp_path, example_out):
    before = _tree_digest(example_out)
    bad = write_config(tmp_path, variant(**{"kinesis_account.account_id": "12345"}))
    proc = synth_main(bad, example_out)
    assert proc.returncode == 2
    at = f"{bad}:{line_of(bad, r'^  account_id:', after=r'^kinesis_account:')}"
    assert proc.stderr.strip().splitlines() == [
        f"config error: {at}: kinesis_account.account_id: '12345' is not valid: an AWS account ID is exactly "
        '12 digits, written as a quoted string ("123456789012")'
    ]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert _tree_digest(example_out) == before


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory) -> Path:
    """`cdktf synth` (no flags) in a copy of the project layout, with the repository's own cdktf.json."""
    project = tmp_path_factory.mktemp("project")
    for name in ("cdktf.json", "main.py", "kinesis_xacct", "templates", ".venv"):
        (project / name).symlink_to(ROOT / name)
    # a folder of its own: the config's local state is beside it (config/.kinesis-xacct-state/)
    shutil.copytree(ROOT / "config", project / "config")
    run(["cdktf", "synth"], project, env={"CI": "1"})
    return project / "cdktf.out"


def test_cdktf_synth_exactly_as_written(cli_out, example_out):
    """Plain `cdktf synth` writes HCL (never cdk.tf.json): the app's HCL, formatted by the CLI as `make synth`
    (`cdktf synth --hcl`) formats it, byte for byte. The CLI formats only under --hcl or SYNTH_HCL_OUTPUT; the
    `cdktf` first on the documented PATH is the venv's wrapper that sets it (scripts/node_shims.sh)."""
    project = cli_out.parent  # the same config from the same folder: the same relative state paths
    made = project / "cdktf.out.made"
    run(
        [sys.executable, "-m", "kinesis_xacct", "synth", "--config", "config/example.yaml", "--out", made.name], project
    )
    for stack in STACKS:
        assert (cli_out / "stacks" / stack / "cdk.tf").is_file()
        assert not (cli_out / "stacks" / stack / "cdk.tf.json").exists()
        assert stack_hcl(cli_out, stack) == stack_hcl(made, stack)  # formatted alike
        assert stack_hcl(cli_out, stack) != stack_hcl(example_out, stack)  # the CLI's formatting did run
        assert stack_hcl(cli_out, stack).split() == stack_hcl(example_out, stack).split()  # only layout differs
    assert (cli_out / "RUNBOOK.md").is_file()


def test_golden_hcl_snapshot(example_out):
    """The example's HCL as CDKTF's writer produces it is reviewed text: a change must be deliberate
    (UPDATE_GOLDEN=1 rewrites the snapshot)."""
    for stack in STACKS:
        actual = stack_hcl(example_out, stack)
        golden = GOLDEN / f"{stack}.tf"
        if os.environ.get("UPDATE_GOLDEN") == "1":
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(actual)
        assert golden.is_file(), f"missing {golden}: run UPDATE_GOLDEN=1 pytest {__file__}"
        assert actual == golden.read_text(), f"{stack}: HCL differs from {golden}"


def test_plan_orders_the_stacks_dependencies_first(example_out):
    """make plan plans deployment-account first: kinesis-account depends on it (manifest.json)."""
    from kinesis_xacct.ops.plan import stack_order

    assert manifest(example_out)["stacks"]["kinesis-account"]["dependencies"] == ["deployment-account"]
    assert stack_order(example_out) == ["deployment-account", "kinesis-account"]


def test_runbook_says_where_the_local_state_is(example_out):
    """The config's own state folder (beside the config; named absolutely here, as the config lies outside the
    folder the synthesis ran in), as `make validate` names it."""
    from kinesis_xacct import paths

    folder = paths.state_dir(example_out.parent / "config" / "example.yaml")
    assert folder == example_out.parent / "config" / ".kinesis-xacct-state" / "example.yaml"
    text = (example_out / "RUNBOOK.md").read_text()
    assert f"Local state (`backend.type: local`) belongs to this config: `{folder}/terraform.<stack>.tfstate`" in text


def test_cdktf_synth_after_the_output_changed_form(cli_out):
    """An output folder whose stacks change (an organisation config, then the one-pair config into the same
    folder, and back): each plain `cdktf synth` succeeds the first time and leaves exactly the config's stacks.
    The CLI removes the stack folders the new manifest does not name after the app ran (cli-core's
    SynthStack.synth, fs.rmSync without force); the app leaves them for it."""
    project = cli_out.parent
    org_stacks = set(manifest_of(run_synth(project, "config/organisation.yaml"))["stacks"])
    assert sorted(os.listdir(cli_out / "stacks")) == sorted(org_stacks) and len(org_stacks) == 5
    manifest_of(run_synth(project, "config/example.yaml"))
    assert sorted(os.listdir(cli_out / "stacks")) == sorted(STACKS)
    run_synth(project, "config/organisation.yaml")
    assert sorted(os.listdir(cli_out / "stacks")) == sorted(org_stacks)
    run_synth(project, "config/example.yaml")  # the folder is left as the other tests expect it


def run_synth(project: Path, config: str) -> Path:
    proc = run(["cdktf", "synth"], project, env={"CI": "1", "XACCT_CONFIG": config})
    assert "ENOENT" not in proc.stdout + proc.stderr
    return project / "cdktf.out"


def manifest_of(out: Path) -> dict:
    import json

    return json.loads((out / "manifest.json").read_text())


def test_the_command_line_by_hand_is_as_quiet_as_make(tmp_path):
    """`python -m kinesis_xacct synth` from a shell that has none of make's settings (no venv on PATH, no Terraform
    CLI config, no quiet variables): the one command line sets the tool environment itself, so the synth prints
    no ERROR line, no Node notice and no telemetry failure, as `make synth` does."""
    from kinesis_xacct.cdk.toolchain import QUIET

    terraform = shutil.which("terraform")
    assert terraform, "terraform is not on PATH (the README's prerequisite)"
    bare = {k: v for k, v in os.environ.items() if k not in QUIET and k not in ("TF_CLI_CONFIG_FILE", "PATH")}
    bare["PATH"] = os.pathsep.join([str(Path(terraform).parent), "/usr/bin", "/bin"])
    shutil.copy(EXAMPLE, tmp_path / "example.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "synth", "--config", str(tmp_path / "example.yaml")]
        + ["--out", str(tmp_path / "cdktf.out")],
        cwd=ROOT,  # a checkout, as the README runs it
        env=bare,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    noise = ("ERROR", "DEP0044", "DeprecationWarning", "NODE_OPTIONS", "checkpoint-api", "end-of-life")
    said = proc.stdout + proc.stderr
    assert [line for line in said.splitlines() if any(word in line for word in noise)] == [], said
    assert (tmp_path / "cdktf.out" / "stacks" / "kinesis-account" / "cdk.tf").is_file()
