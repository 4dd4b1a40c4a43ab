"""The organisation form of the config: several stream-owning accounts (``sources``) read by several workspaces
(``consumers``), each read a (consumer, source) pair with its own role, streams, access and external ID.

The unit is the pair. Each pair is written out as a config of today's one-pair form (``kinesis_account`` =
the source with the pair's streams and the read's role, access and external ID; ``deployment_account`` and
``databricks`` = the consumer) and validated by exactly today's rules (``parse_config``), so every rule applies
per pair and per account. Problems are reported under the organisation's own paths
(``consumers.analytics.reads.0.streams.1``): the one-pair paths of a pair map back to where the value was
written. Each source is also checked once with all its streams (streams no consumer reads are still created).

Imports nothing heavy (no cdktf, no provider bindings).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from kinesis_xacct.config import parse_config
from kinesis_xacct.config.messages import did_you_mean, suggestion_budget, type_name
from kinesis_xacct.config.model import Config, ConfigError, short
from kinesis_xacct.config.names import CREDENTIAL_NAME_MAX, bounded
from kinesis_xacct.config.shared_names import Claims, shared_name_problems
from kinesis_xacct.paths import CONSUMER_STACK_PREFIX, SOURCE_STACK_PREFIX, StackNaming

# Keys of the organisation form (top level), of a source, of a consumer and of one read.
TOP_KEYS = ("partition", "region", "tags", "aws_endpoint_url", "backend", "sources", "consumers")
# A source is kinesis_account without what belongs to a pair (role, trust, access, external ID), plus region.
PAIR_KEYS_OF_SOURCE = ("role_name", "external_id", "access", "trust", "trust_ec2_service")
READ_KEYS = ("source", "streams", "access", "external_id", "role_name", "credential_name")
ONE_PAIR_KEYS = ("kinesis_account", "deployment_account", "databricks", "adopt_existing")
# Source and consumer keys name stacks (kinesis-account-<source>, deployment-account-<consumer>), roles and
# credentials: lowercase letters, digits and '-', at most 32 characters.
KEY_RE = re.compile(r"^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$")
KEY_REASON = "a source or consumer key is 1-32 lowercase letters, digits and '-' (it names stacks and roles)"
IAM_NAME_MAX = 64


def is_organisation(data: Any) -> bool:
    """Whether ``data`` is written in the organisation form (it has ``sources`` or ``consumers``)."""
    return isinstance(data, dict) and ("sources" in data or "consumers" in data)


def source_stack(source: str) -> str:
    return SOURCE_STACK_PREFIX + source


def consumer_stack(consumer: str) -> str:
    return CONSUMER_STACK_PREFIX + consumer


def pair_role_name(consumer: str, source: str) -> str:
    """The default name of the pair's role in the source account."""
    return bounded(f"kinesis-xacct-{consumer}-{source}", IAM_NAME_MAX)


def consumer_role_name(consumer: str) -> str:
    """The default name of a consumer's instance-profile role (and instance profile) in its account."""
    return bounded(f"kinesis-xacct-{consumer}", IAM_NAME_MAX)


def pair_credential_name(base: str, source: str) -> str:
    """A pair's credential name when its consumer sets ``databricks.service_credential_name`` (the base): the
    base and the source. Unset, the pair's credential takes the one-pair default (config/names.py), named after
    the pair's role in the source account."""
    return bounded(f"{base}-{source}", CREDENTIAL_NAME_MAX)


@dataclass(frozen=True)
class Selection:
    """What a synth of some stacks builds: the selected stacks in full, and stand-ins (a stack of the same name
    holding only what the selected stacks reference or depend on: a consumer's credentials, a source's use of
    them), so that each selected stack is the same as in a full build."""

    full: frozenset[str]
    stand_ins: frozenset[str]


@dataclass(frozen=True)
class Pair:
    """One (consumer, source) read: ``cfg`` is the pair as a valid one-pair config."""

    consumer: str
    source: str
    index: int  # position in consumers.<consumer>.reads
    cfg: Config

    @property
    def path(self) -> str:
        return f"consumers.{self.consumer}.reads.{self.index}"


@dataclass(frozen=True)
class Organisation:
    """A valid organisation config: its pairs (in config order: consumer by consumer, read by read) and, per
    source, the source with all its streams as a one-pair config (``source_cfgs``, for what the source's stack
    holds once: created streams and their keys, the provider)."""

    sources: tuple[str, ...]
    consumers: tuple[str, ...]
    pairs: tuple[Pair, ...]
    source_cfgs: dict[str, Config] = field(default_factory=dict)
    naming: StackNaming = StackNaming()

    def pairs_of_source(self, source: str) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if p.source == source)

    def pairs_of_consumer(self, consumer: str) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if p.consumer == consumer)

    def consumer_cfg(self, consumer: str) -> Config:
        """The consumer's settings (deployment_account, databricks) as the first of its pairs has them."""
        return self.pairs_of_consumer(consumer)[0].cfg


ONE_PAIR_SOURCE = "kinesis"
ONE_PAIR_CONSUMER = "deployment"


def organisation_of(cfg: Config) -> Organisation:
    """A valid one-pair config as an organisation of one: one source, one consumer, one pair (the config
    itself), named so that its stacks keep their one-pair names."""
    pair = Pair(consumer=ONE_PAIR_CONSUMER, source=ONE_PAIR_SOURCE, index=0, cfg=cfg)
    return Organisation(
        sources=(ONE_PAIR_SOURCE,),
        consumers=(ONE_PAIR_CONSUMER,),
        pairs=(pair,),
        source_cfgs={ONE_PAIR_SOURCE: cfg},
        naming=StackNaming(one_pair=True),
    )


# ------------------------------------------------------------------------------------------------ parsing


def _unknown_keys(node: dict[str, Any], allowed: tuple[str, ...], path: str) -> list[tuple[str, str]]:
    return [
        (f"{path}.{key}" if path else str(key), f"unknown key{did_you_mean(key, list(allowed))}")
        for key in node
        if key not in allowed
    ]


def _mapping(data: Any, path: str, problems: list[tuple[str, str]]) -> dict[str, Any] | None:
    if isinstance(data, dict):
        return data
    problems.append((path, f"must be a mapping of keys, got {type_name(data)}"))
    return None


class _PathMap:
    """Maps a one-pair config's paths (and the paths named inside reasons) to the organisation's."""

    def __init__(self, source: str, consumer: str, read: str, streams: list[int], has_region: bool, credential: bool):
        """``read``: the read's path; ``streams``: the source's index of each stream of the pair's list;
        ``credential``: the read names the pair's credential."""
        src, con = f"sources.{source}", f"consumers.{consumer}"
        rules: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
            (r"\bkinesis_account\.streams\.(\d+)", lambda m: f"{src}.streams.{streams[int(m[1])]}"),
            *((rf"\bkinesis_account\.{key}\b", f"{read}.{key}") for key in PAIR_KEYS_OF_SOURCE),
            (r"\bkinesis_account\b", src),
            (r"\bdeployment_account\b", con),
            *([(r"\bdatabricks\.service_credential_name\b", f"{read}.credential_name")] if credential else []),
            (r"\bdatabricks\b(?=[.:\s]|$)", f"{con}.databricks"),
            *([(r"^region$", f"{src}.region")] if has_region else []),
        ]
        self.rules = [(re.compile(pattern), repl) for pattern, repl in rules]

    def path(self, path: str) -> str:
        for pattern, repl in self.rules:
            new, n = pattern.subn(repl, path, count=1)
            if n:
                return new
        return path

    def reason(self, reason: str) -> str:
        # Only the dotted names of the one-pair form inside a reason; other words stay.
        for pattern, repl in self.rules:
            if pattern.pattern.startswith("^"):
                continue
            reason = pattern.sub(repl, reason)
        return reason


def _copy(value: Any) -> Any:
    """A deep copy of plain YAML data (mappings, lists, scalars), several times faster than ``copy.deepcopy``
    (an organisation of a thousand pairs copies its sources' streams a thousand times)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    return copy.deepcopy(value)


def _pair_data(
    top: dict[str, Any], source: str, src: dict[str, Any], consumer: str, con: dict[str, Any], read: dict[str, Any]
) -> dict[str, Any]:
    """The one-pair config of a read (plain data, as written; defaults of the organisation filled in)."""
    data: dict[str, Any] = {k: _copy(v) for k, v in top.items() if k not in ("sources", "consumers")}
    kinesis = {k: _copy(v) for k, v in src.items() if k not in ("region", "streams")}
    if "streams" in src:
        # The stream entries are shared between the pairs of a source, not copied: parse_config only reads its
        # input (the model builds its own objects), and a source of 200 streams read by 1,000 consumers would
        # otherwise be copied 1,000 times.
        streams = src["streams"]
        kinesis["streams"] = list(streams) if isinstance(streams, list) else _copy(streams)
    if "region" in src:
        data["region"] = src["region"]
    kinesis["role_name"] = read.get("role_name", pair_role_name(consumer, source))
    kinesis.update({key: read[key] for key in ("external_id", "access") if key in read})
    data["kinesis_account"] = kinesis
    databricks = _copy(con.get("databricks", {}))
    deployment = {k: _copy(v) for k, v in con.items() if k not in ("databricks", "reads")}
    service_credential = isinstance(databricks, dict) and databricks.get("auth") == "service-credential"
    if service_credential:
        base = databricks.get("service_credential_name")
        if "credential_name" in read:
            databricks["service_credential_name"] = read["credential_name"]
        elif isinstance(base, str):
            databricks["service_credential_name"] = pair_credential_name(base, source)
    else:
        deployment.setdefault("role_name", consumer_role_name(consumer))
        deployment.setdefault("instance_profile_name", consumer_role_name(consumer))
    if deployment or not service_credential:  # service-credential: nothing in A's account, the section is optional
        data["deployment_account"] = deployment
    data["databricks"] = databricks
    return data


Problems = list[tuple[str, str]]


@dataclass(frozen=True)
class _Read:
    """One read as written, its source's shape, and the positions of its streams in the source's list."""

    consumer: str
    index: int  # position in consumers.<consumer>.reads
    source: str
    con: dict[str, Any]
    read: dict[str, Any]
    src: dict[str, Any]
    streams: list[int]


def parse_organisation(data: dict[str, Any]) -> Organisation:
    """Validate an organisation config: an :class:`Organisation`, or :class:`ConfigError` with every problem.

    In order: the top level, each source's own shape, each consumer's reads, then each pair (and each source
    with all its streams) through the one-pair rules, and the rules across pairs."""
    problems: Problems = []
    with suggestion_budget():
        sources, consumers = _top_level(data, problems)
        good_sources, stream_names = _sources(sources, problems)
        reads = [
            read
            for cname, con in consumers.items()
            for read in _consumer_reads(cname, con, sources, good_sources, stream_names, problems)
        ]
        read_sources = {r.source for r in reads}
        unread = [s for s in good_sources if consumers and s not in read_sources]
        problems += [(f"sources.{s}", "no consumer reads this source (add it to a consumer's reads)") for s in unread]
        valid, source_cfgs = _pairs(data, reads, problems)
        problems += _mesh_problems(valid)
        written = {(r.consumer, r.source): (r.con, r.read) for r in reads}
        problems += [p for p in shared_name_problems(valid, written) if p not in problems]
    if problems:
        raise ConfigError(problems)
    return Organisation(
        sources=tuple(good_sources),
        consumers=tuple(c for c in consumers if any(p.consumer == c for p in valid)),
        pairs=tuple(valid),
        source_cfgs=source_cfgs,
    )


def _top_level(data: dict[str, Any], problems: Problems) -> tuple[dict[str, Any], dict[str, Any]]:
    """The top level's keys; the sources and consumers mappings (empty where missing or not a mapping)."""
    for key in ONE_PAIR_KEYS:
        if key in data:
            problems.append(
                (
                    key,
                    "is a key of the one-pair form; in the organisation form the stream accounts are "
                    "`sources` and the workspaces are `consumers` (each with its `databricks` and `reads`)",
                )
            )
    problems += _unknown_keys(data, TOP_KEYS + ONE_PAIR_KEYS, "")
    if "region" not in data:
        problems.append(("region", "required key is missing (the default AWS region of the sources, e.g. us-east-1)"))
    kinds = {"sources": "the stream-owning accounts, by name", "consumers": "the workspaces reading them, by name"}
    found = {key: _mapping(data[key], key, problems) if key in data else None for key in kinds}
    problems += [(key, f"required key is missing ({what})") for key, what in kinds.items() if key not in data]
    problems += [(key, f"must name at least one {key[:-1]}") for key in kinds if found[key] == {}]
    return found["sources"] or {}, found["consumers"] or {}


def _sources(sources: dict[str, Any], problems: Problems) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    """Each source's own shape: the well-formed sources (without pair keys) and the names of their streams."""
    stream_names: dict[str, list[str]] = {}
    good_sources: dict[str, dict[str, Any]] = {}
    for name, src in sources.items():
        path = f"sources.{name}"
        if not isinstance(name, str) or not KEY_RE.fullmatch(name):
            problems.append((path, f"{short(name)}: {KEY_REASON}"))
            continue
        src = _mapping(src, path, problems)
        if src is None:
            continue
        for key in PAIR_KEYS_OF_SOURCE:
            if key in src:
                problems.append(
                    (
                        f"{path}.{key}",
                        f"is a key of each pair in the organisation form: set it on the read "
                        f"(consumers.<consumer>.reads.<n>.{key})",
                    )
                )
        good_sources[name] = {k: v for k, v in src.items() if k not in PAIR_KEYS_OF_SOURCE}
        streams = src.get("streams")
        listed = streams if isinstance(streams, list) else []
        stream_names[name] = [s["name"] for s in listed if isinstance(s, dict) and isinstance(s.get("name"), str)]
    return good_sources, stream_names


def _consumer_reads(
    cname: Any,
    con: Any,
    sources: dict[str, Any],
    good_sources: dict[str, dict[str, Any]],
    stream_names: dict[str, list[str]],
    problems: Problems,
) -> list[_Read]:
    """A consumer's well-formed reads of well-formed sources (each source once)."""
    path = f"consumers.{cname}"
    if not isinstance(cname, str) or not KEY_RE.fullmatch(cname):
        problems.append((path, f"{short(cname)}: {KEY_REASON}"))
        return []
    con = _mapping(con, path, problems)
    if con is None:
        return []
    reads = con.get("reads")
    if "reads" not in con:
        problems.append((f"{path}.reads", "required key is missing (the sources this workspace reads)"))
        return []
    if not isinstance(reads, list) or not reads:
        problems.append((f"{path}.reads", "must be a non-empty list of {source: ..., streams: [...]}"))
        return []
    found: list[_Read] = []
    seen: dict[str, int] = {}
    for i, read in enumerate(reads):
        rpath = f"{path}.reads.{i}"
        read = _mapping(read, rpath, problems)
        if read is None:
            continue
        problems += _unknown_keys(read, READ_KEYS, rpath)
        sname = read.get("source")
        if "source" not in read:
            problems.append((f"{rpath}.source", "required key is missing (the key of a source)"))
            continue
        if not isinstance(sname, Hashable):  # a list or mapping is no key at all (and cannot be looked up)
            problems.append(
                (
                    f"{rpath}.source",
                    f"must be the key of a source, got {type_name(sname)}{did_you_mean(sname, list(sources))}",
                )
            )
            continue
        if sname not in sources:
            problems.append((f"{rpath}.source", f"unknown source {short(sname)}{did_you_mean(sname, list(sources))}"))
            continue
        if sname not in good_sources:
            continue
        if sname in seen:
            problems.append((f"{rpath}.source", f"{sname!r} is already read by {path}.reads.{seen[sname]}"))
            continue
        seen[sname] = i
        index = _read_streams(read.get("streams"), rpath, sname, good_sources[sname], stream_names[sname], problems)
        if index is not None:
            found.append(_Read(cname, i, sname, con, read, good_sources[sname], index))
    return found


def _read_streams(
    wanted: Any, rpath: str, sname: str, src: dict[str, Any], known: list[str], problems: Problems
) -> list[int] | None:
    """The positions in the source's list of the streams a read names (all when it names none); None when a
    name is wrong."""
    if wanted is None:
        streams = src.get("streams")  # not a list: the one-pair rules say so, under the source's path
        return list(range(len(streams))) if isinstance(streams, list) else []
    if not isinstance(wanted, list) or not wanted:
        problems.append((f"{rpath}.streams", "must be a non-empty list of stream names of the source"))
        return None
    index: list[int] = []
    taken: set[int] = set()
    position = {name: k for k, name in reversed(list(enumerate(known)))}  # a name's first position
    bad = False
    for j, stream in enumerate(wanted):
        if not isinstance(stream, str) or stream not in position:
            problems.append(
                (
                    f"{rpath}.streams.{j}",
                    f"unknown stream {short(stream)} of source {sname!r}{did_you_mean(stream, known)}",
                )
            )
            bad = True
        elif position[stream] in taken:
            problems.append((f"{rpath}.streams.{j}", f"duplicate stream {stream!r}"))
            bad = True
        else:
            index.append(position[stream])
            taken.add(position[stream])
    return None if bad else index


def _pairs(data: dict[str, Any], reads: list[_Read], problems: Problems) -> tuple[list[Pair], dict[str, Config]]:
    """Each pair (and, once, each source with all its streams) through the one-pair rules, under the
    organisation's paths: the valid pairs and the sources' one-pair configs."""
    top = {k: v for k, v in data.items() if k in TOP_KEYS}
    valid: list[Pair] = []
    source_cfgs: dict[str, Config] = {}
    checked_sources: set[str] = set()
    reported = set(problems)

    def check(r: _Read, chosen: list[int], streams: Any) -> Config | None:
        """The read's pair with the ``chosen`` ones of ``streams`` (the source's list) as a one-pair config."""
        pair_src = dict(r.src)
        if isinstance(r.src.get("streams"), list):
            pair_src["streams"] = [streams[k] for k in chosen]
        rpath = f"consumers.{r.consumer}.reads.{r.index}"
        mapper = _PathMap(r.source, r.consumer, rpath, chosen, "region" in r.src, "credential_name" in r.read)
        try:
            return parse_config(_pair_data(top, r.source, pair_src, r.consumer, r.con, r.read))
        except ConfigError as err:
            for p, reason in err.problems:
                item = (mapper.path(p), mapper.reason(reason))
                if item not in reported:
                    reported.add(item)
                    problems.append(item)
            return None

    for r in reads:
        streams = r.src.get("streams")
        # Once the source's streams passed the one-pair rules with all of them (what a stream's rules depend on,
        # partition, region and account, is the source's), a later pair takes those validated streams as they are
        # instead of checking each stream again per pair.
        validated = source_cfgs.get(r.source)
        if (cfg := check(r, r.streams, validated.kinesis_account.streams if validated else streams)) is not None:
            valid.append(Pair(r.consumer, r.source, r.index, cfg))
        if r.source not in checked_sources:
            checked_sources.add(r.source)
            every = list(range(len(streams))) if isinstance(streams, list) else []
            if (full := check(r, every, streams)) is not None:
                source_cfgs[r.source] = full
    return valid, source_cfgs


def _mesh_problems(pairs: list[Pair]) -> list[tuple[str, str]]:
    """Rules across pairs: names that would collide in one account, one account being both kinds."""
    problems: list[tuple[str, str]] = []
    roles = Claims()
    consumer_accounts: dict[str, str] = {}
    source_accounts: dict[str, str] = {}
    streams: dict[tuple[str, str, str], str] = {}
    seen: dict[str, set[str]] = {}  # per source, the stream names already checked (its pairs share them)

    def role(account: str, name: str, where: str) -> None:
        problems.extend(roles.claim((account, name), where, f"role {name!r} in account {account}"))

    for pair in pairs:
        kb, cfg = pair.cfg.kinesis_account, pair.cfg
        source_accounts.setdefault(pair.source, kb.account_id)
        role(kb.account_id, kb.role_name, f"{pair.path}.role_name")
        checked = seen.setdefault(pair.source, set())
        at = f"sources.{pair.source}"
        for s in kb.streams:
            if s.name in checked:
                continue
            checked.add(s.name)
            first = streams.setdefault((kb.account_id, cfg.region, s.name), at)
            if first != at:
                problems.append(
                    (
                        f"{at}.streams",
                        f"stream {s.name!r} in account {kb.account_id}, {cfg.region} is also a stream of "
                        f"{first}: one stream belongs to one source",
                    )
                )
        if cfg.deployment_account is not None and not cfg.uses_service_credential:
            consumer_accounts.setdefault(pair.consumer, cfg.deployment.account_id)
            role(cfg.deployment.account_id, cfg.deployment.role_name, f"consumers.{pair.consumer}.role_name")
    for consumer, account in consumer_accounts.items():
        for source, s_account in source_accounts.items():
            if account == s_account:
                problems.append(
                    (
                        f"consumers.{consumer}.account_id",
                        f"is the account of sources.{source}; a workspace's account and a stream account differ",
                    )
                )
    return sorted(set(problems), key=problems.index)
