"""Stale Terraform state locks in the S3 backend: who holds each stack's lock, and how to clear it.

``python -m kinesis_xacct locks [--config CONFIG]`` (``make locks``) reads the lock object Terraform keeps
beside each stack's state (``<key_prefix>/<stack>.tfstate.tflock``, S3-native locking) and prints,
for each lock found, who took it, when, for which operation, and the command that clears it once no
Terraform run is in progress::

    terraform -chdir=cdktf.out/stacks/<stack> force-unlock <ID>

Exit status: 0 no lock held, 3 lock(s) held (printed), 2 bad config, 1 the bucket could not be read.
Credentials come from the environment (as for Terraform); ``backend.role_arn`` is assumed if set and
``aws_endpoint_url`` is honoured. boto3 is imported only when a config with ``backend.type: s3`` is checked.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kinesis_xacct import paths
from kinesis_xacct.config import Config
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.render import text

STACKS = paths.STACKS
LOCK_SUFFIX = ".tflock"  # what Terraform's S3 backend appends to the state key for its lock object
EXIT_LOCKED = 3
EXIT_UNREADABLE = 1


@dataclass(frozen=True)
class StateLock:
    """One held lock: Terraform's LockInfo, as stored in the lock object."""

    stack: str
    key: str
    id: str
    who: str = ""
    operation: str = ""
    created: str = ""
    version: str = ""

    @classmethod
    def from_object(cls, stack: str, key: str, body: bytes) -> StateLock:
        try:
            info: Any = json.loads(body)
        except ValueError:
            info = {}
        info = info if isinstance(info, dict) else {}
        fields = {"id": "ID", "who": "Who", "operation": "Operation", "created": "Created", "version": "Version"}
        return cls(stack, key, **{name: str(info.get(field, "")) for name, field in fields.items()})


def explain(lock: StateLock, bucket: str, outdir: str = "cdktf.out") -> str:
    by = f" by {lock.who}" if lock.who else ""
    since = f" since {lock.created}" if lock.created else ""
    op = f" ({lock.operation})" if lock.operation else ""
    if not lock.id:
        return (
            f"stack {lock.stack}: s3://{bucket}/{lock.key} exists but holds no lock ID; if no Terraform run "
            f"is in progress, delete that object"
        )
    unlock = text.command("terraform", f"-chdir={os.path.join(outdir, 'stacks', lock.stack)}", "force-unlock", lock.id)
    return (
        f"stack {lock.stack}: state locked{by}{since}{op}, lock ID {lock.id}\n"
        f"  if no Terraform run is still in progress (a run that was killed leaves its lock behind), "
        f"clear it with:\n    {unlock}"
    )


def _s3_client(cfg: Config) -> Any:  # a botocore S3 client (untyped)
    import boto3  # only here: `check`/`validate` and synthesis never need it

    region = cfg.backend.region or cfg.region
    endpoint = cfg.aws_endpoint_url
    session = boto3.Session(region_name=region)
    if cfg.backend.role_arn:
        creds = session.client("sts", endpoint_url=endpoint).assume_role(
            RoleArn=cfg.backend.role_arn, RoleSessionName="kinesis-xacct-state-locks"
        )["Credentials"]
        session = boto3.Session(
            region_name=region,
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
    from botocore.config import Config as BotoConfig

    style = {"addressing_style": "path"} if endpoint else {}
    return session.client("s3", endpoint_url=endpoint, config=BotoConfig(s3=style))


def find_locks(cfg: Config, client: Any = None, stacks: Sequence[str] = STACKS) -> list[StateLock]:
    """The locks currently held on the stacks' states (empty for the local backend: the OS releases
    a local state lock when the process holding it ends, so it cannot go stale)."""
    if cfg.backend.type != "s3":
        return []
    client = client or _s3_client(cfg)
    locks = []
    for stack in stacks:
        key = cfg.backend.state_key(stack) + LOCK_SUFFIX
        try:
            body = client.get_object(Bucket=cfg.backend.bucket, Key=key)["Body"].read()
        except client.exceptions.NoSuchKey:
            continue
        locks.append(StateLock.from_object(stack, key, body))
    return locks


def run(config: str, out: str) -> int:
    """The state locks held on every stack of ``config`` (either form: an organisation's stacks share one backend)."""
    from kinesis_xacct.ops.cli import EXIT_CONFIG, load_or_report, stack_names
    from kinesis_xacct.ops.load import first_pair

    if (loaded := load_or_report(config)) is None:
        return EXIT_CONFIG
    cfg = first_pair(loaded)
    if cfg.backend.type != "s3":
        print("backend.type is local: Terraform's local state lock is released when its process ends; nothing to clear")
        return 0
    try:
        locks = find_locks(cfg, stacks=stack_names(loaded))
    except Exception as err:
        print(
            f"cannot read the state locks in s3://{cfg.backend.bucket}/{cfg.backend.key_prefix}/: "
            f"{type(err).__name__}: {err}",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if not locks:
        print(f"no state lock held in s3://{cfg.backend.bucket}/{cfg.backend.key_prefix}/")
        return 0
    for lock in locks:
        print(explain(lock, cfg.backend.bucket or "", out))
    return EXIT_LOCKED


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.ops.state_locks``
    raise SystemExit(as_subcommand("locks"))
