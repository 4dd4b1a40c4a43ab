"""The parts of each account the pairs share: a source's streams and the policies of the keys it created; a
consumer's role, instance profile and the workspace role's PassRole grant (instance-profile mode). The Databricks
side: :mod:`.verify_databricks`."""

from __future__ import annotations

import functools

from kinesis_xacct.config.model import Stream
from kinesis_xacct.iam import evaluate as ev
from kinesis_xacct.iam.mesh import ConsumerSide, SourceSide
from kinesis_xacct.iam.modes import DeploymentSide
from kinesis_xacct.iam.policies import EFO_STREAM_ACTIONS, STREAM_READ_ACTIONS
from kinesis_xacct.ops import verify_drift as drift
from kinesis_xacct.ops.verify_hops import (
    Context,
    as_role,
    drift_rows,
    guarded,
    missing_role,
    role_differences,
    row,
)
from kinesis_xacct.ops.verify_read import Account
from kinesis_xacct.ops.verify_report import BROKEN, DRIFT, HOLDS, Row
from kinesis_xacct.platform import arns


def source_rows(ctx: Context, source: SourceSide) -> list[Row]:
    """Each stream of the source: it exists and is encrypted as declared; a created key's policy as declared."""
    cfg = ctx.org.source_cfgs[source.name]
    stack = ctx.org.naming.source_stack(source.name)
    rows: list[Row] = []
    for stream in cfg.kinesis_account.streams:
        check = functools.partial(stream_rows, ctx, source, stream)
        rows += guarded(stack, f"stream {stream.name}", source.account_id, check)
    return rows


def stream_rows(ctx: Context, source: SourceSide, stream: Stream) -> list[Row]:
    cfg = ctx.org.source_cfgs[source.name]
    stack, account = ctx.org.naming.source_stack(source.name), source.account_id
    acct, fix = ctx.account(cfg, "kinesis", account), ctx.reapply(stack)
    name, given = stream.name, stream.kms_key_arn
    own = f"{name} is the account's own (create: false):"
    own_fix = fix if stream.create else f"{own} create it, or fix its name in the config"
    read = acct.cached("stream", name)
    if read is None:
        return [Row(stack, f"stream {name}", account, BROKEN, f"{name} does not exist in account {account}", own_fix)]
    enc = f"{read.encryption} {read.key_id or ''}".strip()
    out = [row(stack, f"stream {name}", account, read.status == "ACTIVE", f"{read.arn}: {read.status}, {enc}", own_fix)]
    # The stream names its key as it was given (an ID, an ARN or an alias): compared by the key's ARN
    key = acct.cached("key", read.key_id) if read.encryption == "KMS" and read.key_id else None
    key_arn = key.arn if key else read.key_id
    if (stream.create or given) and (read.encryption != "KMS" or (given and key_arn != given)):
        want = f"KMS with {given}" if given else "KMS"
        enc_fix = fix if stream.create else f"{own} encrypt it with {given}"
        out.append(
            Row(stack, f"stream {name} encryption", account, DRIFT, f"encrypted {enc}, declared {want}", enc_fix)
        )
    created = next((s for s in source.created_streams if s.name == name), None)
    if created is not None and created.key_policy is not None and read.key_id:
        out += key_drift(acct, stack, name, read.key_id, created.key_policy.to_dict(), fix)
    return out


def key_drift(acct: Account, stack: str, stream: str, key_id: str, declared: ev.Document, fix: str) -> list[Row]:
    key = acct.cached("key", key_id)
    hop = f"key policy of {stream}"
    if key is None:
        return [Row(stack, hop, acct.account_id, BROKEN, f"the key {key_id} does not exist", fix)]
    diffs = drift.differences(declared, key.policy)
    return drift_rows(stack, hop, acct.account_id, key.arn, diffs, fix, "as the stack declares")


def consumer_rows(ctx: Context, consumer: ConsumerSide) -> list[Row]:
    """Instance-profile mode: A's role (trust: EC2; its assume grant) as declared, its instance profile, and the
    workspace role's PassRole grant (proven with PMapper)."""
    side = consumer.deployment
    if side is None:
        return []  # service-credential mode: nothing of ours in A's AWS account
    cfg = ctx.org.consumer_cfg(consumer.name)
    stack = ctx.org.naming.consumer_stack(consumer.name)
    acct, fix = ctx.account(cfg, "deployment", side.account_id), ctx.reapply(stack)

    def check() -> list[Row]:
        read = acct.cached("role", side.role_name)
        if read is None:
            return missing_role(stack, "A's role exists", side.account_id, side.role_name, fix)
        inline = {side.role_spec.inline_policy_name or side.role_name: side.assume_policy.to_dict()}
        diffs = role_differences(read, side.trust_policy.to_dict(), inline, {})
        held = "trust (EC2) and assume grant as declared"
        rows = drift_rows(stack, "A's role as declared", side.account_id, side.role_name, diffs, fix, held)
        profile = acct.cached("instance_profile_roles", side.instance_profile_name)
        detail = f"{side.instance_profile_name}: {profile if profile is not None else 'does not exist'}"
        rows.append(row(stack, "instance profile holds A's role", side.account_id, profile == [read.arn], detail, fix))
        return rows + passrole_rows(acct, side, read.arn, stack, fix)

    return guarded(stack, "A's role", side.account_id, check)


def passrole_rows(acct: Account, side: DeploymentSide, a_role: str, stack: str, fix: str) -> list[Row]:
    hop = "workspace role passes A's role to EC2"
    ws = acct.cached("role", side.workspace_role_name)
    if ws is None:
        why = (
            f"the workspace role {side.workspace_role_name} does not exist: "
            "deployment_account.workspace_role_name names the workspace's cross-account role"
        )
        return [
            Row(stack, hop, side.account_id, BROKEN, why, "fix deployment_account.workspace_role_name in the config")
        ]
    ec2 = {"iam:PassedToService": arns.service_principal(acct.partition, "ec2")}
    ok = ev.allowed(as_role(ws), "iam:PassRole", a_role, ec2)
    rows = [row(stack, hop, side.account_id, ok, f"{ws.arn} iam:PassRole on {a_role} to EC2", fix)]
    name = side.passrole_policy_name
    got = ws.inline.get(name)
    diffs = ["is missing"] if got is None else drift.differences(side.passrole_policy.to_dict(), got)
    rows += [Row(stack, "PassRole grant as declared", side.account_id, DRIFT, f"{name}: {d}", fix) for d in diffs]
    return rows


# The last part of the service names of the endpoints the chain's calls go through.
# No KMS: a reader of an SSE-KMS stream never calls KMS itself; Kinesis decrypts for it (the decrypt grant is
# conditioned on kms:ViaService), so no KMS call of the chain passes the workspace's KMS endpoint.
CHAIN_SERVICES = (".sts", ".kinesis-streams")


def endpoint_calls(consumer: ConsumerSide, service: str) -> list[tuple[str, str, str]]:
    """(principal, action, resource) of every call the consumer's chain makes through an endpoint of ``service``
    (the last part of its service name): STS the assumption of each pair role, Kinesis the reads (and EFO) of
    each stream."""
    calls: list[tuple[str, str, str]] = []
    side = consumer.deployment
    for pair in consumer.pairs:
        kb, role = pair.pair.cfg.kinesis_account, pair.kinesis.role_arn
        if service == "sts":
            calls.append((side.role_arn if side else role, "sts:AssumeRole", role))
        elif service == "kinesis-streams":
            actions = (*STREAM_READ_ACTIONS, *(EFO_STREAM_ACTIONS if kb.access in ("read-efo", "full") else ()))
            calls += [(role, a, pair.pair.cfg.stream_arn(s.name)) for s in kb.streams for a in actions]
    return calls


def endpoint_rows(ctx: Context, consumer: ConsumerSide) -> list[Row]:
    """Each interface endpoint of ``deployment_account.vpc_endpoint_ids``: its policy lets every call of the chain
    through (PMapper's resource-policy matching); a missing statement is named."""
    cfg = ctx.org.consumer_cfg(consumer.name)
    da = cfg.deployment_account
    if da is None or not (da.vpc_endpoint_ids or da.vpc_id):
        return []
    stack = ctx.org.naming.consumer_stack(consumer.name)
    acct = ctx.account(cfg, "deployment", da.account_id)
    rows: list[Row] = []
    ids = list(da.vpc_endpoint_ids)
    if da.vpc_id:
        vpc = da.vpc_id

        def found() -> list[Row]:
            ids.extend(i for i in acct.endpoints_in(vpc, CHAIN_SERVICES) if i not in ids)
            return []

        rows += guarded(stack, f"endpoints of {vpc}", da.account_id, found)
    for endpoint_id in ids:
        hop = f"endpoint {endpoint_id} lets the chain through"

        def check(endpoint_id: str = endpoint_id, hop: str = hop) -> list[Row]:
            read = acct.endpoint(endpoint_id)
            if read is None:
                why = f"{endpoint_id} does not exist in account {da.account_id} ({cfg.region})"
                return [Row(stack, hop, da.account_id, BROKEN, why, "fix deployment_account.vpc_endpoint_ids")]
            service, policy = read
            calls = endpoint_calls(consumer, service.rsplit(".", 1)[-1])
            if not calls:
                return [Row(stack, hop, da.account_id, HOLDS, f"{service}: no call of the chain goes through it")]
            refused = [f"{a} on {r} for {p}" for p, a, r in calls if not ev.endpoint_allows(p, a, r, policy)]
            if not refused:
                return [Row(stack, hop, da.account_id, HOLDS, f"{service}: its policy allows all {len(calls)} calls")]
            why = f"{service}: no statement of its policy allows"
            fix = f"add to the policy of {endpoint_id} a statement allowing"
            return [Row(stack, hop, da.account_id, BROKEN, f"{why} {call}", f"{fix} {call}") for call in refused]

        rows += guarded(stack, hop, da.account_id, check)
    return rows
