"""A config as a command reads it: the config's own rules (``kinesis_xacct.config``), then the limits only the
generated IAM documents show (policy sizes, ``kinesis_xacct.iam``). The one place that joins the two, so that
the config package imports no IAM builder.
"""

from __future__ import annotations

import os
from pathlib import Path

from kinesis_xacct.config import Config, ConfigError, parse_config
from kinesis_xacct.config.yaml_reader import read_yaml
from kinesis_xacct.iam.policies import access_fit_problems


def limit_problems(cfg: Config) -> list[tuple[str, str]]:
    """Limits only the generated documents show (run once the config is valid): IAM policy sizes."""
    return access_fit_problems(cfg)


def load_config(path: str | os.PathLike[str]) -> Config:
    """The config at ``path``, valid and within IAM's limits, or :class:`ConfigError` with every problem."""
    cfg = parse_config(read_yaml(Path(path)))
    problems = limit_problems(cfg)
    if problems:
        raise ConfigError(problems)
    return cfg
