"""What the organisation form shows a user: the ``validate`` summary (pairs, stacks) and its RUNBOOK."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from kinesis_xacct.config import names
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.organisation import Organisation, consumer_stack, source_stack
from kinesis_xacct.iam.mesh import ConsumerSide
from kinesis_xacct.render import diagram, templates, text


def org_summary(org: Organisation, config_name: str) -> str:
    """``make validate`` for an organisation config: one line per pair, then the stacks."""
    lines = [f"{config_name}: valid (organisation: {len(org.sources)} sources, {len(org.consumers)} consumers)"]
    for pair in org.pairs:
        kb = pair.cfg.kinesis_account
        streams = ", ".join(s.name for s in kb.streams)
        lines.append(
            f"  {pair.consumer} -> {pair.source} ({pair.cfg.databricks.auth}, {kb.access}): role {kb.role_name} "
            f"in {kb.account_id}, streams {streams}"
        )
    stacks = [consumer_stack(c) for c in org.consumers] + [source_stack(s) for s in org.sources]
    lines.append(f"  stacks: {', '.join(stacks)}")
    return text.printable_lines(lines)


def _position(cfg: Config) -> str | None:
    """The explicit start position (None: the bounded recent window, computed when the notebook runs)."""
    db = cfg.databricks
    if db.initial_position == "at_timestamp":
        return json.dumps({"at_timestamp": db.initial_timestamp, "format": "yyyy-MM-dd'T'HH:mm:ssZ"})
    return db.initial_position


def render_consumer_notebook(consumer: ConsumerSide) -> str:
    """The consumer's validation notebook: every stream its pairs grant, each with its pair's role ARN and
    external ID (instance-profile mode) or its pair's service credential."""
    cfg = consumer.pairs[0].pair.cfg
    reads = []
    for ps in consumer.pairs:
        pcfg = ps.pair.cfg
        for stream in pcfg.kinesis_account.streams:
            reads.append(
                {
                    "source": ps.pair.source,
                    "stream": stream.name,
                    "region": pcfg.region,
                    "access": pcfg.kinesis_account.access,
                    "consumer_name": names.efo_consumer_name(pcfg, templates.CONSUMER_PURPOSE)
                    if pcfg.kinesis_account.access == "read-efo"
                    else None,
                    "role_arn": ps.kinesis.role_arn,
                    "external_id": pcfg.kinesis_account.external_id,
                    "credential": ps.credential.name if ps.credential else None,
                    "sts_endpoint": templates.sts_endpoint(pcfg),
                }
            )
    return templates.ENV.get_template("validate_organisation.py.j2").render(
        consumer=consumer.name,
        auth=cfg.databricks.auth,
        instance_profile_arn=consumer.deployment.instance_profile_arn if consumer.deployment else None,
        reads=reads,
        window_minutes=cfg.databricks.validation_window_minutes if cfg.databricks.initial_position is None else None,
        max_fetch_rate=templates.MAX_FETCH_RATE,
        initial_position=_position(cfg),
        session_name=templates.SESSION_NAME,
    )


def _prefixed(chain: diagram.Chain, prefix: str, keep: str) -> diagram.Chain:
    """The chain with node IDs prefixed (several pairs in one diagram), except the shared entry node."""

    def rename(node_id: str) -> str:
        return node_id if node_id == keep else f"{prefix}{node_id}"

    nodes = tuple(dataclasses.replace(n, id=rename(n.id)) for n in chain.nodes if n.id != keep)
    edges = tuple(dataclasses.replace(e, source=rename(e.source), target=rename(e.target)) for e in chain.edges)
    return diagram.Chain(nodes, edges)


def consumer_diagram(consumer: ConsumerSide) -> str:
    """The consumer's access chains, one per pair, from one cluster (Mermaid source)."""
    chain: diagram.Chain | None = None
    for i, ps in enumerate(consumer.pairs):
        cfg = ps.pair.cfg
        if consumer.deployment is not None:
            full = diagram.instance_profile_chain(cfg, ps.kinesis, consumer.deployment)
            head_ids = {"cluster", "profile", "roleA"}
            entry = "roleA"
        else:
            assert ps.credential is not None
            full = diagram.service_credential_chain(cfg, ps.kinesis, ps.credential)
            head_ids = {"cluster"}
            entry = "cluster"
        if chain is None:
            head = diagram.Chain(
                tuple(n for n in full.nodes if n.id in head_ids),
                tuple(e for e in full.edges if e.source in head_ids and e.target in head_ids),
            )
            chain = head
        rest = diagram.Chain(
            tuple(n for n in full.nodes if n.id not in head_ids),
            tuple(e for e in full.edges if not (e.source in head_ids and e.target in head_ids)),
        )
        chain = chain + _prefixed(rest, f"p{i}", entry)
    assert chain is not None
    return diagram.render(chain)


def render_org_runbook(
    org: Organisation,
    config_name: str,
    doc: dict[str, object],
    *,
    cli: str = "cdktf",
    outdir: str = "cdktf.out",
    state_folder: str | None = None,
) -> str:
    """The organisation's RUNBOOK; ``doc``: the waves document (``waves.json``) of the same config;
    ``state_folder``: the config's local state folder as a command names it (None: S3 state)."""
    from kinesis_xacct.iam.mesh import mesh

    m = mesh(org)
    columns, matrix = _access_matrix(org)
    stacks_info = doc["stacks"]
    assert isinstance(stacks_info, dict)
    stacks = [dict(info, name=name) for name, info in stacks_info.items()]
    sections = [_consumer_section(org, c, m.consumers[c]) for c in org.consumers]
    waves = doc["waves"]
    assert isinstance(waves, list)
    return templates.ENV.get_template("RUNBOOK-organisation.md.j2").render(
        config_name=config_name,
        partition=org.pairs[0].cfg.partition,
        sources=org.sources,
        consumers=org.consumers,
        pairs=org.pairs,
        columns=columns,
        matrix=matrix,
        stacks=stacks,
        waves=waves,
        all_stacks=[s for wave in waves for s in wave],
        consumer_sections=sections,
        cli=cli,
        outdir=outdir,
        ci=org.pairs[0].cfg.backend.type != "local",  # atlantis.yaml is written for S3 state only
        state_folder=state_folder,
    )


def _access_matrix(org: Organisation) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The access matrix: a column per (source, stream), a row per consumer, each cell the pair's
    kinesis_account (its access) or None."""
    columns = []
    for s in org.sources:
        for stream in org.source_cfgs[s].kinesis_account.streams:
            columns.append({"source": s, "stream": stream.name})
    matrix = []
    for c in org.consumers:
        granted = {
            (p.source, st.name): p.cfg.kinesis_account
            for p in org.pairs_of_consumer(c)
            for st in p.cfg.kinesis_account.streams
        }
        cells = [granted.get((col["source"], col["stream"])) for col in columns]
        matrix.append({"consumer": c, "auth": org.consumer_cfg(c).databricks.auth, "cells": cells})
    return columns, matrix


def _consumer_section(org: Organisation, c: str, side: ConsumerSide) -> dict[str, Any]:
    """A consumer's RUNBOOK section: its stack, workspace, diagram and the pairs it reads."""
    cfg = org.consumer_cfg(c)
    return {
        "name": c,
        "stack": consumer_stack(c),
        "auth": cfg.databricks.auth,
        "host": cfg.databricks.host,
        "deployment": side.deployment,
        "job": cfg.databricks.enabled and cfg.databricks.job,
        "diagram": consumer_diagram(side),
        "pairs": [
            {
                "source": ps.pair.source,
                "role_arn": ps.kinesis.role_arn,
                "access": ps.pair.cfg.kinesis_account.access,
                "streams": [s.name for s in ps.pair.cfg.kinesis_account.streams],
                "external_id": ps.pair.cfg.kinesis_account.external_id,
                "credential": ps.credential.name if ps.credential else None,
            }
            for ps in side.pairs
        ],
    }
