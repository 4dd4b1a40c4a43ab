"""The docs: docs/config.md is generated from the config model and current; the README is a landing page."""

from __future__ import annotations

import re
import typing

import pytest
from pydantic import BaseModel, Field

from kinesis_xacct.config import Config
from kinesis_xacct.config import reference as docs

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


def test_config_reference_is_generated_from_the_model_and_up_to_date():
    text = (ROOT / "docs" / "config.md").read_text()
    assert text == docs.render(), "docs/config.md is out of date: run `make docs` and commit it"


def test_every_config_key_has_a_row_with_type_default_and_meaning():
    text = (ROOT / "docs" / "config.md").read_text()
    keys = _keys(Config)
    assert "kinesis_account.streams[].name" in keys and "databricks.sts_endpoint" in keys
    rows = {r.key: r for r in docs.rows()}
    assert list(rows) == keys
    for key in keys:
        assert f"| `{key}` |" in text
        assert rows[key].type and rows[key].default and rows[key].meaning
    assert rows["kinesis_account.account_id"].type == "12-digit string"
    assert rows["kinesis_account.streams[].shard_count"].type == "int 1–1000"
    assert rows["kinesis_account.streams[].kms_key_arn"].type == "KMS key ARN \\| null"
    assert rows["partition"].type == "`aws` \\| `aws-cn` \\| `aws-us-gov`" and rows["partition"].default == "`aws`"
    assert rows["region"].default == "required" and rows["tags"].default == "`{}`"


def test_a_key_without_a_description_fails_the_generator():
    class Undocumented(BaseModel):
        documented: int = Field(1, description="has one")
        bare: int = 2

    with pytest.raises(ValueError, match="config key x.bare has no description="):
        docs.rows(Undocumented, "x.")


def test_readme_shows_the_commands():
    readme = (ROOT / "README.md").read_text()
    for cmd in ("make install", "make synth", "make test", "cdktf deploy kinesis-account deployment-account"):
        assert cmd in readme


def test_readme_is_a_landing_page_and_its_links_resolve():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    local = [link for link in links if not link.startswith(("http://", "https://"))]
    assert "docs/config.md" in local
    for link in local:
        assert (ROOT / link).exists(), f"README links to {link}, which does not exist"
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{doc.name}" in local, f"README does not link {doc.name}"


def test_config_reference_lists_the_organisation_keys():
    """Every key the organisation form accepts has a row (sources, consumers, reads), with its one-pair key."""
    from kinesis_xacct.config import organisation as org

    text = (ROOT / "docs" / "config.md").read_text()
    section = text[text.index("## Organisation form") :]
    rows = set(re.findall(r"^\| `([^`]+)` \|", section, re.M))
    assert set(org.READ_KEYS) <= rows
    assert {"region", "account_id", "deploy_role_arn", "profile", "streams[].name"} <= rows  # a source
    assert {"workspace_role_name", "role_name", "instance_profile_name", "databricks.*", "reads"} <= rows  # a consumer
    assert not set(org.PAIR_KEYS_OF_SOURCE) - set(org.READ_KEYS) - {"trust", "trust_ec2_service"}
    for key in ("sources", "consumers", "partition", "backend"):
        assert f"`{key}`" in section
