"""What the config says exists already, read as Terraform data sources: the workspace role (account A), each
existing stream and each given KMS key of account B (docs/existing.md).

Their arguments are literals (no value known only after apply), so Terraform reads them while it plans: a name
that does not exist fails ``terraform plan`` (and the plan of ``apply``) before any resource is created. The
resources that use such a name take it from the data source (the PassRole grant's role) or depend on it (B's role,
whose access policy names the streams and keys), so the order in the graph says the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kinesis_xacct.cdk.framework import Construct, aws
from kinesis_xacct.cdk.literal import literal

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider


def existing_role(scope: Construct, id_: str, provider: TerraformProvider, name: str) -> Any:
    """``data "aws_iam_role"`` of a role this project never manages (iam:GetRole)."""
    return aws("data_aws_iam_role").DataAwsIamRole(scope, id_, provider=provider, name=literal(name))


class ExistingStreams(Construct):
    """The existing streams (``create: false``) of one stream account and their given keys, each read once.

    ``keys``: the given key ARNs to describe (those of the stream account and region: docs/existing.md says why a
    key of another account is not read)."""

    def __init__(
        self, scope: Construct, id_: str, *, provider: TerraformProvider, streams: Sequence[str], keys: Sequence[str]
    ):
        super().__init__(scope, id_)
        stream = aws("data_aws_kinesis_stream").DataAwsKinesisStream
        key = aws("data_aws_kms_key").DataAwsKmsKey
        self.streams = {name: stream(self, f"stream-{name}", provider=provider, name=literal(name)) for name in streams}
        self.keys = {arn: key(self, f"key-{i}", provider=provider, key_id=literal(arn)) for i, arn in enumerate(keys)}
