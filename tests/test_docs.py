"""The README documents every config key (read from the model, so a new key without docs fails)."""
from __future__ import annotations

import typing

from pydantic import BaseModel

from kinesis_xacct.config import Config

from .helpers import ROOT


def _keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        ann = field.annotation
        is_list = typing.get_origin(ann) is list
        args = typing.get_args(ann) or (ann,)
        inner = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if inner is None:
            out.append(prefix + name)
        else:
            out += _keys(inner, f"{prefix}{name}{'[]' if is_list else ''}.")
    return out


def test_every_config_key_is_in_the_readme_reference():
    readme = (ROOT / "README.md").read_text()
    keys = _keys(Config)
    assert "kinesis_account.streams[].name" in keys and "databricks.sts_endpoint" in keys
    missing = [k for k in keys if f"| `{k}` |" not in readme]
    assert missing == []


def test_readme_shows_the_commands():
    readme = (ROOT / "README.md").read_text()
    for cmd in ("make install", "make synth", "make test", "cdktf deploy kinesis-account deployment-account"):
        assert cmd in readme
