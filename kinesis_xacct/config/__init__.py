"""The config file: ``parse_config(data)`` returns a valid :class:`Config` or raises :class:`ConfigError`
carrying every problem found, each a :class:`Problem` ``(dotted.path, reason)``.

The pieces, along their seams: the typed model (``config.model``), the rules across fields (``config.rules``),
the bounded YAML reading (``config.yaml_reader``), the wording of pydantic's errors (``config.messages``).
Imports nothing heavy (no cdktf, no provider bindings) and no IAM builder: the check that the policies generated
from a valid config fit IAM's size limits is ``ops.load`` (``load_config``).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from kinesis_xacct.config.messages import type_name, validation_problems
from kinesis_xacct.config.model import (
    Backend,
    Config,
    ConfigError,
    Databricks,
    DeploymentAccount,
    KinesisAccount,
    Stream,
)
from kinesis_xacct.config.problems import Problem, Problems
from kinesis_xacct.config.rules import cross_field_problems, mode_problems, model_problems

__all__ = [
    "Backend",
    "Config",
    "ConfigError",
    "Databricks",
    "DeploymentAccount",
    "KinesisAccount",
    "Problem",
    "Problems",
    "Stream",
    "config_warnings",
    "parse_config",
]


def parse_config(data: Any) -> Config:
    """Validate plain data: a :class:`Config`, or :class:`ConfigError` with every problem found."""
    if not isinstance(data, dict):
        raise ConfigError([Problem("config", f"top level must be a mapping of keys, got {type_name(data)}")])
    try:
        cfg = Config.model_validate(data)
    except ValidationError as err:
        problems = validation_problems(err)
        problems += [p for p in cross_field_problems(data) + mode_problems(data) if p not in problems]
        raise ConfigError(problems) from None
    # The plain data, not the model: a rule may need to know whether a key was written at all (for example
    # shard_count with mode on-demand), which the model, with its defaults filled in, no longer shows.
    problems = cross_field_problems(data) + mode_problems(data) + model_problems(cfg)
    if problems:
        raise ConfigError(problems)
    return cfg


def config_warnings(cfg: Config) -> list[tuple[str, str]]:
    """Valid choices that a user should know the consequence of, as (dotted path, text); synth prints them. None
    at present: the cluster's owner and the notebook's folder no longer follow the deploying identity (config
    rules, _fixed_identity_rule); what still does, the job's and the volume's owner, is in the RUNBOOK."""
    return []
