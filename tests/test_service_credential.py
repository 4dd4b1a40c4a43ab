"""databricks.auth service-credential (issue 12): config rules, B's trust, the Databricks resources, the
cross-stack external ID (local and S3 backends), the notebook and runbook per mode. In-process and cheap; the
emulator deploy and the chain walk are in test_service_credential_emulator.py, the IAM analysis and checkov in
test_security.py."""

from __future__ import annotations

import base64
import json

import pytest

from kinesis_xacct.cdk import framework as cdk
from kinesis_xacct.cdk.literal import terraform_json
from kinesis_xacct.config import names, parse_config
from kinesis_xacct.config.rules import ONLY_INSTANCE_PROFILE, ONLY_SERVICE_CREDENTIAL
from kinesis_xacct.iam.policies import CREDENTIAL_EXTERNAL_ID, credential_side, kinesis_side
from kinesis_xacct.paths import DEPLOYMENT_STACK
from kinesis_xacct.platform import arns, versions
from kinesis_xacct.render import templates
from kinesis_xacct.render.summary import summary
from kinesis_xacct.stacks.pair import state_path
from kinesis_xacct.synth.app import build_stacks

from . import tf
from .helpers import SERVICE_CREDENTIAL, synth_main, variant
from .helpers import one_pair_problems as problems

# The config's state folder as seen from a stack folder (what paths.state_dir_from_stack gives the synth).
STATE_DIR = "../../../.kinesis-xacct-state/config.yaml"
B = "222222222222"
ROLE = arns.iam_role("aws", B, "KinesisCrossAccountRole")


def sc(**changes) -> dict:
    return variant(SERVICE_CREDENTIAL, **changes)


def synth(data: dict, tmp_path) -> tuple[dict, dict]:
    """(kinesis-account, deployment-account) as Terraform JSON, synthesized by the app's own App (a whole-app
    synth: cross-stack references are resolved there, not in a single stack's Testing.synth)."""
    app = cdk.App(outdir=str(tmp_path / f"out-{len(list(tmp_path.iterdir()))}"), hcl_output=False)
    with terraform_json():  # Terraform JSON output, not the HCL the product writes
        dep, kin = build_stacks(app, parse_config(data), state_dir=STATE_DIR)
    app.synth()
    return kin.to_terraform(), dep.to_terraform()


def resources(tf: dict, rtype: str) -> list[dict]:
    return list(tf.get("resource", {}).get(rtype, {}).values())


# ------------------------------------------------------------------------------------------ config rules


def test_the_example_is_valid_and_needs_no_deployment_account():
    cfg = parse_config(sc())
    # The credential's default name is the deployment's own: B's role and account (unique in the metastore).
    assert cfg.uses_service_credential and cfg.databricks.service_credential_name is None
    assert names.credential_name(cfg) == "kinesis-xacct-kinesiscrossaccountrole-222222222222"
    data = sc()
    del data["deployment_account"]
    assert parse_config(data).deployment_account is None


def test_instance_profile_mode_still_requires_deployment_account():
    data = variant()
    del data["deployment_account"]
    assert [p for p, _ in problems(data)] == ["deployment_account"]


@pytest.mark.parametrize("dotted", [d for d, _ in ONLY_INSTANCE_PROFILE])
def test_instance_profile_keys_are_errors_in_service_credential_mode(dotted):
    value = {
        "kinesis_account.trust": "role",
        "kinesis_account.trust_ec2_service": False,
        "deployment_account.deploy_role_arn": "arn:aws:iam::111111111111:role/Deployer",
        "databricks.single_user_name": "me@example.com",
        "databricks.sts_endpoint": "https://sts.us-east-1.amazonaws.com",
        "databricks.skip_validation": True,
        "databricks.iam_propagation_seconds": 30,
    }.get(dotted, "SomeName")
    found = problems(sc(**{dotted: value}))
    assert [p for p, _ in found] == [dotted]
    assert "databricks.auth service-credential" in found[0][1] and "remove it" in found[0][1]


@pytest.mark.parametrize("dotted", [d for d, _ in ONLY_SERVICE_CREDENTIAL])
def test_service_credential_keys_are_errors_in_instance_profile_mode(dotted):
    value = "kinesis-xacct" if dotted.endswith("name") else arns.unity_catalog_master_role("aws")
    found = problems(variant(**{dotted: value}))
    assert [p for p, _ in found] == [dotted] and "databricks.auth instance-profile" in found[0][1]


def test_aws_cn_has_no_databricks():
    found = problems(sc(partition="aws-cn", region="cn-north-1"))
    assert ("databricks.auth" in [p for p, _ in found]) and any("aws-cn" in r for _, r in found)


def test_disabled_databricks_needs_an_external_id():
    found = problems(sc(**{"databricks.enabled": False}))
    assert [p for p, _ in found] == ["kinesis_account.external_id"]
    parse_config(sc(**{"databricks.enabled": False, "kinesis_account.external_id": "given-id"}))


def test_runtime_below_16_1_is_refused():
    assert [p for p, _ in problems(sc(**{"databricks.spark_version": "15.4.x-scala2.12"}))] == [
        "databricks.spark_version"
    ]
    parse_config(sc(**{"databricks.spark_version": "16.4.x-scala2.12"}))


def test_unity_catalog_role_must_be_a_role_of_the_partition():
    assert [p for p, _ in problems(sc(**{"databricks.unity_catalog_iam_arn": "not-an-arn"}))] == [
        "databricks.unity_catalog_iam_arn"
    ]
    dod = arns.unity_catalog_master_role_dod()
    assert [p for p, _ in problems(sc(**{"databricks.unity_catalog_iam_arn": dod}))] == [
        "databricks.unity_catalog_iam_arn"
    ]  # a GovCloud role in a commercial config
    cfg = parse_config(sc(partition="aws-us-gov", region="us-gov-west-1", **{"databricks.unity_catalog_iam_arn": dod}))
    assert cfg.unity_catalog_role_arn == dod


# ------------------------------------------------------------------------------------------ B's trust


@pytest.mark.parametrize("partition,region", [("aws", "us-east-1"), ("aws-us-gov", "us-gov-west-1")])
def test_trust_is_the_providers_unity_catalog_assume_role_policy(partition, region):
    """The two statements of databricks_aws_unity_catalog_assume_role_policy (provider source
    aws/data_aws_unity_catalog_assume_role_policy.go): the master role of the partition with the external
    ID, and the role's own account root narrowed to the role's ARN, with the same external ID."""
    # An external ID in the config only with the credential made elsewhere (databricks.enabled false).
    cfg = parse_config(
        sc(partition=partition, region=region, **{"databricks.enabled": False, "kinesis_account.external_id": "ext-1"})
    )
    role = arns.iam_role(partition, B, "KinesisCrossAccountRole")
    doc = kinesis_side(cfg).trust_policy.to_dict()
    assert [s["Sid"] for s in doc["Statement"]] == ["UnityCatalogAssumeRole", "ExplicitSelfRoleAssumption"]
    master, self_ = doc["Statement"]
    assert master["Principal"] == {"AWS": arns.unity_catalog_master_role(partition)}
    assert master["Condition"] == {"StringEquals": {"sts:ExternalId": "ext-1"}}
    assert self_["Principal"] == {"AWS": arns.account_root(partition, B)}
    assert self_["Condition"] == {"ArnLike": {"aws:PrincipalArn": role}, "StringEquals": {"sts:ExternalId": "ext-1"}}
    assert {s["Action"] for s in doc["Statement"]} == {"sts:AssumeRole"}
    assert {s["Effect"] for s in doc["Statement"]} == {"Allow"}


def test_computed_external_id_is_a_placeholder_until_the_stack():
    side = kinesis_side(parse_config(sc()))
    assert side.external_id_placeholder == CREDENTIAL_EXTERNAL_ID
    assert side.trust_policy.to_json().count(CREDENTIAL_EXTERNAL_ID) == 2
    given = sc(**{"databricks.enabled": False, "kinesis_account.external_id": "x-1"})
    assert kinesis_side(parse_config(given)).external_id_placeholder is None


def test_access_policy_is_the_same_in_both_modes_plus_the_self_assumption():
    for changes in (
        {},
        {"kinesis_account.access": "read-efo"},
        {"kinesis_account.streams": [{"name": "s1", "create": True}]},
        {"kinesis_account.access": "full"},
    ):
        ip, sc_ = kinesis_side(parse_config(variant(**changes))), kinesis_side(parse_config(sc(**changes)))
        assert ip.created_streams == sc_.created_streams
        assert sc_.access_policy is not None
        own, *rest = sc_.access_policy.statements
        assert (own.sid, own.actions, own.resources, own.conditions) == ("AssumeSelf", ("sts:AssumeRole",), (ROLE,), {})
        assert rest == (list(ip.access_policy.statements) if ip.access_policy else [])


@pytest.mark.parametrize("group", ["users", "admins", "Users"])
def test_workspace_local_groups_are_refused(group):
    found = problems(sc(**{"databricks.groups": ["analysts", group]}))
    assert [p for p, _ in found] == ["databricks.groups"]
    assert "account groups" in found[0][1] and repr(group) in found[0][1]
    # instance-profile mode grants the instance profile to workspace groups: users is fine there
    assert parse_config(variant(**{"databricks.groups": ["users"]})).databricks.groups == ["users"]


# ------------------------------------------------------------------------------------------ the stacks


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    return synth(
        sc(
            **{
                "databricks.groups": ["data-engineers", "analysts"],
                "databricks.host": "https://example.cloud.databricks.com",
            }
        ),
        tmp_path_factory.mktemp("sc"),
    )


def test_deployment_stack_holds_only_databricks_resources(computed):
    _, dep = computed
    assert "aws" not in dep.get("provider", {}) and "aws" not in dep["terraform"]["required_providers"]
    assert [t for t in dep["resource"] if not t.startswith("databricks_")] == []
    assert dep["provider"]["databricks"] == [{"host": "https://example.cloud.databricks.com"}]


def test_credential_wraps_bs_role_and_skips_validation(computed):
    _, dep = computed
    (cred,) = resources(dep, "databricks_credential")
    assert (cred["name"], cred["purpose"], cred["skip_validation"]) == (
        "kinesis-xacct-kinesiscrossaccountrole-222222222222",
        "SERVICE",
        True,
    )
    assert cred["aws_iam_role"] == {"role_arn": ROLE}  # a string, not a reference: B's role comes after it
    assert cred["isolation_mode"] == "ISOLATION_MODE_ISOLATED"  # usable from this workspace only


def test_grants_access_per_group(computed, tmp_path):
    _, dep = computed
    # the credential's grants (the checkpoint volume's: tests/test_checkpoint_volume.py)
    (grants,) = [g for g in resources(dep, "databricks_grants") if "credential" in g]
    assert grants["credential"].startswith("${databricks_credential.") and grants["credential"].endswith(".name}")
    assert grants["grant"] == [
        {"principal": "data-engineers", "privileges": ["ACCESS"]},
        {"principal": "analysts", "privileges": ["ACCESS"]},
    ]
    _, dep = synth(sc(), tmp_path)
    assert resources(dep, "databricks_grants") == []  # no groups: owner and metastore admins only (credential, volume)


def test_cluster_and_job_are_standard_access_mode_without_instance_profile(computed):
    _, dep = computed
    (cluster,) = resources(dep, "databricks_cluster")
    assert cluster["data_security_mode"] == "USER_ISOLATION"
    assert "aws_attributes" not in cluster and "single_user_name" not in cluster
    assert cluster["spark_version"] == versions.DEFAULT_SPARK_VERSION  # 16.4 LTS: serviceCredential needs 16.1
    (job,) = resources(dep, "databricks_job")
    (job_cluster,) = job["job_cluster"]
    assert job_cluster["new_cluster"]["data_security_mode"] == "USER_ISOLATION"
    assert "aws_attributes" not in job_cluster["new_cluster"]
    for rtype in ("databricks_instance_profile", "databricks_group_role", "time_sleep"):
        assert resources(dep, rtype) == [], rtype
    assert "time" not in dep["terraform"]["required_providers"]
    # the groups may run the job and the notebook (#10's permissions), and use the credential (grants)
    perms = resources(dep, "databricks_permissions")
    assert {tuple(a["group_name"] for a in p["access_control"]) for p in perms} == {("data-engineers", "analysts")}
    # ... and attach to the interactive cluster (CAN_ATTACH_TO), where a member's run proves their own access
    (on_cluster,) = [p for p in perms if "cluster_id" in p]
    assert {a["permission_level"] for a in on_cluster["access_control"]} == {"CAN_ATTACH_TO"}
    assert on_cluster["cluster_id"].startswith("${databricks_cluster.") and on_cluster["cluster_id"].endswith(".id}")


def test_cross_stack_reference_with_the_local_backend(computed):
    kin, dep = computed
    (role,) = resources(kin, "aws_iam_role")
    (remote,) = kin["data"]["terraform_remote_state"].values()
    assert remote["backend"] == "local"
    assert remote["config"] == {"path": state_path(DEPLOYMENT_STACK, STATE_DIR)} == dep["terraform"]["backend"]["local"]
    [(name, output)] = [(n, o) for n, o in dep["output"].items() if n.startswith("cross-stack-output-")]
    assert output["value"].startswith("${databricks_credential.")
    assert output["value"].endswith(".aws_iam_role[0].external_id}")
    remote_name = next(iter(kin["data"]["terraform_remote_state"]))
    ref = f"data.terraform_remote_state.{remote_name}.outputs.{name}"
    # replace() on the literal document: the placeholder becomes the credential's external ID
    side = kinesis_side(parse_config(sc()))
    assert role["assume_role_policy"] == (
        "${replace("
        + json.dumps(side.trust_policy.to_json())
        + ", "
        + json.dumps(CREDENTIAL_EXTERNAL_ID)
        + ", "
        + ref
        + ")}"
    )


def test_cross_stack_reference_with_the_s3_backend(tmp_path):
    kin, dep = synth(
        sc(
            backend={
                "type": "s3",
                "bucket": "team-tf-state",
                "key_prefix": "xacct",
                "role_arn": "arn:aws:iam::333333333333:role/StateAccess",
            }
        ),
        tmp_path,
    )
    (remote,) = kin["data"]["terraform_remote_state"].values()
    assert remote["backend"] == "s3"
    state = dep["terraform"]["backend"]["s3"]
    assert remote["config"]["bucket"] == state["bucket"] == "team-tf-state"
    assert remote["config"]["key"] == state["key"] == "xacct/deployment-account.tfstate"
    assert remote["config"]["region"] == state["region"]
    assert remote["config"]["assume_role"] == state["assume_role"]


def test_given_external_id_needs_no_cross_stack_reference(tmp_path):
    # A given external ID: only with the credential made elsewhere (databricks.enabled false).
    given = sc(**{"databricks.enabled": False, "kinesis_account.external_id": "given-1"})
    kin, dep = synth(given, tmp_path)
    assert "data" not in kin or "terraform_remote_state" not in kin["data"]
    assert [n for n in dep.get("output", {}) if n.startswith("cross-stack-output-")] == []
    (role,) = resources(kin, "aws_iam_role")
    assert json.loads(role["assume_role_policy"]) == kinesis_side(parse_config(given)).trust_policy.to_dict()


def test_disabled_databricks_leaves_an_empty_deployment_stack(tmp_path):
    kin, dep = synth(sc(**{"databricks.enabled": False, "kinesis_account.external_id": "given-1"}), tmp_path)
    assert "resource" not in dep and "provider" not in dep
    assert dep["output"]["credential_role_arn"]["value"] == ROLE
    assert set(kin["resource"]) == {
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policies_exclusive",
        "aws_iam_role_policy_attachments_exclusive",
    }  # exclusive: issue 13


# ------------------------------------------------------------------------------------ notebook, runbook


def _notebook(dep: dict) -> str:
    (nb,) = resources(dep, "databricks_notebook")
    return base64.b64decode(nb["content_base64"]).decode()


def test_notebook_reads_with_the_service_credential(computed):
    src = _notebook(computed[1])
    assert '"serviceCredential": "kinesis-xacct-kinesiscrossaccountrole-222222222222",' in src
    assert '.option("serviceCredential", read["serviceCredential"])' in src
    assert "roleArn" not in src and "roleExternalId" not in src and "stsEndpoint" not in src
    assert "WINDOW_MINUTES = 15" in src and 'writeStream.format("noop")' in src  # a bounded recent window
    compile(src, "notebook", "exec")


def test_notebook_of_the_instance_profile_mode_is_unchanged():
    src = templates.render_notebook(parse_config(variant(**{"kinesis_account.external_id": "e-1"})))
    assert '.option("roleArn", read["roleArn"])' in src and '"roleExternalId": "e-1",' in src
    assert "serviceCredential" not in src


def test_runbook_and_summary_explain_the_mode():
    cfg = parse_config(sc(**{"databricks.groups": ["analysts"]}))
    text = templates.render_runbook(cfg, "sc.yaml", kinesis_side(cfg), credential_side(cfg))
    for needle in (
        "Unity Catalog service credential",
        "skip_validation",
        "validate-credential",
        "group `analysts`",
        "standard access mode",
        "## The two modes side by side",
        arns.unity_catalog_master_role("aws"),
        "terraform_remote_state",
    ):
        assert needle in text, needle
    assert "instance profile registration, cluster" not in text
    # the deploy-together paragraph describes this mode: the credential's external ID, not A's role's unique ID
    together = text[text.index("**Always deploy both stacks together**") :]
    together = together[: together.index("\n\n")]
    assert "AROA" not in together and "A's role" not in together
    assert "new external ID" in together and "`kinesis-account` is applied again" in together
    assert "AssumeSelf" in together
    assert "ISOLATION_MODE_ISOLATED" in text and "account group `analysts`" in text
    validate = text[text.index("## Validate") : text.index("## Roll back")]
    assert "last 15 minutes" in validate and "NO RECORDS" in validate and "numInputRows" in validate
    lines = summary(cfg, "sc.yaml")
    assert "databricks.auth service-credential" in lines and "nothing in its AWS account" in lines
    assert "ACCESS for groups: analysts" in lines and arns.unity_catalog_master_role("aws") in lines


def test_kinesis_stack_with_the_cross_stack_reference_validates(tmp_path):
    """The HCL as users get it (python main.py): kinesis-account, whose trust reads the credential's external
    ID through terraform_remote_state, passes terraform init + validate with no warning (the Databricks stack
    cannot be validated here: no Databricks provider binary)."""
    out = tmp_path / "out"
    proc = synth_main(SERVICE_CREDENTIAL, out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    stack = out / "stacks" / "kinesis-account"
    hcl = (stack / "cdk.tf").read_text()
    assert 'data "terraform_remote_state" "cross-stack-reference-input-deployment-account"' in hcl
    assert "assume_role_policy" in hcl and "${replace(" in hcl
    tf.init(stack, backend=False)
    result = json.loads(tf.terraform(["validate", "-json"], stack).stdout)
    assert result["valid"] is True and result["warning_count"] == 0 and result["error_count"] == 0, result
