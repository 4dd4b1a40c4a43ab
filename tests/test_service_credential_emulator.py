"""service-credential mode on the emulator (issue 12): ``cdktf deploy kinesis-account deployment-account`` of
the AWS side (Databricks disabled, external ID given), then the wiring test of the chain Databricks walks:
the Unity Catalog master role (created in its own account, 414351767826) assumes B's role with the external ID,
B's role assumes itself, a record is written and read back. One deployment for the whole module.

moto does not evaluate IAM policies: who may assume B's role is proven by PMapper and the IAM analysis
(test_security.py: test_pmapper_proves_every_hop_of_the_access_chain, test_who_may_assume_service_credential_role);
here the wiring and the deployed documents.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from kinesis_xacct import paths
from kinesis_xacct.iam.policies import kinesis_side
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.platform import arns
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import SERVICE_CREDENTIAL, present, tool_env, variant, write_config

B = "320000000012"  # used by no other module of the shared emulator
EXTERNAL_ID = "kinesis-xacct-sc-emulator"
STREAM = "testStream"


@pytest.fixture(scope="module")
def deployed(emulator, tmp_path_factory) -> dict:
    for tool in ("terraform", "cdktf"):
        tf.require_tool(tool)
    folder = tmp_path_factory.mktemp("sc-emulator")
    data = sandbox.sandbox_config(
        variant(SERVICE_CREDENTIAL, **{"kinesis_account.account_id": B, "tags": {}}),
        emulator.url,
        external_id=EXTERNAL_ID,
    )
    del data["deployment_account"]  # optional in this mode
    config = write_config(folder, data)
    cfg = load_config(config)
    session_b = emulator.account(B)
    kinesis = emulator.client(session_b, "kinesis")
    kinesis.create_stream(StreamName=STREAM, ShardCount=1)
    kinesis.get_waiter("stream_exists").wait(StreamName=STREAM, WaiterConfig={"Delay": 1})
    master = sandbox.create_unity_catalog_master_role(emulator)
    project = sandbox.make_project(folder)
    env = sandbox.cdktf_env(emulator.env(tool_env()), config)
    deploy = subprocess.run(
        sandbox.cdktf_args("deploy"), cwd=project, env=env, capture_output=True, text=True, check=False, timeout=900
    )
    assert deploy.returncode == 0, deploy.stdout[-4000:] + deploy.stderr[-4000:]
    iam = emulator.client(session_b, "iam")
    role = iam.get_role(RoleName=cfg.kinesis_account.role_name)["Role"]
    inline = {
        p: iam.get_role_policy(RoleName=role["RoleName"], PolicyName=p)["PolicyDocument"]
        for p in iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"]
    }
    walk = sandbox.walk(emulator, cfg, master, [STREAM])
    replan = tf.terraform(
        ["plan", "-detailed-exitcode", "-input=false"],
        project / "cdktf.out" / "stacks" / "kinesis-account",
        emulator.env(tool_env()),
        check=False,
    )
    states = {s: json.loads(paths.state_file(config, s).read_text()) for s in sandbox.STACKS}  # beside the config
    return {
        "cfg": cfg,
        "role": role,
        "inline": inline,
        "walk": walk,
        "master": master,
        "replan": replan,
        "states": states,
        "deploy": deploy,
    }


def test_cdktf_deploy_applies_both_stacks(deployed):
    """`cdktf deploy kinesis-account deployment-account` as written: deployment-account (empty in A's AWS
    account: Databricks is off here and nothing else belongs there) and kinesis-account."""
    dep, kin = deployed["states"]["deployment-account"], deployed["states"]["kinesis-account"]
    assert dep["resources"] == []
    assert dep["outputs"]["credential_role_arn"]["value"] == deployed["cfg"].kinesis_role_arn
    # what the stack read (the existing stream, at plan time) and what it manages
    assert {r["type"] for r in kin["resources"] if r["mode"] == "data"} == {"aws_kinesis_stream"}
    assert {r["type"] for r in kin["resources"] if r["mode"] == "managed"} == {
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policies_exclusive",
        "aws_iam_role_policy_attachments_exclusive",
    }


def test_bs_role_has_exactly_the_two_unity_catalog_trust_statements(deployed):
    cfg, role = deployed["cfg"], deployed["role"]
    side = kinesis_side(cfg)
    assert role["Arn"] == cfg.kinesis_role_arn
    assert role["AssumeRolePolicyDocument"] == side.trust_policy.to_dict()
    statements = role["AssumeRolePolicyDocument"]["Statement"]
    assert [s["Sid"] for s in statements] == ["UnityCatalogAssumeRole", "ExplicitSelfRoleAssumption"]
    assert statements[0]["Principal"] == {"AWS": deployed["master"]}
    assert [s for s in statements if s["Condition"]["StringEquals"] != {"sts:ExternalId": EXTERNAL_ID}] == []
    assert deployed["inline"] == {side.role_name: present(side.access_policy).to_dict()}


def test_wiring_master_role_to_kinesis_role_to_stream(deployed):
    """Wiring test: the master role (in Databricks' account) assumes B's role with the external ID, that
    session assumes B's role again (the self-assumption), and reads back the record it wrote."""
    walk, cfg = deployed["walk"], deployed["cfg"]
    assert present(arns.parse(deployed["master"]))["account"] == "414351767826"
    session = cfg.kinesis_role_arn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
    master, kinesis, itself = walk.identities
    assert master.startswith(deployed["master"].replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/")
    assert kinesis.startswith(session + "/") and itself.startswith(session + "/")
    assert walk.accounts[1:] == (B, B)
    assert walk.records[STREAM][1]


def test_second_plan_shows_no_changes(deployed):
    proc = deployed["replan"]
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "No changes." in proc.stdout
