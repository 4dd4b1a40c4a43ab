"""IAM evaluation by an evaluator nobody here wrote: PMapper's local policy simulation (principalmapper 1.1.5,
``local_check_authorization_full``). The tests feed it the documents of the synthesized HCL; ``verify`` feeds it
the documents read back from the accounts.

How PMapper evaluates (principalmapper/querying/query_interface.py): explicit Deny anywhere first; then the
resource policy (a role's trust, a key's policy). Same account and an IAM/KMS resource: the resource policy must
name the caller or its account root; naming the caller itself grants without an identity policy, naming only the
root needs the caller's identity policy too (as AWS does). Another account: the resource policy must admit the
caller AND the caller's identity policy must allow. A principal named by its unique ID (``AROA...``) matches only
the principal of that ID. Condition keys (``sts:ExternalId``, ``kms:ViaService``, ``iam:PassedToService``) are
passed per call; ``aws:PrincipalArn`` is inferred from the caller.

Imported only by what evaluates (``verify``, the tests): never on the path of ``check`` or ``synth``.
"""

from __future__ import annotations

import collections
import collections.abc
import hashlib
from dataclasses import dataclass, field
from typing import Any

# principalmapper 1.1.5 imports collections.Mapping / MutableMapping, which Python 3.10 removed (they live in
# collections.abc). Alias them before the import; this module is the only one that imports principalmapper.
for _name in ("Mapping", "MutableMapping"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

from principalmapper.common.nodes import Node  # noqa: E402
from principalmapper.common.policies import Policy  # noqa: E402
from principalmapper.querying.local_policy_simulation import (  # noqa: E402
    ResourcePolicyEvalResult,
    resource_policy_authorization,
)
from principalmapper.querying.query_interface import local_check_authorization_full  # noqa: E402

Document = dict[str, Any]

# AWS managed policy AmazonKinesisFullAccess (version v1), as AWS publishes it (AWS Managed Policy Reference
# Guide, "AmazonKinesisFullAccess"): the seed's `access: full` attaches it by ARN, so the HCL holds no document.
AMAZON_KINESIS_FULL_ACCESS: Document = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}],
}
# A principal whose identity policy allows everything: the most an outsider could hold.
ADMIN: Document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def stand_in_id(arn: str) -> str:
    """A role's unique ID of the right form (``AROA`` + 16 digits), stable for its ARN, for a role not read back."""
    return "AROA" + str(int(hashlib.sha256(arn.encode()).hexdigest(), 16) % 10**16).zfill(16)


@dataclass
class Role:
    """An IAM role as PMapper sees it: its ARN, unique ID, trust policy and identity policies (documents)."""

    arn: str
    trust: Document = field(default_factory=lambda: {"Version": "2012-10-17", "Statement": []})
    identity: list[Document] = field(default_factory=list)
    role_id: str | None = None  # as read back (None: a stand-in of the right form)

    def node(self) -> Node:
        policies = [Policy(self.arn, f"policy-{i}", doc) for i, doc in enumerate(self.identity)]
        role_id = self.role_id or stand_in_id(self.arn)
        return Node(self.arn, role_id, policies, [], self.trust, None, 0, False, False, None, False, {})


def account_of(arn: str) -> str:
    return arn.split(":")[4]


def allowed(
    caller: Role,
    action: str,
    resource: str,
    conditions: dict[str, str] | None = None,
    resource_policy: Document | None = None,
) -> bool:
    """PMapper's decision: may ``caller`` do ``action`` on ``resource`` (with a resource policy owned by the
    resource's account, if given)?"""
    keys = dict(conditions or {})
    owner = account_of(resource) if resource_policy is not None else None
    return bool(
        local_check_authorization_full(
            caller.node(), action, resource, keys, resource_policy=resource_policy, resource_owner=owner
        )
    )


def may_assume(caller: Role, target: Role, external_id: str | None = None) -> bool:
    """``sts:AssumeRole`` into ``target`` (its trust policy is the resource policy), with an external ID or none."""
    conditions = {"sts:ExternalId": external_id} if external_id is not None else {}
    return allowed(caller, "sts:AssumeRole", target.arn, conditions, resource_policy=target.trust)


def endpoint_allows(
    principal: str, action: str, resource: str, policy: Document, conditions: dict[str, str] | None = None
) -> bool:
    """May a request of ``principal`` (a role ARN) for ``action`` on ``resource`` pass a VPC endpoint whose policy is
    ``policy``? An endpoint policy is a resource policy of the endpoint: a matching Allow (its principal, ``*`` or
    the caller's account) and no matching Deny. It grants nothing by itself (the identity and resource policies
    still decide); it only lets the request through."""
    node = Role(principal).node()
    result = resource_policy_authorization(
        node, account_of(principal), policy, action, resource, dict(conditions or {})
    )
    return result not in (ResourcePolicyEvalResult.NO_MATCH, ResourcePolicyEvalResult.DENY_MATCH)
