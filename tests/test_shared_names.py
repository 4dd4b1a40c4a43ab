"""Names in places other deployments share: the Unity Catalog credential (unique in the metastore), the PassRole
policy on the workspace role (unique on the role), instance profiles (unique in the account) and the EFO
consumer (unique on the stream). Each collision inside one config is a config error naming both places; each
default differs between deployments; the read-efo role reaches only its own consumer names (proved with
PMapper); and the service-credential rules (no external ID of our own, one region per workspace)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from kinesis_xacct.config import names, parse_config
from kinesis_xacct.config.organisation import parse_organisation
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.iam.policies import credential_side, deployment_side, kinesis_side
from kinesis_xacct.render.templates import consumer_notebook, reader_options, render_notebook

from .helpers import (
    ROOT,
    SERVICE_CREDENTIAL,
    load_yaml,
    one_pair_problems,
    present,
    problems_of,
    run_module,
    variant,
    write_config,
)
from .iam_eval import Role, allowed
from .outputs import line_of

ORGANISATION = ROOT / "config" / "organisation.yaml"
B = "222222222222"
STREAM = f"arn:aws:kinesis:us-east-1:{B}:stream/testStream"
ANY_STREAM = f"arn:aws:kinesis:us-east-1:{B}:stream/*"  # the consumer actions name consumers on any stream
CONSUMER_ACTIONS = ("kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard", "kinesis:DeregisterStreamConsumer")


def org() -> dict[str, Any]:
    return copy.deepcopy(load_yaml(ORGANISATION))


def sc(**changes: Any) -> dict[str, Any]:
    return variant(SERVICE_CREDENTIAL, **changes)


def efo(**changes: Any):
    return parse_config(variant(**{"kinesis_account.access": "read-efo", **changes}))


def role_of(cfg) -> Role:
    return Role(cfg.kinesis_role_arn, identity=[present(kinesis_side(cfg).access_policy).to_dict()])


def notebook_consumer_names(source: str) -> list[str]:
    """The consumerName values a rendered notebook passes (the literal option, or the READS entries)."""
    return re.findall(r'\.option\("consumerName", "([^"]+)"\)', source) + re.findall(
        r'"consumerName": "([^"]+)"', source
    )


# ------------------------------------------------------------------------- service credential names


def test_two_reads_with_one_credential_name_are_an_error_naming_both():
    data = org()
    data["consumers"]["lakehouse"]["reads"][0]["credential_name"] = "kx-shared"
    data["consumers"]["lake2"] = copy.deepcopy(data["consumers"]["lakehouse"])
    data["consumers"]["lake2"]["account_id"] = "666666666666"
    problems = problems_of(data)
    assert [p for p, _ in problems] == ["consumers.lake2.reads.0.credential_name"]
    assert "'kx-shared' is also the credential of consumers.lakehouse.reads.0.credential_name" in problems[0][1]
    assert "unique in the Unity Catalog metastore" in problems[0][1]


def test_one_credential_base_on_two_consumers_collides_per_source():
    data = org()
    data["consumers"]["lakehouse"]["databricks"]["service_credential_name"] = "kx"
    data["consumers"]["lake2"] = copy.deepcopy(data["consumers"]["lakehouse"])
    problems = problems_of(data)
    assert problems == [
        (
            "consumers.lake2.databricks.service_credential_name",
            "service credential 'kx-clickstream' is also the credential of "
            "consumers.lakehouse.databricks.service_credential_name: a credential's name is unique in the Unity "
            "Catalog metastore, which the workspaces of one region usually share",
        )
    ]


def test_default_credential_names_include_the_consumer_and_differ():
    data = org()
    data["consumers"]["lake2"] = copy.deepcopy(data["consumers"]["lakehouse"])
    o = parse_organisation(data)
    got = {(p.consumer, p.source): names.credential_name(p.cfg) for p in o.pairs if p.cfg.uses_service_credential}
    assert got == {
        ("lakehouse", "clickstream"): "kinesis-xacct-lakehouse-clickstream-222222222222",
        ("lake2", "clickstream"): "kinesis-xacct-lake2-clickstream-222222222222",
    }
    # what the stack creates is that name
    sides = mesh(o).consumers
    assert [ps.credential.name for ps in sides["lake2"].pairs if ps.credential] == [got[("lake2", "clickstream")]]


def test_one_pair_credential_default_is_the_deployments_own_and_the_users_choice_is_kept():
    a = parse_config(sc())
    b = parse_config(sc(**{"kinesis_account.role_name": "TeamB.Kinesis"}))
    c = parse_config(sc(**{"kinesis_account.account_id": "999999999999"}))
    assert credential_side(a).name == "kinesis-xacct-kinesiscrossaccountrole-222222222222"
    # a role name with characters a credential name cannot hold: replaced, and a hash of the original added
    assert re.fullmatch(r"kinesis-xacct-teamb_kinesis-[0-9a-f]{8}-222222222222", credential_side(b).name)
    assert credential_side(c).name == "kinesis-xacct-kinesiscrossaccountrole-999999999999"
    assert credential_side(parse_config(sc(**{"databricks.service_credential_name": "mine"}))).name == "mine"
    # the notebook and the reader options use the same name
    assert f'"{credential_side(a).name}"' in render_notebook(a)
    assert ("serviceCredential", credential_side(a).name) in reader_options(a)


# ------------------------------------------------------------------------- PassRole and instance profiles


def test_passrole_policy_is_named_after_the_instance_profile_role():
    a = parse_config(variant())
    b = parse_config(variant(**{"deployment_account.role_name": "OtherTeamRole"}))
    assert deployment_side(a).passrole_policy_name == "kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"
    assert deployment_side(b).passrole_policy_name == "kinesis-xacct-passrole-OtherTeamRole"
    long = parse_config(variant(**{"deployment_account.role_name": "r" * 64}))
    assert deployment_side(long).passrole_policy_name == "kinesis-xacct-passrole-" + "r" * 64  # 87 <= 128
    kept = parse_config(variant(**{"deployment_account.passrole_policy_name": "mine"}))
    assert deployment_side(kept).passrole_policy_name == "mine"


def test_two_consumers_on_one_workspace_role_get_their_own_grant():
    data = org()
    data["consumers"]["fraud"]["account_id"] = data["consumers"]["analytics"]["account_id"]
    data["consumers"]["fraud"]["workspace_role_name"] = data["consumers"]["analytics"]["workspace_role_name"]
    sides = mesh(parse_organisation(data)).consumers
    assert {c: present(sides[c].deployment).passrole_policy_name for c in ("analytics", "fraud")} == {
        "analytics": "kinesis-xacct-passrole-kinesis-xacct-analytics",
        "fraud": "kinesis-xacct-passrole-kinesis-xacct-fraud",
    }
    # one policy name set on both: an error naming both
    for c in ("analytics", "fraud"):
        data["consumers"][c]["passrole_policy_name"] = "kx-passrole"
    problems = problems_of(data)
    assert problems == [
        (
            "consumers.fraud.passrole_policy_name",
            "inline policy 'kx-passrole' on workspace role 'dbx-analytics-workspace' in account 111111111111 is "
            "also consumers.analytics.passrole_policy_name: one would overwrite the other's PassRole grant (leave "
            "it unset: the default is named after each consumer's own role)",
        )
    ]


def test_one_instance_profile_name_in_one_account_is_an_error_naming_both():
    data = org()
    data["consumers"]["fraud"]["account_id"] = data["consumers"]["analytics"]["account_id"]
    for c in ("analytics", "fraud"):
        data["consumers"][c]["instance_profile_name"] = "kx-profile"
    assert problems_of(data) == [
        (
            "consumers.fraud.instance_profile_name",
            "instance profile 'kx-profile' in account 111111111111 is also consumers.analytics.instance_profile_name: "
            "an instance profile's name is unique in its account",
        )
    ]
    # in two accounts the same name is fine
    data["consumers"]["fraud"]["account_id"] = "444444444444"
    parse_organisation(data)


# ------------------------------------------------------------------------- EFO consumer names


def test_read_efo_role_reaches_its_own_consumer_and_no_other_pmapper():
    cfg = efo()
    other = efo(**{"kinesis_account.role_name": "KinesisCrossAccountRole2"})  # another reader of the stream
    mine, theirs = role_of(cfg), role_of(other)
    own_name = names.efo_consumer_name(cfg, "validate")
    other_name = names.efo_consumer_name(other, "validate")
    assert own_name.startswith("kinesis-xacct-") and own_name != other_name
    for action in CONSUMER_ACTIONS:
        # as the Databricks source registers it, with its creation timestamp, and as passed
        assert allowed(mine, action, f"{STREAM}/consumer/databricks_{own_name}:1700000000"), action
        assert allowed(mine, action, f"{STREAM}/consumer/{own_name}:1700000000"), action
        assert allowed(theirs, action, f"{STREAM}/consumer/databricks_{other_name}:1700000000"), action
        # never another deployment's consumer, nor any other consumer of the stream
        for name in (other_name, "databricks_" + other_name, "production-app", "databricks_kinesis-xacct-validate"):
            assert not allowed(mine, action, f"{STREAM}/consumer/{name}:1700000000"), (action, name)
        assert not allowed(theirs, action, f"{STREAM}/consumer/databricks_{own_name}:1700000000"), action
    # registering is on the stream (the consumer does not exist yet)
    assert allowed(mine, "kinesis:RegisterStreamConsumer", STREAM)


def test_no_deployments_consumer_prefix_starts_anothers():
    cfgs = [
        efo(**{"kinesis_account.role_name": role, "kinesis_account.account_id": account})
        for role in ("KinesisCrossAccountRole", "KinesisCrossAccountRole-2", "k")
        for account in (B, "999999999999")
    ]
    prefixes = [names.efo_consumer_prefix(c) for c in cfgs]
    assert len(set(prefixes)) == len(prefixes)
    for p in prefixes:
        assert [q for q in prefixes if q != p and q.startswith(p)] == []
        name = "databricks_" + p + "validate"
        assert len(name) <= names.CONSUMER_NAME_MAX and re.fullmatch(r"[a-zA-Z0-9_.-]+", name)


def test_the_notebook_registers_the_name_the_policy_allows():
    cfg = efo()
    (name,) = notebook_consumer_names(render_notebook(cfg))
    assert name == names.efo_consumer_name(cfg, "validate")
    statement = present(kinesis_side(cfg).access_policy).by_sid()["EnhancedFanOutConsumers"]
    assert f"{ANY_STREAM}/consumer/databricks_{names.efo_consumer_prefix(cfg)}*" in statement.resources
    assert allowed(role_of(cfg), "kinesis:DeregisterStreamConsumer", f"{STREAM}/consumer/databricks_{name}:1")
    (reader,) = [v for k, v in reader_options(cfg) if k == "consumerName"]
    assert allowed(role_of(cfg), "kinesis:SubscribeToShard", f"{STREAM}/consumer/databricks_{reader}:1")


def test_the_organisation_notebook_registers_each_pairs_own_name():
    o = parse_organisation(org())
    m = mesh(o)
    side = m.consumers["analytics"]
    got = notebook_consumer_names(consumer_notebook(side, one_pair=False))
    (efo_pair,) = [ps for ps in side.pairs if ps.pair.cfg.kinesis_account.access == "read-efo"]
    pcfg = efo_pair.pair.cfg
    assert got == [names.efo_consumer_name(pcfg, "validate")] * len(pcfg.kinesis_account.streams)
    role = Role(pcfg.kinesis_role_arn, identity=[present(efo_pair.kinesis.access_policy).to_dict()])
    stream = pcfg.stream_arn(pcfg.kinesis_account.streams[0].name)
    assert allowed(role, "kinesis:DeregisterStreamConsumer", f"{stream}/consumer/databricks_{got[0]}:1")
    assert not allowed(role, "kinesis:DeregisterStreamConsumer", f"{stream}/consumer/databricks_other:1")


# ------------------------------------------------------------------------- access full


def test_access_full_is_refused_in_the_organisation_form():
    data = org()
    data["consumers"]["fraud"]["reads"][0]["access"] = "full"
    (problem,) = problems_of(data)
    assert problem[0] == "consumers.fraud.reads.0.access"
    assert "refused in the organisation form" in problem[1] and "AmazonKinesisFullAccess" in problem[1]
    assert "every stream of the source's account" in problem[1]
    # the one-pair form (the seed's own setting) keeps it
    assert kinesis_side(parse_config(variant(**{"kinesis_account.access": "full"}))).managed_policy_arns


# ------------------------------------------------------------------------- service-credential rules


def test_external_id_on_a_service_credential_is_refused():
    problems = one_pair_problems(sc(**{"kinesis_account.external_id": "mine-1"}))
    assert [p for p, _ in problems] == ["kinesis_account.external_id"]
    assert "the service credential's own external ID" in problems[0][1]
    # the credential made elsewhere (databricks.enabled false): its external ID is required and accepted
    parse_config(sc(**{"databricks.enabled": False, "kinesis_account.external_id": "theirs-1"}))
    # the organisation form: under the read's path
    data = org()
    data["consumers"]["lakehouse"]["reads"][0]["external_id"] = "mine-1"
    problems = problems_of(data)
    assert [p for p, _ in problems] == ["consumers.lakehouse.reads.0.external_id"]
    assert "the service credential's own external ID" in problems[0][1]


def test_service_credential_sources_in_another_region_are_refused():
    data = org()
    data["consumers"]["lakehouse"]["reads"].append({"source": "payments", "streams": ["transactions"]})
    (problem,) = problems_of(data)
    assert problem[0] == "consumers.lakehouse.reads.1.source"
    assert "'payments' is in eu-west-1" in problem[1] and "us-east-1" in problem[1]
    assert "consumers.lakehouse.reads.0.source" in problem[1]
    assert "Create service credentials" in problem[1]
    # instance-profile workspaces may read several regions (analytics does in the example)
    assert {p.cfg.region for p in parse_organisation(org()).pairs_of_consumer("analytics")} == {
        "us-east-1",
        "eu-west-1",
    }


# ------------------------------------------------------------------------- the synthesized stacks


def test_stacks_claim_no_role_they_did_not_create_and_carry_the_names():
    from .test_stacks import resources, synth_both

    data = variant(**{"kinesis_account.access": "read-efo"})
    cfg = parse_config(data)
    kin, dep = synth_both(data)
    workspace_role = cfg.deployment.workspace_role_name
    # exclusive lists only on the roles the stacks create (B's role, A's instance-profile role), by reference
    assert resources(kin, "aws_iam_role_policies_exclusive") and resources(dep, "aws_iam_role_policies_exclusive")
    for tf in (kin, dep):
        for rtype in ("aws_iam_role_policies_exclusive", "aws_iam_role_policy_attachments_exclusive"):
            for item in resources(tf, rtype):
                assert item["role_name"].startswith("${aws_iam_role."), (rtype, item["role_name"])
                assert item["role_name"] != workspace_role
    # the workspace role is read (a data source naming it), never created; it gets one inline policy, named after
    # the role it grants, on the name the data source read
    (read_id,) = [k for k, v in dep["data"]["aws_iam_role"].items() if v["name"] == workspace_role]
    assert workspace_role not in [r["name"] for r in resources(dep, "aws_iam_role")]
    grants = [p for p in resources(dep, "aws_iam_role_policy") if p["role"] == f"${{data.aws_iam_role.{read_id}.name}}"]
    assert [g["name"] for g in grants] == ["kinesis-xacct-passrole-DatabricksToKinesisAssumeRole"]
    # B's role: the consumer actions on the deployment's own consumer names only
    (policy,) = [p for p in resources(kin, "aws_iam_role_policy")]
    consumers = next(s for s in json.loads(policy["policy"])["Statement"] if s.get("Sid") == "EnhancedFanOutConsumers")
    prefix = names.efo_consumer_prefix(cfg)
    assert consumers["Resource"] == [
        f"{ANY_STREAM}/consumer/databricks_{prefix}*",
        f"{ANY_STREAM}/consumer/{prefix}*",
    ]


def test_a_collision_is_one_config_error_line_exit_2_and_nothing_written(tmp_path):
    data = org()
    data["consumers"]["fraud"]["account_id"] = data["consumers"]["analytics"]["account_id"]
    for c in ("analytics", "fraud"):
        data["consumers"][c]["instance_profile_name"] = "kx-profile"
    config = write_config(tmp_path, data)
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = run_module("kinesis_xacct", "check", str(config), timeout=60)
    assert proc.returncode == 2, proc.stderr
    at = f"{config}:{line_of(config, r'^    instance_profile_name:', after=r'^  fraud:')}"
    assert proc.stderr.strip().splitlines() == [
        f"config error: {at}: consumers.fraud.instance_profile_name: instance profile 'kx-profile' in account "
        "111111111111 is also consumers.analytics.instance_profile_name: an instance profile's name is unique in its "
        "account"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
