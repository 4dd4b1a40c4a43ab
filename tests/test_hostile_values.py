"""Every config value is hostile: what a config says is refused with a config error or written as a literal.

- A fast property, many examples, no synth: for every free-text field of both config forms, a random string
  (quotes, backslashes, ``${``, ``%{``, line breaks, ``EOF``, control and invisible characters, any Unicode) is
  read through the CLI's own loader (``load_any``) and either refused with ``config error: <path>: <reason>``
  lines, or accepted as exactly that string and without a control character.
- A slower property, few examples: one hostile value per field in one config, synthesized into HCL by the app;
  Terraform (``terraform console``) reads each accepted value back from the written ``cdk.tf`` exactly, and the
  file has the same blocks as for plain values (python-hcl2 parses it).
- The escaping point itself (``kinesis_xacct.cdk.literal``) with any string at all, through a real synth.
- One explicit test per class of attack.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import hcl2
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinesis_xacct.config import ConfigError, Problem, parse_config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.ops.load import load_any

from .helpers import EXAMPLE, ROOT, SERVICE_CREDENTIAL, load_yaml, require_tool, tool_env, variant

ORGANISATION = ROOT / "config" / "organisation.yaml"
ERROR_LINE = re.compile(r"config error: (?:[^\s:]+(?::\d+)?: )?[^\s:]+: \S.*")  # with its file:line when located

# Pieces an attacker writes: heredoc ends, template sequences, quotes and backslashes, the framework's token
# marker, invisible and bidi characters, look-alike letters.
ATTACKS = [
    '${file("~/.aws/credentials")}',
    '${pathexpand("~")}',
    "%{ if true }x%{ endif }",
    "$${x}",
    'x\nEOF\nresource "null_resource" "pwned" {}\nEOF\n',
    "EOF",
    '"',
    "\\",
    'a\\"b',
    "\t",
    "\r\n",
    "${TfToken[TOKEN.1]}",
    "#{TfToken[TOKEN.1]}",
    "\u200b",
    "\u202e",
    "\u2028",
    "\x00",
    "\x1b[31m",
    "\u0430dmins",
    "@other.example",
    "/../",
]
HOSTILE = st.one_of(
    st.text(max_size=24),
    st.text(alphabet=st.sampled_from(list('"\\${}%\n\r\t EOF-_./@:a1')), max_size=24),
    st.sampled_from(ATTACKS),
    st.tuples(st.text(max_size=8), st.sampled_from(ATTACKS), st.text(max_size=8)).map("".join),
)

# Every string field of the one-pair form, as (dotted path, base config). Tags are a map: "tags.<key>" sets a
# value, "tags[key]" a key.
SC = "sc"
ONE_PAIR_FIELDS = [
    "region",
    "tags.managed-by",
    "tags[key]",
    "kinesis_account.account_id",
    "kinesis_account.deploy_role_arn",
    "kinesis_account.profile",
    "kinesis_account.role_name",
    "kinesis_account.external_id",
    "kinesis_account.streams.0.name",
    "kinesis_account.streams.0.arn",
    "kinesis_account.streams.0.kms_key_arn",
    "deployment_account.account_id",
    "deployment_account.deploy_role_arn",
    "deployment_account.profile",
    "deployment_account.role_name",
    "deployment_account.instance_profile_name",
    "deployment_account.workspace_role_name",
    "deployment_account.passrole_policy_name",
    "deployment_account.vpc_endpoint_ids.0",
    "deployment_account.vpc_id",
    "databricks.host",
    "databricks.profile",
    "databricks.cluster_name",
    "databricks.notebook_path",
    "databricks.sts_endpoint",
    "databricks.workspace_region",
    "databricks.spark_version",
    "databricks.node_type_id",
    "databricks.single_user_name",
    "databricks.groups.0",
    "aws_endpoint_url",
    "backend.bucket",
    "backend.key_prefix",
    "backend.region",
    "backend.role_arn",
    "backend.profile",
    f"{SC}:databricks.service_credential_name",
    f"{SC}:databricks.unity_catalog_iam_arn",
    f"{SC}:databricks.groups.0",
    f"{SC}:databricks.initial_timestamp",
    f"{SC}:databricks.checkpoint_volume",
]
ORGANISATION_FIELDS = [
    "region",
    "sources.payments.region",
    "sources.payments.account_id",
    "sources.payments.streams.0.name",
    "consumers.analytics.account_id",
    "consumers.analytics.workspace_role_name",
    "consumers.analytics.databricks.host",
    "consumers.analytics.databricks.cluster_name",
    "consumers.analytics.databricks.workspace_region",
    "consumers.analytics.databricks.groups.0",
    "consumers.fraud.databricks.profile",
    "consumers.analytics.reads.1.external_id",
    "consumers.analytics.reads.1.role_name",
    "consumers.lakehouse.reads.0.credential_name",
    "consumers.lakehouse.databricks.groups.0",
    "consumers.lakehouse.databricks.checkpoint_volume",
    "sources[payments]",
    "consumers[fraud]",
]


def _set(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """``data`` with one value set: a dotted path, or ``parent[key]`` to rename a key of a mapping to ``value``."""
    if "[" in dotted:
        parent, key = dotted[:-1].split("[")
        parent_node: Any = data
        for part in parent.split("."):
            parent_node = parent_node[part]
        items = list(parent_node.items())
        parent_node.clear()
        parent_node.update({(value if k == key else k): v for k, v in items})
        if key not in dict(items):
            parent_node[value] = "x"
        if parent == "sources" and key == "payments":  # the reads name the source by its key
            for con in data["consumers"].values():
                for read in con["reads"]:
                    if read["source"] == "payments":
                        read["source"] = value
        return data
    node: Any = data
    *parents, last = dotted.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


def _one_pair(field: str, value: Any) -> dict[str, Any]:
    if field.startswith(f"{SC}:"):
        data = load_yaml(SERVICE_CREDENTIAL)
        field = field.removeprefix(f"{SC}:")
        if field == "databricks.initial_timestamp":
            data["databricks"]["initial_position"] = "at_timestamp"
    else:
        data = load_yaml(EXAMPLE)
        if field.startswith("backend.") and field != "backend.key_prefix":
            data["backend"] = {"type": "s3", "bucket": "kinesis-xacct-state"}
    if field.endswith("groups.0"):
        data["databricks"]["groups"] = ["placeholder"]
    if field == "deployment_account.vpc_endpoint_ids.0":
        data["deployment_account"]["vpc_endpoint_ids"] = ["vpce-0123456789abcdef0"]
    if field == "kinesis_account.streams.0.arn":
        data["kinesis_account"]["streams"] = [{"name": "testStream"}]
    return _set(data, field, value)


def _load(data: dict[str, Any]) -> Any:
    """The config as the CLI reads it: written as YAML, read by ``load_any``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False), encoding="utf-8")
        return load_any(path)


def _assert_config_error(err: ConfigError) -> None:
    lines = str(err).splitlines()
    assert lines, "a config error with no problem"
    bad = [line for line in lines if not ERROR_LINE.fullmatch(line)]
    assert not bad, f"not 'config error: <path>: <reason>': {bad!r}"


def _get(node: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        node = node[int(part)] if isinstance(node, (list, tuple)) else getattr(node, part)
    return node


def _no_control(value: str) -> None:
    control = [ch for ch in value if unicodedata.category(ch) == "Cc"]
    assert not control, f"accepted a value with the control character {control[0]!r}: {value!r}"
    # HCL reads every string in NFC: a value in another form would be deployed changed, so it is refused
    assert unicodedata.normalize("NFC", value) == value, f"accepted a value not in NFC: {value!r}"


# ------------------------------------------------------------------------------------------- refusal only


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(ONE_PAIR_FIELDS), value=HOSTILE)
def test_one_pair_field_refuses_or_keeps_the_value(field, value):
    data = _one_pair(field, value)
    try:
        cfg = _load(data)
    except ConfigError as err:
        _assert_config_error(err)
        return
    _no_control(value)
    name = field.split(":")[-1]
    if name == "tags[key]":
        assert value in cfg.tags
    elif name.startswith("tags."):
        assert cfg.tags[name.removeprefix("tags.")] == value
    elif name == "kinesis_account.streams.0.name" and value.startswith("arn:"):
        assert cfg.kinesis_account.streams[0].arn == value
    else:
        assert _get(cfg, name) == value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(ORGANISATION_FIELDS), value=HOSTILE)
def test_organisation_field_refuses_or_keeps_the_value(field, value):
    data = _set(load_yaml(ORGANISATION), field, value)
    try:
        org = _load(data)
    except ConfigError as err:
        _assert_config_error(err)
        return
    assert isinstance(org, Organisation)
    _no_control(value)
    if field.endswith("]"):
        assert value in org.sources + org.consumers
    elif field.startswith("consumers.analytics.databricks."):
        assert _get(org.consumer_cfg("analytics").databricks, field.rsplit("databricks.", 1)[1]) == value


# ---------------------------------------------------------------------------------------- through a synth


def _blocks(doc: dict[str, Any]) -> set[tuple[str, ...]]:
    """The blocks of a parsed cdk.tf: (kind, labels...) for each; a provider with its alias."""
    out: set[tuple[str, ...]] = set()
    for kind, items in doc.items():
        for item in items:
            if kind in ("resource", "data"):
                out |= {(kind, t, n) for t, named in item.items() for n in named}
            elif kind == "provider":
                out |= {(kind, n, str(body.get("alias"))) for n, body in item.items()}
            elif kind in ("output", "variable", "module"):
                out |= {(kind, n) for n in item}
            else:
                out.add((kind,))
    return out


def _resources(doc: dict[str, Any], kind: str, rtype: str) -> list[dict[str, Any]]:
    found = []
    for item in doc.get(kind, []):
        for t, named in item.items():
            if t.strip('"') == rtype:
                found.extend(named.values())
    return found


def _provider(doc: dict[str, Any], name: str) -> dict[str, Any]:
    (body,) = [b for item in doc.get("provider", []) for n, b in item.items() if n.strip('"') == name][:1]
    return body


def _terraform_reads(raw: list[str]) -> list[str]:
    """What Terraform reads from each raw HCL expression (as written in cdk.tf): ``terraform console`` over
    locals holding them."""
    with tempfile.TemporaryDirectory() as tmp:
        body = "\n".join(f"  v{i} = {expr}" for i, expr in enumerate(raw))
        Path(tmp, "main.tf").write_text(f"locals {{\n{body}\n}}\n", encoding="utf-8")
        # base64 of the JSON: the console prints strings in its own quoted form, base64 is plain ASCII
        expr = "base64encode(jsonencode([" + ", ".join(f"local.v{i}" for i in range(len(raw))) + "]))"
        proc = subprocess.run(
            [require_tool("terraform"), "console"],
            input=expr + "\n",
            cwd=tmp,
            env=tool_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, f"terraform console: {proc.stderr}\n{Path(tmp, 'main.tf').read_text()}"
        return json.loads(base64.b64decode(json.loads(proc.stdout.strip())).decode("utf-8"))


def _synth(cfg: Any, out: Path) -> dict[str, dict[str, Any]]:
    """The app's HCL for ``cfg`` (both stacks), parsed."""
    from kinesis_xacct.synth.app import build_app, synth_app

    synth_app(build_app(cfg, str(out)), str(out))
    return {
        stack: hcl2.loads((out / "stacks" / stack / "cdk.tf").read_text(encoding="utf-8"))
        for stack in ("deployment-account", "kinesis-account")
    }


# Where each field is written in deployment-account's cdk.tf: (kind, type, attribute) and how the value
# is written there.
WRITTEN = {
    "databricks.cluster_name": [
        ("resource", "databricks_cluster", "cluster_name", "{}"),
        ("resource", "databricks_job", "name", "{}-job"),
    ],
    "databricks.spark_version": [("resource", "databricks_cluster", "spark_version", "{}")],
    "databricks.node_type_id": [("resource", "databricks_cluster", "node_type_id", "{}")],
    "databricks.single_user_name": [("resource", "databricks_cluster", "single_user_name", "{}")],
    "databricks.groups.0": [("data", "databricks_group", "display_name", "{}")],
    "databricks.notebook_path": [("resource", "databricks_directory", "path", "{folder}")],
    "databricks.host": [("provider", "databricks", "host", "{}")],
}
PLAIN = {
    "databricks.cluster_name": "kinesis-xacct-validation",
    "databricks.spark_version": "16.4.x-scala2.12",
    "databricks.node_type_id": "i3.xlarge",
    "databricks.single_user_name": "someone@example.com",
    "databricks.groups.0": "analysts",
    "databricks.notebook_path": "/Users/someone@example.com/kinesis-xacct/validate_kinesis",
    "databricks.host": "https://dbc-1234abcd-5678.cloud.databricks.com",
    "tags.team": "data",
}


def _closed(value: str) -> str:
    """``value`` with a ``}`` appended when a ``${`` or ``%{`` in it has none after it: python-hcl2 (8.x) cannot
    parse an escaped ``$${`` / ``%%{`` without one (Terraform can: the escaping-point test below plans such
    strings with Terraform itself)."""
    last = max(value.rfind("${"), value.rfind("%{"))
    return value + "}" if last >= 0 and "}" not in value[last:] else value


SYNTH_VALUES = st.fixed_dictionaries(
    {
        field: st.one_of(
            HOSTILE,
            st.tuples(st.just(plain), st.sampled_from(ATTACKS + ["", " x", "ä", "\u00a0"])).map("".join),
        ).map(_closed)
        for field, plain in PLAIN.items()
    }
)


def _written(doc: dict[str, Any], field: str, value: str) -> list[tuple[str, str]]:
    """(raw HCL expression, the value Terraform must read from it) for each place ``field`` is written."""
    pairs = []
    for kind, rtype, attr, form in WRITTEN.get(field, []):
        bodies = [_provider(doc, rtype)] if kind == "provider" else _resources(doc, kind, rtype)
        assert bodies, f"{field}: no {kind} {rtype} in the output"
        expected = form.format(value, folder=value.rsplit("/", 1)[0])
        pairs += [(body[attr], expected) for body in bodies]
    return pairs


def _synth_base() -> dict[str, Any]:
    return variant(**{"databricks.groups": ["placeholder"]})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(values=SYNTH_VALUES)
def test_accepted_values_come_back_exactly_from_the_hcl(values, tmp_path_factory):
    accepted = {}
    for field, value in values.items():
        try:
            parse_config(_set(_synth_base(), field, value))
        except ConfigError as err:
            _assert_config_error(err)
            continue
        accepted[field] = value
    hostile = _synth_base()
    plain = _synth_base()
    for field, value in accepted.items():
        _set(hostile, field, value)
        _set(plain, field, PLAIN[field])
    try:
        cfg = parse_config(hostile)
    except ConfigError as err:  # values fine one by one can clash (a tag value, a group): still a config error
        _assert_config_error(err)
        return
    out = tmp_path_factory.mktemp("hostile")
    written = _synth(cfg, out / "hostile")
    expected = _synth(parse_config(plain), out / "plain")
    for stack in written:
        assert _blocks(written[stack]) == _blocks(expected[stack]), f"{stack}: other blocks than for plain values"
    dep = written["deployment-account"]
    pairs = [pair for field, value in accepted.items() for pair in _written(dep, field, value)]
    for stack in written:  # default_tags of each AWS provider
        for item in written[stack]["provider"]:
            for body in item.values():
                for default_tags in body.get("default_tags", []):
                    tags = {k.strip('"'): v for k, v in default_tags["tags"].items()}
                    if "tags.team" in accepted:
                        pairs.append((tags["team"], accepted["tags.team"]))
    if pairs:
        raw, want = zip(*pairs, strict=True)
        assert _terraform_reads(list(raw)) == list(want)


def _terraform(args: list[str], cwd: Path) -> str:
    proc = subprocess.run(
        [require_tool("terraform"), *args], cwd=cwd, env=tool_env(), capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, f"terraform {' '.join(args)}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
    return proc.stdout


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.one_of(st.text(), HOSTILE), min_size=1, max_size=8))
def test_the_escaping_point_writes_any_string_as_a_literal(values, tmp_path_factory):
    """``literal()`` itself, with strings no config rule would let through, given to a string attribute of a
    resource schema (as every config value is: the framework writes a typed string through ``renderString``),
    here ``aws_s3_object.content``, then planned by real Terraform with the AWS provider offline (creating an
    object plans without an API call). The plan has exactly the resources written (nothing a value added) and
    each content is the value. (Schema-less attributes, rendered by ``renderFuzzyJsonExpression``, write a
    string that looks like a number, a list or an object as such: no config value is given to one.)"""
    from kinesis_xacct.cdk.framework import App, LocalBackend, TerraformStack, aws
    from kinesis_xacct.cdk.literal import literal
    from kinesis_xacct.platform import versions

    out = tmp_path_factory.mktemp("literal")
    app = App(outdir=str(out), hcl_output=True)
    stack = TerraformStack(app, "literal")
    LocalBackend(stack, path="terraform.tfstate")
    stack.add_override(
        "terraform.required_providers.aws",
        {"source": versions.AWS_PROVIDER_SOURCE, "version": versions.AWS_PROVIDER_CONSTRAINT},
    )
    provider = aws("provider").AwsProvider(
        stack,
        "aws",
        region="us-east-1",
        access_key="offline",
        secret_key="offline",
        skip_credentials_validation=True,
        skip_metadata_api_check="true",
        skip_region_validation=True,
        skip_requesting_account_id=True,
    )
    for i, value in enumerate(values):
        aws("s3_object").S3Object(stack, f"d{i}", bucket="b", key=f"k{i}", content=literal(value), provider=provider)
    app.synth()
    folder = out / "stacks" / "literal"
    assert "<<" not in (folder / "cdk.tf").read_text(encoding="utf-8"), "a heredoc was written"
    _terraform(["init", "-input=false", "-no-color"], folder)
    _terraform(["plan", "-input=false", "-lock=false", "-no-color", "-out=values.plan"], folder)
    plan = json.loads(_terraform(["show", "-json", "values.plan"], folder))
    changes = {r["address"]: r["change"]["after"].get("content") for r in plan["resource_changes"]}
    # HCL normalizes the text of every string literal to Unicode Normalization Form C (hashicorp/hcl, hclsyntax
    # parser: norm.NFC; seen here: U+F9B1, a CJK compatibility ideograph, became U+99F1): that alone may change.
    assert changes == {f"aws_s3_object.d{i}": unicodedata.normalize("NFC", v) for i, v in enumerate(values)}


# ------------------------------------------------------------------------------------ one test per class


def _problems(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ConfigError) as err:
        _load(data)
    _assert_config_error(err.value)
    return err.value.problems


def test_heredoc_break_out_is_refused_in_every_single_line_field():
    value = 'x\nEOF\nresource "null_resource" "pwned" {}\nEOF\n'
    for field in (
        "databricks.cluster_name",
        "databricks.spark_version",
        "databricks.node_type_id",
        "databricks.single_user_name",
        "databricks.groups.0",
        "databricks.notebook_path",
    ):
        problems = _problems(_one_pair(field, value))
        assert [p for p, _ in problems] == [field], problems


def test_terraform_expressions_stay_text(tmp_path):
    expression = '${file("~/.aws/credentials")}%{ if true }x%{ endif }'
    cfg = parse_config(variant(**{"databricks.cluster_name": expression}))
    doc = _synth(cfg, tmp_path / "out")["deployment-account"]
    (cluster,) = _resources(doc, "resource", "databricks_cluster")
    assert cluster["cluster_name"] == '"$${file(\\"~/.aws/credentials\\")}%%{ if true }x%%{ endif }"'
    assert _terraform_reads([cluster["cluster_name"]]) == [expression]
    # a role path or a host cannot carry one at all
    assert _problems(variant(**{"kinesis_account.deploy_role_arn": 'arn:aws:iam::222222222222:role/${file("x")}/r'}))
    assert [
        p for p, _ in _problems(variant(**{"databricks.host": 'https://${pathexpand("~")}.cloud.databricks.com'}))
    ] == ["databricks.host"]


def test_quotes_and_backslashes_come_back_exactly(tmp_path):
    value = 'a"b\\c\\"d\\'
    cfg = parse_config(variant(**{"databricks.cluster_name": value}))
    doc = _synth(cfg, tmp_path / "out")["deployment-account"]
    (cluster,) = _resources(doc, "resource", "databricks_cluster")
    (job,) = _resources(doc, "resource", "databricks_job")
    assert _terraform_reads([cluster["cluster_name"], job["name"]]) == [value, value + "-job"]


@pytest.mark.parametrize("tags", [{"team": "a\nb"}, {"team": "a\tb"}, {"te\nam": "x"}, {"te\tam": "x"}, {"t": 'a"b'}])
def test_tags_with_a_line_break_tab_or_quote_are_refused(tags):
    assert [p for p, _ in _problems(variant(tags=tags))] == ["tags"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("!!int abc", "at key 'databricks.cluster_name': the value 'abc' cannot be read as !!int"),
        ("!!float x", "cannot be read as !!float"),
        ("!!bool maybe", "cannot be read as !!bool"),
        ("!!timestamp junk", "cannot be read as !!timestamp"),
        ("9" * 5000, "a number of more than 40 digits"),
        ("!!set {a, b}", "!!set"),
    ],
)
def test_yaml_tags_and_huge_numbers_are_config_errors(tmp_path, text, fragment):
    path = tmp_path / "config.yaml"
    body = EXAMPLE.read_text().replace("cluster_name: kinesis-xacct-validation", f"cluster_name: {text}")
    path.write_text(body)
    with pytest.raises(ConfigError) as err:
        load_any(path)
    _assert_config_error(err.value)
    assert fragment in str(err.value)


def test_yaml_merge_keys_cannot_slip_a_duplicate_key_past(tmp_path):
    path = tmp_path / "config.yaml"
    body = EXAMPLE.read_text().replace(
        "databricks:\n  enabled: true\n", "databricks:\n  <<: {cluster_name: other}\n  enabled: true\n"
    )
    assert body != EXAMPLE.read_text()
    path.write_text(body)
    with pytest.raises(ConfigError) as err:
        load_any(path)
    assert "merge keys (<<) are not supported" in str(err.value) and "databricks.<<" in str(err.value)


def test_null_deployment_account_is_a_config_error():
    data = variant(deployment_account=None)
    assert _problems(data) == [
        (
            "deployment_account",
            "is null (account A, runs the Databricks workspace: account_id, ...) with databricks.auth instance-profile",
        )
    ]


@pytest.mark.parametrize(
    "group",
    [
        "\u0430dmins",  # Cyrillic a + Latin: mixed scripts
        "admins\u200b",  # zero-width space
        "us\u200ders",  # zero-width joiner
        "\uff55sers",  # fullwidth u (NFKC changes it)
        "\u202eadmins",  # right-to-left override
    ],
)
def test_look_alike_group_names_are_refused(group):
    problems = _problems(variant(**{"databricks.groups": [group]}))
    assert [p for p, _ in problems] == ["databricks.groups.0"], problems


def test_a_single_script_look_alike_of_a_workspace_local_group_is_refused_in_service_credential_mode():
    data = load_yaml(SERVICE_CREDENTIAL)
    data["databricks"]["groups"] = ["\u0430\u0501\u043c\u0456\u043f\u0455"]  # "admins" in Cyrillic letters
    problems = _problems(data)
    assert [p for p, _ in problems] == ["databricks.groups"], problems


@pytest.mark.parametrize(
    "host",
    [
        "https://dbc-x.cloud.databricks.com@other.example",
        "https://user:pw@dbc-x.cloud.databricks.com",
        "https://dbc-x.cloud.databricks.com/path",
        "https://dbc-x.cloud.databricks.com?x=1",
        "https://dbc-x.cloud.databricks.com#f",
        "https://dbc-x.cloud.databricks.com:8443",
        "http://dbc-x.cloud.databricks.com",
        "https://dbc-x.cloud.databricks.com.other.example",
    ],
)
def test_a_host_is_a_bare_https_host_name_of_the_partitions_domain(host):
    assert [p for p, _ in _problems(variant(**{"databricks.host": host}))] == ["databricks.host"]


def test_a_private_host_needs_allow_private_host():
    data = variant(**{"databricks.host": "https://workspace.internal.example"})
    assert "allow_private_host" in _problems(data)[0][1]
    data["databricks"]["allow_private_host"] = True
    assert parse_config(data).databricks.host == "https://workspace.internal.example"
    assert parse_config(variant(**{"databricks.host": "https://dbc-1.cloud.databricks.com/"}))


@pytest.mark.parametrize(
    "path",
    [
        "/Users/me@example.com/../../Shared/kx/validate_kinesis",
        "/Users/me@example.com/kx/./validate_kinesis",
        "/Users/me@example.com//kx/validate_kinesis",
        "/Users/me@example.com/kx/validate_kinesis/",
    ],
)
def test_notebook_paths_are_normalised(path):
    assert [p for p, _ in _problems(variant(**{"databricks.notebook_path": path}))] == ["databricks.notebook_path"]


def test_organisation_values_are_literals_in_each_consumers_stack(tmp_path):
    """The organisation form writes its consumers' Databricks values through the same escaping point."""
    from kinesis_xacct.synth.app import build_app, synth_app

    value = 'org ${file("x")} %{ if true }"\\'
    data = _set(load_yaml(ORGANISATION), "consumers.analytics.databricks.cluster_name", value)
    org = _load(data)
    synth_app(build_app(org, str(tmp_path / "out")), str(tmp_path / "out"))
    stack = tmp_path / "out" / "stacks" / "deployment-account-analytics" / "cdk.tf"
    doc = hcl2.loads(stack.read_text(encoding="utf-8"))
    (cluster,) = _resources(doc, "resource", "databricks_cluster")
    (job,) = _resources(doc, "resource", "databricks_job")
    assert _terraform_reads([cluster["cluster_name"], job["name"]]) == [value, value + "-job"]
