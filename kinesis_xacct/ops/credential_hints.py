"""Our own hint after a plan or deploy that failed for missing or wrong credentials.

Terraform's own words for it ("No valid credential sources found", an EC2 metadata error, an STS error code)
name neither the config keys nor the three ways of giving each account its credentials. :func:`problem` reads
the output of a failed run (what Terraform and the cdktf CLI printed; the AWS and Databricks providers' words in
:data:`PATTERNS`); :func:`hint_lines` then names the keys of the failed stack's account, the README's "Deploying
for real" and the RUNBOOK's credentials section.

:func:`tee` runs a command with its output streamed to ours as it comes while keeping its tail, so that the
output can be read after the run without the user losing any of it.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import IO

from kinesis_xacct import paths
from kinesis_xacct.config import Config
from kinesis_xacct.config.organisation import Organisation

AWS, DATABRICKS, WRONG_ACCOUNT = "aws", "databricks", "wrong-account"
# (kind, pattern): the first match wins; the wrong account before the generic errors (its text is specific).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (WRONG_ACCOUNT, re.compile(r"account ID not allowed|not allowed account ID|allowed_account_ids", re.I)),
    (AWS, re.compile(r"No valid credential sources found", re.I)),
    (AWS, re.compile(r"failed to refresh cached credentials", re.I)),
    (AWS, re.compile(r"InvalidClientTokenId", re.I)),
    (AWS, re.compile(r"ExpiredToken", re.I)),
    (AWS, re.compile(r"AccessDenied.*(sts:)?AssumeRole|(sts:)?AssumeRole.*AccessDenied|cannot assume IAM Role", re.I)),
    (DATABRICKS, re.compile(r"cannot configure default credentials|default auth: cannot configure", re.I)),
)
README = 'README.md, "Deploying for real"'
RUNBOOK = 'RUNBOOK.md (next to the stacks), "Credentials for the two accounts"'
TAIL_LINES = 400
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Problem:
    kind: str  # AWS, DATABRICKS or WRONG_ACCOUNT
    line: str  # the line of the output that told


def plain(text: str) -> str:
    """``text`` without terminal colours and cursor movements."""
    return _ANSI.sub("", text)


def _lines(text: str) -> list[str]:
    """Terraform's output lines without their frame (``│``) and colours."""
    return [line.strip(" │╷╵").strip() for line in plain(text).splitlines()]


def problem(text: str) -> Problem | None:
    """The credentials problem the output ``text`` of a failed run shows, or None."""
    lines = _lines(text)
    for kind, pattern in PATTERNS:
        for line in lines:
            if pattern.search(line):
                return Problem(kind, line)
    return None


def first_error(text: str) -> str | None:
    """The first ``Error: ...`` line of Terraform's output (its frame and colours dropped), or None."""
    return next((line for line in _lines(text) if line.startswith("Error:")), None)


def stack_account(cfg: Config | Organisation, stack: str) -> tuple[Config, str, str] | None:
    """The one-pair config holding the stack's account, the prefix its keys take in the file (``kinesis_account``
    / ``deployment_account``, or ``sources.<s>`` / ``consumers.<c>``), and which side it is (``kinesis`` or
    ``deployment``); None for a stack of no account we know."""
    if isinstance(cfg, Config):
        if stack == paths.KINESIS_STACK:
            return cfg, "kinesis_account", "kinesis"
        return (cfg, "deployment_account", "deployment") if stack == paths.DEPLOYMENT_STACK else None
    for source in cfg.sources:
        if cfg.naming.source_stack(source) == stack:
            return cfg.source_cfgs[source], f"sources.{source}", "kinesis"
    for consumer in cfg.consumers:
        if cfg.naming.consumer_stack(consumer) == stack:
            return cfg.consumer_cfg(consumer), f"consumers.{consumer}", "deployment"
    return None


def account_key(cfg: Config | Organisation, stack: str) -> str:
    """The config key of the account ``stack`` deploys into (``kinesis_account``, ``consumers.<name>``, ...)."""
    if (found := stack_account(cfg, stack)) is not None:
        return found[1]
    return "sources.<name> / consumers.<name>" if isinstance(cfg, Organisation) else "deployment_account"


def runbook_section(cfg: Config | Organisation) -> str:
    """The RUNBOOK's credentials section as it is headed for ``cfg``: "two accounts" for two AWS accounts."""
    if not isinstance(cfg, Organisation):
        return RUNBOOK
    count = len(cfg.sources) + sum(cfg.consumer_cfg(c).deployment_account is not None for c in cfg.consumers)
    return RUNBOOK if count == 2 else RUNBOOK.replace("the two accounts", "the accounts")


def hint_lines(cfg: Config | Organisation, stack: str, found: Problem, config: str) -> list[str]:
    """What to set for ``stack``'s credentials: its account's keys and where the README explains them."""
    key = account_key(cfg, stack)
    if found.kind == DATABRICKS:
        ws = key if key.startswith("consumers.") else "deployment_account"
        return [
            f"hint: {stack}: the Databricks provider found no credentials for the workspace.",
            f"hint: set DATABRICKS_HOST (or {ws}.databricks.host in {config}) and one of DATABRICKS_TOKEN; "
            "DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET (OAuth, a service principal); or a ~/.databrickscfg "
            f"profile (DATABRICKS_CONFIG_PROFILE or {ws}.databricks.profile).",
            f"hint: see {README}, step 3.",
        ]
    landed = f"the AWS credentials landed in another account than {key}.account_id; nothing was changed"
    first = landed if found.kind == WRONG_ACCOUNT else f"no usable AWS credentials for {key}.account_id"
    return [
        f"hint: {stack}: {first}.",
        f"hint: {stack}: give the account its credentials one of three ways: {key}.deploy_role_arn (a role your "
        f"identity may assume there), {key}.profile (a section of ~/.aws/config: SSO, role_arn + source_profile, ...), "
        f"or this stack alone with that account's credentials in the environment (STACKS={stack}).",
        f"hint: see {README}, step 2, and {runbook_section(cfg)}.",
    ]


def stacks_told(text: str, stacks: list[str]) -> list[str]:
    """The stacks of a cdktf run whose own lines (the CLI prefixes each with its stack) show a credentials
    problem; all of ``stacks`` when the lines do not tell."""
    told = []
    for stack in stacks:
        own = "\n".join(line for line in plain(text).splitlines() if line.lstrip().startswith(stack + " "))
        if problem(own) is not None:
            told.append(stack)
    return told or list(stacks)


def _pump(source: IO[str], sink: IO[str], tail: collections.deque[str]) -> None:
    for line in iter(source.readline, ""):
        sink.write(line)
        sink.flush()
        tail.append(line)
    source.close()


def tee(
    cmd: list[str], *, env: dict[str, str], cwd: str | None = None, timeout: float | None = None
) -> tuple[int | None, str]:
    """Run ``cmd``: its stdout to our stdout and its stderr to our stderr as they come, line by line; returns
    its exit status (None: stopped after ``timeout`` seconds) and the last lines of both."""
    tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
    with subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace"
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        pumps = [
            threading.Thread(target=_pump, args=(proc.stdout, sys.stdout, tail), daemon=True),
            threading.Thread(target=_pump, args=(proc.stderr, sys.stderr, tail), daemon=True),
        ]
        for pump in pumps:
            pump.start()
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = None
        for pump in pumps:
            pump.join()
    return code, "".join(tail)
