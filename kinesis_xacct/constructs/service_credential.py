"""Databricks side of the service-credential mode: a Unity Catalog service credential wrapping account B's role,
and its grants (the cluster, notebook and job: databricks_validation.DatabricksKinesisValidation without an
instance profile). Nothing here is in A's AWS account.

Sources: ``databricks_credential`` (provider >= 1.60; purpose SERVICE, ``aws_iam_role { role_arn }``, computed
``aws_iam_role[0].external_id``, ``skip_validation``, ``isolation_mode``) and ``databricks_grants``
(``credential``; privilege ``ACCESS``), terraform-provider-databricks docs/resources/credential.md and grants.md.
Access mode of the cluster: standard (``USER_ISOLATION``), see docs/service-credential.md for why and the sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kinesis_xacct.cdk.framework import Construct, databricks
from kinesis_xacct.cdk.literal import literal, literal_list
from kinesis_xacct.iam.modes import CredentialSide

if TYPE_CHECKING:
    from kinesis_xacct.cdk.framework import TerraformProvider


class ServiceCredential(Construct):
    """The credential (purpose SERVICE) and, for each group, a grant of ``privileges`` on it."""

    def __init__(self, scope: Construct, id_: str, provider: TerraformProvider, side: CredentialSide):
        """``side``: the credential's name, the role it wraps, comment, groups and privileges, validation and
        isolation (``iam.modes.credential_side``)."""
        super().__init__(scope, id_)
        mod = databricks("credential")
        # The role ARN is a string, not a reference: B's role is created after the credential (its trust needs
        # the credential's external ID), the order the provider's Unity Catalog guide gives for this cycle.
        self.credential = mod.Credential(
            self,
            "credential",
            provider=provider,
            name=literal(side.name),
            purpose="SERVICE",
            comment=literal(side.comment),
            aws_iam_role=mod.CredentialAwsIamRole(role_arn=literal(side.role_arn)),
            skip_validation=side.skip_validation,
            # Bound to the workspace that creates it (provider docs, resources/credential.md: ISOLATED "will
            # automatically allow access from the current workspace"); the default (OPEN) makes a Unity Catalog
            # securable usable from every workspace of the metastore (resources/workspace_binding.md).
            isolation_mode=side.isolation_mode,
        )
        self.grants = unity_catalog_grants(
            self, provider, side.groups, side.privileges, credential=self.credential.name
        )

    @property
    def external_id(self) -> str:
        """The ``sts:ExternalId`` Databricks passes when it assumes the role (computed at creation)."""
        external_id: str = self.credential.aws_iam_role.external_id
        return external_id


def unity_catalog_grants(
    scope: Construct, provider: TerraformProvider, groups: Sequence[str], privileges: Sequence[str], **securable: str
) -> Any:
    """``databricks_grants`` (authoritative: exactly these) of ``privileges`` to each of ``groups`` on the one
    ``securable`` (``credential=``, ``volume=``, ...) of this stack's own; None without groups."""
    if not groups:
        return None
    grants = databricks("grants")
    return grants.Grants(
        scope,
        "grants",
        provider=provider,
        grant=[grants.GrantsGrant(principal=group, privileges=list(privileges)) for group in literal_list(groups)],
        **securable,
    )
