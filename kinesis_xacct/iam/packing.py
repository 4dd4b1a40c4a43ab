"""Packing one identity policy into policies IAM accepts on one role. Pure Python; no cdktf.

IAM limits (default quotas, characters counted without white space, i.e. :meth:`PolicyDocument.size`):

* the inline policies of one role: 10,240 characters in total;
* one customer-managed policy: 6,144 characters;
* managed policies attached to one role: 10.

A grant that fits the inline budget is returned unchanged, as the role's one inline policy. A larger one
(many streams, ``read-efo`` doubling the ARNs) is packed: statements with the same effect, resources and
conditions are merged (their actions united), then each statement's resources are cut, in order, into
pieces that fill first the inline policy and then up to ``10 - already attached`` customer-managed
policies. Each piece keeps its statement's actions, effect and conditions, so the union of
actions x resources over all pieces is exactly the unpacked grant. Sids are the statement's Sid (merged
statements: the Sids joined) followed by the piece number, so they are unique and stable for a config.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from kinesis_xacct.iam.document import PolicyDocument, Statement

INLINE_TOTAL_LIMIT = 10_240  # all inline policies of one role
MANAGED_POLICY_LIMIT = 6_144  # one customer-managed policy
MANAGED_PER_ROLE_LIMIT = 10  # managed policies attached to one role

_EMPTY_DOC = len(json.dumps({"Version": "2012-10-17", "Statement": []}, separators=(",", ":")))


class PackingError(ValueError):
    """The grant cannot fit in the policies one role may have; the message names the limit."""


@dataclass(frozen=True)
class PackedPolicies:
    inline: PolicyDocument  # the role's one inline policy (<= INLINE_TOTAL_LIMIT)
    managed: tuple[PolicyDocument, ...] = ()  # customer-managed policies to attach (each <= MANAGED_POLICY_LIMIT)

    @property
    def documents(self) -> tuple[PolicyDocument, ...]:
        return (self.inline, *self.managed)


def _key(s: Statement) -> tuple[Any, ...]:
    principals = tuple(sorted(s.principals.items()))
    conditions = tuple((op, tuple(sorted(keys.items()))) for op, keys in sorted(s.conditions.items()))
    return s.effect, s.resources, principals, conditions


def merge_statements(statements: tuple[Statement, ...]) -> tuple[Statement, ...]:
    """Statements that differ only in their actions become one (actions united, first statement's order)."""
    groups: dict[tuple[Any, ...], list[Statement]] = {}
    for s in statements:
        groups.setdefault(_key(s), []).append(s)
    merged = []
    for group in groups.values():
        if len(group) == 1:
            merged.append(group[0])
            continue
        actions = tuple(dict.fromkeys(a for s in group for a in s.actions))
        merged.append(dataclasses.replace(group[0], sid="".join(s.sid for s in group), actions=actions))
    return tuple(merged)


def _statement_size(s: Statement, n_resources_chars: int, n_resources: int) -> int:
    """Size of ``s`` with resources of the given total JSON length, as a list (an upper bound for one)."""
    base = len(json.dumps({**s.to_dict(), "Resource": []}, separators=(",", ":")))
    return base + n_resources_chars + max(n_resources - 1, 0)


def _piece(stmt: Statement, part: int, resources: tuple[str, ...]) -> Statement:
    """Part ``part`` of ``stmt``: its actions, effect and conditions over some of its resources."""
    return dataclasses.replace(stmt, sid=f"{stmt.sid}{part}", resources=resources)


class _Bins:
    """The documents being filled, in order: the inline policy, then managed policies, each with its limit."""

    def __init__(self, document: PolicyDocument, limits: list[int], describe_limits: str):
        self.document, self.limits, self.describe_limits = document, limits, describe_limits
        self.bins: list[list[Statement]] = [[]]
        self.used = [_EMPTY_DOC]

    def room(self, extra: int) -> bool:
        """Whether a statement of ``extra`` characters still fits the current document."""
        return self.used[-1] + extra + (1 if self.bins[-1] else 0) <= self.limits[len(self.bins) - 1]

    def open_next(self, what: str) -> None:
        if len(self.bins) == len(self.limits):
            raise PackingError(
                f"the role's permissions for these streams are {self.document.size():,} characters of IAM policy "
                f"and do not fit one role even packed ({what} does not): {self.describe_limits}; use fewer or "
                f"shorter-named streams, or one deployment per group of streams"
            )
        self.bins.append([])
        self.used.append(_EMPTY_DOC)

    def close(self, stmt: Statement, part: int, pending: list[str], chars: int) -> None:
        """Put part ``part`` of ``stmt`` (the ``pending`` resources, ``chars`` long) into the current document."""
        size = _statement_size(_piece(stmt, part, ("*",)), chars, len(pending)) + (1 if self.bins[-1] else 0)
        self.used[-1] += size
        self.bins[-1].append(_piece(stmt, part, tuple(pending)))

    def add(self, stmt: Statement) -> None:
        """``stmt``'s resources, in order, cut into parts that fill the documents one after the other."""
        part, chars = 0, 0
        pending: list[str] = []
        for resource in stmt.resources:
            r_chars = len(json.dumps(resource))
            grown = _statement_size(_piece(stmt, part, ("*",)), chars + r_chars, len(pending) + 1)
            if pending and self.room(grown):
                pending.append(resource)
                chars += r_chars
                continue
            if pending:
                self.close(stmt, part, pending, chars)
            part += 1
            alone = _statement_size(_piece(stmt, part, ("*",)), r_chars, 1)
            if not self.room(alone):
                self.open_next(f"statement {stmt.sid}")
                if not self.room(alone):
                    limit = self.limits[len(self.bins) - 1]
                    raise PackingError(f"statement {stmt.sid} with one resource is larger than {limit} characters")
            pending, chars = [resource], r_chars
        if pending:
            self.close(stmt, part, pending, chars)

    def documents(self) -> list[PolicyDocument]:
        if not self.bins[0]:
            raise PackingError(f"statement {self.document.statements[0].sid} does not fit the inline policy")
        docs = [PolicyDocument(self.document.kind, tuple(b)) for b in self.bins if b]
        for doc, limit in zip(docs, self.limits[: len(docs)], strict=True):
            if doc.size() > limit:  # pragma: no cover - the arithmetic above is an upper bound
                raise AssertionError(f"packing error: {doc.size()} > {limit}")
        sids = [s.sid for d in docs for s in d.statements]
        if len(set(sids)) != len(sids):  # pragma: no cover - base Sids are unique and letters only
            raise AssertionError(f"packing made duplicate Sids: {sids}")
        return docs


def pack(
    document: PolicyDocument,
    *,
    managed_slots: int = MANAGED_PER_ROLE_LIMIT,
    inline_limit: int = INLINE_TOTAL_LIMIT,
    managed_limit: int = MANAGED_POLICY_LIMIT,
) -> PackedPolicies:
    """Fit an identity policy into one inline policy and at most ``managed_slots`` managed policies."""
    if document.kind != "identity":
        raise ValueError("only identity policies are packed")
    if document.size() <= inline_limit:
        return PackedPolicies(inline=document)
    bins = _Bins(
        document,
        [inline_limit] + [managed_limit] * managed_slots,
        f"IAM allows {inline_limit:,} per role in inline policies, {managed_limit:,} per managed policy and "
        f"{MANAGED_PER_ROLE_LIMIT} managed policies per role ({managed_slots} free here)",
    )
    for stmt in merge_statements(document.statements):
        bins.add(stmt)
    docs = bins.documents()
    return PackedPolicies(inline=docs[0], managed=tuple(docs[1:]))


def grants(
    document_or_docs: PolicyDocument | tuple[PolicyDocument, ...] | list[PolicyDocument],
) -> set[tuple[str, str, str, str]]:
    """(effect, action, resource, conditions) of every statement: what a set of documents allows/denies."""
    docs = document_or_docs if isinstance(document_or_docs, (tuple, list)) else (document_or_docs,)
    out: set[tuple[str, str, str, str]] = set()
    for doc in docs:
        for s in doc.statements:
            cond = json.dumps(s.to_dict().get("Condition", {}), sort_keys=True)
            out.update((s.effect, a, r, cond) for a in s.actions for r in s.resources)
    return out
