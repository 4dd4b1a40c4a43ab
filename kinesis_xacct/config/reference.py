"""docs/config.md, generated from the config model
(``make docs`` = ``python -m kinesis_xacct.config.reference docs/config.md``).

Every key of :class:`~kinesis_xacct.config.model.Config` becomes a row: its dotted path, its type (from the
annotation, the pattern, the bounds and the validators), its default and its ``description=``. A key
without a description is an error here, so a new key cannot go undocumented. tests/test_docs.py fails when
docs/config.md is not what this module writes.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from kinesis_xacct.config import model as m
from kinesis_xacct.config.messages import submodel

# What a pattern admits, as a type name.
PATTERN_TYPES = {
    m.ACCOUNT_RE: "12-digit string",
    m.IAM_NAME_RE: "IAM name",
    m.POLICY_NAME_RE: "IAM policy name",
    m.EXTERNAL_ID_RE: "external ID (2-1224 characters)",
    m.STREAM_NAME_RE: "stream name",
    m.HOST_RE: "`https://…`",
    m.NOTEBOOK_RE: "absolute workspace path",
    m.TIMESTAMP_RE: "`yyyy-MM-ddTHH:mm:ss+hhmm`",
    m.STS_ENDPOINT_RE: "`https://…`",
    m.ENDPOINT_URL_RE: "`http(s)://…`",
    m.PROFILE_RE: "profile name",
    m.STREAM_ARN_RE: "Kinesis stream ARN",
}
# Keys whose own check (model.FIELD_CHECKS) makes a string a particular kind of value.
VALIDATOR_TYPES = {
    "kms_key_arn": "KMS key ARN",
    "deploy_role_arn": "IAM role ARN",
    "role_arn": "IAM role ARN",
    "bucket": "S3 bucket name",
    "key_prefix": "S3 key prefix",
}

HEADER = """\
<!-- Generated from kinesis_xacct/config/model.py by `make docs`; do not edit (tests/test_docs.py checks it). -->
# Config reference

One YAML file, validated by a typed model (`kinesis_xacct/config/model.py`, pydantic v2) before anything else
runs. Unknown keys are errors (with a "did you mean"); account IDs must be quoted strings. What is refused,
and how errors look: [config-errors.md](config-errors.md). S3 state in detail: [remote-state.md](remote-state.md).

`config/example.yaml` is the hardened default for the guide's scenario (testStream, us-east-1, placeholder
accounts 111111111111 = A, 222222222222 = B). `config/seed.yaml` reproduces the guide literally (account-root
trust + EC2 service, AmazonKinesisFullAccess).
"""


@dataclass(frozen=True)
class Row:
    key: str
    type: str
    default: str
    meaning: str


def _unwrap_optional(ann: Any) -> tuple[Any, bool]:
    args = typing.get_args(ann)
    if (typing.get_origin(ann) in (typing.Union, types.UnionType)) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return (rest[0] if len(rest) == 1 else ann), True
    return ann, False


def _constraint(field: FieldInfo, attr: str) -> Any:
    for meta in field.metadata:
        value = getattr(meta, attr, None)
        if value is not None:
            return value
    return None


def _is_str(ann: object) -> bool:
    """``str``, also inside ``Annotated[str, ...]`` (pydantic's StrictStr)."""
    return ann is str or (typing.get_origin(ann) is typing.Annotated and typing.get_args(ann)[0] is str)


def type_name(field: FieldInfo, validated: str | None = None) -> str:
    ann, optional = _unwrap_optional(field.annotation)
    if typing.get_origin(ann) is Literal:
        text = " \\| ".join(f"`{a}`" for a in typing.get_args(ann))
    elif ann is bool:
        text = "bool"
    elif ann is int:
        lo, hi = _constraint(field, "ge"), _constraint(field, "le")
        text = f"int {lo}–{hi}" if lo is not None and hi is not None else "int"
    elif typing.get_origin(ann) is dict:
        text = "map string→string"
    elif typing.get_origin(ann) is list and typing.get_args(ann) and _is_str(typing.get_args(ann)[0]):
        text = "list of strings"
    else:
        pattern = _constraint(field, "pattern")
        text = validated or PATTERN_TYPES.get(pattern, "string")
    return f"{text} \\| null" if optional else text


def default_text(field: FieldInfo) -> str:
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
    elif field.default is PydanticUndefined:
        return "required"
    else:
        value = field.default
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if value == {}:
        return "`{}`"
    if isinstance(value, int):
        return str(value)
    return f"`{value}`"


def rows(model: type[BaseModel] = m.Config, prefix: str = "") -> list[Row]:
    """One row per leaf key, depth first in the model's order; sections (sub-models) are not rows."""
    out: list[Row] = []
    for name, field in model.model_fields.items():
        key = prefix + name
        if not field.description:
            raise ValueError(f"config key {key} has no description= in kinesis_xacct/config/model.py")
        inner = submodel(field.annotation)
        if inner is not None:
            is_list = typing.get_origin(_unwrap_optional(field.annotation)[0]) is list
            out += rows(inner, f"{key}{'[]' if is_list else ''}.")
            continue
        meaning = field.description.replace("|", "\\|")
        out.append(Row(key, type_name(field, VALIDATOR_TYPES.get(name)), default_text(field), meaning))
    return out


def sections(model: type[BaseModel] = m.Config) -> list[tuple[str, str]]:
    """(section key, its description) for each sub-model of the top level, in order."""
    return [(name, field.description or "") for name, field in model.model_fields.items() if submodel(field.annotation)]


def render() -> str:
    all_rows = rows()
    top = [r for r in all_rows if "." not in r.key]
    parts = [HEADER]

    def table(title: str, intro: str, selected: list[Row]) -> None:
        parts.append(f"\n## {title}\n")
        if intro:
            end = "" if intro.endswith((".", "...")) else "."
            parts.append(f"\n{intro[0].upper()}{intro[1:]}{end}\n")
        parts.append("\n| key | type | default | meaning |\n|---|---|---|---|\n")
        parts.extend(f"| `{r.key}` | {r.type} | {r.default} | {r.meaning} |\n" for r in selected)

    table("Top level", "", top)
    for name, intro in sections():
        table(f"`{name}`", intro, [r for r in all_rows if r.key.startswith(name + ".")])
    parts.append(organisation_section(all_rows))
    return "".join(parts)


ORGANISATION_INTRO = """
## Organisation form (`sources` x `consumers`)

Several stream accounts read by several workspaces in one file ([organisation.md](organisation.md); example
`config/organisation.yaml`). Top level: `partition`, `region`, `tags`, `aws_endpoint_url` and `backend` as above,
then `sources` and `consumers` (maps keyed by a name of 1-32 lowercase letters, digits and `-`: it names stacks
and roles). Each read of a consumer is one pair, checked as a one-pair config: every key below is the one-pair key
in the last column, with its type, default and rules from the tables above.
"""


def organisation_section(all_rows: list[Row]) -> str:
    """The organisation form's keys, each with the one-pair key it becomes (``config.organisation``)."""
    from kinesis_xacct.config import organisation as org

    by_key = {r.key: r for r in all_rows}
    out = [ORGANISATION_INTRO]
    # (key, one-pair key, default) from the model's row; (key, one-pair key, default, type, meaning) given here
    Entry = tuple[str, ...]

    def table(title: str, entries: Sequence[Entry]) -> None:
        out.append(f"\n### {title}\n\n| key | one-pair key | type | default | meaning |\n|---|---|---|---|---|\n")
        for key, target, default, *given in entries:
            row = by_key[target] if not given else Row(target, given[0], default, given[1])
            shown = target if target.startswith("(") else f"`{target}`"
            out.append(f"| `{key}` | {shown} | {row.type} | {default or row.default} | {row.meaning} |\n")

    kinesis = [r.key.removeprefix("kinesis_account.") for r in all_rows if r.key.startswith("kinesis_account.")]
    source_keys = [k for k in kinesis if "." not in k and k not in org.PAIR_KEYS_OF_SOURCE]
    table(
        "`sources.<source>`",
        [("region", "region", "the top level's")]
        + [(k, f"kinesis_account.{k}", "") for k in source_keys]
        + [(f"streams[].{k.split('.', 1)[1]}", f"kinesis_account.{k}", "") for k in kinesis if k.startswith("streams")],
    )
    deployment = [r.key.split(".", 1)[1] for r in all_rows if r.key.startswith("deployment_account.")]
    named = {"role_name": "`kinesis-xacct-<consumer>`", "instance_profile_name": "`kinesis-xacct-<consumer>`"}
    table(
        "`consumers.<consumer>`",
        [(k, f"deployment_account.{k}", named.get(k, "")) for k in deployment]
        + [("databricks.*", "databricks.*", "", "map", "the workspace: every key of `databricks` above")]
        + [("reads", "(one pair each)", "required", "list", "the sources this workspace reads (below)")],
    )
    reads: list[Entry] = [
        ("source", "(the pair's source)", "required", "string", "a key of `sources`"),
        ("streams", "kinesis_account.streams", "all", "list of strings", "names of the source's streams read"),
        ("access", "kinesis_account.access", ""),
        ("external_id", "kinesis_account.external_id", ""),
        ("role_name", "kinesis_account.role_name", "`kinesis-xacct-<consumer>-<source>`"),
        ("credential_name", "databricks.service_credential_name", "`<service_credential_name>-<source>`"),
    ]
    table("`consumers.<consumer>.reads[]`", reads)
    return "".join(out)


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "docs/config.md")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
