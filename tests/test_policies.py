"""Unit tests of the policy objects and builders (pure Python, no cdktf)."""

from __future__ import annotations

import json

import pytest

from kinesis_xacct.config import parse_config
from kinesis_xacct.iam.document import PolicyDocument, PolicyError, Statement
from kinesis_xacct.iam.policies import deployment_side, kinesis_side, producer_policy

from .helpers import SEED, present, variant

A, B = "111111111111", "222222222222"
A_ROLE = f"arn:aws:iam::{A}:role/DatabricksToKinesisAssumeRole"
B_ROLE = f"arn:aws:iam::{B}:role/KinesisCrossAccountRole"
STREAM = f"arn:aws:kinesis:us-east-1:{B}:stream/testStream"
# The actions as AWS's Service Authorization Reference names them for Kinesis (written out here, not read from
# the builder): reading a stream, enhanced fan-out on the stream and on its consumers, writing.
READ = [
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
]
WRITE = ["kinesis:PutRecord", "kinesis:PutRecords"]


def cfg(base=None, **changes):
    return parse_config(variant(base, **changes) if base else variant(**changes))


# ------------------------------------------------------------------------------------------ statements


def test_identity_statement_needs_resources_and_no_principal():
    with pytest.raises(PolicyError, match="needs resources"):
        PolicyDocument("identity", [Statement(sid="A", actions=("s3:GetObject",))])
    with pytest.raises(PolicyError, match="must not name a principal"):
        PolicyDocument(
            "identity", [Statement(sid="A", actions=("s3:GetObject",), resources=("*",), principals={"AWS": ("x",)})]
        )


def test_trust_statement_needs_principal_no_resources_sts_only():
    with pytest.raises(PolicyError, match="needs a principal"):
        PolicyDocument("trust", [Statement(sid="T", actions=("sts:AssumeRole",))])
    with pytest.raises(PolicyError, match="must not name resources"):
        PolicyDocument(
            "trust", [Statement(sid="T", actions=("sts:AssumeRole",), resources=("*",), principals={"AWS": (A_ROLE,)})]
        )
    with pytest.raises(PolicyError, match="only allows sts"):
        PolicyDocument("trust", [Statement(sid="T", actions=("s3:GetObject",), principals={"AWS": (A_ROLE,)})])


@pytest.mark.parametrize(
    "bad",
    [
        dict(sid="has space", actions=("s3:GetObject",)),
        dict(sid="A", actions=()),
        dict(sid="A", actions=("GetObject",)),
        dict(sid="A", actions=("s3:GetObject", "s3:GetObject")),
    ],
)
def test_statement_checks_itself_at_construction(bad):
    with pytest.raises(PolicyError):
        Statement(**bad)


def test_duplicate_sids_rejected():
    s = Statement(sid="Same", actions=("s3:GetObject",), resources=("arn:aws:s3:::b/*",))
    with pytest.raises(PolicyError, match="duplicate Sid"):
        PolicyDocument("identity", [s, s])


def test_json_is_compact_and_round_trips():
    doc = PolicyDocument(
        "identity", [Statement(sid="A", actions=("s3:GetObject", "s3:PutObject"), resources=("arn:aws:s3:::b/*",))]
    )
    text = doc.to_json()
    assert " " not in text
    assert json.loads(text) == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"}
        ],
    }
    assert doc.size() == len(text)


# ------------------------------------------------------------------------------------------ builders


def test_default_trust_is_exactly_the_deployment_role():
    trust = kinesis_side(cfg()).trust_policy.to_dict()
    assert trust["Statement"] == [
        {"Sid": "TrustDeploymentRole", "Effect": "Allow", "Principal": {"AWS": A_ROLE}, "Action": "sts:AssumeRole"}
    ]


def test_external_id_becomes_a_condition():
    trust = kinesis_side(cfg(**{"kinesis_account.external_id": "myExternalCode"})).trust_policy
    st = trust.by_sid()["TrustDeploymentRole"]
    assert st.conditions == {"StringEquals": {"sts:ExternalId": ("myExternalCode",)}}


def test_seed_trust_is_account_root_plus_ec2():
    side = kinesis_side(parse_config(variant(SEED)))
    sids = side.trust_policy.by_sid()
    assert sids["TrustDeploymentAccount"].principals == {"AWS": (f"arn:aws:iam::{A}:root",)}
    assert sids["TrustEc2Service"].principals == {"Service": ("ec2.amazonaws.com",)}
    assert side.access_policy is None
    assert side.managed_policy_arns == ("arn:aws:iam::aws:policy/AmazonKinesisFullAccess",)


def test_read_access_is_exactly_the_read_actions_on_the_streams():
    doc = present(kinesis_side(cfg()).access_policy)
    assert [s.sid for s in doc.statements] == ["ReadStreams"]
    st = doc.statements[0]
    assert set(st.actions) == {
        "kinesis:DescribeStream",
        "kinesis:DescribeStreamSummary",
        "kinesis:GetRecords",
        "kinesis:GetShardIterator",
        "kinesis:ListShards",
    }
    assert st.resources == (STREAM,)


def test_read_efo_scopes_consumer_actions_to_consumers():
    doc = present(kinesis_side(cfg(**{"kinesis_account.access": "read-efo"})).access_policy).to_dict()
    assert doc == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "ReadStreams", "Effect": "Allow", "Action": READ, "Resource": STREAM},
            {
                "Sid": "EnhancedFanOutStreams",
                "Effect": "Allow",
                "Action": ["kinesis:ListStreamConsumers", "kinesis:RegisterStreamConsumer"],
                "Resource": STREAM,
            },
            {
                "Sid": "EnhancedFanOutConsumers",
                "Effect": "Allow",
                "Action": [
                    "kinesis:DeregisterStreamConsumer",
                    "kinesis:DescribeStreamConsumer",
                    "kinesis:SubscribeToShard",
                ],
                # Only this deployment's consumer names: sha256(B's role ARN)[:8] and the role's name, as the
                # Databricks source registers them (databricks_<name>) and as passed, on any stream of B's
                # account in the region (registering is allowed on the configured stream only).
                "Resource": [
                    f"arn:aws:kinesis:us-east-1:{B}:stream/*/consumer/databricks_kinesis-xacct-ec3c22c6-kinesiscrossaccountrole-*",
                    f"arn:aws:kinesis:us-east-1:{B}:stream/*/consumer/kinesis-xacct-ec3c22c6-kinesiscrossaccountrole-*",
                ],
            },
        ],
    }


def test_read_write_adds_put():
    doc = present(kinesis_side(cfg(**{"kinesis_account.access": "read-write"})).access_policy).to_dict()
    assert doc == {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "ReadWriteStreams", "Effect": "Allow", "Action": READ + WRITE, "Resource": STREAM}],
    }


def test_kms_decrypt_only_on_given_keys_via_kinesis():
    key = f"arn:aws:kms:us-east-1:{B}:key/1234abcd-12ab-34cd-86ef-1234567890ab"
    doc = present(kinesis_side(cfg(**{"kinesis_account.streams.0.kms_key_arn": key})).access_policy).by_sid()
    st = doc["UseStreamKeys"]
    assert st.actions == ("kms:Decrypt",) and st.resources == (key,)
    assert st.conditions == {"StringEquals": {"kms:ViaService": ("kinesis.us-east-1.amazonaws.com",)}}


KEY = f"arn:aws:kms:us-east-1:{B}:key/1234abcd-12ab-34cd-86ef-1234567890ab"
KEY2 = f"arn:aws:kms:us-east-1:{B}:key/mrk-0123456789abcdef0123456789abcdef"


def test_full_without_keys_has_no_inline_policy():
    side = kinesis_side(cfg(**{"kinesis_account.access": "full"}))
    assert side.access_policy is None and side.inline_access_policy is None
    assert side.managed_policy_arns == ("arn:aws:iam::aws:policy/AmazonKinesisFullAccess",)


def test_full_with_given_keys_adds_the_key_statement_next_to_the_managed_policy():
    """AmazonKinesisFullAccess grants no KMS action: with a customer-managed key the role needs its own grant,
    decrypt and (full writes) generate data keys, through Kinesis only, on exactly the given keys."""
    side = kinesis_side(
        cfg(
            **{
                "kinesis_account.access": "full",
                "kinesis_account.streams": [
                    {"name": "a", "kms_key_arn": KEY2},
                    {"name": "b"},
                    {"name": "c", "create": True, "kms_key_arn": KEY},
                    {"name": "d", "kms_key_arn": KEY},
                ],
            }
        )
    )
    assert side.managed_policy_arns == ("arn:aws:iam::aws:policy/AmazonKinesisFullAccess",)
    (st,) = present(side.access_policy).statements
    assert st.sid == "UseStreamKeys" and st.actions == ("kms:Decrypt", "kms:GenerateDataKey")
    assert st.resources == (KEY, KEY2)
    assert st.conditions == {"StringEquals": {"kms:ViaService": ("kinesis.us-east-1.amazonaws.com",)}}
    assert side.inline_access_policy == side.access_policy and side.customer_policies == ()


def test_full_with_only_created_keys_needs_no_inline_policy():
    """A key the stack creates names the role in its key policy (decrypt + generate data keys for full)."""
    side = kinesis_side(
        cfg(**{"kinesis_account.access": "full", "kinesis_account.streams": [{"name": "c", "create": True}]})
    )
    assert side.access_policy is None
    (created,) = side.created_streams
    assert present(created.key_policy).by_sid()["CrossAccountRoleUse"].actions == ("kms:Decrypt", "kms:GenerateDataKey")


def test_created_stream_modes():
    side = kinesis_side(
        cfg(
            **{
                "kinesis_account.streams": [
                    {"name": "p", "create": True, "shard_count": 3},
                    {"name": "o", "create": True, "mode": "on-demand"},
                    {"name": "d", "create": True},
                ]
            }
        )
    )
    assert [(s.name, s.mode, s.shard_count) for s in side.created_streams] == [
        ("p", "PROVISIONED", 3),
        ("o", "ON_DEMAND", None),
        ("d", "PROVISIONED", 1),
    ]


def test_producer_policy_is_put_on_the_stream_and_generate_data_key_through_kinesis():
    c = cfg(**{"kinesis_account.streams": [{"name": "testStream", "create": True}]})
    (created,) = kinesis_side(c).created_streams
    doc = producer_policy(c, created, KEY).by_sid()
    assert doc["PutRecords"].actions == ("kinesis:PutRecord", "kinesis:PutRecords")
    assert doc["PutRecords"].resources == (STREAM,)
    assert doc["EncryptWithStreamKey"].actions == ("kms:GenerateDataKey",)
    assert doc["EncryptWithStreamKey"].resources == (KEY,)
    assert doc["EncryptWithStreamKey"].conditions == {
        "StringEquals": {"kms:ViaService": ("kinesis.us-east-1.amazonaws.com",)}
    }


def test_created_stream_gets_a_key_policy_naming_the_role():
    side = kinesis_side(cfg(**{"kinesis_account.streams.0.create": True}))
    (created,) = side.created_streams
    assert created.arn == STREAM and created.kms_key_arn is None
    policy = present(created.key_policy).by_sid()
    assert policy["CrossAccountRoleUse"].principals == {"AWS": (B_ROLE,)}
    assert policy["CrossAccountRoleUse"].actions == ("kms:Decrypt",)
    principals = [p for s in present(created.key_policy).statements for v in s.principals.values() for p in v]
    assert [p for p in principals if "*" in p] == []


def test_deployment_side_policies():
    d = deployment_side(cfg())
    assert d.role_arn == A_ROLE
    assert d.instance_profile_arn == f"arn:aws:iam::{A}:instance-profile/DatabricksToKinesisAssumeRole"
    assert d.trust_policy.to_dict()["Statement"] == [
        {
            "Sid": "TrustEc2",
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ]
    assert d.assume_policy.to_dict()["Statement"] == [
        {"Sid": "AssumeKinesisAccountRole", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": B_ROLE}
    ]
    assert d.passrole_policy.to_dict()["Statement"] == [
        {
            "Sid": "PassKinesisInstanceProfileRole",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": A_ROLE,
            "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
        }
    ]


@pytest.mark.parametrize(
    "partition,region,role,stream,ec2",
    [
        (
            "aws-cn",
            "cn-north-1",
            "arn:aws-cn:iam::111111111111:role/DatabricksToKinesisAssumeRole",
            "arn:aws-cn:kinesis:cn-north-1:222222222222:stream/testStream",
            "ec2.amazonaws.com.cn",
        ),
        (
            "aws-us-gov",
            "us-gov-west-1",
            "arn:aws-us-gov:iam::111111111111:role/DatabricksToKinesisAssumeRole",
            "arn:aws-us-gov:kinesis:us-gov-west-1:222222222222:stream/testStream",
            "ec2.amazonaws.com",
        ),
    ],
)
def test_arns_follow_the_partition(partition, region, role, stream, ec2):
    c = cfg(partition=partition, region=region)
    d = deployment_side(c)
    assert d.role_arn == role
    assert kinesis_side(c).stream_arns == (stream,)
    assert d.passrole_policy.statements[0].conditions["StringEquals"]["iam:PassedToService"] == (ec2,)
