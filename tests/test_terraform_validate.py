"""Real Terraform accepts the synthesized HCL of both stacks: `terraform init` + `terraform validate`, clean.

Three configs (the example, the seed, and a hardened one with created streams (provisioned and on-demand),
enhanced fan-out, an external ID and ``adopt_existing``, so its import blocks are validated too), each
synthesized once; Databricks is off because no Databricks provider binary exists here.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from kinesis_xacct.platform import versions

from . import tf
from .helpers import (
    MIRROR_LOCK_WARNING,
    ROOT,
    VALIDATE_CONFIGS,
    VENV_BIN,
    synth_main,
    terraform_warnings,
    tool_env,
    uses_provider_mirror,
    write_config,
)

STACKS = ("kinesis-account", "deployment-account")
CONFIGS = VALIDATE_CONFIGS


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Synthesize the three configs (in parallel), then init (one at a time: the plugin cache is shared) and
    validate each stack. Returns {(config, stack): (stack_dir, init, validate)}."""
    tf.require_tool("terraform")
    base = tmp_path_factory.mktemp("validate")

    def synth(name: str) -> tuple[str, Path]:
        folder = base / name
        folder.mkdir()
        out = folder / "cdktf.out"
        proc = synth_main(write_config(folder, CONFIGS[name]), out, cwd=folder)
        assert proc.returncode == 0, f"synth of {name} failed:\n{proc.stderr[-3000:]}"
        return name, out

    with ThreadPoolExecutor(max_workers=3) as pool:
        outs = dict(pool.map(synth, CONFIGS))
    dirs = {(name, stack): outs[name] / "stacks" / stack for name in CONFIGS for stack in STACKS}
    inits = {key: tf.init(d) for key, d in dirs.items()}
    with ThreadPoolExecutor(max_workers=2) as pool:
        validates = dict(zip(dirs, pool.map(lambda d: tf.terraform(["validate"], d), dirs.values()), strict=True))
    return {key: (dirs[key], inits[key], validates[key]) for key in dirs}


KEYS = [(name, stack) for name in CONFIGS for stack in STACKS]


@pytest.mark.parametrize("key", KEYS, ids=[f"{n}-{s}" for n, s in KEYS])
def test_validate_passes_without_any_warning(checked, key):
    _, _, validate = checked[key]
    assert validate.returncode == 0
    assert "Success! The configuration is valid." in validate.stdout
    assert "Warning" not in validate.stdout and "Warning" not in validate.stderr, validate.stdout + validate.stderr


@pytest.mark.parametrize("key", KEYS, ids=[f"{n}-{s}" for n, s in KEYS])
def test_init_passes_with_no_warning_of_ours(checked, key):
    _, init, _ = checked[key]
    assert init.returncode == 0
    assert "Terraform has been successfully initialized!" in init.stdout
    found = set(terraform_warnings(init.stdout + init.stderr))
    assert found == set(), (
        f"unexpected warnings {found} (mirror: {uses_provider_mirror()}; {MIRROR_LOCK_WARNING!r} = a "
        f"provider missing from locks/):\n{init.stdout}\n{init.stderr}"
    )


def test_no_cli_config_warning_anywhere(checked):
    """The project's own CLI config (TF_CLI_CONFIG_FILE) exists, so terraform never complains about it."""
    config_file = Path(tool_env()["TF_CLI_CONFIG_FILE"])
    assert config_file.is_file(), f"{config_file} is missing: run `make install`"
    for key, (_, init, validate) in checked.items():
        for proc in (init, validate):
            text = proc.stdout + proc.stderr
            assert "CLI configuration" not in text and "Unable to open CLI configuration" not in text, (key, text)


def test_required_providers_constraint_is_the_one_in_versions(checked):
    expected = f'version = "{versions.AWS_PROVIDER_CONSTRAINT}"'
    for key, (stack_dir, _, _) in checked.items():
        hcl = (stack_dir / "cdk.tf").read_text()
        assert hcl.count(expected) == 1, (key, expected)
        assert f'source = "{versions.AWS_PROVIDER_SOURCE}"' in hcl, key


def test_constraint_admits_the_installed_provider_and_the_bindings_version(checked):
    """Terraform picked a provider inside the constraint (5.100.0 from the mirror here), and the constraint also
    admits the version the prebuilt bindings were generated from (read from the installed package)."""
    spec = SpecifierSet(versions.AWS_PROVIDER_CONSTRAINT.replace(" ", ""))
    for key, (stack_dir, _, _) in checked.items():
        lock = (stack_dir / ".terraform.lock.hcl").read_text()
        installed = re.search(r'provider "registry.terraform.io/hashicorp/aws" \{\s*version\s*=\s*"([^"]+)"', lock)
        assert installed, (key, lock)
        assert Version(installed.group(1)) in spec, (key, installed.group(1))
    bindings = next(
        (VENV_BIN.parent / "lib").glob("python3*/site-packages/cdktf_cdktf_provider_aws/provider/__init__.py")
    )
    bound = re.search(r"registry\.terraform\.io/providers/hashicorp/aws/(\d+\.\d+\.\d+)/docs", bindings.read_text())
    assert bound, bindings
    assert Version(bound.group(1)) in spec and Version("5.100.0") in spec and Version("7.0.0") not in spec


def test_provider_references_are_unquoted(checked):
    """What made validate warn before (`provider = "aws.kinesis"`) is gone from every stack."""
    for key, (stack_dir, _, _) in checked.items():
        hcl = (stack_dir / "cdk.tf").read_text()
        assert re.search(r"^provider = aws\.(kinesis|deployment)$", hcl, re.M), key
        assert not re.search(r'provider = "', hcl), key
        assert str(ROOT) not in hcl, key


def test_import_blocks_name_their_provider_unquoted(checked):
    """The adopting config's import blocks (CDKTF's import_from) carry ``provider = aws.<alias>`` as a reference,
    inside the block, and validate cleanly (test_validate_passes_without_any_warning)."""
    # kinesis-account: B's role + each created stream of the hardened config; deployment-account: role + profile
    created = sum(1 for s in CONFIGS["hardened"]["kinesis_account"]["streams"] if s.get("create"))
    for stack, alias, count in (("kinesis-account", "kinesis", 1 + created), ("deployment-account", "deployment", 2)):
        hcl = (checked[("hardened", stack)][0] / "cdk.tf").read_text()
        blocks = re.findall(r"^import \{\n(.*?)^\}", hcl, re.M | re.S)
        assert len(blocks) == count, (stack, blocks)
        for block in blocks:
            assert re.search(rf"^provider = aws\.{alias}$", block, re.M), block
    for stack in STACKS:
        assert "import {" not in (checked[("example", stack)][0] / "cdk.tf").read_text()
