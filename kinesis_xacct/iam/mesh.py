"""The organisation's sides: what each pair gets (exactly what today's one-pair builders compute for the pair's
config), grouped per account.

* A source account holds its created streams and their keys once (a created key's policy names every pair
  role that reads the stream), and one role per consumer that reads it: the pair's :class:`KinesisSide`.
* A consumer account in instance-profile mode holds one role and instance profile whose policy is the union
  of its pairs' assume statements (:class:`DeploymentSide`); in service-credential mode one credential per pair
  (:class:`CredentialSide`). The consumer's mode (``iam.modes``) supplies either.

Pure Python; no cdktf.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kinesis_xacct.config.organisation import Organisation, Pair
from kinesis_xacct.iam import existing, suppressions
from kinesis_xacct.iam.document import PolicyDocument
from kinesis_xacct.iam.modes import AuthMode, CredentialSide, DeploymentSide, mode_of
from kinesis_xacct.iam.policies import CreatedStream, KinesisSide, kinesis_side, stream_key_policy
from kinesis_xacct.iam.suppressions import CheckovSuppression


@dataclass(frozen=True)
class PairSides:
    """One (consumer, source) pair: its role in the source account and what the consumer holds for it."""

    pair: Pair
    kinesis: KinesisSide  # the pair's role (its created_streams are not used: the source holds them once)
    credential: CredentialSide | None  # service-credential mode
    role_skips: tuple[CheckovSuppression, ...] = ()  # checkov's findings on the pair's role, explained


@dataclass(frozen=True)
class SourceSide:
    name: str
    account_id: str
    pairs: tuple[PairSides, ...]
    created_streams: tuple[CreatedStream, ...]  # once per source; key policies name every reading pair role
    readers: dict[str, tuple[str, ...]]  # created stream name -> the consumers whose pair role reads it
    stream_arns: tuple[str, ...]
    # What the config says exists already, read by the source's stack as data sources (iam/existing.py): the
    # existing streams (create: false) and, by stream name, the given KMS key to describe.
    existing_streams: tuple[str, ...] = ()
    stream_keys: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ConsumerSide:
    name: str
    pairs: tuple[PairSides, ...]
    mode: AuthMode  # the consumer's (every pair of a consumer has its mode)
    deployment: DeploymentSide | None  # instance-profile mode: one role + instance profile for all pairs


@dataclass(frozen=True)
class Mesh:
    sources: dict[str, SourceSide]
    consumers: dict[str, ConsumerSide]


def shared_key_policy(source_pairs: tuple[Pair, ...], fallback: PolicyDocument) -> PolicyDocument:
    """A created key's policy for the pairs reading its stream: the statements of today's key policy, with the
    pair roles' statement once per distinct set of actions (its principals: every pair role with that use)."""
    if not source_pairs:
        return PolicyDocument("resource", [s for s in fallback.statements if s.sid != "CrossAccountRoleUse"])
    documents = [stream_key_policy(p.cfg) for p in source_pairs]
    first = documents[0].statements
    role_uses: dict[tuple[str, ...], list[str]] = {}
    template = next(s for s in first if s.sid == "CrossAccountRoleUse")
    for doc in documents:
        use = doc.by_sid()["CrossAccountRoleUse"]
        principals = role_uses.setdefault(use.actions, [])
        principals += [p for p in use.principals["AWS"] if p not in principals]
    statements = [s for s in first if s.sid != "CrossAccountRoleUse"]
    for i, (actions, principals) in enumerate(sorted(role_uses.items(), key=lambda kv: len(kv[0]))):
        sid = template.sid if i == 0 else f"{template.sid}{i + 1}"
        statements.append(
            dataclasses.replace(template, sid=sid, actions=actions, principals={"AWS": tuple(principals)})
        )
    return PolicyDocument("resource", statements)


def mesh(org: Organisation) -> Mesh:
    pair_sides = {
        (p.consumer, p.source): PairSides(
            pair=p,
            kinesis=kinesis_side(p.cfg),
            credential=mode_of(p.cfg).pair_credential(p),
            role_skips=tuple(suppressions.checkov_skips(p.cfg, suppressions.KINESIS_ROLE)),
        )
        for p in org.pairs
    }
    sources: dict[str, SourceSide] = {}
    for name in org.sources:
        pairs = org.pairs_of_source(name)
        full = kinesis_side(org.source_cfgs[name])
        created = []
        readers: dict[str, tuple[str, ...]] = {}
        for stream in full.created_streams:
            reading = tuple(p for p in pairs if any(s.name == stream.name for s in p.cfg.kinesis_account.streams))
            readers[stream.name] = tuple(p.consumer for p in reading)
            if stream.key_policy is not None:
                stream = dataclasses.replace(stream, key_policy=shared_key_policy(reading, stream.key_policy))
            created.append(stream)
        sources[name] = SourceSide(
            name=name,
            account_id=full.account_id,
            pairs=tuple(pair_sides[(p.consumer, p.source)] for p in pairs),
            created_streams=tuple(created),
            readers=readers,
            stream_arns=full.stream_arns,
            existing_streams=existing.existing_stream_names(org.source_cfgs[name]),
            stream_keys=existing.described_keys(org.source_cfgs[name]),
        )
    consumers: dict[str, ConsumerSide] = {}
    for name in org.consumers:
        pairs = org.pairs_of_consumer(name)
        mode = mode_of(pairs[0].cfg)
        consumers[name] = ConsumerSide(
            name=name,
            pairs=tuple(pair_sides[(p.consumer, p.source)] for p in pairs),
            mode=mode,
            deployment=mode.consumer_deployment(pairs),
        )
    return Mesh(sources=sources, consumers=consumers)
