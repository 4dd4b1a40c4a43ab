"""``verify``'s findings: one row per pair (or account part) and hop, as a table for people and as JSON for CI."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from kinesis_xacct.render.text import printable

HOLDS, BROKEN, DRIFT, NOT_CHECKED = "holds", "broken", "drift", "not checked"
STATUSES = (HOLDS, BROKEN, DRIFT, NOT_CHECKED)


@dataclass(frozen=True)
class Row:
    """One finding. ``where``: the pair (``<consumer stack> -> <source stack>``) or the stack whose part it is;
    ``account``: the AWS account (or ``databricks``) the finding is about; ``fix``: what to do (empty: nothing).
    ``unreadable``: not checked because a read failed (credentials, permissions): that fails the run too."""

    where: str
    hop: str
    account: str
    status: str
    detail: str
    fix: str = ""
    unreadable: bool = False


def exit_status(rows: list[Row]) -> int:
    """0 only when everything checked holds (and nothing was left unchecked for a failed read); else 1."""
    bad = any(r.status in (BROKEN, DRIFT) or r.unreadable for r in rows)
    return 1 if bad else 0


def as_json(rows: list[Row], config: str) -> str:
    counts = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    return json.dumps(
        {"config": config, "ok": exit_status(rows) == 0, "counts": counts, "findings": [asdict(r) for r in rows]},
        indent=2,
    )


def _cell(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def as_table(rows: list[Row]) -> str:
    """Per pair (or part), one line per hop: status, account, hop, detail; the fix on its own line below."""
    lines: list[str] = []
    for where in dict.fromkeys(r.where for r in rows):
        lines.append(f"\n== {printable(where)}")
        mine = [r for r in rows if r.where == where]
        width = max(len(r.hop) for r in mine)
        for r in mine:
            hop = printable(r.hop).ljust(width)
            lines.append(f"  {r.status.upper():<11} {r.account:<12} {hop}  {_cell(printable(r.detail), 160)}")
            if r.fix and r.status != HOLDS:
                lines.append(f"  {'':<11} {'':<12} {'':<{width}}  fix: {printable(r.fix)}")
    counts = ", ".join(f"{sum(1 for r in rows if r.status == s)} {s}" for s in STATUSES)
    verdict = "everything checked holds" if exit_status(rows) == 0 else "NOT everything checked holds"
    lines.append(f"\nverify: {counts}: {verdict}")
    return "\n".join(lines).lstrip("\n")
