"""The organisation form of the config: pairs derived from sources and consumers, and its errors under the
organisation's own paths (with did-you-mean for unknown sources and streams)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from kinesis_xacct.config.organisation import pair_role_name, parse_organisation
from kinesis_xacct.ops.load import load_any

from .helpers import ROOT, load_yaml, problems_of, run_module, set_path, write_config
from .outputs import line_of

ORGANISATION = ROOT / "config" / "organisation.yaml"


def org_data() -> dict[str, Any]:
    return copy.deepcopy(load_yaml(ORGANISATION))


def test_example_pairs_streams_and_roles():
    data = org_data()
    org = parse_organisation(data)
    pairs = {(p.consumer, p.source): p for p in org.pairs}
    expected = {(consumer, read["source"]) for consumer, c in data["consumers"].items() for read in c["reads"]}
    assert set(pairs) == expected
    assert len(org.sources) >= 2 and len(org.consumers) >= 3
    all_streams = {s: [x["name"] for x in src["streams"]] for s, src in data["sources"].items()}
    for (consumer, source), pair in pairs.items():
        read = next(r for r in data["consumers"][consumer]["reads"] if r["source"] == source)
        assert [s.name for s in pair.cfg.kinesis_account.streams] == read.get("streams", all_streams[source])
        assert pair.cfg.kinesis_account.account_id == data["sources"][source]["account_id"]
        assert pair.cfg.kinesis_account.role_name == read.get("role_name", f"kinesis-xacct-{consumer}-{source}")
        assert pair.cfg.kinesis_account.external_id == read.get("external_id")
        assert pair.cfg.kinesis_account.access == read.get("access", "read")
        assert pair.cfg.region == data["sources"][source].get("region", data["region"])
        assert pair.cfg.databricks.auth == data["consumers"][consumer]["databricks"]["auth"]
    # both auth modes and a subset read are in the example
    assert {p.cfg.databricks.auth for p in org.pairs} == {"instance-profile", "service-credential"}
    assert any(len(p.cfg.kinesis_account.streams) < len(all_streams[p.source]) for p in org.pairs), (
        "the example has a read of a subset of a source's streams"
    )
    assert set(org.source_cfgs) == set(data["sources"])


def test_pair_role_name_fits_iam():
    name = pair_role_name("c" * 32, "s" * 32)
    assert len(name) == 64 and name.startswith("kinesis-xacct-" + "c" * 32)
    assert pair_role_name("c" * 32, "s" * 32) == name  # stable
    assert pair_role_name("c" * 32, "t" * 32) != name


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            ("consumers.analytics.reads.1.streams", ["transactions", "transaktions"]),
            "consumers.analytics.reads.1.streams.1",
            ["unknown stream", "did you mean 'transactions'?"],
        ),
        (
            ("consumers.fraud.reads.0.source", "payment"),
            "consumers.fraud.reads.0.source",
            ["unknown source", "did you mean 'payments'?"],
        ),
        (("consumers.analytics.reads.1.access", "write-all"), "consumers.analytics.reads.1.access", ["read-efo"]),
        (("consumers.analytics.reads.1.external_id", "x"), "consumers.analytics.reads.1.external_id", ["2-1224"]),
        (("sources.payments.region", "eu-west-9"), "sources.payments.region", ["did you mean"]),
        (
            (
                "sources.clickstream.streams.0.kms_key_arn",
                "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-86ef-1234567890ab",
            ),
            "sources.clickstream.streams.0.kms_key_arn",
            ["account 9999"],
        ),
        (("sources.payments.streams.1.name", "bad name"), "sources.payments.streams.1.name", ["stream name"]),
        (("consumers.fraud.account_id", "333333333333"), "sources.payments.account_id", ["consumers.fraud.account_id"]),
        (
            ("consumers.analytics.databricks.groups", ["a", "a"]),
            "consumers.analytics.databricks.groups.1",
            ["duplicate group"],
        ),
        (("consumers.fraud.workspace_role_name", None), "consumers.fraud.workspace_role_name", ["required"]),
        (
            ("consumers.lakehouse.databricks.sts_endpoint", "sts.us-east-1.amazonaws.com"),
            "consumers.lakehouse.databricks.sts_endpoint",
            ["service-credential"],
        ),
        (("consumers.analytics.reads.1.role_name", "r" * 65), "consumers.analytics.reads.1.role_name", ["1-64"]),
        (("sources.clickstream.role_name", "x"), "sources.clickstream.role_name", ["each pair"]),
        (("consumers.analytics.reads.0.sources", "x"), "consumers.analytics.reads.0.sources", ["did you mean"]),
        (("sources.Click", {"account_id": "666666666666", "streams": [{"name": "a"}]}), "sources.Click", ["lowercase"]),
        (("kinesis_account", {}), "kinesis_account", ["one-pair form"]),
        # wrong types where names are expected: one error naming the key, never a traceback
        (("consumers.fraud.reads.0.source", ["payments"]), "consumers.fraud.reads.0.source", ["got a list"]),
        (("sources.payments.streams", True), "sources.payments.streams", ["must be a list", "boolean"]),
    ],
)
def test_errors_name_the_full_path(change, path, words):
    problems = problems_of(set_path(org_data(), *change))
    reasons = [r for p, r in problems if p == path]
    assert reasons, problems
    for word in words:
        assert any(word in r for r in reasons), (word, reasons)


def test_reasons_name_organisation_paths_only():
    data = org_data()
    data["sources"]["payments"]["streams"].append({"name": "transactions"})
    problems = problems_of(data)
    assert ("sources.payments.streams.2.name", "duplicate stream 'transactions' (also sources.payments.streams.0)") in (
        problems
    )
    assert [(p, r) for p, r in problems if "kinesis_account" in p or "kinesis_account" in r] == []


def test_duplicate_read_and_unread_source():
    data = org_data()
    data["consumers"]["fraud"]["reads"].append({"source": "payments"})
    data["sources"]["spare"] = {"account_id": "777777777777", "streams": [{"name": "idle"}]}
    problems = dict(problems_of(data))
    assert "already read by consumers.fraud.reads.0" in problems["consumers.fraud.reads.1.source"]
    assert "no consumer reads" in problems["sources.spare"]


def test_role_name_collision_in_one_account():
    data = org_data()
    data["consumers"]["fraud"]["reads"][0]["role_name"] = "kinesis-xacct-analytics-payments"
    problems = problems_of(data)
    assert [r for p, r in problems if p == "consumers.fraud.reads.0.role_name" and "also consumers.analytics" in r], (
        problems
    )


def test_one_pair_form_unchanged(tmp_path: Path):
    cfg = load_any(ROOT / "config" / "example.yaml")
    assert type(cfg).__name__ == "Config"


def test_check_command_exit_2_one_line_per_problem(tmp_path: Path):
    data = set_path(org_data(), "consumers.fraud.reads.0.source", "payment")
    config = write_config(tmp_path, data)
    proc = run_module("kinesis_xacct", "check", str(config), timeout=60)
    assert proc.returncode == 2
    at = f"{config}:{line_of(config, r'source: payment$')}"
    assert proc.stderr.strip().splitlines() == [
        f"config error: {at}: consumers.fraud.reads.0.source: unknown source 'payment'; did you mean 'payments'? "
        "(list items count from 0 in a path: reads.0 is item 1 of reads)"
    ]
    ok = run_module("kinesis_xacct", "check", str(ORGANISATION), timeout=60)
    assert ok.returncode == 0, ok.stderr
