"""Config rules across fields: what only the whole config can judge.

``cross_field_problems`` works on the plain data as written (a missing key means its default), not on the model,
so that it also runs when some other field is invalid (every problem of a config is reported in one run) and can
tell a key written from one left out (``shard_count`` with mode on-demand). Each check only looks at values that
are valid on their own (an invalid value already has its own error). ``model_problems`` runs on a valid model.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from kinesis_xacct.config.model import (
    ACCOUNT_RE,
    ENDPOINT_URL_RE,
    IAM_NAME_RE,
    LOOPBACK_HOSTS,
    NOTEBOOK_RE,
    STREAM_NAME_RE,
    TAG_KEY_RE,
    TAG_VALUE_RE,
    Config,
    DeploymentAccount,
    _show,
)
from kinesis_xacct.platform import arns
from kinesis_xacct.platform.regions import REGIONS

WORKSPACE_ROLE_HINT = (
    "required: the name of the existing IAM role your Databricks workspace launches clusters "
    "with (it gets the iam:PassRole grant). Find it in the account console: Cloud resources > "
    "Credential configuration of the workspace, the last part of its role ARN "
    "(arn:aws:iam::<account A>:role/<name>)"
)


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


def _instance_profile_mode(data: Any) -> bool:
    """The guide's path: clusters run with an instance profile, which the workspace role passes to EC2.
    (databricks.auth service-credential needs no workspace role.)"""
    auth: Any = _get(data, "databricks.auth", "instance-profile")
    return bool(auth != "service-credential")


def _group_problems(groups: Any) -> list[tuple[str, str]]:
    """databricks.groups: display names, each once (the type of each item is the model's to check)."""
    problems: list[tuple[str, str]] = []
    if not isinstance(groups, list):
        return problems
    first_at: dict[str, int] = {}
    for i, name in enumerate(groups):
        if not isinstance(name, str):
            continue
        if not name.strip():
            problems.append((f"databricks.groups.{i}", "a group display name must not be empty"))
        elif name != name.strip():
            problems.append(
                (
                    f"databricks.groups.{i}",
                    f"{_show(name)} has spaces at its start or end; give the group's display name exactly",
                )
            )
        elif name in first_at:
            problems.append(
                (f"databricks.groups.{i}", f"duplicate group {name!r} (also databricks.groups.{first_at[name]})")
            )
        else:
            first_at[name] = i
    return problems


def notebook_path_problem(path: str) -> str | None:
    """Why ``path`` cannot hold the validation notebook, or None. Its folder is created and owned by the stack,
    which sets the folder's permissions; permissions inherited from a parent cannot be taken away there."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["Workspace"]:  # /Workspace/Shared/... is /Shared/...
        parts = parts[1:]
    folder = parts[:-1]
    if folder[:1] == ["Shared"]:
        return (
            f"{path!r} is under /Shared, which the users group can manage by default (and a subfolder "
            f"inherits that): anyone could edit code that runs with the instance profile. Leave "
            f"notebook_path out (default: <your home>/kinesis-xacct/validate_kinesis) or use a folder "
            f"outside /Shared"
        )
    if not folder or folder == ["Users"] or (folder[:1] == ["Users"] and len(folder) == 2) or folder[:1] == ["Repos"]:
        return (
            f"{path!r}: the notebook's folder is created and owned by this stack, so it must be a folder of "
            f"its own (e.g. /Users/<you>/kinesis-xacct/validate_kinesis), not the workspace root, a home "
            f"folder or a repo"
        )
    return None


def _stream_arn_problems(arn: str, path: str, data: dict[str, Any]) -> list[tuple[str, str]]:
    """A stream given by its ARN must be in account B, in the config's partition and region."""
    parts = arns.parse(arn)
    if not parts or parts["service"] != "kinesis" or not parts["resource"].startswith("stream/"):
        return [
            (
                path,
                f"{_show(arn)} is not a Kinesis stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>)",
            )
        ]
    wrong = []
    expected = {
        "partition": _get(data, "partition", "aws"),
        "region": _get(data, "region"),
        "account": _get(data, "kinesis_account.account_id"),
    }
    for what, want in expected.items():
        if isinstance(want, str) and parts[what] != want:
            label = "account B (kinesis_account.account_id)" if what == "account" else f"the config's {what}"
            wrong.append(f"its {what} is {parts[what]!r}, {label} is {want!r}")
    return [(path, f"{_show(arn)}: " + "; ".join(wrong))] if wrong else []


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
            hint = (
                f"; it is a region of partition {elsewhere[0]!r}"
                if elsewhere
                else f"; did you mean {close[0]!r}?"
                if close
                else ""
            )
            problems.append(("region", f"{_show(region)} is not a region of partition {partition!r}{hint}"))

    if kb_account and da_account and kb_account == da_account:
        problems.append(
            (
                "kinesis_account.account_id",
                "is the same as deployment_account.account_id; this tool sets up cross-account access",
            )
        )

    trust = _get(kb, "trust", "role")
    if _get(kb, "trust_ec2_service", False) is True and trust == "role":
        problems.append(
            (
                "kinesis_account.trust_ec2_service",
                "only reproduces the seed's 'trust: account'; with 'trust: role' it would let EC2 "
                "instances of account B assume the role",
            )
        )

    streams = _get(kb, "streams")
    if isinstance(streams, list):
        first_at: dict[str, int] = {}
        for i, stream in enumerate(streams):
            if not isinstance(stream, dict):
                continue
            name = stream.get("name")
            for field in ("name", "arn"):
                given = stream.get(field)
                if isinstance(given, str) and given.startswith("arn:"):
                    problems.extend(_stream_arn_problems(given, f"kinesis_account.streams.{i}.{field}", data))
                    name = given.rsplit("/", 1)[-1] if name is None or name == given else name
            if isinstance(name, str) and _valid(name, STREAM_NAME_RE):
                if name in first_at:
                    problems.append(
                        (
                            f"kinesis_account.streams.{i}.name",
                            f"duplicate stream {name!r} (also kinesis_account.streams.{first_at[name]})",
                        )
                    )
                else:
                    first_at[name] = i
                if "." in name and stream.get("create") is True and stream.get("kms_key_arn") is None:
                    problems.append(
                        (
                            f"kinesis_account.streams.{i}.name",
                            f"{name!r}: a created stream gets the KMS alias alias/kinesis-xacct/<name>, and "
                            f"KMS alias names allow only letters, digits and / _ - (no '.'); rename the "
                            f"stream or give its kms_key_arn",
                        )
                    )
            mode = stream.get("mode", "provisioned")
            if mode == "on-demand" and "shard_count" in stream:
                problems.append(
                    (
                        f"kinesis_account.streams.{i}.shard_count",
                        "is only for mode provisioned; an on-demand stream has no fixed shard count "
                        "(Kinesis scales its shards itself): remove shard_count or set mode: provisioned",
                    )
                )
            if "mode" in stream and mode in ("provisioned", "on-demand") and stream.get("create") is not True:
                problems.append(
                    (
                        f"kinesis_account.streams.{i}.mode",
                        "is the capacity mode of a stream this stack creates (create: true); an existing "
                        "stream keeps the mode it has: remove mode or set create: true",
                    )
                )
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
                    problems.append(
                        (
                            f"kinesis_account.streams.{i}.kms_key_arn",
                            f"the key is in {', '.join(wrong)}; an SSE-KMS stream's key is in the "
                            f"stream's partition, region and account",
                        )
                    )

    for side, account in (("kinesis_account", kb_account), ("deployment_account", da_account)):
        arn = _get(data, f"{side}.deploy_role_arn")
        parts = arns.parse(arn) if isinstance(arn, str) else None
        if parts and parts["service"] == "iam" and parts["resource"].startswith("role/"):
            if part_ok and parts["partition"] != partition:
                problems.append(
                    (f"{side}.deploy_role_arn", f"is in partition {parts['partition']}, the config says {partition}")
                )
            if account and parts["account"] != account:
                problems.append(
                    (
                        f"{side}.deploy_role_arn",
                        f"is a role of account {parts['account']}, but this stack deploys into "
                        f"{side}.account_id {account} (the provider only allows that account)",
                    )
                )

    role_name = _get(da, "role_name", DeploymentAccount.model_fields["role_name"].default)
    workspace_role = _get(da, "workspace_role_name")
    if isinstance(data.get("deployment_account"), dict) and workspace_role is None and _instance_profile_mode(data):
        problems.append(("deployment_account.workspace_role_name", WORKSPACE_ROLE_HINT))
    if _valid(role_name, IAM_NAME_RE) and role_name == workspace_role:
        problems.append(
            (
                "deployment_account.role_name",
                "is the same as deployment_account.workspace_role_name; the instance profile role "
                "is created by this tool, the workspace role already exists: they must differ",
            )
        )

    tags = _get(data, "tags", {})
    if isinstance(tags, dict):
        for key, value in tags.items():
            if isinstance(key, str) and (not re.match(TAG_KEY_RE, key) or key.lower().startswith("aws:")):
                problems.append(
                    (
                        "tags",
                        f"key {_show(key)}: tag keys are 1-128 characters of letters, digits, "
                        f"spaces and _ . : / = + - @, and must not start with 'aws:'",
                    )
                )
            if (
                isinstance(key, str)
                and isinstance(value, str)
                and (len(value) > 256 or not re.match(TAG_VALUE_RE, value))
            ):
                problems.append(
                    (
                        "tags",
                        f"key {_show(key)}: a tag value is at most 256 letters, digits, spaces "
                        f"and _ . : / = + - @ (IAM refuses others when the role is created)",
                    )
                )

    if isinstance(db, dict):
        position = db.get("initial_position")
        timestamp = db.get("initial_timestamp")
        if position == "at_timestamp" and timestamp is None:
            problems.append(
                (
                    "databricks.initial_timestamp",
                    "initial_position at_timestamp needs databricks.initial_timestamp "
                    "(e.g. '2024-01-31T00:00:00+0000')",
                )
            )
        elif timestamp is not None and position in (None, "earliest", "latest", "trim_horizon"):
            problems.append(
                (
                    "databricks.initial_timestamp",
                    f"is only used with initial_position at_timestamp (it is {position!r})"
                    if position
                    else "is only used with initial_position at_timestamp (initial_position is not set: the "
                    "notebook reads the last databricks.validation_window_minutes)",
                )
            )
        if position is not None and "validation_window_minutes" in db:
            problems.append(
                (
                    "databricks.validation_window_minutes",
                    f"is only used when initial_position is not set (it is {position!r}); remove one of them",
                )
            )
        problems += _group_problems(db.get("groups"))
        notebook = db.get("notebook_path")
        if isinstance(notebook, str) and _valid(notebook, NOTEBOOK_RE) and (problem := notebook_path_problem(notebook)):
            problems.append(("databricks.notebook_path", problem))

    url = _get(data, "aws_endpoint_url")
    if _valid(url, ENDPOINT_URL_RE) and url.lower().startswith("http://"):
        host = _endpoint_host(url)
        if host not in LOOPBACK_HOSTS and not host.startswith("127."):
            problems.append(
                (
                    "aws_endpoint_url",
                    f"plain http to {host!r} would send signed AWS requests in clear text; http is "
                    f"only for an emulator on this machine (localhost, 127.0.0.1, ::1), use https",
                )
            )
    return problems


def model_problems(cfg: Config) -> list[tuple[str, str]]:
    """Rules across the fields of a valid model: the state backend (one key's own rules are in ``Backend``)."""
    problems: list[tuple[str, str]] = []
    b = cfg.backend
    if b.type == "s3" and b.bucket is None:
        problems.append(("backend.bucket", "required when backend.type is s3"))
    if b.type == "local":
        for name in ("bucket", "region", "role_arn"):
            if getattr(b, name) is not None:
                problems.append(
                    (f"backend.{name}", "only used when backend.type is s3; remove it or set backend.type: s3")
                )
    if b.region is not None and b.region not in REGIONS.get(cfg.partition, ()):
        problems.append(("backend.region", f"{b.region!r} is not a region of partition {cfg.partition!r}"))
    if b.role_arn and (p := arns.parse(b.role_arn)) is not None and p["partition"] != cfg.partition:
        problems.append(("backend.role_arn", f"is in partition {p['partition']}, the config says {cfg.partition}"))
    return problems


# Keys that mean nothing in one databricks.auth mode: set explicitly there, they are an error naming the mode
# (a silently ignored key would let a reader believe it has an effect).
ONLY_INSTANCE_PROFILE = (
    ("kinesis_account.trust", "B's role trusts the Unity Catalog master role, not account A"),
    ("kinesis_account.trust_ec2_service", "B's role trusts the Unity Catalog master role, not EC2"),
    ("deployment_account.deploy_role_arn", "nothing is deployed into account A's AWS account"),
    ("deployment_account.role_name", "there is no instance profile role in account A"),
    ("deployment_account.instance_profile_name", "there is no instance profile"),
    ("deployment_account.workspace_role_name", "the workspace role needs no PassRole grant"),
    ("deployment_account.passrole_policy_name", "the workspace role needs no PassRole grant"),
    ("databricks.single_user_name", "the cluster runs in standard access mode, not dedicated to one user"),
    ("databricks.sts_endpoint", "Databricks assumes the role for the credential; the notebook passes no roleArn"),
    (
        "databricks.skip_validation",
        "there is no instance profile to register; the credential is created with "
        "skip_validation and validated after the deploy (RUNBOOK)",
    ),
    ("databricks.iam_propagation_seconds", "there is no instance profile registration to wait for"),
)
ONLY_SERVICE_CREDENTIAL = (
    ("databricks.service_credential_name", "there is no service credential"),
    ("databricks.unity_catalog_iam_arn", "B's role trusts account A's instance profile role"),
)
# Databricks Runtime from which the Kinesis connector takes the serviceCredential option (Databricks docs,
# "Connect to Amazon Kinesis": "Databricks service credentials require Databricks Runtime 16.1 and above").
SERVICE_CREDENTIAL_MIN_RUNTIME = (16, 1)
# Workspace-local groups every workspace has: Unity Catalog privileges cannot be granted to them (Databricks SQL
# reference, "Principal": workspace-local groups cannot be used in Unity Catalog GRANT statements); other
# workspace-local groups cannot be told from account groups by name (docs/service-credential.md).
WORKSPACE_LOCAL_GROUPS = ("users", "admins")
_RUNTIME_RE = re.compile(r"^(\d+)\.(\d+)\.")


def _explicit(data: Any, dotted: str) -> bool:
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def mode_problems(data: Any) -> list[tuple[str, str]]:
    """Rules of the databricks.auth mode, on the plain data as written (explicitly set keys count)."""
    if not isinstance(data, dict):
        return []
    db = _get(data, "databricks", {})
    auth = _get(db, "auth", "instance-profile")
    if auth not in ("instance-profile", "service-credential"):
        return []  # the model reports the bad value
    problems: list[tuple[str, str]] = []
    wrong_here = ONLY_INSTANCE_PROFILE if auth == "service-credential" else ONLY_SERVICE_CREDENTIAL
    other = "instance-profile" if auth == "service-credential" else "service-credential"
    for dotted, why in wrong_here:
        if _explicit(data, dotted):
            problems.append(
                (
                    dotted,
                    f"means nothing with databricks.auth {auth} ({why}); it is a key of "
                    f"databricks.auth {other}: remove it",
                )
            )
    if auth == "instance-profile":
        if not _explicit(data, "deployment_account"):
            problems.append(
                (
                    "deployment_account",
                    "required key is missing (account A, runs the Databricks "
                    "workspace: account_id, ...) with databricks.auth instance-profile",
                )
            )
        return problems
    partition = _get(data, "partition", "aws")
    if partition == "aws-cn":
        problems.append(
            (
                "databricks.auth",
                "service-credential needs Databricks' Unity Catalog, and there is no Databricks in partition aws-cn",
            )
        )
    enabled = _get(db, "enabled", True)
    external_id = _get(data, "kinesis_account.external_id")
    if enabled is False and external_id is None:
        problems.append(
            (
                "kinesis_account.external_id",
                "required with databricks.auth service-credential and databricks.enabled false: the "
                "external ID is otherwise taken from the service credential, which is not created here",
            )
        )
    groups = _get(db, "groups")
    if isinstance(groups, list):
        local = [g for g in groups if isinstance(g, str) and g.strip().lower() in WORKSPACE_LOCAL_GROUPS]
        if local:
            problems.append(
                (
                    "databricks.groups",
                    f"{', '.join(map(repr, local))}: Unity Catalog grants the service credential only to account "
                    f"groups (or users, service principals); the workspace-local groups "
                    f"{' and '.join(WORKSPACE_LOCAL_GROUPS)} cannot be granted a Unity Catalog privilege. "
                    f"Name account groups",
                )
            )
    uc = _get(db, "unity_catalog_iam_arn")
    parts = arns.parse(uc) if isinstance(uc, str) else None
    if (
        parts
        and parts["service"] == "iam"
        and isinstance(partition, str)
        and parts["partition"] != partition
        and partition in arns.PARTITIONS
    ):
        problems.append(
            ("databricks.unity_catalog_iam_arn", f"is in partition {parts['partition']}, the config says {partition}")
        )
    version = _get(db, "spark_version")
    m = _RUNTIME_RE.match(version) if isinstance(version, str) else None
    if m and (int(m.group(1)), int(m.group(2))) < SERVICE_CREDENTIAL_MIN_RUNTIME:
        problems.append(
            (
                "databricks.spark_version",
                f"{version!r}: the Kinesis connector's serviceCredential option needs Databricks Runtime "
                f"{'.'.join(map(str, SERVICE_CREDENTIAL_MIN_RUNTIME))} or above",
            )
        )
    return problems
