"""Each hop of each pair proven again with PMapper (:mod:`kinesis_xacct.iam.evaluate`) on the documents read back
from the accounts, and each part compared with what the stacks declare (:mod:`.drift`).

The hops of a pair: its consumer's principal may assume B's role (A's instance-profile role, or the Unity
Catalog master role with the external ID, and then B's role itself); nothing else may; B's role reads each
stream, decrypts its key through Kinesis, uses enhanced fan-out (``read-efo``, ``full``); it writes nothing in
the read modes. The parts of an account: B's role, each stream and its key; A's role, its instance profile and
the workspace role's PassRole grant.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from kinesis_xacct import paths
from kinesis_xacct.config import Config, names
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.iam import evaluate as ev
from kinesis_xacct.iam.mesh import Mesh, PairSides
from kinesis_xacct.iam.policies import (
    EFO_CONSUMER_ACTIONS,
    EFO_STREAM_ACTIONS,
    STREAM_READ_ACTIONS,
    STREAM_WRITE_ACTIONS,
)
from kinesis_xacct.iam.settings import stack_settings
from kinesis_xacct.ops import verify_drift as drift
from kinesis_xacct.ops.verify_read import Account, ReadRole, Unreadable
from kinesis_xacct.ops.verify_report import BROKEN, DRIFT, HOLDS, NOT_CHECKED, Row
from kinesis_xacct.platform import arns
from kinesis_xacct.render import text

# A third account nobody's config names: an outsider holding every permission.
OUTSIDER_ACCOUNT = "999999999999"
READ_MODES = ("read", "read-efo")


@dataclass
class Context:
    """One run: the config as given (for the fix commands), its organisation and sides, the accounts reached."""

    config: str
    out: str
    org: Organisation
    mesh: Mesh
    accounts: dict[tuple[str, str], Account]

    def reapply(self, stack: str) -> str:
        """The fix that puts a stack's declared state back: the deploy of that stack."""
        out = [] if self.out == paths.DEFAULT_OUTDIR else [f"OUT={self.out}"]
        return f"re-apply the {stack} stack: " + text.command(
            "make", "deploy", f"CONFIG={self.config}", *out, f"STACKS={stack}"
        )

    def account(self, cfg: Config, side: str, account_id: str) -> Account:
        """The account as the stack of ``side`` (kinesis | deployment) reaches it, one per account and credentials."""
        access = stack_settings(cfg, side).aws
        key = (account_id, repr(access))
        if key not in self.accounts:
            self.accounts[key] = Account(access, account_id, cfg.partition)
        return self.accounts[key]


def guarded(where: str, hop: str, account: str, check: Callable[[], list[Row]]) -> list[Row]:
    """``check``'s rows, or one ``not checked`` row naming the read that failed."""
    try:
        return check()
    except Unreadable as err:
        fix = "give the credentials the read-only permissions of docs/verify.md"
        return [Row(where, hop, account, NOT_CHECKED, f"could not read: {err}", fix, unreadable=True)]


def row(where: str, hop: str, account: str, ok: bool, detail: str, fix: str) -> Row:
    return Row(where, hop, account, HOLDS if ok else BROKEN, detail, "" if ok else fix)


def as_role(read: ReadRole) -> ev.Role:
    return ev.Role(read.arn, read.trust, read.identity(), read.role_id)


def missing_role(where: str, hop: str, account: str, name: str, fix: str) -> list[Row]:
    return [Row(where, hop, account, BROKEN, f"role {name} does not exist in account {account}", fix)]


# ------------------------------------------------------------------------------------------------ B's side


def role_differences(
    read: ReadRole, trust: ev.Document, inline: dict[str, ev.Document], attached: dict[str, ev.Document | None]
) -> list[str]:
    """A role read back against its declared trust, inline policies by name and attached policies by ARN (``None``:
    AWS's, its content not compared)."""
    diffs = [f"trust: {d}" for d in drift.differences(trust, read.trust)]
    for name, doc in inline.items():
        if name not in read.inline:
            diffs.append(f"inline policy {name} is missing")
        else:
            diffs += [f"inline policy {name}: {d}" for d in drift.differences(doc, read.inline[name])]
    diffs += [f"inline policy {n} was added" for n in read.inline if n not in inline]
    diffs += [f"attached policy {a} is missing" for a in attached if a not in read.attached]
    diffs += [f"attached policy {a} was attached" for a in read.attached if a not in attached]
    for arn, declared in attached.items():
        got = read.attached.get(arn)
        if declared is not None and got is not None:
            diffs += [f"attached policy {arn}: {d}" for d in drift.differences(declared, got)]
    return diffs


def drift_rows(where: str, hop: str, account: str, name: str, diffs: list[str], fix: str, held: str) -> list[Row]:
    """One drift row per difference, or one row saying ``name`` holds as ``held`` says."""
    return [Row(where, hop, account, DRIFT, f"{name}: {d}", fix) for d in diffs] or [
        Row(where, hop, account, HOLDS, f"{name}: {held}")
    ]


def b_role_drift(pair: PairSides, read: ReadRole, where: str, fix: str) -> list[Row]:
    """B's role against its declared trust, inline policy and attached policies."""
    side, cfg = pair.kinesis, pair.pair.cfg
    spec = side.role_spec
    found = drift.external_ids(read.trust)
    trust = drift.substitute(spec.trust_policy.to_dict(), side.external_id_placeholder, found[0] if found else None)
    inline = {spec.inline_policy_name or spec.name: spec.inline_policy.to_dict()} if spec.inline_policy else {}
    attached = dict.fromkeys(spec.managed_policy_arns, None) | {
        arns.customer_managed_policy(cfg.partition, side.account_id, n): d.to_dict() for n, d in spec.customer_policies
    }
    diffs = role_differences(read, trust, inline, attached)
    held = "trust and policies as the stack declares"
    return drift_rows(where, "B's role as declared", side.account_id, side.role_name, diffs, fix, held)


def only_consumer_assumes(pair: PairSides, b: ev.Role, where: str, fix: str) -> list[Row]:
    """Nothing but the declared principals may assume B's role: an outsider, and each principal the trust names
    that the stack does not declare, each with every permission of its own."""
    cfg, hop, account = pair.pair.cfg, "nothing else assumes B's role", pair.kinesis.account_id
    ext = cfg.kinesis_account.external_id or next(iter(drift.external_ids(b.trust)), None)
    declared = set(drift.principals(pair.kinesis.trust_policy.to_dict()))
    outsiders = [arns.iam_role(cfg.partition, OUTSIDER_ACCOUNT, "Outsider")]
    rows: list[Row] = []
    for principal in drift.principals(b.trust):
        if principal in declared or principal == "*":
            continue
        if "." in principal and ":" not in principal:  # a service principal the stack does not declare
            rows.append(Row(where, hop, account, BROKEN, f"B's trust admits the service {principal}", fix))
        elif p := arns.parse(principal):
            outsiders.append(
                principal if "role/" in p["resource"] else arns.iam_role(cfg.partition, p["account"], "Any")
            )
    for arn in outsiders:
        if ev.may_assume(ev.Role(arn, identity=[ev.ADMIN]), b, ext):
            rows.append(Row(where, hop, account, BROKEN, f"{arn} may assume {b.arn} (B's trust admits it)", fix))
    if not rows:
        rows.append(row(where, hop, account, True, "no principal but the declared ones may assume B's role", fix))
    return rows


def consumer_assumes(ctx: Context, pair: PairSides, b: ev.Role, where: str) -> list[Row]:
    """The consumer's principal may assume B's role (with the external ID; not without it)."""
    cfg = pair.pair.cfg
    source_fix = ctx.reapply(ctx.org.naming.source_stack(pair.pair.source))
    if pair.credential is not None:  # the pair has a service credential: its chain starts at Unity Catalog
        return credential_assumes(cfg, b, where, source_fix)
    consumer_fix = ctx.reapply(ctx.org.naming.consumer_stack(pair.pair.consumer))
    a_acct = ctx.account(cfg, "deployment", cfg.deployment.account_id)
    hop, account = "A's role assumes B's role", cfg.kinesis_account.account_id
    read_a = a_acct.cached("role", cfg.deployment.role_name)
    if read_a is None:
        return missing_role(where, hop, cfg.deployment.account_id, cfg.deployment.role_name, consumer_fix)
    a, ext = as_role(read_a), cfg.kinesis_account.external_id
    if ev.may_assume(a, b, ext):
        held = f"{a.arn} may assume {b.arn}" + (" with the external ID" if ext else "")
        rows = [Row(where, hop, account, HOLDS, held)]
        if ext and ev.may_assume(a, b):
            rows.append(external_id_not_required(where, account, "A's role", source_fix))
        return rows
    return [Row(where, hop, *assume_diagnosis(a, b, read_a, cfg, source_fix, consumer_fix))]


def assume_diagnosis(
    a: ev.Role, b: ev.Role, read_a: ReadRole, cfg: Config, source_fix: str, consumer_fix: str
) -> tuple[str, str, str, str]:
    """(account, status, reason, fix) of a refused A -> B hop: which side refuses, and why."""
    ids = drift.unique_ids(b.trust)
    if ids:
        why = (
            f"B's trust names {', '.join(ids)} by unique ID: the role it named was deleted (and perhaps re-created: "
            f"{read_a.arn} is now {read_a.role_id}); IAM no longer matches it"
        )
        return cfg.kinesis_account.account_id, BROKEN, why, source_fix
    if not ev.allowed(a, "sts:AssumeRole", b.arn):
        why = f"A's role {read_a.arn} has no policy allowing sts:AssumeRole on {b.arn}"
        return cfg.deployment.account_id, BROKEN, why, consumer_fix
    return cfg.kinesis_account.account_id, BROKEN, f"B's trust does not admit {a.arn}", source_fix


def credential_assumes(cfg: Config, b: ev.Role, where: str, fix: str) -> list[Row]:
    """Service credential: the Unity Catalog master role with the external ID, then B's role itself."""
    account = cfg.kinesis_account.account_id
    ext = cfg.kinesis_account.external_id or next(iter(drift.external_ids(b.trust)), None)
    master = ev.Role(cfg.unity_catalog_role_arn, identity=[ev.ADMIN])  # Databricks' role: its policy is not ours
    hop = "Unity Catalog role assumes B's role"
    if ext is None:
        return [Row(where, hop, account, BROKEN, "B's trust requires no external ID", fix)]
    rows = [
        row(where, hop, account, ev.may_assume(master, b, ext), f"{master.arn} with the external ID", fix),
        row(where, "B's role assumes itself", account, ev.may_assume(b, b, ext), f"{b.arn} with the external ID", fix),
    ]
    if ev.may_assume(master, b):
        rows.append(external_id_not_required(where, account, master.arn, fix))
    return rows


def external_id_not_required(where: str, account: str, who: str, fix: str) -> Row:
    """The broken row of a trust that admits ``who`` without the external ID it is configured with."""
    reason = f"{who} may assume B's role without the external ID"
    return Row(where, "B's trust requires the external ID", account, BROKEN, reason, fix)


def stream_hops(acct: Account, pair: PairSides, b: ev.Role, where: str, fix: str) -> list[Row]:
    """B's role reads each stream, decrypts its key through Kinesis, uses EFO; writes nothing in read modes."""
    cfg = pair.pair.cfg
    kb, account = cfg.kinesis_account, acct.account_id
    rows: list[Row] = []
    for stream in kb.streams:
        arn = cfg.stream_arn(stream.name)
        refused = [a for a in STREAM_READ_ACTIONS if not ev.allowed(b, a, arn)]
        detail = f"{', '.join(refused) or 'every read'} {'refused' if refused else 'allowed'} on {arn}"
        rows.append(row(where, f"B's role reads {stream.name}", account, not refused, detail, fix))
        decrypt = functools.partial(decrypt_hop, cfg, acct, b, stream.name, where, fix)
        rows += guarded(where, f"B's role decrypts {stream.name}", account, decrypt)
        if kb.access in ("read-efo", "full"):
            efo = functools.partial(efo_hop, cfg, acct, b, stream.name, where, fix)
            rows += guarded(where, f"B's role uses EFO on {stream.name}", account, efo)
    if kb.access in READ_MODES:
        rows.append(no_writes(cfg, b, where, fix))
    return rows


def decrypt_hop(cfg: Config, acct: Account, b: ev.Role, stream: str, where: str, fix: str) -> list[Row]:
    hop, account = f"B's role decrypts {stream}", acct.account_id
    read = acct.cached("stream", stream)
    if read is None:
        return [Row(where, hop, account, NOT_CHECKED, f"{stream} does not exist (see its stream row)")]
    if read.encryption != "KMS" or not read.key_id:
        return [Row(where, hop, account, HOLDS, f"{stream} is not encrypted with KMS: no key to decrypt")]
    key = acct.cached("key", read.key_id)
    if key is None:
        why = f"the key {read.key_id} of {stream} does not exist or has no policy"
        return [Row(where, hop, account, BROKEN, why, fix)]
    if key.manager == "AWS":
        why = f"{stream} uses the AWS managed key {key.arn}: Kinesis decrypts for readers of B"
        return [Row(where, hop, account, HOLDS, why)]
    via = {"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)}
    ok = ev.allowed(b, "kms:Decrypt", key.arn, via, key.policy)
    ours = next((s for s in cfg.kinesis_account.streams if s.name == stream and s.create and not s.kms_key_arn), None)
    given_fix = (
        f"the key {key.arn} is not this project's: add to its key policy a statement allowing {b.arn} kms:Decrypt "
        f"with kms:ViaService {via['kms:ViaService']}"
    )
    return [row(where, hop, account, ok, f"kms:Decrypt through Kinesis on {key.arn}", fix if ours else given_fix)]


def efo_hop(cfg: Config, acct: Account, b: ev.Role, stream: str, where: str, fix: str) -> list[Row]:
    """EFO: the stream's consumer actions, and the consumer actions on this deployment's consumers (registered
    ones read back, and one of its name, as Databricks registers it)."""
    arn, account = cfg.stream_arn(stream), acct.account_id
    read = acct.cached("stream", stream)
    prefixes = names.registered_consumer_prefixes(cfg)
    ours = [c for c in (read.consumers if read else ()) if c[0].startswith(prefixes)]
    consumers = [c[1] for c in ours] or [
        f"{arn}/consumer/databricks_{names.efo_consumer_name(cfg, 'validate')}:1700000000"
    ]
    refused = [a for a in EFO_STREAM_ACTIONS if not ev.allowed(b, a, arn)]
    refused += [f"{a} on {c}" for c in consumers for a in EFO_CONSUMER_ACTIONS if not ev.allowed(b, a, c)]
    registered = f"{len(ours)} consumer(s) of this deployment registered" if ours else "no consumer registered yet"
    detail = f"{'refused: ' + ', '.join(refused) if refused else 'every EFO action allowed'} ({registered})"
    return [row(where, f"B's role uses EFO on {stream}", account, not refused, detail, fix)]


def no_writes(cfg: Config, b: ev.Role, where: str, fix: str) -> Row:
    """A read mode grants no write: on the streams, nor on a stream outside the config."""
    targets = [cfg.stream_arn(s.name) for s in cfg.kinesis_account.streams] + [cfg.stream_arn("not-configured-stream")]
    granted = [f"{a} on {t}" for t in targets for a in STREAM_WRITE_ACTIONS if ev.allowed(b, a, t)]
    access = cfg.kinesis_account.access
    detail = "granted: " + ", ".join(granted) if granted else f"no write granted (access: {access})"
    return row(where, f"B's role writes nothing ({access})", cfg.kinesis_account.account_id, not granted, detail, fix)


def pair_rows(ctx: Context, pair: PairSides) -> list[Row]:
    naming = ctx.org.naming
    where = f"{naming.consumer_stack(pair.pair.consumer)} -> {naming.source_stack(pair.pair.source)}"
    fix = ctx.reapply(naming.source_stack(pair.pair.source))
    acct = ctx.account(ctx.org.source_cfgs[pair.pair.source], "kinesis", pair.kinesis.account_id)

    def b_side() -> list[Row]:
        read = acct.cached("role", pair.kinesis.role_name)
        if read is None:
            return missing_role(where, "B's role exists", acct.account_id, pair.kinesis.role_name, fix)
        b = as_role(read)
        rows = guarded(
            where, "consumer assumes B's role", acct.account_id, lambda: consumer_assumes(ctx, pair, b, where)
        )
        rows += only_consumer_assumes(pair, b, where, fix)
        rows += stream_hops(acct, pair, b, where, fix)
        return rows + b_role_drift(pair, read, where, fix)

    return guarded(where, "B's role", acct.account_id, b_side)
