"""``python -m kinesis_xacct waves CONFIG``: the deployment waves of an organisation config as ``$GITHUB_OUTPUT``
lines (``wave0=[...]``, ``wave1=[...]``), what .github/workflows/organisation.yml's matrix jobs run over. A bad
config: one ``config error:`` line per problem, exit 2; so is local state (``backend.type: local``): each job runs
on a runner of its own, where local state would be lost (``synth.waves.ci_refusal``)."""

from __future__ import annotations

from kinesis_xacct.config import Problem
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.cli import EXIT_CONFIG, load_or_report, report
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.synth.waves import ci_refusal, github_outputs


def run(config: str) -> int:
    """The waves of the organisation config at ``config`` as ``$GITHUB_OUTPUT`` lines."""
    if (org := load_or_report(config)) is None:
        return EXIT_CONFIG
    if not isinstance(org, Organisation):
        return report([Problem("config", f"{config} is not an organisation config (sources, consumers)")])
    if refusal := ci_refusal(org):
        return report([Problem("backend.type", f"local: {refusal}")])
    print("\n".join(github_outputs(org)))
    return 0


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.ops.waves``
    raise SystemExit(as_subcommand("waves"))
