"""The validation's checkpoints in service-credential mode: a managed Unity Catalog volume this stack creates in an
existing catalog and schema, and the groups' grants on it.

Standard access mode (the service-credential clusters) refuses Spark access to the driver's local disk
(``WorkspaceLocalFileSystem - local filesystem access is forbidden``), and Databricks puts the checkpoints of Unity
Catalog workloads in Unity Catalog storage ("Using Unity Catalog with Structured Streaming",
https://docs.databricks.com/aws/en/structured-streaming/unity-catalog). So the notebook checkpoints in a folder of
its run in this volume, which it removes when the reads end (docs/service-credential.md).

Sources: ``databricks_volume`` (``name``, ``catalog_name``, ``schema_name``, ``volume_type`` MANAGED, ``comment``;
``id`` is ``<catalog>.<schema>.<name>``, ``volume_path`` is ``/Volumes/<catalog>/<schema>/<name>``) and
``databricks_grants`` with ``volume`` (privileges ``READ_VOLUME``, ``WRITE_VOLUME``),
terraform-provider-databricks docs/resources/volume.md and docs/resources/grants.md ("Volume grants").

The volume is this stack's own, so its grants are authoritative (``databricks_grants``: exactly these). The
catalog and the schema are not: ``databricks_grants`` would replace every grant on them and ``databricks_grant``
every privilege of a group on them (docs/resources/grant.md: "will OVERWRITE any existing grants for the
principal"), so this stack grants nothing there; the RUNBOOK prints the additive ``GRANT USE CATALOG`` /
``GRANT USE SCHEMA`` statements the groups need.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kinesis_xacct.cdk.framework import Construct, databricks
from kinesis_xacct.cdk.literal import literal
from kinesis_xacct.constructs.service_credential import unity_catalog_grants
from kinesis_xacct.iam.settings import VOLUME_PRIVILEGES, volume_parts

__all__ = ["COMMENT", "VOLUME_PRIVILEGES", "CheckpointVolume"]

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider

COMMENT = "kinesis-xacct: streaming checkpoints of the Kinesis validation notebook (one folder per run, removed after)"


class CheckpointVolume(Construct):
    """A managed volume at ``path`` and, when there are groups, their READ_VOLUME and WRITE_VOLUME on it (the job's
    identity, the identity that deploys, owns the volume it creates and needs no grant)."""

    def __init__(self, scope: Construct, id_: str, *, provider: TerraformProvider, path: str, groups: Sequence[str]):
        super().__init__(scope, id_)
        catalog, schema, name = volume_parts(path)
        self.volume = databricks("volume").Volume(
            self,
            "volume",
            provider=provider,
            name=literal(name),
            catalog_name=literal(catalog),
            schema_name=literal(schema),
            volume_type="MANAGED",
            comment=COMMENT,
        )
        self.grants = unity_catalog_grants(self, provider, groups, VOLUME_PRIVILEGES, volume=self.volume.id)
