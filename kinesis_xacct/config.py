"""The config file: a typed, validated model. Imports nothing heavy (no cdktf, no provider bindings).

``load_config(path)`` returns a :class:`Config` or raises :class:`ConfigError` carrying every problem
found, each as ``(dotted.path, reason)``.
"""
from __future__ import annotations

import datetime
import difflib
import os
import re
import stat
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, \
    field_validator, model_validator

from . import arns
from .regions import REGIONS

MAX_CONFIG_BYTES = 256 * 1024
MAX_YAML_NODES = 20_000
MAX_YAML_DEPTH = 32

ACCOUNT_RE = r"^[0-9]{12}$"
IAM_NAME_RE = r"^[A-Za-z0-9_+=,.@-]{1,64}$"
EXTERNAL_ID_RE = r"^[A-Za-z0-9_+=,.@:/-]{2,1224}$"
STREAM_NAME_RE = r"^[a-zA-Z0-9_.-]{1,128}$"
TAG_KEY_RE = r"^[A-Za-z0-9_ .:/=+@-]{1,128}$"
TAG_VALUE_RE = r"^[\w\s.:/=+@-]*$"  # IAM: [\p{L}\p{Z}\p{N}_.:/=+\-@]*
POLICY_NAME_RE = r"^[A-Za-z0-9_+=,.@-]{1,128}$"
HOST_RE = r"^https://[^\s/]+/?$"
NOTEBOOK_RE = r"^/[^\s]*[^/\s]$"
STS_ENDPOINT_RE = r"^https://[^\s]+$"
ENDPOINT_URL_RE = r"^https?://[^\s/]+(/[^\s]*)?$"
# What each pattern means, in words (the reason shown for a value that does not match).
PATTERN_REASONS = {
    ACCOUNT_RE: "an AWS account ID is exactly 12 digits, written as a quoted string (\"123456789012\")",
    IAM_NAME_RE: "an IAM name is 1-64 characters of letters, digits and + = , . @ _ -",
    POLICY_NAME_RE: "an IAM policy name is 1-128 characters of letters, digits and + = , . @ _ -",
    EXTERNAL_ID_RE: "an external ID is 2-1224 characters of letters, digits and + = , . @ : / _ -",
    STREAM_NAME_RE: "a Kinesis stream name is 1-128 characters of letters, digits and _ . -",
    HOST_RE: "must be the workspace URL, https://<host> (e.g. https://dbc-1234abcd-5678.cloud.databricks.com)",
    NOTEBOOK_RE: "must be an absolute workspace path starting with '/' (e.g. /Shared/kinesis-xacct/validate_kinesis)",
    STS_ENDPOINT_RE: "must be an https:// URL (e.g. https://sts.us-east-1.amazonaws.com)",
    ENDPOINT_URL_RE: "must be an http:// or https:// URL (e.g. http://127.0.0.1:5000)",
}
# Hosts a plain-http aws_endpoint_url may name (an emulator on this machine).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# databricks.initial_timestamp: the notebook passes it with the format yyyy-MM-dd'T'HH:mm:ssZ.
TIMESTAMP_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4}$"
PATTERN_REASONS[TIMESTAMP_RE] = ("must be yyyy-MM-ddTHH:mm:ss+hhmm (e.g. '2024-01-31T00:00:00+0000'), "
                                  "the format the notebook gives Spark's Kinesis source")
KMS_KEY_ID_RE = r"^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"


class ConfigError(Exception):
    """One or more problems in a config file; ``problems`` is a list of (dotted path, reason)."""

    def __init__(self, problems: list[tuple[str, str]]):
        # One line per problem, always: no line breaks in a reason, no ':' in a path.
        self.problems = [(str(p).replace(":", "_") or "config", " ".join(str(r).split())) for p, r in problems]
        super().__init__("\n".join(f"config error: {p}: {r}" for p, r in self.problems))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _show(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _arn_of(value: Optional[str], service: str, resource_prefix: str, what: str) -> Optional[str]:
    if value is None:
        return None
    parts = arns.parse(value)
    if re.search(r"\s", value) or not parts or parts["service"] != service \
            or not parts["resource"].startswith(resource_prefix):
        hint = ""
        if parts and parts["service"] == service and service == "kms" and parts["resource"].startswith("alias/"):
            hint = "; an alias ARN does not work in an IAM policy for kms:Decrypt, give the key ARN"
        elif parts and parts["service"] != service:
            hint = f"; this is an ARN of service {parts['service']!r}"
        raise ValueError(f"must be {what} (arn:<partition>:{service}:...:{resource_prefix}...), "
                         f"got {_show(value)}{hint}")
    if service == "kms" and (not parts["region"] or not re.match(ACCOUNT_RE, parts["account"])
                             or not re.match(KMS_KEY_ID_RE, parts["resource"][len("key/"):])):
        raise ValueError(f"must be a KMS key ARN arn:<partition>:kms:<region>:<12-digit account>:key/<key id> "
                         f"(a UUID or mrk-...), got {_show(value)}")
    if service == "iam" and (parts["region"] or not re.match(ACCOUNT_RE, parts["account"])
                             or not re.match(r"^role/([\x21-\x7e]*/)?[A-Za-z0-9_+=,.@-]{1,64}$", parts["resource"])):
        raise ValueError(f"must be an IAM role ARN arn:<partition>:iam::<12-digit account>:role/<name> "
                         f"(no region), got {_show(value)}")
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
    streams: list[Stream] = Field(min_length=1, description="the Kinesis streams, a list of {name: ...}")

    @field_validator("deploy_role_arn")
    @classmethod
    def _deploy_role(cls, v: Optional[str]) -> Optional[str]:
        return _arn_of(v, "iam", "role/", "an IAM role ARN")


class DeploymentAccount(_Model):
    account_id: StrictStr = Field(pattern=ACCOUNT_RE, description="account A, runs the workspace")
    deploy_role_arn: Optional[StrictStr] = None
    role_name: StrictStr = Field("DatabricksToKinesisAssumeRole", pattern=IAM_NAME_RE)
    instance_profile_name: StrictStr = Field("DatabricksToKinesisAssumeRole", pattern=IAM_NAME_RE)
    workspace_role_name: StrictStr = Field("databricks-cross-account", pattern=IAM_NAME_RE)
    passrole_policy_name: StrictStr = Field("kinesis-xacct-passrole", pattern=POLICY_NAME_RE)

    @field_validator("deploy_role_arn")
    @classmethod
    def _deploy_role(cls, v: Optional[str]) -> Optional[str]:
        return _arn_of(v, "iam", "role/", "an IAM role ARN")


class Databricks(_Model):
    enabled: StrictBool = True
    host: Optional[StrictStr] = Field(None, pattern=HOST_RE)
    cluster_name: StrictStr = Field("kinesis-xacct-validation", min_length=1, max_length=100)
    notebook_path: StrictStr = Field("/Shared/kinesis-xacct/validate_kinesis", pattern=NOTEBOOK_RE)
    initial_position: Literal["earliest", "latest", "trim_horizon", "at_timestamp"] = "earliest"
    initial_timestamp: Optional[StrictStr] = Field(None, pattern=TIMESTAMP_RE)
    sts_endpoint: Optional[StrictStr] = Field(None, pattern=STS_ENDPOINT_RE)
    spark_version: Optional[StrictStr] = Field(None, min_length=1)
    node_type_id: Optional[StrictStr] = Field(None, min_length=1)
    single_user_name: Optional[StrictStr] = Field(None, min_length=1)
    autotermination_minutes: StrictInt = Field(20, ge=10, le=10000)


# ----------------------------------------------------------------------------------- Terraform state

# S3 general purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
_BUCKET_CHARS_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_IPV4_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_BUCKET_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# State key = <key_prefix>/<stack>.tfstate: '/'-separated segments of S3's "safe" key characters.
_KEY_SEGMENT_RE = re.compile(r"^[A-Za-z0-9!_.*'()-]+$")
MAX_KEY_PREFIX = 900  # S3 keys are at most 1,024 bytes; the stack file name is appended


def bucket_name_problem(name: str) -> Optional[str]:
    """Why ``name`` is not a valid S3 (general purpose) bucket name, or None when it is."""
    if not 3 <= len(name) <= 63:
        return f"bucket names are 3-63 characters, {name!r} has {len(name)}"
    if not _BUCKET_CHARS_RE.match(name):
        return (f"{name!r}: bucket names use only lowercase letters, digits, dots and hyphens, and begin and "
                "end with a letter or digit")
    if ".." in name:
        return f"{name!r}: bucket names must not contain two adjacent dots"
    if _IPV4_RE.match(name):
        return f"{name!r}: bucket names must not be formatted as an IP address"
    for prefix in _BUCKET_RESERVED_PREFIXES:
        if name.startswith(prefix):
            return f"{name!r}: bucket names must not start with the reserved prefix {prefix!r}"
    for suffix in _BUCKET_RESERVED_SUFFIXES:
        if name.endswith(suffix):
            return f"{name!r}: bucket names must not end with the reserved suffix {suffix!r}"
    return None


def key_prefix_problem(prefix: str) -> Optional[str]:
    """Why ``prefix`` cannot prefix a state key, or None when it can."""
    if not prefix:
        return "must not be empty (the state key is <key_prefix>/<stack>.tfstate)"
    if len(prefix) > MAX_KEY_PREFIX:
        return f"is {len(prefix)} characters; at most {MAX_KEY_PREFIX} (S3 keys are at most 1024 bytes)"
    if prefix.startswith("/") or prefix.endswith("/"):
        return f"{prefix!r} must not start or end with '/' (the state key is <key_prefix>/<stack>.tfstate)"
    if "//" in prefix:
        return f"{prefix!r} must not contain '//'"
    for segment in prefix.split("/"):
        if segment in (".", ".."):
            return f"{prefix!r} must not contain '.' or '..' segments"
        if not _KEY_SEGMENT_RE.match(segment):
            return (f"{prefix!r}: use letters, digits and !_.*'()- between '/' separators "
                    "(S3's safe key characters)")
    return None


class Backend(_Model):
    """Where Terraform keeps each stack's state: a local file (default) or one S3 object per stack."""
    type: Literal["local", "s3"] = Field("local", description="local: a state file beside the project "
                                                               "(relative path); s3: remote state with locking")
    bucket: Optional[StrictStr] = Field(None, description="S3 bucket holding the state (type s3)")
    key_prefix: StrictStr = Field("kinesis-xacct", description="state key = <key_prefix>/<stack>.tfstate")
    region: Optional[StrictStr] = Field(None, description="region of the bucket; default: the top-level region")
    use_lockfile: StrictBool = Field(True, description="S3-native state locking (Terraform >= 1.10)")
    role_arn: Optional[StrictStr] = Field(None, description="role Terraform assumes for state access")
    encrypt: StrictBool = Field(True, description="server-side encryption of the state object")

    @field_validator("bucket")
    @classmethod
    def _bucket(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and (problem := bucket_name_problem(v)):
            raise ValueError(problem)
        return v

    @field_validator("key_prefix")
    @classmethod
    def _key_prefix(cls, v: str) -> str:
        if problem := key_prefix_problem(v):
            raise ValueError(problem)
        return v

    @field_validator("role_arn")
    @classmethod
    def _role(cls, v: Optional[str]) -> Optional[str]:
        return _arn_of(v, "iam", "role/", "an IAM role ARN")

    def state_key(self, stack: str) -> str:
        """The S3 key of one stack's state: one key per stack."""
        return f"{self.key_prefix}/{stack}.tfstate"


class Config(_Model):
    partition: Literal["aws", "aws-cn", "aws-us-gov"] = "aws"
    region: StrictStr = Field(description="AWS region of the streams, e.g. us-east-1")
    tags: dict[StrictStr, StrictStr] = Field(default_factory=dict)
    kinesis_account: KinesisAccount = Field(description="account B, owns the streams: account_id, streams, ...")
    deployment_account: DeploymentAccount = Field(description="account A, runs the Databricks workspace: "
                                                              "account_id, ...")
    databricks: Databricks = Field(default_factory=Databricks)
    aws_endpoint_url: Optional[StrictStr] = Field(None, pattern=ENDPOINT_URL_RE)
    backend: Backend = Field(default_factory=Backend)

    @model_validator(mode="after")
    def _across_fields(self) -> "Config":
        problems = cross_field_problems(self.model_dump())
        if problems:
            raise ConfigError(problems)
        return self

    @model_validator(mode="after")
    def _backend_checks(self) -> "Config":
        """Backend checks across fields (one key's own rules are in :class:`Backend`)."""
        problems: list[tuple[str, str]] = []
        b = self.backend
        if b.type == "s3" and b.bucket is None:
            problems.append(("backend.bucket", "required when backend.type is s3"))
        if b.type == "local":
            for name in ("bucket", "region", "role_arn"):
                if getattr(b, name) is not None:
                    problems.append((f"backend.{name}", "only used when backend.type is s3; remove it or set "
                                                        "backend.type: s3"))
        if b.region is not None and b.region not in REGIONS.get(self.partition, ()):
            problems.append(("backend.region", f"{b.region!r} is not a region of partition {self.partition!r}"))
        if b.role_arn and (p := arns.parse(b.role_arn))["partition"] != self.partition:
            problems.append(("backend.role_arn", f"is in partition {p['partition']}, the config says {self.partition}"))
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


# ------------------------------------------------------------------------------ checks across fields
#
# They work on the plain data (defaults filled in), not on the model, so that they also run when some
# other field is invalid: every problem of a config is reported in one run. Each check only looks at
# values that are valid on their own (an invalid value already has its own error).

def _get(data: Any, dotted: str, default: Any = None) -> Any:
    node = data
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return default
    return node


def _valid(value: Any, pattern: str) -> bool:
    return isinstance(value, str) and re.match(pattern, value) is not None


def _endpoint_host(url: str) -> str:
    from urllib.parse import urlsplit
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def cross_field_problems(data: Any) -> list[tuple[str, str]]:
    """Problems only the whole config can judge, as (dotted path, reason)."""
    if not isinstance(data, dict):
        return []
    problems: list[tuple[str, str]] = []
    partition = _get(data, "partition", "aws")
    region = _get(data, "region")
    kb = _get(data, "kinesis_account", {})
    da = _get(data, "deployment_account", {})
    db = _get(data, "databricks", {})
    part_ok = isinstance(partition, str) and partition in REGIONS
    kb_account = _get(kb, "account_id")
    da_account = _get(da, "account_id")
    kb_account = kb_account if _valid(kb_account, ACCOUNT_RE) else None
    da_account = da_account if _valid(da_account, ACCOUNT_RE) else None

    region_ok = False
    if part_ok and isinstance(region, str):
        if region in REGIONS[partition]:
            region_ok = True
        else:
            elsewhere = [p for p, regions in REGIONS.items() if region in regions]
            close = difflib.get_close_matches(region, sorted(REGIONS[partition]), n=1)
            hint = (f"; it is a region of partition {elsewhere[0]!r}" if elsewhere else
                    f"; did you mean {close[0]!r}?" if close else "")
            problems.append(("region", f"{_show(region)} is not a region of partition {partition!r}{hint}"))

    if kb_account and da_account and kb_account == da_account:
        problems.append(("kinesis_account.account_id",
                         "is the same as deployment_account.account_id; this tool sets up cross-account access"))

    trust = _get(kb, "trust", "role")
    if _get(kb, "trust_ec2_service", False) is True and trust == "role":
        problems.append(("kinesis_account.trust_ec2_service",
                         "only reproduces the seed's 'trust: account'; with 'trust: role' it would let EC2 "
                         "instances of account B assume the role"))

    streams = _get(kb, "streams")
    if isinstance(streams, list):
        first_at: dict[str, int] = {}
        for i, stream in enumerate(streams):
            if not isinstance(stream, dict):
                continue
            name = stream.get("name")
            if _valid(name, STREAM_NAME_RE):
                if name in first_at:
                    problems.append((f"kinesis_account.streams.{i}.name",
                                     f"duplicate stream {name!r} (also kinesis_account.streams.{first_at[name]})"))
                else:
                    first_at[name] = i
                if "." in name and stream.get("create") is True and stream.get("kms_key_arn") is None:
                    problems.append((f"kinesis_account.streams.{i}.name",
                                     f"{name!r}: a created stream gets the KMS alias alias/kinesis-xacct/<name>, and "
                                     f"KMS alias names allow only letters, digits and / _ - (no '.'); rename the "
                                     f"stream or give its kms_key_arn"))
            key = stream.get("kms_key_arn")
            parts = arns.parse(key) if isinstance(key, str) else None
            if parts and parts["service"] == "kms" and parts["resource"].startswith("key/"):
                wrong = []
                if part_ok and parts["partition"] != partition:
                    wrong.append(f"partition {parts['partition']} (config: {partition})")
                if region_ok and parts["region"] != region:
                    wrong.append(f"region {parts['region']} (stream: {region})")
                if kb_account and parts["account"] != kb_account:
                    wrong.append(f"account {parts['account']} (stream: {kb_account})")
                if wrong:
                    problems.append((f"kinesis_account.streams.{i}.kms_key_arn",
                                     f"the key is in {', '.join(wrong)}; an SSE-KMS stream's key is in the "
                                     f"stream's partition, region and account"))

    for side, account in (("kinesis_account", kb_account), ("deployment_account", da_account)):
        arn = _get(data, f"{side}.deploy_role_arn")
        parts = arns.parse(arn) if isinstance(arn, str) else None
        if parts and parts["service"] == "iam" and parts["resource"].startswith("role/"):
            if part_ok and parts["partition"] != partition:
                problems.append((f"{side}.deploy_role_arn",
                                 f"is in partition {parts['partition']}, the config says {partition}"))
            if account and parts["account"] != account:
                problems.append((f"{side}.deploy_role_arn",
                                 f"is a role of account {parts['account']}, but this stack deploys into "
                                 f"{side}.account_id {account} (the provider only allows that account)"))

    role_name = _get(da, "role_name", DeploymentAccount.model_fields["role_name"].default)
    workspace_role = _get(da, "workspace_role_name", DeploymentAccount.model_fields["workspace_role_name"].default)
    if _valid(role_name, IAM_NAME_RE) and role_name == workspace_role:
        problems.append(("deployment_account.role_name",
                         "is the same as deployment_account.workspace_role_name; the instance profile role "
                         "is created by this tool, the workspace role already exists: they must differ"))

    tags = _get(data, "tags", {})
    if isinstance(tags, dict):
        for key, value in tags.items():
            if isinstance(key, str) and (not re.match(TAG_KEY_RE, key) or key.lower().startswith("aws:")):
                problems.append(("tags", f"key {_show(key)}: tag keys are 1-128 characters of letters, digits, "
                                         f"spaces and _ . : / = + - @, and must not start with 'aws:'"))
            if isinstance(key, str) and isinstance(value, str) and (len(value) > 256
                                                                  or not re.match(TAG_VALUE_RE, value)):
                problems.append(("tags", f"key {_show(key)}: a tag value is at most 256 letters, digits, spaces "
                                         f"and _ . : / = + - @ (IAM refuses others when the role is created)"))

    if isinstance(db, dict):
        position = db.get("initial_position", "earliest")
        timestamp = db.get("initial_timestamp")
        if position == "at_timestamp" and timestamp is None:
            problems.append(("databricks.initial_timestamp",
                             "initial_position at_timestamp needs databricks.initial_timestamp "
                             "(e.g. '2024-01-31T00:00:00+0000')"))
        elif timestamp is not None and position in ("earliest", "latest", "trim_horizon"):
            problems.append(("databricks.initial_timestamp",
                             f"is only used with initial_position at_timestamp (it is {position!r})"))

    url = _get(data, "aws_endpoint_url")
    if _valid(url, ENDPOINT_URL_RE) and url.lower().startswith("http://"):
        host = _endpoint_host(url)
        if host not in LOOPBACK_HOSTS and not host.startswith("127."):
            problems.append(("aws_endpoint_url",
                             f"plain http to {host!r} would send signed AWS requests in clear text; http is "
                             f"only for an emulator on this machine (localhost, 127.0.0.1, ::1), use https"))
    return problems


# --------------------------------------------------------------------------------------------- loading

class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no alias bombs) and duplicate keys, and bounds nodes and depth."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.constructor.ConstructorError(None, None, "YAML aliases (*name) are not allowed in a config",
                                                    event.start_mark)
        self._nodes = getattr(self, "_nodes", 0) + 1
        if self._nodes > MAX_YAML_NODES:
            raise yaml.constructor.ConstructorError(None, None, f"more than {MAX_YAML_NODES} YAML nodes",
                                                    self.peek_event().start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise yaml.constructor.ConstructorError(None, None, f"nested more than {MAX_YAML_DEPTH} levels deep",
                                                        self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {key_node.value!r} (first on line {seen[key] + 1}); "
                                        f"YAML would silently keep only the last one", key_node.start_mark)
                    seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _read(path: Path) -> Any:
    where = "config"
    shown = repr(str(path))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ConfigError([(where, f"file {shown} does not exist")]) from None
    except NotADirectoryError:
        raise ConfigError([(where, f"file {shown} does not exist: a folder on its path is a file")]) from None
    except PermissionError:
        raise ConfigError([(where, f"file {shown} is not accessible (permission denied on a folder above it)")]) \
            from None
    except (OSError, ValueError) as e:
        raise ConfigError([(where, f"cannot read {shown}: {getattr(e, 'strerror', None) or e}")]) from None
    if stat.S_ISDIR(st.st_mode):
        raise ConfigError([(where, f"{shown} is a directory, not a config file")])
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise ConfigError([(where, f"{shown} is {kind}, not a config file (give the path of a YAML file)")])
    if st.st_size > MAX_CONFIG_BYTES:
        raise ConfigError([(where, f"file is {st.st_size} bytes; a config is at most {MAX_CONFIG_BYTES}")])
    try:
        with open(path, "rb") as f:  # never blocks: a regular file
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except PermissionError:
        raise ConfigError([(where, f"file {shown} is not readable (permission denied)")]) from None
    except OSError as e:
        raise ConfigError([(where, f"cannot read {shown}: {e.strerror or e}")]) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError([(where, f"file is over {MAX_CONFIG_BYTES} bytes; a config is at most {MAX_CONFIG_BYTES}")])
    if b"\x00" in raw or re.search(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]", raw):
        raise ConfigError([(where, "file is binary, not YAML text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError([(where, "file is not UTF-8 text")]) from None
    if not text.strip():
        raise ConfigError([(where, "file is empty")])
    try:
        data = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        what = "; ".join(x for x in (e.context, e.problem) if x)
        raise ConfigError([(where, f"invalid YAML{at}: {what}")]) from None
    except yaml.YAMLError as e:
        raise ConfigError([(where, f"invalid YAML: {e}")]) from None
    except RecursionError:
        raise ConfigError([(where, "invalid YAML: nested too deeply")]) from None
    if data is None:
        raise ConfigError([(where, "file has no settings (only comments or an empty document)")])
    if not isinstance(data, dict):
        raise ConfigError([(where, f"top level must be a mapping of keys, got {_type_name(data)}")])
    return data


# ------------------------------------------------------------------------------------ error messages

def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
             dict: "a mapping", bytes: "binary data (!!binary)", type(None): "null"}
    for typ, name in names.items():
        if type(value) is typ:
            return name
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date/time"
    return type(value).__name__


def _submodel(annotation: Any) -> Optional[type[BaseModel]]:
    """The model inside an annotation such as ``Stream``, ``Optional[Stream]`` or ``list[Stream]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _submodel(arg)
        if found is not None:
            return found
    return None


def _field(loc: tuple) -> Any:
    """The pydantic FieldInfo at ``loc`` (list indexes skipped), or None."""
    model: Optional[type[BaseModel]] = Config
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = _submodel(info.annotation)
    return info


def _known_keys(loc: tuple) -> list[str]:
    """Field names of the model found at ``loc`` (for 'did you mean' hints)."""
    if not [p for p in loc if not isinstance(p, int)]:
        return list(Config.model_fields)
    info = _field(loc)
    model = _submodel(info.annotation) if info is not None else None
    return list(model.model_fields) if model is not None else []


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _where(loc: tuple) -> tuple[str, str]:
    """Dotted path of ``loc``; a key that cannot be part of a dotted path is named in the reason instead."""
    parts: list[str] = []
    for part in loc:
        if part == "[key]":
            break
        if isinstance(part, int) or (isinstance(part, str) and _PLAIN_KEY.match(part)):
            parts.append(str(part))
        else:
            return ".".join(parts) or "config", f"key {_show(part)}: "
    return ".".join(parts) or "config", ""


def _reason(e: dict) -> str:
    kind, loc, value = e["type"], tuple(e["loc"]), e.get("input")
    if kind == "missing":
        info = _field(loc)
        what = f" ({info.description})" if info is not None and info.description else ""
        return f"required key is missing{what}"
    if kind == "string_pattern_mismatch":
        pattern = e["ctx"]["pattern"]
        return f"{_show(value)} is not valid: {PATTERN_REASONS.get(pattern, 'must match ' + pattern)}"
    if kind == "string_type":
        if isinstance(value, bool):
            return "must be a string, got a boolean (YAML reads yes/no/on/off/true/false as booleans: quote it)"
        if isinstance(value, (int, float)):
            return (f"must be a string, got the number {value!r} (quote it: YAML reads digits as a number "
                    f"and drops leading zeros)")
        if isinstance(value, (datetime.date, datetime.datetime)):
            return "must be a string, got a date/time (quote it: YAML reads unquoted dates as timestamps)"
        return f"must be a string, got {_type_name(value)}"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", e["ctx"]["expected"])
        close = difflib.get_close_matches(str(value), choices, n=1) if isinstance(value, str) else []
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"{_show(value)} is not one of {', '.join(choices)}{hint}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of keys, got {_type_name(value)}"
    if kind == "list_type":
        return f"must be a list, got {_type_name(value)}"
    if kind == "bool_type":
        return f"must be true or false, got {_show(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, got {_show(value)}"
    if kind == "too_short" and loc[-1:] == ("streams",):
        return "at least one stream is required (a list of {name: ...})"
    if kind == "invalid_key":
        return f"keys must be strings, got {_show(loc[-1])}"
    return f"{e['msg'].removeprefix('Value error, ')}"


def _problems(err: ValidationError) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for e in err.errors():
        loc = tuple(e["loc"])
        if e["type"] == "invalid_key":
            loc = loc[:-1]
        if e["type"] == "extra_forbidden":
            path, _ = _where(loc[:-1])
            known = _known_keys(loc[:-1])
            key = loc[-1]
            hint = difflib.get_close_matches(str(key), known, n=1)
            reason = "unknown key" + (f"; did you mean {hint[0]!r}?" if hint else
                                      (f"; known keys: {', '.join(known)}" if known else ""))
            if isinstance(key, str) and _PLAIN_KEY.match(key):
                path = f"{path}.{key}" if loc[:-1] else key
            else:
                reason = f"unknown key {_show(key)}" + reason.removeprefix("unknown key")
            out.append((path, reason))
            continue
        if e["type"] == "value_error" and isinstance(e.get("ctx", {}).get("error"), ConfigError):
            out.extend(e["ctx"]["error"].problems)
            continue
        path, prefix = _where(loc)
        out.append((path, prefix + _reason({**e, "loc": tuple(e["loc"])})))
    return out


def parse_config(data: Any) -> Config:
    """Validate plain data: a :class:`Config`, or :class:`ConfigError` with every problem found."""
    if not isinstance(data, dict):
        raise ConfigError([("config", f"top level must be a mapping of keys, got {_type_name(data)}")])
    try:
        return Config.model_validate(data)
    except ValidationError as err:
        problems = _problems(err)
    problems += [p for p in cross_field_problems(data) if p not in problems]
    raise ConfigError(problems)


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
