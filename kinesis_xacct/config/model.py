"""The config file's typed model (pydantic v2): every key, its type, default and own rules.

Imports nothing heavy (no cdktf, no provider bindings). Rules across fields are in ``config.rules``, the
YAML reading in ``config.yaml_reader``, the wording of pydantic's errors in ``config.messages``; ``config``
puts them together (``parse_config``), and ``ops.load`` adds the size check of the generated policies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

# ConfigError is defined with Problem; it is imported from here too.
from kinesis_xacct.config.problems import ConfigError as ConfigError
from kinesis_xacct.platform import arns, versions

ACCOUNT_RE = r"^[0-9]{12}$"
IAM_NAME_RE = r"^[A-Za-z0-9_+=,.@-]{1,64}$"
EXTERNAL_ID_RE = r"^[A-Za-z0-9_+=,.@:/-]{2,1224}$"
STREAM_NAME_RE = r"^[a-zA-Z0-9_.-]{1,128}$"
POLICY_NAME_RE = r"^[A-Za-z0-9_+=,.@-]{1,128}$"
# The workspace URL (Databricks docs, "Workspace instance names, URLs, and IDs":
# https://<deployment name>.cloud.databricks.com): https, a DNS name, nothing else (no user-info, port, path, query
# or fragment). Which domains: rules.py (_host_rule).
HOST_RE = r"^https://[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/?$"
# A workspace path: absolute, '/'-separated names (Databricks docs, "Workspace files": object names) of letters,
# digits, space and _ . @ + = , ( ) ' - ; normalised (no '.', '..' or empty segments: rules.notebook_path_problem).
NOTEBOOK_RE = r"^(/[^/]+)+$"  # the characters of each name: notebook_path_chars_problem
# The guide's host form (sts.<region>.amazonaws.com, also a VPC endpoint's DNS name) or an https URL of it.
STS_ENDPOINT_RE = (
    r"^(https://)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+(:[0-9]{1,5})?/?$"
)
ENDPOINT_URL_RE = r"^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$"
# What each pattern means, in words (the reason shown for a value that does not match).
PATTERN_REASONS = {
    ACCOUNT_RE: 'an AWS account ID is exactly 12 digits, written as a quoted string ("123456789012")',
    IAM_NAME_RE: "an IAM name is 1-64 characters of letters, digits and + = , . @ _ -",
    POLICY_NAME_RE: "an IAM policy name is 1-128 characters of letters, digits and + = , . @ _ -",
    EXTERNAL_ID_RE: "an external ID is 2-1224 characters of letters, digits and + = , . @ : / _ -",
    STREAM_NAME_RE: "a Kinesis stream name is 1-128 characters of letters, digits and _ . -",
    HOST_RE: "must be the workspace URL, https://<host name> and nothing else: no user-info, port, path, query or "
    "fragment (e.g. https://dbc-1234abcd-5678.cloud.databricks.com)",
    NOTEBOOK_RE: "must be an absolute workspace path: '/'-separated names, no empty one "
    "(e.g. /Users/you@example.com/kinesis-xacct/validate_kinesis)",
    STS_ENDPOINT_RE: "must be an STS host as the guide writes it (sts.us-east-1.amazonaws.com) or its https:// URL "
    "(https://sts.us-east-1.amazonaws.com)",
    ENDPOINT_URL_RE: "must be an http:// or https:// URL of a host and optional port and path, without user-info, "
    "query or fragment (e.g. http://127.0.0.1:5000)",
}
# Hosts a plain-http aws_endpoint_url may name (an emulator on this machine).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# databricks.initial_timestamp: the notebook passes it with the format yyyy-MM-dd'T'HH:mm:ssZ.
TIMESTAMP_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{4}$"
PATTERN_REASONS[TIMESTAMP_RE] = (
    "must be yyyy-MM-ddTHH:mm:ss+hhmm (e.g. '2024-01-31T00:00:00+0000'), "
    "the format the notebook gives Spark's Kinesis source"
)
# A Unity Catalog credential name (a securable name: letters, digits, _ and -; kept to what every API accepts).
CREDENTIAL_NAME_RE = r"^[A-Za-z0-9_-]{1,255}$"
PATTERN_REASONS[CREDENTIAL_NAME_RE] = "a service credential name is 1-255 letters, digits, _ and - (e.g. kinesis-xacct)"
# databricks.validation_window_minutes: the default window of the validation read (initial_position null).
VALIDATION_WINDOW_MINUTES = 15
# An AWS shared-config profile name ([profile NAME] in ~/.aws/config, [NAME] in ~/.aws/credentials).
PROFILE_RE = r"^[A-Za-z0-9_.@+/-]{1,128}$"
PATTERN_REASONS[PROFILE_RE] = (
    "an AWS profile name (a section of ~/.aws/config) is 1-128 letters, digits and _ . @ + / -"
)
STREAM_ARN_RE = r"^arn:[a-z-]+:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[a-zA-Z0-9_.-]{1,128}$"
PATTERN_REASONS[STREAM_ARN_RE] = (
    "must be a Kinesis stream ARN arn:<partition>:kinesis:<region>:<12-digit account>:stream/<name>"
)
# The AWS provider's own check of a key ARN (internal/service/kms/validate.go keyIDResourceRegex over
# verify.UUIDRegexPattern): a version 1-5 UUID or a multi-Region key ID. Anything else fails the stack's
# ``terraform validate`` (data "aws_kms_key"), so the config refuses it first.
KMS_KEY_ID_RE = r"^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$"


# ------------------------------------------------------------------------ free text: each field's own rule
# Every string of the config reaches generated files (HCL, the notebook, the RUNBOOK); each field has a rule from
# its owner's documentation, and a length limit. Patterns given to pydantic (``pattern=``) run on its Rust regex
# engine, where ``$`` is the end of the text; patterns used here run with ``re.fullmatch`` (never ``re.match`` and
# ``$``, which allows a trailing newline).

# Databricks Runtime version keys (Clusters API, `spark_version`: "the runtime version of the cluster", the `key`
# of GET /api/2.1/clusters/spark-versions, e.g. 16.4.x-scala2.12, 15.4.x-gpu-ml-scala2.12).
SPARK_VERSION_RE = r"^[0-9]{1,3}\.[0-9]{1,3}\.(x|[0-9]{1,3})(-[a-z0-9]+(\.[a-z0-9]+)*){0,6}$"
PATTERN_REASONS[SPARK_VERSION_RE] = (
    "a Databricks Runtime version key is <major>.<minor>.x-... of lowercase letters, digits, '.' and '-' "
    "(e.g. 16.4.x-scala2.12; the keys are listed by `databricks clusters spark-versions`)"
)
# Node type IDs on AWS are EC2 instance type names (Clusters API `node_type_id`, GET /api/2.1/clusters/list-node-types;
# EC2 User Guide, "Amazon EC2 instance type naming conventions": <family>.<size>, e.g. i3.xlarge, m5d.2xlarge).
NODE_TYPE_RE = r"^[a-z][a-z0-9-]{0,30}\.[a-z0-9]{1,20}$"
PATTERN_REASONS[NODE_TYPE_RE] = (
    "a node type ID is an EC2 instance type name, <family>.<size> in lowercase letters and digits (e.g. i3.xlarge)"
)
# Databricks users are named by e-mail address, service principals by application ID (a UUID) (Databricks docs,
# "Manage users" / "Manage service principals"; the Clusters API's `single_user_name`).
EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
MAX_EMAIL = 254  # RFC 5321: a path (address) is at most 256 octets including the angle brackets
# Group display names (Databricks docs, "Manage groups": a display name; SCIM `displayName`): this tool accepts
# letters, digits, spaces and _ . @ + = , ( ) & ' : - in one script, at most 255 characters.
MAX_GROUP_NAME = 255
MAX_GROUPS = 100
GROUP_NAME_EXTRA = set("_.@+=,()&':- ")
MAX_CLUSTER_NAME = 100  # the Clusters API refuses a longer cluster_name
MAX_NOTEBOOK_PATH = 1000
MAX_CHECKPOINT_VOLUME = 3 * 255 + len("/Volumes///")  # Unity Catalog names are at most 255 characters each
# Letters that look like the Latin ones of the workspace-local group names (Unicode's confusables for a-z of
# "users" and "admins"): mapped before comparing, so a name in another script cannot spell `users`/`admins`.
_HOMOGLYPHS = str.maketrans(
    "\u0430\u0251\u03b1\u0501\u0435\u03b5\u0456\u0269\u03b9\u043c\u043f\u0578"
    "\u03bd\u0455\u0443\u03c5\u057d\u0440\u0441\u043e\u03bf\u0445\u0433",
    "aaadeeiiimnnvsyuupcooxr",  # position by position
)


def _script(ch: str) -> str:
    """The script of a letter, from its Unicode name (LATIN SMALL LETTER A -> LATIN); '' for a non-letter."""
    if not unicodedata.category(ch).startswith("L"):
        return ""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "?"


def identity_problem(name: str) -> str | None:
    """Why ``name`` cannot name an identity (user, group): an invisible or format character (zero-width, bidi
    control), a character that NFKC normalisation changes, or letters of more than one script (Unicode TR 39,
    "mixed-script confusables"). None when it is fine."""
    bad = [ch for ch in name if unicodedata.category(ch)[0] in "CZ" and ch != " "]
    if bad:
        return f"{short(name)} contains the invisible or control character U+{ord(bad[0]):04X}; write the name plainly"
    if unicodedata.normalize("NFKC", name) != name:
        return f"{short(name)} is not in Unicode NFKC form (compatibility or combining characters); write it plainly"
    scripts = {sc for sc in map(_script, name) if sc and sc != "COMMON"}
    if len(scripts) > 1:
        return f"{short(name)} mixes letters of several scripts ({', '.join(sorted(scripts))}): a look-alike name"
    return None


def identity_key(name: str) -> str:
    """The form two identity names are compared in: NFKC, case-folded, look-alike letters mapped to Latin."""
    return unicodedata.normalize("NFKC", name).casefold().translate(_HOMOGLYPHS).strip()


NOTEBOOK_NAME_EXTRA = set("_.@+=,()' -")


def notebook_path_chars_problem(path: str) -> str | None:
    """Why ``path`` is not an absolute, normalised workspace path of plain names, or None."""
    segments = path.split("/")[1:]
    if not path.startswith("/") or any(seg == "" for seg in segments):
        return f"{short(path)} must be absolute and normalised: '/'-separated names, no empty one ('//' or a final '/')"
    if any(seg in (".", "..") for seg in segments):
        return f"{short(path)} must be normalised: no '.' or '..' in it"
    for seg in segments:
        bad = [ch for ch in seg if not (ch.isalnum() or ch in NOTEBOOK_NAME_EXTRA)]
        if bad:
            return (
                f"{short(path)}: the names of a workspace path are letters, digits, spaces and _ . @ + = , ( ) ' - "
                f"(not {bad[0]!r})"
            )
        if seg != seg.strip():
            return f"{short(path)}: a name of the path starts or ends with a space"
    return None


def _cluster_name(v: str) -> str:
    if not v.strip() or v != v.strip():
        raise ValueError(f"{short(v)}: a cluster name is not empty and has no spaces at its start or end")
    if len(v) > MAX_CLUSTER_NAME:
        raise ValueError(f"is {len(v)} characters; a cluster name is at most {MAX_CLUSTER_NAME}")
    bad = [ch for ch in v if not ch.isprintable()]
    if bad:
        raise ValueError(
            f"{short(v)} contains the non-printable character U+{ord(bad[0]):04X} (a cluster name is one line)"
        )
    return v


def _user_name(v: str) -> str:
    if len(v) <= MAX_EMAIL and (EMAIL_RE.fullmatch(v) or UUID_RE.fullmatch(v)):
        return v
    raise ValueError(
        f"{short(v)} is not valid: a Databricks user is named by e-mail address (you@example.com, at most "
        f"{MAX_EMAIL} characters), a service principal by its application ID (a UUID)"
    )


def _group_name(v: str) -> str:
    if len(v) > MAX_GROUP_NAME:
        raise ValueError(f"is {len(v)} characters; a group display name is at most {MAX_GROUP_NAME}")
    if problem := identity_problem(v):
        raise ValueError(problem)
    bad = [ch for ch in v if not (ch.isalnum() or ch in GROUP_NAME_EXTRA)]
    if bad:
        raise ValueError(
            f"{short(v)}: a group display name is letters, digits, spaces and _ . @ + = , ( ) & ' : - (not {bad[0]!r})"
        )
    return v


def short(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: its ``repr``, cut to ``limit`` characters (``...`` marks the cut)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _arn_of(value: str, service: str, resource_prefix: str, what: str) -> str:
    parts = arns.parse(value)
    if (
        re.search(r"\s", value)
        or not value.isascii()
        or not value.isprintable()
        or not parts
        or parts["service"] != service
        or not parts["resource"].startswith(resource_prefix)
    ):
        hint = ""
        if parts and parts["service"] == service and service == "kms" and parts["resource"].startswith("alias/"):
            hint = "; an alias ARN does not work in an IAM policy for kms:Decrypt, give the key ARN"
        elif parts and parts["service"] != service:
            hint = f"; this is an ARN of service {parts['service']!r}"
        raise ValueError(
            f"must be {what} (arn:<partition>:{service}:...:{resource_prefix}...), got {short(value)}{hint}"
        )
    if service == "kms" and (
        not parts["region"]
        or not re.fullmatch(ACCOUNT_RE, parts["account"])
        or not re.fullmatch(KMS_KEY_ID_RE, parts["resource"][len("key/") :])
    ):
        raise ValueError(
            f"must be a KMS key ARN arn:<partition>:kms:<region>:<12-digit account>:key/<key id> "
            f"(a lower-case UUID such as 1234abcd-12ab-4cde-8f01-234567890abc, or mrk-...), got {short(value)}"
        )
    if service == "iam" and (
        parts["region"]
        or not re.fullmatch(ACCOUNT_RE, parts["account"])
        # IAM allows any printable ASCII in a role's path; this tool takes the characters of IAM names and '/'
        # (no quote, backslash, '$', '%', '{' or '}' can reach a policy document or the HCL through a path)
        or not re.fullmatch(r"role/(/|/?[A-Za-z0-9_+=,.@/-]*/)?[A-Za-z0-9_+=,.@-]{1,64}", parts["resource"])
    ):
        raise ValueError(
            f"must be an IAM role ARN arn:<partition>:iam::<12-digit account>:role/<name> "
            f"(no region), got {short(value)}"
        )
    return value


def _refusing(problem: Callable[[str], str | None]) -> Callable[[str], str]:
    """The check that refuses a value for which ``problem`` gives a reason."""

    def check(v: str) -> str:
        if reason := problem(v):
            raise ValueError(reason)
        return v

    return check


def _role_arn(v: str) -> str:
    return _arn_of(v, "iam", "role/", "an IAM role ARN")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Each key's own check after its type and pattern (``FIELD_CHECKS``, by key name).
    @field_validator("*")
    @classmethod
    def _field_check(cls, v: Any, info: ValidationInfo) -> Any:
        check = FIELD_CHECKS.get(info.field_name or "")
        return v if v is None or check is None else check(v)


def _profile_field(where: str) -> Any:
    return Field(
        None,
        pattern=PROFILE_RE,
        description=f"AWS shared-config profile Terraform uses for {where} (the provider's `profile`); null = "
        "the environment's credentials. The profile holds no secret in this file: it names a section of "
        "~/.aws/config (SSO, a role to assume, ...)",
    )


def _deploy_role_field(where: str) -> Any:
    return Field(None, description=f"role Terraform assumes to deploy in {where}; null = ambient credentials")


class Stream(_Model):
    name: StrictStr = Field(
        pattern=STREAM_NAME_RE,
        description="Kinesis data stream name, or the stream's ARN "
        "(arn:<partition>:kinesis:<region>:<account B>:stream/<name>; its account and region must be the config's)",
    )
    arn: StrictStr | None = Field(
        None,
        pattern=STREAM_ARN_RE,
        description="the stream's ARN instead of (or as well as) `name`; set from `name` when that is an ARN",
    )
    create: StrictBool = Field(
        False, description="true: this stack creates the stream, encrypted with a customer-managed KMS key"
    )
    kms_key_arn: StrictStr | None = Field(
        None,
        description="key of an existing SSE-KMS stream: `kms:Decrypt` "
        "is granted on it via Kinesis only; with `create: "
        "true` the stream uses this key instead of a new one",
    )
    mode: Literal["provisioned", "on-demand"] = Field(
        "provisioned",
        description="capacity mode of a created stream: provisioned (shard_count shards) or "
        "on-demand (Kinesis scales the shards itself)",
    )
    shard_count: StrictInt = Field(1, ge=1, le=1000, description="shards of a created stream (mode provisioned only)")
    retention_hours: StrictInt = Field(24, ge=24, le=8760, description="retention of a created stream")

    @model_validator(mode="before")
    @classmethod
    def _name_from_arn(cls, data: Any) -> Any:
        """A stream given by ARN (in ``name`` or ``arn``): the name is the part after ``stream/``."""
        if not isinstance(data, dict):
            return data
        name, arn = data.get("name"), data.get("arn")
        if isinstance(name, str) and name.startswith("arn:"):
            if arn is not None and arn != name:
                raise ValueError(f"name is the ARN {short(name)} and arn is another one, {short(arn)}: give one")
            data = {**data, "arn": name, "name": name.rsplit("/", 1)[-1] if ":stream/" in name else name}
        elif isinstance(arn, str) and name is None and ":stream/" in arn:
            data = {**data, "name": arn.rsplit("/", 1)[-1]}
        return data


class KinesisAccount(_Model):
    account_id: StrictStr = Field(pattern=ACCOUNT_RE, description="account B, owns the streams (12 digits)")
    deploy_role_arn: StrictStr | None = _deploy_role_field("B (provider `assume_role`)")
    profile: StrictStr | None = _profile_field("account B (kinesis-account)")
    role_name: StrictStr = Field(
        "KinesisCrossAccountRole", pattern=IAM_NAME_RE, description="the role account A assumes"
    )
    external_id: StrictStr | None = Field(
        None,
        pattern=EXTERNAL_ID_RE,
        description="required `sts:ExternalId`; the notebook passes it as `roleExternalId`",
    )
    trust: Literal["role", "account"] = Field(
        "role", description="`role`: trust exactly A's instance-profile role; `account`: the seed's account-root trust"
    )
    trust_ec2_service: StrictBool = Field(
        False, description="also trust `ec2.amazonaws.com`, as the seed does (only with `trust: account`)"
    )
    access: Literal["read", "read-efo", "read-write", "full"] = Field(
        "read",
        description="`read`: DescribeStream, DescribeStreamSummary, GetRecords, GetShardIterator, ListShards "
        "on the streams; `read-efo`: + enhanced fan-out consumer actions on the streams and their "
        "consumers; `read-write`: + PutRecord(s); `full`: the AWS managed "
        "AmazonKinesisFullAccess (the seed)",
    )
    streams: list[Stream] = Field(min_length=1, description="the Kinesis streams, a list of {name: ...}")


VPC_ENDPOINT_RE = r"^vpce-[0-9a-f]{8,17}$"


class DeploymentAccount(_Model):
    account_id: StrictStr = Field(pattern=ACCOUNT_RE, description="account A, runs the workspace")
    deploy_role_arn: StrictStr | None = _deploy_role_field("A")
    profile: StrictStr | None = _profile_field("account A (deployment-account)")
    role_name: StrictStr = Field(
        "DatabricksToKinesisAssumeRole", pattern=IAM_NAME_RE, description="role the clusters run as"
    )
    instance_profile_name: StrictStr = Field(
        "DatabricksToKinesisAssumeRole", pattern=IAM_NAME_RE, description="its instance profile"
    )
    workspace_role_name: StrictStr | None = Field(
        None,
        pattern=IAM_NAME_RE,
        description="name of the existing IAM role the Databricks workspace launches clusters with (it gets the "
        "iam:PassRole grant; never managed or replaced); required: the last part of the role ARN in the "
        "workspace's credential configuration (account console > Cloud resources > Credential "
        "configuration)",
    )
    vpc_endpoint_ids: list[Annotated[StrictStr, StringConstraints(pattern=VPC_ENDPOINT_RE)]] = Field(
        default_factory=list,
        max_length=50,
        description="the workspace's interface VPC endpoints (`vpce-...`, in `region`) whose endpoint policies "
        "`make verify` evaluates for the calls of the chain (STS, Kinesis, KMS); read only, never managed",
    )
    vpc_id: StrictStr | None = Field(
        None,
        pattern=r"^vpc-[0-9a-f]{8,17}$",
        description="the workspace's VPC (`vpc-...`, in `region`): `make verify` also evaluates the policies of its "
        "interface endpoints for STS, Kinesis and KMS; read only, never managed",
    )
    passrole_policy_name: StrictStr | None = Field(
        None,
        pattern=POLICY_NAME_RE,
        description="name of that inline policy; null = `kinesis-xacct-passrole-<role_name>` (named after the role "
        "it grants, so deployments sharing the workspace role do not overwrite each other's grant)",
    )


class Databricks(_Model):
    enabled: StrictBool = Field(True, description="false = AWS side only")
    auth: Literal["instance-profile", "service-credential"] = Field(
        "instance-profile",
        description="how clusters reach account B's role: instance-profile (the guide: an "
        "instance profile in A that assumes B's role) | service-credential (a Unity "
        "Catalog service credential wrapping B's role; nothing in A's AWS account)",
    )
    service_credential_name: StrictStr | None = Field(
        None,
        pattern=CREDENTIAL_NAME_RE,
        description="name of the Unity Catalog service credential (service-credential mode), unique in the "
        "metastore; null = `kinesis-xacct-<kinesis_account.role_name>-<kinesis_account.account_id>` (lowercase), "
        "which no other deployment uses",
    )
    unity_catalog_iam_arn: StrictStr | None = Field(
        None,
        description="the Unity Catalog master role that assumes B's role (service-credential mode); "
        "null = Databricks' master role of the partition (GovCloud: civilian; DoD: give its ARN)",
    )
    host: StrictStr | None = Field(
        None,
        pattern=HOST_RE,
        max_length=263,
        description="workspace URL, `https://<host name>` only (no user-info, port, path, query or fragment), in the "
        "partition's Databricks domain: cloud.databricks.com (aws), cloud.databricks.us or cloud.databricks.mil "
        '(aws-us-gov) (Databricks docs, "Workspace instance names, URLs, and IDs"); another host (a private '
        "DNS name) only with `allow_private_host: true`; null = `DATABRICKS_HOST`. The token only ever comes "
        "from the environment",
    )
    allow_private_host: StrictBool = Field(
        False,
        description="true: `host` may be outside the partition's Databricks domains (a private DNS name of the "
        "workspace, e.g. behind a private link); still `https://<host name>` only",
    )
    profile: StrictStr | None = Field(
        None,
        pattern=PROFILE_RE,
        description="a profile (section) of `~/.databrickscfg` for this workspace's provider: host and "
        "credentials come from it (token, OAuth machine-to-machine, ...); null = the environment "
        "(`DATABRICKS_HOST`, `DATABRICKS_TOKEN` or `DATABRICKS_CLIENT_ID`/`DATABRICKS_CLIENT_SECRET`). "
        "Nothing secret is in the config",
    )
    cluster_name: StrictStr = Field(
        "kinesis-xacct-validation",
        min_length=1,
        max_length=MAX_CLUSTER_NAME,
        description="name of the validation cluster (the job is `<cluster_name>-job`): one line of printable "
        "characters, at most 100 (Clusters API `cluster_name`: it need not be unique)",
    )
    notebook_path: StrictStr | None = Field(
        None,
        pattern=NOTEBOOK_RE,
        max_length=MAX_NOTEBOOK_PATH,
        description="workspace path of the validation notebook (absolute and normalised: no '.', '..' or '//'); "
        "default (instance-profile) /Users/<single_user_name>/kinesis-xacct/validate_kinesis; required with "
        "databricks.auth service-credential. Never the deploying identity's home. Its folder is created and owned "
        "by the stack (only admins, the folder's owner and databricks.groups get access); not under /Shared",
    )
    checkpoint_volume: StrictStr | None = Field(
        None,
        max_length=MAX_CHECKPOINT_VOLUME,
        description="service-credential mode, required with databricks.enabled: the Unity Catalog volume "
        "`/Volumes/<catalog>/<schema>/<volume>` the stack creates (a managed volume in an existing catalog and "
        "schema) for the validation's streaming checkpoints; standard access mode refuses Spark access to the "
        "driver's local disk. Each run writes a folder of its own there and removes it when the reads end. "
        "Names: lowercase letters, digits, _ and -",
    )
    initial_position: Literal["earliest", "latest", "trim_horizon", "at_timestamp"] | None = Field(
        None,
        description="the notebook's `initialPosition`; null = the last `validation_window_minutes` (a start time "
        "computed when the notebook runs). `earliest`/`trim_horizon` read the whole retention of each stream",
    )
    initial_timestamp: StrictStr | None = Field(None, pattern=TIMESTAMP_RE, description="start time for `at_timestamp`")
    validation_window_minutes: StrictInt = Field(
        VALIDATION_WINDOW_MINUTES,
        ge=1,
        le=1440,
        description="with `initial_position` null: the notebook reads the records of the last this many minutes "
        "of each stream (at_timestamp = the time it runs minus the window)",
    )
    sts_endpoint: StrictStr | None = Field(
        None,
        pattern=STS_ENDPOINT_RE,
        description="the notebook's `stsEndpoint` (instance-profile mode): a host such as "
        "sts.<region>.amazonaws.com, as the guide writes it, or an https:// URL; null = the regional "
        "endpoint of `workspace_region` (what an STS interface VPC endpoint answers to)",
    )
    workspace_region: StrictStr | None = Field(
        None,
        description="AWS region of the Databricks workspace (a region of the partition); null = the streams' "
        "`region`. The notebook's default `stsEndpoint` is this region's STS endpoint (a workspace without egress "
        "reaches STS through an interface VPC endpoint in its own region). service-credential mode: must be the "
        "streams' region (a service credential reaches services in the workspace's region)",
    )
    spark_version: StrictStr = Field(
        versions.DEFAULT_SPARK_VERSION,
        pattern=SPARK_VERSION_RE,
        max_length=100,
        description="Databricks Runtime version key of the clusters (a fixed LTS by default), e.g. "
        "16.4.x-scala2.12 (Clusters API `spark_version`)",
    )
    node_type_id: StrictStr | None = Field(
        None,
        pattern=NODE_TYPE_RE,
        max_length=52,
        description="node type, an EC2 instance type name such as i3.xlarge (Clusters API `node_type_id`); "
        "null = smallest with local disk",
    )
    single_user_name: StrictStr | None = Field(
        None,
        description="user (e-mail address) or service principal (application ID, a UUID) the dedicated cluster "
        "belongs to (Clusters API `single_user_name`); required with databricks.auth instance-profile (and "
        "databricks.enabled), so that neither the cluster's owner nor the notebook's default folder follows the "
        "identity that deploys",
    )
    autotermination_minutes: StrictInt = Field(20, ge=10, le=10000, description="cluster auto-termination")
    groups: list[Annotated[StrictStr, AfterValidator(_group_name)]] = Field(
        default_factory=list,
        max_length=MAX_GROUPS,
        description="groups (display names) allowed to use the Kinesis access; [] = workspace admins only. "
        "Each: letters, digits, spaces and _ . @ + = , ( ) & ' : -, in one script, at most 255 characters, "
        "no invisible characters. service-credential mode: account groups (Unity Catalog grants), never "
        "`users` or `admins` (in any spelling)",
    )
    skip_validation: StrictBool = Field(
        False, description="true: register the instance profile without Databricks' EC2 dry-run"
    )
    iam_propagation_seconds: StrictInt = Field(
        30, ge=0, le=600, description="wait between the IAM changes and the registration"
    )
    job: StrictBool = Field(True, description="a job that runs the validation notebook on its own job cluster")
    pin_cluster: StrictBool = Field(
        True,
        description="pin the interactive cluster (is_pinned; needs a workspace "
        "admin) so Databricks does not delete it 30 days after it "
        "terminates",
    )


# ----------------------------------------------------------------------------------- Terraform state

# S3 general purpose bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
_BUCKET_CHARS_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_IPV4_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_BUCKET_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# State key = <key_prefix>/<stack>.tfstate: '/'-separated segments of S3's "safe" key characters.
_KEY_SEGMENT_RE = re.compile(r"^[A-Za-z0-9!_.*'()-]+$")
MAX_KEY_PREFIX = 900  # S3 keys are at most 1,024 bytes; the stack file name is appended


def bucket_name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid S3 (general purpose) bucket name, or None when it is."""
    if not 3 <= len(name) <= 63:
        return f"bucket names are 3-63 characters, {name!r} has {len(name)}"
    if not _BUCKET_CHARS_RE.fullmatch(name):
        return (
            f"{name!r}: bucket names use only lowercase letters, digits, dots and hyphens, and begin and "
            "end with a letter or digit"
        )
    if ".." in name:
        return f"{name!r}: bucket names must not contain two adjacent dots"
    if _IPV4_RE.fullmatch(name):
        return f"{name!r}: bucket names must not be formatted as an IP address"
    for prefix in _BUCKET_RESERVED_PREFIXES:
        if name.startswith(prefix):
            return f"{name!r}: bucket names must not start with the reserved prefix {prefix!r}"
    for suffix in _BUCKET_RESERVED_SUFFIXES:
        if name.endswith(suffix):
            return f"{name!r}: bucket names must not end with the reserved suffix {suffix!r}"
    return None


def key_prefix_problem(prefix: str) -> str | None:
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
        if not _KEY_SEGMENT_RE.fullmatch(segment):
            return f"{prefix!r}: use letters, digits and !_.*'()- between '/' separators (S3's safe key characters)"
    return None


# Each key's own rule beyond its type and pattern, by key name (the names are unique across the sections).
FIELD_CHECKS: dict[str, Callable[[str], str]] = {
    "deploy_role_arn": _role_arn,
    "unity_catalog_iam_arn": _role_arn,
    "role_arn": _role_arn,
    "kms_key_arn": lambda v: _arn_of(v, "kms", "key/", "a KMS key ARN"),
    "notebook_path": _refusing(notebook_path_chars_problem),
    "cluster_name": _cluster_name,
    "single_user_name": _user_name,
    "bucket": _refusing(bucket_name_problem),
    "key_prefix": _refusing(key_prefix_problem),
}


class Backend(_Model):
    """Where Terraform keeps each stack's state: a local file (default) or one S3 object per stack."""

    type: Literal["local", "s3"] = Field(
        "local",
        description="local: the config's own state files, beside it in `.kinesis-xacct-state/<config file name>/`; "
        "s3: remote state with locking",
    )
    bucket: StrictStr | None = Field(None, description="S3 bucket holding the state (type s3)")
    key_prefix: StrictStr = Field("kinesis-xacct", description="state key = `<key_prefix>/<stack>.tfstate`")
    region: StrictStr | None = Field(None, description="region of the bucket; default: the top-level region")
    use_lockfile: StrictBool = Field(True, description="S3-native state locking (Terraform >= 1.10)")
    role_arn: StrictStr | None = Field(None, description="role Terraform assumes for state access")
    profile: StrictStr | None = Field(
        None,
        pattern=PROFILE_RE,
        description="AWS shared-config profile for state access (the S3 backend's `profile`, type s3); null = the "
        "environment's credentials",
    )
    encrypt: StrictBool = Field(True, description="server-side encryption of the state object")

    def state_key(self, stack: str) -> str:
        """The S3 key of one stack's state: one key per stack."""
        return f"{self.key_prefix}/{stack}.tfstate"


class Config(_Model):
    partition: Literal["aws", "aws-cn", "aws-us-gov"] = Field(
        "aws", description="AWS partition; every ARN and service principal is built from it"
    )
    # Its description is also the hint of the "required key is missing" error (config.messages).
    region: StrictStr = Field(description="AWS region of the streams, e.g. us-east-1")
    tags: dict[StrictStr, StrictStr] = Field(default_factory=dict, description="`default_tags` of both AWS providers")
    kinesis_account: KinesisAccount = Field(description="account B, owns the streams: account_id, streams, ...")
    # Required with databricks.auth instance-profile (config.rules); optional with service-credential, where
    # nothing is created in A's AWS account.
    deployment_account: DeploymentAccount | None = Field(
        None, description="account A, runs the Databricks workspace: account_id, ..."
    )
    databricks: Databricks = Field(
        default_factory=Databricks,
        description="the Databricks resources: instance profile registration, cluster, notebook",
    )
    aws_endpoint_url: StrictStr | None = Field(
        None,
        pattern=ENDPOINT_URL_RE,
        description="send every AWS call of both providers here (a local emulator); never in production",
    )
    backend: Backend = Field(default_factory=Backend, description="where Terraform keeps the state of each stack")
    adopt_existing: StrictBool = Field(
        False,
        description="true: import (Terraform import blocks) the objects a hand-made setup of the guide "
        "already has - B's role, A's role and instance profile, the streams with create: true "
        "- and update them in place to this config; each must exist (docs/adopting.md)",
    )

    @property
    def deployment(self) -> DeploymentAccount:
        """Account A's section, which instance-profile mode requires (config.rules, ``MODE_RULES``)."""
        if self.deployment_account is None:
            raise ValueError("deployment_account is needed with databricks.auth instance-profile")
        return self.deployment_account

    @property
    def uses_service_credential(self) -> bool:
        return self.databricks.auth == "service-credential"

    @property
    def unity_catalog_role_arn(self) -> str:
        """The principal B's role trusts in service-credential mode."""
        return self.databricks.unity_catalog_iam_arn or arns.unity_catalog_master_role(self.partition)

    # Derived names used throughout: all ARNs come from arns.py.
    @property
    def kinesis_role_arn(self) -> str:
        return arns.iam_role(self.partition, self.kinesis_account.account_id, self.kinesis_account.role_name)

    @property
    def deployment_role_arn(self) -> str:
        return arns.iam_role(self.partition, self.deployment.account_id, self.deployment.role_name)

    @property
    def instance_profile_arn(self) -> str:
        da = self.deployment
        return arns.instance_profile(self.partition, da.account_id, da.instance_profile_name)

    def stream_arn(self, name: str) -> str:
        return arns.kinesis_stream(self.partition, self.region, self.kinesis_account.account_id, name)
