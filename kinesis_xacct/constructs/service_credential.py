"""Databricks side of the service-credential mode: a Unity Catalog service credential wrapping account B's role,
its grants, and a cluster + notebook that read the streams through it. Nothing here is in A's AWS account.

Sources: ``databricks_credential`` (provider >= 1.60; purpose SERVICE, ``aws_iam_role { role_arn }``, computed
``aws_iam_role[0].external_id``, ``skip_validation``) and ``databricks_grants`` (``credential``; privilege
``ACCESS``), terraform-provider-databricks docs/resources/credential.md and grants.md. Access mode of the
cluster: standard (``USER_ISOLATION``), see docs/service-credential.md for why and the sources.
"""
from __future__ import annotations

import base64
from collections.abc import Sequence

from ..cdk import Construct, databricks


class ServiceCredential(Construct):
    """The credential (purpose SERVICE) and, for each group, a grant of ``privileges`` on it."""

    def __init__(self, scope: Construct, id_: str, *, provider, name: str, role_arn: str, comment: str,
                 groups: Sequence[str] = (), privileges: Sequence[str] = ("ACCESS",), skip_validation: bool = True):
        super().__init__(scope, id_)
        mod = databricks("credential")
        # The role ARN is a string, not a reference: B's role is created after the credential (its trust needs
        # the credential's external ID), the order the provider's Unity Catalog guide gives for this cycle.
        self.credential = mod.Credential(
            self, "credential", provider=provider, name=name, purpose="SERVICE", comment=comment,
            aws_iam_role=mod.CredentialAwsIamRole(role_arn=role_arn), skip_validation=skip_validation)
        self.grants = None
        if groups:
            grants = databricks("grants")
            self.grants = grants.Grants(
                self, "grants", provider=provider, credential=self.credential.name,
                grant=[grants.GrantsGrant(principal=group, privileges=list(privileges)) for group in groups])

    @property
    def external_id(self) -> str:
        """The ``sts:ExternalId`` Databricks passes when it assumes the role (computed at creation)."""
        return self.credential.aws_iam_role.external_id


class ServiceCredentialValidation(Construct):
    """A standard access mode cluster (no instance profile) and the notebook that reads every stream with
    ``serviceCredential``."""

    def __init__(self, scope: Construct, id_: str, *, provider, cluster_name: str, notebook_path: str,
                 notebook_source: str, autotermination_minutes: int, spark_version: str | None = None,
                 node_type_id: str | None = None):
        super().__init__(scope, id_)
        if spark_version is None:
            # Latest LTS: 16.4 LTS and later, above the 16.1 the serviceCredential option needs.
            spark_version = databricks("data_databricks_spark_version").DataDatabricksSparkVersion(
                self, "spark-version", provider=provider, long_term_support=True).id
        if node_type_id is None:
            node_type_id = databricks("data_databricks_node_type").DataDatabricksNodeType(
                self, "node-type", provider=provider, local_disk=True).id
        self.cluster = databricks("cluster").Cluster(
            self, "cluster", provider=provider, cluster_name=cluster_name, spark_version=spark_version,
            node_type_id=node_type_id, num_workers=0, autotermination_minutes=autotermination_minutes,
            # Standard (formerly shared) access mode: the credential's ACCESS grants decide who reads, not
            # the cluster; Databricks recommends standard mode and service credentials for shared compute.
            data_security_mode="USER_ISOLATION",
            spark_conf={"spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]"},
            custom_tags={"ResourceClass": "SingleNode"})
        self.notebook = databricks("notebook").Notebook(
            self, "notebook", provider=provider, path=notebook_path, language="PYTHON",
            content_base64=base64.b64encode(notebook_source.encode("utf-8")).decode("ascii"))
