"""pydantic's validation errors, worded for a config file: one :class:`Problem` (dotted path, reason) each."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import difflib
import re
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from kinesis_xacct.config.model import PATTERN_REASONS, Config, short
from kinesis_xacct.config.problems import ConfigError, Problem, Problems


def type_name(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
        bytes: "binary data (!!binary)",
        type(None): "null",
    }
    for typ, name in names.items():
        if type(value) is typ:
            return name
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date/time"
    return type(value).__name__


def submodel(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as ``Stream``, ``Optional[Stream]`` or ``list[Stream]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = submodel(arg)
        if found is not None:
            return found
    return None


def _field(loc: tuple[Any, ...]) -> Any:
    """The pydantic FieldInfo at ``loc`` (list indexes skipped), or None."""
    model: type[BaseModel] | None = Config
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = submodel(info.annotation)
    return info


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at ``loc`` (for 'did you mean' hints)."""
    if not [p for p in loc if not isinstance(p, int)]:
        return list(Config.model_fields)
    info = _field(loc)
    model = submodel(info.annotation) if info is not None else None
    return list(model.model_fields) if model is not None else []


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _where(loc: tuple[Any, ...]) -> tuple[str, str]:
    """Dotted path of ``loc``; a key that cannot be part of a dotted path is named in the reason instead."""
    parts: list[str] = []
    for part in loc:
        if part == "[key]":
            break
        if isinstance(part, int) or (isinstance(part, str) and _PLAIN_KEY.fullmatch(part)):
            parts.append(str(part))
        else:
            return ".".join(parts) or "config", f"key {short(part)}: "
    return ".".join(parts) or "config", ""


def _reason(e: dict[str, Any]) -> str:
    kind, loc, value = e["type"], tuple(e["loc"]), e.get("input")
    if kind == "missing":
        info = _field(loc)
        what = f" ({info.description})" if info is not None and info.description else ""
        return f"required key is missing{what}"
    if kind == "string_pattern_mismatch":
        pattern = e["ctx"]["pattern"]
        reason = f"{short(value)} is not valid: {PATTERN_REASONS.get(pattern, 'must match ' + pattern)}"
        if isinstance(value, str) and value.startswith("arn:") and ":role/" in value and loc[-1:] != ("arn",):
            name = value.rsplit("/", 1)[-1]
            reason += f"; this is a role ARN: give the part after role/ ({name!r})"
        return reason
    if kind == "string_type":
        if isinstance(value, bool):
            return "must be a string, got a boolean (YAML reads yes/no/on/off/true/false as booleans: quote it)"
        if isinstance(value, (int, float)):
            return (
                f"must be a string, got the number {value!r} (quote it: YAML reads digits as a number "
                f"and drops leading zeros)"
            )
        if isinstance(value, (datetime.date, datetime.datetime)):
            return "must be a string, got a date/time (quote it: YAML reads unquoted dates as timestamps)"
        return f"must be a string, got {type_name(value)}"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", e["ctx"]["expected"])
        close = closest(value, choices)
        hint = f"; did you mean {close!r}?" if close else ""
        return f"{short(value)} is not one of {', '.join(choices)}{hint}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of keys, got {type_name(value)}"
    if kind == "list_type":
        return f"must be a list, got {type_name(value)}"
    if kind == "bool_type":
        return f"must be true or false, got {short(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, got {short(value)}"
    if kind == "too_short" and loc[-1:] == ("streams",):
        return "at least one stream is required (a list of {name: ...})"
    if kind == "invalid_key":
        return f"keys must be strings, got {short(loc[-1])}"
    return f"{e['msg'].removeprefix('Value error, ')}"


def closest(value: object, choices: list[str]) -> str | None:
    """The choice a mistyped value most likely meant: same letters in another case (``READ``), the one choice
    that contains it (``efo`` -> ``read-efo``), else the nearest spelling; None when nothing is close."""
    if not isinstance(value, str) or not value:
        return None
    lowered = value.strip().lower().replace("_", "-")
    if lowered in choices:
        return lowered
    containing = [c for c in choices if lowered in c]
    if len(containing) == 1:
        return containing[0]
    close = difflib.get_close_matches(lowered, choices, n=1)
    return close[0] if close else None


def validation_problems(err: ValidationError) -> Problems:
    out: Problems = []
    for e in err.errors():
        loc = tuple(e["loc"])
        if e["type"] == "invalid_key":
            loc = loc[:-1]
        if e["type"] == "extra_forbidden":
            parent, key = loc[:-1], loc[-1]
            path, _ = _where(parent)
            known = _known_keys(parent)
            hint = difflib.get_close_matches(str(key), known, n=1)
            more = f"; did you mean {hint[0]!r}?" if hint else (f"; known keys: {', '.join(known)}" if known else "")
            if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
                out.append(Problem(f"{path}.{key}" if parent else key, f"unknown key{more}"))
            else:
                out.append(Problem(path, f"unknown key {short(key)}{more}"))
            continue
        if e["type"] == "value_error" and isinstance(e.get("ctx", {}).get("error"), ConfigError):
            out.extend(e["ctx"]["error"].problems)
            continue
        path, prefix = _where(loc)
        out.append(Problem(path, prefix + _reason({**e, "loc": tuple(e["loc"])})))
    return out


# ------------------------------------------------------------------------------------- bounded did-you-mean

# A config may name thousands of unknown things among thousands of known ones; comparing every name with every
# name takes minutes. So: the first SUGGESTION_LIMIT unknown names of one config get a "did you mean" (each
# compared with the known names through difflib's cheap length and letter-count bounds first, the full ratio
# only for candidates that pass them); the others are named without one. A list of known names is cut to
# KNOWN_SHOWN.
SUGGESTION_LIMIT = 50
KNOWN_SHOWN = 10
_budget: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("did_you_mean_budget", default=None)


@contextlib.contextmanager
def suggestion_budget(limit: int = SUGGESTION_LIMIT) -> Iterator[None]:
    """Within this block, at most ``limit`` :func:`did_you_mean` calls search for a close name."""
    token = _budget.set([limit])
    try:
        yield
    finally:
        _budget.reset(token)


def nearest(value: str, choices: Sequence[str]) -> str | None:
    """The known name ``value`` most likely meant: the same name in another case, else the closest spelling
    (difflib's ratio >= 0.6, the cheap upper bounds ``real_quick_ratio``/``quick_ratio`` checked first)."""
    lowered = value.lower()
    for c in choices:
        if c.lower() == lowered:
            return c
    close = difflib.get_close_matches(value, choices, n=1)
    return close[0] if close else None


def known_list(choices: Sequence[str]) -> str:
    """``a, b, c`` (at most KNOWN_SHOWN names, then how many more)."""
    shown = ", ".join(str(c) for c in choices[:KNOWN_SHOWN])
    more = len(choices) - KNOWN_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def did_you_mean(value: Any, choices: Sequence[str]) -> str:
    """``; did you mean 'x'?`` for a mistyped name, ``; known: ...`` when nothing is close, or nothing once the
    block's :func:`suggestion_budget` is spent (the name is still reported, without a hint)."""
    budget = _budget.get()
    if budget is not None:
        if budget[0] <= 0:
            return ""
        budget[0] -= 1
    close = nearest(value, choices) if isinstance(value, str) else None
    if close:
        return f"; did you mean {close!r}?"
    return f"; known: {known_list(choices)}" if choices else ""
