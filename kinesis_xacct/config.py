"""The config file: a typed, validated model. Imports nothing heavy (no cdktf, no provider bindings).

``load_config(path)`` returns a :class:`Config` or raises :class:`ConfigError` carrying every problem
found, each as ``(dotted.path, reason)``.
"""
from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, \
    field_validator, model_validator

from . import arns
from .regions import REGIONS

MAX_CONFIG_BYTES = 256 * 1024
MAX_YAML_NODES = 20_000

ACCOUNT_RE = r"^\d{12}$"
IAM_NAME_RE = r"^[A-Za-z0-9_+=,.@-]{1,64}$"
EXTERNAL_ID_RE = r"^[A-Za-z0-9_+=,.@:/-]{2,1224}$"
STREAM_NAME_RE = r"^[a-zA-Z0-9_.-]{1,128}$"
TAG_KEY_RE = r"^[A-Za-z0-9_ .:/=+@-]{1,128}$"


class ConfigError(Exception):
    """One or more problems in a config file; ``problems`` is a list of (dotted path, reason)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"config error: {p}: {r}" for p, r in problems))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _arn_of(value: Optional[str], service: str, resource_prefix: str, what: str) -> Optional[str]:
    if value is None:
        return None
    parts = arns.parse(value)
    if not parts or parts["service"] != service or not parts["resource"].startswith(resource_prefix):
        raise ValueError(f"must be {what} (arn:<partition>:{service}:...:{resource_prefix}...), got {value!r}")
    return value


class Stream(_Model):
    name: StrictStr = Field(pattern=STREAM_NAME_RE, description="Kinesis data stream name")
    create: StrictBool = Field(False, description="true: this stack creates the stream, encrypted with a "
                                                   "customer-managed KMS key")
    kms_key_arn: Optional[StrictStr] = Field(None, description="KMS key of an existing SSE-KMS stream")
    shard_count: StrictInt = Field(1, ge=1, le=1000, description="shards of a created stream (provisioned mode)")
    retention_hours: StrictInt = Field(24, ge=24, le=8760, description="retention of a created stream")

    @field_validator("kms_key_arn")
    @classmethod
    def _kms(cls, v: Optional[str]) -> Optional[str]:
        return _arn_of(v, "kms", "key/", "a KMS key ARN")


class KinesisAccount(_Model):
    account_id: StrictStr = Field(pattern=ACCOUNT_RE, description="account B, owns the streams (12 digits)")
    deploy_role_arn: Optional[StrictStr] = Field(None, description="role Terraform assumes to deploy here")
    role_name: StrictStr = Field("KinesisCrossAccountRole", pattern=IAM_NAME_RE)
    external_id: Optional[StrictStr] = Field(None, pattern=EXTERNAL_ID_RE)
    trust: Literal["role", "account"] = "role"
    trust_ec2_service: StrictBool = False
    access: Literal["read", "read-efo", "read-write", "full"] = "read"
    streams: list[Stream] = Field(min_length=1)

    @field_validator("deploy_role_arn")
    @classmethod
    def _deploy_role(cls, v: Optional[str]) -> Optional[str]:
        return _arn_of(v, "iam", "role/", "an IAM role ARN")

    @field_validator("streams")
    @classmethod
    def _unique_streams(cls, v: list[Stream]) -> list[Stream]:
        names = [s.name for s in v]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate stream names: {', '.join(dupes)}")
        return v


class DeploymentAccount(_Model):
    account_id: StrictStr = Field(pattern=ACCOUNT_RE, description="account A, runs the workspace")
    deploy_role_arn: Optional[StrictStr] = None
    role_name: StrictStr = Field("DatabricksToKinesisAssumeRole", pattern=IAM_NAME_RE)
    instance_profile_name: StrictStr = Field("DatabricksToKinesisAssumeRole", pattern=IAM_NAME_RE)
    workspace_role_name: StrictStr = Field("databricks-cross-account", pattern=IAM_NAME_RE)
    passrole_policy_name: StrictStr = Field("kinesis-xacct-passrole", pattern=r"^[A-Za-z0-9_+=,.@-]{1,128}$")

    @field_validator("deploy_role_arn")
    @classmethod
    def _deploy_role(cls, v: Optional[str]) -> Optional[str]:
        return _arn_of(v, "iam", "role/", "an IAM role ARN")


class Databricks(_Model):
    enabled: StrictBool = True
    host: Optional[StrictStr] = Field(None, pattern=r"^https://[^\s/]+/?$")
    cluster_name: StrictStr = Field("kinesis-xacct-validation", min_length=1, max_length=100)
    notebook_path: StrictStr = Field("/Shared/kinesis-xacct/validate_kinesis", pattern=r"^/[^\s]*[^/\s]$")
    initial_position: Literal["earliest", "latest", "trim_horizon", "at_timestamp"] = "earliest"
    initial_timestamp: Optional[StrictStr] = None
    sts_endpoint: Optional[StrictStr] = Field(None, pattern=r"^https://[^\s]+$")
    spark_version: Optional[StrictStr] = None
    node_type_id: Optional[StrictStr] = None
    single_user_name: Optional[StrictStr] = None
    autotermination_minutes: StrictInt = Field(20, ge=10, le=10000)

    @model_validator(mode="after")
    def _timestamp(self) -> "Databricks":
        if self.initial_position == "at_timestamp" and not self.initial_timestamp:
            raise ValueError("initial_position at_timestamp needs databricks.initial_timestamp")
        return self


class Config(_Model):
    partition: Literal["aws", "aws-cn", "aws-us-gov"] = "aws"
    region: StrictStr
    tags: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    kinesis_account: KinesisAccount
    deployment_account: DeploymentAccount
    databricks: Databricks = Field(default_factory=Databricks)
    aws_endpoint_url: Optional[StrictStr] = Field(None, pattern=r"^https?://[^\s/]+(/[^\s]*)?$")

    @model_validator(mode="after")
    def _across_fields(self) -> "Config":
        problems: list[tuple[str, str]] = []
        if self.region not in REGIONS.get(self.partition, ()):
            problems.append(("region", f"{self.region!r} is not a region of partition {self.partition!r}"))
        kb, da = self.kinesis_account, self.deployment_account
        if kb.account_id == da.account_id:
            problems.append(("kinesis_account.account_id",
                             "is the same as deployment_account.account_id; this tool sets up cross-account access"))
        if kb.trust_ec2_service and kb.trust == "role":
            problems.append(("kinesis_account.trust_ec2_service",
                             "only reproduces the seed's 'trust: account'; with 'trust: role' it would let EC2 "
                             "instances of account B assume the role"))
        for i, s in enumerate(kb.streams):
            if s.kms_key_arn:
                p = arns.parse(s.kms_key_arn)
                if p["partition"] != self.partition or p["region"] != self.region or p["account"] != kb.account_id:
                    problems.append((f"kinesis_account.streams.{i}.kms_key_arn",
                                     f"key must be in partition {self.partition}, region {self.region} and "
                                     f"account {kb.account_id} (the stream's)"))
        for path, arn in (("kinesis_account.deploy_role_arn", kb.deploy_role_arn),
                          ("deployment_account.deploy_role_arn", da.deploy_role_arn)):
            if arn:
                p = arns.parse(arn)
                if p["partition"] != self.partition:
                    problems.append((path, f"is in partition {p['partition']}, the config says {self.partition}"))
        for key in self.tags:
            if not re.match(TAG_KEY_RE, key) or key.lower().startswith("aws:"):
                problems.append((f"tags.{key}", "tag keys are 1-128 characters and must not start with 'aws:'"))
        if problems:
            raise ConfigError(problems)
        return self

    # Derived names used throughout: all ARNs come from arns.py.
    @property
    def kinesis_role_arn(self) -> str:
        return arns.iam_role(self.partition, self.kinesis_account.account_id, self.kinesis_account.role_name)

    @property
    def deployment_role_arn(self) -> str:
        return arns.iam_role(self.partition, self.deployment_account.account_id, self.deployment_account.role_name)

    @property
    def instance_profile_arn(self) -> str:
        da = self.deployment_account
        return arns.instance_profile(self.partition, da.account_id, da.instance_profile_name)

    def stream_arn(self, name: str) -> str:
        return arns.kinesis_stream(self.partition, self.region, self.kinesis_account.account_id, name)


# --------------------------------------------------------------------------------------------- loading

class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no alias bombs) and bounds the number of nodes."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(None, None, "YAML aliases (*name) are not allowed in a config",
                                                    event.start_mark)
        self._nodes = getattr(self, "_nodes", 0) + 1
        if self._nodes > MAX_YAML_NODES:
            raise yaml.constructor.ConstructorError(None, None, f"more than {MAX_YAML_NODES} YAML nodes",
                                                    self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _read(path: Path) -> Any:
    where = "config"
    if not path.exists():
        raise ConfigError([(where, f"file {str(path)!r} does not exist")])
    if path.is_dir():
        raise ConfigError([(where, f"{str(path)!r} is a directory, not a config file")])
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise ConfigError([(where, f"file is {size} bytes; a config is at most {MAX_CONFIG_BYTES}")])
        raw = path.read_bytes()
    except PermissionError:
        raise ConfigError([(where, f"file {str(path)!r} is not readable (permission denied)")]) from None
    except OSError as e:
        raise ConfigError([(where, f"cannot read {str(path)!r}: {e.strerror}")]) from None
    if b"\x00" in raw:
        raise ConfigError([(where, "file is binary, not YAML text")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError([(where, "file is not UTF-8 text")]) from None
    if not text.strip():
        raise ConfigError([(where, "file is empty")])
    try:
        data = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ConfigError([(where, f"invalid YAML{at}: {e.problem or e.context}")]) from None
    except yaml.YAMLError as e:
        raise ConfigError([(where, f"invalid YAML: {e}")]) from None
    if not isinstance(data, dict):
        raise ConfigError([(where, f"top level must be a mapping of keys, got {type(data).__name__}")])
    return data


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model found at ``loc`` (for 'did you mean' hints)."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        ann = field.annotation
        inner = getattr(ann, "__args__", (ann,))
        nxt = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nxt is None:
            return []
        model = nxt
    return list(model.model_fields)


def _problems(err: ValidationError) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for e in err.errors():
        loc = tuple(e["loc"])
        path = ".".join(str(p) for p in loc) or "config"
        if e["type"] == "extra_forbidden":
            known = _known_keys(Config, loc[:-1])
            hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
            reason = "unknown key" + (f"; did you mean {hint[0]!r}?" if hint else
                                      (f"; known keys: {', '.join(known)}" if known else ""))
        elif e["type"] == "missing":
            reason = "required key is missing"
        elif e["type"] == "string_pattern_mismatch":
            reason = f"{e['input']!r} does not match {e['ctx']['pattern']}"
        elif e["type"] == "string_type" and isinstance(e.get("input"), int):
            reason = "must be a string (quote it: YAML reads digits as a number and drops leading zeros)"
        elif e["type"] == "value_error" and isinstance(e.get("ctx", {}).get("error"), ConfigError):
            out.extend(e["ctx"]["error"].problems)
            continue
        else:
            reason = e["msg"].removeprefix("Value error, ")
        out.append((path, reason))
    return out


def parse_config(data: Any) -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as err:
        raise ConfigError(_problems(err)) from None
    except ConfigError:
        raise


def limit_problems(cfg: Config) -> list[tuple[str, str]]:
    """Limits only the generated documents show (run once the config is valid): IAM policy sizes."""
    from .policies import access_fit_problems  # pure Python; imported here because it imports this module

    return access_fit_problems(cfg)


def load_config(path: str | os.PathLike[str]) -> Config:
    cfg = parse_config(_read(Path(path)))
    problems = limit_problems(cfg)
    if problems:
        raise ConfigError(problems)
    return cfg
