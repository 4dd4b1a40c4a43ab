"""The one command line: ``python -m kinesis_xacct <subcommand> [options]`` (what every ``make`` target runs).

One parser, one config default (``--config``, else ``$XACCT_CONFIG``, else ``config/example.yaml`` of the working
folder or of this project), one output default (``--out``, else ``$CDKTF_OUTDIR``, else ``cdktf.out``), one
meaning of ``--stacks`` (stack names of the config, either form, spaces or commas between) and one exit-code table
(:data:`EXIT_CODES`, printed by ``--help``). Each subcommand calls one function of its module; nothing heavy
(the framework, boto3, the Databricks SDK) is imported before the config has been checked.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys

from kinesis_xacct import paths

EXIT_CODES = """exit status (every subcommand):
  0  done (plan: no changes; locks: no lock held)
  1  a failure after the config was read (a synth, a CLI run, a validation job, checkov's findings)
  2  a config or usage error: one `config error: <path>: <reason>` line per problem, nothing written or run
     (plan: 2 = changes, so that CI can tell them apart; a bad config or any error is 1 for plan)
  3  locks: at least one state lock is held (printed with the command that clears it)
verify: 0 = everything checked holds; 1 = a hop broken, a part drifted or a read failed.
the cdktf CLI's own status is passed on by deploy and destroy."""

SUBCOMMANDS: dict[str, str] = {
    "validate": "check a config and show what would be created where",
    "check": "check a config: only the error lines (exit 2 on a problem)",
    "synth": "cdktf synth --hcl: the config's stacks as HCL into --out",
    "plan": "synth, then terraform plan per stack (dependencies first): a diff each and a summary",
    "deploy": "cdktf deploy of the config's stacks (an organisation: wave by wave)",
    "destroy": "cdktf destroy of the config's stacks (an organisation: waves in reverse)",
    "run-validation": "run each consumer's deployed validation job; record counts per consumer and stream",
    "waves": "an organisation's deployment waves as $GITHUB_OUTPUT lines (the CI matrix)",
    "locks": "S3 state locks held on the config's stacks, and how to clear a stale one",
    "verify": "read the deployed chain back from the accounts (read-only) and prove each hop again",
    "policies": "every IAM document the config's stacks declare, as JSON files with a manifest (Access Analyzer)",
    "checkov": "checkov (offline) over the synthesized stacks in --out: console, SARIF and JUnit reports",
    "demo": "deploy a config's stacks into emulated AWS accounts (wave by wave), check each pair, destroy",
    "lock-providers": "renew locks/<stack>.terraform.lock.hcl (provider versions and checksums)",
    "docs": "regenerate docs/config.md (config reference) and docs/permissions.md",
}


def _subcommand(
    subs: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    *,
    config: bool = True,
    out: bool = True,
    stacks: bool = False,
    positional: bool = False,
) -> argparse.ArgumentParser:
    """One subcommand with the options it shares with others (one spelling and help for each)."""
    sub = subs.add_parser(
        name,
        help=SUBCOMMANDS[name],
        description=SUBCOMMANDS[name],
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if config:
        sub.add_argument("--config", help="the config file (default: $XACCT_CONFIG, else config/example.yaml)")
    if positional:
        sub.add_argument("config_arg", nargs="?", metavar="CONFIG", help="the config file (as --config)")
    if out:
        sub.add_argument("--out", help="the output folder (default: $CDKTF_OUTDIR, else cdktf.out)")
    if stacks:
        sub.add_argument(
            "--stacks", default="", help="only these stacks of the config (names, spaces or commas between)"
        )
    return sub


def _lock_provider_options(locks: argparse.ArgumentParser) -> None:
    locks.add_argument(
        "--platforms",
        default=os.environ.get("PLATFORMS") or "linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64",
        help="space- or comma-separated <os>_<arch> list",
    )
    locks.add_argument(
        "--fs-mirror",
        default=os.environ.get("FS_MIRROR") or None,
        help="a filesystem mirror to lock from ('none': the registries only); default: the "
        "mirror of the CLI config in TF_CLI_CONFIG_FILE, if any",
    )
    locks.add_argument(
        "--upgrade",
        action="store_true",
        default=os.environ.get("UPGRADE") == "1",
        help="drop the locked versions first: take the newest the constraints allow",
    )
    locks.add_argument("--locks-dir", default=None, help="default $XACCT_PROVIDER_LOCKS or locks/")
    locks.add_argument("--strict", action="store_true", help="exit 1 when a provider could not be locked")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m kinesis_xacct",
        description="kinesis-xacct: Databricks <-> Amazon Kinesis cross-account access from one YAML config "
        "(a one-pair config or an organisation of sources and consumers; every subcommand takes either).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subs = top.add_subparsers(dest="command", metavar="<subcommand>", required=True)

    add = functools.partial(_subcommand, subs)
    add("validate", out=False, positional=True)
    add("check", out=False, positional=True)
    add("synth", stacks=True)
    add("plan", stacks=True)
    for verb in ("deploy", "destroy"):
        add(verb, stacks=True).add_argument(
            "--dry-run", action="store_true", help="print the CLI command lines, run nothing"
        )
    add("run-validation")
    add("waves", out=False, positional=True)
    add("locks", positional=True)
    verify = add("verify", stacks=True)
    verify.add_argument("--json", action="store_true", help="the findings as JSON (for CI)")
    verify.add_argument("--json-file", help="also write the findings as JSON to this file (the table is printed)")
    add("policies", out=False).add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="the folder for the documents: a new path, an empty folder, or one this subcommand wrote before",
    )
    add("checkov").add_argument("reports", nargs="?", default="reports", help="the reports' folder (default: reports)")
    add("demo", out=False).add_argument(
        "--keep", metavar="DIR", help="work in DIR and keep it (state, logs, cdktf.out)"
    )
    _lock_provider_options(add("lock-providers", out=False))
    docs = add("docs", config=False, out=False)
    docs.add_argument("--config-reference", default="docs/config.md", help="where the config reference goes")
    docs.add_argument("--permissions", default="docs/permissions.md", help="where the permissions page goes")
    return top


def given_config(args: argparse.Namespace) -> str:
    """The config a subcommand reads: ``--config``, the positional CONFIG, ``$XACCT_CONFIG``, else
    ``config/example.yaml`` of the working folder, else of this project (``check`` works from any folder)."""
    given = args.__dict__.get("config") or args.__dict__.get("config_arg") or os.environ.get("XACCT_CONFIG")
    if given:
        return str(given)
    return paths.DEFAULT_CONFIG if os.path.exists(paths.DEFAULT_CONFIG) else str(paths.ROOT / paths.DEFAULT_CONFIG)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    config = args.config = given_config(args)
    out = args.__dict__.get("out") or os.environ.get("CDKTF_OUTDIR") or paths.DEFAULT_OUTDIR
    stacks = args.__dict__.get("stacks") or None
    command: str = args.command
    from kinesis_xacct.cdk.toolchain import tool_env

    # Every subcommand runs in the one tool environment, as under make: the project's Node (the in-process
    # framework of `docs` and the CLIs start it), its Terraform CLI config, no telemetry or deprecation notices.
    try:
        os.environ.update(tool_env())
    except ValueError as err:  # XACCT_FRAMEWORK names no framework: a usage error (exit 2), no traceback
        parser().error(str(err))
    return _dispatch(args, command, config, out, stacks)


def _dispatch(args: argparse.Namespace, command: str, config: str, out: str, stacks: str | None) -> int:
    """The subcommand's one call (imports stay explicit, for the import contract)."""
    if command in ("validate", "check"):
        return validate(config, summary=command == "validate")
    if command == "synth":
        from kinesis_xacct.ops import synth

        return synth.run(config, out, stacks)
    if command == "plan":
        from kinesis_xacct.ops import plan

        return plan.run(config, out, stacks)
    if command in ("deploy", "destroy"):
        from kinesis_xacct.ops import deploy

        return deploy.run(command, config, out, stacks, dry_run=args.dry_run)
    if command == "run-validation":
        from kinesis_xacct.ops import run_validation

        return run_validation.run(config, out)
    if command == "waves":
        from kinesis_xacct.ops import waves

        return waves.run(config)
    if command == "locks":
        from kinesis_xacct.ops import state_locks

        return state_locks.run(config, out)
    if command == "verify":
        from kinesis_xacct.ops import verify

        return verify.run(config, out, stacks, as_json_output=args.json, json_file=args.json_file)
    if command == "policies":
        from kinesis_xacct.ops import policy_files

        return policy_files.run(config, args.out)
    if command == "checkov":
        return checkov(config, out, args.reports)
    if command == "demo":
        from kinesis_xacct.sandbox import demo

        return demo.run(config, args.keep)
    if command == "lock-providers":
        from kinesis_xacct.ops import lock_providers

        return lock_providers.run(args)
    assert command == "docs"
    from kinesis_xacct.config import reference
    from kinesis_xacct.ops import permissions

    return reference.main([args.config_reference]) or permissions.main([args.permissions])


def validate(path: str, *, summary: bool) -> int:
    """``check``: the config's problems, if any (exit 2); ``validate``: also what would be created where."""
    from kinesis_xacct.config.organisation import Organisation
    from kinesis_xacct.ops.cli import EXIT_CONFIG, load_or_report

    if (cfg := load_or_report(path)) is None:
        return EXIT_CONFIG
    if not summary:
        return 0
    if isinstance(cfg, Organisation):
        from kinesis_xacct.render.organisation import org_summary

        print(org_summary(cfg, path))
    else:
        from kinesis_xacct.render.summary import summary as pair_summary

        print(pair_summary(cfg, path))
    return 0


def checkov(config: str, out: str, reports: str) -> int:
    """checkov over every stack synthesized in ``out`` (``make checkov`` synthesizes ``config`` first, with its
    ``STACKS``); the config is checked so that a bad one is refused as by every subcommand."""
    from pathlib import Path

    from kinesis_xacct.ops.checkov_run import write_reports
    from kinesis_xacct.ops.cli import EXIT_CONFIG, load_or_report

    if load_or_report(config) is None:
        return EXIT_CONFIG
    return write_reports(Path(out), Path(reports))


if __name__ == "__main__":
    raise SystemExit(main())
