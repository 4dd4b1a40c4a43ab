"""IAM Access Analyzer's custom policy checks on the documents of two versions (what a pull request changes):

    python -m kinesis_xacct.ops.policy_checks --base BASE_DIR --head HEAD_DIR

``BASE_DIR`` and ``HEAD_DIR`` are folders written by ``python -m kinesis_xacct policies`` for the base and the
head of a pull request (``BASE_DIR`` may be missing: the base has no such documents, every document is new). For
each document of the head (matched with the base by its manifest ``id``):

- in the base, with another content: ``aws accessanalyzer check-no-new-access`` (the head's document as the new
  policy, the base's as the existing one, the manifest's ``policy_type``); the same content: nothing to ask;
- not in the base (a new pair, role or key): no earlier version to compare with, so no check of new access; it is
  named in a notice, for its access to be reviewed by hand;
- with ``must_not_grant`` (a read mode's permission policies): ``aws accessanalyzer check-access-not-granted``
  with those actions, whether new or not.

A ``FAIL`` prints the finding's message and reasons (statement and description) as an error annotation and the
run exits 1; so does a call that fails (no credentials, no permission: its error is printed). Exit 0 when every
check passed. Needs the AWS CLI and credentials (``access-analyzer:CheckNoNewAccess``,
``access-analyzer:CheckAccessNotGranted``); docs/verify.md, "In CI".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinesis_xacct.ops.policy_files import MANIFEST

# The two custom policy checks (the AWS CLI's commands; the IAM actions a caller needs for them).
NO_NEW_ACCESS, NOT_GRANTED = "check-no-new-access", "check-access-not-granted"
ACTIONS = ("access-analyzer:CheckNoNewAccess", "access-analyzer:CheckAccessNotGranted")
CALL_TIMEOUT_S = 120


@dataclass(frozen=True)
class Check:
    command: str  # NO_NEW_ACCESS | NOT_GRANTED
    id: str  # the document's manifest id
    args: tuple[str, ...]  # after `aws accessanalyzer <command>`


def documents(folder: Path | None) -> dict[str, dict[str, Any]]:
    """The manifest's entries by id, with ``path`` set to each document's file; {} without a manifest."""
    if folder is None or not (folder / MANIFEST).is_file():
        return {}
    listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["documents"]
    return {e["id"]: dict(e, path=str((folder / e["file"]).absolute())) for e in listed}


def _content(entry: dict[str, Any]) -> Any:
    return json.loads(Path(entry["path"]).read_text(encoding="utf-8"))


def plan(base: dict[str, dict[str, Any]], head: dict[str, dict[str, Any]]) -> tuple[list[Check], list[str]]:
    """The checks to run, and the ids of the head's documents that are new (nothing to compare them with)."""
    checks: list[Check] = []
    new: list[str] = []
    for doc_id, entry in head.items():
        before = base.get(doc_id)
        if before is None or before["policy_type"] != entry["policy_type"]:
            new.append(doc_id)
        elif _content(before) != _content(entry):
            args = (
                "--new-policy-document",
                f"file://{entry['path']}",
                "--existing-policy-document",
                f"file://{before['path']}",
                "--policy-type",
                entry["policy_type"],
            )
            checks.append(Check(NO_NEW_ACCESS, doc_id, args))
        if entry["must_not_grant"]:
            access = json.dumps([{"actions": list(entry["must_not_grant"])}], separators=(",", ":"))
            args = (
                "--policy-document",
                f"file://{entry['path']}",
                "--access",
                access,
                "--policy-type",
                entry["policy_type"],
            )
            checks.append(Check(NOT_GRANTED, doc_id, args))
    return checks, new


def escape(text: str) -> str:
    """``text`` as the message of a GitHub workflow command (``::error::``): one line, its specials escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def finding_lines(check: Check, answer: dict[str, Any]) -> list[str]:
    """A check's outcome as lines: ``PASS``, or ``FAIL`` with the message and each reason."""
    result = str(answer.get("result", "?"))
    lines = [f"{result} {check.command} {check.id}"]
    if result != "PASS":
        lines.append(f"  {answer.get('message', '')}")
        for reason in answer.get("reasons", []):
            where = reason.get("statementId") or f"statement {reason.get('statementIndex', '?')}"
            lines.append(f"  {where}: {reason.get('description', '')}")
    return lines


def run_check(aws: str, check: Check) -> tuple[bool, list[str]]:
    """One call of the AWS CLI: (passed, the lines to print)."""
    cmd = [aws, "accessanalyzer", check.command, *check.args, "--output", "json"]
    env = dict(os.environ, AWS_PAGER="")  # no pager (CLI version 2); version 1 has none
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=CALL_TIMEOUT_S, env=env)
    except (OSError, subprocess.TimeoutExpired) as err:
        return False, [f"ERROR {check.command} {check.id}: {err.__class__.__name__}: {err}"]
    if proc.returncode != 0:
        return False, [f"ERROR {check.command} {check.id}: {proc.stderr.strip() or proc.stdout.strip()}"]
    try:
        answer = json.loads(proc.stdout)
    except ValueError:
        return False, [f"ERROR {check.command} {check.id}: not a JSON answer: {proc.stdout.strip()[:400]}"]
    return answer.get("result") == "PASS", finding_lines(check, answer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kinesis_xacct.ops.policy_checks", description=__doc__)
    parser.add_argument("--base", type=Path, help="the base's documents (missing: every document is new)")
    parser.add_argument("--head", type=Path, required=True, help="the head's documents")
    parser.add_argument("--aws", default="aws", help="the AWS CLI (default: aws on PATH)")
    args = parser.parse_args(argv)
    head = documents(args.head)
    if not head:
        print(f"policy checks: no {MANIFEST} in {args.head}", file=sys.stderr)
        return 1
    checks, new = plan(documents(args.base), head)
    for doc_id in new:
        print(f"::notice::{escape(f'new document {doc_id}: no earlier version to compare with; review its access')}")
    failed = 0
    for check in checks:
        passed, lines = run_check(args.aws, check)
        print("\n".join(lines), flush=True)
        if not passed:
            failed += 1
            print(f"::error::{escape(chr(10).join(lines))}")
    unchanged = len(head) - len(new) - len([c for c in checks if c.command == NO_NEW_ACCESS])
    print(f"policy checks: {len(checks)} run, {failed} failed; {len(new)} new, {unchanged} unchanged documents")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
