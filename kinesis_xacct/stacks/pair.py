"""The parts every stack shares (state backend, AWS provider, declared providers, validation) and the
instance-profile consumer stack. They only wire providers and constructs; the documents come from ``iam``."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Any

from kinesis_xacct.cdk.framework import (
    Construct,
    LocalBackend,
    S3Backend,
    S3BackendAssumeRoleConfig,
    S3BackendEndpointConfig,
    TerraformOutput,
    TerraformStack,
    aws,
    databricks,
    require_terraform,
    time,
)
from kinesis_xacct.cdk.literal import literal, literal_map
from kinesis_xacct.constructs.databricks_validation import DatabricksKinesisValidation, InstanceProfileRegistration
from kinesis_xacct.constructs.instance_profile import InstanceProfileRole, PassRoleGrant
from kinesis_xacct.iam.policies import DeploymentSide
from kinesis_xacct.iam.settings import AwsAccess, StackSettings, StateSettings
from kinesis_xacct.platform import versions

if typing.TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider, TerraformResource

# Services whose endpoints aws_endpoint_url redirects (all the stacks and their tests call).
EMULATED_SERVICES = ("iam", "sts", "kinesis", "kms", "s3")


def aws_provider(stack: TerraformStack, access: AwsAccess, *, alias: str, account_id: str) -> Any:
    """One aliased AWS provider, locked to one account (``access.profile``: the AWS shared-config profile it
    uses)."""
    mod = aws("provider")
    kwargs: dict[str, Any] = {}
    if access.profile:
        kwargs["profile"] = literal(access.profile)
    if access.endpoint_url:
        url = literal(access.endpoint_url)
        kwargs.update(
            endpoints=[mod.AwsProviderEndpoints(**{service: url for service in EMULATED_SERVICES})],
            skip_credentials_validation=True,
            skip_metadata_api_check="true",
            skip_region_validation=True,
            skip_requesting_account_id=False,
        )
    if access.deploy_role_arn:
        kwargs["assume_role"] = [
            mod.AwsProviderAssumeRole(role_arn=literal(access.deploy_role_arn), session_name=f"kinesis-xacct-{alias}")
        ]
    if access.tags:
        kwargs["default_tags"] = [mod.AwsProviderDefaultTags(tags=literal_map(access.tags))]
    return mod.AwsProvider(
        stack,
        f"aws-{alias}",
        alias=alias,
        region=literal(access.region),
        allowed_account_ids=[literal(account_id)],
        **kwargs,
    )


def state_backend(stack: TerraformStack, b: StateSettings, *, stack_name: str, state_path: str) -> None:
    """The stack's state: a local file at ``state_path`` (default), or the S3 object
    ``<key_prefix>/<stack>.tfstate`` locked by an S3 lock file (``backend.type: s3``).

    With ``aws_endpoint_url`` the backend talks to the same endpoint as the provider (an emulator):
    path-style addressing, and no AWS-only calls (metadata API, account ID lookup, region list).
    """
    if b.type == "local":
        LocalBackend(stack, path=state_path)
        return
    kwargs: dict[str, Any] = {}
    if b.profile:
        kwargs["profile"] = literal(b.profile)
    if b.role_arn:
        kwargs["assume_role"] = S3BackendAssumeRoleConfig(
            role_arn=literal(b.role_arn), session_name=f"kinesis-xacct-state-{stack_name}"
        )
    if b.endpoint_url:
        url = literal(b.endpoint_url)
        kwargs.update(
            endpoints=S3BackendEndpointConfig(s3=url, sts=url, iam=url),
            use_path_style=True,
            skip_credentials_validation=True,
            skip_metadata_api_check=True,
            skip_region_validation=True,
            skip_requesting_account_id=True,
        )
    S3Backend(
        stack,
        bucket=literal(typing.cast(str, b.bucket)),
        key=literal(b.state_key(stack_name)),
        region=literal(b.region),
        encrypt=b.encrypt,
        **kwargs,
    )
    # CDKTF 0.21's S3BackendConfig predates Terraform 1.10's `use_lockfile`: set it through the escape hatch.
    stack.add_override("terraform.backend.s3.use_lockfile", b.use_lockfile)


# The providers a stack may declare: source -> (local name, version constraint), in the order they are written.
PROVIDERS = {
    versions.AWS_PROVIDER_SOURCE: ("aws", versions.AWS_PROVIDER_CONSTRAINT),
    versions.DATABRICKS_PROVIDER_SOURCE: ("databricks", versions.DATABRICKS_PROVIDER_CONSTRAINT),
    versions.TIME_PROVIDER_SOURCE: ("time", versions.TIME_PROVIDER_CONSTRAINT),
}


class BaseStack(TerraformStack):
    """A stack with its state backend and settings; every stack of the output is one."""

    def __init__(self, scope: Construct, id_: str, settings: StackSettings, *, state_path: str):
        super().__init__(scope, id_)
        self.settings = settings
        require_terraform(self, versions.TERRAFORM_CONSTRAINT)
        state_backend(self, settings.state, stack_name=id_, state_path=state_path)

    def outputs(self, *entries: tuple[str, Any, str]) -> None:
        for name, value, description in entries:
            TerraformOutput(self, name, value=value, description=description)

    def pin_providers(self, sources: Sequence[str]) -> None:
        """``required_providers``: the providers of ``sources`` (their ``PROVIDERS`` order), each with its
        version constraint."""
        for source, (name, constraint) in PROVIDERS.items():
            if source in sources:
                self.add_override(f"terraform.required_providers.{name}", {"source": source, "version": constraint})

    def databricks_provider(self) -> TerraformProvider:
        """The workspace-level Databricks provider (host from the config, its ``~/.databrickscfg`` profile or
        DATABRICKS_HOST; credentials from the environment or that profile only)."""
        db = self.settings.workspace
        kwargs = {"host": literal(db.host)} if db.host else {}
        if db.profile:  # a ~/.databrickscfg section (one per workspace in an organisation config)
            kwargs["profile"] = literal(db.profile)
        provider: TerraformProvider = databricks("provider").DatabricksProvider(self, "databricks", **kwargs)
        return provider

    def validation(
        self,
        provider: TerraformProvider,
        *,
        instance_profile: TerraformResource | None,
        single_user_name: str | None,
        cluster_description: str,
        notebook_source: str,
    ) -> DatabricksKinesisValidation:
        """The validation cluster, notebook and job (both modes), and their outputs. ``notebook_source``: the
        notebook to run."""
        validation = DatabricksKinesisValidation(
            self,
            "databricks-validation",
            provider=provider,
            instance_profile=instance_profile,
            workspace=self.settings.workspace,
            notebook_source=notebook_source,
            single_user_name=single_user_name,
        )
        notebook = "Workspace path of the notebook that validates the Kinesis read"
        self.outputs(
            ("cluster_id", validation.cluster.cluster_id, cluster_description),
            ("notebook_path", validation.notebook.path, notebook),
        )
        if validation.job is not None:
            job = "ID of the job that runs the validation notebook (databricks jobs run-now <job_id>)"
            self.outputs(("job_id", validation.job.id, job))
        return validation


class DeploymentAccountStack(BaseStack):
    """Account A: the instance profile role, PassRole for the workspace, and the Databricks resources."""

    def __init__(
        self,
        scope: Construct,
        settings: StackSettings,
        side: DeploymentSide,
        *,
        state_path: str,
        stack_id: str,
        notebook_source: str,
        providers: Sequence[str],
    ):
        """``stack_id`` and ``notebook_source``: the stack's name, and the notebook reading every stream the
        consumer's pairs grant; ``providers``: the sources of the providers it declares (its mode's)."""
        super().__init__(scope, stack_id, settings, state_path=state_path)
        self.side = side
        self.external_ids: dict[str, str] = {}  # B's trust names this stack's role: it needs no value of it
        provider = aws_provider(self, settings.aws, alias="deployment", account_id=side.account_id)
        unit = InstanceProfileRole(self, "instance-profile-role", provider, side, adopt=settings.adopt_existing)
        passrole = PassRoleGrant(self, "workspace-passrole", provider, side).policy
        self.outputs(
            ("instance_profile_role_arn", unit.role.arn, "ARN of the role Databricks clusters run as (account A)"),
            (
                "instance_profile_arn",
                unit.instance_profile.arn,
                "ARN of the instance profile to register in Databricks",
            ),
        )
        if settings.workspace.enabled:
            self._databricks(side, unit, passrole, notebook_source)
        self.pin_providers(providers)

    def _databricks(self, side: DeploymentSide, unit: InstanceProfileRole, passrole: Any, notebook_source: str) -> None:
        """The instance profile's registration (after IAM has propagated) and the validation resources."""
        db = self.settings.workspace
        dbx_provider = self.databricks_provider()
        time_provider = time("provider").TimeProvider(self, "time")
        registration = InstanceProfileRegistration(
            self,
            "databricks-registration",
            provider=dbx_provider,
            time_provider=time_provider,
            instance_profile_arn=side.instance_profile_arn,
            iam_resources=[unit.instance_profile, passrole],
            # Re-create the wait (and wait again) when what Databricks' check depends on changes.
            iam_documents={
                "instance_profile_role": unit.instance_profile.role,
                "instance_profile_role_trust": unit.role.assume_role_policy,
                "passrole_policy": passrole.policy,
            },
            workspace=db,
        )
        self.validation(
            dbx_provider,
            instance_profile=registration.instance_profile,
            single_user_name=db.single_user_name,
            cluster_description="ID of the Databricks cluster that runs with the instance profile",
            notebook_source=notebook_source,
        )


def state_path(stack: str, state_dir: str) -> str:
    """The stack's local state file: ``terraform.<stack>.tfstate`` in the config's state folder, ``state_dir``
    relative to the stack's folder ``<out>/stacks/<stack>`` (``paths.state_dir_from_stack``).

    The state belongs to the config (beside the config file), not to the output folder: the same config finds its
    state from any output folder, no two configs share a file, and a new synthesis, which replaces the output
    folder, never removes state.
    """
    return f"{state_dir}/terraform.{stack}.tfstate"
