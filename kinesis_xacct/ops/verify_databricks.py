"""``verify``'s Databricks side: what each consumer's stack declares in its workspace, read back with the Databricks
SDK for Python (read calls only, :data:`CALLS`, listed in docs/verify.md) and compared, each difference a row.

The workspace is reached as ``make run-validation`` reaches it (``run_validation.workspace_client``: the
consumer's ``databricks.host`` and ``databricks.profile``, else the SDK's environment and ``~/.databrickscfg``).
The comparisons (``*_rows`` below) are pure functions of the SDK's own dataclasses (``databricks.sdk.service``:
``compute``, ``catalog``, ``jobs``): what the reads return is what they judge, and the tests build those values.
The reads are the thin functions after them; a thing that is not there (the SDK's ``NotFound``) reads as
``None``, any other failure as :class:`~kinesis_xacct.ops.verify_read.Unreadable` (its row: not checked, the run
fails).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kinesis_xacct.config.model import Config
from kinesis_xacct.iam.mesh import ConsumerSide, PairSides
from kinesis_xacct.iam.modes import CredentialSide
from kinesis_xacct.iam.settings import (
    DEDICATED,
    STANDARD,
    VOLUME_PRIVILEGES,
    WorkspaceSettings,
    access_mode,
    stack_settings,
    validation_job_name,
    volume_parts,
)
from kinesis_xacct.ops import verify_drift as drift
from kinesis_xacct.ops.run_validation import CREDENTIAL_ENV, has_credentials, workspace_client
from kinesis_xacct.ops.verify_hops import Context, guarded
from kinesis_xacct.ops.verify_read import Unreadable
from kinesis_xacct.ops.verify_report import BROKEN, DRIFT, HOLDS, NOT_CHECKED, Row

if TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient
    from databricks.sdk.service.catalog import CredentialInfo, PrivilegeAssignment, VolumeInfo
    from databricks.sdk.service.compute import ClusterDetails, InstanceProfile
    from databricks.sdk.service.jobs import BaseJob

WORKSPACE = "databricks"  # the account column of every row here
# The SDK retries a refused connection or a timeout until its retry budget is spent (300 s by default, at the
# client's creation for its host-metadata probe and again at each call: databricks/sdk/_base_client.py,
# ``_BaseClient._is_retryable``; databricks/sdk/config.py, ``Config._resolve_host_metadata``). verify waits less.
RETRY_SECONDS = 30
HTTP_TIMEOUT_SECONDS = 30

# Every SDK call verify makes: (method, REST call, what the identity needs). docs/verify.md lists exactly these.
# Methods and REST paths as databricks-sdk 0.162.0 defines them: databricks/sdk/service/iam.py
# (CurrentUserAPI.me), compute.py (InstanceProfilesAPI.list, ClustersAPI.list), catalog.py
# (CredentialsAPI.get_credential, GrantsAPI.get, VolumesAPI.read), jobs.py (JobsAPI.list); the needs from their
# docstrings and Databricks' Unity Catalog privilege docs.
CALLS = (
    ("current_user.me", "GET /api/2.0/preview/scim/v2/Me", "any identity of the workspace"),
    ("instance_profiles.list", "GET /api/2.0/instance-profiles/list", "any user; admins see all, others theirs"),
    ("credentials.get_credential", "GET /api/2.1/unity-catalog/credentials/{name}", "owner or any privilege on it"),
    ("grants.get", "GET /api/2.1/unity-catalog/permissions/{type}/{name}", "owner, MANAGE or a metastore admin"),
    ("volumes.read", "GET /api/2.1/unity-catalog/volumes/{name}", "owner or READ VOLUME (and USE CATALOG/SCHEMA)"),
    ("clusters.list", "GET /api/2.1/clusters/list", "any identity: the clusters it has a permission on"),
    ("jobs.list", "GET /api/2.2/jobs/list", "any identity: the jobs it may view"),
)
# Access modes the API may show for the one the stack writes (compute.py, ``DataSecurityMode``: ``SINGLE_USER``
# and ``USER_ISOLATION`` are the legacy aliases of ``DATA_SECURITY_MODE_DEDICATED`` / ``_STANDARD``).
SAME_MODE = {
    DEDICATED: (DEDICATED, "DATA_SECURITY_MODE_DEDICATED"),
    STANDARD: (STANDARD, "DATA_SECURITY_MODE_STANDARD"),
}


@dataclass(frozen=True)
class Trust:
    """B's trust of a service-credential pair, as the AWS side reads it (``verify_read``, cached per run)."""

    ctx: Context
    pair: PairSides

    def external_ids(self) -> list[str] | None:
        """The external IDs B's trust requires (``None``: B's role does not exist; its own rows say so)."""
        pair, ctx = self.pair, self.ctx
        acct = ctx.account(ctx.org.source_cfgs[pair.pair.source], "kinesis", pair.kinesis.account_id)
        role = acct.cached("role", pair.kinesis.role_name)
        return None if role is None else drift.external_ids(role.trust)

    @property
    def fix(self) -> str:
        """B's trust takes the credential's external ID from the consumer's stack: re-apply the source's."""
        return self.ctx.reapply(self.ctx.org.naming.source_stack(self.pair.pair.source))


@dataclass(frozen=True)
class Declared:
    """What one consumer's stack declares in its workspace: the iam package's sides and the stack's settings."""

    where: str  # the consumer's stack
    fix: str  # its re-apply
    workspace: WorkspaceSettings
    instance_profile_arn: str | None  # instance-profile mode
    credentials: tuple[CredentialSide, ...]  # service-credential mode: one per pair
    trusts: Mapping[str, Trust] = dataclasses.field(default_factory=dict)  # credential name -> its pair's B trust

    @property
    def access_mode(self) -> str:
        return access_mode(self.instance_profile_arn)


def declared(ctx: Context, consumer: ConsumerSide) -> Declared:
    cfg = ctx.org.consumer_cfg(consumer.name)
    stack = ctx.org.naming.consumer_stack(consumer.name)
    side = consumer.deployment
    return Declared(
        where=stack,
        fix=ctx.reapply(stack),
        workspace=stack_settings(cfg, "deployment").workspace,
        instance_profile_arn=side.instance_profile_arn if side else None,
        credentials=tuple(p.credential for p in consumer.pairs if p.credential is not None),
        trusts={p.credential.name: Trust(ctx, p) for p in consumer.pairs if p.credential is not None},
    )


def _value(enum: Any) -> str | None:
    """An SDK enum's value (``None`` when the workspace gave none)."""
    return None if enum is None else str(getattr(enum, "value", enum))


def _row(want: Declared, hop: str, status: str, detail: str) -> Row:
    return Row(want.where, hop, WORKSPACE, status, detail, "" if status == HOLDS else want.fix)


# ------------------------------------------------------------------------------------- comparisons (pure)


def instance_profile_rows(want: Declared, profiles: Sequence[InstanceProfile]) -> list[Row]:
    """Instance-profile mode: the instance profile of A's role is registered (``databricks_instance_profile``)."""
    arn, hop = want.instance_profile_arn, "instance profile registered"
    if any(p.instance_profile_arn == arn for p in profiles):
        return [_row(want, hop, HOLDS, f"{arn} is registered in the workspace")]
    why = f"{arn} is not registered in the workspace ({len(profiles)} instance profile(s) listed)"
    return [_row(want, hop, BROKEN, why)]


def credential_rows(want: Declared, side: CredentialSide, info: CredentialInfo | None) -> list[Row]:
    """Service-credential mode: the pair's credential exists, purpose SERVICE, wraps B's role, isolated."""
    hop = f"service credential {side.name}"
    if info is None:
        return [_row(want, hop, BROKEN, f"{side.name} does not exist in the workspace's metastore")]
    rows = []
    purpose, role = _value(info.purpose), info.aws_iam_role.role_arn if info.aws_iam_role else None
    isolation = _value(info.isolation_mode)
    if purpose != "SERVICE":
        rows.append(_row(want, hop, BROKEN, f"{side.name}: purpose {purpose}, declared SERVICE"))
    if role != side.role_arn:
        rows.append(_row(want, hop, BROKEN, f"{side.name} wraps {role or 'no AWS role'}, declared {side.role_arn}"))
    if isolation != side.isolation_mode:
        why = f"isolation mode {isolation or 'not set (open)'}, declared {side.isolation_mode}"
        rows.append(_row(want, hop, DRIFT, f"{side.name}: {why} (usable from other workspaces of the metastore)"))
    return rows or [_row(want, hop, HOLDS, f"{side.name}: purpose SERVICE, wraps {role}, {isolation}")]


def external_id_rows(
    want: Declared, side: CredentialSide, info: CredentialInfo, trusted: Sequence[str] | None, fix: str
) -> list[Row]:
    """B's trust (read from account B) requires the external ID Databricks passes when it assumes B's role for the
    credential (``aws_iam_role.external_id``, computed by Databricks: provider docs, resources/credential.md)."""
    hop = f"B's trust takes the external ID of {side.name}"
    passed = info.aws_iam_role.external_id if info.aws_iam_role else None
    if trusted is None or passed is None:
        why = "B's role does not exist (see its rows)" if trusted is None else "the workspace shows no external ID"
        return [Row(want.where, hop, WORKSPACE, NOT_CHECKED, why)]
    if passed in trusted:
        return [_row(want, hop, HOLDS, f"B's trust requires the external ID Databricks passes for {side.name}")]
    why = f"B's trust does not require the external ID Databricks passes for {side.name} ({len(trusted)} required)"
    return [Row(want.where, hop, WORKSPACE, BROKEN, why, fix)]


def grant_rows(
    want: Declared, hop: str, declared_grants: Mapping[str, Sequence[str]], read: Sequence[PrivilegeAssignment]
) -> list[Row]:
    """A ``databricks_grants`` of the stack (exclusive: exactly these principals and privileges) against the
    assignments read: a declared privilege missing is broken (the group cannot use it), one added drift."""
    got: dict[str, set[str]] = {}
    for assignment in read:
        if assignment.principal is not None:
            values = {v for p in assignment.privileges or () if (v := _value(p))}
            got.setdefault(assignment.principal, set()).update(values)
    rows = []
    for principal, privileges in declared_grants.items():
        have = got.get(principal, set())
        if missing := [p for p in privileges if p not in have]:
            rows.append(_row(want, hop, BROKEN, f"{principal} lacks {', '.join(missing)}"))
        if added := sorted(have - set(privileges)):
            rows.append(_row(want, hop, DRIFT, f"{principal} also holds {', '.join(added)}"))
    for principal in sorted(set(got) - set(declared_grants)):
        granted = ", ".join(sorted(got[principal]))
        rows.append(_row(want, hop, DRIFT, f"{principal} holds {granted}, which the stack does not grant"))
    shown = "; ".join(f"{g}: {', '.join(p)}" for g, p in declared_grants.items())
    return rows or [_row(want, hop, HOLDS, f"exactly the declared grants ({shown})")]


def volume_rows(want: Declared, full_name: str, info: VolumeInfo | None) -> list[Row]:
    """Service-credential mode: the checkpoint volume exists and is managed (``databricks_volume``)."""
    hop = f"checkpoint volume {full_name}"
    if info is None:
        return [_row(want, hop, BROKEN, f"{full_name} does not exist")]
    kind = _value(info.volume_type)
    if kind != "MANAGED":
        return [_row(want, hop, DRIFT, f"{full_name} is {kind or 'of no type'}, declared MANAGED")]
    return [_row(want, hop, HOLDS, f"{full_name}: MANAGED")]


def cluster_rows(want: Declared, clusters: Sequence[ClusterDetails]) -> list[Row]:
    """The validation cluster exists (by name), in the declared access mode, with the declared instance profile."""
    name = want.workspace.cluster_name
    hop = f"cluster {name}"
    named = [c for c in clusters if c.cluster_name == name]
    if not named:
        why = f"no cluster named {name} (an unpinned cluster is deleted 30 days after it terminates)"
        return [_row(want, hop, BROKEN, why)]
    rows = []
    for cluster in named:
        mode = _value(cluster.data_security_mode)
        profile = cluster.aws_attributes.instance_profile_arn if cluster.aws_attributes else None
        if mode not in SAME_MODE[want.access_mode]:
            rows.append(
                _row(want, hop, DRIFT, f"{cluster.cluster_id}: access mode {mode}, declared {want.access_mode}")
            )
        if profile != want.instance_profile_arn:
            status = BROKEN if want.instance_profile_arn else DRIFT
            declared_profile = want.instance_profile_arn or "none"
            why = f"{cluster.cluster_id}: instance profile {profile or 'none'}, declared {declared_profile}"
            rows.append(_row(want, hop, status, why))
    ids = ", ".join(str(c.cluster_id) for c in named)
    return rows or [_row(want, hop, HOLDS, f"{ids}: {want.access_mode}, as declared")]


def job_rows(want: Declared, jobs: Sequence[BaseJob]) -> list[Row]:
    """``databricks.job``: the validation job exists (by its exact name)."""
    name = validation_job_name(want.workspace.cluster_name)
    hop = f"job {name}"
    ids = [str(j.job_id) for j in jobs if j.settings is not None and j.settings.name == name]
    if not ids:
        return [_row(want, hop, BROKEN, f"no job named {name}")]
    return [_row(want, hop, HOLDS, f"job {', '.join(ids)}")]


# ------------------------------------------------------------------------------------------------ reads


def cause(err: BaseException) -> str:
    """One line for a failed call: the SDK's retry timeout names the error it gave up on (its ``__cause__``)."""
    while isinstance(err, TimeoutError) and err.__cause__ is not None:
        err = err.__cause__
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0][:300] if lines else 'no message'}"


def read(call: str, fn: Callable[[], Any]) -> Any:
    """``fn()`` (one SDK call of :data:`CALLS`), its result; ``None`` when the workspace says it does not exist."""
    from databricks.sdk.errors import NotFound

    try:
        return fn()
    except NotFound:
        return None
    except Exception as err:  # permissions, network: the part is not checked, the run fails
        raise Unreadable(f"{call}: {cause(err)}") from err


def read_grants(w: WorkspaceClient, securable_type: str, full_name: str) -> list[PrivilegeAssignment]:
    """Every assignment on a securable, page by page (catalog.py, ``GrantsAPI.get``: ``max_results=0`` pages, until
    no ``next_page_token``). ``securable_type`` as the provider passes it (terraform-provider-databricks,
    catalog/permissions/permissions.go, ``Mappings``: ``credential``, ``volume``)."""
    found: list[PrivilegeAssignment] = []
    token: str | None = None
    while True:
        get = functools.partial(w.grants.get, securable_type, full_name, max_results=0, page_token=token)
        page = read("grants.get", get)
        if page is None:
            return found
        found += page.privilege_assignments or []
        token = page.next_page_token
        if not token:
            return found


def grants_check(
    w: WorkspaceClient, want: Declared, securable: tuple[str, str], privileges: Sequence[str]
) -> list[Row]:
    """The groups' grants on a securable (``securable``: its type and full name), read apart from it: a refused
    read of the grants leaves the securable's own rows."""
    securable_type, full_name = securable
    hop = f"grants on {securable_type} {full_name}"
    declared_grants = {g: tuple(privileges) for g in want.workspace.groups}
    check = lambda: grant_rows(want, hop, declared_grants, read_grants(w, securable_type, full_name))  # noqa: E731
    return guarded(want.where, hop, WORKSPACE, check) if declared_grants else []


def credential_check(w: WorkspaceClient, want: Declared, side: CredentialSide) -> list[Row]:
    info = read("credentials.get_credential", functools.partial(w.credentials.get_credential, side.name))
    rows = credential_rows(want, side, info)
    if info is None:
        return rows
    trust = want.trusts.get(side.name)
    if trust is not None:
        hop = f"B's trust takes the external ID of {side.name}"
        check = lambda: external_id_rows(want, side, info, trust.external_ids(), trust.fix)  # noqa: E731
        rows += guarded(want.where, hop, WORKSPACE, check)
    return rows + grants_check(w, want, ("credential", side.name), side.privileges)


def volume_check(w: WorkspaceClient, want: Declared, path: str) -> list[Row]:
    full_name = ".".join(volume_parts(path))
    info = read("volumes.read", functools.partial(w.volumes.read, full_name))
    rows = volume_rows(want, full_name, info)
    return rows + (grants_check(w, want, ("volume", full_name), VOLUME_PRIVILEGES) if info is not None else [])


def checks(w: WorkspaceClient, want: Declared) -> list[tuple[str, Callable[[], list[Row]]]]:
    """(hop, check) of each part the consumer's stack declares in the workspace."""
    parts: list[tuple[str, Callable[[], list[Row]]]] = []
    if want.instance_profile_arn is not None:
        profiles = functools.partial(read, "instance_profiles.list", lambda: list(w.instance_profiles.list()))
        parts.append(("instance profile registered", lambda: instance_profile_rows(want, profiles())))
    for side in want.credentials:
        parts.append((f"service credential {side.name}", functools.partial(credential_check, w, want, side)))
    if want.credentials and want.workspace.checkpoint_volume:
        volume = want.workspace.checkpoint_volume
        parts.append((f"checkpoint volume {volume}", functools.partial(volume_check, w, want, volume)))
    clusters = functools.partial(read, "clusters.list", lambda: list(w.clusters.list()))
    parts.append((f"cluster {want.workspace.cluster_name}", lambda: cluster_rows(want, clusters())))
    if want.workspace.job:
        name = validation_job_name(want.workspace.cluster_name)
        jobs = functools.partial(read, "jobs.list", lambda: list(w.jobs.list(name=name)))
        parts.append((f"job {name}", lambda: job_rows(want, jobs())))
    return parts


def open_workspace(cfg: Config, retry_seconds: int = RETRY_SECONDS) -> WorkspaceClient:
    """The consumer's workspace client (run-validation's), with verify's shorter retry budget. The SDK's warning
    that its host-metadata probe failed is not shown: the call that follows says why the workspace is out of reach."""
    logging.getLogger("databricks.sdk").setLevel(logging.ERROR)
    return workspace_client(cfg, retry_timeout_seconds=retry_seconds, http_timeout_seconds=HTTP_TIMEOUT_SECONDS)


def host_of(cfg: Config) -> str:
    """The workspace as the config or the environment names it (for a row that says it could not be reached)."""
    db = cfg.databricks
    host = db.host or os.environ.get("DATABRICKS_HOST")
    profile = db.profile or os.environ.get("DATABRICKS_CONFIG_PROFILE")
    return host or (f"the host of profile {profile}" if profile else "no host configured")


def did_not_run(want: Declared, why: str) -> Row:
    return Row(want.where, "Databricks workspace", WORKSPACE, NOT_CHECKED, f"the Databricks checks did not run: {why}")


def rows(
    ctx: Context, consumer: ConsumerSide, connect: Callable[[Config], WorkspaceClient] = open_workspace
) -> list[Row]:
    """The consumer's workspace against its stack: one row per part and difference; one ``not checked`` row when
    the checks cannot run (no workspace declared, no credentials) or the workspace cannot be reached."""
    cfg, want = ctx.org.consumer_cfg(consumer.name), declared(ctx, consumer)
    if not cfg.databricks.enabled:
        return [did_not_run(want, "databricks.enabled is false (the stacks declare nothing in a workspace)")]
    if not has_credentials(cfg):
        env = " / ".join(CREDENTIAL_ENV)
        return [did_not_run(want, f"no Databricks credentials (databricks.profile, or {env} in the environment)")]
    try:
        w = connect(cfg)
        w.current_user.me()
    except Exception as err:  # no host, no or refused credentials, no network: one line, no traceback
        who = want.where if ctx.org.naming.one_pair else f"consumer {consumer.name} ({want.where})"
        why = f"could not reach the workspace of {who} at {host_of(cfg)}: {cause(err)}"
        fix = "check databricks.host and databricks.profile (or the DATABRICKS_* environment) and the credentials"
        return [Row(want.where, "Databricks workspace", WORKSPACE, NOT_CHECKED, why, fix, unreadable=True)]
    found: list[Row] = []
    for hop, check in checks(w, want):
        found += guarded(want.where, hop, WORKSPACE, check)
    return found
