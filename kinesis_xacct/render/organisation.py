"""What the organisation form shows a user: the ``validate`` summary (pairs, stacks) and its RUNBOOK."""

from __future__ import annotations

from kinesis_xacct.config.organisation import Organisation, consumer_stack, source_stack


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
    return "\n".join(lines)
