"""Databricks side (steps 3-5 of the guide): instance profile registration, a cluster, the notebook."""
from __future__ import annotations

import base64

from ..cdk import Construct, databricks


class DatabricksKinesisValidation(Construct):
    """Registers the instance profile, starts a dedicated (single user) cluster with it, and adds the
    notebook that reads the streams through the cross-account role."""

    def __init__(self, scope: Construct, id_: str, *, provider, instance_profile_arn: str, cluster_name: str,
                 notebook_path: str, notebook_source: str, autotermination_minutes: int,
                 spark_version: str | None = None, node_type_id: str | None = None,
                 single_user_name: str | None = None, depends_on=()):
        super().__init__(scope, id_)
        self.instance_profile = databricks("instance_profile").InstanceProfile(
            self, "instance-profile", provider=provider, instance_profile_arn=instance_profile_arn,
            depends_on=list(depends_on))
        if spark_version is None:
            spark_version = databricks("data_databricks_spark_version").DataDatabricksSparkVersion(
                self, "spark-version", provider=provider, long_term_support=True).id
        if node_type_id is None:
            node_type_id = databricks("data_databricks_node_type").DataDatabricksNodeType(
                self, "node-type", provider=provider, local_disk=True).id
        if single_user_name is None:
            single_user_name = databricks("data_databricks_current_user").DataDatabricksCurrentUser(
                self, "me", provider=provider).user_name
        cluster = databricks("cluster")
        self.cluster = cluster.Cluster(
            self, "cluster", provider=provider, cluster_name=cluster_name, spark_version=spark_version,
            node_type_id=node_type_id, num_workers=0, autotermination_minutes=autotermination_minutes,
            # Dedicated (single user) access mode: instance profiles are not allowed in standard/shared mode.
            data_security_mode="SINGLE_USER", single_user_name=single_user_name,
            spark_conf={"spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]"},
            custom_tags={"ResourceClass": "SingleNode"},
            aws_attributes=cluster.ClusterAwsAttributes(instance_profile_arn=self.instance_profile.instance_profile_arn))
        self.notebook = databricks("notebook").Notebook(
            self, "notebook", provider=provider, path=notebook_path, language="PYTHON",
            content_base64=base64.b64encode(notebook_source.encode("utf-8")).decode("ascii"))
