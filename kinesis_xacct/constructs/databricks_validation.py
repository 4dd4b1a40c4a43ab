"""Databricks side (steps 3-5 of the guide): the instance profile's registration and who may use it, a dedicated
cluster, the notebook in a folder of its own, and a job that runs it.

Nothing here can be applied on this machine (no Databricks provider binary): the structure is what the
provider's docs and issue tracker say a real workspace needs; tests/test_stacks.py asserts it on the HCL, and
docs/databricks.md lists every assumption with its source.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kinesis_xacct.cdk.framework import Construct, TerraformResource, databricks, time

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider

NOTEBOOK_NAME = "validate_kinesis"
DEFAULT_FOLDER = "kinesis-xacct"  # below the deploying identity's home when databricks.notebook_path is unset
JOB_CLUSTER_KEY = "validation"
JOB_TIMEOUT_SECONDS = 3600  # the read is bounded; this only ends a run that hangs (e.g. a stalled STS call)
# A single node cluster: Databricks' documented settings for num_workers = 0.
SINGLE_NODE_CONF = {"spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]"}
SINGLE_NODE_TAGS = {"ResourceClass": "SingleNode"}


class InstanceProfileRegistration(Construct):
    """Registers the instance profile once IAM has what Databricks' check needs, and grants it to groups.

    ``databricks_instance_profile`` checks the profile on create with an EC2 dry-run through the workspace's
    cross-account role, and the provider does not retry it (terraform-provider-databricks
    aws/resource_instance_profile.go). The dry-run needs the IAM instance profile, the role's iam:PassRole
    grant and IAM to have propagated both; otherwise "Verification of the instance profile failed"
    (issues #654, #779, #1226, #1805). So the registration depends on ``iam_resources`` (the profile and the
    PassRole grant) and on a ``time_sleep`` after them, the provider guides' own answer to IAM propagation.
    The sleep's triggers are the IAM documents: a change of either re-creates it, so the wait happens again
    before a re-registration.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        provider: TerraformProvider,
        time_provider: TerraformProvider,
        instance_profile_arn: str,
        iam_resources: Sequence[TerraformResource],
        iam_documents: Mapping[str, str],
        propagation_seconds: int,
        skip_validation: bool,
        groups: Sequence[str],
    ):
        super().__init__(scope, id_)
        self.propagation = time("sleep").Sleep(
            self,
            "iam-propagation",
            provider=time_provider,
            create_duration=f"{propagation_seconds}s",
            triggers=dict(iam_documents),
            depends_on=list(iam_resources),
        )
        self.instance_profile = databricks("instance_profile").InstanceProfile(
            self,
            "instance-profile",
            provider=provider,
            instance_profile_arn=instance_profile_arn,
            skip_validation=skip_validation,
            depends_on=[*iam_resources, self.propagation],
        )
        # databricks_group_role (group_instance_profile is deprecated); the group is looked up by display name.
        self.group_roles = []
        for i, name in enumerate(groups):
            group = databricks("data_databricks_group").DataDatabricksGroup(
                self, f"group-{i}", provider=provider, display_name=name
            )
            self.group_roles.append(
                databricks("group_role").GroupRole(
                    self, f"group-{i}-role", provider=provider, group_id=group.id, role=self.instance_profile.id
                )
            )


class DatabricksKinesisValidation(Construct):
    """A dedicated (single user) cluster with the instance profile, the notebook in a folder of its own with
    permissions for the configured groups, and optionally a job running the notebook on its own job cluster.

    ``instance_profile`` None (service-credential mode): the clusters run in standard access mode
    (``USER_ISOLATION``) without an instance profile; the notebook reads through the service credential, and
    who may read is decided by the credential's grants, not by the cluster."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        provider: TerraformProvider,
        instance_profile: TerraformResource | None,
        cluster_name: str,
        notebook_path: str | None,
        notebook_source: str,
        autotermination_minutes: int,
        spark_version: str,
        node_type_id: str | None,
        single_user_name: str | None,
        pin_cluster: bool,
        groups: Sequence[str],
        job: bool,
    ):
        super().__init__(scope, id_)
        self._provider = provider
        self._me = None
        profile_arn = instance_profile.instance_profile_arn if instance_profile else None  # type: ignore[attr-defined]
        if node_type_id is None:
            node_type_id = (
                databricks("data_databricks_node_type")
                .DataDatabricksNodeType(self, "node-type", provider=provider, local_disk=True)
                .id
            )
        cluster = databricks("cluster")
        if profile_arn is not None:
            # Dedicated (single user) access mode: instance profiles are not allowed in standard/shared mode.
            access: dict[str, Any] = dict(
                data_security_mode="SINGLE_USER",
                single_user_name=single_user_name or self.me().user_name,
                aws_attributes=cluster.ClusterAwsAttributes(instance_profile_arn=profile_arn),
            )
        else:
            access = dict(data_security_mode="USER_ISOLATION")  # standard access mode (docs/service-credential.md)
        self.cluster = cluster.Cluster(
            self,
            "cluster",
            provider=provider,
            cluster_name=cluster_name,
            spark_version=spark_version,
            node_type_id=node_type_id,
            num_workers=0,
            autotermination_minutes=autotermination_minutes,
            # Unpinned all-purpose clusters are deleted 30 days after they terminate (provider #1177, #2227).
            is_pinned=pin_cluster,
            spark_conf=dict(SINGLE_NODE_CONF),
            custom_tags=dict(SINGLE_NODE_TAGS),
            **access,
        )

        folder = notebook_path.rsplit("/", 1)[0] if notebook_path else f"{self.me().home}/{DEFAULT_FOLDER}"
        name = notebook_path.rsplit("/", 1)[1] if notebook_path else NOTEBOOK_NAME
        self.directory = databricks("directory").Directory(self, "folder", provider=provider, path=folder)
        self.notebook = databricks("notebook").Notebook(
            self,
            "notebook",
            provider=provider,
            path=f"{self.directory.path}/{name}",
            language="PYTHON",
            content_base64=base64.b64encode(notebook_source.encode("utf-8")).decode("ascii"),
        )
        permissions = databricks("permissions")
        if groups:
            # Authoritative on the folder: admins, the deploying identity and these groups; the groups may read
            # and run the notebook, not edit it (CAN_RUN). Inherited permissions of the parent folder stay,
            # which is why the notebook is never under /Shared (config_rules).
            permissions.Permissions(
                self,
                "folder-permissions",
                provider=provider,
                directory_path=self.directory.path,
                access_control=[
                    permissions.PermissionsAccessControl(group_name=g, permission_level="CAN_RUN") for g in groups
                ],
            )
        self.job = None
        if job:
            mod = databricks("job")
            job_access: dict[str, Any] = (
                dict(data_security_mode="USER_ISOLATION")
                if profile_arn is None
                else dict(
                    data_security_mode="SINGLE_USER",
                    aws_attributes=mod.JobJobClusterNewClusterAwsAttributes(instance_profile_arn=profile_arn),
                )
            )
            self.job = mod.Job(
                self,
                "job",
                provider=provider,
                name=f"{cluster_name}-job",
                max_concurrent_runs=1,
                timeout_seconds=JOB_TIMEOUT_SECONDS,
                job_cluster=[
                    mod.JobJobCluster(
                        job_cluster_key=JOB_CLUSTER_KEY,
                        new_cluster=mod.JobJobClusterNewCluster(
                            spark_version=spark_version,
                            node_type_id=node_type_id,
                            num_workers=0,
                            spark_conf=dict(SINGLE_NODE_CONF),
                            custom_tags=dict(SINGLE_NODE_TAGS),
                            **job_access,
                        ),
                    )
                ],
                task=[
                    mod.JobTask(
                        task_key="validate",
                        job_cluster_key=JOB_CLUSTER_KEY,
                        notebook_task=mod.JobTaskNotebookTask(notebook_path=self.notebook.path),
                    )
                ],
            )
            if groups:
                permissions.Permissions(
                    self,
                    "job-permissions",
                    provider=provider,
                    job_id=self.job.id,
                    access_control=[
                        permissions.PermissionsAccessControl(group_name=g, permission_level="CAN_MANAGE_RUN")
                        for g in groups
                    ],
                )

    def me(self) -> Any:
        """The deploying identity (``databricks_current_user``), looked up once when something needs it."""
        if self._me is None:
            self._me = databricks("data_databricks_current_user").DataDatabricksCurrentUser(
                self, "me", provider=self._provider
            )
        return self._me
