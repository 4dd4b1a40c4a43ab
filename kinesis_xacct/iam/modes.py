"""The auth modes: how a consumer's clusters reach B's role. Each mode (:data:`MODES`) is one object that supplies
its IAM parts: the trust policy of B's role and the statements the mode adds to its permissions, the role's
description, the external ID placeholder, the consumer's side (role + instance profile in account A, or one
Unity Catalog service credential per pair), the providers its stacks declare and the config keys it does not
use. :func:`mode_of` is where the config's ``databricks.auth`` is read to choose; nothing else tests the mode.

The later layers map a mode to their own parts in one registry each (``stacks.modes``: the consumer stack it
builds; ``render.modes``: its summary, diagram, reader and RUNBOOK parts); docs/layout.md, "The auth mode is a
type".

Pure Python; no cdktf.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from kinesis_xacct.config import names
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.organisation import Pair
from kinesis_xacct.iam.document import PolicyDocument, RoleSpec, Statement
from kinesis_xacct.platform import arns, versions


@dataclass(frozen=True)
class CredentialSide:
    """Everything the Databricks workspace gets in service-credential mode (nothing in A's AWS account)."""

    name: str
    role_arn: str  # B's role, which the credential wraps
    unity_catalog_iam_arn: str  # the master role B's role trusts
    groups: tuple[str, ...]  # granted ACCESS on the credential
    external_id: str | None  # configured; None = the credential's computed one is used
    account_id: str | None  # account A (RUNBOOK only), if the config names it
    comment: str
    privileges: tuple[str, ...] = ("ACCESS",)
    # Bound to the workspace that creates it (not every workspace of the metastore): docs/service-credential.md.
    isolation_mode: str = "ISOLATION_MODE_ISOLATED"
    # B's role is created after the credential (its trust needs the credential's external ID), so Databricks
    # cannot validate the role at creation; RUNBOOK.md says how to validate it afterwards.
    skip_validation: bool = True


@dataclass(frozen=True)
class DeploymentSide:
    """Everything account A gets."""

    account_id: str
    role_name: str
    role_arn: str
    instance_profile_name: str
    instance_profile_arn: str
    trust_policy: PolicyDocument
    assume_policy: PolicyDocument
    workspace_role_name: str
    passrole_policy_name: str
    passrole_policy: PolicyDocument

    @property
    def role_spec(self) -> RoleSpec:
        """A's role as its documents: trusted by EC2, allowed to assume the pair roles."""
        return RoleSpec(
            name=self.role_name,
            description="kinesis-xacct: Databricks cluster role that assumes the Kinesis account's role",
            trust_policy=self.trust_policy,
            inline_policy=self.assume_policy,
            inline_policy_name="assume-kinesis-account-role",
        )


# Placeholder for the service credential's computed external ID in B's trust policy (replaced in the stack).
CREDENTIAL_EXTERNAL_ID = "<external ID of the service credential>"


def credential_side(cfg: Config) -> CredentialSide:
    db = cfg.databricks
    return CredentialSide(
        name=names.credential_name(cfg),
        role_arn=cfg.kinesis_role_arn,
        unity_catalog_iam_arn=cfg.unity_catalog_role_arn,
        groups=tuple(db.groups),
        external_id=cfg.kinesis_account.external_id,
        account_id=cfg.deployment_account.account_id if cfg.deployment_account else None,
        comment=f"kinesis-xacct: reads Kinesis in account {cfg.kinesis_account.account_id} through "
        f"{cfg.kinesis_role_arn}",
    )


def deployment_side(cfg: Config) -> DeploymentSide:
    da = cfg.deployment
    if da.workspace_role_name is None:  # config.rules reports it for a config file; this is the API's guard
        raise ValueError("deployment_account.workspace_role_name is required (the workspace's cross-account role)")
    ec2 = arns.service_principal(cfg.partition, "ec2")
    return DeploymentSide(
        account_id=da.account_id,
        role_name=da.role_name,
        role_arn=cfg.deployment_role_arn,
        instance_profile_name=da.instance_profile_name,
        instance_profile_arn=cfg.instance_profile_arn,
        trust_policy=PolicyDocument.of("trust", sid="TrustEc2", actions="sts:AssumeRole", principals={"Service": ec2}),
        assume_policy=assume_kinesis_role_policy(cfg),
        workspace_role_name=da.workspace_role_name,
        passrole_policy_name=names.passrole_policy_name(cfg),
        passrole_policy=PolicyDocument.of(
            "identity",
            sid="PassKinesisInstanceProfileRole",
            actions="iam:PassRole",
            resources=cfg.deployment_role_arn,
            conditions={"StringEquals": {"iam:PassedToService": ec2}},
        ),
    )


def assume_kinesis_role_policy(*cfgs: Config) -> PolicyDocument:
    """A's role may assume B's role of each config (a consumer: the role of each of its pairs, each once)."""
    roles = tuple(dict.fromkeys(cfg.kinesis_role_arn for cfg in cfgs))
    return PolicyDocument.of("identity", sid="AssumeKinesisAccountRole", actions=("sts:AssumeRole",), resources=roles)


@dataclass(frozen=True)
class AuthMode(ABC):
    """One auth mode and its IAM parts (the base holds what both modes share)."""

    name: str  # the config's ``databricks.auth`` value
    # Config keys of the other mode: read, never used here (their warnings are not shown for this mode).
    unused_keys: tuple[str, ...] = ()
    # B's role trusts itself (service credentials): a checkov finding explained in iam/suppressions.py.
    role_assumes_itself: bool = False

    @abstractmethod
    def trust_policy(self, cfg: Config) -> PolicyDocument:
        """The trust policy of B's role."""

    def role_statements(self, cfg: Config) -> list[Statement]:
        """Statements the mode adds to the permission policy of B's role."""
        return []

    @abstractmethod
    def role_description(self, cfg: Config) -> str:
        """The description of B's role (what uses it)."""

    def external_id_placeholder(self, cfg: Config) -> str | None:
        """The placeholder B's trust carries for an external ID that comes from the consumer's stack (None: the
        trust is complete at synth time, and a source stack needs nothing of its consumer stack's values)."""
        return None

    def pair_credential(self, pair: Pair) -> CredentialSide | None:
        """The pair's service credential (None: the mode has none)."""
        return None

    def consumer_deployment(self, pairs: Sequence[Pair]) -> DeploymentSide | None:
        """The consumer's role and instance profile in its account (None: the mode has none)."""
        return None

    def consumer_providers(self, databricks_enabled: bool) -> tuple[str, ...]:
        """The providers a consumer's stack declares (their sources)."""
        return (versions.DATABRICKS_PROVIDER_SOURCE,) if databricks_enabled else ()

    def providers(self, databricks_enabled: bool) -> tuple[str, ...]:
        """The providers the config's stacks declare: AWS (the source stacks), then the consumer's."""
        consumer = self.consumer_providers(databricks_enabled)
        return (versions.AWS_PROVIDER_SOURCE, *(p for p in consumer if p != versions.AWS_PROVIDER_SOURCE))


@dataclass(frozen=True)
class InstanceProfileMode(AuthMode):
    """The clusters run with an instance profile of account A whose role assumes B's role."""

    def trust_policy(self, cfg: Config) -> PolicyDocument:
        kb = cfg.kinesis_account
        conditions = {"StringEquals": {"sts:ExternalId": kb.external_id}} if kb.external_id else {}
        if kb.trust == "role":
            principal = cfg.deployment_role_arn
            sid = "TrustDeploymentRole"
        else:
            principal = arns.account_root(cfg.partition, cfg.deployment.account_id)
            sid = "TrustDeploymentAccount"
        statements = [
            Statement(sid=sid, actions=("sts:AssumeRole",), principals={"AWS": (principal,)}, conditions=conditions)
        ]
        if kb.trust_ec2_service:
            statements.append(
                Statement(
                    sid="TrustEc2Service",
                    actions=("sts:AssumeRole",),
                    principals={"Service": (arns.service_principal(cfg.partition, "ec2"),)},
                )
            )
        return PolicyDocument("trust", statements)

    def role_description(self, cfg: Config) -> str:
        return f"kinesis-xacct: assumed from account {cfg.deployment.account_id} to read Kinesis"

    def consumer_deployment(self, pairs: Sequence[Pair]) -> DeploymentSide | None:
        return dataclasses.replace(
            deployment_side(pairs[0].cfg), assume_policy=assume_kinesis_role_policy(*(p.cfg for p in pairs))
        )

    def consumer_providers(self, databricks_enabled: bool) -> tuple[str, ...]:
        """AWS (the role and instance profile), and with a workspace the instance profile's registration, which
        waits for IAM to propagate (``time_sleep``)."""
        if not databricks_enabled:
            return (versions.AWS_PROVIDER_SOURCE,)
        return (versions.AWS_PROVIDER_SOURCE, versions.DATABRICKS_PROVIDER_SOURCE, versions.TIME_PROVIDER_SOURCE)


@dataclass(frozen=True)
class ServiceCredentialMode(AuthMode):
    """The clusters read through a Unity Catalog service credential that wraps B's role; nothing in A's AWS."""

    unused_keys: tuple[str, ...] = ("databricks.single_user_name",)  # the cluster is not dedicated to a user
    role_assumes_itself: bool = True

    def trust_policy(self, cfg: Config) -> PolicyDocument:
        """The shape the Databricks provider's ``databricks_aws_unity_catalog_assume_role_policy`` data source
        writes (terraform-provider-databricks, aws/data_aws_unity_catalog_assume_role_policy.go): the Unity Catalog
        master role with the external ID (the placeholder when it comes from the credential), and the role itself
        (its account root, narrowed by ``aws:PrincipalArn`` to the role's ARN) with the same external ID, which
        Databricks requires since AWS's trust-policy change of 2023-06-30 (a role no longer implicitly trusts
        itself)."""
        ext = {"sts:ExternalId": cfg.kinesis_account.external_id or CREDENTIAL_EXTERNAL_ID}
        return PolicyDocument(
            "trust",
            [
                Statement(
                    sid="UnityCatalogAssumeRole",
                    actions=("sts:AssumeRole",),
                    principals={"AWS": (cfg.unity_catalog_role_arn,)},
                    conditions={"StringEquals": ext},
                ),
                Statement(
                    sid="ExplicitSelfRoleAssumption",
                    actions=("sts:AssumeRole",),
                    principals={"AWS": (arns.account_root(cfg.partition, cfg.kinesis_account.account_id),)},
                    conditions={"ArnLike": {"aws:PrincipalArn": cfg.kinesis_role_arn}, "StringEquals": ext},
                ),
            ],
        )

    def role_statements(self, cfg: Config) -> list[Statement]:
        """B's role may assume itself. Its trust names its own account root (narrowed by ``aws:PrincipalArn``), and
        a trust that names an account root admits a principal of that account only when the principal's own
        identity policy also allows the call (AWS IAM User Guide, "IAM tutorial: Delegate access across AWS
        accounts using IAM roles" / "How IAM roles differ from resource-based policies"). The Databricks provider's
        ``databricks_aws_unity_catalog_policy`` grants the same ``sts:AssumeRole`` on the role's own ARN
        (terraform-provider-databricks, aws/data_aws_unity_catalog_policy.go)."""
        return [Statement(sid="AssumeSelf", actions=("sts:AssumeRole",), resources=(cfg.kinesis_role_arn,))]

    def role_description(self, cfg: Config) -> str:
        return (
            f"kinesis-xacct: wrapped by the Unity Catalog service credential "
            f"{names.credential_name(cfg)} to read Kinesis"
        )

    def external_id_placeholder(self, cfg: Config) -> str | None:
        return None if cfg.kinesis_account.external_id else CREDENTIAL_EXTERNAL_ID

    def pair_credential(self, pair: Pair) -> CredentialSide | None:
        return credential_side(pair.cfg)


INSTANCE_PROFILE = InstanceProfileMode("instance-profile")
SERVICE_CREDENTIAL = ServiceCredentialMode("service-credential")
MODES: dict[str, AuthMode] = {m.name: m for m in (INSTANCE_PROFILE, SERVICE_CREDENTIAL)}


def mode_of(cfg: Config) -> AuthMode:
    """The config's auth mode: the one place ``databricks.auth`` is read outside the config's own rules."""
    return MODES[cfg.databricks.auth]
