"""Service-credential mode checkpoints in a Unity Catalog volume, never on the driver's local disk: the config key
(required, exact shape, hostile values refused), the volume and its grants in the stack, and the notebook's
checkpoint root (the volume by default, refused when local on a Databricks cluster: tests/test_notebook_spark.py
runs it)."""

from __future__ import annotations

import ast

import pytest

from kinesis_xacct.cdk import framework as cdk
from kinesis_xacct.cdk.literal import terraform_json
from kinesis_xacct.config import parse_config
from kinesis_xacct.config.organisation import parse_organisation
from kinesis_xacct.constructs.checkpoint_volume import VOLUME_PRIVILEGES
from kinesis_xacct.render.templates import render_notebook
from kinesis_xacct.synth.app import build_stacks

from .helpers import ROOT, SERVICE_CREDENTIAL, load_yaml, variant
from .helpers import one_pair_problems as problems

VOLUME = "/Volumes/main/default/kinesis_xacct_checkpoints"  # config/service-credential.yaml's


def sc(**changes) -> dict:
    return variant(SERVICE_CREDENTIAL, **changes)


def test_the_examples_name_a_volume():
    assert parse_config(sc()).databricks.checkpoint_volume == VOLUME
    org = parse_organisation(load_yaml(ROOT / "config" / "organisation.yaml"))
    consumer = org.consumer_cfg("lakehouse").databricks
    assert consumer.auth == "service-credential"
    assert consumer.checkpoint_volume == "/Volumes/main/default/kinesis_xacct_lakehouse"


def test_required_in_service_credential_mode():
    found = problems(sc(**{"databricks.checkpoint_volume": None}))
    assert [p for p, _ in found] == ["databricks.checkpoint_volume"]
    assert "required with databricks.auth service-credential" in found[0][1]
    assert "/Volumes/<catalog>/<schema>/<volume>" in found[0][1]
    # without the Databricks half there is no notebook to checkpoint
    parse_config(
        sc(
            **{
                "databricks.enabled": False,
                "databricks.checkpoint_volume": None,
                "kinesis_account.external_id": "given-id",
            }
        )
    )


@pytest.mark.parametrize(
    "value",
    [
        "/Volumes/main/default",  # no volume
        "/Volumes/main/default/v/extra",  # a path inside a volume
        "Volumes/main/default/v",  # relative
        "/Volumes/main/default/v/",  # trailing /
        "/volumes/main/default/v",  # the mount is /Volumes
        "dbfs:/Volumes/main/default/v",  # a scheme
        "/Volumes/Main/default/v",  # Unity Catalog stores names lowercase: a perpetual diff
        "/Volumes/main/def ault/v",
        "/Volumes/main/default/v\nimport os",  # a newline cannot reach the notebook's code
        '/Volumes/main/default/v"',
        "/Volumes/main/default/${path.module}",  # no Terraform interpolation
        "/Volumes/main/../v",
        "/Volumes/ma.in/default/v",  # a period separates names in SQL
        "/Volumes/main/default/" + "v" * 256,
        "/Volumes/mаin/default/v",  # Cyrillic a
        "",
    ],
)
def test_hostile_or_misshapen_values_are_refused(value):
    found = problems(sc(**{"databricks.checkpoint_volume": value}))
    assert [p for p, _ in found] == ["databricks.checkpoint_volume"], found
    assert "/Volumes/<catalog>/<schema>/<volume>" in found[0][1] or "at most" in found[0][1]


def test_not_a_string_is_a_type_error():
    found = problems(sc(**{"databricks.checkpoint_volume": ["/Volumes/a/b/c"]}))
    assert [p for p, _ in found] == ["databricks.checkpoint_volume"]


def test_a_key_of_service_credential_mode_only():
    found = problems(variant(**{"databricks.checkpoint_volume": VOLUME}))
    assert [p for p, _ in found] == ["databricks.checkpoint_volume"]
    assert "databricks.auth instance-profile" in found[0][1]


def _deployment(data: dict, tmp_path) -> dict:
    app = cdk.App(outdir=str(tmp_path / "out"), hcl_output=False)
    with terraform_json():
        dep, _ = build_stacks(app, parse_config(data), state_dir="state")
    app.synth()
    return dep.to_terraform()


def test_the_stack_creates_the_volume_and_grants_the_groups(tmp_path):
    dep = _deployment(sc(**{"databricks.groups": ["data-engineers", "analysts"]}), tmp_path)
    ((vol_id, volume),) = dep["resource"]["databricks_volume"].items()
    assert (volume["catalog_name"], volume["schema_name"], volume["name"]) == (
        "main",
        "default",
        "kinesis_xacct_checkpoints",
    )
    assert volume["volume_type"] == "MANAGED"
    grants = [g for g in dep["resource"]["databricks_grants"].values() if "volume" in g]
    (on_volume,) = grants
    assert on_volume["volume"] == f"${{databricks_volume.{vol_id}.id}}"
    assert on_volume["grant"] == [
        {"principal": "data-engineers", "privileges": list(VOLUME_PRIVILEGES)},
        {"principal": "analysts", "privileges": list(VOLUME_PRIVILEGES)},
    ]
    assert VOLUME_PRIVILEGES == ("READ_VOLUME", "WRITE_VOLUME")
    # nothing is granted on the catalog or the schema (not this stack's: a grant there would replace others')
    assert [g for g in dep["resource"]["databricks_grants"].values() if {"catalog", "schema"} & set(g)] == []
    assert "databricks_grant" not in dep["resource"]
    assert dep["output"]["checkpoint_volume"]["value"] == f"${{databricks_volume.{vol_id}.volume_path}}"


def test_no_groups_no_grants(tmp_path):
    dep = _deployment(sc(**{"databricks.groups": []}), tmp_path)
    assert len(dep["resource"]["databricks_volume"]) == 1
    assert [g for g in dep["resource"].get("databricks_grants", {}).values() if "volume" in g] == []


def _assigned(src: str, name: str) -> list[ast.expr]:
    return [
        n.value
        for n in ast.walk(ast.parse(src))
        if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == name for t in n.targets)
    ]


def test_the_notebook_checkpoints_in_the_volume_by_default():
    src = render_notebook(parse_config(sc()))
    (volume,) = _assigned(src, "CHECKPOINT_VOLUME")
    assert ast.literal_eval(volume) == VOLUME
    assert ast.unparse(_assigned(src, "CHECKPOINT_ROOT")[0]) == "CHECKPOINT_VOLUME"
    assert "file:" not in src and "tempfile.gettempdir()" not in src  # no local default on standard access mode
    assert 'dbutils.widgets.text("checkpoint_root", CHECKPOINT_ROOT' in src  # injectable (a job's parameter)
    assert "dbutils.fs.rm(checkpoints, True)" in src  # the run's folder goes when the reads end
    assert "WorkspaceLocalFileSystem" in src and "DATABRICKS_RUNTIME_VERSION" in src


def test_the_dedicated_notebook_keeps_the_local_disk():
    src = render_notebook(parse_config(variant()))
    assert ast.unparse(_assigned(src, "CHECKPOINT_ROOT")[0]) == "'file:' + tempfile.gettempdir()"
    assert "DATABRICKS_RUNTIME_VERSION" not in src


@pytest.mark.parametrize("form", ["one pair", "organisation"])
def test_the_runbook_prints_the_catalog_grants_the_groups_need(form: str):
    """The stack grants nothing on the catalog or the schema (not its own), so both forms' RUNBOOKs print the
    additive statements the catalog's owner runs for each group of a service-credential consumer."""
    from kinesis_xacct.config.organisation import Organisation
    from kinesis_xacct.iam.policies import credential_side, kinesis_side
    from kinesis_xacct.ops.load import load_any
    from kinesis_xacct.render import templates
    from kinesis_xacct.render.organisation import render_org_runbook
    from kinesis_xacct.synth.waves import waves_document

    if form == "one pair":
        cfg = parse_config(sc(**{"databricks.groups": ["data-engineers", "analysts"]}))
        text = templates.render_runbook(cfg, "sc.yaml", kinesis_side(cfg), credential_side(cfg))
        volumes = {"data-engineers": VOLUME, "analysts": VOLUME}
    else:
        org = load_any(ROOT / "config" / "organisation.yaml")
        assert isinstance(org, Organisation)
        text = render_org_runbook(org, "organisation.yaml", waves_document(org))
        volumes = {
            group: str(cfg.databricks.checkpoint_volume)
            for c in org.consumers
            if (cfg := org.consumer_cfg(c)).uses_service_credential
            for group in cfg.databricks.groups
        }
        assert volumes, "the organisation example has a service-credential consumer with groups"
    for group, volume in volumes.items():
        catalog, schema = volume.split("/")[2:4]
        assert f"GRANT USE CATALOG ON CATALOG `{catalog}` TO `{group}`;" in text
        assert f"GRANT USE SCHEMA ON SCHEMA `{catalog}`.`{schema}` TO `{group}`;" in text
    assert text.count("GRANT USE CATALOG") == len(volumes)
