"""docs/permissions.md is generated from the resource types the stacks manage, and every type has its permissions."""

from __future__ import annotations

import pytest

from kinesis_xacct.ops import permissions

from .helpers import ROOT


@pytest.fixture(scope="module")
def found():
    return permissions.stack_types()


def test_every_resource_type_of_the_stacks_has_its_permissions(found):
    assert permissions.unknown_types(found) == []
    # The variants reach what the page promises: both accounts, created streams with keys, both Databricks modes.
    assert {"aws_kinesis_stream", "aws_kms_key", "aws_iam_role"} <= found["kinesis-account"]
    assert {"aws_iam_instance_profile", "databricks_instance_profile", "databricks_credential"} <= found[
        "deployment-account"
    ]


def test_a_new_resource_type_without_permissions_is_reported():
    assert permissions.unknown_types({"kinesis-account": {"aws_iam_role", "aws_sqs_queue"}}) == ["aws_sqs_queue"]


def test_permissions_page_is_current(found):
    """Regenerate with `make docs` when this fails."""
    assert (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8") == permissions.render(found)


def test_policy_holds_exactly_the_actions_of_the_types():
    doc = permissions.policy({"aws_kms_alias", "provider"})
    assert doc["Statement"][0]["Action"] == sorted(
        permissions.AWS_ACTIONS["aws_kms_alias"] + permissions.AWS_ACTIONS["provider"]
    )
