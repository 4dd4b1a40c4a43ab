"""Every example in config/, as a user gets it: a new example is tested by being added to the folder.

For each ``config/*.yaml`` (the one-pair examples and the organisation form, whose stacks are many):

* synth: ``python main.py`` as cdktf runs it; exit 0, no ERROR line, a ``cdk.tf`` for every stack of the manifest;
* terraform: ``init`` + ``validate`` of every stack, zero warnings. A stack whose providers this machine can
  install (the CLI config's provider mirror) is validated as synthesized. A stack that declares a provider it
  cannot install (here: the Databricks provider, of which no binary exists) is validated as the same example
  synthesizes it with Databricks off (``databricks.enabled: false``; a service-credential read then needs the
  external ID the credential would otherwise give, so a stand-in is set): its AWS half. Its Databricks resources
  are checked by construction in the stack tests, and only a workspace deploys them;
* checkov: offline over the synthesized stacks; nothing fails, and every skipped check is one of the register's
  suppressions (``kinesis_xacct/iam/suppressions.py``), with its reason.

The exact findings per config (which skip on which role) are asserted in test_security.py and
test_organisation_stacks.py; this module makes sure no example is left out of the gates.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from kinesis_xacct.cdk.toolchain import tool_env
from kinesis_xacct.iam.suppressions import CHECKOV

from . import tf
from .helpers import ROOT, load_yaml, manifest, synth_main, terraform_warnings, uses_provider_mirror, write_config
from .security_gate import hcl_blocks, parse_hcl, run_checkov

EXAMPLES = sorted((ROOT / "config").glob("*.yaml"))
# The stand-in external ID of a service-credential read validated with Databricks off.
STAND_IN_EXTERNAL_ID = "kinesis-xacct-validate-stand-in"


def test_the_examples_are_found():
    """The glob finds the examples the README and docs name (a renamed folder would leave this module empty)."""
    assert {p.name for p in EXAMPLES} >= {
        "example.yaml",
        "seed.yaml",
        "service-credential.yaml",
        "organisation.yaml",
    }


def without_databricks(data: dict) -> dict:
    """The example with Databricks off: in the one-pair form and for each consumer of the organisation form."""
    data = copy.deepcopy(data)
    if "consumers" in data:
        for consumer in data["consumers"].values():
            _databricks_off(consumer, consumer.get("reads", []))
    else:
        _databricks_off(data, [data["kinesis_account"]])
    return data


def _databricks_off(holder: dict, reads: list[dict]) -> None:
    databricks = holder.setdefault("databricks", {})
    databricks["enabled"] = False
    if databricks.get("auth") == "service-credential":
        for read in reads:
            read["external_id"] = read.get("external_id") or STAND_IN_EXTERNAL_ID


def installable() -> set[str] | None:
    """The providers ``terraform init`` can install here: the mirror's ``include`` list when the CLI config uses
    a filesystem mirror only (None: any, from the registry)."""
    if not uses_provider_mirror():
        return None
    text = Path(tool_env()["TF_CLI_CONFIG_FILE"]).read_text()
    mirror = re.search(r"filesystem_mirror\s*\{(.*?)\}", text, re.S)
    assert mirror, text
    include = re.search(r"include\s*=\s*\[(.*?)\]", mirror.group(1), re.S)
    assert include, mirror.group(1)
    return set(re.findall(r'"([^"]+)"', include.group(1)))


def providers(outdir: Path, stack: str) -> set[str]:
    """The providers a stack declares (required_providers), as registry addresses."""
    found = set()
    for block in parse_hcl(outdir, stack).get("terraform", []):
        for required in block.get("required_providers", []):
            for specs in required.values():
                for spec in specs if isinstance(specs, list) else [specs]:
                    source = spec["source"]
                    found.add(source if source.count("/") == 2 else f"registry.terraform.io/{source}")
    return found


def _synth(config: Path, outdir: Path) -> list[str]:
    proc = synth_main(config, outdir, cwd=outdir.parent)
    assert proc.returncode == 0, f"synth of {config.name} failed:\n{proc.stderr[-3000:]}"
    errors = [line for line in (proc.stdout + proc.stderr).splitlines() if "ERROR" in line]
    assert errors == [], config.name
    stacks = sorted(manifest(outdir)["stacks"])
    written = sorted(p.name for p in (outdir / "stacks").iterdir() if (p / "cdk.tf").is_file())
    assert written == stacks, config.name
    return stacks


def _validate(stack_dir: Path) -> list[str]:
    """Problems of one stack's ``terraform init`` + ``validate`` (empty: valid, no warning)."""
    init = tf.init(stack_dir, backend=False)
    validate = tf.terraform(["validate"], stack_dir, check=False)
    problems = [f"init warning: {w}" for w in terraform_warnings(init.stdout + init.stderr)]
    problems += [f"validate warning: {w}" for w in terraform_warnings(validate.stdout + validate.stderr)]
    if validate.returncode != 0 or "Success! The configuration is valid." not in validate.stdout:
        problems.append(f"validate failed:\n{validate.stdout[-2000:]}\n{validate.stderr[-2000:]}")
    return problems


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_synthesizes_validates_and_passes_checkov(example: Path, tmp_path: Path):
    tf.require_tool("terraform")
    # synth, as written and with Databricks off
    (tmp_path / "as-written").mkdir()
    out = (tmp_path / "as-written" / "cdktf.out").resolve()
    stacks = _synth(example, out)
    (tmp_path / "databricks-off").mkdir()
    off_config = write_config(tmp_path / "databricks-off", without_databricks(load_yaml(example)), example.name)
    off = tmp_path / "databricks-off" / "cdktf.out"
    assert _synth(off_config, off) == stacks

    # terraform init + validate: each stack as written if its providers install here, else with Databricks off
    can_install = installable()
    validated: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    for stack in stacks:
        needs = providers(out, stack)
        missing = set() if can_install is None else needs - can_install
        if not missing:
            validated[stack], folder = "as written", out
        else:
            # only the Databricks half may be what cannot be installed, and it is gone with Databricks off
            assert missing <= {"registry.terraform.io/databricks/databricks", "registry.terraform.io/hashicorp/time"}, (
                stack,
                missing,
            )
            assert "registry.terraform.io/databricks/databricks" in missing, (stack, missing)
            assert providers(off, stack) <= can_install, (stack, providers(off, stack))
            validated[stack], folder = "Databricks off", off
        problems[stack] = _validate(folder / "stacks" / stack)
    assert {s: p for s, p in problems.items() if p} == {}, validated
    assert set(validated) == set(stacks)

    # checkov, offline, over the stacks as written
    report = run_checkov(directory=out / "stacks")
    assert report.parsing_errors == []
    assert report.failed() == set()
    register = {(s.check_id, s.reason) for s in CHECKOV}
    skipped = [(r.check_id, r.resource, r.comment) for r in report.results if r.result == "SKIPPED"]
    assert [s for s in skipped if (s[0], s[2]) not in register] == []
    # every stack holding an AWS resource was scanned (checkov has no checks for the Databricks resources)
    unscanned = [
        stack
        for stack in stacks
        if any(b.resource_type.startswith("aws_") for b in hcl_blocks(out, stack))
        and not report.passed(out / "stacks" / stack)
    ]
    assert unscanned == []
