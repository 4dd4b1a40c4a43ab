"""One-screen summary of what a config creates where (``make validate``)."""

from __future__ import annotations

import os

from kinesis_xacct import paths
from kinesis_xacct.config.model import Config
from kinesis_xacct.iam.policies import (
    CredentialSide,
    DeploymentSide,
    KinesisSide,
    credential_side,
    deployment_side,
    kinesis_side,
)
from kinesis_xacct.render.text import printable_lines

MAX_STREAM_LINES = 6  # the summary stays on one screen however many streams there are
SCREEN_WIDTH = 120


def summary(cfg: Config, path: str) -> str:
    """What ``cfg`` (read from ``path``) creates in account B, account A and Databricks, and where the state is.
    Each line is :func:`~kinesis_xacct.render.text.printable`: a control character in a value is shown escaped."""
    k = kinesis_side(cfg)
    lines = [
        f"config {path}: valid",
        f"partition {cfg.partition}, region {cfg.region}, databricks.auth {cfg.databricks.auth}",
        "",
        *_kinesis_lines(cfg, k),
    ]
    if cfg.uses_service_credential:
        lines += _service_credential_lines(cfg, credential_side(cfg)) + [""]
    else:
        lines += _instance_profile_lines(cfg, k, deployment_side(cfg))
    return printable_lines([*lines, *state_lines(cfg, path)])


def _trust_lines(cfg: Config) -> list[str]:
    """Whom B's role trusts, in either mode."""
    kb = cfg.kinesis_account
    if cfg.uses_service_credential:
        c = credential_side(cfg)
        source = "from the config" if kb.external_id else "of the service credential, from deployment-account"
        return [
            f"  trusts     {c.unity_catalog_iam_arn} (Unity Catalog master role)",
            f"             + the role itself (ExplicitSelfRoleAssumption); external ID {source}",
        ]
    d = deployment_side(cfg)
    return [
        f"  trusts     {'role ' + d.role_arn if kb.trust == 'role' else 'account ' + d.account_id}"
        f"{' + ec2.amazonaws.com' if kb.trust_ec2_service else ''}"
        f"{' (external ID required)' if kb.external_id else ''}"
    ]


def _kinesis_lines(cfg: Config, k: KinesisSide) -> list[str]:
    """Account B: the role, whom it trusts, its access, the streams (at most MAX_STREAM_LINES lines)."""
    kb = cfg.kinesis_account
    lines = [
        f"account B {k.account_id} (stack kinesis-account)",
        f"  role       {k.role_arn}",
        *_trust_lines(cfg),
        f"  access     {kb.access} ("
        + "; ".join(
            ([f"managed: {', '.join(k.managed_policy_arns)}"] if k.managed_policy_arns else [])
            + ([f"inline: {', '.join(s.sid for s in k.access_policy.statements)}"] if k.access_policy else [])
        )
        + ")",
    ]
    shown = kb.streams if len(kb.streams) <= MAX_STREAM_LINES else kb.streams[: MAX_STREAM_LINES - 1]
    for s in shown:
        how = f"created, {s.mode}, SSE-KMS" if s.create else "existing"
        lines.append(f"  stream     {cfg.stream_arn(s.name)} ({how})")
    if len(shown) < len(kb.streams):
        created = sum(1 for s in kb.streams[len(shown) :] if s.create)
        lines.append(f"  ...        {len(kb.streams) - len(shown)} more streams ({created} created)")
    if kb.deploy_role_arn:
        lines.append(f"  deployed   as {kb.deploy_role_arn}")
    return lines


def _instance_profile_lines(cfg: Config, k: KinesisSide, d: DeploymentSide) -> list[str]:
    """Account A in instance-profile mode (role, instance profile, PassRole) and the Databricks half."""
    lines = [
        "",
        f"account A {d.account_id} (stack deployment-account, deployed first)",
        f"  role       {d.role_arn} (trusted by EC2)",
        f"             may assume {k.role_arn}",
        f"  profile    {d.instance_profile_arn}",
        f"  PassRole   inline {d.passrole_policy_name} on existing {d.workspace_role_name}",
    ]
    if cfg.deployment.deploy_role_arn:
        lines.append(f"  deployed   as {cfg.deployment.deploy_role_arn}")
    if cfg.aws_endpoint_url:
        lines.append(f"AWS endpoints of both stacks: {cfg.aws_endpoint_url} (emulator)")
    db = cfg.databricks
    if db.enabled:
        wait = "without EC2 dry-run" if db.skip_validation else f"{db.iam_propagation_seconds} s after the IAM changes"
        shown_groups = ", ".join(db.groups[:3]) + (f" and {len(db.groups) - 3} more" if len(db.groups) > 3 else "")
        users = f"admins + groups {shown_groups}" if db.groups else "admins only"
        lines += [
            "",
            f"Databricks: instance profile registered {wait}; usable by {users}",
            f"  cluster    {db.cluster_name!r} ({db.spark_version}), owner "
            f"{db.single_user_name or 'the deploying identity'}",
            f"  notebook   {db.notebook_path or '<home>/kinesis-xacct/validate_kinesis'}"
            + (f"; job {db.cluster_name}-job" if db.job else ""),
        ]
    else:
        lines += ["", "Databricks: disabled (AWS side only)"]
    return lines


def _service_credential_lines(cfg: Config, c: CredentialSide) -> list[str]:
    db = cfg.databricks
    lines = [
        "",
        f"account A {c.account_id or '(not named)'} (stack deployment-account, deployed first): "
        f"nothing in its AWS account",
    ]
    if db.enabled:
        groups = ", ".join(c.groups) if c.groups else "none (owner and metastore admins only)"
        lines += [
            "",
            f"Databricks: service credential {c.name!r} (purpose SERVICE) wrapping {c.role_arn},",
            "  created with skip_validation (B's role comes after it); validate it after the deploy (RUNBOOK)",
            f"  ACCESS for groups: {groups}",
            f"  cluster {db.cluster_name!r} in standard access mode, Databricks Runtime 16.1+, "
            f"notebook {db.notebook_path or '<home>/kinesis-xacct/validate_kinesis'} (serviceCredential)",
        ]
        if db.job:
            lines.append(
                f"  job {db.cluster_name + '-job'!r}: the notebook on its own job cluster (make run-validation)"
            )
    else:
        lines += [
            "",
            f"Databricks: disabled (AWS side only); create the service credential for {c.role_arn} "
            f"yourself, presenting the configured external ID",
        ]
    if cfg.aws_endpoint_url:
        lines.append(f"AWS endpoints: {cfg.aws_endpoint_url} (emulator)")
    return lines


def state_lines(cfg: Config, path: str) -> list[str]:
    """Where the state of the config read from ``path`` is: its own local folder (named from the config's folder
    when the whole path would not fit the screen's width), or the S3 objects."""
    b = cfg.backend
    if b.type == "local":
        folder = paths.shown_state_dir(path)
        one = f"state: local files {folder}/terraform.<stack>.tfstate (this config's)"
        if len(one) <= SCREEN_WIDTH:
            return [one]
        beside = os.path.relpath(paths.state_dir(path), os.path.dirname(os.path.abspath(path)))
        return [f"state: local files {beside}/terraform.<stack>.tfstate, beside the config (this config's)"]
    lock = "S3 lock file" if b.use_lockfile else "NO locking (use_lockfile: false)"
    via = f", via role {b.role_arn}" if b.role_arn else ""
    return [f"state: s3://{b.bucket}/{b.state_key('<stack>')} in {b.region or cfg.region} ({lock}{via})"]
