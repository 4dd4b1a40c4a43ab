"""Policy builders: config in, typed policy documents out. Pure Python; no cdktf.

Every document the stacks write comes from a function here, so the IAM analysis and the unit tests
see exactly what Terraform deploys.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinesis_xacct.config import names
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.problems import Problem, Problems
from kinesis_xacct.iam.packing import MANAGED_PER_ROLE_LIMIT, PackedPolicies, PackingError, pack
from kinesis_xacct.iam.policy import PolicyDocument, Statement
from kinesis_xacct.platform import arns

STREAM_READ_ACTIONS = (
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
)
# Enhanced fan-out: actions authorized on the stream, and on its consumers.
EFO_STREAM_ACTIONS = ("kinesis:ListStreamConsumers", "kinesis:RegisterStreamConsumer")
EFO_CONSUMER_ACTIONS = (
    "kinesis:DeregisterStreamConsumer",
    "kinesis:DescribeStreamConsumer",
    "kinesis:SubscribeToShard",
)
STREAM_WRITE_ACTIONS = ("kinesis:PutRecord", "kinesis:PutRecords")
FULL_ACCESS_POLICY = "AmazonKinesisFullAccess"

# Key administration in the key policy of a created stream's key: AWS's "key administrators" statement
# without its wildcards (kms:Create* etc. also name account-level actions such as kms:CreateKey that mean
# nothing in a key policy), without kms:CreateGrant (nothing here uses grants) and without the use of the
# key for cryptography: the key-scoped management actions Terraform uses on the key and its alias.
KMS_ADMIN_ACTIONS = (
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
)


# The provider's stream_mode values for the config's streams[].mode.
STREAM_MODES = {"provisioned": "PROVISIONED", "on-demand": "ON_DEMAND"}


@dataclass(frozen=True)
class CreatedStream:
    name: str
    arn: str
    mode: str  # PROVISIONED | ON_DEMAND (the provider's stream_mode)
    shard_count: int | None  # provisioned only; None for on-demand (Kinesis scales the shards)
    retention_hours: int
    kms_key_arn: str | None  # given key; None = the stack creates one with ``key_policy``
    key_policy: PolicyDocument | None


@dataclass(frozen=True)
class KinesisSide:
    """Everything account B gets."""

    account_id: str
    role_name: str
    role_arn: str
    trust_policy: PolicyDocument
    access_policy: PolicyDocument | None  # inline policy; for ``full`` only the KMS grant, None without keys
    managed_policy_arns: tuple[str, ...]
    stream_arns: tuple[str, ...]
    created_streams: tuple[CreatedStream, ...]
    # ``access_policy`` packed into the role's inline policy + customer-managed ones (IAM size limits)
    packed_access: PackedPolicies | None = None
    description: str = "kinesis-xacct: cross-account Kinesis access"
    # Service-credential mode without a configured external ID: ``trust_policy`` carries this placeholder where
    # the credential's external ID goes; the stack puts the credential's (cross-stack) value in its place.
    external_id_placeholder: str | None = None

    @property
    def inline_access_policy(self) -> PolicyDocument | None:
        """The role's inline policy: the whole ``access_policy`` unless it had to be packed."""
        return self.packed_access.inline if self.packed_access else self.access_policy

    @property
    def customer_policies(self) -> tuple[tuple[str, PolicyDocument], ...]:
        """(name, document) of the customer-managed policies holding the rest of a packed grant."""
        managed = self.packed_access.managed if self.packed_access else ()
        return tuple((f"{self.role_name}-{i}", doc) for i, doc in enumerate(managed, start=2))


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


# Placeholder for the service credential's computed external ID in B's trust policy (replaced in the stack).
CREDENTIAL_EXTERNAL_ID = "<external ID of the service credential>"


def unity_catalog_trust_policy(cfg: Config, external_id: str) -> PolicyDocument:
    """Trust of B's role in service-credential mode: the shape the Databricks provider's
    ``databricks_aws_unity_catalog_assume_role_policy`` data source writes
    (terraform-provider-databricks, aws/data_aws_unity_catalog_assume_role_policy.go): the Unity Catalog master
    role with the external ID, and the role itself (its account root, narrowed by ``aws:PrincipalArn`` to the
    role's ARN) with the same external ID, which Databricks requires since AWS's trust-policy change of
    2023-06-30 (a role no longer implicitly trusts itself)."""
    ext = {"sts:ExternalId": external_id}
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


def kinesis_trust_policy(cfg: Config) -> PolicyDocument:
    """Trust of B's role for the config's mode (service-credential: with the placeholder when the external ID
    comes from the credential)."""
    if cfg.uses_service_credential:
        return unity_catalog_trust_policy(cfg, cfg.kinesis_account.external_id or CREDENTIAL_EXTERNAL_ID)
    return instance_profile_trust_policy(cfg)


def instance_profile_trust_policy(cfg: Config) -> PolicyDocument:
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


def _decrypt_statement(cfg: Config, key_arns: list[str], write: bool) -> Statement:
    actions = ("kms:Decrypt", "kms:GenerateDataKey") if write else ("kms:Decrypt",)
    return Statement(
        sid="UseStreamKeys",
        actions=actions,
        resources=tuple(key_arns),
        conditions={"StringEquals": {"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)}},
    )


def self_assume_statement(cfg: Config) -> Statement:
    """Service-credential mode: B's role may assume itself. Its trust names its own account root (narrowed by
    ``aws:PrincipalArn``), and a trust that names an account root admits a principal of that account only when
    the principal's own identity policy also allows the call (AWS IAM User Guide, "IAM tutorial: Delegate access
    across AWS accounts using IAM roles" / "How IAM roles differ from resource-based policies"). The Databricks
    provider's ``databricks_aws_unity_catalog_policy`` grants the same ``sts:AssumeRole`` on the role's own ARN
    (terraform-provider-databricks, aws/data_aws_unity_catalog_policy.go)."""
    return Statement(sid="AssumeSelf", actions=("sts:AssumeRole",), resources=(cfg.kinesis_role_arn,))


def kinesis_access_policy(cfg: Config) -> PolicyDocument | None:
    """The inline permission policy of B's role (service-credential mode: with :func:`self_assume_statement`).

    ``full``: AmazonKinesisFullAccess (attached) does the Kinesis part but grants no KMS action, so a stream
    encrypted with a given customer-managed key could not be read or written; the inline policy then holds
    only the key statement (decrypt and generate data keys: ``full`` writes). None for ``full`` without keys
    in instance-profile mode.
    """
    kb = cfg.kinesis_account
    keys = sorted({s.kms_key_arn for s in kb.streams if s.kms_key_arn})
    own = [self_assume_statement(cfg)] if cfg.uses_service_credential else []
    if kb.access == "full":
        if not keys and not own:
            return None
        return PolicyDocument("identity", own + ([_decrypt_statement(cfg, keys, write=True)] if keys else []))
    stream_arns = tuple(cfg.stream_arn(s.name) for s in kb.streams)
    actions = STREAM_READ_ACTIONS + (STREAM_WRITE_ACTIONS if kb.access == "read-write" else ())
    statements = [
        Statement(
            sid="ReadStreams" if kb.access != "read-write" else "ReadWriteStreams",
            actions=actions,
            resources=stream_arns,
        )
    ]
    if kb.access == "read-efo":
        statements.append(Statement(sid="EnhancedFanOutStreams", actions=EFO_STREAM_ACTIONS, resources=stream_arns))
        statements.append(
            Statement(
                sid="EnhancedFanOutConsumers",
                actions=EFO_CONSUMER_ACTIONS,
                # Only this deployment's own consumers (config/names.py), never another reader's of a stream: by
                # name, on any stream of the account (``stream/*``). Registering is allowed on the configured
                # streams only (EnhancedFanOutStreams), so the role's own consumers exist only there; one ARN per
                # name form instead of one per stream keeps large read-efo grants within IAM's size limits.
                resources=tuple(
                    arns.kinesis_stream_consumers(cfg.partition, cfg.region, kb.account_id, "*", prefix)
                    for prefix in names.registered_consumer_prefixes(cfg)
                ),
            )
        )
    if keys:
        statements.append(_decrypt_statement(cfg, keys, write=kb.access == "read-write"))
    return PolicyDocument("identity", own + statements)


def stream_key_policy(cfg: Config) -> PolicyDocument:
    """Key policy of a KMS key this project creates for a stream: least privilege, no wildcard principal.

    Account B's administrators manage the key; Kinesis in B uses it for producers of B; B's cross-account
    role decrypts through Kinesis only. ``Resource: *`` in a key policy means this key.
    """
    kb = cfg.kinesis_account
    root = arns.account_root(cfg.partition, kb.account_id)
    via = {"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)}
    role_actions = ("kms:Decrypt", "kms:GenerateDataKey") if kb.access in ("read-write", "full") else ("kms:Decrypt",)
    return PolicyDocument(
        "resource",
        [
            Statement(
                sid="KeyAdministration", actions=KMS_ADMIN_ACTIONS, resources=("*",), principals={"AWS": (root,)}
            ),
            Statement(
                sid="KinesisUseInAccount",
                actions=("kms:Decrypt", "kms:GenerateDataKey"),
                resources=("*",),
                principals={"AWS": (root,)},
                conditions={"StringEquals": {**via, "kms:CallerAccount": kb.account_id}},
            ),
            Statement(
                sid="CrossAccountRoleUse",
                actions=role_actions,
                resources=("*",),
                principals={"AWS": (cfg.kinesis_role_arn,)},
                conditions={"StringEquals": via},
            ),
        ],
    )


def producer_policy(cfg: Config, stream: CreatedStream, key_arn: str) -> PolicyDocument:
    """The IAM policy a producer in account B needs to write to a created (SSE-KMS) stream: PutRecord(s) on
    the stream and kms:GenerateDataKey on its key, through Kinesis only. Not deployed: the RUNBOOK shows it to
    copy (AWS: "Permissions to use user-generated KMS keys", example producer permissions). ``key_arn`` is the
    key's ARN, or for a key the stack creates a placeholder naming the ``kms_key_arns`` output."""
    return PolicyDocument(
        "identity",
        [
            Statement(sid="PutRecords", actions=STREAM_WRITE_ACTIONS, resources=(stream.arn,)),
            Statement(
                sid="EncryptWithStreamKey",
                actions=("kms:GenerateDataKey",),
                resources=(key_arn,),
                conditions={"StringEquals": {"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)}},
            ),
        ],
    )


def kinesis_side(cfg: Config) -> KinesisSide:
    kb = cfg.kinesis_account
    created = tuple(
        CreatedStream(
            name=s.name,
            arn=cfg.stream_arn(s.name),
            mode=STREAM_MODES[s.mode],
            shard_count=s.shard_count if s.mode == "provisioned" else None,
            retention_hours=s.retention_hours,
            kms_key_arn=s.kms_key_arn,
            key_policy=None if s.kms_key_arn else stream_key_policy(cfg),
        )
        for s in kb.streams
        if s.create
    )
    managed = (arns.aws_managed_policy(cfg.partition, FULL_ACCESS_POLICY),) if kb.access == "full" else ()
    access = kinesis_access_policy(cfg)
    if cfg.uses_service_credential:
        description = (
            f"kinesis-xacct: wrapped by the Unity Catalog service credential "
            f"{names.credential_name(cfg)} to read Kinesis"
        )
    else:
        description = f"kinesis-xacct: assumed from account {cfg.deployment.account_id} to read Kinesis"
    placeholder = CREDENTIAL_EXTERNAL_ID if cfg.uses_service_credential and not kb.external_id else None
    return KinesisSide(
        description=description,
        external_id_placeholder=placeholder,
        account_id=kb.account_id,
        role_name=kb.role_name,
        role_arn=cfg.kinesis_role_arn,
        trust_policy=kinesis_trust_policy(cfg),
        access_policy=access,
        managed_policy_arns=managed,
        stream_arns=tuple(cfg.stream_arn(s.name) for s in kb.streams),
        created_streams=created,
        packed_access=pack(access, managed_slots=MANAGED_PER_ROLE_LIMIT - len(managed)) if access else None,
    )


def access_fit_problems(cfg: Config) -> Problems:
    """Config validation: B's permissions must fit the IAM size limits of one role (see packing.py)."""
    access = kinesis_access_policy(cfg)
    if access is None:
        return []
    try:
        pack(access, managed_slots=MANAGED_PER_ROLE_LIMIT)
    except PackingError as err:
        return [Problem("kinesis_account.streams", str(err))]
    return []


def ec2_trust_policy(cfg: Config) -> PolicyDocument:
    return PolicyDocument(
        "trust",
        [
            Statement(
                sid="TrustEc2",
                actions=("sts:AssumeRole",),
                principals={"Service": (arns.service_principal(cfg.partition, "ec2"),)},
            )
        ],
    )


def assume_kinesis_role_policy(cfg: Config) -> PolicyDocument:
    return PolicyDocument(
        "identity",
        [Statement(sid="AssumeKinesisAccountRole", actions=("sts:AssumeRole",), resources=(cfg.kinesis_role_arn,))],
    )


def passrole_policy(cfg: Config) -> PolicyDocument:
    return PolicyDocument(
        "identity",
        [
            Statement(
                sid="PassKinesisInstanceProfileRole",
                actions=("iam:PassRole",),
                resources=(cfg.deployment_role_arn,),
                conditions={"StringEquals": {"iam:PassedToService": arns.service_principal(cfg.partition, "ec2")}},
            )
        ],
    )


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
    if da.workspace_role_name is None:  # config_rules reports it for a config file; this is the API's guard
        raise ValueError("deployment_account.workspace_role_name is required (the workspace's cross-account role)")
    return DeploymentSide(
        account_id=da.account_id,
        role_name=da.role_name,
        role_arn=cfg.deployment_role_arn,
        instance_profile_name=da.instance_profile_name,
        instance_profile_arn=cfg.instance_profile_arn,
        trust_policy=ec2_trust_policy(cfg),
        assume_policy=assume_kinesis_role_policy(cfg),
        workspace_role_name=da.workspace_role_name,
        passrole_policy_name=names.passrole_policy_name(cfg),
        passrole_policy=passrole_policy(cfg),
    )
