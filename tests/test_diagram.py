"""The RUNBOOK's access-chain diagram (kinesis_xacct/render/diagram.py): drawn from the same sides as its tables."""

from __future__ import annotations

import re

import pytest

from kinesis_xacct.config import parse_config
from kinesis_xacct.iam.policies import deployment_side, kinesis_side
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.render import diagram, modes, templates

from .helpers import EXAMPLE, ROOT, SEED, markdown_sections, variant

KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"
CONFIGS = {
    "example": lambda: load_config(EXAMPLE),
    "seed": lambda: load_config(SEED),
    "keys": lambda: parse_config(
        variant(
            **{
                "kinesis_account.access": "read-efo",
                "kinesis_account.external_id": "ext-id-1",
                "kinesis_account.streams": [
                    {"name": "given", "kms_key_arn": KEY},
                    {"name": "also-given", "kms_key_arn": KEY},
                    {"name": "made", "create": True},
                    {"name": "made-with-key", "create": True, "kms_key_arn": KEY},
                    {"name": "plain"},
                ],
            }
        )
    ),
    "no-databricks": lambda: parse_config(variant(**{"databricks.enabled": False, "kinesis_account.access": "full"})),
}


def _runbook(cfg) -> str:
    return templates.render_runbook(cfg, "x.yaml", kinesis_side(cfg), deployment_side(cfg))


def _sections(text: str) -> tuple[str, str]:
    """("What is created where" without the given keys' policy prerequisite, which names account B's root, the
    mermaid block of "Access chain")."""
    sections = markdown_sections(text)
    (mermaid,) = re.findall(r"```mermaid\n(.*?)```", sections["Access chain"].text, re.S)
    created = re.sub(r"A given KMS key \(.*?(?:\n\n|$)", "", sections["What is created where"].text, flags=re.S)
    return created, mermaid


def _edges(mermaid: str) -> list[tuple[str, str, str]]:
    return re.findall(r'^  (\w+) -\.?->(?:\|"(.*?)"\|)? (\w+)$', mermaid, re.M)


@pytest.mark.parametrize("name", CONFIGS)
def test_diagram_names_exactly_the_arns_of_the_tables(name):
    cfg = CONFIGS[name]()
    tables, mermaid = _sections(_runbook(cfg))
    arns = diagram.arns_in(mermaid)
    assert arns == diagram.arns_in(tables)
    k, d = kinesis_side(cfg), deployment_side(cfg)
    assert {k.role_arn, d.role_arn, d.instance_profile_arn, *k.stream_arns, *k.managed_policy_arns} <= arns
    assert mermaid == modes.access_chain(cfg, k)


def test_chain_runs_cluster_profile_role_a_role_b_streams_keys():
    cfg = CONFIGS["keys"]()
    edges = [(src, dst, label) for src, label, dst in _edges(modes.access_chain(cfg, kinesis_side(cfg)))]
    assert edges[:3] == [
        ("cluster", "profile", "runs on EC2 with"),
        ("profile", "roleA", "holds"),
        ("roleA", "roleB", "sts:AssumeRole (trusts this role, external ID required)"),
    ]
    assert [(s, d) for s, d, label in edges if s == "roleB"] == [("roleB", f"stream{i}") for i in range(5)]
    assert {label for s, _, label in edges if s == "roleB"} == {"read-efo"}
    # Both given-key streams point at one key node; the created stream without a key gets its new key.
    keyed = {s: d for s, d, _ in edges if s.startswith("stream")}
    assert keyed == {"stream0": "key0", "stream1": "key0", "stream2": "newkey2", "stream3": "key0"}
    source = modes.access_chain(cfg, kinesis_side(cfg))
    assert 'newkey2(["KMS key (created, rotation on)<br/>alias/kinesis-xacct/made"])' in source


def test_trust_account_and_managed_policy():
    cfg = CONFIGS["seed"]()
    source = modes.access_chain(cfg, kinesis_side(cfg))
    assert '  roleA -->|"sts:AssumeRole (trusts all of account A)"| roleB\n' in source
    assert '  roleB -.->|"attached"| managed0\n' in source
    assert "arn:aws:iam::aws:policy/AmazonKinesisFullAccess" in source


def test_many_streams_are_counted_not_drawn():
    streams = [{"name": f"s{i:03d}", "create": i % 2 == 0} for i in range(25)]
    cfg = parse_config(variant(**{"kinesis_account.streams": streams}))
    source = modes.access_chain(cfg, kinesis_side(cfg))
    drawn = [a for a in diagram.arns_in(source) if ":stream/" in a]
    assert sorted(drawn) == [cfg.stream_arn(f"s{i:03d}") for i in range(diagram.MAX_STREAMS - 1)]
    assert '  more(["16 more streams (8 created)"])\n' in source


def test_labels_are_escaped_for_mermaid():
    cfg = parse_config(variant(**{"databricks.cluster_name": 'team "a" <b> & c'}))
    source = modes.access_chain(cfg, kinesis_side(cfg))
    assert 'cluster("Databricks cluster (dedicated)<br/>team #quot;a#quot; #lt;b#gt; #amp; c")' in source


def test_readme_shows_the_examples_diagram():
    cfg = load_config(EXAMPLE)
    expected = modes.access_chain(cfg, kinesis_side(cfg))
    assert f"```mermaid\n{expected}```" in (ROOT / "README.md").read_text()
