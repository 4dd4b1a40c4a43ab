"""Databricks side (steps 3-5 of the guide): the instance profile's registration and who may use it, a dedicated
cluster, the notebook in a folder of its own, and a job that runs it.

Nothing here can be applied on this machine (no Databricks provider binary): the structure is what the
provider's docs and issue tracker say a real workspace needs; tests/test_stacks.py asserts it on the HCL, and
docs/databricks.md lists every assumption with its source.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kinesis_xacct.cdk.framework import Construct, TerraformResource, databricks, time
from kinesis_xacct.cdk.literal import literal, literal_list
from kinesis_xacct.iam.settings import WorkspaceSettings, access_mode, validation_job_name

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider

NOTEBOOK_NAME = "validate_kinesis"
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
        workspace: WorkspaceSettings,
    ):
        super().__init__(scope, id_)
        self.propagation = time("sleep").Sleep(
            self,
            "iam-propagation",
            provider=time_provider,
            create_duration=f"{workspace.iam_propagation_seconds}s",
            triggers=dict(iam_documents),
            depends_on=list(iam_resources),
        )
        self.instance_profile = databricks("instance_profile").InstanceProfile(
            self,
            "instance-profile",
            provider=provider,
            instance_profile_arn=literal(instance_profile_arn),
            skip_validation=workspace.skip_validation,
            depends_on=[*iam_resources, self.propagation],
        )
        # databricks_group_role (group_instance_profile is deprecated); the group is looked up by display name.
        for i, name in enumerate(literal_list(workspace.groups)):
            group = databricks("data_databricks_group").DataDatabricksGroup(
                self, f"group-{i}", provider=provider, display_name=name
            )
            databricks("group_role").GroupRole(
                self, f"group-{i}-role", provider=provider, group_id=group.id, role=self.instance_profile.id
            )


@dataclass(frozen=True)
class AccessMode:
    """How the validation's clusters run, chosen once for the all-purpose cluster and the job's cluster alike.

    With an instance profile: dedicated access mode (instance profiles are not allowed in standard mode), the
    profile in the cluster's AWS attributes. Without one (service-credential mode): standard access mode, no AWS
    attributes; the notebook reads through the service credential."""

    instance_profile_arn: str | None

    @property
    def data_security_mode(self) -> str:
        return access_mode(self.instance_profile_arn)

    def cluster_settings(self, single_user_name: Callable[[], str]) -> dict[str, Any]:
        """The all-purpose cluster's access settings; a dedicated cluster belongs to ``single_user_name()``."""
        if self.instance_profile_arn is None:
            return dict(data_security_mode=self.data_security_mode)
        return dict(
            data_security_mode=self.data_security_mode,
            single_user_name=single_user_name(),
            aws_attributes=databricks("cluster").ClusterAwsAttributes(instance_profile_arn=self.instance_profile_arn),
        )

    def job_cluster_settings(self) -> dict[str, Any]:
        """The job cluster's access settings (the job runs as its owner)."""
        if self.instance_profile_arn is None:
            return dict(data_security_mode=self.data_security_mode)
        return dict(
            data_security_mode=self.data_security_mode,
            aws_attributes=databricks("job").JobJobClusterNewClusterAwsAttributes(
                instance_profile_arn=self.instance_profile_arn
            ),
        )


class DatabricksKinesisValidation(Construct):
    """A dedicated (single user) cluster with the instance profile, the notebook in a folder of its own with
    permissions for the configured groups, and optionally a job running the notebook on its own job cluster.

    ``instance_profile`` None (service-credential mode): the clusters run in standard access mode
    (``USER_ISOLATION``) without an instance profile; the notebook reads through the service credential, and
    who may read is decided by the credential's grants, not by the cluster. :class:`AccessMode` holds that
    choice, made once."""

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        provider: TerraformProvider,
        instance_profile: TerraformResource | None,
        workspace: WorkspaceSettings,
        notebook_source: str,
        single_user_name: str | None,
    ):
        """``single_user_name``: the dedicated cluster's user (None in standard access mode, even if configured)."""
        super().__init__(scope, id_)
        # Values of the config, as literals (kinesis_xacct.cdk.literal); the references built below stay as they are.
        job_name = literal(validation_job_name(workspace.cluster_name))
        cluster_name, spark_version = literal(workspace.cluster_name), literal(workspace.spark_version)
        groups = literal_list(workspace.groups)
        single_user_name = None if single_user_name is None else literal(single_user_name)
        self._provider = provider
        self.access = AccessMode(
            instance_profile.instance_profile_arn if instance_profile else None  # type: ignore[attr-defined]
        )
        node_type_id = self._node_type(workspace.node_type_id)
        self.cluster = databricks("cluster").Cluster(
            self,
            "cluster",
            provider=provider,
            cluster_name=cluster_name,
            spark_version=spark_version,
            node_type_id=node_type_id,
            num_workers=0,
            autotermination_minutes=workspace.autotermination_minutes,
            # Unpinned all-purpose clusters are deleted 30 days after they terminate (provider #1177, #2227).
            is_pinned=workspace.pin_cluster,
            spark_conf=dict(SINGLE_NODE_CONF),
            custom_tags=dict(SINGLE_NODE_TAGS),
            **self.access.cluster_settings(lambda: _given(single_user_name, "single_user_name")),
        )
        self._add_notebook(workspace.notebook_path, notebook_source)
        if groups:
            self._grant(groups, "folder-permissions", "CAN_RUN", directory_path=self.directory.path)
            # The groups may attach notebooks to the interactive cluster (and so validate with their own identity);
            # CAN_ATTACH_TO is the provider's lowest cluster level (terraform-provider-databricks
            # docs/resources/permissions.md, "Cluster usage": CAN_ATTACH_TO, CAN_RESTART, CAN_MANAGE).
            # The list is authoritative: a dedicated cluster's own user keeps the use of it (CAN_RESTART: attach,
            # start, restart), whoever deploys (docs/resources/permissions.md, access_control user_name).
            user = single_user_name if instance_profile is not None else None
            self._grant(groups, "cluster-permissions", "CAN_ATTACH_TO", user=user, cluster_id=self.cluster.id)
        self.job = None
        if workspace.job:
            self.job = self._add_job(job_name, spark_version, node_type_id)
            if groups:
                self._grant(groups, "job-permissions", "CAN_MANAGE_RUN", job_id=self.job.id)

    def _node_type(self, node_type_id: str | None) -> str:
        """The configured node type as a literal, or the smallest with a local disk (``data.databricks_node_type``)."""
        if node_type_id is not None:
            return literal(node_type_id)
        node_type = databricks("data_databricks_node_type").DataDatabricksNodeType
        found: str = node_type(self, "node-type", provider=self._provider, local_disk=True).id
        return found

    def _add_notebook(self, notebook_path: str | None, notebook_source: str) -> None:
        """The notebook in a folder this stack creates: a path of the config (``databricks.notebook_path``, or the
        home of ``databricks.single_user_name``), never one that depends on who deploys (docs/databricks.md)."""
        path = _given(notebook_path, "notebook_path")
        folder, name = literal(path.rsplit("/", 1)[0]), literal(path.rsplit("/", 1)[1])
        self.directory = databricks("directory").Directory(self, "folder", provider=self._provider, path=folder)
        self.notebook = databricks("notebook").Notebook(
            self,
            "notebook",
            provider=self._provider,
            path=f"{self.directory.path}/{name}",
            language="PYTHON",
            content_base64=base64.b64encode(notebook_source.encode("utf-8")).decode("ascii"),
        )

    def _grant(self, groups: Sequence[str], id_: str, level: str, user: str | None = None, **target: Any) -> None:
        """Authoritative permissions on the folder, the cluster or the job: admins, the deploying identity, these
        groups (and ``user``, a dedicated cluster's own user, with CAN_RESTART).
        On the folder the groups may read and run the notebook, not edit it (CAN_RUN); inherited permissions of
        the parent folder stay, which is why the notebook is never under /Shared (config rules)."""
        permissions = databricks("permissions")
        control = permissions.PermissionsAccessControl
        entries = [control(group_name=g, permission_level=level) for g in groups]
        if user is not None:
            entries.append(control(user_name=user, permission_level="CAN_RESTART"))
        permissions.Permissions(self, id_, provider=self._provider, access_control=entries, **target)

    def _add_job(self, name: str, spark_version: str, node_type_id: str) -> Any:
        """A job running the notebook on its own single-node job cluster, in the same access mode."""
        mod = databricks("job")
        return mod.Job(
            self,
            "job",
            provider=self._provider,
            name=name,
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
                        **self.access.job_cluster_settings(),
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


def _given(value: str | None, key: str) -> str:
    """A value the config rules require here (``databricks.<key>``); None would make a path or an owner depend on
    the identity that deploys, which this construct never does."""
    if value is None:
        raise ValueError(f"databricks.{key} is required here (config rules)")
    return value
