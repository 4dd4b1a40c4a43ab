"""Drift: a document read back from an account against the one the stacks declare for the config (the same
in-process documents the synthesis writes, from :mod:`kinesis_xacct.iam.mesh`), each difference named.

Documents are compared after normalization (a single value and a list of one are the same, lists are sets,
statements are matched by ``Sid``), so an equivalent document read back as IAM stores it is no drift.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kinesis_xacct.iam.evaluate import Document

# A principal IAM shows by its unique ID: the principal it named was deleted (AROA role, AIDA user).
UNIQUE_ID = re.compile(r"^(AROA|AIDA|AGPA|AIPA|ANPA|ANVA|ASIA|AKIA)[A-Z0-9]{12,}$")
FIELDS = ("Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition")


def _values(value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(sorted(str(v) for v in value))
    return (str(value),)


def _principal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _values(v) for k, v in sorted(value.items())}
    return _values(value)


def _condition(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {op: {k: _values(v) for k, v in sorted(keys.items())} for op, keys in sorted(value.items())}


def statement(s: dict[str, Any]) -> dict[str, Any]:
    """One statement normalized: lists as sorted tuples, principals and conditions likewise."""
    out: dict[str, Any] = {"Effect": s.get("Effect", "Allow")}
    for key in ("Action", "NotAction", "Resource", "NotResource"):
        if key in s:
            out[key] = _values(s[key])
    for key in ("Principal", "NotPrincipal"):
        if key in s:
            out[key] = _principal(s[key])
    if s.get("Condition"):
        out["Condition"] = _condition(s["Condition"])
    return out


def statements(doc: Document) -> dict[str, dict[str, Any]]:
    """The statements by Sid (a statement without one by its position: ``#<n>``)."""
    raw = doc.get("Statement", [])
    items = raw if isinstance(raw, list) else [raw]
    return {str(s.get("Sid") or f"#{i}"): statement(s) for i, s in enumerate(items) if isinstance(s, dict)}


def principals(doc: Document) -> list[str]:
    """Every principal an Allow statement of ``doc`` names (``*`` as such; services by their name)."""
    found: list[str] = []
    for s in statements(doc).values():
        if s["Effect"] != "Allow" or "Principal" not in s:
            continue
        p = s["Principal"]
        for value in p if isinstance(p, tuple) else [v for vs in p.values() for v in vs]:
            if value not in found:
                found.append(value)
    return found


def unique_ids(doc: Document) -> list[str]:
    return [p for p in principals(doc) if UNIQUE_ID.match(p)]


def _short(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=list)


def _field_difference(sid: str, key: str, declared: Any, read: Any) -> str:
    if isinstance(declared, tuple) and isinstance(read, tuple):
        missing = [v for v in declared if v not in read]
        added = [v for v in read if v not in declared]
        parts = ([f"missing {', '.join(missing)}"] if missing else []) + (
            [f"added {', '.join(added)}"] if added else []
        )
        return f"statement {sid}: {key} " + "; ".join(parts)
    return f"statement {sid}: {key} is {_short(read)}, declared {_short(declared)}"


def differences(declared: Document, read: Document) -> list[str]:
    """Each difference of ``read`` from ``declared``, in words (empty: the same document)."""
    want, got = statements(declared), statements(read)
    if sorted(map(_short, want.values())) == sorted(map(_short, got.values())):
        return []  # the same statements (perhaps under other Sids): no drift
    out = [f"statement {sid} is missing" for sid in want if sid not in got]
    out += [f"statement {sid} was added: {_short(got[sid])}" for sid in got if sid not in want]
    for sid in [s for s in want if s in got and want[s] != got[s]]:
        for key in FIELDS:
            if want[sid].get(key) != got[sid].get(key):
                out.append(_field_difference(sid, key, want[sid].get(key, ()), got[sid].get(key, ())))
    for unique in unique_ids(read):
        out.append(f"principal {unique} is a unique ID: the principal it named was deleted (and perhaps re-created)")
    return out


def substitute(doc: Document, placeholder: str | None, value: str | None) -> Document:
    """``doc`` with ``placeholder`` replaced by ``value`` in its JSON text (the service credential's external ID,
    known only in the account)."""
    if not placeholder or value is None:
        return doc
    text = json.dumps(doc).replace(json.dumps(placeholder)[1:-1], json.dumps(value)[1:-1])
    data: Document = json.loads(text)
    return data


def external_ids(trust: Document) -> list[str]:
    """The ``sts:ExternalId`` values the statements of a trust policy require."""
    found: list[str] = []
    for s in statements(trust).values():
        for keys in (s.get("Condition") or {}).values():
            for key, values in keys.items():
                if key.lower() == "sts:externalid":
                    found += [v for v in values if v not in found]
    return found
