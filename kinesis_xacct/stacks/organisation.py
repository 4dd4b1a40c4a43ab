"""The organisation's stacks, one per account: ``kinesis-account-<source>`` and ``deployment-account-<consumer>``.

They only wire: the sides come from ``iam.mesh`` (each pair's side is what today's one-pair builders compute),
the constructs are today's. A consumer in instance-profile mode is today's deployment-account stack with the
union of its pairs' assume statements; in service-credential mode one credential per pair. A source's stack
holds one role per reading consumer and its created streams once, and comes after the consumer stacks it
trusts (instance-profile: its trust names their roles; service-credential: the credential's external ID
crosses stacks).
"""

from __future__ import annotations

import typing
from typing import Any

from kinesis_xacct.cdk.framework import Construct, TerraformOutput, TerraformStack, checkov_skip, databricks
from kinesis_xacct.cdk.literal import literal, literal_list
from kinesis_xacct.constructs.checkpoint_volume import CheckpointVolume
from kinesis_xacct.constructs.existing import ExistingStreams
from kinesis_xacct.constructs.kinesis_access import CrossAccountRole, EncryptedStream
from kinesis_xacct.constructs.service_credential import ServiceCredential
from kinesis_xacct.iam.mesh import ConsumerSide, PairSides, SourceSide
from kinesis_xacct.iam.settings import StackSettings
from kinesis_xacct.paths import StackNaming
from kinesis_xacct.platform import versions
from kinesis_xacct.stacks.pair import BaseStack, aws_provider, state_backend, state_path

if typing.TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider


class SourceStack(BaseStack):
    """A stream account: one role per consumer that reads it, its created streams and keys once. Named by
    ``naming``: a one-pair config's ``kinesis-account`` keeps its one-pair construct IDs and outputs."""

    def __init__(
        self,
        scope: Construct,
        settings: StackSettings,
        side: SourceSide,
        *,
        naming: StackNaming,
        state_path: str,
        external_ids: dict[str, str],
    ):
        """``settings``: the source's (provider, region, tags); ``external_ids``: consumer -> the value (a
        reference to the consumer's stack) replacing its pair's external ID placeholder."""
        super().__init__(scope, naming.source_stack(side.name), settings, state_path=state_path)
        self.side = side
        provider = aws_provider(self, settings.aws, alias="kinesis", account_id=side.account_id)
        self.existing = ExistingStreams(
            self,
            "existing",
            provider=provider,
            streams=side.existing_streams,
            keys=sorted(set(side.stream_keys.values())),
        )
        roles = {ps.pair.consumer: self._role(ps, provider, naming, external_ids) for ps in side.pairs}
        created_keys = {}
        for stream in side.created_streams:
            key = side.stream_keys.get(stream.name)
            unit = EncryptedStream(
                self,
                f"stream-{stream.name}",
                provider=provider,
                stream=stream,
                depends_on=[roles[c] for c in side.readers[stream.name]],
                adopt=settings.adopt_existing,
                given_key=self.existing.keys[key] if key else None,
            )
            if unit.key_arn is not None:
                created_keys[stream.name] = unit.key_arn
        self._outputs(roles, created_keys, naming.one_pair)
        self.pin_providers((versions.AWS_PROVIDER_SOURCE,))

    def _role(
        self, ps: PairSides, provider: TerraformProvider, naming: StackNaming, external_ids: dict[str, str]
    ) -> Any:
        """The pair's cross-account role (the external ID reference put into its trust policy), with its checkov
        skips."""
        k, consumer = ps.kinesis, ps.pair.consumer
        if (consumer in external_ids) != (k.external_id_placeholder is not None):
            raise ValueError("an external ID reference is needed exactly when the trust policy has a placeholder")
        substitutions = {k.external_id_placeholder: external_ids[consumer]} if k.external_id_placeholder else {}
        role = CrossAccountRole(
            self,
            naming.role_id(consumer),
            provider,
            k.role_spec,
            adopt=self.settings.adopt_existing,
            trust_substitutions=substitutions,
            depends_on=self._existing_of(ps),
        ).role
        for skip in ps.role_skips:
            checkov_skip(role, skip.check_id, skip.reason)
        return role

    def _existing_of(self, ps: PairSides) -> list[Any]:
        """The data sources of the existing streams and given keys the pair's role names (its documents)."""
        names = [arn.rsplit("/", 1)[-1] for arn in ps.kinesis.stream_arns]
        streams = [self.existing.streams[n] for n in names if n in self.existing.streams]
        keys = {self.side.stream_keys[n] for n in names if n in self.side.stream_keys}
        return streams + [self.existing.keys[k] for k in sorted(keys)]

    def _outputs(self, roles: dict[str, Any], created_keys: dict[str, str], one_pair: bool) -> None:
        """The role ARN(s), stream ARNs and created keys; a one-pair config's under its one-pair names."""
        if one_pair:
            (role,) = roles.values()
            role_output = (
                "kinesis_role_arn",
                role.arn,
                "ARN of the role in the Kinesis account (B) that account A assumes; the notebook's roleArn",
            )
            streams = "ARNs of the Kinesis streams the role may use"
            keys = (
                "stream name -> ARN of the KMS key this stack created for it. Producers writing to such a "
                "stream need kms:GenerateDataKey on this key ARN (an alias cannot be the Resource of an IAM "
                "policy); see RUNBOOK.md"
            )
        else:
            role_arns = {consumer: role.arn for consumer, role in roles.items()}
            role_output = ("kinesis_role_arns", role_arns, "consumer -> ARN of its pair's role in this stream account")
            streams = "ARNs of this source's Kinesis streams"
            keys = (
                "stream name -> ARN of the KMS key this stack created for it (producers need kms:GenerateDataKey on it)"
            )
        self.outputs(role_output, ("stream_arns", literal_list(self.side.stream_arns), streams))
        if created_keys:
            self.outputs(("kms_key_arns", created_keys, keys))


class CredentialConsumerStack(BaseStack):
    """A workspace in service-credential mode: one Unity Catalog service credential per pair, the validation
    cluster, notebook and job; nothing in its AWS account. Named by ``naming`` (a one-pair config's
    ``deployment-account`` keeps its one-pair construct IDs and outputs)."""

    def __init__(
        self,
        scope: Construct,
        settings: StackSettings,
        side: ConsumerSide,
        naming: StackNaming,
        state_path: str,
        notebook_source: str,
    ):
        super().__init__(scope, naming.consumer_stack(side.name), settings, state_path=state_path)
        self.side = side
        self.external_ids: dict[str, str] = {}  # source -> external ID (configured, or the credential's)
        self._per_pair_output(
            naming,
            "credential_role_arn",
            {ps.pair.source: literal(ps.kinesis.role_arn) for ps in side.pairs},
            "ARN of account B's role that the service credential wraps",
            "source -> ARN of the pair's role that the pair's service credential wraps",
        )
        if settings.workspace.enabled:
            dbx_provider = self.databricks_provider()
            units, self.external_ids = pair_credentials(self, dbx_provider, side, naming)
            self._per_pair_output(
                naming,
                "service_credential_name",
                {source: unit.credential.name for source, unit in units.items()},
                "Unity Catalog service credential the notebook reads with",
                "source -> Unity Catalog service credential the notebook reads that source with",
            )
            self.validation(
                dbx_provider,
                instance_profile=None,
                single_user_name=None,
                cluster_description="ID of the standard access mode Databricks cluster for the validation",
                notebook_source=notebook_source,
            )
            volume = settings.workspace.checkpoint_volume
            assert volume is not None  # config rules: required in service-credential mode with databricks.enabled
            checkpoints = CheckpointVolume(
                self, "checkpoint-volume", provider=dbx_provider, path=volume, groups=settings.workspace.groups
            )
            what = "Unity Catalog volume of the validation's streaming checkpoints (a folder per run)"
            self.outputs(("checkpoint_volume", checkpoints.volume.volume_path, what))
        self.pin_providers(side.mode.consumer_providers(settings.workspace.enabled))

    def _per_pair_output(
        self, naming: StackNaming, name: str, by_source: dict[str, Any], one_pair: str, description: str
    ) -> None:
        """One value per pair: a one-pair config's output ``name`` (its one value, described by ``one_pair``),
        else ``<name>s``, source -> value."""
        if naming.one_pair:
            (value,) = by_source.values()
            self.outputs((name, value, one_pair))
        else:
            self.outputs((f"{name}s", by_source, description))


def pair_credentials(
    scope: Construct, provider: Any, side: ConsumerSide, naming: StackNaming
) -> tuple[dict[str, ServiceCredential], dict[str, str]]:
    """One Unity Catalog service credential per pair of a service-credential consumer, and the pair's external ID
    (configured, or the credential's: a reference to this stack), each by source."""
    units, external_ids = {}, {}
    for ps in side.pairs:
        credential = ps.credential
        assert credential is not None  # service-credential mode: mesh gives every pair a credential
        unit = ServiceCredential(scope, naming.credential_id(ps.pair.source), provider, credential)
        units[ps.pair.source] = unit
        external_ids[ps.pair.source] = credential.external_id or unit.external_id
    return units, external_ids


class ConsumerStandIn(TerraformStack):
    """A consumer's stack as a selected source stack sees it (``make synth STACKS=``): same name and backend, and
    with ``credentials`` (its mode's choice, ``stacks.modes``) the same credentials, whose external IDs the
    source's trust references. Built, never written."""

    def __init__(
        self,
        scope: Construct,
        settings: StackSettings,
        side: ConsumerSide,
        *,
        naming: StackNaming,
        state_dir: str,
        credentials: bool,
    ):
        sid = naming.consumer_stack(side.name)
        super().__init__(scope, sid)
        # the same backend: a source reads the credentials' external IDs through terraform_remote_state of it
        state_backend(self, settings.state, stack_name=sid, state_path=state_path(sid, state_dir))
        self.external_ids: dict[str, str] = {}
        if credentials and settings.workspace.enabled:
            provider = databricks("provider").DatabricksProvider(self, "databricks")
            _, self.external_ids = pair_credentials(self, provider, side, naming)


class SourceStandIn(TerraformStack):
    """A source's stack as a selected service-credential consumer sees it: it references the consumer's
    credentials' external IDs (which makes them outputs of the consumer's stack). Built, never written."""

    def __init__(self, scope: Construct, side: SourceSide, external_ids: dict[str, str], naming: StackNaming):
        super().__init__(scope, naming.source_stack(side.name))
        for consumer, external_id in external_ids.items():
            TerraformOutput(self, f"external-id-{consumer}", value=external_id)
