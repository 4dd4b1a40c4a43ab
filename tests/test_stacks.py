"""Stack tests with cdktf's Testing API (run_validations=True): values in the synthesized Terraform JSON."""
from __future__ import annotations

import base64
import json

import pytest

from kinesis_xacct.config import parse_config
from kinesis_xacct.policies import deployment_side, kinesis_side

from .helpers import SEED, variant

from kinesis_xacct import cdk
from kinesis_xacct.stacks import DeploymentAccountStack, KinesisAccountStack, state_path

A, B = "111111111111", "222222222222"


def synth_both(data: dict) -> tuple[dict, dict]:
    cfg = parse_config(data)
    app = cdk.Testing.app()
    dep = DeploymentAccountStack(app, cfg, deployment_side(cfg), state_path=state_path("deployment-account"))
    kin = KinesisAccountStack(app, cfg, kinesis_side(cfg), state_path=state_path("kinesis-account"))
    kin.add_dependency(dep)
    return (json.loads(cdk.Testing.synth(kin, True)), json.loads(cdk.Testing.synth(dep, True)))


def resources(tf: dict, rtype: str) -> list[dict]:
    return list(tf.get("resource", {}).get(rtype, {}).values())


def data_sources(tf: dict, dtype: str) -> list[dict]:
    return list(tf.get("data", {}).get(dtype, {}).values())


@pytest.fixture(scope="module")
def example():
    return synth_both(variant())


@pytest.fixture(scope="module")
def seed():
    return synth_both(variant(SEED))


@pytest.fixture(scope="module")
def full_featured():
    return synth_both(variant(**{
        "kinesis_account.deploy_role_arn": f"arn:aws:iam::{B}:role/Deployer",
        "deployment_account.deploy_role_arn": f"arn:aws:iam::{A}:role/Deployer",
        "kinesis_account.external_id": "myExternalCode",
        "kinesis_account.access": "read-efo",
        "kinesis_account.streams": [{"name": "testStream", "create": True}, {"name": "other"}],
        "databricks.sts_endpoint": "https://sts.us-east-1.amazonaws.com",
        "databricks.host": "https://example.cloud.databricks.com",
    }))


def test_providers_are_aliased_locked_and_tagged(example):
    kin, dep = example
    (kp,) = kin["provider"]["aws"]
    (dp,) = dep["provider"]["aws"]
    assert (kp["alias"], kp["allowed_account_ids"], kp["region"]) == ("kinesis", [B], "us-east-1")
    assert (dp["alias"], dp["allowed_account_ids"], dp["region"]) == ("deployment", [A], "us-east-1")
    assert kp["default_tags"] == [{"tags": {"managed-by": "kinesis-xacct"}}]
    assert "assume_role" not in kp  # deploy_role_arn null = ambient credentials
    for tf, alias in ((kin, "aws.kinesis"), (dep, "aws.deployment")):
        for rtype, items in tf["resource"].items():
            if rtype.startswith("aws_"):
                assert all(r["provider"] == alias for r in items.values()), rtype


def test_assume_role_block_carries_the_role_arn(full_featured):
    kin, dep = full_featured
    assert kin["provider"]["aws"][0]["assume_role"][0]["role_arn"] == f"arn:aws:iam::{B}:role/Deployer"
    assert dep["provider"]["aws"][0]["assume_role"][0]["role_arn"] == f"arn:aws:iam::{A}:role/Deployer"


def test_kinesis_role_trust_and_permissions(example):
    kin, _ = example
    (role,) = resources(kin, "aws_iam_role")
    assert role["name"] == "KinesisCrossAccountRole"
    trust = json.loads(role["assume_role_policy"])
    assert trust["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{A}:role/DatabricksToKinesisAssumeRole"}
    (policy,) = resources(kin, "aws_iam_role_policy")
    doc = json.loads(policy["policy"])
    assert [s["Resource"] for s in doc["Statement"]] == [f"arn:aws:kinesis:us-east-1:{B}:stream/testStream"]
    assert resources(kin, "aws_kinesis_stream") == [] and resources(kin, "aws_kms_key") == []


def test_seed_attaches_full_access_and_trusts_account(seed):
    kin, _ = seed
    (att,) = resources(kin, "aws_iam_role_policy_attachment")
    assert att["policy_arn"] == "arn:aws:iam::aws:policy/AmazonKinesisFullAccess"
    assert resources(kin, "aws_iam_role_policy") == []
    trust = json.loads(resources(kin, "aws_iam_role")[0]["assume_role_policy"])
    assert {json.dumps(s["Principal"], sort_keys=True) for s in trust["Statement"]} == {
        json.dumps({"AWS": f"arn:aws:iam::{A}:root"}), json.dumps({"Service": "ec2.amazonaws.com"})}


def test_created_stream_is_kms_encrypted_with_rotating_key(full_featured):
    kin, _ = full_featured
    (stream,) = resources(kin, "aws_kinesis_stream")
    (key,) = resources(kin, "aws_kms_key")
    assert stream["name"] == "testStream" and stream["encryption_type"] == "KMS"
    assert stream["kms_key_id"].startswith("${aws_kms_key.") and stream["kms_key_id"].endswith(".arn}")
    assert key["enable_key_rotation"] is True
    policy = json.loads(key["policy"])
    assert {s["Sid"] for s in policy["Statement"]} == {"KeyAdministration", "KinesisUseInAccount",
                                                        "CrossAccountRoleUse"}
    # the key policy names the role, so the key waits for it
    assert any(d.startswith("aws_iam_role.") for d in key["depends_on"])


GIVEN_KEY = f"arn:aws:kms:us-east-1:{B}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture(scope="module")
def full_with_keys():
    return synth_both(variant(**{
        "kinesis_account.access": "full", "databricks.enabled": False,
        "kinesis_account.streams": [{"name": "testStream", "kms_key_arn": GIVEN_KEY},
                                    {"name": "provisioned", "create": True, "shard_count": 2},
                                    {"name": "ondemand", "create": True, "mode": "on-demand"},
                                    {"name": "givenkey", "create": True, "kms_key_arn": GIVEN_KEY}]}))


def test_full_with_a_given_key_has_the_key_statement_beside_the_managed_policy(full_with_keys):
    kin, _ = full_with_keys
    (att,) = resources(kin, "aws_iam_role_policy_attachment")
    assert att["policy_arn"] == "arn:aws:iam::aws:policy/AmazonKinesisFullAccess"
    (policy,) = resources(kin, "aws_iam_role_policy")
    (st,) = json.loads(policy["policy"])["Statement"]
    assert (st["Sid"], st["Action"], st["Resource"]) == ("UseStreamKeys", ["kms:Decrypt", "kms:GenerateDataKey"],
                                                         GIVEN_KEY)
    assert st["Condition"] == {"StringEquals": {"kms:ViaService": "kinesis.us-east-1.amazonaws.com"}}
    assert policy["role"].startswith("${aws_iam_role.")


def test_created_streams_modes_and_consumer_deletion(full_with_keys):
    kin, _ = full_with_keys
    streams = {s["name"]: s for s in resources(kin, "aws_kinesis_stream")}
    assert set(streams) == {"provisioned", "ondemand", "givenkey"}
    assert all(s["enforce_consumer_deletion"] is True and s["encryption_type"] == "KMS" for s in streams.values())
    assert streams["provisioned"]["shard_count"] == 2
    assert streams["provisioned"]["stream_mode_details"] == {"stream_mode": "PROVISIONED"}
    assert "shard_count" not in streams["ondemand"]
    assert streams["ondemand"]["stream_mode_details"] == {"stream_mode": "ON_DEMAND"}
    assert streams["givenkey"]["kms_key_id"] == GIVEN_KEY


def test_kms_key_arns_output_names_each_created_key(full_with_keys):
    kin, _ = full_with_keys
    keys = kin["resource"]["aws_kms_key"]
    output = kin["output"]["kms_key_arns"]
    # one key per stream without a given key, each named by its stream; the given key is not in the output
    assert output["value"] == {name: "${aws_kms_key.%s.arn}" % next(k for k, v in keys.items()
                                                                    if v["description"].endswith(f" {name}"))
                               for name in ("provisioned", "ondemand")}
    assert "Producers" in output["description"] and "kms:GenerateDataKey" in output["description"]


def test_deployment_stack_role_profile_passrole(example):
    _, dep = example
    (role,) = resources(dep, "aws_iam_role")
    assert json.loads(role["assume_role_policy"])["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}
    (profile,) = resources(dep, "aws_iam_instance_profile")
    assert profile["name"] == "DatabricksToKinesisAssumeRole" and profile["role"].startswith("${aws_iam_role.")
    by_name = {p["name"]: p for p in resources(dep, "aws_iam_role_policy")}
    assume = json.loads(by_name["assume-kinesis-account-role"]["policy"])["Statement"][0]
    assert assume["Action"] == "sts:AssumeRole"
    assert assume["Resource"] == f"arn:aws:iam::{B}:role/KinesisCrossAccountRole"
    passrole = by_name["kinesis-xacct-passrole"]
    assert passrole["role"] == "databricks-cross-account"  # attached by name: the workspace role is not managed
    st = json.loads(passrole["policy"])["Statement"][0]
    assert (st["Action"], st["Resource"]) == ("iam:PassRole", f"arn:aws:iam::{A}:role/DatabricksToKinesisAssumeRole")
    assert st["Condition"] == {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}


def test_databricks_resources(full_featured):
    _, dep = full_featured
    assert dep["provider"]["databricks"] == [{"host": "https://example.cloud.databricks.com"}]
    (ip,) = resources(dep, "databricks_instance_profile")
    assert ip["instance_profile_arn"] == f"arn:aws:iam::{A}:instance-profile/DatabricksToKinesisAssumeRole"
    (cluster,) = resources(dep, "databricks_cluster")
    assert cluster["data_security_mode"] == "SINGLE_USER"
    assert cluster["aws_attributes"]["instance_profile_arn"].startswith("${databricks_instance_profile.")
    (nb,) = resources(dep, "databricks_notebook")
    assert nb["path"] == "/Shared/kinesis-xacct/validate_kinesis" and nb["language"] == "PYTHON"
    source = base64.b64decode(nb["content_base64"]).decode()
    assert f'"arn:aws:iam::{B}:role/KinesisCrossAccountRole"' in source
    assert '.option("roleExternalId", "myExternalCode")' in source
    assert '.option("stsEndpoint", "https://sts.us-east-1.amazonaws.com")' in source
    assert len(data_sources(dep, "databricks_spark_version")) == 1


def test_no_databricks_when_disabled():
    _, dep = synth_both(variant(**{"databricks.enabled": False}))
    assert "databricks" not in dep["provider"]
    assert not any(t.startswith("databricks_") for t in dep.get("resource", {}))
    assert "databricks" not in dep["terraform"]["required_providers"]


def test_required_providers_admit_5_100_and_6(example):
    for tf in example:
        assert tf["terraform"]["required_providers"]["aws"] == {"source": "hashicorp/aws",
                                                                "version": ">= 5.100.0, < 7.0.0"}


def test_outputs_are_described(example):
    kin, dep = example
    assert set(kin["output"]) == {"kinesis_role_arn", "stream_arns"}  # kms_key_arns: only with created keys
    assert set(dep["output"]) == {"instance_profile_role_arn", "instance_profile_arn", "cluster_id", "notebook_path"}
    assert all(o["description"] for tf in example for o in tf["output"].values())
