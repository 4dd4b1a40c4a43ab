"""Typed IAM policy documents that validate themselves.

A :class:`Statement` checks its own shape when it is made (cheap checks); a :class:`PolicyDocument`
checks that every statement fits the kind of document it is in (identity, trust or resource policy)
and that Sids are unique. ``to_json`` gives the literal JSON written into the HCL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

VERSION = "2012-10-17"
_SID_RE = re.compile(r"^[A-Za-z0-9]+$")
_ACTION_RE = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*]+$")

Kind = Literal["identity", "trust", "resource"]


class PolicyError(ValueError):
    """A policy statement or document that IAM would reject or that breaks the project's rules."""


# What the builders may pass for a list of values: one string or a sequence (stored as a tuple).
Values = str | tuple[str, ...] | list[str]


def _tuple(value: Values) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@dataclass(frozen=True, init=False)
class Statement:
    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    # principal type ("AWS", "Service") -> principal values
    principals: Mapping[str, tuple[str, ...]]
    # operator -> condition key -> values
    conditions: Mapping[str, Mapping[str, tuple[str, ...]]]
    effect: Literal["Allow", "Deny"]

    def __init__(
        self,
        sid: str,
        actions: Values,
        resources: Values = (),
        principals: Mapping[str, Values] | None = None,
        conditions: Mapping[str, Mapping[str, Values]] | None = None,
        effect: Literal["Allow", "Deny"] = "Allow",
    ) -> None:
        set_ = object.__setattr__
        set_(self, "sid", sid)
        set_(self, "actions", _tuple(actions))
        set_(self, "resources", _tuple(resources))
        set_(self, "principals", {k: _tuple(v) for k, v in (principals or {}).items()})
        set_(
            self, "conditions", {op: {k: _tuple(v) for k, v in keys.items()} for op, keys in (conditions or {}).items()}
        )
        set_(self, "effect", effect)
        self._check()

    def _check(self) -> None:
        if not _SID_RE.match(self.sid):
            raise PolicyError(f"Sid {self.sid!r} must be alphanumeric")
        if self.effect not in ("Allow", "Deny"):
            raise PolicyError(f"{self.sid}: effect must be Allow or Deny")
        if not self.actions:
            raise PolicyError(f"{self.sid}: a statement needs at least one action")
        for action in self.actions:
            if not _ACTION_RE.match(action):
                raise PolicyError(f"{self.sid}: {action!r} is not a service:Action")
        if len(set(self.actions)) != len(self.actions) or len(set(self.resources)) != len(self.resources):
            raise PolicyError(f"{self.sid}: duplicate actions or resources")
        for kind, values in self.principals.items():
            if kind not in ("AWS", "Service", "Federated") or not values:
                raise PolicyError(f"{self.sid}: bad principal {kind!r}")
        for op, keys in self.conditions.items():
            for key, values in keys.items():
                if not values:
                    raise PolicyError(f"{self.sid}: condition {op} {key} has no value")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"Sid": self.sid, "Effect": self.effect}
        if self.principals:
            out["Principal"] = {k: _one_or_list(v) for k, v in sorted(self.principals.items())}
        out["Action"] = _one_or_list(self.actions)
        if self.resources:
            out["Resource"] = _one_or_list(self.resources)
        if self.conditions:
            out["Condition"] = {
                op: {k: _one_or_list(v) for k, v in keys.items()} for op, keys in self.conditions.items()
            }
        return out


def _one_or_list(values: tuple[str, ...]) -> str | list[str]:
    return values[0] if len(values) == 1 else list(values)


@dataclass(frozen=True, init=False)
class PolicyDocument:
    kind: Kind
    statements: tuple[Statement, ...]

    def __init__(self, kind: Kind, statements: Sequence[Statement]) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "statements", tuple(statements))
        self._check()

    @classmethod
    def of(cls, kind: Kind, **statement: Any) -> PolicyDocument:
        """A document of one statement (``statement``: the :class:`Statement`'s fields)."""
        return cls(kind, [Statement(**statement)])

    def _check(self) -> None:
        if not self.statements:
            raise PolicyError(f"an empty {self.kind} policy grants nothing")
        sids = [s.sid for s in self.statements]
        if len(set(sids)) != len(sids):
            raise PolicyError(f"duplicate Sid in {self.kind} policy: {sids}")
        for s in self.statements:
            if self.kind == "identity":
                if s.principals:
                    raise PolicyError(f"{s.sid}: an identity policy statement must not name a principal")
                if not s.resources:
                    raise PolicyError(f"{s.sid}: an identity policy statement needs resources")
            elif self.kind == "trust":
                if not s.principals:
                    raise PolicyError(f"{s.sid}: a trust policy statement needs a principal")
                if s.resources:
                    raise PolicyError(f"{s.sid}: a trust policy statement must not name resources")
                if any(not a.startswith("sts:") for a in s.actions):
                    raise PolicyError(f"{s.sid}: a trust policy only allows sts: actions")
            elif self.kind == "resource":
                if not s.principals or not s.resources:
                    raise PolicyError(f"{s.sid}: a resource policy statement needs a principal and resources")
            else:  # pragma: no cover - guarded by the Literal type
                raise PolicyError(f"unknown policy kind {self.kind!r}")

    def by_sid(self) -> dict[str, Statement]:
        return {s.sid: s for s in self.statements}

    def to_dict(self) -> dict[str, Any]:
        return {"Version": VERSION, "Statement": [s.to_dict() for s in self.statements]}

    def to_json(self) -> str:
        """Compact, stable JSON: what IAM stores and what the HCL carries as a literal string."""
        return json.dumps(self.to_dict(), separators=(",", ":"))

    def size(self) -> int:
        """Characters IAM counts against its policy size quotas (white space is not counted)."""
        return len(self.to_json())
