"""Policy builders: config in, typed policy documents out. Pure Python; no cdktf.

Every document the stacks write comes from a function here, so the IAM analysis and the unit tests
see exactly what Terraform deploys.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinesis_xacct.config import names
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.problems import Problem, Problems
from kinesis_xacct.iam.document import PolicyDocument, Statement

# The consumer's sides and B's mode-specific trust live with the auth modes (iam/modes.py); re-exported here,
# where the documents of every side are looked up.
from kinesis_xacct.iam.modes import CREDENTIAL_EXTERNAL_ID as CREDENTIAL_EXTERNAL_ID
from kinesis_xacct.iam.modes import CredentialSide as CredentialSide
from kinesis_xacct.iam.modes import DeploymentSide as DeploymentSide
from kinesis_xacct.iam.modes import credential_side as credential_side
from kinesis_xacct.iam.modes import deployment_side as deployment_side
from kinesis_xacct.iam.modes import mode_of
from kinesis_xacct.iam.packing import MANAGED_PER_ROLE_LIMIT, PackedPolicies, PackingError, pack
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


def _decrypt_statement(cfg: Config, key_arns: list[str], write: bool) -> Statement:
    actions = ("kms:Decrypt", "kms:GenerateDataKey") if write else ("kms:Decrypt",)
    return Statement(
        sid="UseStreamKeys",
        actions=actions,
        resources=tuple(key_arns),
        conditions={"StringEquals": {"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)}},
    )


def kinesis_access_policy(cfg: Config) -> PolicyDocument | None:
    """The inline permission policy of B's role, with the statements its auth mode adds
    (:meth:`~kinesis_xacct.iam.modes.AuthMode.role_statements`).

    ``full``: AmazonKinesisFullAccess (attached) does the Kinesis part but grants no KMS action, so a stream
    encrypted with a given customer-managed key could not be read or written; the inline policy then holds
    only the key statement (decrypt and generate data keys: ``full`` writes). None for ``full`` without keys
    when the mode adds no statement.
    """
    kb = cfg.kinesis_account
    keys = sorted({s.kms_key_arn for s in kb.streams if s.kms_key_arn})
    own = mode_of(cfg).role_statements(cfg)
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
    mode = mode_of(cfg)
    return KinesisSide(
        description=mode.role_description(cfg),
        external_id_placeholder=mode.external_id_placeholder(cfg),
        account_id=kb.account_id,
        role_name=kb.role_name,
        role_arn=cfg.kinesis_role_arn,
        trust_policy=mode.trust_policy(cfg),
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
