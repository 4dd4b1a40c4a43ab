"""A config as a command reads it: the config's own rules (``kinesis_xacct.config``), then the limits only the
generated IAM documents show (policy sizes, ``kinesis_xacct.iam``). The one place that joins the two, so that
the config package imports no IAM builder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kinesis_xacct.config import Config, ConfigError, parse_config
from kinesis_xacct.config.organisation import Organisation, is_organisation, organisation_of, parse_organisation
from kinesis_xacct.config.problems import Problem
from kinesis_xacct.config.yaml_reader import read_yaml_located
from kinesis_xacct.iam.policies import access_fit_problems

T = TypeVar("T")


def _located(path: str | os.PathLike[str], parse: Callable[[Any], T]) -> T:
    """``parse`` of the file at ``path``; its problems carry their place (``file:line``) in the file."""
    data, positions = read_yaml_located(Path(path))
    try:
        return parse(data)
    except ConfigError as err:
        raise positions.locate(err) from None


def _parse_config(data: Any) -> Config:
    """A one-pair config, valid and within IAM's limits (run once the config is valid: IAM policy sizes)."""
    cfg = parse_config(data)
    if problems := access_fit_problems(cfg):
        raise ConfigError(problems)
    return cfg


def _parse_any(data: Any) -> Config | Organisation:
    if not is_organisation(data):
        return _parse_config(data)
    org = parse_organisation(data)
    # IAM size limits of every pair's role (the pair's streams), under the read's path.
    if problems := [Problem(f"{p.path}.streams", why) for p in org.pairs for _, why in access_fit_problems(p.cfg)]:
        raise ConfigError(problems)
    return org


def load_config(path: str | os.PathLike[str]) -> Config:
    """The one-pair config at ``path``, valid and within IAM's limits, or :class:`ConfigError` with every problem."""
    return _located(path, _parse_config)


def load_any(path: str | os.PathLike[str]) -> Config | Organisation:
    """The config at ``path`` in either form: today's one-pair form (a :class:`Config`) or the organisation
    form (an :class:`Organisation`, when it has ``sources`` or ``consumers``)."""
    return _located(path, _parse_any)


def as_organisation(cfg: Config | Organisation) -> Organisation:
    """Either form as an organisation (a one-pair config: an organisation of one)."""
    return cfg if isinstance(cfg, Organisation) else organisation_of(cfg)


def first_pair(cfg: Config | Organisation) -> Config:
    """The settings every pair shares (backend, partition): a one-pair config, or an organisation's first pair."""
    return cfg.pairs[0].cfg if isinstance(cfg, Organisation) else cfg
