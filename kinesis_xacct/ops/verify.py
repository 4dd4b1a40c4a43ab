"""``make verify`` (``python -m kinesis_xacct verify``): read the deployed chain back from the accounts and prove
it again, live (docs/verify.md).

For every pair of the config (a one-pair config is an organisation of one): B's role (trust, inline and attached
policies), A's role, instance profile and the workspace role's PassRole grant, the streams (existence,
encryption), the key policies of their KMS keys and the EFO consumers of this deployment are read with the
credentials each stack's deploy uses, and each consumer's workspace (with Databricks credentials) with the
Databricks SDK; each hop is proven again with PMapper on the documents read, and each part
compared with what the stacks declare. Read-only: nothing is created, changed or deleted.

Exit status: 0 everything checked holds; 1 a hop is broken, a part drifted, or a read failed; 2 a config error.
"""

from __future__ import annotations

from pathlib import Path

from kinesis_xacct.config import Config
from kinesis_xacct.config.organisation import Organisation, organisation_of
from kinesis_xacct.ops.cli import EXIT_CONFIG
from kinesis_xacct.ops.verify_report import Row, as_json, as_table, exit_status


def findings(cfg: Config | Organisation, config: str, out: str, wanted: list[str]) -> list[Row]:
    """Every row of the config's pairs and parts (only those of the stacks in ``wanted``, when given)."""
    from kinesis_xacct.iam.mesh import mesh
    from kinesis_xacct.ops import verify_databricks as workspace
    from kinesis_xacct.ops import verify_hops as checks
    from kinesis_xacct.ops import verify_parts as parts

    org = cfg if isinstance(cfg, Organisation) else organisation_of(cfg)
    ctx = checks.Context(config, out, org, mesh(org), {})
    naming = org.naming
    rows: list[Row] = []
    consumers = [c for n, c in ctx.mesh.consumers.items() if not wanted or naming.consumer_stack(n) in wanted]
    for consumer in consumers:
        rows += parts.consumer_rows(ctx, consumer) + parts.endpoint_rows(ctx, consumer)
    for name, source in ctx.mesh.sources.items():
        if wanted and naming.source_stack(name) not in wanted:
            continue
        rows += parts.source_rows(ctx, source)
        for pair in source.pairs:
            rows += checks.pair_rows(ctx, pair)
    return rows + [r for consumer in consumers for r in workspace.rows(ctx, consumer)]


def run(
    config: str, out: str, stacks: str | None = None, *, as_json_output: bool = False, json_file: str | None = None
) -> int:
    """Verify ``config``'s deployed chain (its pairs whose source stack is among ``stacks``, when given)."""
    from kinesis_xacct.ops.deploy import load_selection

    if (loaded := load_selection(config, stacks)) is None:
        return EXIT_CONFIG
    cfg, wanted = loaded
    rows = findings(cfg, config, out, wanted)
    print(as_json(rows, config) if as_json_output else as_table(rows), flush=True)
    if json_file:  # one read of the accounts for both: the table to read, the JSON for tools
        Path(json_file).write_text(as_json(rows, config) + "\n", encoding="utf-8")
    return exit_status(rows)
