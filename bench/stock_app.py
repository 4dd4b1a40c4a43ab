#!/usr/bin/env python
"""The benchmark's baseline: a stock CDKTF Python app declaring the same resources as kinesis-xacct.

Written the way the CDKTF documentation writes apps: provider classes imported the normal way (each
``from cdktf_cdktf_provider_aws.<submodule> import <Class>`` runs the provider package's ``__init__``,
which imports all of its submodules). The policy documents, names and notebook come from the project's
pure-Python builders (no cdktf there), so both apps write the same documents into the same resources;
bench/run.py checks that the two outputs declare the same resources.

XACCT_CONFIG names the config, CDKTF_OUTDIR the output folder (as for main.py).
"""

from __future__ import annotations

import base64
import os

from cdktf import App, LocalBackend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_iam_role import DataAwsIamRole
from cdktf_cdktf_provider_aws.iam_instance_profile import IamInstanceProfile
from cdktf_cdktf_provider_aws.iam_policy import IamPolicy
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policies_exclusive import IamRolePoliciesExclusive
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.iam_role_policy_attachments_exclusive import IamRolePolicyAttachmentsExclusive
from cdktf_cdktf_provider_aws.kinesis_stream import KinesisStream, KinesisStreamStreamModeDetails
from cdktf_cdktf_provider_aws.kms_alias import KmsAlias
from cdktf_cdktf_provider_aws.kms_key import KmsKey
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags

from kinesis_xacct.config import names
from kinesis_xacct.iam.policies import deployment_side, kinesis_side
from kinesis_xacct.iam.settings import validation_job_name
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.render.templates import render_notebook


def aws_provider(stack, cfg, alias: str, account_id: str) -> AwsProvider:
    tags = [AwsProviderDefaultTags(tags=dict(cfg.tags))] if cfg.tags else None
    return AwsProvider(
        stack, f"aws-{alias}", alias=alias, region=cfg.region, allowed_account_ids=[account_id], default_tags=tags
    )


def main() -> None:
    cfg = load_config(os.environ.get("XACCT_CONFIG", "config/example.yaml"))
    outdir = os.environ.get("CDKTF_OUTDIR", "cdktf.out")
    kin, dep = kinesis_side(cfg), deployment_side(cfg)
    app = App(outdir=outdir)

    a = TerraformStack(app, "deployment-account")
    LocalBackend(a, path="../../../terraform.deployment-account.tfstate")
    provider_a = aws_provider(a, cfg, "deployment", dep.account_id)
    role_a = IamRole(
        a,
        "instance-profile-role",
        provider=provider_a,
        name=dep.role_name,
        assume_role_policy=dep.trust_policy.to_json(),
        max_session_duration=3600,
        description="kinesis-xacct: Databricks cluster role that assumes the Kinesis account's role",
    )
    assume = IamRolePolicy(
        a,
        "instance-profile-role-policy",
        provider=provider_a,
        name="assume-kinesis-account-role",
        role=role_a.name,
        policy=dep.assume_policy.to_json(),
    )
    IamRolePoliciesExclusive(
        a, "instance-profile-role-inline", provider=provider_a, role_name=role_a.name, policy_names=[assume.name]
    )
    IamRolePolicyAttachmentsExclusive(
        a, "instance-profile-role-attached", provider=provider_a, role_name=role_a.name, policy_arns=[]
    )
    profile = IamInstanceProfile(
        a, "instance-profile", provider=provider_a, name=dep.instance_profile_name, role=role_a.name
    )
    # the workspace's role exists before: read at plan time (a mistyped name fails the plan), as the project does
    workspace_role = DataAwsIamRole(a, "workspace-role", provider=provider_a, name=dep.workspace_role_name)
    passrole = IamRolePolicy(
        a,
        "workspace-passrole",
        provider=provider_a,
        name=dep.passrole_policy_name,
        role=workspace_role.name,
        policy=dep.passrole_policy.to_json(),
    )
    TerraformOutput(a, "instance_profile_role_arn", value=role_a.arn)
    TerraformOutput(a, "instance_profile_arn", value=profile.arn)
    db = cfg.databricks
    if db.enabled:
        from cdktf_cdktf_provider_databricks.cluster import Cluster, ClusterAwsAttributes
        from cdktf_cdktf_provider_databricks.data_databricks_group import DataDatabricksGroup
        from cdktf_cdktf_provider_databricks.data_databricks_node_type import DataDatabricksNodeType
        from cdktf_cdktf_provider_databricks.directory import Directory
        from cdktf_cdktf_provider_databricks.group_role import GroupRole
        from cdktf_cdktf_provider_databricks.instance_profile import InstanceProfile
        from cdktf_cdktf_provider_databricks.job import (
            Job,
            JobJobCluster,
            JobJobClusterNewCluster,
            JobJobClusterNewClusterAwsAttributes,
            JobTask,
            JobTaskNotebookTask,
        )
        from cdktf_cdktf_provider_databricks.notebook import Notebook
        from cdktf_cdktf_provider_databricks.permissions import Permissions, PermissionsAccessControl
        from cdktf_cdktf_provider_databricks.provider import DatabricksProvider
        from cdktf_cdktf_provider_time.provider import TimeProvider
        from cdktf_cdktf_provider_time.sleep import Sleep

        dbx = DatabricksProvider(a, "databricks", **({"host": db.host} if db.host else {}))
        clock = TimeProvider(a, "time")
        wait = Sleep(
            a,
            "iam-propagation",
            provider=clock,
            create_duration=f"{db.iam_propagation_seconds}s",
            triggers={
                "instance_profile_role": profile.role,
                "instance_profile_role_trust": role_a.assume_role_policy,
                "passrole_policy": passrole.policy,
            },
            depends_on=[profile, passrole],
        )
        registered = InstanceProfile(
            a,
            "databricks-instance-profile",
            provider=dbx,
            instance_profile_arn=dep.instance_profile_arn,
            skip_validation=db.skip_validation,
            depends_on=[profile, passrole, wait],
        )
        for i, name in enumerate(db.groups):
            group = DataDatabricksGroup(a, f"group-{i}", provider=dbx, display_name=name)
            GroupRole(a, f"group-{i}-role", provider=dbx, group_id=group.id, role=registered.id)
        node = db.node_type_id or DataDatabricksNodeType(a, "node-type", provider=dbx, local_disk=True).id
        # the cluster's user and the notebook's folder come from the config, never from who deploys
        user = db.single_user_name
        single_node = {"spark.databricks.cluster.profile": "singleNode", "spark.master": "local[*]"}
        cluster = Cluster(
            a,
            "cluster",
            provider=dbx,
            cluster_name=db.cluster_name,
            spark_version=db.spark_version,
            node_type_id=node,
            num_workers=0,
            autotermination_minutes=db.autotermination_minutes,
            data_security_mode="SINGLE_USER",
            single_user_name=user,
            is_pinned=db.pin_cluster,
            spark_conf=single_node,
            custom_tags={"ResourceClass": "SingleNode"},
            aws_attributes=ClusterAwsAttributes(instance_profile_arn=registered.instance_profile_arn),
        )
        path = names.notebook_path(cfg)
        assert path is not None, "dedicated access mode names the notebook's path or its user (config rules)"
        folder_path, notebook_name = path.rsplit("/", 1)
        folder = Directory(a, "folder", provider=dbx, path=folder_path)
        notebook = Notebook(
            a,
            "notebook",
            provider=dbx,
            path=f"{folder.path}/{notebook_name}",
            language="PYTHON",
            content_base64=base64.b64encode(render_notebook(cfg).encode()).decode("ascii"),
        )
        if db.groups:
            Permissions(
                a,
                "folder-permissions",
                provider=dbx,
                directory_path=folder.path,
                access_control=[PermissionsAccessControl(group_name=g, permission_level="CAN_RUN") for g in db.groups],
            )
        TerraformOutput(a, "cluster_id", value=cluster.cluster_id)
        TerraformOutput(a, "notebook_path", value=notebook.path)
        if db.job:
            job = Job(
                a,
                "job",
                provider=dbx,
                name=validation_job_name(db.cluster_name),
                max_concurrent_runs=1,
                timeout_seconds=3600,
                job_cluster=[
                    JobJobCluster(
                        job_cluster_key="validation",
                        new_cluster=JobJobClusterNewCluster(
                            spark_version=db.spark_version,
                            node_type_id=node,
                            num_workers=0,
                            data_security_mode="SINGLE_USER",
                            spark_conf=single_node,
                            custom_tags={"ResourceClass": "SingleNode"},
                            aws_attributes=JobJobClusterNewClusterAwsAttributes(
                                instance_profile_arn=registered.instance_profile_arn
                            ),
                        ),
                    )
                ],
                task=[
                    JobTask(
                        task_key="validate",
                        job_cluster_key="validation",
                        notebook_task=JobTaskNotebookTask(notebook_path=notebook.path),
                    )
                ],
            )
            if db.groups:
                Permissions(
                    a,
                    "job-permissions",
                    provider=dbx,
                    job_id=job.id,
                    access_control=[
                        PermissionsAccessControl(group_name=g, permission_level="CAN_MANAGE_RUN") for g in db.groups
                    ],
                )
            TerraformOutput(a, "job_id", value=job.id)

    b = TerraformStack(app, "kinesis-account")
    LocalBackend(b, path="../../../terraform.kinesis-account.tfstate")
    provider_b = aws_provider(b, cfg, "kinesis", kin.account_id)
    role_b = IamRole(
        b,
        "cross-account-role",
        provider=provider_b,
        name=kin.role_name,
        assume_role_policy=kin.trust_policy.to_json(),
        max_session_duration=3600,
        description=f"kinesis-xacct: assumed from account {cfg.deployment_account.account_id}",
    )
    inline, attached = [], []
    if kin.inline_access_policy is not None:
        inline.append(
            IamRolePolicy(
                b,
                "cross-account-role-policy",
                provider=provider_b,
                name=kin.role_name,
                role=role_b.name,
                policy=kin.inline_access_policy.to_json(),
            ).name
        )
    for i, arn in enumerate(kin.managed_policy_arns):
        attached.append(
            IamRolePolicyAttachment(b, f"managed-{i}", provider=provider_b, role=role_b.name, policy_arn=arn).policy_arn
        )
    for name, doc in kin.customer_policies:
        policy = IamPolicy(b, f"policy-{name}", provider=provider_b, name=name, policy=doc.to_json())
        attached.append(
            IamRolePolicyAttachment(
                b, f"attach-{name}", provider=provider_b, role=role_b.name, policy_arn=policy.arn
            ).policy_arn
        )
    IamRolePoliciesExclusive(
        b, "cross-account-role-inline", provider=provider_b, role_name=role_b.name, policy_names=inline
    )
    IamRolePolicyAttachmentsExclusive(
        b, "cross-account-role-attached", provider=provider_b, role_name=role_b.name, policy_arns=attached
    )
    created_keys = {}
    for s in kin.created_streams:
        key_arn = s.kms_key_arn
        if key_arn is None:
            key = KmsKey(
                b,
                f"key-{s.name}",
                provider=provider_b,
                enable_key_rotation=True,
                deletion_window_in_days=30,
                policy=s.key_policy.to_json(),
                depends_on=[role_b],
                description=f"kinesis-xacct: server-side encryption of stream {s.name}",
            )
            KmsAlias(
                b,
                f"alias-{s.name}",
                provider=provider_b,
                name=f"alias/kinesis-xacct/{s.name}",
                target_key_id=key.key_id,
            )
            key_arn = created_keys[s.name] = key.arn
        shards = {"shard_count": s.shard_count} if s.shard_count is not None else {}
        KinesisStream(
            b,
            f"stream-{s.name}",
            provider=provider_b,
            name=s.name,
            **shards,
            retention_period=s.retention_hours,
            encryption_type="KMS",
            kms_key_id=key_arn,
            enforce_consumer_deletion=True,
            stream_mode_details=KinesisStreamStreamModeDetails(stream_mode=s.mode),
        )
    TerraformOutput(b, "kinesis_role_arn", value=role_b.arn)
    TerraformOutput(b, "stream_arns", value=list(kin.stream_arns))
    if created_keys:
        TerraformOutput(b, "kms_key_arns", value=created_keys)
    b.add_dependency(a)
    app.synth()


if __name__ == "__main__":
    main()
