"""verify's Databricks side (kinesis_xacct/ops/verify_databricks.py), without a workspace.

There is no Databricks workspace here, and no fake of one: the comparisons are pure functions of the SDK's own
dataclasses (``databricks.sdk.service.catalog`` / ``compute`` / ``jobs``), built here as values, and each case
(clean, each drift, each broken part) is one such value. What only a workspace shows (that the API returns these
values so, the permissions each call needs) is said in docs/verify.md. The paths that do not compare are run for
real: ``databricks.enabled`` false, no credentials, and a real ``WorkspaceClient`` pointed at a closed local port.
"""

from __future__ import annotations

import functools
import re
import socket
import typing
from pathlib import Path
from typing import Any

import pytest
from databricks.sdk import WorkspaceClient
from databricks.sdk.service.catalog import (
    AwsIamRole,
    CredentialInfo,
    CredentialPurpose,
    IsolationMode,
    Privilege,
    PrivilegeAssignment,
    VolumeInfo,
    VolumeType,
)
from databricks.sdk.service.compute import AwsAttributes, ClusterDetails, DataSecurityMode, InstanceProfile
from databricks.sdk.service.jobs import BaseJob, JobSettings

from kinesis_xacct.config.organisation import organisation_of
from kinesis_xacct.iam.mesh import ConsumerSide, mesh
from kinesis_xacct.iam.settings import VOLUME_PRIVILEGES, validation_job_name, volume_parts
from kinesis_xacct.ops import verify_databricks as dbx
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.ops.verify_hops import Context
from kinesis_xacct.ops.verify_report import BROKEN, DRIFT, HOLDS, NOT_CHECKED, Row, exit_status

from .helpers import EXAMPLE, ROOT, variant, write_config

SERVICE_CREDENTIAL = ROOT / "config" / "service-credential.yaml"
GROUPS = ["data-engineers", "analysts"]
EXTERNAL_ID = "ext-from-databricks"  # what Databricks computes for a credential (any value: it is not ours)
OTHER_ROLE = "arn:aws:iam::222222222222:role/other"
MODULE = ROOT / "kinesis_xacct" / "ops" / "verify_databricks.py"


def _context(path: Path) -> tuple[Context, ConsumerSide]:
    org = organisation_of(load_config(path))
    ctx = Context(str(path), "cdktf.out", org, mesh(org), {})
    (consumer,) = ctx.mesh.consumers.values()
    return ctx, consumer


@pytest.fixture()
def profile_mode() -> tuple[Context, ConsumerSide, dbx.Declared]:
    ctx, consumer = _context(EXAMPLE)
    return ctx, consumer, dbx.declared(ctx, consumer)


@pytest.fixture()
def credential_mode(tmp_path: Path) -> tuple[Context, ConsumerSide, dbx.Declared]:
    ctx, consumer = _context(write_config(tmp_path, variant(SERVICE_CREDENTIAL, **{"databricks.groups": GROUPS})))
    return ctx, consumer, dbx.declared(ctx, consumer)


def _statuses(rows: list[Row]) -> list[str]:
    return [r.status for r in rows]


def _cluster(want: dbx.Declared, mode: DataSecurityMode, profile: str | None) -> ClusterDetails:
    attributes = AwsAttributes(instance_profile_arn=profile) if profile else None
    return ClusterDetails(
        cluster_id="0101-000000-abc", cluster_name=want.workspace.cluster_name, data_security_mode=mode,
        aws_attributes=attributes,
    )  # fmt: skip


def _credential(side: Any, **changes: Any) -> CredentialInfo:
    values = dict(
        name=side.name,
        purpose=CredentialPurpose.SERVICE,
        aws_iam_role=AwsIamRole(role_arn=side.role_arn, external_id=EXTERNAL_ID),
        isolation_mode=IsolationMode.ISOLATION_MODE_ISOLATED,
    )
    return CredentialInfo(**(values | changes))


# ------------------------------------------------------------------------------------- what is declared


def test_declared_parts_are_the_stacks_own(profile_mode, credential_mode):
    """The sides of the iam package and the stack's settings, not names made up here."""
    ctx, consumer, want = profile_mode
    assert want.instance_profile_arn == consumer.deployment.instance_profile_arn
    assert want.credentials == () and want.access_mode == "SINGLE_USER"
    assert want.fix == ctx.reapply(ctx.org.naming.consumer_stack(consumer.name))
    ctx, consumer, want = credential_mode
    assert want.instance_profile_arn is None and want.access_mode == "USER_ISOLATION"
    assert want.credentials == tuple(p.credential for p in consumer.pairs)
    assert want.workspace.groups == tuple(GROUPS)


# ------------------------------------------------------------------------------------- instance-profile mode


def test_a_clean_instance_profile_workspace_holds(profile_mode):
    _, _, want = profile_mode
    arn = want.instance_profile_arn
    job = BaseJob(job_id=7, settings=JobSettings(name=validation_job_name(want.workspace.cluster_name)))
    rows = (
        dbx.instance_profile_rows(want, [InstanceProfile(instance_profile_arn="arn:aws:iam::1:instance-profile/x"),
                                         InstanceProfile(instance_profile_arn=arn)])
        + dbx.cluster_rows(want, [_cluster(want, DataSecurityMode.SINGLE_USER, arn)])
        + dbx.cluster_rows(want, [_cluster(want, DataSecurityMode.DATA_SECURITY_MODE_DEDICATED, arn)])
        + dbx.job_rows(want, [job])
    )  # fmt: skip
    assert _statuses(rows) == [HOLDS] * 4, rows
    assert all(r.account == "databricks" and r.where == want.where and r.fix == "" for r in rows)
    assert exit_status(rows) == 0


def test_an_unregistered_instance_profile_is_broken(profile_mode):
    _, _, want = profile_mode
    (row,) = dbx.instance_profile_rows(
        want, [InstanceProfile(instance_profile_arn="arn:aws:iam::1:instance-profile/x")]
    )
    assert row.status == BROKEN and want.instance_profile_arn in row.detail and "not registered" in row.detail
    assert row.fix == want.fix and row.fix.startswith(f"re-apply the {want.where} stack: make deploy")
    assert dbx.instance_profile_rows(want, [])[0].status == BROKEN


def test_cluster_missing_in_another_mode_or_without_the_instance_profile(profile_mode):
    _, _, want = profile_mode
    arn = want.instance_profile_arn
    other = ClusterDetails(cluster_id="x", cluster_name=want.workspace.cluster_name + "-other")
    (missing,) = dbx.cluster_rows(want, [other])
    assert missing.status == BROKEN and f"no cluster named {want.workspace.cluster_name}" in missing.detail
    (mode,) = dbx.cluster_rows(want, [_cluster(want, DataSecurityMode.USER_ISOLATION, arn)])
    assert mode.status == DRIFT and "access mode USER_ISOLATION, declared SINGLE_USER" in mode.detail
    (profile,) = dbx.cluster_rows(want, [_cluster(want, DataSecurityMode.SINGLE_USER, None)])
    assert profile.status == BROKEN and f"instance profile none, declared {arn}" in profile.detail
    assert all(r.fix == want.fix for r in (missing, mode, profile))


def test_the_job_is_found_by_its_exact_name(profile_mode):
    _, _, want = profile_mode
    name = validation_job_name(want.workspace.cluster_name)
    (missing,) = dbx.job_rows(want, [])
    assert missing.status == BROKEN and missing.detail == f"no job named {name}"
    # the API's name filter ignores case (jobs.py, JobsAPI.list): another case is another job
    (other_case,) = dbx.job_rows(want, [BaseJob(job_id=1, settings=JobSettings(name=name.upper()))])
    assert other_case.status == BROKEN


# ------------------------------------------------------------------------------------- service-credential mode


def test_a_clean_service_credential_workspace_holds(credential_mode):
    _, _, want = credential_mode
    (side,) = want.credentials
    full_name = ".".join(volume_parts(want.workspace.checkpoint_volume))
    access = [PrivilegeAssignment(principal=g, privileges=[Privilege.ACCESS]) for g in GROUPS]
    volume = [PrivilegeAssignment(principal=g, privileges=[Privilege(p) for p in VOLUME_PRIVILEGES]) for g in GROUPS]
    rows = (
        dbx.credential_rows(want, side, _credential(side))
        + dbx.grant_rows(want, "grants", {g: side.privileges for g in GROUPS}, access)
        + dbx.volume_rows(want, full_name, VolumeInfo(full_name=full_name, volume_type=VolumeType.MANAGED))
        + dbx.grant_rows(want, "grants", {g: VOLUME_PRIVILEGES for g in GROUPS}, volume)
        + dbx.cluster_rows(want, [_cluster(want, DataSecurityMode.DATA_SECURITY_MODE_STANDARD, None)])
    )
    assert _statuses(rows) == [HOLDS] * 5, rows
    assert side.role_arn in rows[0].detail


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"purpose": CredentialPurpose.STORAGE}, BROKEN, "purpose STORAGE, declared SERVICE"),
        ({"aws_iam_role": AwsIamRole(role_arn=OTHER_ROLE)}, BROKEN, f"wraps {OTHER_ROLE}, declared"),
        ({"aws_iam_role": None}, BROKEN, "wraps no AWS role"),
        ({"isolation_mode": IsolationMode.ISOLATION_MODE_OPEN}, DRIFT, "isolation mode ISOLATION_MODE_OPEN"),
        ({"isolation_mode": None}, DRIFT, "isolation mode not set (open)"),
    ],
)  # fmt: skip
def test_each_difference_of_the_credential_is_a_row(credential_mode, changes, status, words):
    _, _, want = credential_mode
    (side,) = want.credentials
    (row,) = dbx.credential_rows(want, side, _credential(side, **changes))
    assert row.status == status and words in row.detail and side.name in row.detail
    assert row.hop == f"service credential {side.name}" and row.fix == want.fix


def test_b_trust_must_require_the_external_id_databricks_passes(credential_mode):
    """The credential's external ID (computed by Databricks) against the ones B's trust requires (read in B)."""
    ctx, consumer, want = credential_mode
    (side,) = want.credentials
    (pair,) = consumer.pairs
    trust = want.trusts[side.name]
    assert trust.pair is pair and trust.fix == ctx.reapply(ctx.org.naming.source_stack(pair.pair.source))
    passed = EXTERNAL_ID
    info = _credential(side)
    assert info.aws_iam_role is not None and info.aws_iam_role.external_id == passed
    (holds,) = dbx.external_id_rows(want, side, info, ["other", passed], trust.fix)
    assert holds.status == HOLDS and holds.fix == ""
    (broken,) = dbx.external_id_rows(want, side, info, ["other"], trust.fix)
    assert broken.status == BROKEN and broken.fix == trust.fix and passed not in broken.detail
    assert "does not require the external ID Databricks passes" in broken.detail
    (no_role,) = dbx.external_id_rows(want, side, info, None, trust.fix)
    assert no_role.status == NOT_CHECKED and not no_role.unreadable and "does not exist" in no_role.detail
    unshown = _credential(side, aws_iam_role=AwsIamRole(role_arn=side.role_arn))
    (no_id,) = dbx.external_id_rows(want, side, unshown, [passed], trust.fix)
    assert no_id.status == NOT_CHECKED and "no external ID" in no_id.detail


def test_a_missing_credential_or_volume_is_broken(credential_mode):
    _, _, want = credential_mode
    (side,) = want.credentials
    (credential,) = dbx.credential_rows(want, side, None)
    assert credential.status == BROKEN and f"{side.name} does not exist" in credential.detail
    (volume,) = dbx.volume_rows(want, "main.default.v", None)
    assert volume.status == BROKEN and volume.detail == "main.default.v does not exist"
    (external,) = dbx.volume_rows(want, "main.default.v", VolumeInfo(volume_type=VolumeType.EXTERNAL))
    assert external.status == DRIFT and "EXTERNAL, declared MANAGED" in external.detail


def test_grants_are_exactly_the_declared_ones(credential_mode):
    """``databricks_grants`` is exclusive: a missing privilege is broken, an added one (or principal) drift."""
    _, _, want = credential_mode
    declared = {g: ("READ_VOLUME", "WRITE_VOLUME") for g in GROUPS}
    read = [
        PrivilegeAssignment(principal=GROUPS[0], privileges=[Privilege.READ_VOLUME]),
        PrivilegeAssignment(principal=GROUPS[1], privileges=[Privilege.READ_VOLUME, Privilege.WRITE_VOLUME,
                                                             Privilege.MANAGE]),
        PrivilegeAssignment(principal="someone@example.com", privileges=[Privilege.READ_VOLUME]),
    ]  # fmt: skip
    rows = dbx.grant_rows(want, "grants on volume v", declared, read)
    found = {(r.status, r.detail) for r in rows}
    assert found == {
        (BROKEN, f"{GROUPS[0]} lacks WRITE_VOLUME"),
        (DRIFT, f"{GROUPS[1]} also holds MANAGE"),
        (DRIFT, "someone@example.com holds READ_VOLUME, which the stack does not grant"),
    }
    assert all(r.fix == want.fix and r.hop == "grants on volume v" for r in rows)
    (nobody,) = [r for r in dbx.grant_rows(want, "g", {GROUPS[0]: ("ACCESS",)}, []) if r.status == BROKEN]
    assert nobody.detail == f"{GROUPS[0]} lacks ACCESS"


def test_the_parts_read_follow_the_mode_and_the_job_switch(profile_mode, credential_mode, tmp_path):
    """Which parts are read: no call is made here (the checks are built, not run)."""
    _, _, want = profile_mode
    assert [hop for hop, _ in dbx.checks(typing.cast(WorkspaceClient, None), want)] == [
        "instance profile registered",
        f"cluster {want.workspace.cluster_name}",
        f"job {validation_job_name(want.workspace.cluster_name)}",
    ]
    _, _, want = credential_mode
    (side,) = want.credentials
    hops = [hop for hop, _ in dbx.checks(typing.cast(WorkspaceClient, None), want)]
    assert hops[:2] == [f"service credential {side.name}", f"checkpoint volume {want.workspace.checkpoint_volume}"]
    ctx, consumer = _context(write_config(tmp_path, variant(EXAMPLE, **{"databricks.job": False})))
    hops = [hop for hop, _ in dbx.checks(typing.cast(WorkspaceClient, None), dbx.declared(ctx, consumer))]
    assert not any(h.startswith("job ") for h in hops)


# ------------------------------------------------------------------------------------- when the checks do not run


@pytest.fixture()
def no_databricks_env(monkeypatch, tmp_path):
    import os

    for key in list(os.environ):
        if key.startswith("DATABRICKS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.databrickscfg
    return monkeypatch


def test_without_credentials_the_checks_did_not_run_and_say_why(no_databricks_env):
    ctx, consumer = _context(EXAMPLE)
    rows = dbx.rows(ctx, consumer, connect=_never)
    assert [(r.status, r.account, r.unreadable) for r in rows] == [(NOT_CHECKED, "databricks", False)]
    assert rows[0].detail.startswith("the Databricks checks did not run: no Databricks credentials")
    assert exit_status(rows) == 0


def test_with_databricks_disabled_the_checks_did_not_run(no_databricks_env, tmp_path):
    no_databricks_env.setenv("DATABRICKS_TOKEN", "dapi-not-used")
    ctx, consumer = _context(write_config(tmp_path, variant(EXAMPLE, **{"databricks.enabled": False})))
    (row,) = dbx.rows(ctx, consumer, connect=_never)
    assert row.status == NOT_CHECKED and "databricks.enabled is false" in row.detail


def _never(cfg: Any) -> WorkspaceClient:
    raise AssertionError("no workspace may be reached on this path")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed when the block ends: nothing listens there


def test_an_unreachable_workspace_is_one_row_naming_consumer_host_and_cause(no_databricks_env):
    """A real WorkspaceClient against a closed local port (its retry budget cut to a second): one row, the
    run fails (unreadable), no traceback."""
    host = f"http://127.0.0.1:{_closed_port()}"
    no_databricks_env.setenv("DATABRICKS_HOST", host)
    no_databricks_env.setenv("DATABRICKS_TOKEN", "dapi-not-a-token")
    ctx, consumer = _context(EXAMPLE)
    rows = dbx.rows(ctx, consumer, connect=functools.partial(dbx.open_workspace, retry_seconds=1))
    (row,) = rows
    assert row.status == NOT_CHECKED and row.unreadable and exit_status(rows) == 1
    assert row.detail.startswith("could not reach the workspace of ") and row.where in row.detail
    assert f" at {host}: " in row.detail
    assert re.search(r"ConnectionError|Connection refused|Max retries", row.detail), row.detail
    assert "Traceback" not in row.detail and "\n" not in row.detail
    assert "databricks.host" in row.fix


# ------------------------------------------------------------------------------------- the calls


def _calls_in_source() -> set[str]:
    return set(re.findall(r"\bw\.(\w+\.\w+)\b", MODULE.read_text()))


def test_every_call_is_a_read_the_sdk_has_and_docs_list():
    """The module's SDK calls are exactly CALLS; each is a method of the SDK's API class (its property's return
    type on WorkspaceClient), a get/list/read; docs/verify.md names each with its REST call."""
    listed = {method for method, _, _ in dbx.CALLS}
    assert _calls_in_source() == listed
    docs = (ROOT / "docs" / "verify.md").read_text()
    for method, rest, _ in dbx.CALLS:
        api, name = method.split(".")
        cls = typing.get_type_hints(getattr(WorkspaceClient, api).fget)["return"]
        assert callable(getattr(cls, name)), method
        assert re.match(r"(get|list|read|me)", name), method
        assert f"`{method}`" in docs and f"`{rest}`" in docs, method
