"""Config rules across fields: what only the whole config can judge.

``cross_field_problems`` works on the plain data as written (a missing key means its default), not on the model,
so that it also runs when some other field is invalid (every problem of a config is reported in one run) and can
tell a key written from one left out (``shard_count`` with mode on-demand). Each check only looks at values that
are valid on their own (an invalid value already has its own error). ``model_problems`` runs on a valid model.

Each rule is one generator of problems over a small frozen view of the data (``_Raw``); ``CROSS_FIELD_RULES`` and
``MODE_RULES`` list them in the order their problems are reported.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from kinesis_xacct.config.model import (
    ACCOUNT_RE,
    ENDPOINT_URL_RE,
    HOST_RE,
    IAM_NAME_RE,
    LOOPBACK_HOSTS,
    NOTEBOOK_RE,
    STREAM_NAME_RE,
    Config,
    DeploymentAccount,
    identity_key,
    identity_problem,
    notebook_path_chars_problem,
    short,
)
from kinesis_xacct.config.problems import Problem, Problems
from kinesis_xacct.platform import arns
from kinesis_xacct.platform.regions import REGIONS

WORKSPACE_ROLE_HINT = (
    "required: the name of the existing IAM role your Databricks workspace launches clusters "
    "with (it gets the iam:PassRole grant). Find it in the account console: Cloud resources > "
    "Credential configuration of the workspace, the last part of its role ARN "
    "(arn:aws:iam::<account A>:role/<name>)"
)
_UNSET = object()


def _get(data: Any, dotted: str, default: Any = None) -> Any:
    node = data
    for part in dotted.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return default
    return node


def _explicit(data: Any, dotted: str) -> bool:
    return _get(data, dotted, _UNSET) is not _UNSET


def _valid(value: Any, pattern: str) -> bool:
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def _arn(value: Any, service: str, resource_prefix: str) -> dict[str, str] | None:
    """The parts of ``value`` when it is an ARN of ``service`` whose resource starts with ``resource_prefix``."""
    parts = arns.parse(value) if isinstance(value, str) else None
    return parts if parts and parts["service"] == service and parts["resource"].startswith(resource_prefix) else None


def _partition_problem(path: str, parts: dict[str, str] | None, partition: Any) -> Iterator[Problem]:
    """An ARN of another partition than the config's (``partition`` one of the known ones)."""
    if parts and parts["partition"] != partition:
        yield Problem(path, f"is in partition {parts['partition']}, the config says {partition}")


def notebook_path_problem(path: str) -> str | None:
    """Why ``path`` cannot hold the validation notebook, or None. Its folder is created and owned by the stack,
    which sets the folder's permissions; permissions inherited from a parent cannot be taken away there."""
    if problem := notebook_path_chars_problem(path):
        return problem
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


class _Raw:
    """The plain data as written, and the pieces the rules read: the sections as written, and each value the rules
    compare with set only when valid on its own (an invalid value has its own error from the model)."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.partition: Any = _get(data, "partition", "aws")
        self.region: Any = _get(data, "region")
        self.kb: Any = _get(data, "kinesis_account", {})
        self.da: Any = _get(data, "deployment_account", {})
        self.db: Any = _get(data, "databricks", {})
        self.auth: Any = _get(self.db, "auth", "instance-profile")
        self.databricks_off = _get(self.db, "enabled", True) is False
        self.part_ok = isinstance(self.partition, str) and self.partition in REGIONS
        self.region_ok = self.part_ok and isinstance(self.region, str) and self.region in REGIONS[self.partition]
        kb_account, da_account = _get(self.kb, "account_id"), _get(self.da, "account_id")
        self.kb_account: str | None = kb_account if _valid(kb_account, ACCOUNT_RE) else None
        self.da_account: str | None = da_account if _valid(da_account, ACCOUNT_RE) else None


Rule = Callable[[_Raw], Iterator[Problem]]


def _region_rule(raw: _Raw) -> Iterator[Problem]:
    """region: one of the partition's regions (with a hint: the partition it belongs to, or a close name)."""
    if raw.part_ok and isinstance(raw.region, str) and not raw.region_ok:
        elsewhere = [p for p, regions in REGIONS.items() if raw.region in regions]
        hint = f"; it is a region of partition {elsewhere[0]!r}" if elsewhere else ""
        yield Problem("region", _not_a_region(raw.region, raw.partition, hint))


def _not_a_region(region: str, partition: str, hint: str = "") -> str:
    """The reason for a region not of ``partition``, with ``hint`` or else the closest region's name."""
    close = difflib.get_close_matches(region, sorted(REGIONS[partition]), n=1)
    hint = hint or (f"; did you mean {close[0]!r}?" if close else "")
    return f"{short(region)} is not a region of partition {partition!r}{hint}"


def _two_accounts_rule(raw: _Raw) -> Iterator[Problem]:
    """Account B and account A differ: the tool sets up cross-account access."""
    if raw.kb_account and raw.da_account and raw.kb_account == raw.da_account:
        yield Problem(
            "kinesis_account.account_id",
            "is the same as deployment_account.account_id; this tool sets up cross-account access",
        )


def _ec2_trust_rule(raw: _Raw) -> Iterator[Problem]:
    """trust_ec2_service only with trust: account (the seed's form)."""
    if _get(raw.kb, "trust_ec2_service", False) is True and _get(raw.kb, "trust", "role") == "role":
        yield Problem(
            "kinesis_account.trust_ec2_service",
            "only reproduces the seed's 'trust: account'; with 'trust: role' it would let EC2 "
            "instances of account B assume the role",
        )


def _stream_arn_problems(arn: str, path: str, raw: _Raw) -> Iterator[Problem]:
    """A stream given by its ARN must be in account B, in the config's partition and region."""
    parts = _arn(arn, "kinesis", "stream/")
    if not parts:
        yield Problem(
            path, f"{short(arn)} is not a Kinesis stream ARN (arn:<partition>:kinesis:<region>:<account>:stream/<name>)"
        )
        return
    wrong = []
    for what, want in {"partition": raw.partition, "region": raw.region, "account": _get(raw.kb, "account_id")}.items():
        if isinstance(want, str) and parts[what] != want:
            label = "account B (kinesis_account.account_id)" if what == "account" else f"the config's {what}"
            wrong.append(f"its {what} is {parts[what]!r}, {label} is {want!r}")
    if wrong:
        yield Problem(path, f"{short(arn)}: " + "; ".join(wrong))


def _stream_rules(i: int, stream: dict[str, Any], name: Any, first_at: dict[str, int], raw: _Raw) -> Iterator[Problem]:
    """One stream's name (once in the list, usable in a KMS alias when the stack creates its key), its capacity
    mode and shard_count (only when provisioned), and its kms_key_arn (in the stream's partition, region and
    account)."""
    at = f"kinesis_account.streams.{i}"
    if isinstance(name, str) and _valid(name, STREAM_NAME_RE):
        if name in first_at:
            yield Problem(f"{at}.name", f"duplicate stream {name!r} (also kinesis_account.streams.{first_at[name]})")
        else:
            first_at[name] = i
        if "." in name and stream.get("create") is True and stream.get("kms_key_arn") is None:
            yield Problem(
                f"{at}.name",
                f"{name!r}: a created stream gets the KMS alias alias/kinesis-xacct/<name>, and "
                f"KMS alias names allow only letters, digits and / _ - (no '.'); rename the "
                f"stream or give its kms_key_arn",
            )
    mode = stream.get("mode", "provisioned")
    if mode == "on-demand" and "shard_count" in stream:
        yield Problem(
            f"{at}.shard_count",
            "is only for mode provisioned; an on-demand stream has no fixed shard count "
            "(Kinesis scales its shards itself): remove shard_count or set mode: provisioned",
        )
    if "mode" in stream and mode in ("provisioned", "on-demand") and stream.get("create") is not True:
        yield Problem(
            f"{at}.mode",
            "is the capacity mode of a stream this stack creates (create: true); an existing "
            "stream keeps the mode it has: remove mode or set create: true",
        )
    parts = _arn(stream.get("kms_key_arn"), "kms", "key/")
    if not parts:
        return
    wrong = []
    if raw.part_ok and parts["partition"] != raw.partition:
        wrong.append(f"partition {parts['partition']} (config: {raw.partition})")
    if raw.region_ok and parts["region"] != raw.region:
        wrong.append(f"region {parts['region']} (stream: {raw.region})")
    if raw.kb_account and parts["account"] != raw.kb_account:
        wrong.append(f"account {parts['account']} (stream: {raw.kb_account})")
    if wrong:
        yield Problem(
            f"{at}.kms_key_arn",
            f"the key is in {', '.join(wrong)}; an SSE-KMS stream's key is in the "
            f"stream's partition, region and account",
        )


def _streams_rule(raw: _Raw) -> Iterator[Problem]:
    """kinesis_account.streams, stream by stream: ARNs, names, capacity mode, key."""
    streams = _get(raw.kb, "streams")
    if not isinstance(streams, list):
        return
    first_at: dict[str, int] = {}
    for i, stream in enumerate(streams):
        if not isinstance(stream, dict):
            continue
        name = stream.get("name")
        for field in ("name", "arn"):
            given = stream.get(field)
            if isinstance(given, str) and given.startswith("arn:"):
                yield from _stream_arn_problems(given, f"kinesis_account.streams.{i}.{field}", raw)
                name = given.rsplit("/", 1)[-1] if name is None or name == given else name
        yield from _stream_rules(i, stream, name, first_at, raw)


def _deploy_roles_rule(raw: _Raw) -> Iterator[Problem]:
    """deploy_role_arn of each side: a role in the config's partition and in that side's account."""
    for side, account in (("kinesis_account", raw.kb_account), ("deployment_account", raw.da_account)):
        parts = _arn(_get(raw.data, f"{side}.deploy_role_arn"), "iam", "role/")
        if parts and raw.part_ok:
            yield from _partition_problem(f"{side}.deploy_role_arn", parts, raw.partition)
        if parts and account and parts["account"] != account:
            yield Problem(
                f"{side}.deploy_role_arn",
                f"is a role of account {parts['account']}, but this stack deploys into "
                f"{side}.account_id {account} (the provider only allows that account)",
            )


def _workspace_role_rule(raw: _Raw) -> Iterator[Problem]:
    """Account A's workspace role: required in instance-profile mode, and not the role this tool creates."""
    role_name = _get(raw.da, "role_name", DeploymentAccount.model_fields["role_name"].default)
    workspace_role = _get(raw.da, "workspace_role_name")
    # The guide's path: clusters run with an instance profile, which the workspace role passes to EC2
    # (databricks.auth service-credential needs no workspace role).
    if (
        isinstance(raw.data.get("deployment_account"), dict)
        and workspace_role is None
        and raw.auth != "service-credential"
    ):
        yield Problem("deployment_account.workspace_role_name", WORKSPACE_ROLE_HINT)
    if _valid(role_name, IAM_NAME_RE) and role_name == workspace_role:
        yield Problem(
            "deployment_account.role_name",
            "is the same as deployment_account.workspace_role_name; the instance profile role "
            "is created by this tool, the workspace role already exists: they must differ",
        )


# IAM tags (IAM User Guide, "Tagging IAM resources", and the IAM API's Tag type): a key is 1-128 characters, a value
# 0-256, both of [\p{L}\p{Z}\p{N}_.:/=+\-@] (letters, separators, numbers and _ . : / = + - @), and a key does not
# start with aws:. Matched character by character over the whole text (not a regex with '$'). The provider's
# default_tags keys reach the HCL as map keys, which are not escaped: keys also have to be printable (the only
# separator a key may hold is the space). At most 50 tags on an IAM resource.
TAG_EXTRA = set("_.:/=+-@")
MAX_TAGS = 50


def _tag_chars_ok(text: str, *, key: bool) -> bool:
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in TAG_EXTRA or cat[0] in "LN":
            continue
        if cat[0] == "Z" and (not key or ch == " "):
            continue
        return False
    return True


def _tags_rule(raw: _Raw) -> Iterator[Problem]:
    """tags: keys and values IAM accepts."""
    tags = _get(raw.data, "tags", {})
    if not isinstance(tags, dict):
        return
    if len(tags) > MAX_TAGS:
        yield Problem("tags", f"{len(tags)} tags; an IAM resource has at most {MAX_TAGS}")
    for key, value in tags.items():
        if not isinstance(key, str):
            continue
        if not 1 <= len(key) <= 128 or not _tag_chars_ok(key, key=True) or key.lower().startswith("aws:"):
            yield Problem(
                "tags",
                f"key {short(key)}: tag keys are 1-128 letters, digits, spaces and _ . : / = + - @, "
                f"and must not start with 'aws:'",
            )
        if isinstance(value, str) and (len(value) > 256 or not _tag_chars_ok(value, key=False)):
            yield Problem(
                "tags",
                f"key {short(key)}: a tag value is at most 256 letters, digits, spaces "
                f"and _ . : / = + - @ (IAM refuses others when the role is created)",
            )


def _start_position_rule(raw: _Raw) -> Iterator[Problem]:
    """databricks.initial_position, initial_timestamp and validation_window_minutes: each only with the others
    it goes with."""
    if not isinstance(raw.db, dict):
        return
    position = raw.db.get("initial_position")
    timestamp = raw.db.get("initial_timestamp")
    if position == "at_timestamp" and timestamp is None:
        yield Problem(
            "databricks.initial_timestamp",
            "initial_position at_timestamp needs databricks.initial_timestamp (e.g. '2024-01-31T00:00:00+0000')",
        )
    elif timestamp is not None and position in (None, "earliest", "latest", "trim_horizon"):
        yield Problem(
            "databricks.initial_timestamp",
            f"is only used with initial_position at_timestamp (it is {position!r})"
            if position
            else "is only used with initial_position at_timestamp (initial_position is not set: the "
            "notebook reads the last databricks.validation_window_minutes)",
        )
    if position is not None and "validation_window_minutes" in raw.db:
        yield Problem(
            "databricks.validation_window_minutes",
            f"is only used when initial_position is not set (it is {position!r}); remove one of them",
        )


def _workspace_region_rule(raw: _Raw) -> Iterator[Problem]:
    """databricks.workspace_region: a region of the partition; in service-credential mode the streams' region (a
    Unity Catalog service credential reaches AWS services "in the same region as the workspaces you want to access
    the data from", Databricks, "Create service credentials")."""
    ws = _get(raw.db, "workspace_region")
    if not isinstance(ws, str) or not raw.part_ok:
        return
    if ws not in REGIONS[raw.partition]:
        yield Problem("databricks.workspace_region", _not_a_region(ws, raw.partition))
    elif raw.region_ok and ws != raw.region and raw.auth == "service-credential":
        yield Problem(
            "databricks.workspace_region",
            f"is {ws}, but the streams are in {raw.region} (region): a Unity Catalog service credential reaches "
            f'services in the same region as the workspace (Databricks, "Create service credentials"); read '
            f"them from a workspace in {raw.region}, or with databricks.auth instance-profile",
        )


def _groups_rule(raw: _Raw) -> Iterator[Problem]:
    """databricks.groups: display names, each once (the type of each item is the model's to check)."""
    groups = _get(raw.db, "groups")
    if not isinstance(groups, list):
        return
    first_at: dict[str, int] = {}
    for i, name in enumerate(groups):
        if not isinstance(name, str) or (name.strip() and identity_problem(name)):
            continue
        if not name.strip():
            yield Problem(f"databricks.groups.{i}", "a group display name must not be empty")
        elif name != name.strip():
            yield Problem(
                f"databricks.groups.{i}",
                f"{short(name)} has spaces at its start or end; give the group's display name exactly",
            )
        elif identity_key(name) in first_at:
            yield Problem(
                f"databricks.groups.{i}",
                f"duplicate group {name!r} (also databricks.groups.{first_at[identity_key(name)]})",
            )
        else:
            first_at[identity_key(name)] = i


def _notebook_path_rule(raw: _Raw) -> Iterator[Problem]:
    """databricks.notebook_path: a folder of its own, outside /Shared."""
    notebook = _get(raw.db, "notebook_path")
    if _valid(notebook, NOTEBOOK_RE) and (problem := notebook_path_problem(notebook)):
        yield Problem("databricks.notebook_path", problem)


def _endpoint_rule(raw: _Raw) -> Iterator[Problem]:
    """aws_endpoint_url: plain http only to this machine (an emulator)."""
    url = _get(raw.data, "aws_endpoint_url")
    if not (_valid(url, ENDPOINT_URL_RE) and url.lower().startswith("http://")):
        return
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        host = ""
    if host not in LOOPBACK_HOSTS and not host.startswith("127."):
        yield Problem(
            "aws_endpoint_url",
            f"plain http to {host!r} would send signed AWS requests in clear text; http is "
            f"only for an emulator on this machine (localhost, 127.0.0.1, ::1), use https",
        )


# Databricks workspace domains per partition (Databricks docs, "Workspace instance names, URLs, and IDs":
# <deployment>.cloud.databricks.com on AWS; Databricks on AWS GovCloud: cloud.databricks.us, its DoD offering
# cloud.databricks.mil). aws-cn has no Databricks. Another host needs databricks.allow_private_host: true.
DATABRICKS_DOMAINS = {
    "aws": ("cloud.databricks.com",),
    "aws-us-gov": ("cloud.databricks.us", "cloud.databricks.mil"),
    "aws-cn": (),
}


def _host_rule(raw: _Raw) -> Iterator[Problem]:
    """databricks.host: in the partition's Databricks domains, unless allow_private_host is true."""
    host = _get(raw.db, "host")
    if not _valid(host, HOST_RE) or not raw.part_ok or _get(raw.db, "allow_private_host", False) is True:
        return
    name = host.removeprefix("https://").rstrip("/").lower()
    domains = DATABRICKS_DOMAINS.get(raw.partition, ())
    if any(name.endswith("." + d) for d in domains):
        return
    where = f"one of {', '.join('*.' + d for d in domains)}" if domains else "none (no Databricks in this partition)"
    yield Problem(
        "databricks.host",
        f"{short(host)} is not a Databricks workspace host of partition {raw.partition} ({where}); a private "
        f"host name of your workspace needs databricks.allow_private_host: true",
    )


# The rules across fields, in the order their problems are reported.
def _normal_form_rule(raw: _Raw) -> Iterator[Problem]:
    """Every text of the config, keys included, in Unicode normalization form C: HCL normalizes each string it
    reads to NFC (hashicorp/hcl, hclsyntax: ``norm.NFC``), so a value in another form would be deployed changed."""
    stack: list[tuple[str, Any]] = [("", raw.data)]
    while stack:
        path, node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            at = f"{path}.{key}" if path else str(key)
            for text in (key, value):
                if isinstance(text, str) and unicodedata.normalize("NFC", text) != text:
                    yield Problem(at, f"{short(text)} {_nfc_change(text)}")
            stack.append((at, value))


def _nfc_change(text: str) -> str:
    """What NFC changes in ``text``, by code point (the two forms look alike)."""
    nfc = unicodedata.normalize("NFC", text)
    bad = next((ch for ch in text if unicodedata.normalize("NFC", ch) != ch), None)
    change = (
        f"U+{ord(bad):04X} becomes {' '.join(f'U+{ord(c):04X}' for c in unicodedata.normalize('NFC', bad))}"
        if bad
        else "a letter and its combining mark become one character"
    )
    return (
        f"is not in Unicode normalization form C ({change}): Terraform reads every string in that form, so what is "
        f"deployed would differ from the config; write it as {nfc!r}"
    )


CROSS_FIELD_RULES: tuple[Rule, ...] = (
    _normal_form_rule,
    _region_rule,
    _two_accounts_rule,
    _ec2_trust_rule,
    _streams_rule,
    _deploy_roles_rule,
    _workspace_role_rule,
    _tags_rule,
    _start_position_rule,
    _groups_rule,
    _workspace_region_rule,
    _notebook_path_rule,
    _host_rule,
    _endpoint_rule,
)


def cross_field_problems(data: Any) -> Problems:
    """Problems only the whole config can judge: each rule of ``CROSS_FIELD_RULES`` in turn."""
    return _run(data, lambda raw: CROSS_FIELD_RULES)


def _run(data: Any, rules: Callable[[_Raw], tuple[Rule, ...]]) -> Problems:
    if not isinstance(data, dict):
        return []
    raw = _Raw(data)
    return [problem for rule in rules(raw) for problem in rule(raw)]


def _backend_rules(cfg: Config) -> Iterator[Problem]:
    b = cfg.backend
    if b.type == "s3" and b.bucket is None:
        yield Problem("backend.bucket", "required when backend.type is s3")
    if b.type == "local":
        for name in ("bucket", "region", "role_arn"):
            if getattr(b, name) is not None:
                yield Problem(f"backend.{name}", "only used when backend.type is s3; remove it or set backend.type: s3")
    if b.region is not None and b.region not in REGIONS.get(cfg.partition, ()):
        yield Problem("backend.region", f"{b.region!r} is not a region of partition {cfg.partition!r}")
    yield from _partition_problem("backend.role_arn", arns.parse(b.role_arn) if b.role_arn else None, cfg.partition)


def model_problems(cfg: Config) -> Problems:
    """Rules across the fields of a valid model: the state backend (one key's own rules are in ``Backend``)."""
    return list(_backend_rules(cfg))


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
    (
        "databricks.checkpoint_volume",
        "the notebook runs on dedicated access mode, which checkpoints on the driver's local disk",
    ),
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


def _other_mode_keys_rule(raw: _Raw) -> Iterator[Problem]:
    """Keys of the other mode, set explicitly: an error naming the mode (ONLY_INSTANCE_PROFILE, ...)."""
    wrong_here = ONLY_INSTANCE_PROFILE if raw.auth == "service-credential" else ONLY_SERVICE_CREDENTIAL
    other = "instance-profile" if raw.auth == "service-credential" else "service-credential"
    for dotted, why in wrong_here:
        if _explicit(raw.data, dotted):
            yield Problem(
                dotted,
                f"means nothing with databricks.auth {raw.auth} ({why}); it is a key of databricks.auth {other}: "
                "remove it",
            )


def _deployment_account_rule(raw: _Raw) -> Iterator[Problem]:
    """instance-profile: account A's section is required (a null one is no section)."""
    if _get(raw.data, "deployment_account") is None:
        what = "is null" if _explicit(raw.data, "deployment_account") else "required key is missing"
        yield Problem(
            "deployment_account",
            f"{what} (account A, runs the Databricks workspace: account_id, ...) with databricks.auth instance-profile",
        )


def _partition_rule(raw: _Raw) -> Iterator[Problem]:
    """service-credential: a partition with Databricks' Unity Catalog."""
    if raw.partition == "aws-cn":
        yield Problem(
            "databricks.auth",
            "service-credential needs Databricks' Unity Catalog, and there is no Databricks in partition aws-cn",
        )


def _external_id_rule(raw: _Raw) -> Iterator[Problem]:
    """service-credential: the external ID is given exactly when the credential is not created here.

    With databricks.enabled false the credential is made elsewhere, and the external ID must be given. With the
    credential created here, Databricks assumes B's role with the credential's own external ID, which Databricks
    sets (the Databricks account ID when an account admin creates the credential, otherwise a generated value;
    terraform-provider-databricks docs/resources/credential.md, ``aws_iam_role.external_id``): a trust requiring
    another value is never met."""
    given = _get(raw.data, "kinesis_account.external_id") is not None
    if raw.databricks_off and not given:
        yield Problem(
            "kinesis_account.external_id",
            "required with databricks.auth service-credential and databricks.enabled false: the "
            "external ID is otherwise taken from the service credential, which is not created here",
        )


def _account_groups_rule(raw: _Raw) -> Iterator[Problem]:
    """service-credential: Unity Catalog grants go to account groups, not the workspace-local ones."""
    groups = _get(raw.db, "groups")
    if not isinstance(groups, list):
        return
    local = [g for g in groups if isinstance(g, str) and identity_key(g) in WORKSPACE_LOCAL_GROUPS]
    if local:
        yield Problem(
            "databricks.groups",
            f"{', '.join(map(repr, local))}: Unity Catalog grants the service credential only to account "
            f"groups (or users, service principals); the workspace-local groups "
            f"{' and '.join(WORKSPACE_LOCAL_GROUPS)} cannot be granted a Unity Catalog privilege. "
            f"Name account groups",
        )


def _unity_catalog_arn_rule(raw: _Raw) -> Iterator[Problem]:
    """service-credential: the Unity Catalog master role in the config's partition."""
    parts = _arn(_get(raw.db, "unity_catalog_iam_arn"), "iam", "")
    if isinstance(raw.partition, str) and raw.partition in arns.PARTITIONS:
        yield from _partition_problem("databricks.unity_catalog_iam_arn", parts, raw.partition)


def _runtime_rule(raw: _Raw) -> Iterator[Problem]:
    """service-credential: a Databricks Runtime whose Kinesis connector takes the serviceCredential option."""
    version = _get(raw.db, "spark_version")
    match = _RUNTIME_RE.match(version) if isinstance(version, str) else None
    if match and (int(match.group(1)), int(match.group(2))) < SERVICE_CREDENTIAL_MIN_RUNTIME:
        yield Problem(
            "databricks.spark_version",
            f"{version!r}: the Kinesis connector's serviceCredential option needs Databricks Runtime "
            f"{'.'.join(map(str, SERVICE_CREDENTIAL_MIN_RUNTIME))} or above",
        )


def _credential_external_id_rule(raw: _Raw) -> Iterator[Problem]:
    """service-credential with the credential created here: no external ID in the config (``_external_id_rule``
    says why)."""
    if not raw.databricks_off and _get(raw.data, "kinesis_account.external_id") is not None:
        yield Problem(
            "kinesis_account.external_id",
            "must not be set with databricks.auth service-credential: Databricks assumes the role with the service "
            "credential's own external ID (set by Databricks, taken from the credential by this tool), so a trust "
            "requiring this value would refuse every read; remove it",
        )


# A Unity Catalog volume as a path (Databricks docs, "What are Unity Catalog volumes?": /Volumes/<catalog>/<schema>/
# <volume>). Unity Catalog names may hold more (Databricks docs, "Names": no period, space, '/' or control
# character, at most 255 characters, stored lowercase); this tool takes lowercase letters, digits, _ and -, which
# need no quoting in a path and stay the same when Unity Catalog lowercases them.
CHECKPOINT_VOLUME_RE = re.compile(r"/Volumes/([a-z0-9_-]{1,255})/([a-z0-9_-]{1,255})/([a-z0-9_-]{1,255})")


def _checkpoint_volume_rule(raw: _Raw) -> Iterator[Problem]:
    """service-credential with the Databricks half: the validation checkpoints in a Unity Catalog volume, whose
    path has exactly the shape /Volumes/<catalog>/<schema>/<volume>. Standard access mode refuses Spark access to
    the driver's local disk (``WorkspaceLocalFileSystem - local filesystem access is forbidden``), and Databricks
    puts the checkpoints of Unity Catalog workloads in Unity Catalog storage (docs/service-credential.md)."""
    volume = _get(raw.db, "checkpoint_volume")
    if raw.databricks_off:
        return
    if volume is None:
        yield Problem(
            "databricks.checkpoint_volume",
            "required with databricks.auth service-credential: the validation notebook runs on standard access "
            "mode, which refuses local checkpoint paths; name a Unity Catalog volume for this stack to create, "
            "/Volumes/<catalog>/<schema>/<volume> (an existing catalog and schema)",
        )
    elif isinstance(volume, str) and not CHECKPOINT_VOLUME_RE.fullmatch(volume):
        yield Problem(
            "databricks.checkpoint_volume",
            f"{short(volume)} must be exactly /Volumes/<catalog>/<schema>/<volume>: three names of lowercase "
            f"letters, digits, _ and - (at most 255 characters each), nothing before or after",
        )


def _fixed_identity_rule(raw: _Raw) -> Iterator[Problem]:
    """With the Databricks half: what decides the cluster's owner and the notebook's folder is in the config, never
    the identity that deploys (a plan by CI after a deploy by a person, or the reverse, would otherwise replace
    them: docs/databricks.md, "A plan that does not depend on who runs it"). Dedicated access mode
    (instance-profile): ``single_user_name``, the cluster's one user, whose home holds the notebook unless
    ``notebook_path`` is set. Standard access mode (service-credential): no user owns the cluster, so
    ``notebook_path``."""
    if raw.databricks_off:
        return
    if raw.auth == "instance-profile" and _get(raw.db, "single_user_name") is None:
        yield Problem(
            "databricks.single_user_name",
            "required with databricks.auth instance-profile: the dedicated cluster belongs to one user (and "
            "the notebook goes to their home unless databricks.notebook_path is set); without it both would "
            "follow whoever deploys, and a plan by another identity would replace them. Give the user's "
            "e-mail address or the service principal's application ID",
        )
    if raw.auth == "service-credential" and _get(raw.db, "notebook_path") is None:
        yield Problem(
            "databricks.notebook_path",
            "required with databricks.auth service-credential: the notebook's folder must not follow whoever "
            "deploys (a plan by another identity would replace it). Give a path in a folder of its own, e.g. "
            "/Users/<you>/kinesis-xacct/validate_kinesis (not under /Shared)",
        )


# The rules of each databricks.auth mode, in the order their problems are reported.
MODE_RULES: dict[str, tuple[Rule, ...]] = {
    "instance-profile": (_other_mode_keys_rule, _deployment_account_rule, _fixed_identity_rule),
    "service-credential": (
        _other_mode_keys_rule,
        _partition_rule,
        _external_id_rule,
        _account_groups_rule,
        _unity_catalog_arn_rule,
        _runtime_rule,
        _credential_external_id_rule,
        _checkpoint_volume_rule,
        _fixed_identity_rule,
    ),
}


def mode_problems(data: Any) -> Problems:
    """Rules of the databricks.auth mode, on the plain data as written (explicitly set keys count); none for an
    unknown mode (the model reports the bad value)."""
    return _run(data, lambda raw: MODE_RULES.get(raw.auth, ()) if isinstance(raw.auth, str) else ())
