"""Our own hint after a plan that failed because something the config says exists does not (docs/existing.md).

The stacks read the workspace role, the existing streams and the given KMS keys as data sources, so Terraform's
plan fails on a wrong name before anything is created, in the provider's words: ``reading IAM Role (<name>):
...``, ``reading Kinesis Stream (<name>): ...``, ``reading KMS Key (<arn>): ...``. Those name the object but not the
config key that named it; :func:`hint_lines` finds the key (``deployment_account.workspace_role_name``,
``kinesis_account.streams.<i>.name``, ``kinesis_account.streams.<i>.kms_key_arn``; in an organisation
``consumers.<c>.workspace_role_name``, ``sources.<s>.streams.<i>.name``, ...) and says it in one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kinesis_xacct.config import Config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.credential_hints import plain, stack_account
from kinesis_xacct.ops.permissions import AWS_ACTIONS

# (kind, the provider's error for a data source that found nothing, or may not read it)
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("role", re.compile(r"reading IAM Role \(([^()\s]+)\)")),
    ("stream", re.compile(r"reading Kinesis Stream \(([^()\s]+)\)")),
    ("key", re.compile(r"reading KMS Key \(([^()\s]+)\)")),
)


@dataclass(frozen=True)
class Missing:
    kind: str  # role, stream or key
    name: str  # as the error names it (a key: its ARN)


def missing(text: str) -> list[Missing]:
    """What the output ``text`` of a failed plan says it could not read, each once, in order."""
    found: list[Missing] = []
    for line in plain(text).splitlines():
        for kind, pattern in PATTERNS:
            for m in pattern.finditer(line):
                if (item := Missing(kind, m[1])) not in found:
                    found.append(item)
    return found


def _line(stack: str, key: str, what: str, where: str, may_not: str, fix: str) -> str:
    return (
        f"hint: {stack}: {key} names {what}, which does not exist in {where} (or the deploying identity may not "
        f"read it: {may_not}); the plan stopped before creating anything. {fix}"
    )


def _hint(cfg: Config, prefix: str, side: str, stack: str, item: Missing) -> str | None:
    if side == "deployment":
        da = cfg.deployment_account
        if item.kind != "role" or da is None or da.workspace_role_name != item.name:
            return None
        return _line(
            stack,
            f"{prefix}.workspace_role_name",
            f"the role {item.name!r}",
            f"account {da.account_id}",
            ", ".join(AWS_ACTIONS["data.aws_iam_role"]),
            "Give the name of the workspace's role (the last part of the role ARN of its credential configuration).",
        )
    kb = cfg.kinesis_account
    where = f"account {kb.account_id}, {cfg.region}"
    for i, s in enumerate(kb.streams):
        if item.kind == "stream" and s.name == item.name and not s.create:
            return _line(
                stack,
                f"{prefix}.streams.{i}.name",
                f"the stream {item.name!r}",
                where,
                ", ".join(AWS_ACTIONS["data.aws_kinesis_stream"]),
                "Give the name of an existing stream, or create: true to have the stack create it.",
            )
        if item.kind == "key" and s.kms_key_arn == item.name:
            return _line(
                stack,
                f"{prefix}.streams.{i}.kms_key_arn",
                f"the KMS key {item.name!r}",
                where,
                "kms:DescribeKey, which the key policy must allow",
                "Give the ARN of the stream's key (aws kinesis describe-stream-summary: KeyId).",
            )
    return None


def hint_lines(cfg: Config | Organisation, stack: str, text: str) -> list[str]:
    """One line per object the failed plan of ``stack`` could not read that a config key names: the key, the
    name and where it was looked for."""
    account = stack_account(cfg, stack)
    if account is None:
        return []
    one, prefix, side = account
    lines = [_hint(one, prefix, side, stack, item) for item in missing(text)]
    return [line for line in lines if line is not None]
