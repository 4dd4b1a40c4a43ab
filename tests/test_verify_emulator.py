"""``verify`` on the emulator: a deployed one-pair config verifies clean; then, one at a time (each reverted before
the next), a hand-made change in the accounts makes it exit non-zero naming the hop, the account and the fix.

One deploy for the module (``python -m kinesis_xacct deploy``, as ``make deploy`` runs it). moto holds the
accounts but evaluates no policy: verify's own evaluator (PMapper, on the documents read back) is the judge.

A deleted and re-created role: AWS rewrites a trust that named the deleted role to the role's unique ID
(``AROA...``), so the re-created role (a new unique ID) no longer matches. moto keeps the ARN in the trust; the
test writes the deleted role's unique ID into B's trust itself, which is what AWS would show.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import yaml

from kinesis_xacct.config.organisation import Organisation, organisation_of
from kinesis_xacct.ops.load import load_any, load_config
from kinesis_xacct.ops.verify_read import READ_ACTIONS
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import ROOT, load_yaml, tool_env, write_config

A, B = "360000000001", "360000000002"
DEPLOY_ARGS = "--auto-approve --skip-provider-lock"
KINESIS, DEPLOYMENT = "kinesis-account", "deployment-account"


def _config(url: str) -> dict[str, Any]:
    """The example with its own accounts, an existing stream (no key) and a created one (a key of ours)."""
    data = copy.deepcopy(load_yaml(ROOT / "config" / "example.yaml"))
    data["tags"] = {}
    data["kinesis_account"].update(
        account_id=B, streams=[{"name": "testStream", "create": False}, {"name": "ordersStream", "create": True}]
    )
    data["deployment_account"].update(account_id=A)
    return sandbox.sandbox_config(data, url)


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The command line from the project's folder, as ``make`` runs it (its cdktf.json, the output elsewhere)."""
    return subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )


@pytest.fixture(scope="module")
def deployed(emulator, tmp_path_factory) -> dict[str, Any]:
    for tool in ("terraform", "cdktf"):
        tf.require_tool(tool)
    folder = tmp_path_factory.mktemp("verify")
    config = write_config(folder, _config(emulator.url), "pair.yaml")
    sandbox.prepare_accounts(emulator, organisation_of(load_config(config)))
    env = emulator.env(tool_env())
    env = {k: v for k, v in env.items() if not k.startswith("DATABRICKS_")}
    env["DEPLOY_ARGS"] = DEPLOY_ARGS
    out = folder / "out"
    proc = _cli(["deploy", "--config", str(config), "--out", str(out)], env)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return {"config": config, "out": out, "env": env, "emulator": emulator}


def verify(deployed: dict[str, Any], *, table: bool = False) -> tuple[int, list[dict[str, Any]], str]:
    """``verify --json``: its exit status and findings (the JSON says ok exactly when it exits 0); with ``table``,
    the table of a second run (for people), which exits alike."""
    args = ["verify", "--config", str(deployed["config"]), "--out", str(deployed["out"])]
    proc = _cli([*args, "--json"], deployed["env"])
    assert proc.returncode in (0, 1), proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["ok"] is (proc.returncode == 0)
    if not table:
        return proc.returncode, report["findings"], json.dumps(failing(report["findings"]), indent=1)
    # the table, and the same findings as JSON from the same run (--json-file: what the scheduled workflow keeps)
    also = deployed["out"].parent / "verify.json"
    shown = _cli([*args, "--json-file", str(also)], deployed["env"])
    assert shown.returncode == proc.returncode, shown.stdout
    assert json.loads(also.read_text())["findings"] == report["findings"]
    return proc.returncode, report["findings"], shown.stdout


def failing(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["status"] in ("broken", "drift") or f["unreadable"]]


def iam(deployed: dict[str, Any], account: str) -> Any:
    emu = deployed["emulator"]
    return emu.client(emu.account(account), "iam")


def test_a_deployed_pair_verifies_clean(deployed):
    code, findings, table = verify(deployed, table=True)
    assert code == 0, table
    assert failing(findings) == []
    hops = {(f["where"], f["hop"], f["account"], f["status"]) for f in findings}
    pair = f"{DEPLOYMENT} -> {KINESIS}"
    for hop in (
        "A's role assumes B's role",
        "nothing else assumes B's role",
        "B's role reads testStream",
        "B's role reads ordersStream",
        "B's role decrypts ordersStream",
        "B's role writes nothing (read)",
        "B's role as declared",
    ):
        assert (pair, hop, B, "holds") in hops, (hop, table)
    assert (KINESIS, "key policy of ordersStream", B, "holds") in hops, table
    assert (DEPLOYMENT, "workspace role passes A's role to EC2", A, "holds") in hops, table
    assert (DEPLOYMENT, "instance profile holds A's role", A, "holds") in hops, table
    assert "everything checked holds" in table


def test_without_databricks_credentials_it_says_the_databricks_checks_did_not_run(deployed):
    _, findings, table = verify(deployed, table=True)
    databricks = [f for f in findings if f["account"] == "databricks"]
    assert [f["status"] for f in databricks] == ["not checked"]
    assert databricks[0]["detail"].startswith("the Databricks checks did not run")
    assert "the Databricks checks did not run" in table


@contextmanager
def trust_of(deployed: dict[str, Any], account: str, role: str, change: Any) -> Iterator[None]:
    client = iam(deployed, account)
    before = client.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
    client.update_assume_role_policy(RoleName=role, PolicyDocument=json.dumps(change(copy.deepcopy(before))))
    try:
        yield
    finally:
        client.update_assume_role_policy(RoleName=role, PolicyDocument=json.dumps(before))


def _assert_names(findings: list[dict[str, Any]], hop: str, account: str, stack: str) -> dict[str, Any]:
    found = [f for f in failing(findings) if f["hop"] == hop and f["account"] == account]
    assert found, (hop, account, failing(findings))
    assert f"STACKS={stack}" in found[0]["fix"] and "make deploy CONFIG=" in found[0]["fix"], found[0]
    return found[0]


def test_a_hand_added_wildcard_principal_in_bs_trust_is_broken(deployed):
    wildcard = {"Sid": "HandAdded", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
    cfg = load_config(deployed["config"])
    with trust_of(
        deployed, B, cfg.kinesis_account.role_name, lambda d: {**d, "Statement": [*d["Statement"], wildcard]}
    ):
        code, findings, table = verify(deployed)
    assert code == 1, table
    broken = _assert_names(findings, "nothing else assumes B's role", B, KINESIS)
    assert broken["status"] == "broken" and "999999999999" in broken["detail"], broken
    drift = _assert_names(findings, "B's role as declared", B, KINESIS)
    assert "HandAdded was added" in drift["detail"], drift
    assert verify(deployed)[0] == 0  # reverted


def test_a_removed_getrecords_is_broken(deployed):
    cfg = load_config(deployed["config"])
    client, role = iam(deployed, B), cfg.kinesis_account.role_name
    (name,) = client.list_role_policies(RoleName=role)["PolicyNames"]
    before = client.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
    changed = copy.deepcopy(before)
    for s in changed["Statement"]:
        actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
        s["Action"] = [a for a in actions if a != "kinesis:GetRecords"]
    client.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(changed))
    try:
        code, findings, table = verify(deployed)
    finally:
        client.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=json.dumps(before))
    assert code == 1, table
    for stream in ("testStream", "ordersStream"):
        broken = _assert_names(findings, f"B's role reads {stream}", B, KINESIS)
        assert broken["status"] == "broken" and "kinesis:GetRecords refused" in broken["detail"], broken
    drift = _assert_names(findings, "B's role as declared", B, KINESIS)
    assert "missing kinesis:GetRecords" in drift["detail"], drift
    assert verify(deployed)[0] == 0


def test_a_key_policy_without_the_reader_is_broken(deployed):
    emu = deployed["emulator"]
    kms = emu.client(emu.account(B), "kms")
    kinesis = emu.client(emu.account(B), "kinesis")
    key = kinesis.describe_stream_summary(StreamName="ordersStream")["StreamDescriptionSummary"]["KeyId"]
    before = kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"]
    changed = json.loads(before)
    changed["Statement"] = [s for s in changed["Statement"] if s.get("Sid") != "CrossAccountRoleUse"]
    kms.put_key_policy(KeyId=key, PolicyName="default", Policy=json.dumps(changed))
    try:
        code, findings, table = verify(deployed)
    finally:
        kms.put_key_policy(KeyId=key, PolicyName="default", Policy=before)
    assert code == 1, table
    broken = _assert_names(findings, "B's role decrypts ordersStream", B, KINESIS)
    assert broken["status"] == "broken" and key in broken["detail"], broken
    drift = _assert_names(findings, "key policy of ordersStream", B, KINESIS)
    assert "CrossAccountRoleUse is missing" in drift["detail"], drift
    assert verify(deployed)[0] == 0


def _recreate_a_role(deployed: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A's role deleted and re-created by hand with its trust only: (its old unique ID, its old trust and policy)."""
    cfg = load_config(deployed["config"])
    da, client = cfg.deployment, iam(deployed, A)
    old = client.get_role(RoleName=da.role_name)["Role"]
    (policy,) = client.list_role_policies(RoleName=da.role_name)["PolicyNames"]
    document = client.get_role_policy(RoleName=da.role_name, PolicyName=policy)["PolicyDocument"]
    client.remove_role_from_instance_profile(InstanceProfileName=da.instance_profile_name, RoleName=da.role_name)
    client.delete_role_policy(RoleName=da.role_name, PolicyName=policy)
    client.delete_role(RoleName=da.role_name)
    trust = old["AssumeRolePolicyDocument"]
    client.create_role(RoleName=da.role_name, AssumeRolePolicyDocument=json.dumps(trust))
    client.add_role_to_instance_profile(InstanceProfileName=da.instance_profile_name, RoleName=da.role_name)
    return old["RoleId"], {"name": policy, "document": document}, trust


def test_a_deleted_and_recreated_a_role_is_broken(deployed):
    cfg = load_config(deployed["config"])
    old_id, policy, _ = _recreate_a_role(deployed)
    try:
        code, findings, table = verify(deployed)
        assert code == 1, table
        # re-created by hand without its grant: the hop breaks in account A, the consumer's stack fixes it
        broken = _assert_names(findings, "A's role assumes B's role", A, DEPLOYMENT)
        assert "has no policy allowing sts:AssumeRole" in broken["detail"], broken
        drift = _assert_names(findings, "A's role as declared", A, DEPLOYMENT)
        assert f"inline policy {policy['name']} is missing" in drift["detail"], drift
        # what AWS shows in B's trust once the role it named was deleted: its unique ID
        iam(deployed, A).put_role_policy(
            RoleName=cfg.deployment.role_name, PolicyName=policy["name"], PolicyDocument=json.dumps(policy["document"])
        )

        def by_id(d: dict[str, Any]) -> dict[str, Any]:
            for s in d["Statement"]:
                if s.get("Sid") == "TrustDeploymentRole":
                    s["Principal"] = {"AWS": old_id}
            return d

        with trust_of(deployed, B, cfg.kinesis_account.role_name, by_id):
            code, findings, table = verify(deployed)
        assert code == 1, table
        broken = _assert_names(findings, "A's role assumes B's role", B, KINESIS)
        assert old_id in broken["detail"] and "unique ID" in broken["detail"], broken
        named = [f for f in failing(findings) if f["hop"] == "B's role as declared" and old_id in f["detail"]]
        assert any("unique ID" in f["detail"] for f in named), failing(findings)
    finally:
        client = iam(deployed, A)
        if client.list_role_policies(RoleName=cfg.deployment.role_name)["PolicyNames"] != [policy["name"]]:
            client.put_role_policy(
                RoleName=cfg.deployment.role_name,
                PolicyName=policy["name"],
                PolicyDocument=json.dumps(policy["document"]),
            )
    assert verify(deployed)[0] == 0


def test_the_documented_permissions_are_the_calls_verify_makes():
    """docs/verify.md lists every AWS action verify calls (accounts.READ_ACTIONS), and no other."""
    text = (ROOT / "docs" / "verify.md").read_text()
    for action in READ_ACTIONS:
        assert f"`{action}`" in text, action
    section = text.split("## Permissions", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`((?:sts|iam|kinesis|kms|ec2):[A-Za-z]+)`", section))
    assert documented == set(READ_ACTIONS)


# The organisation example (sources x consumers, both auth modes), renumbered into accounts of this module.
ORG_ACCOUNTS = {
    "222222222222": "370000000022",
    "333333333333": "370000000033",
    "111111111111": "370000000011",
    "444444444444": "370000000044",
    "555555555555": "370000000055",
}


def test_a_deployed_organisation_verifies_clean(emulator, tmp_path):
    """Every pair of the organisation example (instance-profile and service-credential consumers, sources in two
    regions) verifies clean after its deploy, wave by wave."""
    from .test_organisation_emulator import emulator_config

    for tool in ("terraform", "cdktf"):
        tf.require_tool(tool)
    config = write_config(tmp_path, emulator_config(emulator.url, ORG_ACCOUNTS), "organisation.yaml")
    org = load_any(config)
    assert isinstance(org, Organisation)
    sandbox.prepare_accounts(emulator, org)
    env = {k: v for k, v in emulator.env(tool_env()).items() if not k.startswith("DATABRICKS_")}
    env["DEPLOY_ARGS"] = DEPLOY_ARGS
    deployed = {"config": config, "out": tmp_path / "out", "env": env, "emulator": emulator}
    proc = _cli(["deploy", "--config", str(config), "--out", str(deployed["out"])], env)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    code, findings, table = verify(deployed, table=True)
    assert code == 0, table
    pairs = {f"{org.naming.consumer_stack(p.consumer)} -> {org.naming.source_stack(p.source)}" for p in org.pairs}
    assert {f["where"] for f in findings} >= pairs
    for pair in org.pairs:
        where = f"{org.naming.consumer_stack(pair.consumer)} -> {org.naming.source_stack(pair.source)}"
        holding = {f["hop"] for f in findings if f["where"] == where and f["status"] == "holds"}
        first = (
            "Unity Catalog role assumes B's role" if pair.cfg.uses_service_credential else "A's role assumes B's role"
        )
        assert {first, "nothing else assumes B's role", "B's role as declared"} <= holding, (where, table)
        for stream in pair.cfg.kinesis_account.streams:
            assert f"B's role reads {stream.name}" in holding, (where, stream.name, table)


def _endpoints(deployed: dict[str, Any], policies: dict[str, dict[str, Any]]) -> tuple[str, dict[str, str]]:
    """A VPC in account A (the workspace's, as it exists) with an interface endpoint per service of ``policies``
    (service -> endpoint policy): the VPC's ID and each service's endpoint ID."""
    emu = deployed["emulator"]
    ec2 = emu.client(emu.account(A), "ec2")
    vpc = str(ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"])
    ids = {}
    for service, policy in policies.items():
        ids[service] = str(
            ec2.create_vpc_endpoint(
                VpcId=vpc,
                ServiceName=f"com.amazonaws.us-east-1.{service}",
                VpcEndpointType="Interface",
                PolicyDocument=json.dumps(policy),
            )["VpcEndpoint"]["VpcEndpointId"]
        )
    return vpc, ids


def test_an_endpoint_policy_that_allows_only_another_accounts_streams_is_broken(deployed, tmp_path):
    """The Security Reference Architecture's shape: the Kinesis endpoint allows reads on another account's
    streams only. The STS endpoint beside it allows everything (AWS's default policy) and holds."""
    other = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OnlyPlatformStreams",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"],
                "Resource": "arn:aws:kinesis:us-east-1:414351767826:stream/*",
            }
        ],
    }
    everything = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}
    vpc, ids = _endpoints(deployed, {"kinesis-streams": other, "sts": everything})
    kinesis_endpoint, sts_endpoint = ids["kinesis-streams"], ids["sts"]
    data = yaml.safe_load(deployed["config"].read_text())
    data["deployment_account"]["vpc_endpoint_ids"] = [kinesis_endpoint, sts_endpoint]
    config = write_config(tmp_path, data, "with-endpoints.yaml")
    code, findings, table = verify({**deployed, "config": config})
    assert code == 1, table
    refused = [f for f in failing(findings) if f["hop"] == f"endpoint {kinesis_endpoint} lets the chain through"]
    assert refused and all(f["account"] == A and f["where"] == DEPLOYMENT for f in refused), table
    details = " ".join(f["detail"] for f in refused)
    assert "kinesis:GetRecords on arn:aws:kinesis:us-east-1:360000000002:stream/testStream" in details, details
    assert all(f["fix"].startswith(f"add to the policy of {kinesis_endpoint} a statement allowing") for f in refused)
    sts = [f for f in findings if f["hop"] == f"endpoint {sts_endpoint} lets the chain through"]
    assert [f["status"] for f in sts] == ["holds"], sts

    # the same endpoints found from the workspace's VPC instead of listed
    data["deployment_account"]["vpc_endpoint_ids"] = []
    data["deployment_account"]["vpc_id"] = vpc
    by_vpc = write_config(tmp_path, data, "with-vpc.yaml")
    code, found, table = verify({**deployed, "config": by_vpc})
    assert code == 1, table
    assert {f["hop"] for f in failing(found)} == {f"endpoint {kinesis_endpoint} lets the chain through"}, table
    assert [f["status"] for f in found if f["hop"] == f"endpoint {sts_endpoint} lets the chain through"] == ["holds"]
