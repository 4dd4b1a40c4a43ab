"""One-screen summary of what a config creates where (``make validate``)."""
from __future__ import annotations

from .config import Config
from .policies import deployment_side, kinesis_side


def summary(cfg: Config, path: str) -> str:
    k, d = kinesis_side(cfg), deployment_side(cfg)
    kb = cfg.kinesis_account
    lines = [
        f"config {path}: valid",
        f"partition {cfg.partition}, region {cfg.region}",
        "",
        f"account B {k.account_id} (stack kinesis-account)",
        f"  role       {k.role_arn}",
        f"  trusts     {'role ' + d.role_arn if kb.trust == 'role' else 'account ' + d.account_id}"
        f"{' + ec2.amazonaws.com' if kb.trust_ec2_service else ''}"
        f"{' (external ID required)' if kb.external_id else ''}",
        f"  access     {kb.access}"
        + (f" (managed: {', '.join(k.managed_policy_arns)})" if k.managed_policy_arns else
           f" (inline: {', '.join(s.sid for s in k.access_policy.statements)})"),
    ]
    for s in kb.streams:
        how = "created, SSE-KMS" if s.create else "existing"
        lines.append(f"  stream     {cfg.stream_arn(s.name)} ({how})")
    lines += [
        "",
        f"account A {d.account_id} (stack deployment-account, deployed first)",
        f"  role       {d.role_arn} (trusted by EC2; may assume {k.role_arn})",
        f"  profile    {d.instance_profile_arn}",
        f"  PassRole   inline policy {d.passrole_policy_name} on existing role {d.workspace_role_name}",
    ]
    db = cfg.databricks
    if db.enabled:
        lines += ["", f"Databricks: instance profile, cluster {db.cluster_name!r}, notebook {db.notebook_path}"]
    else:
        lines += ["", "Databricks: disabled (AWS side only)"]
    lines += ["", _state_line(cfg)]
    return "\n".join(lines)


def _state_line(cfg: Config) -> str:
    b = cfg.backend
    if b.type == "local":
        return "state: local files terraform.<stack>.tfstate at the project root"
    lock = "S3 lock file" if b.use_lockfile else "NO locking (use_lockfile: false)"
    via = f", via role {b.role_arn}" if b.role_arn else ""
    return f"state: s3://{b.bucket}/{b.state_key('<stack>')} in {b.region or cfg.region} ({lock}{via})"
