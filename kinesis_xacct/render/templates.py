"""Jinja2 rendering of the notebook and the runbook (StrictUndefined: a missing value is an error)."""

from __future__ import annotations

import json
from typing import Any

import jinja2

from kinesis_xacct import paths
from kinesis_xacct.config import names
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.organisation import ONE_PAIR_CONSUMER, organisation_of
from kinesis_xacct.iam.mesh import ConsumerSide, mesh
from kinesis_xacct.iam.modes import mode_of
from kinesis_xacct.iam.policies import CredentialSide, DeploymentSide, KinesisSide, producer_policy
from kinesis_xacct.iam.settings import validation_job_name
from kinesis_xacct.platform import arns
from kinesis_xacct.render import text
from kinesis_xacct.render.modes import access_chain, mode_text, sts_endpoint

# The organisation's RUNBOOK (render/organisation.py) renders the same template in the same environment.
ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(paths.TEMPLATE_DIR)),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
)
# Every config-derived value in the RUNBOOKs goes through one of these (kinesis_xacct/render/text.py): inline
# text (md), inline code (code; cell inside a table), one shell word (sh); in a notebook's comment, one line
# (line: a newline in a value cannot end the comment and start code).
ENV.filters.update(md=text.md, code=text.code, cell=text.cell, sh=text.sh, line=text.printable, sqlname=text.sql_name)

# Names the notebook gives STS: the role session (in account B's CloudTrail). The EFO consumer's name is the
# deployment's own (config/names.py: efo_consumer_name; registered as databricks_<name>, deregistered when the
# query stops): the role may deregister only names with the deployment's prefix.
SESSION_NAME = "kinesis-xacct-validate"
CONSUMER_PURPOSE = "validate"
READER_PURPOSE = "reader"
# maxFetchRate of the validation read, in MB/s per shard (Databricks, "Connect to Amazon Kinesis", configuration
# options: default 1.0, at most 2.0, the rate Kinesis allows a shard): a quarter of a shard's 2 MiB/s read limit,
# which every polling consumer of the shard shares; the rest stays for the production consumers.
MAX_FETCH_RATE = "0.5"


def start_position(cfg: Config) -> str | None:
    """The explicit start position (None: the bounded recent window, computed when the notebook runs);
    Databricks' Kinesis source takes a JSON object for a timestamp start."""
    db = cfg.databricks
    if db.initial_position == "at_timestamp":
        return json.dumps({"at_timestamp": db.initial_timestamp, "format": "yyyy-MM-dd'T'HH:mm:ssZ"})
    return db.initial_position


def consumer_notebook(consumer: ConsumerSide, *, one_pair: bool) -> str:
    """A consumer's validation notebook: every stream its pairs grant, each with its pair's role ARN and external
    ID (instance-profile mode) or its pair's service credential. A read's label in the results is the stream's
    name for a one-pair config, ``<source>/<stream>`` in an organisation."""
    cfg = consumer.pairs[0].pair.cfg  # the consumer's Databricks settings (the same in each of its pairs)
    reads = []
    for ps in consumer.pairs:
        pcfg = ps.pair.cfg
        efo = pcfg.kinesis_account.access == "read-efo"
        for stream in pcfg.kinesis_account.streams:
            reads.append(
                {
                    "label": stream.name if one_pair else f"{ps.pair.source}/{stream.name}",
                    "account_id": ps.kinesis.account_id,
                    "stream": stream.name,
                    "region": pcfg.region,
                    "access": pcfg.kinesis_account.access,
                    "consumer_name": names.efo_consumer_name(pcfg, CONSUMER_PURPOSE) if efo else None,
                    "role_arn": ps.kinesis.role_arn,
                    "external_id": pcfg.kinesis_account.external_id,
                    "credential": ps.credential.name if ps.credential else None,
                    "sts_endpoint": sts_endpoint(pcfg),
                }
            )
    return ENV.get_template("validate_kinesis.py.j2").render(
        auth=cfg.databricks.auth,
        instance_profile_arn=consumer.deployment.instance_profile_arn if consumer.deployment else None,
        reads=reads,
        window_minutes=cfg.databricks.validation_window_minutes if cfg.databricks.initial_position is None else None,
        max_fetch_rate=MAX_FETCH_RATE,
        initial_position=start_position(cfg),
        session_name=SESSION_NAME,
        checkpoint_volume=cfg.databricks.checkpoint_volume,
    )


def render_notebook(cfg: Config) -> str:
    """The notebook of a one-pair config (its organisation of one)."""
    return consumer_notebook(mesh(organisation_of(cfg)).consumers[ONE_PAIR_CONSUMER], one_pair=True)


def read_text(cfg: Config) -> str:
    """What the validation notebook reads and reports, in the RUNBOOK's words."""
    db = cfg.databricks
    if db.initial_position is None:
        start = (
            f"the records of the last {db.validation_window_minutes} minutes of each stream (a start time computed "
            f"when it runs; `databricks.validation_window_minutes`), never the whole retention"
        )
    elif db.initial_position in ("earliest", "trim_horizon"):
        start = f"each stream from `initialPosition` `{db.initial_position}`: its whole retention"
    elif db.initial_position == "latest":
        start = "each stream from `initialPosition` `latest`: only what arrives while the query starts"
    else:
        start = f"each stream from `{db.initial_timestamp}` (`at_timestamp`)"
    return (
        f"The notebook reads {start}, with `trigger(availableNow=True)` (it stops at what the stream holds when "
        f"the query starts) and at most `maxFetchRate` {MAX_FETCH_RATE} MB/s per shard (a shard serves 2 MiB/s "
        f"to all its polling consumers together). It counts the records each query read from the query's own "
        f"progress (`numInputRows`), prints one line per stream and shows a table. `N records read ... data "
        f"arrived` proves access and data; `NO RECORDS in ...` means every Kinesis call succeeded (access works) "
        f"but no record was in the window: write a record to the stream and run again to see data arrive. A "
        f"failed read (assuming the role, a Kinesis call) stops the notebook with the error; no count is shown."
    )


def reader_options(cfg: Config) -> list[tuple[str, str]]:
    """The Kinesis source options your own code needs for this config's mode (the validation notebook uses the
    same): authentication first, then region, start position and consumer mode. Names as Databricks documents
    them for ``format("kinesis")`` and ``read_kinesis`` (docs/reading.md)."""
    opts = mode_text(mode_of(cfg)).reader(cfg)
    opts += [("region", cfg.region), ("initialPosition", "earliest")]
    if cfg.kinesis_account.access == "read-efo":
        opts += [("consumerMode", "efo"), ("consumerName", names.efo_consumer_name(cfg, READER_PURPOSE))]
    return opts


def _producers(cfg: Config, kinesis: KinesisSide) -> list[dict[str, Any]]:
    """Per created stream: its key (given ARN, or the output that holds it) and the producer policy to copy."""
    out = []
    for s in kinesis.created_streams:
        key = s.kms_key_arn or f'<kms_key_arns["{s.name}"] of kinesis-account>'  # known only after the deploy
        out.append(
            {
                "stream": s,
                "created_key": s.kms_key_arn is None,
                "key": key,
                "policy": json.dumps(producer_policy(cfg, s, key).to_dict(), indent=2),
            }
        )
    return out


def sql_string(value: str) -> str:
    """A SQL string literal (on one line: a newline or carriage return as its escape)."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return "'" + escaped + "'"


ENV.filters["sqlstr"] = sql_string


def deploy_parts(
    config_name: str,
    out: str,
    cli: str,
    waves: list[list[str]],
    accounts: list[dict[str, Any]],
    key_owners: tuple[str, str],
    who: dict[str, str],
) -> dict[str, Any]:
    """What the shared deploy sections of the RUNBOOK need (both forms): the make arguments, the waves, the
    accounts' deploy roles and profiles (``key_owners``: where the config sets them for the stream accounts and
    the consumers), and each stack alone with whose credentials (``who``: stack -> words)."""
    # CONFIG=... [OUT=...] (OUT left out when it is the default) [FRAMEWORK=...]
    args = f"CONFIG={text.sh(config_name)}" + ("" if out == "cdktf.out" else f" OUT={text.sh(out)}")
    args += "" if cli == "cdktf" else f" FRAMEWORK={cli}"
    alone = [{"stack": s, "who": who[s]} for wave in waves for s in wave]
    width = max(len(f"make deploy {args} STACKS={text.sh(a['stack'])}") for a in alone)
    return {
        "make_args": args,
        "config_q": text.sh(config_name),
        "out_q": text.sh(out),
        "cli": cli,
        "waves": waves,
        "accounts": accounts,
        "key_names": {key: [f"`{owner}.{key}`" for owner in key_owners] for key in ("deploy_role_arn", "profile")},
        "alone": alone,
        "alone_width": width,
    }


def _pair_deploy_parts(cfg: Config, config_name: str, out: str, cli: str) -> dict[str, Any]:
    """The shared deploy sections' parts for a one-pair config: two stacks in two waves, accounts B and A."""
    kb, da = cfg.kinesis_account, cfg.deployment_account
    return deploy_parts(
        config_name,
        out,
        cli,
        [[paths.DEPLOYMENT_STACK], [paths.KINESIS_STACK]],
        [
            {"label": "B", "deploy_role": kb.deploy_role_arn, "profile": kb.profile},
            {"label": "A", "deploy_role": da and da.deploy_role_arn, "profile": da and da.profile},
        ],
        ("kinesis_account", "deployment_account"),
        {paths.DEPLOYMENT_STACK: "account A's", paths.KINESIS_STACK: "account B's"},
    )


def render_runbook(
    cfg: Config,
    config_name: str,
    kinesis: KinesisSide,
    deployment: DeploymentSide | CredentialSide,
    cli: str = "cdktf",
    out: str = "cdktf.out",
    locked: dict[str, list[str]] | None = None,
    state_folder: str | None = None,
) -> str:
    """``state_folder``: the config's local state folder as a command names it (None: S3 state).

    ``locked``: the providers the committed locks pin and those the first ``terraform init`` records
    (``synth.locks.provider_locks``; None: the RUNBOOK names none). ``cli``: the command the runbook tells to run
    (``cdktf``, or ``cdktn`` on CDK Terrain); ``out``: the output
    folder as the user named it (every command printed names it and ``config_name``)."""
    return ENV.get_template("RUNBOOK.md.j2").render(
        organisation=False,
        **_pair_deploy_parts(cfg, config_name, out, cli),
        **({"reader": reader_options(cfg)} | mode_text(mode_of(cfg)).runbook(cfg)),  # the auth mode's parts
        stream_names=[st.name for st in cfg.kinesis_account.streams],
        locked=locked,
        auth=cfg.databricks.auth,
        producers=_producers(cfg, kinesis),
        via_service=arns.kms_via_service(cfg.partition, cfg.region),
        config_name=config_name,
        partition=cfg.partition,
        region=cfg.region,
        kinesis=kinesis,
        deployment=deployment,
        read_text=read_text(cfg),
        external_id=cfg.kinesis_account.external_id,
        access=cfg.kinesis_account.access,
        databricks_enabled=cfg.databricks.enabled,
        cluster_name=cfg.databricks.cluster_name,
        job_name=validation_job_name(cfg.databricks.cluster_name),
        db=cfg.databricks,
        notebook_path=names.notebook_path(cfg) or "(databricks.notebook_path)",
        given_keys=sorted({s.kms_key_arn for s in cfg.kinesis_account.streams if s.kms_key_arn}),
        access_chain=access_chain(cfg, kinesis),
        adopt_existing=cfg.adopt_existing,
        state_folder=state_folder,
    )
