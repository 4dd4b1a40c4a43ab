"""Many streams: the role's permissions are packed within IAM's size limits, losslessly, or the config fails.

The emulator does not enforce IAM's policy size quotas, so the sizes are checked here: on the packing
(pure Python) and on the documents in the HCL of a 200- and a 500-stream ``read-efo`` synth.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from kinesis_xacct.config import ConfigError, parse_config
from kinesis_xacct.iam.document import PolicyDocument, Statement
from kinesis_xacct.iam.packing import (
    INLINE_TOTAL_LIMIT,
    MANAGED_PER_ROLE_LIMIT,
    MANAGED_POLICY_LIMIT,
    PackingError,
    grants,
    pack,
)
from kinesis_xacct.iam.policies import kinesis_access_policy, kinesis_side
from kinesis_xacct.ops.load import load_config

from .helpers import ROOT, present, run_module, tool_env, variant, write_config
from .outputs import line_of

KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"


def streams_config(n: int, access: str = "read-efo", prefix: str = "stream-", **extra) -> dict:
    streams = [{"name": f"{prefix}{i:03d}"} for i in range(n)]
    return variant(
        **{"kinesis_account.access": access, "kinesis_account.streams": streams, "databricks.enabled": False, **extra}
    )


def check_limits(inline: PolicyDocument, managed: tuple[PolicyDocument, ...], attached_elsewhere: int = 0) -> None:
    assert inline.size() <= INLINE_TOTAL_LIMIT
    assert [(i, d.size()) for i, d in enumerate(managed) if d.size() > MANAGED_POLICY_LIMIT] == []
    assert len(managed) + attached_elsewhere <= MANAGED_PER_ROLE_LIMIT


# ------------------------------------------------------------------------------------------- packing


@pytest.mark.parametrize("n,access", [(200, "read-efo"), (500, "read-efo"), (500, "read"), (300, "read-write")])
def test_packing_fits_the_limits_and_is_lossless(n, access):
    cfg = parse_config(streams_config(n, access))
    full = present(kinesis_access_policy(cfg))
    assert full.size() > INLINE_TOTAL_LIMIT  # these configs really need packing
    packed = pack(full)
    check_limits(packed.inline, packed.managed)
    assert packed.managed, "a grant larger than the inline budget needs managed policies"
    # lossless: every (effect, action, resource, condition) granted, and nothing else
    assert grants(packed.documents) == grants(full)
    sids = [s.sid for d in packed.documents for s in d.statements]
    assert len(sids) == len(set(sids))
    assert pack(full) == packed  # stable: same config, same Sids and pieces


def test_packing_keeps_conditions_and_separate_statements():
    """KMS keys (with kms:ViaService) are cut like streams and keep their condition; read-write grants stay."""
    streams = [{"name": f"stream-{i:03d}", "kms_key_arn": KEY[:-3] + f"{i:03d}"} for i in range(150)]
    cfg = parse_config(variant(**{"kinesis_account.access": "read-write", "kinesis_account.streams": streams}))
    full = present(kinesis_access_policy(cfg))
    packed = pack(full)
    check_limits(packed.inline, packed.managed)
    assert grants(packed.documents) == grants(full)
    key_pieces = [s for d in packed.documents for s in d.statements if s.sid.startswith("UseStreamKeys")]
    assert len(key_pieces) >= 2
    want = full.by_sid()["UseStreamKeys"].conditions
    assert [(s.sid, s.conditions) for s in key_pieces if s.conditions != want] == []


def test_small_grant_is_not_touched():
    cfg = parse_config(streams_config(10))
    side = kinesis_side(cfg)
    assert present(side.packed_access).inline == side.access_policy
    assert present(side.packed_access).managed == () and side.customer_policies == ()
    assert [s.sid for s in present(side.inline_access_policy).statements] == [
        "ReadStreams",
        "EnhancedFanOutStreams",
        "EnhancedFanOutConsumers",
    ]


def test_packing_honours_managed_policies_already_attached():
    doc = present(kinesis_access_policy(parse_config(streams_config(200))))
    assert len(pack(doc, managed_slots=1).managed) == 1  # the inline policy + one managed policy
    with pytest.raises(PackingError, match=r"\b0 free here"):
        pack(doc, managed_slots=0)


def test_packing_refuses_a_statement_larger_than_a_policy():
    big = PolicyDocument(
        "identity",
        [
            Statement(
                sid="Huge",
                actions=("kinesis:GetRecords",),
                resources=("arn:aws:kinesis:us-east-1:222222222222:stream/" + "x" * 11000,),
            )
        ],
    )
    with pytest.raises(PackingError, match="Huge with one resource is larger than 6144 characters"):
        pack(big)


# ------------------------------------------------------------------------------------- validation


def test_config_that_cannot_fit_fails_validation_naming_the_limit(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(write_config(tmp_path, streams_config(1300)))
    [(path, reason)] = err.value.problems
    assert path == "kinesis_account.streams"
    for limit in (
        "IAM allows 10,240 per role in inline policies",
        "6,144 per managed policy",
        "10 managed policies per role",
    ):
        assert limit in reason


def test_check_command_reports_the_limit(tmp_path):
    """`python -m kinesis_xacct check` (what `make synth` runs first) fails the same way, exit 2."""
    config = write_config(tmp_path, streams_config(1300))
    proc = run_module("kinesis_xacct", "check", str(config), timeout=120)
    assert proc.returncode == 2
    at = f"{config}:{line_of(config, r'^  streams:')}"
    assert proc.stderr.startswith(f"config error: {at}: kinesis_account.streams: ") and "10,240" in proc.stderr


def test_cli_reports_the_limit_and_writes_nothing(tmp_path):
    config = write_config(tmp_path, streams_config(1300, prefix="a-rather-long-stream-name-"))
    out = tmp_path / "out"
    env = tool_env()
    env.update({"XACCT_CONFIG": str(config), "CDKTF_OUTDIR": str(out)})
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    at = f"{config}:{line_of(config, r'^  streams:')}"
    assert proc.stderr.startswith(f"config error: {at}: kinesis_account.streams: ")
    assert "10,240" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


# ---------------------------------------------------------------------------- synthesized documents

RESOURCE_RE = re.compile(r'^resource "(?P<type>\w+)" "(?P<name>[^"]+)" \{\n(?P<body>.*?)\n\}$', re.M | re.S)


def hcl_resources(hcl: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, name, {attribute: raw value}) of each resource block of a CDKTF HCL file (one attribute a line)."""
    out = []
    for m in RESOURCE_RE.finditer(hcl):
        attrs = dict(line.split(" = ", 1) for line in m["body"].splitlines() if " = " in line)
        out.append((m["type"], m["name"], attrs))
    return out


def policy_of(raw: str) -> str:
    """The policy JSON a quoted HCL string carries (CDKTF escapes quotes and backslashes as JSON does)."""
    assert raw.startswith('"') and "${" not in raw
    return json.loads(raw)


@pytest.fixture(scope="module")
def big_synths(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scale")
    procs = {}
    for n in (200, 500):
        config = write_config(tmp, streams_config(n), f"efo{n}.yaml")
        env = tool_env()
        env.update({"XACCT_CONFIG": str(config), "CDKTF_OUTDIR": str(tmp / f"out{n}")})
        procs[n] = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    out = {}
    for n, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr[-3000:]
        out[n] = (tmp / f"out{n}" / "stacks" / "kinesis-account" / "cdk.tf").read_text()
    return out


@pytest.mark.parametrize("n", [200, 500])
def test_synthesized_policies_fit_iam_limits(big_synths, n):
    cfg = parse_config(streams_config(n))
    resources = hcl_resources(big_synths[n])
    roles = [name for t, name, _ in resources if t == "aws_iam_role"]
    assert len(roles) == 1
    inline = [policy_of(a["policy"]) for t, _, a in resources if t == "aws_iam_role_policy"]
    managed = {name: policy_of(a["policy"]) for t, name, a in resources if t == "aws_iam_policy"}
    attachments = [a for t, _, a in resources if t == "aws_iam_role_policy_attachment"]
    # the documents are compact JSON: their length is what IAM counts
    for doc in inline + list(managed.values()):
        assert doc == json.dumps(json.loads(doc), separators=(",", ":"))
    assert sum(len(d) for d in inline) <= INLINE_TOTAL_LIMIT
    assert managed and all(len(d) <= MANAGED_POLICY_LIMIT for d in managed.values())
    assert len(attachments) <= MANAGED_PER_ROLE_LIMIT
    # every managed policy is attached to the role
    assert sorted(a["policy_arn"] for a in attachments) == sorted(
        f'"${{aws_iam_policy.{name}.arn}}"' for name in managed
    )
    assert [a for a in attachments if a["role"] != f'"${{aws_iam_role.{roles[0]}.name}}"'] == []
    # lossless, read back from the HCL: the same (action, resource) pairs as the unpacked grant
    docs = [json.loads(d) for d in inline + list(managed.values())]
    written = {
        (a, r)
        for d in docs
        for s in d["Statement"]
        for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
        for r in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    }
    expected = {(a, r) for _, a, r, _ in grants(present(kinesis_access_policy(cfg)))}
    assert written == expected
    # read + EFO stream actions on n streams; the consumer actions on the deployment's two consumer-name forms
    assert len(expected) == n * (5 + 2) + 3 * 2


def test_packed_output_is_valid_terraform(big_synths, tmp_path):
    """The real AWS provider accepts the extra managed policies and their attachments (500 streams)."""
    from . import tf

    stack = tmp_path / "kinesis-account"
    stack.mkdir()
    (stack / "cdk.tf").write_text(big_synths[500])
    tf.init(stack, backend=False)
    proc = tf.terraform(["validate"], stack)
    assert "Success! The configuration is valid." in proc.stdout
