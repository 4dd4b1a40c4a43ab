"""What a config says exists already in a stream account, which the source's stack reads as data sources so that
a plan fails on a wrong name before anything is created (docs/existing.md): the existing streams, and the given
KMS keys the deploying identity may describe.

Pure Python; no cdktf.
"""

from __future__ import annotations

from kinesis_xacct.config.model import Config
from kinesis_xacct.platform import arns


def existing_stream_names(cfg: Config) -> tuple[str, ...]:
    """The streams of account B that this config does not create (``create: false``), in config order."""
    return tuple(s.name for s in cfg.kinesis_account.streams if not s.create)


def describable_key(cfg: Config, key_arn: str) -> bool:
    """Whether account B's deploying identity may describe ``key_arn`` (``kms:DescribeKey``) with the stack's own
    provider: only a key of the stack's partition, region and account. A key elsewhere is described with another
    region's endpoint or another account's key policy, which the stack cannot rely on; it is not read (the config's
    rules refuse such a key today, so this guards what they may allow later)."""
    parts = arns.parse(key_arn)
    return bool(
        parts
        and parts["partition"] == cfg.partition
        and parts["region"] == cfg.region
        and parts["account"] == cfg.kinesis_account.account_id
    )


def described_keys(cfg: Config) -> dict[str, str]:
    """Stream name -> its given KMS key ARN (``kms_key_arn``, existing or created stream), where describable."""
    return {
        s.name: s.kms_key_arn
        for s in cfg.kinesis_account.streams
        if s.kms_key_arn is not None and describable_key(cfg, s.kms_key_arn)
    }
