"""The fast provider import (kinesis_xacct.cdk.framework.provider_module) changes nothing but the time it takes.

Each config is synthesized by ``main.py`` twice, in subprocesses: with the fast path and with
``KINESIS_XACCT_EAGER_IMPORT=1`` (the provider packages' own ``__init__``, all ~2,200 submodules). The two
output trees must be identical, file for file and byte for byte. The subprocesses report how many provider
submodules they imported, which shows that each really took the path it is said to.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import EXAMPLE, ROOT, present, tool_env, variant, write_config

AWS_PKG = "cdktf_cdktf_provider_aws"
MARK = "imported-aws-submodules="

# Runs main.py as ``python main.py`` does, then reports the provider submodules this process imported.
WRAPPER = f"""
import atexit, runpy, sys
atexit.register(lambda: print("{MARK}%d" % sum(1 for m in sys.modules if m.startswith("{AWS_PKG}.")
                                             and m.count(".") == 1 and not m.endswith("._jsii")), file=sys.stderr))
atexit.register(lambda: print("databricks-loaded=%s" % ("cdktf_cdktf_provider_databricks._jsii" in sys.modules),
                              file=sys.stderr))
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def multi_stream_config() -> dict:
    """10 streams, enhanced fan-out, some created (own KMS key), one existing with a given key, tags."""
    streams = []
    for i in range(10):
        s = {"name": f"events-{i:02d}", "create": i % 3 == 0}
        if i == 1:
            s["kms_key_arn"] = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"
        if s["create"]:
            s.update(shard_count=2, retention_hours=48)
        streams.append(s)
    return variant(
        **{
            "kinesis_account.access": "read-efo",
            "kinesis_account.streams": streams,
            "kinesis_account.external_id": "kinesis-xacct-test",
            "tags": {"managed-by": "kinesis-xacct", "team": "data"},
        }
    )


def _start(config: Path, outdir: Path, eager: bool) -> subprocess.Popen:
    env = tool_env()
    # XACCT_OUT: the RUNBOOK names the output folder as the user gave it; the same name for both modes.
    env.update({"XACCT_CONFIG": str(config), "CDKTF_OUTDIR": str(outdir), "XACCT_OUT": "cdktf.out"})
    env.pop("KINESIS_XACCT_EAGER_IMPORT", None)
    if eager:
        env["KINESIS_XACCT_EAGER_IMPORT"] = "1"
    return subprocess.Popen(
        [sys.executable, "-c", WRAPPER, str(ROOT / "main.py")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _tree(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """{case: {mode: (tree, imported submodule count)}}; all synths run at once (they are subprocesses)."""
    tmp = tmp_path_factory.mktemp("fast-import")
    configs = {"example": EXAMPLE, "multi-stream": write_config(tmp, multi_stream_config(), "multi.yaml")}
    procs = {}
    for case, config in configs.items():
        for mode in ("fast", "eager"):
            # Sibling output folders: relative state paths in the HCL are the same for both modes.
            procs[case, mode] = (
                _start(config, tmp / f"{case}-{mode}" / "cdktf.out", mode == "eager"),
                tmp / f"{case}-{mode}" / "cdktf.out",
            )
    result: dict = {}
    for (case, mode), (proc, outdir) in procs.items():
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{case}/{mode} synth exited {proc.returncode}\n{out[-3000:]}\n{err[-3000:]}"
        count = int(next(line for line in err.splitlines() if line.startswith(MARK))[len(MARK) :])
        result.setdefault(case, {})[mode] = (_tree(outdir), count)
        if mode == "fast":
            result[case]["databricks-loaded"] = "databricks-loaded=True" in err.splitlines()
    return result


@pytest.mark.parametrize("case", ["example", "multi-stream"])
def test_fast_and_eager_outputs_are_identical(outputs, case):
    fast, _ = outputs[case]["fast"]
    eager, _ = outputs[case]["eager"]
    assert sorted(fast) == sorted(eager)
    assert {"manifest.json", "RUNBOOK.md", "stacks/kinesis-account/cdk.tf", "stacks/deployment-account/cdk.tf"} <= set(
        fast
    )
    for name in fast:
        assert fast[name] == eager[name], f"{case}: {name} differs between the fast and the eager import"


@pytest.mark.parametrize("case", ["example", "multi-stream"])
def test_each_mode_took_its_path(outputs, case):
    _, fast_count = outputs[case]["fast"]
    _, eager_count = outputs[case]["eager"]
    assert fast_count <= 20, f"the fast path imported {fast_count} AWS provider submodules"
    assert eager_count >= 2000, f"the eager import imported only {eager_count} AWS provider submodules"


def test_multi_stream_output_has_every_stream(outputs):
    tree, _ = outputs["multi-stream"]["fast"]
    hcl = tree["stacks/kinesis-account/cdk.tf"].decode()
    for i in range(10):
        assert f"stream/events-{i:02d}" in hcl
    assert hcl.count('resource "aws_kinesis_stream"') == 4  # streams 0, 3, 6, 9 are created


def test_databricks_bindings_load_only_when_enabled(tmp_path):
    config = write_config(tmp_path, variant(**{"databricks.enabled": False}))
    proc = _start(config, tmp_path / "out", eager=False)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    assert "databricks-loaded=False" in err.splitlines()
    hcl = (tmp_path / "out" / "stacks" / "deployment-account" / "cdk.tf").read_text()
    assert 'resource "databricks_' not in hcl and 'provider "databricks"' not in hcl


def test_databricks_bindings_load_when_enabled(outputs):
    tree, _ = outputs["example"]["fast"]
    assert 'resource "databricks_cluster"' in tree["stacks/deployment-account/cdk.tf"].decode()
    assert outputs["example"]["databricks-loaded"] is True


RESOLVE = """
import sys
from kinesis_xacct.cdk.framework import App, TerraformStack, aws
import jsii
from jsii._kernel import _make_reference_for_native
from jsii._kernel.types import CreateRequest

app = App(outdir=sys.argv[1])
stack = TerraformStack(app, "s")
aws("provider").AwsProvider(stack, "aws", region="us-east-1")
assert "cdktf_cdktf_provider_aws.s3_bucket" not in sys.modules
# A construct made on the JavaScript side, of a type whose Python module was never imported.
jsii.kernel.provider.create(CreateRequest(fqn="@cdktf/provider-aws.s3Bucket.S3Bucket",
                            args=_make_reference_for_native(jsii.kernel, [stack, "bucket"]),
                            overrides=[], interfaces=[]))
print(sorted(f"{type(c).__module__}.{type(c).__name__}" for c in stack.node.children))
import cdktf_cdktf_provider_aws as pkg
print(pkg.kms_key.KmsKey.__module__)
"""


def test_fast_path_resolves_types_it_never_imported(tmp_path):
    """jsii must turn an object of any provider type the kernel returns into its Python class."""
    env = tool_env()
    env.pop("KINESIS_XACCT_EAGER_IMPORT", None)
    proc = subprocess.run(
        [sys.executable, "-c", RESOLVE, str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    children, kms_module = proc.stdout.splitlines()[-2:]
    assert children == str(
        sorted(["cdktf_cdktf_provider_aws.provider.AwsProvider", "cdktf_cdktf_provider_aws.s3_bucket.S3Bucket"])
    )
    assert kms_module == "cdktf_cdktf_provider_aws.kms_key"


@pytest.mark.parametrize("package", [AWS_PKG, "cdktf_cdktf_provider_databricks"])
def test_submodule_map_matches_the_generated_types(package):
    """The jsii submodule name the loader derives from each folder is the one in that folder's jsii types."""
    import importlib.util
    import re

    from kinesis_xacct.cdk.framework import _jsii_submodule, _submodule_names

    locations = list(present(present(importlib.util.find_spec(package)).submodule_search_locations))
    names = _submodule_names(locations)
    assert len(names) > 200
    type_re = re.compile(rb'jsii_type="@cdktf/provider-[a-z]+\.([A-Za-z0-9]+)\.')
    for name in names:
        with open(Path(locations[0]) / name / "__init__.py", "rb") as f:
            head = b""
            while (chunk := f.read(1 << 16)) and not (m := type_re.search(head := head[-200:] + chunk)):
                pass
        assert m, f"{package}.{name}: no jsii type found"
        assert m.group(1).decode() == _jsii_submodule(name), name
