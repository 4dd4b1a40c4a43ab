"""The one register of accepted security findings, each with the config that causes it and the reason.

Two tables, both keyed precisely (never a blanket ignore):

* :data:`CHECKOV` - checkov checks that a config the user chose necessarily fails. ``stacks.organisation`` writes each
  applicable entry as ``# checkov:skip=<ID>:<reason>`` inside the HCL block of that one resource (and only
  for configs where the entry applies); the hardened default gets none. The security tests assert that
  checkov's skipped set is exactly what :func:`checkov_skips` says for each config, and that nothing fails.
* :data:`PARLIAMENT` - findings of the IAM linter parliament on documents this project generates that are
  inherent to what the document is for, or that parliament models wrongly. Each entry names the document,
  the finding and the exact actions; the security gate (``tests/security_gate.py``) fails on any finding
  not matched here.

Imports nothing heavy: no cdktf, no linter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kinesis_xacct.config.model import Config
from kinesis_xacct.iam.modes import mode_of

# Generated resources a checkov suppression can target (the stacks attach the comment to that resource).
KINESIS_ROLE = "kinesis-account role"  # B's cross-account role (aws_iam_role)


@dataclass(frozen=True)
class CheckovSuppression:
    check_id: str
    target: str  # one of the targets above
    when: str  # the config choice that causes it, as the user writes it
    applies: Callable[[Config], bool]
    reason: str  # at least one full sentence; one line (it goes in an HCL comment)


CHECKOV: tuple[CheckovSuppression, ...] = (
    CheckovSuppression(
        check_id="CKV_AWS_61",
        target=KINESIS_ROLE,
        when="kinesis_account.trust: account",
        applies=lambda cfg: cfg.kinesis_account.trust == "account",
        reason=(
            "The config chose 'trust: account' (the seed guide's trust policy), which trusts account A's "
            "root so that any principal of account A that account A's own IAM policies allow to call "
            "sts:AssumeRole on this role can assume it. "
            "Use 'trust: role' (the default) to trust exactly A's instance profile role and pass this check."
        ),
    ),
    CheckovSuppression(
        check_id="CKV_AWS_61",
        target=KINESIS_ROLE,
        when="databricks.auth: service-credential",
        applies=lambda cfg: mode_of(cfg).role_assumes_itself,
        reason=(
            "Databricks requires a service credential's role to be able to assume itself (statement "
            "ExplicitSelfRoleAssumption of the provider's databricks_aws_unity_catalog_assume_role_policy), "
            "and IAM can only say that with the role's own account root as principal; the statement is "
            "narrowed by ArnLike aws:PrincipalArn to exactly this role's ARN and needs the credential's "
            "external ID, so no other principal of account B may assume the role."
        ),
    ),
)


def checkov_skips(cfg: Config, target: str) -> list[CheckovSuppression]:
    """The suppressions that apply to one generated resource for this config (register order)."""
    return [s for s in CHECKOV if s.target == target and s.applies(cfg)]


def all_checkov_skips(cfg: Config) -> list[CheckovSuppression]:
    return [s for s in CHECKOV if s.applies(cfg)]


# ------------------------------------------------------------------------------------------- parliament
# Document labels (the security gate labels every document it finds in the HCL with one of these).
DOC_KINESIS_TRUST = "kinesis-account role trust policy"
DOC_KINESIS_ACCESS = "kinesis-account role permission policy"
DOC_STREAM_KEY = "stream key policy"
DOC_DEPLOYMENT_TRUST = "deployment-account role trust policy"
DOC_DEPLOYMENT_ASSUME = "deployment-account role permission policy"
DOC_PASSROLE = "workspace role PassRole policy"


@dataclass(frozen=True)
class LintException:
    document: str  # one of the DOC_ labels
    issue: str  # parliament's finding id
    actions: frozenset[str]  # exactly the (lower-case) actions the finding names
    reason: str


def _actions(*names: str) -> frozenset[str]:
    return frozenset(n.lower() for n in names)


_ASSUME_IS_THE_POINT = (
    "Parliament's community auditor flags every sts:AssumeRole as credentials exposure; "
    "this document exists to let exactly one principal assume exactly one role, which "
    "is how the cross-account access works."
)

PARLIAMENT: tuple[LintException, ...] = (
    LintException(DOC_KINESIS_TRUST, "CREDENTIALS_EXPOSURE", _actions("sts:AssumeRole"), _ASSUME_IS_THE_POINT),
    LintException(DOC_DEPLOYMENT_TRUST, "CREDENTIALS_EXPOSURE", _actions("sts:AssumeRole"), _ASSUME_IS_THE_POINT),
    LintException(
        DOC_DEPLOYMENT_ASSUME,
        "CREDENTIALS_EXPOSURE",
        _actions("sts:AssumeRole"),
        _ASSUME_IS_THE_POINT + " The resource is only account B's role.",
    ),
    LintException(
        DOC_KINESIS_ACCESS,
        "CREDENTIALS_EXPOSURE",
        _actions("sts:AssumeRole"),
        _ASSUME_IS_THE_POINT + " Service-credential mode only (statement AssumeSelf): the resource is only "
        "this role itself, which Databricks requires a service credential's role to be able to assume; its "
        "trust names its own account root, so the role's identity policy must allow the call too.",
    ),
    LintException(
        DOC_PASSROLE,
        "PERMISSIONS_MANAGEMENT_ACTIONS",
        _actions("iam:PassRole"),
        "Databricks must pass the instance profile role to EC2 when it starts a cluster (step 2 of "
        "the guide); the grant names only that role and only the EC2 service "
        "(iam:PassedToService).",
    ),
    LintException(
        DOC_STREAM_KEY,
        "PERMISSIONS_MANAGEMENT_ACTIONS",
        _actions("kms:PutKeyPolicy", "kms:RevokeGrant"),
        "Account B's key administrators (B's root, that is B's IAM policies) must be able to change "
        "the key policy and revoke grants, or the key could not be managed; KMS itself refuses a key "
        "policy that locks its administrators out.",
    ),
    LintException(
        DOC_STREAM_KEY,
        "RESOURCE_MISMATCH",
        _actions("kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"),
        "In a key policy the resource is always the key, and AWS KMS requires the alias actions to be "
        "allowed on the key there (and on the alias in IAM); parliament, an identity-policy linter, "
        "expects the alias ARN, which a key policy cannot name.",
    ),
)
