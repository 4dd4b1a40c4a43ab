"""Account A: the role Databricks clusters run as, its instance profile, and PassRole for the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinesis_xacct.cdk.framework import Construct, aws
from kinesis_xacct.cdk.literal import literal

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider
from kinesis_xacct.constructs.existing import existing_role
from kinesis_xacct.constructs.kinesis_access import CrossAccountRole, inline_policy
from kinesis_xacct.iam.modes import DeploymentSide


class InstanceProfileRole(Construct):
    """Role + instance profile as one unit: EC2 may assume the role; the role may assume account B's role.

    ``adopt``: both exist already (made by hand) and are imported by name, then updated in place. Of
    ``aws_iam_instance_profile``'s arguments ``name``/``name_prefix``/``path`` force a new profile; ``role``
    is changed in place (remove + add).
    """

    def __init__(self, scope: Construct, id_: str, provider: TerraformProvider, side: DeploymentSide, *, adopt: bool):
        super().__init__(scope, id_)
        self.role = CrossAccountRole(self, "assume", provider, side.role_spec, adopt=adopt).role
        name = literal(side.instance_profile_name)
        self.instance_profile = aws("iam_instance_profile").IamInstanceProfile(
            self, "profile", provider=provider, name=name, role=self.role.name
        )
        if adopt:
            self.instance_profile.import_from(name, provider)


class PassRoleGrant(Construct):
    """An inline policy added by name to an existing role (the workspace's). The role itself is never managed: it
    is read (a data source, at plan time), and the policy names it by the name read, so a role that does not exist
    fails the plan before anything is created (docs/existing.md)."""

    def __init__(self, scope: Construct, id_: str, provider: TerraformProvider, side: DeploymentSide):
        """The inline policy ``side.passrole_policy_name`` on the workspace role ``side.workspace_role_name``."""
        super().__init__(scope, id_)
        self.workspace_role = existing_role(self, "workspace-role", provider, side.workspace_role_name)
        role = self.workspace_role.name
        self.policy = inline_policy(self, provider, side.passrole_policy_name, role, side.passrole_policy)
