"""The auth modes in text: the render layer's one registry of the modes (:data:`MODE_TEXT`, keyed by the mode's
type, ``iam.modes``). Each mode supplies its lines of the one-screen summary, its access chain (diagram, and
which of its nodes are the consumer's in an organisation's diagram), the Kinesis reader options that
authenticate, and its parts of the RUNBOOK; the renderers ask it and never test the mode."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kinesis_xacct.config import names
from kinesis_xacct.config.model import Config
from kinesis_xacct.iam.modes import (
    AuthMode,
    InstanceProfileMode,
    ServiceCredentialMode,
    credential_side,
    deployment_side,
    mode_of,
)
from kinesis_xacct.iam.policies import KinesisSide
from kinesis_xacct.iam.settings import validation_job_name
from kinesis_xacct.platform import arns
from kinesis_xacct.render import diagram, text


def instance_profile_trust(cfg: Config) -> list[str]:
    """Whom B's role trusts: A's role (or account), EC2, the external ID."""
    kb = cfg.kinesis_account
    d = deployment_side(cfg)
    return [
        f"  trusts     {'role ' + d.role_arn if kb.trust == 'role' else 'account ' + d.account_id}"
        f"{' + ec2.amazonaws.com' if kb.trust_ec2_service else ''}"
        f"{' (external ID required)' if kb.external_id else ''}"
    ]


def service_credential_trust(cfg: Config) -> list[str]:
    """Whom B's role trusts: the Unity Catalog master role and itself, with the external ID."""
    c = credential_side(cfg)
    configured = cfg.kinesis_account.external_id
    source = "from the config" if configured else "of the service credential, from deployment-account"
    return [
        f"  trusts     {c.unity_catalog_iam_arn} (Unity Catalog master role)",
        f"             + the role itself (ExplicitSelfRoleAssumption); external ID {source}",
    ]


def instance_profile_lines(cfg: Config, k: KinesisSide) -> list[str]:
    """Account A in instance-profile mode (role, instance profile, PassRole) and the Databricks half."""
    d = deployment_side(cfg)
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
            f"  cluster    {db.cluster_name!r} ({db.spark_version}), owner {db.single_user_name}",
            f"  notebook   {names.notebook_path(cfg)}"
            + (f"; job {validation_job_name(db.cluster_name)}" if db.job else ""),
        ]
    else:
        lines += ["", "Databricks: disabled (AWS side only)"]
    return lines


def service_credential_lines(cfg: Config, k: KinesisSide) -> list[str]:
    """Account A in service-credential mode (nothing in its AWS) and the credential in Databricks."""
    c = credential_side(cfg)
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
            f"notebook {names.notebook_path(cfg)} (serviceCredential)",
        ]
        if db.job:
            lines.append(
                f"  job {validation_job_name(db.cluster_name)!r}: the notebook on its own job cluster "
                "(make run-validation)"
            )
    else:
        lines += [
            "",
            f"Databricks: disabled (AWS side only); create the service credential for {c.role_arn} "
            f"yourself, presenting the configured external ID",
        ]
    if cfg.aws_endpoint_url:
        lines.append(f"AWS endpoints: {cfg.aws_endpoint_url} (emulator)")
    return [*lines, ""]


def instance_profile_chain(cfg: Config, kinesis: KinesisSide) -> diagram.Chain:
    return diagram.instance_profile_chain(cfg, kinesis, deployment_side(cfg))


def service_credential_chain(cfg: Config, kinesis: KinesisSide) -> diagram.Chain:
    return diagram.service_credential_chain(cfg, kinesis, credential_side(cfg))


def sts_endpoint(cfg: Config) -> str:
    """The notebook's ``stsEndpoint`` (instance-profile mode) as the guide and the Databricks docs write it, a host
    (an https URL in the config is passed as its host[:port]): the configured one, else STS's regional endpoint of
    the workspace's region (``databricks.workspace_region``, by default the streams' region). The connector's
    default is not documented, and a workspace without internet egress reaches STS only through an interface VPC
    endpoint in its own region, which answers to that region's name."""
    configured = cfg.databricks.sts_endpoint
    region = cfg.databricks.workspace_region or cfg.region
    host = configured.removeprefix("https://").rstrip("/") if configured else None
    return host or arns.sts_regional_endpoint(cfg.partition, region)


def instance_profile_reader(cfg: Config) -> list[tuple[str, str]]:
    """The cluster's instance profile assumes B's role: its ARN, a session name, the external ID, STS."""
    kb = cfg.kinesis_account
    opts = [("roleArn", cfg.kinesis_role_arn), ("roleSessionName", "kinesis-xacct-reader")]
    if kb.external_id:
        opts.append(("roleExternalId", kb.external_id))
    return [*opts, ("stsEndpoint", sts_endpoint(cfg))]


def service_credential_reader(cfg: Config) -> list[tuple[str, str]]:
    return [("serviceCredential", names.credential_name(cfg))]


def instance_profile_runbook(cfg: Config) -> dict[str, Any]:
    """B's trust (role | account) and the STS endpoint; no credential to validate."""
    return {
        "validate_credential": "",
        "credential": None,
        "trust": cfg.kinesis_account.trust,
        "sts_endpoint": sts_endpoint(cfg),
    }


def service_credential_runbook(cfg: Config) -> dict[str, Any]:
    """The credential, and the command that validates it after the deploy."""
    credential = credential_side(cfg)
    request = json.dumps({"credential_name": credential.name, "purpose": "SERVICE"})
    return {
        "validate_credential": text.command("databricks", "credentials", "validate-credential", "--json", request),
        "credential": credential,
        "trust": None,
        "sts_endpoint": None,
    }


@dataclass(frozen=True)
class ModeText:
    """A mode's parts of the text."""

    trust_lines: Callable[[Config], list[str]]  # the summary: whom B's role trusts
    summary_lines: Callable[[Config, KinesisSide], list[str]]  # the summary: account A and Databricks
    chain: Callable[[Config, KinesisSide], diagram.Chain]  # the access chain, cluster to B's streams
    chain_head: frozenset[str]  # the chain's nodes that are the consumer's (drawn once per consumer)
    chain_entry: str  # the consumer's node each pair's part of the chain hangs from
    reader: Callable[[Config], list[tuple[str, str]]]  # the reader options that authenticate, first
    runbook: Callable[[Config], dict[str, Any]]  # RUNBOOK.md: validate_credential, credential, trust, sts_endpoint


MODE_TEXT: dict[type[AuthMode], ModeText] = {
    InstanceProfileMode: ModeText(
        trust_lines=instance_profile_trust,
        summary_lines=instance_profile_lines,
        chain=instance_profile_chain,
        chain_head=frozenset({"cluster", "profile", "roleA"}),
        chain_entry="roleA",
        reader=instance_profile_reader,
        runbook=instance_profile_runbook,
    ),
    ServiceCredentialMode: ModeText(
        trust_lines=service_credential_trust,
        summary_lines=service_credential_lines,
        chain=service_credential_chain,
        chain_head=frozenset({"cluster"}),
        chain_entry="cluster",
        reader=service_credential_reader,
        runbook=service_credential_runbook,
    ),
}


def mode_text(mode: AuthMode) -> ModeText:
    return MODE_TEXT[type(mode)]


def access_chain(cfg: Config, kinesis: KinesisSide) -> str:
    """Mermaid source of the config's access chain (the RUNBOOK's "Access chain"), in the config's mode."""
    return diagram.render(mode_text(mode_of(cfg)).chain(cfg, kinesis))
