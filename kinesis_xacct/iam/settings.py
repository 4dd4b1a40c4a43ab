"""What a stack needs of the config besides its IAM sides, as typed, frozen values: where its state lives, how
its AWS provider reaches its account, and the workspace's Databricks settings. The stacks take these and never
the config (``.importlinter``: stacks and constructs import no ``kinesis_xacct.config``).

Pure Python; no cdktf.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from kinesis_xacct.config import names
from kinesis_xacct.config.model import Config

T = TypeVar("T")

# What the consumer stacks declare in a workspace, named once for the constructs that create it and for verify,
# which reads it back (kinesis_xacct/ops/verify_databricks.py) without loading the framework.
DEDICATED = "SINGLE_USER"  # dedicated (single user) access mode: the only one that allows an instance profile
STANDARD = "USER_ISOLATION"  # standard access mode: service-credential mode (docs/service-credential.md)
# What a member of a group needs on the checkpoint volume to run the notebook with their own identity: write the
# checkpoint of each query, read it back, and remove the run's folder.
VOLUME_PRIVILEGES = ("READ_VOLUME", "WRITE_VOLUME")


def access_mode(instance_profile_arn: str | None) -> str:
    """The validation clusters' access mode: dedicated with an instance profile (standard mode allows none),
    standard without one (service-credential mode)."""
    return STANDARD if instance_profile_arn is None else DEDICATED


def validation_job_name(cluster_name: str) -> str:
    """The validation job's name: the cluster's, with ``-job``."""
    return f"{cluster_name}-job"


def volume_parts(path: str) -> tuple[str, str, str]:
    """``/Volumes/<catalog>/<schema>/<volume>`` (a path the config rules accepted) as its three names."""
    catalog, schema, volume = path.removeprefix("/Volumes/").split("/")
    return catalog, schema, volume


@dataclass(frozen=True)
class StateSettings:
    """The stacks' Terraform state: a local file (``type`` local) or one S3 object per stack."""

    type: str
    bucket: str | None
    key_prefix: str
    region: str  # of the bucket (default: the config's region)
    encrypt: bool
    use_lockfile: bool
    role_arn: str | None
    profile: str | None
    endpoint_url: str | None  # an emulator: the backend talks to the provider's endpoint

    def state_key(self, stack: str) -> str:
        """The S3 key of one stack's state: one key per stack."""
        return f"{self.key_prefix}/{stack}.tfstate"


@dataclass(frozen=True)
class AwsAccess:
    """How one stack's AWS provider reaches its account."""

    region: str
    endpoint_url: str | None
    tags: dict[str, str]
    deploy_role_arn: str | None
    profile: str | None


@dataclass(frozen=True)
class WorkspaceSettings:
    """The workspace's Databricks provider and validation resources (``databricks`` of the config)."""

    enabled: bool
    host: str | None
    profile: str | None
    cluster_name: str
    notebook_path: str | None
    checkpoint_volume: str | None  # service-credential mode: /Volumes/<catalog>/<schema>/<volume> (config rules)
    autotermination_minutes: int
    spark_version: str
    node_type_id: str | None
    single_user_name: str | None
    pin_cluster: bool
    groups: tuple[str, ...]
    job: bool
    iam_propagation_seconds: int
    skip_validation: bool


@dataclass(frozen=True)
class StackSettings:
    """Everything of the config one stack uses besides its sides."""

    state: StateSettings
    aws: AwsAccess
    workspace: WorkspaceSettings
    adopt_existing: bool


def _copied(cls: type[T], source: object, **given: Any) -> T:
    """``cls`` with each field the same-named attribute of ``source`` (a config section), but those ``given``."""
    values = {f.name: getattr(source, f.name) for f in fields(cls) if f.name not in given}  # type: ignore[arg-type]
    return cls(**values, **given)


def stack_settings(cfg: Config, account: str) -> StackSettings:
    """The settings of the stack of ``account``: "kinesis" (the stream account) or "deployment" (the workspace's
    account; in service-credential mode it may have no deployment_account section)."""
    section = cfg.kinesis_account if account == "kinesis" else cfg.deployment_account
    b = cfg.backend
    return StackSettings(
        state=_copied(StateSettings, b, region=b.region or cfg.region, endpoint_url=cfg.aws_endpoint_url),
        aws=AwsAccess(
            region=cfg.region,
            endpoint_url=cfg.aws_endpoint_url,
            tags=dict(cfg.tags),
            deploy_role_arn=section.deploy_role_arn if section else None,
            profile=section.profile if section else None,
        ),
        # the notebook's path: as set, or the cluster user's home, never the deploying identity's (config.names)
        workspace=_copied(
            WorkspaceSettings,
            cfg.databricks,
            groups=tuple(cfg.databricks.groups),
            notebook_path=names.notebook_path(cfg),
        ),
        adopt_existing=cfg.adopt_existing,
    )
