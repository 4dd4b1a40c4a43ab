"""Account A: the role Databricks clusters run as, its instance profile, and PassRole for the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinesis_xacct.cdk.framework import Construct, aws
from kinesis_xacct.cdk.literal import literal

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider
from kinesis_xacct.constructs.kinesis_access import CrossAccountRole
from kinesis_xacct.iam.document import PolicyDocument


class InstanceProfileRole(Construct):
    """Role + instance profile as one unit: EC2 may assume the role; the role may assume account B's role.

    ``adopt``: both exist already (made by hand) and are imported by name, then updated in place. Of
    ``aws_iam_instance_profile``'s arguments ``name``/``name_prefix``/``path`` force a new profile; ``role``
    is changed in place (remove + add).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        provider: TerraformProvider,
        role_name: str,
        instance_profile_name: str,
        trust_policy: PolicyDocument,
        assume_policy: PolicyDocument,
        adopt: bool = False,
    ):
        super().__init__(scope, id_)
        self.role = CrossAccountRole(
            self,
            "assume",
            provider=provider,
            role_name=role_name,
            description="kinesis-xacct: Databricks cluster role that assumes the Kinesis account's role",
            trust_policy=trust_policy,
            inline_policy_name="assume-kinesis-account-role",
            inline_policy=assume_policy,
            adopt=adopt,
        ).role
        self.instance_profile = aws("iam_instance_profile").IamInstanceProfile(
            self, "profile", provider=provider, name=literal(instance_profile_name), role=self.role.name
        )
        if adopt:
            self.instance_profile.import_from(literal(instance_profile_name), provider)


class PassRoleGrant(Construct):
    """An inline policy added by name to an existing role (the workspace's). The role itself is never managed."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        provider: TerraformProvider,
        role_name: str,
        policy_name: str,
        policy: PolicyDocument,
    ):
        super().__init__(scope, id_)
        if policy.kind != "identity":
            raise ValueError("the PassRole grant must be an identity document")
        self.policy = aws("iam_role_policy").IamRolePolicy(
            self,
            "policy",
            provider=provider,
            name=literal(policy_name),
            role=literal(role_name),
            policy=literal(policy.to_json()),
        )
