"""``python -m kinesis_xacct policies --config C --out DIR``: every IAM document the stacks of a config declare,
as JSON files, with a manifest (``policies.json``) for IAM Access Analyzer's custom policy checks (docs/verify.md,
"In CI").

Either form of config (a one-pair config is an organisation of one). The documents are the iam package's, built in
process as the synthesis builds them (:func:`kinesis_xacct.iam.mesh.mesh`): per source account each pair role's
trust, inline and customer-managed policies and each created stream key's policy; per consumer account in
instance-profile mode A's role (trust, its assume grant) and the workspace role's PassRole policy. Managed policies
attached by ARN (``access: full``) are AWS's, not documents of this project: they are not written.

Each manifest entry names the file, a stable ``id`` (the same document of two versions of the config or of the
project has the same ``id``), the account, the stack, the owner (role or key) and the document, the policy type
Access Analyzer takes (trust and key policies ``RESOURCE_POLICY``, permission policies ``IDENTITY_POLICY``) with
the resource type, and ``must_not_grant``: for the permission policies of a pair role whose ``access`` is a read
mode, the write actions it must not grant (:data:`kinesis_xacct.iam.policies.STREAM_WRITE_ACTIONS`).

The output folder: a new path, an empty folder, or a folder this subcommand wrote before (it holds our marker and
``policies.json``); anything else is refused (``output error:``, exit 2) and nothing is written or deleted. The
documents are written into a fresh sibling folder that replaces the output folder only when complete.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.iam.document import PolicyDocument, RoleSpec
from kinesis_xacct.iam.mesh import Mesh, mesh
from kinesis_xacct.iam.policies import STREAM_WRITE_ACTIONS
from kinesis_xacct.ops.cli import EXIT_CONFIG
from kinesis_xacct.ops.load import as_organisation
from kinesis_xacct.render import text

MANIFEST = "policies.json"
MANIFEST_FORMAT = "kinesis-xacct policy documents, format 1"
IDENTITY, RESOURCE = "IDENTITY_POLICY", "RESOURCE_POLICY"
TRUST_TYPE, KEY_TYPE = "AWS::IAM::AssumeRolePolicyDocument", "AWS::KMS::Key"
READ_MODES = ("read", "read-efo")  # the accesses that grant no write (docs/config.md, kinesis_account.access)


@dataclass(frozen=True)
class Entry:
    """One document and what Access Analyzer needs to know of it."""

    account: str
    stack: str
    owner_type: str  # role | key
    owner: str  # the role's name, or the stream whose key it is
    document: str  # trust | inline | managed:<name> | key-policy | passrole:<policy name>
    policy: PolicyDocument
    must_not_grant: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.account}/{self.stack}/{self.owner_type}/{self.owner}/{self.document}"

    @property
    def policy_type(self) -> str:
        return IDENTITY if self.policy.kind == "identity" else RESOURCE

    @property
    def resource_type(self) -> str | None:
        return {"trust": TRUST_TYPE, "resource": KEY_TYPE}.get(self.policy.kind)


def _role_entries(account: str, stack: str, spec: RoleSpec, must_not_grant: tuple[str, ...] = ()) -> list[Entry]:
    """A role's trust, its inline policy and its customer-managed policies."""
    entries = [Entry(account, stack, "role", spec.name, "trust", spec.trust_policy)]
    if spec.inline_policy is not None:
        entries.append(Entry(account, stack, "role", spec.name, "inline", spec.inline_policy, must_not_grant))
    for name, doc in spec.customer_policies:
        entries.append(Entry(account, stack, "role", spec.name, f"managed:{name}", doc, must_not_grant))
    return entries


def entries(org: Organisation, sides: Mesh) -> list[Entry]:
    """Every document of the organisation's stacks: sources first, then consumers, each in the config's order."""
    found: list[Entry] = []
    for name, source in sides.sources.items():
        stack = org.naming.source_stack(name)
        for pair in source.pairs:
            read_only = pair.pair.cfg.kinesis_account.access in READ_MODES
            found += _role_entries(
                source.account_id, stack, pair.kinesis.role_spec, STREAM_WRITE_ACTIONS if read_only else ()
            )
        for stream in source.created_streams:
            if stream.key_policy is not None:
                found.append(Entry(source.account_id, stack, "key", stream.name, "key-policy", stream.key_policy))
    for name, consumer in sides.consumers.items():
        side = consumer.deployment
        if side is None:  # service-credential mode: nothing of this project in A's AWS account
            continue
        stack = org.naming.consumer_stack(name)
        found += _role_entries(side.account_id, stack, side.role_spec)
        passrole = f"passrole:{side.passrole_policy_name}"
        found.append(Entry(side.account_id, stack, "role", side.workspace_role_name, passrole, side.passrole_policy))
    return found


def _file_name(entry: Entry, taken: set[str]) -> str:
    """A file name of the entry's parts, safe on any file system (a config value never names a path)."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{entry.owner_type}-{entry.owner}-{entry.document}").strip(".-")
    base = f"{entry.account}.{slug[:120]}"
    name, i = f"{base}.json", 2
    while name in taken:
        name, i = f"{base}.{i}.json", i + 1
    taken.add(name)
    return name


def manifest(config: str, found: list[Entry]) -> tuple[dict[str, Any], dict[str, PolicyDocument]]:
    """The manifest and the documents by file name."""
    taken: set[str] = set()
    files: dict[str, PolicyDocument] = {}
    listed = []
    for entry in found:
        name = _file_name(entry, taken)
        files[name] = entry.policy
        listed.append(
            {
                "file": name,
                "id": entry.id,
                "account": entry.account,
                "stack": entry.stack,
                "owner": {"type": entry.owner_type, "name": entry.owner},
                "document": entry.document,
                "policy_type": entry.policy_type,
                "resource_type": entry.resource_type,
                "must_not_grant": list(entry.must_not_grant),
            }
        )
    return {"format": MANIFEST_FORMAT, "config": config, "documents": listed}, files


def out_refusal(out: str, config: str) -> str | None:
    """Why ``out`` may not take the documents: the output folder rules, and a folder of ours must be one of
    this subcommand (a synthesis output is not replaced by policy documents)."""
    from kinesis_xacct.synth.outdir import OutRefused, check_out, refusal_line

    try:
        check_out(out, config=config)
    except OutRefused as err:
        return refusal_line(err)
    folder = Path(out)
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        return refusal_line(
            OutRefused(f"{out}: is an output folder of another subcommand (no {MANIFEST} in it); give a new path")
        )
    return None


def run(config: str, out: str) -> int:
    """Write the config's documents and their manifest into ``out``; exit 0, or 2 (config or output error)."""
    from kinesis_xacct.ops.deploy import load_selection
    from kinesis_xacct.synth.outdir import fresh_sibling, out_lock, swap_in

    if (loaded := load_selection(config, None)) is None:
        return EXIT_CONFIG
    if line := out_refusal(out, config):
        print(line, file=sys.stderr)
        return EXIT_CONFIG
    org = as_organisation(loaded[0])
    listed, files = manifest(config, entries(org, mesh(org)))
    final = Path(out).absolute()
    with out_lock(final):
        new = fresh_sibling(final)
        try:
            for name, doc in files.items():
                (new / name).write_text(json.dumps(doc.to_dict(), indent=2) + "\n", encoding="utf-8")
            (new / MANIFEST).write_text(json.dumps(listed, indent=2) + "\n", encoding="utf-8")
            swap_in(new, final)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)  # ours, incomplete: the output folder is as it was
            raise
    print(f"wrote {len(files)} policy documents and {MANIFEST} into {text.printable(out)}")
    return 0
