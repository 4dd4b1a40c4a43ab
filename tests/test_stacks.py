"""Stack tests with cdktf's Testing API (run_validations=True): values in the synthesized Terraform JSON."""

from __future__ import annotations

import ast
import base64
import json
from typing import cast

import pytest

from kinesis_xacct.cdk import framework as cdk
from kinesis_xacct.cdk.literal import terraform_json
from kinesis_xacct.config import parse_config
from kinesis_xacct.iam.policies import kinesis_side
from kinesis_xacct.synth.app import build_stacks

from .helpers import SEED, variant

A, B = "111111111111", "222222222222"


def synth_both(data: dict) -> tuple[dict, dict]:
    cfg = parse_config(data)
    app = cdk.Testing.app()
    with terraform_json():  # Testing.synth writes Terraform JSON, not the HCL the product writes
        dep, kin = build_stacks(app, cfg, state_dir="../../..")
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
    return synth_both(
        variant(
            **{
                "kinesis_account.deploy_role_arn": f"arn:aws:iam::{B}:role/Deployer",
                "deployment_account.deploy_role_arn": f"arn:aws:iam::{A}:role/Deployer",
                "kinesis_account.external_id": "myExternalCode",
                "kinesis_account.access": "read-efo",
                "kinesis_account.streams": [{"name": "testStream", "create": True}, {"name": "other"}],
                "databricks.sts_endpoint": "https://sts.us-east-1.amazonaws.com",
                "databricks.host": "https://example.cloud.databricks.com",
            }
        )
    )


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
                assert [(rtype, n) for n, r in items.items() if r["provider"] != alias] == []


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
        json.dumps({"AWS": f"arn:aws:iam::{A}:root"}),
        json.dumps({"Service": "ec2.amazonaws.com"}),
    }


def test_created_stream_is_kms_encrypted_with_rotating_key(full_featured):
    kin, _ = full_featured
    (stream,) = resources(kin, "aws_kinesis_stream")
    (key,) = resources(kin, "aws_kms_key")
    assert stream["name"] == "testStream" and stream["encryption_type"] == "KMS"
    assert stream["kms_key_id"].startswith("${aws_kms_key.") and stream["kms_key_id"].endswith(".arn}")
    assert key["enable_key_rotation"] is True
    policy = json.loads(key["policy"])
    assert {s["Sid"] for s in policy["Statement"]} == {
        "KeyAdministration",
        "KinesisUseInAccount",
        "CrossAccountRoleUse",
    }
    # the key policy names the role, so the key waits for it
    assert [d for d in key["depends_on"] if d.startswith("aws_iam_role.")], key["depends_on"]


GIVEN_KEY = f"arn:aws:kms:us-east-1:{B}:key/1234abcd-12ab-34cd-86ef-1234567890ab"


@pytest.fixture(scope="module")
def full_with_keys():
    return synth_both(
        variant(
            **{
                "kinesis_account.access": "full",
                "databricks.enabled": False,
                "kinesis_account.streams": [
                    {"name": "testStream", "kms_key_arn": GIVEN_KEY},
                    {"name": "provisioned", "create": True, "shard_count": 2},
                    {"name": "ondemand", "create": True, "mode": "on-demand"},
                    {"name": "givenkey", "create": True, "kms_key_arn": GIVEN_KEY},
                ],
            }
        )
    )


def test_full_with_a_given_key_has_the_key_statement_beside_the_managed_policy(full_with_keys):
    kin, _ = full_with_keys
    (att,) = resources(kin, "aws_iam_role_policy_attachment")
    assert att["policy_arn"] == "arn:aws:iam::aws:policy/AmazonKinesisFullAccess"
    (policy,) = resources(kin, "aws_iam_role_policy")
    (st,) = json.loads(policy["policy"])["Statement"]
    assert (st["Sid"], st["Action"], st["Resource"]) == (
        "UseStreamKeys",
        ["kms:Decrypt", "kms:GenerateDataKey"],
        GIVEN_KEY,
    )
    assert st["Condition"] == {"StringEquals": {"kms:ViaService": "kinesis.us-east-1.amazonaws.com"}}
    assert policy["role"].startswith("${aws_iam_role.")


def test_created_streams_modes_and_consumer_deletion(full_with_keys):
    kin, _ = full_with_keys
    streams = {s["name"]: s for s in resources(kin, "aws_kinesis_stream")}
    assert set(streams) == {"provisioned", "ondemand", "givenkey"}
    assert [
        n for n, s in streams.items() if not (s["enforce_consumer_deletion"] is True and s["encryption_type"] == "KMS")
    ] == []
    assert streams["provisioned"]["shard_count"] == 2
    assert streams["provisioned"]["stream_mode_details"] == {"stream_mode": "PROVISIONED"}
    assert "shard_count" not in streams["ondemand"]
    assert streams["ondemand"]["stream_mode_details"] == {"stream_mode": "ON_DEMAND"}
    # the given key as read at plan time (docs/existing.md)
    ((address, key),) = kin["data"]["aws_kms_key"].items()
    assert key["key_id"] == GIVEN_KEY
    assert streams["givenkey"]["kms_key_id"] == f"${{data.aws_kms_key.{address}.arn}}"


def test_kms_key_arns_output_names_each_created_key(full_with_keys):
    kin, _ = full_with_keys
    keys = kin["resource"]["aws_kms_key"]
    output = kin["output"]["kms_key_arns"]
    # one key per stream without a given key, each named by its stream; the given key is not in the output
    assert output["value"] == {
        name: "${aws_kms_key." + next(k for k, v in keys.items() if v["description"].endswith(f" {name}")) + ".arn}"
        for name in ("provisioned", "ondemand")
    }
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
    passrole = by_name["kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"]
    # attached by name to the role read at plan time (a data source): the workspace role is not managed
    ((address, workspace_role),) = dep["data"]["aws_iam_role"].items()
    assert workspace_role["name"] == "databricks-cross-account"
    assert passrole["role"] == f"${{data.aws_iam_role.{address}.name}}"
    st = json.loads(passrole["policy"])["Statement"][0]
    assert (st["Action"], st["Resource"]) == ("iam:PassRole", f"arn:aws:iam::{A}:role/DatabricksToKinesisAssumeRole")
    assert st["Condition"] == {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}


def test_databricks_resources(full_featured):
    _, dep = full_featured
    assert dep["provider"]["databricks"] == [{"host": "https://example.cloud.databricks.com"}]
    (ip,) = resources(dep, "databricks_instance_profile")
    assert ip["instance_profile_arn"] == f"arn:aws:iam::{A}:instance-profile/DatabricksToKinesisAssumeRole"
    assert ip["skip_validation"] is False
    (cluster,) = resources(dep, "databricks_cluster")
    assert cluster["data_security_mode"] == "SINGLE_USER"
    assert cluster["aws_attributes"]["instance_profile_arn"].startswith("${databricks_instance_profile.")
    (nb,) = resources(dep, "databricks_notebook")
    assert nb["language"] == "PYTHON"
    source = base64.b64decode(nb["content_base64"]).decode()
    assert f'"arn:aws:iam::{B}:role/KinesisCrossAccountRole"' in source
    assert '"roleExternalId": "myExternalCode",' in source  # the read's; the reader passes it when set
    assert '"stsEndpoint": "sts.us-east-1.amazonaws.com",' in source  # the host, as the guide writes it


def _address(tf: dict, rtype: str, item: dict) -> str:
    (name,) = [n for n, v in tf["resource"][rtype].items() if v is item]
    return f"{rtype}.{name}"


def _one(tf: dict, rtype: str) -> tuple[str, dict]:
    (item,) = resources(tf, rtype)
    return _address(tf, rtype, item), item


def test_registration_waits_for_profile_passrole_and_propagation(example):
    _, dep = example
    profile, _ = _one(dep, "aws_iam_instance_profile")
    role, _ = _one(dep, "aws_iam_role")
    (passrole,) = [
        _address(dep, "aws_iam_role_policy", p)
        for p in resources(dep, "aws_iam_role_policy")
        if p["name"] == "kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"
    ]
    sleep_addr, sleep = _one(dep, "time_sleep")
    _, registration = _one(dep, "databricks_instance_profile")
    # The registration: after the IAM profile, the PassRole grant and the wait (explicit edges in the HCL).
    assert set(registration["depends_on"]) == {profile, passrole, sleep_addr}
    # The wait: after both IAM resources, and re-created (waiting again) when either document changes.
    assert set(sleep["depends_on"]) == {profile, passrole}
    assert sleep["create_duration"] == "30s" and sleep["provider"] == "time"
    assert sleep["triggers"] == {
        "instance_profile_role": f"${{{profile}.role}}",
        "instance_profile_role_trust": f"${{{role}.assume_role_policy}}",
        "passrole_policy": f"${{{passrole}.policy}}",
    }
    assert dep["terraform"]["required_providers"]["time"] == {
        "source": "hashicorp/time",
        "version": ">= 0.13.0, < 1.0.0",
    }
    assert dep["provider"]["time"] == [{}]


def test_registration_options_pass_through():
    _, dep = synth_both(variant(**{"databricks.skip_validation": True, "databricks.iam_propagation_seconds": 0}))
    _, registration = _one(dep, "databricks_instance_profile")
    _, sleep = _one(dep, "time_sleep")
    assert registration["skip_validation"] is True and sleep["create_duration"] == "0s"


@pytest.fixture(scope="module")
def with_groups():
    return synth_both(
        variant(
            **{
                "databricks.groups": ["users", "data engineers"],
                "databricks.single_user_name": "alice@example.com",
                "databricks.notebook_path": "/Users/alice@example.com/kx/check",
            }
        )
    )


def test_each_group_gets_the_instance_profile(with_groups, example):
    _, dep = with_groups
    registration, _ = _one(dep, "databricks_instance_profile")
    groups = dep["data"]["databricks_group"]
    assert sorted(g["display_name"] for g in groups.values()) == ["data engineers", "users"]
    roles = resources(dep, "databricks_group_role")
    assert sorted(r["group_id"] for r in roles) == sorted(f"${{data.databricks_group.{n}.id}}" for n in groups)
    assert [r for r in roles if r["role"] != f"${{{registration}.id}}"] == []
    _, example_dep = example
    assert resources(example_dep, "databricks_group_role") == [] and "databricks_group" not in example_dep["data"]


def test_notebook_folder_permissions_only_for_the_groups(with_groups, example):
    _, dep = with_groups
    folder_addr, folder = _one(dep, "databricks_directory")
    assert folder["path"] == "/Users/alice@example.com/kx"
    (nb,) = resources(dep, "databricks_notebook")
    assert nb["path"] == f"${{{folder_addr}.path}}/check"
    targets = ("directory_path", "cluster_id", "job_id")
    by_target = {next(t for t in targets if t in p): p for p in resources(dep, "databricks_permissions")}
    assert len(by_target) == len(resources(dep, "databricks_permissions")) == 3
    assert by_target["directory_path"]["directory_path"] == f"${{{folder_addr}.path}}"
    assert by_target["directory_path"]["access_control"] == [
        {"group_name": "users", "permission_level": "CAN_RUN"},
        {"group_name": "data engineers", "permission_level": "CAN_RUN"},
    ]
    assert {a["permission_level"] for a in by_target["job_id"]["access_control"]} == {"CAN_MANAGE_RUN"}
    # the groups may attach to the interactive cluster (the provider's cluster level CAN_ATTACH_TO); the list is
    # authoritative, so the dedicated cluster's own user is in it too (CAN_RESTART), whoever deploys
    cluster_addr, cluster = _one(dep, "databricks_cluster")
    assert by_target["cluster_id"]["cluster_id"] == f"${{{cluster_addr}.id}}"
    assert by_target["cluster_id"]["access_control"] == [
        {"group_name": "users", "permission_level": "CAN_ATTACH_TO"},
        {"group_name": "data engineers", "permission_level": "CAN_ATTACH_TO"},
        {"user_name": cluster["single_user_name"], "permission_level": "CAN_RESTART"},
    ]
    # Default: the home of the cluster's one user (private to them and the admins), fixed by the config and never
    # the deploying identity's (tests/test_plan_identity.py), no grants, never /Shared.
    _, dep = example
    _, folder = _one(dep, "databricks_directory")
    assert "databricks_current_user" not in dep.get("data", {})
    assert folder["path"] == "/Users/you@example.com/kinesis-xacct"
    assert resources(dep, "databricks_permissions") == []


def test_job_runs_the_notebook_on_its_own_cluster_with_the_profile(example):
    _, dep = example
    registration, _ = _one(dep, "databricks_instance_profile")
    notebook, _ = _one(dep, "databricks_notebook")
    job_addr, job = _one(dep, "databricks_job")
    (cluster,) = job["job_cluster"]
    (task,) = job["task"]
    assert task["job_cluster_key"] == cluster["job_cluster_key"] and "existing_cluster_id" not in task
    assert task["notebook_task"] == {"notebook_path": f"${{{notebook}.path}}"}
    new = cluster["new_cluster"]
    assert new["aws_attributes"] == {"instance_profile_arn": f"${{{registration}.instance_profile_arn}}"}
    assert new["data_security_mode"] == "SINGLE_USER" and new["num_workers"] == 0
    assert new["spark_version"] == "16.4.x-scala2.12"
    assert job["max_concurrent_runs"] == 1 and job["timeout_seconds"] == 3600
    assert dep["output"]["job_id"]["value"] == f"${{{job_addr}.id}}"
    _, without = synth_both(variant(**{"databricks.job": False}))
    assert resources(without, "databricks_job") == [] and "job_id" not in without["output"]


def test_nothing_drifts_by_itself(example, with_groups):
    _, dep = example
    _, cluster = _one(dep, "databricks_cluster")
    assert cluster["spark_version"] == "16.4.x-scala2.12" and cluster["is_pinned"] is True
    assert "databricks_spark_version" not in dep.get("data", {})  # no lookup that changes with the provider
    # the cluster's one user is the config's (required), never the deploying identity's
    assert cluster["single_user_name"] == "you@example.com" and "databricks_current_user" not in dep["data"]
    _, dep = with_groups
    _, cluster = _one(dep, "databricks_cluster")
    assert cluster["single_user_name"] == "alice@example.com"
    assert "databricks_current_user" not in dep["data"]  # user and path given: no lookup
    _, dep = synth_both(variant(**{"databricks.spark_version": "15.4.x-scala2.12", "databricks.pin_cluster": False}))
    _, cluster = _one(dep, "databricks_cluster")
    assert (cluster["spark_version"], cluster["is_pinned"]) == ("15.4.x-scala2.12", False)
    assert resources(dep, "databricks_job")[0]["job_cluster"][0]["new_cluster"]["spark_version"] == "15.4.x-scala2.12"


@pytest.mark.parametrize("access,efo", [("read", False), ("read-efo", True), ("read-write", False), ("full", False)])
def test_notebook_reads_per_access_mode(access, efo):
    """The notebook the stack deploys, per access mode: EFO options exactly for read-efo (the rendered source
    is run in PySpark by tests/test_notebook_spark.py)."""
    _, dep = synth_both(variant(SEED) if access == "full" else variant(**{"kinesis_account.access": access}))
    (nb,) = resources(dep, "databricks_notebook")
    tree = ast.parse(base64.b64decode(nb["content_base64"]).decode())
    options = {
        cast(ast.Constant, node.args[0]).value: node.args[1]
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "option"
    }
    # the EFO options are set for a read whose access is read-efo, with that read's consumer name
    assert {"consumerMode", "consumerName", "requireConsumerDeregistration"} <= set(options)
    assert cast(ast.Constant, options["consumerMode"]).value == "efo"
    reads = next(
        ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign) and cast(ast.Name, n.targets[0]).id == "READS"
    )
    assert {r["access"] for r in reads} == {access}
    assert all((r["consumerName"] is not None) is efo for r in reads)
    assert 'if read["access"] == "read-efo":' in base64.b64decode(nb["content_base64"]).decode()
    triggers = [
        kw for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords if kw.arg == "availableNow"
    ]
    assert [ast.literal_eval(kw.value) for kw in triggers] == [True]


def test_no_databricks_when_disabled():
    _, dep = synth_both(variant(**{"databricks.enabled": False}))
    assert "databricks" not in dep["provider"]
    assert [t for t in dep.get("resource", {}) if t.startswith("databricks_")] == []
    assert "databricks" not in dep["terraform"]["required_providers"]
    assert "time" not in dep["provider"] and "time" not in dep["terraform"]["required_providers"]
    assert "time_sleep" not in dep.get("resource", {})


def test_required_providers_admit_5_100_and_6(example):
    for tf in example:
        assert tf["terraform"]["required_providers"]["aws"] == {
            "source": "hashicorp/aws",
            "version": ">= 5.100.0, < 7.0.0",
        }


def test_outputs_are_described(example):
    kin, dep = example
    assert set(kin["output"]) == {"kinesis_role_arn", "stream_arns"}  # kms_key_arns: only with created keys
    assert set(dep["output"]) == {
        "instance_profile_role_arn",
        "instance_profile_arn",
        "cluster_id",
        "notebook_path",
        "job_id",
    }
    assert [name for tf in example for name, o in tf["output"].items() if not o["description"]] == []


# --------------------------------------------------------------------------- adopt_existing, exclusive policies


def _address_where(tf: dict, rtype: str, predicate) -> str:
    """``rtype.<logical id>`` of the one resource of ``rtype`` for which ``predicate(resource)`` holds."""
    (name,) = [n for n, r in tf.get("resource", {}).get(rtype, {}).items() if predicate(r)]
    return f"{rtype}.{name}"


def _ref(address: str, attribute: str) -> str:
    return "${" + f"{address}.{attribute}" + "}"


@pytest.fixture(scope="module")
def adopted():
    return synth_both(
        variant(
            **{
                "adopt_existing": True,
                "kinesis_account.access": "full",
                "kinesis_account.streams": [{"name": "made", "create": True}, {"name": "existing"}],
            }
        )
    )


def test_no_import_blocks_by_default(example, full_featured):
    for tf in (*example, *full_featured):
        assert "import" not in tf


def test_adopt_imports_exactly_the_roles_the_profile_and_the_created_streams(adopted):
    """The import blocks name the objects a hand-made setup has and creation would refuse, by the IDs the
    AWS provider imports them with (role and instance profile: the name; stream: the name), through the
    stack's aliased provider. Inline policies, attachments, the key and its alias are created (or, by name,
    overwritten), never imported; the workspace role is never imported."""
    kin, dep = adopted
    role_b = _address_where(kin, "aws_iam_role", lambda r: r["name"] == "KinesisCrossAccountRole")
    stream = _address_where(kin, "aws_kinesis_stream", lambda r: r["name"] == "made")
    role_a = _address_where(dep, "aws_iam_role", lambda r: r["name"] == "DatabricksToKinesisAssumeRole")
    profile = _address_where(dep, "aws_iam_instance_profile", lambda r: r["name"] == "DatabricksToKinesisAssumeRole")
    assert sorted(kin["import"], key=lambda i: i["to"]) == sorted(
        [
            {"to": role_b, "id": "KinesisCrossAccountRole", "provider": "aws.kinesis"},
            {"to": stream, "id": "made", "provider": "aws.kinesis"},
        ],
        key=lambda i: i["to"],
    )
    assert sorted(dep["import"], key=lambda i: i["to"]) == sorted(
        [
            {"to": role_a, "id": "DatabricksToKinesisAssumeRole", "provider": "aws.deployment"},
            {"to": profile, "id": "DatabricksToKinesisAssumeRole", "provider": "aws.deployment"},
        ],
        key=lambda i: i["to"],
    )


def test_adopted_objects_keep_their_names(adopted):
    """Import + a changed name or path would be a replacement: the declared names are the imported IDs,
    and no path is set (the provider's default "/", the console's)."""
    kin, dep = adopted
    for tf in adopted:
        for imp in tf["import"]:
            rtype, name = imp["to"].split(".")
            resource = tf["resource"][rtype][name]
            assert resource["name"] == imp["id"] and "path" not in resource and "name_prefix" not in resource


def _exclusive(tf: dict, role_address: str) -> tuple[dict, dict]:
    ref = _ref(role_address, "name")
    (inline,) = [r for r in resources(tf, "aws_iam_role_policies_exclusive") if r["role_name"] == ref]
    (attached,) = [r for r in resources(tf, "aws_iam_role_policy_attachments_exclusive") if r["role_name"] == ref]
    return inline, attached


@pytest.mark.parametrize("fixture", ["example", "adopted"])
def test_each_owned_role_has_exactly_its_declared_policies(fixture, request):
    """Every role the project owns lists exactly its declared inline policies and attachments in the
    exclusive resources, by reference (so Terraform creates the declared ones first); the workspace role,
    which the project only adds one inline policy to, has no exclusive resource."""
    for tf in request.getfixturevalue(fixture):
        roles = tf["resource"]["aws_iam_role"]
        assert len(resources(tf, "aws_iam_role_policies_exclusive")) == len(roles)
        assert len(resources(tf, "aws_iam_role_policy_attachments_exclusive")) == len(roles)
        for name in roles:
            address = f"aws_iam_role.{name}"
            inline, attached = _exclusive(tf, address)
            own = {
                n: p
                for n, p in tf["resource"].get("aws_iam_role_policy", {}).items()
                if p["role"] == _ref(address, "name")
            }
            assert sorted(inline["policy_names"]) == sorted(_ref(f"aws_iam_role_policy.{n}", "name") for n in own)
            own_att = [
                n
                for n, p in tf["resource"].get("aws_iam_role_policy_attachment", {}).items()
                if p["role"] == _ref(address, "name")
            ]
            assert sorted(attached["policy_arns"]) == sorted(
                _ref(f"aws_iam_role_policy_attachment.{n}", "policy_arn") for n in own_att
            )
        for rtype in ("aws_iam_role_policies_exclusive", "aws_iam_role_policy_attachments_exclusive"):
            assert [r for r in resources(tf, rtype) if not r["role_name"].startswith("${aws_iam_role.")] == []


def test_exclusive_lists_match_the_builders(adopted):
    """``full``: B's role has no inline policy and exactly the managed attachment; A's role exactly the
    assume policy and no attachment."""
    kin, dep = adopted
    (role_b,) = kin["resource"]["aws_iam_role"]
    inline, attached = _exclusive(kin, f"aws_iam_role.{role_b}")
    assert (
        inline["policy_names"] == []
        and len(attached["policy_arns"])
        == len(kinesis_side(parse_config(variant(**{"kinesis_account.access": "full"}))).managed_policy_arns)
        == 1
    )
    (role_a,) = dep["resource"]["aws_iam_role"]
    inline, attached = _exclusive(dep, f"aws_iam_role.{role_a}")
    assert len(inline["policy_names"]) == 1 and attached["policy_arns"] == []
