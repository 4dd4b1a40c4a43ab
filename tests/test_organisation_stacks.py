"""The organisation example synthesized: one stack per account, dependencies following the references, every
pair's chain proven with PMapper on the policies in the HCL, checkov clean on every stack, and a one-stack
synth equal to the same stack of a full synth.

Expected values come from the config file and the documented naming rules (pair role
``kinesis-xacct-<consumer>-<source>``, consumer role ``kinesis-xacct-<consumer>``), not from the builders.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kinesis_xacct.config import names
from kinesis_xacct.config.organisation import parse_organisation

from .helpers import ROOT, load_yaml, manifest, synth_main
from .iam_eval import Role, allowed
from .security_gate import hcl_blocks, hcl_policy_text, hcl_string, run_checkov

ORGANISATION = ROOT / "config" / "organisation.yaml"
UC_MASTER_ROLE = "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL"
READ_ACTIONS = ("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream", "kinesis:ListShards")


@pytest.fixture(scope="module")
def org_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("org") / "cdktf.out"
    proc = synth_main(ORGANISATION, out)
    assert proc.returncode == 0, proc.stderr
    assert "ERROR" not in proc.stderr
    return out


@pytest.fixture(scope="module")
def data() -> dict:
    return load_yaml(ORGANISATION)


def _pairs(data: dict) -> list[dict]:
    """Each read of the config as a pair, with the values it should get (from the config file only)."""
    out = []
    for consumer, c in data["consumers"].items():
        for read in c["reads"]:
            source = read["source"]
            src = data["sources"][source]
            out.append(
                {
                    "consumer": consumer,
                    "source": source,
                    "account": src["account_id"],
                    "region": src.get("region", data["region"]),
                    "role": read.get("role_name", f"kinesis-xacct-{consumer}-{source}"),
                    "streams": read.get("streams", [s["name"] for s in src["streams"]]),
                    "external_id": read.get("external_id"),
                    "access": read.get("access", "read"),
                    "auth": c["databricks"]["auth"],
                }
            )
    return out


def test_one_stack_per_account_and_dependencies(org_out: Path, data: dict):
    stacks = manifest(org_out)["stacks"]
    sources, consumers = data["sources"], data["consumers"]
    assert set(stacks) == {f"kinesis-account-{s}" for s in sources} | {f"deployment-account-{c}" for c in consumers}
    for s in sources:
        readers = {f"deployment-account-{c}" for c, v in consumers.items() if any(r["source"] == s for r in v["reads"])}
        assert set(stacks[f"kinesis-account-{s}"]["dependencies"]) == readers
    for c in consumers:
        assert stacks[f"deployment-account-{c}"]["dependencies"] == []
    waves = json.loads((org_out / "waves.json").read_text())
    assert waves["waves"] == [[f"deployment-account-{c}" for c in consumers], [f"kinesis-account-{s}" for s in sources]]


def _roles(out: Path, stacks: list[str], ext_for_placeholder: dict[str, str]) -> dict[str, dict]:
    """role name -> {trust, policies, stack} from the HCL (inline policies matched to their role)."""
    roles: dict[str, dict] = {}
    for stack in stacks:
        blocks = hcl_blocks(out, stack)
        by_address = {}
        for b in blocks:
            if b.resource_type == "aws_iam_role":
                name = hcl_string(b.attributes["name"])
                trust = hcl_policy_text(b.attributes["assume_role_policy"])
                if "<external ID of the service credential>" in trust:
                    trust = trust.replace("<external ID of the service credential>", ext_for_placeholder[name])
                roles[name] = {"trust": json.loads(trust), "policies": [], "stack": stack}
                by_address[b.name] = name
        for b in blocks:
            if b.resource_type == "aws_iam_role_policy":
                ref = str(b.attributes["role"])
                if "data.aws_iam_role." in ref:
                    continue  # a grant on the workspace role, read at plan time (not a role of ours)
                m = re.search(r"aws_iam_role\.([\w-]+)\.name", ref)
                name = by_address[m[1]] if m else hcl_string(b.attributes["role"])
                if name in roles:
                    roles[name]["policies"].append(json.loads(hcl_policy_text(b.attributes["policy"])))
    return roles


def test_every_pair_proven_with_pmapper(org_out: Path, data: dict):
    pairs = _pairs(data)
    # The credential's own external ID (service-credential pairs without one in the config): any value the
    # credential gets; the proof uses a distinct one per pair.
    computed = {p["role"]: f"computed-{p['consumer']}-{p['source']}" for p in pairs if not p["external_id"]}
    ext = {p["role"]: p["external_id"] or computed[p["role"]] for p in pairs}
    roles = _roles(org_out, list(manifest(org_out)["stacks"]), computed)
    arn = {name: f"arn:aws:iam::{r_account}:role/{name}" for name, r_account in _accounts(roles, data).items()}
    nodes = {name: Role(arn[name], r["trust"], r["policies"]) for name, r in roles.items()}
    pair_roles = {p["role"] for p in pairs}
    assert pair_roles <= set(nodes)

    # Who may try: each consumer's principal (its instance-profile role, or Databricks' Unity Catalog master role
    # with the pair's external ID), and intruders allowed sts:AssumeRole on * in every account of the mesh.
    anything = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
    }
    master = Role(UC_MASTER_ROLE, {"Version": "2012-10-17", "Statement": []}, [anything])
    accounts = {s["account_id"] for s in data["sources"].values()} | {
        c["account_id"] for c in data["consumers"].values() if "account_id" in c
    }
    intruders = [
        Role(f"arn:aws:iam::{a}:role/intruder", {"Version": "2012-10-17", "Statement": []}, [anything])
        for a in sorted(accounts)
    ]

    for consumer, c in data["consumers"].items():
        mine = {p["role"] for p in pairs if p["consumer"] == consumer}
        for target in sorted(pair_roles):
            for ext_id in {ext[target], None}:
                conditions = {"sts:ExternalId": ext_id} if ext_id else {}
                if c["databricks"]["auth"] == "service-credential":
                    # the master role presents this consumer's credential's external ID for each of its pairs
                    ok = allowed(master, "sts:AssumeRole", arn[target], conditions, roles[target]["trust"])
                    expect = target in mine and ext_id == ext[target]
                    if target not in mine and ext_id == ext[target]:
                        continue  # another pair's credential (another consumer's): checked from that consumer
                else:
                    principal = nodes[f"kinesis-xacct-{consumer}"]
                    ok = allowed(principal, "sts:AssumeRole", arn[target], conditions, roles[target]["trust"])
                    pair = next((p for p in pairs if p["role"] == target), None)
                    expect = target in mine and (ext_id == pair["external_id"] or not pair["external_id"])
                assert ok == expect, (consumer, target, ext_id, ok)
        # the instance-profile role may assume its pair roles and nothing else (identity side alone)
        if c["databricks"]["auth"] == "instance-profile":
            principal = nodes[f"kinesis-xacct-{consumer}"]
            policy_targets = {
                r
                for doc in roles[f"kinesis-xacct-{consumer}"]["policies"]
                for s in doc["Statement"]
                for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])
            }
            assert policy_targets == {arn[r] for r in mine}
    for intruder in intruders:
        for target in sorted(pair_roles):
            conditions = {"sts:ExternalId": ext[target]}
            assert not allowed(intruder, "sts:AssumeRole", arn[target], conditions, roles[target]["trust"]), (
                intruder.arn,
                target,
            )

    # Each pair role reads exactly its streams (of every stream in the mesh).
    efo_names = {
        pair.cfg.kinesis_account.role_name: names.efo_consumer_name(pair.cfg, "validate")
        for pair in parse_organisation(data).pairs
    }
    all_streams = [
        (s, src["account_id"], src.get("region", data["region"]), st["name"])
        for s, src in data["sources"].items()
        for st in src["streams"]
    ]
    for p in pairs:
        node = nodes[p["role"]]
        for source, account, region, stream in all_streams:
            stream_arn = f"arn:aws:kinesis:{region}:{account}:stream/{stream}"
            expect = source == p["source"] and stream in p["streams"]
            for action in READ_ACTIONS:
                assert allowed(node, action, stream_arn) == expect, (p["role"], action, stream_arn)
            assert not allowed(node, "kinesis:PutRecord", stream_arn)
            # EFO: the pair's own consumer (as the Databricks source registers it), never another reader's. The
            # consumer actions name the pair's consumers on any stream of its source's account and region (one ARN
            # per name form, for IAM's size limits); the role registers consumers on its own streams only.
            own = f"{stream_arn}/consumer/databricks_{efo_names[p['role']]}:1"
            src = data["sources"][p["source"]]
            same_place = (account, region) == (src["account_id"], src.get("region", data["region"]))
            assert allowed(node, "kinesis:SubscribeToShard", own) == (same_place and p["access"] == "read-efo")
            assert allowed(node, "kinesis:RegisterStreamConsumer", stream_arn) == (expect and p["access"] == "read-efo")
            assert not allowed(node, "kinesis:SubscribeToShard", f"{stream_arn}/consumer/x:1")
            assert not allowed(node, "kinesis:DeregisterStreamConsumer", f"{stream_arn}/consumer/databricks_x:1")


def _accounts(roles: dict[str, dict], data: dict) -> dict[str, str]:
    """role name -> account, from the stack it is in and the config's accounts."""
    out = {}
    for name, r in roles.items():
        kind, _, key = r["stack"].partition("-account-")
        section = data["sources"] if kind == "kinesis" else data["consumers"]
        out[name] = section[key]["account_id"]
    return out


def test_created_key_policy_names_exactly_the_readers(org_out: Path, data: dict):
    pairs = _pairs(data)
    for source, src in data["sources"].items():
        stack = f"kinesis-account-{source}"
        blocks = hcl_blocks(org_out, stack)
        keys = {
            b.name: json.loads(hcl_policy_text(b.attributes["policy"]))
            for b in blocks
            if b.resource_type == "aws_kms_key"
        }
        created = [s["name"] for s in src["streams"] if s.get("create") and not s.get("kms_key_arn")]
        assert len(keys) == len(created)
        region = src.get("region", data["region"])
        for stream in created:
            (policy,) = [doc for name, doc in keys.items() if name.startswith(f"stream-{stream}_")]
            for p in pairs:
                if p["source"] != source:
                    continue
                node = Role(f"arn:aws:iam::{src['account_id']}:role/{p['role']}", {"Statement": []}, [])
                ok = allowed(
                    node,
                    "kms:Decrypt",
                    f"arn:aws:kms:{region}:{src['account_id']}:key/1234abcd-12ab-34cd-86ef-1234567890ab",
                    {"kms:ViaService": f"kinesis.{region}.amazonaws.com"},
                    policy,
                )
                assert ok == (stream in p["streams"]), (stream, p["role"])


def test_checkov_clean_on_every_stack(org_out: Path):
    report = run_checkov(directory=org_out / "stacks")
    assert not report.parsing_errors
    assert report.failed() == set(), report.failed()
    # the only skips: the service-credential pair roles' self-assumption (the register's reason), one per role
    data = load_yaml(ORGANISATION)
    for source in data["sources"]:
        stack_dir = org_out / "stacks" / f"kinesis-account-{source}"
        assert report.passed(stack_dir), stack_dir  # checkov did scan this stack
        sc_readers = [
            c
            for c, v in data["consumers"].items()
            if v["databricks"]["auth"] == "service-credential" and any(r["source"] == source for r in v["reads"])
        ]
        assert report.skipped(stack_dir) == {
            ("CKV_AWS_61", f"aws_iam_role.{b.name}")
            for b in hcl_blocks(org_out, f"kinesis-account-{source}")
            if b.resource_type == "aws_iam_role" and any(b.name.startswith(f"role-{c}_") for c in sc_readers)
        }
    for consumer, c in data["consumers"].items():
        stack_dir = org_out / "stacks" / f"deployment-account-{consumer}"
        assert not report.skipped(stack_dir), stack_dir
        # a service-credential consumer's stack holds only Databricks resources, which checkov has no checks for
        assert bool(report.passed(stack_dir)) == (c["databricks"]["auth"] == "instance-profile"), stack_dir


@pytest.mark.parametrize(
    "stack",
    [f"deployment-account-{c}" for c in load_yaml(ORGANISATION)["consumers"]]
    + [f"kinesis-account-{s}" for s in load_yaml(ORGANISATION)["sources"]],
)
def test_one_stack_synth_equals_full(org_out: Path, tmp_path: Path, stack: str):
    out = tmp_path / "cdktf.out"
    proc = synth_main(ORGANISATION, out, extra_env={"XACCT_STACKS": stack})
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (out / "stacks").iterdir()) == [stack]
    for path in sorted((org_out / "stacks" / stack).rglob("*")):
        if path.is_file() and ".terraform" not in path.parts:
            rel = path.relative_to(org_out)
            assert (out / rel).read_bytes() == path.read_bytes(), rel
    assert manifest(out)["stacks"] == {stack: manifest(org_out)["stacks"][stack]}
    assert (out / "waves.json").read_bytes() == (org_out / "waves.json").read_bytes()


def test_unknown_stack_is_refused(tmp_path: Path):
    proc = synth_main(ORGANISATION, tmp_path / "out", extra_env={"XACCT_STACKS": "kinesis-account-payment"})
    assert proc.returncode == 2
    assert "did you mean 'kinesis-account-payments'" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_each_workspace_provider_has_its_own_host_and_profile(org_out: Path, data: dict):
    """One Databricks provider per consumer stack, pointed at that consumer's workspace; its credentials from the
    environment, or from the ``~/.databrickscfg`` section the consumer names (never from the config)."""
    for consumer, c in data["consumers"].items():
        text = (org_out / "stacks" / f"deployment-account-{consumer}" / "cdk.tf").read_text()
        (block,) = re.findall(r'^provider "databricks" \{\n(.*?)^\}', text, re.M | re.S)
        assert f'host = "{c["databricks"]["host"]}"' in block
        profile = c["databricks"].get("profile")
        assert (f'profile = "{profile}"' in block) == bool(profile), (consumer, block)
        assert "token" not in block and "client_secret" not in block
    assert [c for c, v in data["consumers"].items() if v["databricks"].get("profile")] == ["fraud"]
