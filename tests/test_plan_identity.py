"""A plan that does not depend on who runs it: nothing in the synthesized HCL that decides a resource's identity
or path comes from the identity that runs Terraform (``databricks_current_user``), and two synths under two
different identities write the same bytes. The cluster's owner and the notebook's folder come from the config:
``databricks.single_user_name`` is required on dedicated access mode, ``databricks.notebook_path`` on standard
access mode (config errors naming the key). What only a workspace shows: docs/databricks.md."""

from __future__ import annotations

import hashlib
from pathlib import Path

import hcl2
import pytest

from kinesis_xacct.config import parse_config

from .helpers import EXAMPLE, ROOT, SERVICE_CREDENTIAL, synth_main, variant
from .helpers import one_pair_problems as problems

ORGANISATION = ROOT / "config" / "organisation.yaml"
CONFIGS = {"example": EXAMPLE, "service-credential": SERVICE_CREDENTIAL, "organisation": ORGANISATION}
# Two identities as the providers would see them: only the environment differs (no call is made by a synth).
IDENTITIES = {
    "person": {"DATABRICKS_HOST": "https://dbc-person.cloud.databricks.com", "DATABRICKS_TOKEN": "dapi-person"},
    "ci": {
        "DATABRICKS_HOST": "https://dbc-ci.cloud.databricks.com",
        "DATABRICKS_CLIENT_ID": "00000000-0000-0000-0000-000000000001",
        "DATABRICKS_CLIENT_SECRET": "ci-secret",
        "AWS_ACCESS_KEY_ID": "AKIACI",
        "AWS_SECRET_ACCESS_KEY": "ci",
    },
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every config synthesized once per identity: {(config, identity): output folder}."""
    out = {}
    for name, config in CONFIGS.items():
        for who, env in IDENTITIES.items():
            folder = tmp_path_factory.mktemp(f"{name}-{who}") / "out"
            proc = synth_main(config, folder, extra_env=env)
            assert proc.returncode == 0, proc.stderr[-3000:]
            out[(name, who)] = folder
    return out


def _stacks(folder: Path) -> dict[str, Path]:
    return {p.parent.name: p for p in sorted((folder / "stacks").glob("*/cdk.tf"))}


def _plain(node):
    """python-hcl2 (this version) keeps the quotes of labels and string values: drop them."""
    if isinstance(node, dict):
        return {_plain(k): _plain(v) for k, v in node.items() if k != "__is_block__"}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str) and len(node) >= 2 and node[0] == node[-1] == '"':
        return node[1:-1]
    return node


def _parse(path: Path) -> dict:
    return _plain(hcl2.loads(path.read_text()))


def _walk(node, path=()):
    """Every (path, string) in a parsed HCL document."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _blocks(doc: dict, kind: str, rtype: str) -> list[dict]:
    return [
        body
        for entry in doc.get(kind, [])
        for name, bodies in entry.items()
        if name == rtype
        for body in bodies.values()
    ]


@pytest.mark.parametrize("name", list(CONFIGS))
def test_no_reference_to_the_deploying_identity(outputs, name):
    stacks = _stacks(outputs[(name, "person")])
    databricks_stacks = 0
    for stack, path in stacks.items():
        doc = _parse(path)
        assert not [d for d in doc.get("data", []) if "databricks_current_user" in d], stack
        assert [(p, v) for p, v in _walk(doc) if "databricks_current_user" in v] == [], stack
        # what decides an identity or a path is a literal of the config, never a reference
        decided = [
            *(("cluster", c.get("single_user_name")) for c in _blocks(doc, "resource", "databricks_cluster")),
            *(("folder", d["path"]) for d in _blocks(doc, "resource", "databricks_directory")),
            *(("volume", v["name"]) for v in _blocks(doc, "resource", "databricks_volume")),
        ]
        for what, value in decided:
            assert value is None or "${" not in value, (stack, what, value)
        if _blocks(doc, "resource", "databricks_directory"):
            databricks_stacks += 1
            (folder,) = _blocks(doc, "resource", "databricks_directory")
            assert folder["path"].startswith("/Users/") and folder["path"].endswith("/kinesis-xacct")
            for cluster in _blocks(doc, "resource", "databricks_cluster"):
                if cluster["data_security_mode"] == "SINGLE_USER":
                    assert "@" in cluster["single_user_name"]
                else:
                    assert "single_user_name" not in cluster
    assert databricks_stacks == (3 if name == "organisation" else 1)


@pytest.mark.parametrize("name", list(CONFIGS))
def test_two_identities_synthesize_the_same_bytes(outputs, name):
    def digest(folder: Path) -> dict[str, str]:
        return {stack: hashlib.sha256(p.read_bytes()).hexdigest() for stack, p in _stacks(folder).items()}

    person, ci = digest(outputs[(name, "person")]), digest(outputs[(name, "ci")])
    assert person and person == ci


def test_dedicated_access_mode_requires_the_clusters_user():
    found = problems(variant(**{"databricks.single_user_name": None}))
    assert [p for p, _ in found] == ["databricks.single_user_name"]
    assert "required with databricks.auth instance-profile" in found[0][1]
    assert "a plan by another identity would replace them" in found[0][1]
    # without the Databricks half there is no cluster
    parse_config(variant(**{"databricks.enabled": False, "databricks.single_user_name": None}))


def test_the_default_folder_is_the_cluster_users_home():
    cfg = parse_config(
        variant(**{"databricks.single_user_name": "alice@example.com", "databricks.notebook_path": None})
    )
    from kinesis_xacct.config import names

    assert names.notebook_path(cfg) == "/Users/alice@example.com/kinesis-xacct/validate_kinesis"


def test_standard_access_mode_requires_the_notebook_path():
    found = problems(variant(SERVICE_CREDENTIAL, **{"databricks.notebook_path": None}))
    assert [p for p, _ in found] == ["databricks.notebook_path"]
    assert "required with databricks.auth service-credential" in found[0][1]
