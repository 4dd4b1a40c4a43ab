"""Shared test helpers: config variants, synthesis into a folder, tools that must be present, a RUNBOOK's
sections and tables."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from kinesis_xacct.cdk.toolchain import tool_env as tool_env  # the tests import it from here
from kinesis_xacct.config import ConfigError, Problem, parse_config
from kinesis_xacct.config.organisation import parse_organisation
from kinesis_xacct.sandbox.emulator import free_port, wait_for_port  # noqa: F401  (shared with make demo)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config" / "example.yaml"
SEED = ROOT / "config" / "seed.yaml"
SERVICE_CREDENTIAL = ROOT / "config" / "service-credential.yaml"
VENV_BIN = ROOT / ".venv" / "bin"


# The emulator deploy scenarios (test_deploy_emulator.py; test_cdktn.py deploys its "cdktf" config with cdktn):
# (account A, account B) per scenario. The terraform and refused ones share the session's moto server with other
# test modules, so their accounts are used nowhere else (moto keeps accounts apart).
DEPLOY_ACCOUNTS = {
    "cdktf": ("310000000001", "320000000001"),
    "terraform": ("310000000002", "320000000002"),
    "refused": ("310000000003", "320000000003"),
}
CREATED_STREAM = "createdStream"
ON_DEMAND_STREAM = "onDemandStream"

# Keys and external IDs of the config variants below.
GIVEN_KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"
EXTERNAL_ID = "kinesis-xacct-external-id-1"

# The security gate's config variants (test_security.py; test_cdktn.py synthesizes them with both frameworks):
# every access mode, created (KMS) streams, trust: account and an external ID, adopting, service credentials.
# Each is a set of dotted changes to the example (or to "base").
SECURITY_VARIANTS: dict[str, dict[str, Any]] = {
    "read-efo": {
        "kinesis_account.access": "read-efo",
        "kinesis_account.external_id": EXTERNAL_ID,
        "kinesis_account.streams": [{"name": "s1"}, {"name": "s2"}],
    },
    "read-write": {
        "kinesis_account.access": "read-write",
        "kinesis_account.streams": [{"name": "s1", "kms_key_arn": GIVEN_KEY}, {"name": "s2"}],
    },
    "full": {"kinesis_account.access": "full"},
    "full-kms": {
        "kinesis_account.access": "full",
        "kinesis_account.streams": [
            {"name": "s1", "kms_key_arn": GIVEN_KEY},
            {"name": "s2"},
            {"name": "created1", "create": True, "mode": "on-demand"},
        ],
    },
    "created": {
        "kinesis_account.streams": [
            {"name": "created1", "create": True},
            {"name": "created2", "create": True, "kms_key_arn": GIVEN_KEY},
            {"name": "existing"},
        ]
    },
    "created-write": {
        "kinesis_account.access": "read-write",
        "kinesis_account.streams": [{"name": "created1", "create": True}],
    },
    "trust-account": {"kinesis_account.trust": "account", "kinesis_account.external_id": EXTERNAL_ID},
    # adopt_existing: import blocks for the roles, the instance profile and the created stream
    "adopt": {
        "adopt_existing": True,
        "kinesis_account.external_id": EXTERNAL_ID,
        "kinesis_account.streams": [{"name": "created1", "create": True}, {"name": "existing"}],
    },
    # databricks.auth service-credential: the external ID from the credential (a cross-stack reference in B's
    # trust; an external ID in the config is refused while the credential is made here), with EFO and created
    # streams, and given with the AWS side only (the credential made elsewhere).
    "sc-credential-id": {"base": SERVICE_CREDENTIAL, "databricks.groups": ["analysts"]},
    "sc-efo-created": {
        "base": SERVICE_CREDENTIAL,
        "kinesis_account.access": "read-efo",
        "kinesis_account.streams": [{"name": "s1", "create": True}, {"name": "s2", "kms_key_arn": GIVEN_KEY}],
    },
    "sc-aws-only": {
        "base": SERVICE_CREDENTIAL,
        "kinesis_account.external_id": EXTERNAL_ID,
        "databricks.enabled": False,
    },
}

# With a provider mirror (unsigned, this machine's platform only), `terraform init` warns when it has to compute
# lock checksums itself. Every synthesized stack gets the committed lock (locks/, kinesis_xacct/synth/locks.py),
# whose entries init only verifies: the warning would mean a committed lock lacks a provider the stack declares.
MIRROR_LOCK_WARNING = "Incomplete lock file information for providers"


def load_yaml(path: Path = EXAMPLE) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def variant(base: Path = EXAMPLE, /, **changes: Any) -> dict[str, Any]:
    """The example config with dotted-path changes, e.g. variant(**{"kinesis_account.access": "read-efo"})."""
    data = copy.deepcopy(load_yaml(base))
    for dotted, value in changes.items():
        set_path(data, dotted, value)
    return data


def set_path(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """``data`` with the value at a dotted path (``streams.0.name``: a number indexes a list) set to ``value``."""
    node: Any = data
    *parents, last = dotted.split(".")
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


T = TypeVar("T")


def present(value: T | None) -> T:
    """``value``, which the test's config is sure to have (an optional part: a policy, account A's side)."""
    assert value is not None, "expected a value, got None"
    return value


def problems_of(data: dict[str, Any]) -> list[Problem]:
    """The problems of an organisation config that must be refused (fails when it is accepted)."""
    with pytest.raises(ConfigError) as info:
        parse_organisation(data)
    return info.value.problems


def one_pair_problems(data: dict[str, Any]) -> list[Problem]:
    """The problems of a one-pair config that must be refused (fails when it is accepted)."""
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    return info.value.problems


def write_config(tmp: Path, data: dict[str, Any], name: str = "config.yaml") -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def require_tool(name: str) -> str:
    """Path of a tool the tests need; fails (never skips) with the reason when it is missing."""
    path = shutil.which(name, path=tool_env()["PATH"])
    if path is None:
        raise AssertionError(
            f"{name} is not on PATH: these tests need it (run `make install`; "
            f"Terraform must be installed on the machine)"
        )
    return path


def run_module(module: str, *args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """``python -m MODULE ARGS...`` from the project root with the tools' environment, output captured."""
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=tool_env(), capture_output=True, text=True, timeout=timeout
    )


def synth_main(
    config: Path, outdir: Path, *, extra_env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run ``python main.py`` as cdktf does, in a subprocess (the jsii runtime is per process)."""
    env = tool_env()
    env.update({"XACCT_CONFIG": str(config), "CDKTF_OUTDIR": str(outdir)})
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py")], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def stack_hcl(outdir: Path, stack: str) -> str:
    return (outdir / "stacks" / stack / "cdk.tf").read_text()


def manifest(outdir: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((outdir / "manifest.json").read_text())
    return doc


# terraform validate's configs (test_terraform_validate.py; test_cdktn.py validates cdktn's output of them):
# Databricks off (no Databricks provider binary here); the hardened one has created streams (provisioned and
# on-demand), enhanced fan-out, an external ID and adopt_existing, so its import blocks are validated too.
VALIDATE_CONFIGS: dict[str, dict[str, Any]] = {
    "example": variant(**{"databricks.enabled": False}),
    "seed": variant(SEED, **{"databricks.enabled": False}),
    "hardened": variant(
        **{
            "databricks.enabled": False,
            "kinesis_account.access": "read-efo",
            "adopt_existing": True,
            "kinesis_account.external_id": "kinesis-xacct-validate",
            "kinesis_account.streams": [
                {"name": "testStream"},
                {"name": "created-1", "create": True},
                {"name": "created-2", "create": True, "shard_count": 2, "retention_hours": 48},
                {"name": "created-3", "create": True, "mode": "on-demand"},
            ],
        }
    ),
}


# ------------------------------------------------------------------------------------------ Markdown


@dataclass(frozen=True)
class Table:
    """A Markdown table: its header cells and its rows, each a tuple of cells (outer pipes and spaces stripped)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [row[i] for row in self.rows]


@dataclass(frozen=True)
class Section:
    """One ``## `` section: its title, its text (``###`` subsections included) and its tables."""

    title: str
    text: str
    tables: tuple[Table, ...]


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip()[1:-1].split("|"))


def _tables(lines: list[str]) -> tuple[Table, ...]:
    """The tables among lines outside code fences: a header row, a ``|---|`` separator, then rows."""
    tables, i = [], 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[i + 1]):
            header, rows, i = _cells(lines[i]), [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            assert [r for r in rows if len(r) != len(header)] == [], f"rows of another width than {header}"
            tables.append(Table(header, tuple(rows)))
        else:
            i += 1
    return tuple(tables)


def markdown_sections(text: str) -> dict[str, Section]:
    """The ``## `` sections of a Markdown document (a RUNBOOK) by title, in order, each with its parsed tables.
    Headings and table rows inside fenced code blocks are not structure and are ignored; the text before the
    first ``## `` is the section titled ""."""
    sections: dict[str, list[str]] = {"": []}
    outside: dict[str, list[str]] = {"": []}
    title, fenced = "", False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            title = line[3:].strip()
            assert title not in sections, f"two sections titled {title!r}"
            sections[title], outside[title] = [], []
            continue
        sections[title].append(line)
        if not fenced and not line.lstrip().startswith("```"):
            outside[title].append(line)
    return {t: Section(t, "\n".join(lines).strip("\n"), _tables(outside[t])) for t, lines in sections.items()}


def deploy_config(name: str, **changes: Any) -> dict[str, Any]:
    """The config of an emulator deploy scenario: its accounts, a given stream and two created ones (provisioned,
    on-demand), an external ID."""
    a, b = DEPLOY_ACCOUNTS[name]
    return variant(
        **{
            "deployment_account.account_id": a,
            "kinesis_account.account_id": b,
            "kinesis_account.streams": [
                {"name": "testStream"},
                {"name": CREATED_STREAM, "create": True},
                {"name": ON_DEMAND_STREAM, "create": True, "mode": "on-demand"},
            ],
            "kinesis_account.external_id": f"kinesis-xacct-{name}",
            **changes,
        }
    )


def terraform_warnings(text: str) -> list[str]:
    """The titles of the warnings Terraform printed."""
    return re.findall(r"Warning: ([^\n]*)", text)


def uses_provider_mirror() -> bool:
    return "filesystem_mirror" in Path(tool_env()["TF_CLI_CONFIG_FILE"]).read_text()
