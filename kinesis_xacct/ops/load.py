"""A config as a command reads it: the config's own rules (``kinesis_xacct.config``), then the limits only the
generated IAM documents show (policy sizes, ``kinesis_xacct.iam``). The one place that joins the two, so that
the config package imports no IAM builder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kinesis_xacct.config import Config, ConfigError, parse_config
from kinesis_xacct.config.organisation import Organisation, is_organisation, parse_organisation
from kinesis_xacct.config.problems import Problem, Problems
from kinesis_xacct.config.yaml_reader import read_yaml_located
from kinesis_xacct.iam.policies import access_fit_problems


def limit_problems(cfg: Config) -> Problems:
    """Limits only the generated documents show (run once the config is valid): IAM policy sizes."""
    return access_fit_problems(cfg)


def load_config(path: str | os.PathLike[str]) -> Config:
    """The config at ``path``, valid and within IAM's limits, or :class:`ConfigError` with every problem, each
    with its place (``file:line``) in the file."""
    data, positions = read_yaml_located(Path(path))
    try:
        cfg = parse_config(data)
        problems = limit_problems(cfg)
        if problems:
            raise ConfigError(problems)
    except ConfigError as err:
        raise positions.locate(err) from None
    return cfg


def organisation_limit_problems(org: Organisation) -> Problems:
    """IAM size limits of every pair's role (the pair's streams), under the read's path."""
    problems: Problems = []
    for pair in org.pairs:
        problems += [Problem(f"{pair.path}.streams", reason) for _, reason in access_fit_problems(pair.cfg)]
    return problems


def load_any(path: str | os.PathLike[str]) -> Config | Organisation:
    """The config at ``path`` in either form: today's one-pair form (a :class:`Config`) or the organisation
    form (an :class:`Organisation`, when it has ``sources`` or ``consumers``). Its problems carry their place
    (``file:line``) in the file."""
    data, positions = read_yaml_located(Path(path))
    try:
        return _parse_any(data)
    except ConfigError as err:
        raise positions.locate(err) from None


def _parse_any(data: Any) -> Config | Organisation:
    if not is_organisation(data):
        cfg = parse_config(data)
        problems = limit_problems(cfg)
        if problems:
            raise ConfigError(problems)
        return cfg
    org = parse_organisation(data)
    problems = organisation_limit_problems(org)
    if problems:
        raise ConfigError(problems)
    return org
