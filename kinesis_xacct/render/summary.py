"""One-screen summary of what a config creates where (``make validate``)."""

from __future__ import annotations

import os

from kinesis_xacct import paths
from kinesis_xacct.config.model import Config
from kinesis_xacct.iam.modes import mode_of
from kinesis_xacct.iam.policies import KinesisSide, kinesis_side
from kinesis_xacct.render.modes import mode_text
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
    lines += mode_text(mode_of(cfg)).summary_lines(cfg, k)
    return printable_lines([*lines, *state_lines(cfg, path)])


def _kinesis_lines(cfg: Config, k: KinesisSide) -> list[str]:
    """Account B: the role, whom it trusts, its access, the streams (at most MAX_STREAM_LINES lines)."""
    kb = cfg.kinesis_account
    lines = [
        f"account B {k.account_id} (stack kinesis-account)",
        f"  role       {k.role_arn}",
        *mode_text(mode_of(cfg)).trust_lines(cfg),
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
