"""PMapper (principalmapper 1.1.5), the IAM evaluator of the organisation's proofs: nodes made from the
policies in the synthesized HCL, authorization decided by its local policy simulation."""

from __future__ import annotations

import collections
import collections.abc
import hashlib

# principalmapper 1.1.5 (its last release) still imports Mapping and MutableMapping from ``collections``, where
# Python 3.10 removed them (they live in ``collections.abc``). Alias them here, once, before its import.
for _name in ("Mapping", "MutableMapping"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

from principalmapper.common import Node, Policy  # noqa: E402
from principalmapper.querying.query_interface import local_check_authorization_full  # noqa: E402


def role_node(arn: str, trust: dict, policies: list[dict]) -> Node:
    """An IAM role as PMapper models it: its trust policy and its (inline) identity policies."""
    role_id = "AROA" + hashlib.sha256(arn.encode()).hexdigest()[:16].upper()
    return Node(
        arn=arn,
        id_value=role_id,
        attached_policies=[Policy(arn, f"inline-{i}", doc) for i, doc in enumerate(policies)],
        group_memberships=[],
        trust_policy=trust,
        instance_profile=None,
        num_access_keys=0,
        active_password=False,
        is_admin=False,
        permissions_boundary=None,
        has_mfa=False,
        tags={},
    )


def allowed(
    principal: Node,
    action: str,
    resource: str,
    conditions: dict[str, str] | None = None,
    resource_policy: dict | None = None,
    resource_owner: str | None = None,
) -> bool:
    return bool(
        local_check_authorization_full(
            principal, action, resource, dict(conditions or {}), resource_policy, resource_owner, None, None
        )
    )
