"""``make run-validation``: run the deployed validation job, wait, print the record count per stream.

    python -m kinesis_xacct run-validation --config my.yaml --out cdktf.out

The job ID is the ``job_id`` output of ``deployment-account`` (``terraform output`` in ``OUT``'s stack folder);
for an organisation config, of each consumer's stack ``deployment-account-<consumer>``, run one after the other,
each in its own workspace (the counts are printed under each consumer's name).
The Databricks SDK for Python authenticates as the provider does: the consumer's ``databricks.host`` and
``databricks.profile`` (a section of ``~/.databrickscfg``), else the environment or ``~/.databrickscfg``:
``DATABRICKS_HOST`` (or ``databricks.host``) with ``DATABRICKS_TOKEN``, or OAuth machine-to-machine
(``DATABRICKS_CLIENT_ID``/``DATABRICKS_CLIENT_SECRET``), or a profile (``DATABRICKS_CONFIG_PROFILE``).

The notebook ends with ``dbutils.notebook.exit`` of a JSON object: ``{"access": ..., "from": ...,
"records": {"<stream>": <records>, ...}, "no_records": [...]}`` (a failed read raises instead, so the run fails
with the error); an ``"error": "<text>"`` member is reported as a failure too. A failed run (or an ``error``)
is mapped to its likely cause (:func:`likely_cause`). Exit status: 0 every stream read, 1 a failure, 2 a config error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import typing
from dataclasses import dataclass, field
from typing import Any

from kinesis_xacct import paths
from kinesis_xacct.config import ConfigError
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.cli import report
from kinesis_xacct.ops.entry import as_subcommand
from kinesis_xacct.ops.load import load_any
from kinesis_xacct.render.text import command as shell_command

if typing.TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient

# Failure texts (from the run's error, error trace, state message or the notebook's "error") -> likely cause.
# Order matters: the first match wins (an external ID mismatch is also an AccessDenied on AssumeRole).
CAUSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"sts:ExternalId|external ?id", re.IGNORECASE),
        "external ID mismatch: B's role requires kinesis_account.external_id; the reader must pass the same "
        "value (roleExternalId), and in service-credential mode it must be the credential's external ID",
    ),
    (
        re.compile(r"(AccessDenied|not authorized)[^\n]*sts:AssumeRole|sts:AssumeRole[^\n]*(AccessDenied|denied)"),
        "AccessDenied on AssumeRole: B's role does not trust the caller. Check that kinesis-account was applied "
        "after deployment-account (a re-created role in A needs B's trust written again: deploy both stacks), "
        "and that the cluster runs with the instance profile (or the service credential wraps B's role)",
    ),
    (
        re.compile(r"KMS|kms:Decrypt|KMSAccessDenied", re.IGNORECASE),
        "KMS: the stream is encrypted with a customer-managed key that B's role may not use; give the stream's "
        "kms_key_arn in the config (kms:Decrypt through Kinesis) and deploy again",
    ),
    (
        re.compile(r"ResourceNotFoundException|Stream [^\n]* (not found|does not exist)", re.IGNORECASE),
        "missing stream: a stream named in the config does not exist in account B's region (name, region and "
        "account in the config)",
    ),
    (
        re.compile(r"LimitExceededException[^\n]*consumer|consumer[^\n]*LimitExceeded", re.IGNORECASE),
        "EFO consumer limit: a stream has at most 20 enhanced fan-out consumers; deregister unused "
        "databricks_* consumers (aws kinesis list-stream-consumers) or read by polling (access: read)",
    ),
    (
        re.compile(r"AccessDeniedException[^\n]*kinesis:|not authorized to perform: kinesis:"),
        "AccessDenied on a Kinesis call: B's role was assumed but its permission policy does not allow the "
        "call (kinesis_account.access; enhanced fan-out needs access: read-efo)",
    ),
)


@dataclass
class Outcome:
    ok: bool
    streams: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    cause: str | None = None
    url: str | None = None


def likely_cause(text: str) -> str | None:
    return next((cause for pattern, cause in CAUSES if pattern.search(text)), None)


def parse_exit_value(result: str | None) -> tuple[dict[str, int], str | None]:
    """The notebook's exit value: per-stream counts and an optional error text."""
    if not result:
        return {}, "the notebook returned no exit value"
    try:
        data = json.loads(result)
    except ValueError:
        return {}, f"the notebook's exit value is not JSON: {result[:200]}"
    if not isinstance(data, dict):
        return {}, "the notebook's exit value is not a JSON object"
    streams = data.get("records")
    if not isinstance(streams, dict):
        return {}, str(data.get("error") or 'the notebook\'s exit value has no "records" object')
    counts = {str(k): int(v) for k, v in streams.items() if isinstance(v, int) and not isinstance(v, bool)}
    error = data.get("error")
    return counts, str(error) if error else None


def interpret(run: Any, outputs: list[Any]) -> Outcome:
    """A finished run (``jobs.Run``) and the output of its task runs (``jobs.RunOutput``) -> the outcome."""
    state = run.state
    result_state = getattr(getattr(state, "result_state", None), "value", None)
    texts = [getattr(state, "state_message", None) or ""]
    counts: dict[str, int] = {}
    error: str | None = None
    for out in outputs:
        texts += [out.error or "", out.error_trace or ""]
        if out.notebook_output is not None and out.notebook_output.result:
            counts, error = parse_exit_value(out.notebook_output.result)
    failed = result_state != "SUCCESS" or error is not None
    if not failed:
        return Outcome(ok=True, streams=counts, url=run.run_page_url)
    message = error or next((t for t in texts[1:] if t), None) or texts[0] or f"run ended {result_state}"
    cause = likely_cause("\n".join([message, *texts]))
    first_line = message.strip().splitlines()[0] if message.strip() else message
    return Outcome(ok=False, streams=counts, error=first_line[:500], cause=cause, url=run.run_page_url)


def report_outcome(outcome: Outcome) -> int:
    for name, records in outcome.streams.items():
        print(f"{name}: {records} records read" if records else f"{name}: NO RECORDS in the window (access works)")
    if outcome.url:
        print(f"run: {outcome.url}")
    if outcome.ok:
        print("validation passed: every stream was read")
        return 0
    print(f"validation failed: {outcome.error}", file=sys.stderr)
    print(f"likely cause: {outcome.cause or 'not recognised; open the run page for the full trace'}", file=sys.stderr)
    return 1


class NotDeployed(Exception):
    """The consumer stack has no ``job_id`` output in the output folder (not deployed yet, or another folder)."""


def job_id(out: str, stack_name: str = paths.DEPLOYMENT_STACK, config: str | None = None) -> int:
    """The ``job_id`` output of the consumer stack ``stack_name`` in ``out``; :class:`NotDeployed` (its message
    says what to run) when there is none."""
    stack = os.path.join(out, "stacks", stack_name)
    deploy = shell_command("make", "deploy", *([f"CONFIG={config}"] if config else []), f"OUT={out}")
    if not os.path.isdir(stack):
        raise NotDeployed(f"{out} holds no stack {stack_name}: deploy first ({deploy})")
    proc = subprocess.run(
        ["terraform", f"-chdir={stack}", "output", "-no-color", "-raw", "job_id"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip().isdigit():
        errors = [line.strip(" │╷╵") for line in (proc.stderr + proc.stdout).splitlines() if "Error:" in line]
        because = f" (terraform: {errors[0].strip()})" if errors else ""
        raise NotDeployed(f"no job_id output in {stack}{because}: deploy first ({deploy}), with databricks.job true")
    return int(proc.stdout.strip())


def client_settings(cfg: Config) -> dict[str, str]:
    """What the SDK's ``WorkspaceClient`` is given for a consumer's workspace: its ``databricks.host`` and
    ``databricks.profile`` (a section of ``~/.databrickscfg``), as its provider is; none set = the environment's."""
    return {key: value for key, value in (("host", cfg.databricks.host), ("profile", cfg.databricks.profile)) if value}


# The environment that gives the SDK credentials without ``databricks.profile`` (its ``DefaultCredentials``).
CREDENTIAL_ENV = ("DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CONFIG_PROFILE")


def has_credentials(cfg: Config) -> bool:
    """The consumer's workspace has credentials to try: ``databricks.profile``, or one of :data:`CREDENTIAL_ENV`."""
    return bool(cfg.databricks.profile or any(os.environ.get(k) for k in CREDENTIAL_ENV))


def workspace_client(cfg: Config, **options: Any) -> WorkspaceClient:
    """The SDK's ``WorkspaceClient`` for a consumer's workspace (:func:`client_settings`); ``options`` are the
    SDK's connection settings (``retry_timeout_seconds``, ``http_timeout_seconds``), never credentials."""
    from databricks.sdk import WorkspaceClient
    from databricks.sdk.config import Config as SdkConfig

    settings = client_settings(cfg)
    return WorkspaceClient(config=SdkConfig(host=settings.get("host"), profile=settings.get("profile"), **options))


@dataclass(frozen=True)
class Consumer:
    """One consumer's validation job: where its ``job_id`` output is, and its workspace's settings."""

    name: str  # the consumer's key ("" for a one-pair config)
    stack: str
    cfg: Config


def consumers(cfg: Config | Organisation) -> list[Consumer]:
    """Each consumer with a validation job (``databricks.enabled`` and ``databricks.job``), in config order."""
    if isinstance(cfg, Organisation):
        from kinesis_xacct.config.organisation import consumer_stack

        found = [Consumer(c, consumer_stack(c), cfg.consumer_cfg(c)) for c in cfg.consumers]
    else:
        found = [Consumer("", paths.DEPLOYMENT_STACK, cfg)]
    return [c for c in found if c.cfg.databricks.enabled and c.cfg.databricks.job]


def run_job(cfg: Config, job: int) -> Outcome:  # pragma: no cover - needs a workspace
    from databricks.sdk.service.jobs import RunLifeCycleState, RunNowResponse

    client = workspace_client(cfg)
    started = typing.cast(RunNowResponse, client.jobs.run_now(job_id=job).response)
    if started.run_id is None:
        raise RuntimeError(f"job {job}: the workspace returned no run ID")
    run_id = started.run_id
    print(f"started run {run_id} of job {job}; waiting", flush=True)
    done = {RunLifeCycleState.TERMINATED, RunLifeCycleState.SKIPPED, RunLifeCycleState.INTERNAL_ERROR}
    while True:
        run = client.jobs.get_run(run_id)
        if run.state is not None and run.state.life_cycle_state in done:
            break
        time.sleep(15)
    outputs = [client.jobs.get_run_output(t.run_id) for t in run.tasks or [] if t.run_id is not None]
    return interpret(run, outputs)


def run(config: str, out: str) -> int:
    """Run each consumer's deployed validation job, one after the other; counts per consumer and stream.
    Exit 0 when every consumer's job read every stream, 1 when one failed, 2 for a config error."""
    try:
        cfg = load_any(config)
    except ConfigError as err:
        return report(err)
    jobs = consumers(cfg)
    if not jobs:
        print(
            "run-validation: the config has no validation job (databricks.enabled and databricks.job)", file=sys.stderr
        )
        return 1
    status = 0
    for consumer in jobs:
        if consumer.name:
            print(f"=== consumer {consumer.name} ({consumer.stack}) ===", flush=True)
        try:
            outcome = run_job(consumer.cfg, job_id(out, consumer.stack, config))
        except Exception as err:  # one line: not deployed, no workspace, no auth, no job
            said = err if isinstance(err, NotDeployed) else f"{type(err).__name__}: {err}"
            print(f"run-validation: {consumer.stack}: {said}", file=sys.stderr)
            status = 1
            continue
        status = max(status, report_outcome(outcome))
    return status


if __name__ == "__main__":  # the earlier entry point ``python -m kinesis_xacct.ops.run_validation``
    raise SystemExit(as_subcommand("run-validation"))
