"""Account B: the cross-account role and, where asked, the KMS-encrypted streams it reads."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..cdk import Construct, Fn, TerraformResource, aws
from ..policies import CreatedStream
from ..policy import PolicyDocument


class EncryptedStream(Construct):
    """A Kinesis data stream encrypted with a customer-managed KMS key (rotation on, explicit key policy)."""

    def __init__(self, scope: Construct, id_: str, *, provider, stream: CreatedStream,
                 depends_on: Sequence[TerraformResource] = ()):
        super().__init__(scope, id_)
        key_id = stream.kms_key_arn
        if key_id is None:
            key = aws("kms_key").KmsKey(
                self, "key", provider=provider,
                description=f"kinesis-xacct: server-side encryption of stream {stream.name}",
                enable_key_rotation=True, deletion_window_in_days=30,
                policy=stream.key_policy.to_json(),
                # The key policy names the cross-account role: IAM must know it before KMS accepts the policy.
                depends_on=list(depends_on))
            aws("kms_alias").KmsAlias(self, "alias", provider=provider, name=f"alias/kinesis-xacct/{stream.name}",
                                      target_key_id=key.key_id)
            key_id = key.arn
        mod = aws("kinesis_stream")
        self.stream = mod.KinesisStream(
            self, "stream", provider=provider, name=stream.name, shard_count=stream.shard_count,
            retention_period=stream.retention_hours, encryption_type="KMS", kms_key_id=key_id,
            stream_mode_details=mod.KinesisStreamStreamModeDetails(stream_mode="PROVISIONED"))


class CrossAccountRole(Construct):
    """An IAM role with a trust policy, one inline policy, optional managed policies (by ARN) and optional
    customer-managed policies created here and attached (``customer_policies``: name -> document; for grants
    larger than IAM's inline policy budget of a role)."""

    def __init__(self, scope: Construct, id_: str, *, provider, role_name: str, description: str,
                 trust_policy: PolicyDocument, inline_policy_name: str | None = None,
                 inline_policy: PolicyDocument | None = None, managed_policy_arns: Sequence[str] = (),
                 customer_policies: Sequence[tuple[str, PolicyDocument]] = (),
                 trust_substitutions: Mapping[str, str] | None = None):
        """``trust_substitutions``: placeholder -> value known only at apply time (a reference), put into the
        trust policy's JSON text in place of the placeholder (JSON string content, so no quoting changes)."""
        super().__init__(scope, id_)
        if trust_policy.kind != "trust":
            raise ValueError(f"{role_name}: the trust policy must be a trust document")
        if inline_policy is not None and inline_policy.kind != "identity":
            raise ValueError(f"{role_name}: the inline policy must be an identity document")
        if any(doc.kind != "identity" for _, doc in customer_policies):
            raise ValueError(f"{role_name}: a managed policy must be an identity document")
        if inline_policy is None and not managed_policy_arns:
            raise ValueError(f"{role_name}: a role with no permissions is of no use here")
        trust = trust_policy.to_json()
        for placeholder, value in (trust_substitutions or {}).items():
            if placeholder not in trust:
                raise ValueError(f"{role_name}: the trust policy has no {placeholder!r} to replace")
            # Terraform's replace() on the literal document: the JSON stays a literal string in the HCL (CDKTF's
            # HCL writer mangles a token spliced into a string), and the value is a JSON-safe reference.
            trust = Fn.replace(Fn.raw_string(trust), placeholder, value)
        self.role = aws("iam_role").IamRole(
            self, "role", provider=provider, name=role_name, description=description,
            assume_role_policy=trust, max_session_duration=3600)
        if inline_policy is not None:
            aws("iam_role_policy").IamRolePolicy(
                self, "policy", provider=provider, name=inline_policy_name or role_name,
                role=self.role.name, policy=inline_policy.to_json())
        for i, arn in enumerate(managed_policy_arns):
            aws("iam_role_policy_attachment").IamRolePolicyAttachment(
                self, f"managed-{i}", provider=provider, role=self.role.name, policy_arn=arn)
        for i, (name, doc) in enumerate(customer_policies, start=2):  # part 1 is the inline policy
            policy = aws("iam_policy").IamPolicy(
                self, f"access-{i}", provider=provider, name=name, policy=doc.to_json(),
                description=f"kinesis-xacct: part {i} of the permissions of role {role_name}")
            aws("iam_role_policy_attachment").IamRolePolicyAttachment(
                self, f"access-{i}-attachment", provider=provider, role=self.role.name, policy_arn=policy.arn)
