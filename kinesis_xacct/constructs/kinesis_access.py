"""Account B: the cross-account role and, where asked, the KMS-encrypted streams it reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from kinesis_xacct.cdk.framework import Construct, Fn, TerraformResource, aws
from kinesis_xacct.cdk.literal import TOKEN_MARKER, literal, literal_list

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider
from kinesis_xacct.iam.document import PolicyDocument, RoleSpec
from kinesis_xacct.iam.policies import CreatedStream


class EncryptedStream(Construct):
    """A Kinesis data stream encrypted with a customer-managed KMS key (rotation on, explicit key policy).

    ``adopt``: the stream already exists (made by hand); it is imported by name and updated in place
    (encryption, retention, shard count are in-place changes of ``aws_kinesis_stream``; only ``name`` would
    force a new stream, and the import ID is that name). The key and alias are still created here.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        provider: TerraformProvider,
        stream: CreatedStream,
        depends_on: Sequence[TerraformResource] = (),
        adopt: bool = False,
        given_key: Any = None,
    ):
        """``given_key``: the data source of the stream's given key (``stream.kms_key_arn``), whose ARN it uses."""
        super().__init__(scope, id_)
        key_id = stream.kms_key_arn if given_key is None else given_key.arn
        if key_id is None:
            key = aws("kms_key").KmsKey(
                self,
                "key",
                provider=provider,
                description=literal(f"kinesis-xacct: server-side encryption of stream {stream.name}"),
                enable_key_rotation=True,
                deletion_window_in_days=30,
                policy=literal(cast(PolicyDocument, stream.key_policy).to_json()),
                # The key policy names the cross-account role: IAM must know it before KMS accepts the policy.
                depends_on=list(depends_on),
            )
            aws("kms_alias").KmsAlias(
                self,
                "alias",
                provider=provider,
                name=literal(f"alias/kinesis-xacct/{stream.name}"),
                target_key_id=key.key_id,
            )
            key_id = key.arn
        self.key_arn = None if stream.kms_key_arn else key_id  # the key created here, if any
        mod = aws("kinesis_stream")
        # shard_count only in provisioned mode: an on-demand stream scales its shards itself (the provider
        # leaves shard_count unset then). enforce_consumer_deletion: DeleteStream deregisters enhanced fan-out
        # consumers (Databricks registers databricks_* consumers in EFO mode and leaves them registered by
        # default); without it the destroy fails with ResourceInUseException (terraform-provider-aws #8420, #8682).
        shards = {"shard_count": stream.shard_count} if stream.mode == "PROVISIONED" else {}
        self.stream = mod.KinesisStream(
            self,
            "stream",
            provider=provider,
            name=literal(stream.name),
            **shards,
            retention_period=stream.retention_hours,
            encryption_type="KMS",
            kms_key_id=key_id,
            enforce_consumer_deletion=True,
            stream_mode_details=mod.KinesisStreamStreamModeDetails(stream_mode=stream.mode),
        )
        if adopt:
            self.stream.import_from(literal(stream.name), provider)


class CrossAccountRole(Construct):
    """An IAM role with a trust policy, one inline policy, optional managed policies (by ARN) and optional
    customer-managed policies created here and attached (``customer_policies``: name -> document; for grants
    larger than IAM's inline policy budget of a role).

    The role's permissions are exactly these: ``aws_iam_role_policies_exclusive`` and
    ``aws_iam_role_policy_attachments_exclusive`` (AWS provider >= 5.72.0; hashicorp/terraform-provider-aws#39203)
    own the role's whole list of inline policy names and of attached policy ARNs, so a policy put or attached
    by hand shows in the next plan and the next apply removes it. Their lists reference the declared policies,
    so Terraform creates those first.

    ``adopt``: the role already exists (made by hand); it is imported by name (an import block) and updated in
    place. Of ``aws_iam_role``'s arguments only ``name``/``name_prefix``/``path`` force a new role; the
    trust policy, description and maximum session duration are updated in place.
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        provider: TerraformProvider,
        spec: RoleSpec,
        *,
        adopt: bool = False,
        trust_substitutions: Mapping[str, str] | None = None,
        depends_on: Sequence[Any] = (),
    ):
        """``spec``: the role's documents (checked for their places when it was made); ``trust_substitutions``:
        placeholder -> value known only at apply time (a reference), put into the trust policy's JSON text in
        place of the placeholder (JSON string content, so no quoting changes); ``depends_on``: what the role's
        documents name that must exist first (the data sources of existing streams and keys)."""
        super().__init__(scope, id_)
        self._provider = provider
        self.role = aws("iam_role").IamRole(
            self,
            "role",
            provider=provider,
            name=literal(spec.name),
            description=literal(spec.description),
            assume_role_policy=_trust_text(spec.name, spec.trust_policy, trust_substitutions or {}),
            max_session_duration=3600,
            **({"depends_on": list(depends_on)} if depends_on else {}),
        )
        if adopt:
            self.role.import_from(literal(spec.name), provider)
        inline_names = []
        if spec.inline_policy is not None:
            name = spec.inline_policy_name or spec.name
            inline_names.append(inline_policy(self, provider, name, self.role.name, spec.inline_policy).name)
        attached = self._attach(spec.managed_policy_arns, spec.customer_policies, spec.name)
        aws("iam_role_policies_exclusive").IamRolePoliciesExclusive(
            self, "exclusive-inline", provider=provider, role_name=self.role.name, policy_names=inline_names
        )
        aws("iam_role_policy_attachments_exclusive").IamRolePolicyAttachmentsExclusive(
            self, "exclusive-attached", provider=provider, role_name=self.role.name, policy_arns=attached
        )

    def _attach(
        self,
        managed_policy_arns: Sequence[str],
        customer_policies: Sequence[tuple[str, PolicyDocument]],
        role_name: str,
    ) -> list[str]:
        """The managed policies attached to the role (given ARNs, then the customer-managed ones created here):
        the ARNs of the attachments, for the exclusive list."""
        provider = self._provider
        attachment = aws("iam_role_policy_attachment").IamRolePolicyAttachment
        attached = [
            attachment(self, f"managed-{i}", provider=provider, role=self.role.name, policy_arn=arn).policy_arn
            for i, arn in enumerate(literal_list(managed_policy_arns))
        ]
        for i, (name, doc) in enumerate(customer_policies, start=2):  # part 1 is the inline policy
            policy = aws("iam_policy").IamPolicy(
                self,
                f"access-{i}",
                provider=provider,
                name=literal(name),
                policy=literal(doc.to_json()),
                description=literal(f"kinesis-xacct: part {i} of the permissions of role {role_name}"),
            )
            attached.append(
                attachment(
                    self, f"access-{i}-attachment", provider=provider, role=self.role.name, policy_arn=policy.arn
                ).policy_arn
            )
        return attached


def inline_policy(scope: Construct, provider: TerraformProvider, name: str, role: str, document: PolicyDocument) -> Any:
    """An inline policy ``name`` on the role ``role`` (a reference, or a literal name of a role not managed here):
    the provider binding's ``IamRolePolicy`` (untyped: the bindings are loaded lazily, ``cdk.framework.aws``)."""
    if document.kind != "identity":
        raise ValueError(f"{name}: an inline policy must be an identity document")
    return aws("iam_role_policy").IamRolePolicy(
        scope, "policy", provider=provider, name=literal(name), role=role, policy=literal(document.to_json())
    )


def _trust_text(role_name: str, trust_policy: PolicyDocument, substitutions: Mapping[str, str]) -> str:
    """The trust policy's JSON, with each placeholder replaced by its apply-time value."""
    trust = trust_policy.to_json()
    if not substitutions:
        return literal(trust)
    # Fn.raw_string escapes quotes and ${ only: the document must hold nothing else literal() would escape
    if not trust.isprintable() or any(s in trust for s in ("\\", "${", "%{", TOKEN_MARKER)):
        raise ValueError(f"{role_name}: the trust policy holds characters a Terraform function argument cannot carry")
    for placeholder, value in substitutions.items():
        if placeholder not in trust:
            raise ValueError(f"{role_name}: the trust policy has no {placeholder!r} to replace")
        # Terraform's replace() on the literal document: the JSON stays a literal string in the HCL (CDKTF's
        # HCL writer mangles a token spliced into a string), and the value is a JSON-safe reference.
        trust = Fn.replace(Fn.raw_string(trust), placeholder, value)
    return trust
