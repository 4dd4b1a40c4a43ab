"""The organisation example deployed on the emulator (moto server, many accounts): ``cdktf deploy --parallelism 4``
of every stack (2 sources x 3 consumers, both auth modes, a subset read), Databricks off (no workspace here).

moto does not evaluate IAM policies: who may assume which role and read which stream is proven with PMapper on
the synthesized policies (test_organisation_stacks.py); here: the CLI deploys the stacks in dependency order
in parallel, each account gets exactly its roles with the synthesized documents, each pair's chain is wired
(assume the pair role with its external ID, write and read a record on each of its streams), and a second plan
shows no changes.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess

import pytest

from kinesis_xacct import paths
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import ROOT, load_yaml, tool_env, write_config

ORGANISATION = ROOT / "config" / "organisation.yaml"
# Accounts used by no other module of the shared emulator.
ACCOUNTS = {
    "222222222222": "330000000022",
    "333333333333": "330000000033",
    "111111111111": "330000000011",
    "444444444444": "330000000044",
    "555555555555": "330000000055",
}


def emulator_config(url: str, accounts: dict[str, str] = ACCOUNTS) -> dict:
    """The example pointed at the emulator: accounts renumbered (``accounts``: the example's account -> the
    emulator's, one table per test module of the shared emulator), a deploy role per account, Databricks off
    (service-credential pairs then need their external ID in the config)."""
    data = copy.deepcopy(load_yaml(ORGANISATION))
    data["aws_endpoint_url"] = url
    data["tags"] = {}
    for src in data["sources"].values():
        src["account_id"] = accounts[src["account_id"]]
        src["deploy_role_arn"] = sandbox.deploy_role_arn("aws", src["account_id"])
        for stream in src["streams"]:
            stream.pop("kms_key_arn", None)  # a given key is made below, in the renumbered account
    for name, c in data["consumers"].items():
        c["account_id"] = accounts[c["account_id"]]
        c["databricks"]["enabled"] = False
        c["databricks"].pop("groups", None)
        if c["databricks"]["auth"] == "instance-profile":
            c["deploy_role_arn"] = sandbox.deploy_role_arn("aws", c["account_id"])
        else:
            for read in c["reads"]:
                read.setdefault("external_id", f"{name}-{read['source']}-emulator")
    return data


@pytest.fixture(scope="module")
def deployed(emulator, tmp_path_factory) -> dict:
    for tool in ("terraform", "cdktf"):
        tf.require_tool(tool)
    folder = tmp_path_factory.mktemp("org-emulator")
    data = emulator_config(emulator.url)
    region_of = {s: src.get("region", data["region"]) for s, src in data["sources"].items()}
    # What exists before: the workspaces' roles, the existing streams (one of them SSE-KMS with a given key).
    for c in data["consumers"].values():
        if c["databricks"]["auth"] == "instance-profile":
            session = emulator.account(c["account_id"])
            emulator.client(session, "iam").create_role(
                RoleName=c["workspace_role_name"],
                AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
            )
    for s, src in data["sources"].items():
        session = emulator.account(src["account_id"])
        kinesis = session.client("kinesis", endpoint_url=emulator.url, region_name=region_of[s])
        for i, stream in enumerate(src["streams"]):
            if stream.get("create"):
                continue
            kinesis.create_stream(StreamName=stream["name"], ShardCount=1)
            kinesis.get_waiter("stream_exists").wait(StreamName=stream["name"], WaiterConfig={"Delay": 1})
            if i == 0:
                kms = session.client("kms", endpoint_url=emulator.url, region_name=region_of[s])
                key = kms.create_key(Description="given key")["KeyMetadata"]["Arn"]
                stream["kms_key_arn"] = key
                kinesis.start_stream_encryption(StreamName=stream["name"], EncryptionType="KMS", KeyId=key)
    config = write_config(folder, data)
    stacks = [f"deployment-account-{c}" for c in data["consumers"]] + [f"kinesis-account-{s}" for s in data["sources"]]
    project = sandbox.make_project(folder)
    env = sandbox.cdktf_env(emulator.env(tool_env()), config)
    args = ["cdktf", "deploy", *stacks, "--auto-approve", "--parallelism", "4", "--skip-provider-lock", "--no-color"]
    deploy = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=1800)
    (folder / "deploy.log").write_text(deploy.stdout + deploy.stderr)
    assert deploy.returncode == 0, deploy.stdout[-4000:] + deploy.stderr[-4000:]
    states = {s: json.loads(paths.state_file(config, s).read_text()) for s in stacks}  # beside the config
    return {"data": data, "project": project, "states": states, "deploy": deploy, "region_of": region_of, "env": env}


def _pairs(data: dict) -> list[dict]:
    out = []
    for consumer, c in data["consumers"].items():
        for read in c["reads"]:
            src = data["sources"][read["source"]]
            out.append(
                {
                    "consumer": consumer,
                    "source": read["source"],
                    "account": src["account_id"],
                    "role": read.get("role_name", f"kinesis-xacct-{consumer}-{read['source']}"),
                    "streams": read.get("streams", [s["name"] for s in src["streams"]]),
                    "external_id": read.get("external_id"),
                }
            )
    return out


def test_each_source_account_has_exactly_its_pair_roles(deployed, emulator):
    data = deployed["data"]
    pairs = _pairs(data)
    out = deployed["project"] / "cdktf.out" / "stacks"
    for s, src in data["sources"].items():
        iam = emulator.client(emulator.account(src["account_id"]), "iam")
        roles = {r["RoleName"] for r in iam.list_roles()["Roles"]} - {sandbox.DEPLOY_ROLE}
        assert roles == {p["role"] for p in pairs if p["source"] == s}
        hcl = (out / f"kinesis-account-{s}" / "cdk.tf").read_text()
        synthesized = {
            json.dumps(json.loads(json.loads(f'"{m}"')), sort_keys=True)
            for m in re.findall(r'^\s*assume_role_policy\s*= "((?:[^"\\]|\\.)*)"$', hcl, re.M)
        }
        for role in roles:
            trust = iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"]
            assert json.dumps(trust, sort_keys=True) in synthesized, role
        outputs = deployed["states"][f"kinesis-account-{s}"]["outputs"]
        assert set(outputs["kinesis_role_arns"]["value"]) == {p["consumer"] for p in pairs if p["source"] == s}


def test_consumer_accounts(deployed, emulator):
    data = deployed["data"]
    for consumer, c in data["consumers"].items():
        state = deployed["states"][f"deployment-account-{consumer}"]
        if c["databricks"]["auth"] == "service-credential":
            assert state["resources"] == []  # Databricks off: nothing in A's AWS account
            continue
        iam = emulator.client(emulator.account(c["account_id"]), "iam")
        role = f"kinesis-xacct-{consumer}"
        policy = iam.get_role_policy(RoleName=role, PolicyName="assume-kinesis-account-role")["PolicyDocument"]
        targets = {
            r
            for s in policy["Statement"]
            for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])
        }
        assert targets == {
            f"arn:aws:iam::{p['account']}:role/{p['role']}" for p in _pairs(data) if p["consumer"] == consumer
        }
        assert iam.get_instance_profile(InstanceProfileName=role)["InstanceProfile"]["Roles"][0]["RoleName"] == role


def test_every_pair_chain_is_wired(deployed, emulator):
    data = deployed["data"]
    for p in _pairs(data):
        region = deployed["region_of"][p["source"]]
        start = emulator.account(data["consumers"][p["consumer"]]["account_id"])
        session = emulator.assume(start, f"arn:aws:iam::{p['account']}:role/{p['role']}", "validate", p["external_id"])
        identity = emulator.client(session, "sts").get_caller_identity()["Arn"]
        assert identity.startswith(f"arn:aws:sts::{p['account']}:assumed-role/{p['role']}/")
        kinesis = session.client("kinesis", endpoint_url=emulator.url, region_name=region)
        for stream in p["streams"]:
            _, read_back = sandbox.put_and_read(kinesis, stream)
            assert read_back, (p["consumer"], stream)


def test_created_streams_once_per_source(deployed):
    data = deployed["data"]
    for s, src in data["sources"].items():
        resources = deployed["states"][f"kinesis-account-{s}"]["resources"]
        streams = [r for r in resources if r["type"] == "aws_kinesis_stream" and r.get("mode") == "managed"]
        assert sorted(r["instances"][0]["attributes"]["name"] for r in streams) == sorted(
            st["name"] for st in src["streams"] if st.get("create")
        )


def test_second_plan_shows_no_changes(deployed, emulator):
    out = deployed["project"] / "cdktf.out" / "stacks"
    for stack in ("kinesis-account-payments", "deployment-account-analytics"):
        proc = tf.terraform(
            ["plan", "-detailed-exitcode", "-input=false"], out / stack, emulator.env(tool_env()), check=False
        )
        assert proc.returncode == 0, stack + proc.stdout[-3000:] + proc.stderr[-2000:]


def test_deploy_ran_the_stacks_in_dependency_order(deployed):
    """The CLI deploys a source stack only after every consumer stack it depends on (its log order)."""
    text = deployed["deploy"].stdout
    data = deployed["data"]

    def done(stack: str) -> int:
        idx = [i for i, line in enumerate(text.splitlines()) if line.startswith(stack) and "Apply complete" in line]
        assert idx, stack
        return idx[0]

    def started(stack: str) -> int:
        idx = [i for i, line in enumerate(text.splitlines()) if line.startswith(stack) and "Creating..." in line]
        return idx[0] if idx else done(stack)

    for s in data["sources"]:
        for c, v in data["consumers"].items():
            if any(r["source"] == s for r in v["reads"]) and v["databricks"]["auth"] == "instance-profile":
                assert done(f"deployment-account-{c}") < started(f"kinesis-account-{s}"), (c, s)
    # --parallelism 4: the instance-profile consumer stacks (one wave) ran at the same time
    ip = [
        f"deployment-account-{c}" for c, v in data["consumers"].items() if v["databricks"]["auth"] == "instance-profile"
    ]
    assert any(started(a) < done(b) and started(b) < done(a) for a in ip for b in ip if a != b), ip
