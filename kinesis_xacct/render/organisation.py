"""What the organisation form shows a user: the ``validate`` summary (pairs, stacks) and its RUNBOOK."""

from __future__ import annotations

import dataclasses
from typing import Any

from kinesis_xacct.config.organisation import Organisation, consumer_stack, source_stack
from kinesis_xacct.iam.mesh import ConsumerSide, mesh
from kinesis_xacct.render import diagram, templates, text
from kinesis_xacct.render.modes import mode_text


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


def _prefixed(chain: diagram.Chain, prefix: str, keep: str) -> diagram.Chain:
    """The chain with node IDs prefixed (several pairs in one diagram), except the shared entry node."""

    def rename(node_id: str) -> str:
        return node_id if node_id == keep else f"{prefix}{node_id}"

    nodes = tuple(dataclasses.replace(n, id=rename(n.id)) for n in chain.nodes if n.id != keep)
    edges = tuple(dataclasses.replace(e, source=rename(e.source), target=rename(e.target)) for e in chain.edges)
    return diagram.Chain(nodes, edges)


def _split(chain: diagram.Chain, head_ids: frozenset[str]) -> tuple[diagram.Chain, diagram.Chain]:
    """The chain's nodes of ``head_ids`` with the edges between them, and the rest."""
    inner = {e for e in chain.edges if e.source in head_ids and e.target in head_ids}
    nodes, edges = chain.nodes, chain.edges
    head = diagram.Chain(tuple(n for n in nodes if n.id in head_ids), tuple(e for e in edges if e in inner))
    rest = diagram.Chain(tuple(n for n in nodes if n.id not in head_ids), tuple(e for e in edges if e not in inner))
    return head, rest


def consumer_diagram(consumer: ConsumerSide) -> str:
    """The consumer's access chains, one per pair, from one cluster (Mermaid source)."""
    parts = mode_text(consumer.mode)
    chains = [_split(parts.chain(ps.pair.cfg, ps.kinesis), parts.chain_head) for ps in consumer.pairs]
    chain = chains[0][0]  # the consumer's nodes, drawn once
    for i, (_, rest) in enumerate(chains):
        chain = chain + _prefixed(rest, f"p{i}", parts.chain_entry)
    return diagram.render(chain)


def render_org_runbook(
    org: Organisation,
    config_name: str,
    doc: dict[str, object],
    *,
    cli: str = "cdktf",
    outdir: str = "cdktf.out",
    state_folder: str | None = None,
    locked: dict[str, list[str]] | None = None,
) -> str:
    """The organisation's RUNBOOK (the one template, ``templates/RUNBOOK.md.j2``); ``doc``: the waves document
    (``waves.json``) of the same config; ``state_folder``: the config's local state folder as a command names it
    (None: S3 state); ``locked``: the providers the stacks declare (``synth.locks.provider_locks``)."""
    m = mesh(org)
    columns, matrix = _access_matrix(org)
    stacks_info = doc["stacks"]
    assert isinstance(stacks_info, dict)
    stacks = [dict(info, name=name) for name, info in stacks_info.items()]
    sections = [_consumer_section(org, c, m.consumers[c]) for c in org.consumers]
    waves = doc["waves"]
    assert isinstance(waves, list)
    accounts, who = _accounts(org, stacks)
    first = org.pairs[0].cfg
    return templates.ENV.get_template("RUNBOOK.md.j2").render(
        organisation=True,
        **templates.deploy_parts(
            config_name, outdir, cli, waves, accounts, ("sources.<source>", "consumers.<consumer>"), who
        ),
        config_name=config_name,
        partition=first.partition,
        sources=org.sources,
        consumers=org.consumers,
        pairs=org.pairs,
        columns=columns,
        matrix=matrix,
        stacks=stacks,
        consumer_sections=sections,
        any_job=any(c["job"] for c in sections),
        ci=first.backend.type != "local",  # atlantis.yaml is written for S3 state only
        state_folder=state_folder,
        locked=locked,
    )


def _accounts(org: Organisation, stacks: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Each AWS account's deploy role and profile (sources, then consumers with an AWS account), and per stack
    whose credentials deploy it alone."""
    accounts: list[dict[str, Any]] = []
    for s in org.sources:
        kb = org.source_cfgs[s].kinesis_account
        accounts.append({"label": text.code(s), "deploy_role": kb.deploy_role_arn, "profile": kb.profile})
    for c in org.consumers:
        da = org.consumer_cfg(c).deployment_account
        if da is not None:
            accounts.append({"label": text.code(c), "deploy_role": da.deploy_role_arn, "profile": da.profile})
    who = {
        str(info["name"]): f"account {info['account_id']}'s" if info.get("account_id") else "the workspace's"
        for info in stacks
    }
    return accounts, who


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
        "enabled": cfg.databricks.enabled,
        "job": cfg.databricks.enabled and cfg.databricks.job,
        "cluster_name": cfg.databricks.cluster_name,
        # the service-credential notebook's checkpoints (standard access mode), and who may use them
        "checkpoint_volume": cfg.databricks.checkpoint_volume if cfg.databricks.enabled else None,
        "groups": cfg.databricks.groups,
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
