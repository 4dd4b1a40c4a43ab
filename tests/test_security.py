"""Security gates (issue 4): checkov offline with zero unexplained findings, IAM analysis of every generated
document (parliament + policyuniverse), least privilege, and mutations that must make the gate fail.

Each config is synthesized once for the module (in parallel subprocesses); checkov runs once over the
folder holding all outputs and the results are split per output. ``make checkov`` runs the tests of this
module whose name contains "checkov".
"""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest

from kinesis_xacct.iam.policies import CREDENTIAL_EXTERNAL_ID, deployment_side, kinesis_side
from kinesis_xacct.iam.suppressions import (
    CHECKOV,
    DOC_DEPLOYMENT_ASSUME,
    DOC_KINESIS_ACCESS,
    DOC_KINESIS_TRUST,
    DOC_PASSROLE,
    DOC_STREAM_KEY,
    PARLIAMENT,
    all_checkov_skips,
)
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.platform import arns
from kinesis_xacct.sandbox import emulator as sandbox

from . import iam_eval, tf
from . import security_gate as gate
from .helpers import (
    EXAMPLE,
    EXTERNAL_ID,
    GIVEN_KEY,
    SECURITY_VARIANTS,
    SEED,
    SERVICE_CREDENTIAL,
    present,
    synth_main,
    variant,
    write_config,
)

VARIANTS = SECURITY_VARIANTS


def load_config_of(name: str):
    """The config of a test name, without synthesizing it."""
    from kinesis_xacct.config import parse_config

    if name in ("example", "seed"):
        return load_config(EXAMPLE if name == "example" else SEED)
    changes = dict(VARIANTS[name])
    return parse_config(variant(changes.pop("base", EXAMPLE), **changes))


SERVICE_CREDENTIAL_NAMES = [n for n, v in VARIANTS.items() if v.get("base") == SERVICE_CREDENTIAL]
NAMES = ["example", "seed", *VARIANTS]

# The checks checkov 3.3.30 evaluates on each type this project generates: every one must PASS (or be
# SKIPPED by the register). A check that comes back UNKNOWN (for example a policy checkov cannot read)
# is missing from the passed set and fails the comparison.
CHECKS_BY_TYPE = {
    "aws": {"CKV_AWS_41"},
    "aws_iam_role": {"CKV_AWS_60", "CKV_AWS_61", "CKV_AWS_274", "CKV_AWS_393", "CKV2_AWS_56"},
    "aws_iam_role_policy": {
        "CKV_AWS_62",
        "CKV_AWS_63",
        "CKV_AWS_286",
        "CKV_AWS_287",
        "CKV_AWS_288",
        "CKV_AWS_289",
        "CKV_AWS_290",
        "CKV_AWS_355",
        "CKV2_AWS_40",
    },
    "aws_iam_role_policy_attachment": {"CKV_AWS_274", "CKV2_AWS_56"},
    "aws_kms_key": {"CKV_AWS_7", "CKV_AWS_33", "CKV_AWS_227", "CKV2_AWS_64"},
    "aws_kinesis_stream": {"CKV_AWS_43", "CKV_AWS_185"},
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict:
    """name -> (config, output folder); every config synthesized once, two at a time."""
    base = tmp_path_factory.mktemp("security")
    scans = base / "scan"
    paths = {"example": EXAMPLE, "seed": SEED}
    for name, changes in VARIANTS.items():
        changes = dict(changes)
        paths[name] = write_config(base, variant(changes.pop("base", EXAMPLE), **changes), f"{name}.yaml")

    def synth(name):
        return name, synth_main(paths[name], scans / name, cwd=base)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, proc in pool.map(synth, NAMES):
            assert proc.returncode == 0, f"synth of {name} failed:\n{proc.stderr[-3000:]}"
    out = {name: (load_config(paths[name]), (scans / name).resolve()) for name in NAMES}
    gate.preload_hcl(d for _, d in out.values())
    return out


@pytest.fixture(scope="module")
def checkov_report(outputs) -> gate.CheckovReport:
    folder = next(iter(outputs.values()))[1].parent
    return gate.run_checkov(directory=folder)


def expected_checks(outdir: Path) -> set[tuple[str, str]]:
    """(check id, resource) of every check checkov must evaluate on this output, from CHECKS_BY_TYPE."""
    out = set()
    for stack in (gate.KINESIS_STACK, gate.DEPLOYMENT_STACK):
        for provider in gate.hcl_providers(outdir, stack):
            out |= {(c, provider) for c in CHECKS_BY_TYPE.get(provider.split(".")[0], ())}
        for block in gate.hcl_blocks(outdir, stack):
            out |= {(c, block.address) for c in CHECKS_BY_TYPE.get(block.resource_type, ())}
    return out


# ---------------------------------------------------------------------------------------------- checkov


def test_checkov_reads_every_file_without_parsing_errors(outputs, checkov_report):
    assert checkov_report.parsing_errors == []
    assert [s for s in checkov_report.summaries if s.get("parsing_errors", 0) != 0] == []
    scanned = {r.file for r in checkov_report.results}
    for name, (cfg, outdir) in outputs.items():
        for stack in (gate.KINESIS_STACK, gate.DEPLOYMENT_STACK):
            if not any(p.startswith("aws.") for p in gate.hcl_providers(outdir, stack)):
                # service-credential: deployment-account holds no AWS resource, and checkov 3.3.30 has no
                # check for the Databricks ones, so it reports nothing for that file
                assert cfg.uses_service_credential, (name, stack)
                aws = [b.address for b in gate.hcl_blocks(outdir, stack) if b.resource_type.startswith("aws_")]
                assert aws == [], (name, stack)
                continue
            assert outdir / "stacks" / stack / "cdk.tf" in scanned, f"checkov did not scan {name} {stack}"


@pytest.mark.parametrize("name", NAMES)
def test_checkov_exact_passed_failed_skipped(name, outputs, checkov_report):
    cfg, outdir = outputs[name]
    skips = gate.expected_checkov_skips(cfg, outdir)
    assert checkov_report.failed(outdir) == set()
    assert checkov_report.skipped(outdir) == set(skips)
    assert checkov_report.passed(outdir) == expected_checks(outdir) - set(skips)


def test_checkov_default_has_zero_findings_and_zero_suppressions(outputs, checkov_report):
    cfg, outdir = outputs["example"]
    assert all_checkov_skips(cfg) == []
    assert checkov_report.failed(outdir) == set() and checkov_report.skipped(outdir) == set()
    hcl = "".join((outdir / "stacks" / s / "cdk.tf").read_text() for s in (gate.KINESIS_STACK, gate.DEPLOYMENT_STACK))
    assert "checkov:skip" not in hcl
    assert len(checkov_report.passed(outdir)) >= 30


def test_checkov_created_streams_pass_kms_checks_without_suppression(outputs, checkov_report):
    for name in ("created", "created-write"):
        cfg, outdir = outputs[name]
        keys = [b.address for b in gate.hcl_blocks(outdir, gate.KINESIS_STACK) if b.resource_type == "aws_kms_key"]
        assert len(keys) == sum(1 for s in cfg.kinesis_account.streams if s.create and not s.kms_key_arn)
        for key in keys:
            assert {("CKV2_AWS_64", key), ("CKV_AWS_7", key), ("CKV_AWS_33", key)} <= checkov_report.passed(outdir)
        assert checkov_report.skipped(outdir) == set()


def test_checkov_adopting_config_is_scanned_with_its_import_blocks_and_clean(outputs, checkov_report):
    """adopt_existing: the scanned HCL holds the import blocks (both stacks), and checkov finds nothing and
    skips nothing in it (the exclusive policy resources included)."""
    _, outdir = outputs["adopt"]
    for stack in (gate.KINESIS_STACK, gate.DEPLOYMENT_STACK):
        text = (outdir / "stacks" / stack / "cdk.tf").read_text()
        assert "\nimport {\n" in text and "aws_iam_role_policies_exclusive" in text, stack
    assert checkov_report.failed(outdir) == set() and checkov_report.skipped(outdir) == set()


def test_checkov_skip_comments_carry_the_register_reasons(outputs, checkov_report):
    for name in ("seed", "trust-account"):
        cfg, outdir = outputs[name]
        expected = gate.expected_checkov_skips(cfg, outdir)
        assert expected, f"{name} must have a suppression (trust: account)"
        assert checkov_report.comments(outdir) == expected


def test_checkov_register_entries_are_sound_and_used(outputs):
    used = set()
    for cfg, _ in outputs.values():
        used |= {(s.check_id, s.target) for s in all_checkov_skips(cfg)}
    for s in CHECKOV:
        assert (s.check_id, s.target) in used, f"register entry {s.check_id} applies to no tested config"
        assert "\n" not in s.reason and s.reason[0].isupper() and s.reason.endswith(".")
        first_sentence = s.reason.split(". ")[0]
        assert len(first_sentence.split()) >= 8, f"{s.check_id}: the reason must be at least a full sentence"


def test_checkov_skip_comment_is_valid_terraform_without_warnings(outputs, tmp_path):
    """The comment rides on the provider line through CDKTF's writer; Terraform must accept it silently."""
    _, outdir = outputs["seed"]
    stack = tmp_path / "kinesis"
    shutil.copytree(outdir / "stacks" / gate.KINESIS_STACK, stack)
    text = (stack / "cdk.tf").read_text()
    assert "provider = aws.kinesis\n# checkov:skip=CKV_AWS_61:" in text
    tf.init(stack, backend=False)
    result = json.loads(tf.terraform(["validate", "-json"], stack).stdout)
    assert result["valid"] is True and result["warning_count"] == 0 and result["error_count"] == 0, result


def test_checkov_reports_sarif_and_junit_match_the_gate(outputs, checkov_report, tmp_path):
    """make checkov's reports (kinesis_xacct.ops.checkov_run): SARIF for code scanning and JUnit XML, with the
    same results as the gate's JSON run; the seed's one suppression carries the register's reason."""
    import xml.etree.ElementTree as ET

    from kinesis_xacct.ops import checkov_run

    cfg, outdir = outputs["seed"]
    reports = tmp_path / "reports"
    assert checkov_run.write_reports(outdir, reports) == 0
    assert sorted(p.name for p in reports.iterdir()) == [checkov_run.JUNIT, checkov_run.SARIF]
    (reason,) = gate.expected_checkov_skips(cfg, outdir).values()

    sarif = json.loads((reports / checkov_run.SARIF).read_text())
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert run["tool"]["driver"]["name"] == "Checkov"
    # SARIF lists what did not pass: here only the suppressed check, marked as suppressed in the source.
    (result,) = run["results"]
    assert result["ruleId"] == "CKV_AWS_61"
    assert result["suppressions"] == [{"kind": "inSource", "justification": reason}]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "stacks/kinesis-account/cdk.tf"

    suites = ET.parse(reports / checkov_run.JUNIT).getroot()
    cases = [(c.get("name"), c.find("skipped"), c.find("failure")) for c in suites.iter("testcase")]
    passed, skipped = checkov_report.passed(outdir), checkov_report.skipped(outdir)
    assert len(cases) == len(passed) + len(skipped) and suites.get("failures") == "0"
    assert [c for c in cases if c[2] is not None] == []
    skipped_cases = [(name, s.get("message")) for name, s, _ in cases if s is not None]
    assert len(skipped_cases) == 1 and "CKV_AWS_61" in present(skipped_cases[0][0])
    assert reason in present(skipped_cases[0][1])


def test_checkov_reports_need_a_synthesized_output(tmp_path, capsys):
    from kinesis_xacct.ops import checkov_run

    assert checkov_run.write_reports(tmp_path / "missing", tmp_path / "reports") == 2
    assert "synthesize first" in capsys.readouterr().err and not (tmp_path / "reports").exists()


# ------------------------------------------------------------------------------------------ IAM analysis


@pytest.mark.parametrize("name", NAMES)
def test_hcl_carries_exactly_the_built_documents(name, outputs):
    cfg, outdir = outputs[name]
    pairs, problems = gate.label_documents(cfg, outdir)
    assert problems == []
    labels = sorted(e.label for e, _ in pairs)
    assert labels.count(DOC_KINESIS_TRUST) == 1
    assert labels.count(DOC_PASSROLE) == (0 if cfg.uses_service_credential else 1)
    given_keys = any(s.kms_key_arn for s in cfg.kinesis_account.streams)
    # service-credential mode: the inline policy always holds B's AssumeSelf (the self-assumption needs it)
    assert (DOC_KINESIS_ACCESS in labels) == (
        cfg.kinesis_account.access != "full" or given_keys or cfg.uses_service_credential
    )


@pytest.mark.parametrize("name", NAMES)
def test_iam_gate_passes(name, outputs):
    cfg, outdir = outputs[name]
    assert gate.iam_gate(cfg, outdir) == []


# ------------------------------------------------------------------- the access chain, evaluated by PMapper


@pytest.mark.parametrize("name", NAMES)
def test_pmapper_proves_every_hop_of_the_access_chain(name, outputs):
    """PMapper's local policy simulation on the documents of the synthesized HCL: every hop allowed, every step
    aside refused (tests/iam_eval.py lists them). The hand-written specification above stays a second opinion."""
    cfg, outdir = outputs[name]
    chain = iam_eval.chain_of(cfg, outdir)
    assert iam_eval.chain_problems(cfg, chain) == []


def test_pmapper_covers_both_modes_and_every_access():
    configs = [load_config_of(name) for name in NAMES]
    assert {c.databricks.auth for c in configs} == {"instance-profile", "service-credential"}
    assert {c.kinesis_account.access for c in configs} == {"read", "read-efo", "read-write", "full"}
    assert {c.kinesis_account.trust for c in configs if not c.uses_service_credential} == {"role", "account"}


@pytest.mark.parametrize("name", [n for n in NAMES if n in SERVICE_CREDENTIAL_NAMES])
def test_pmapper_refuses_self_assumption_without_the_identity_grant(name, outputs):
    """Why B's role carries AssumeSelf: its trust names its own account root, which admits the role only when its
    identity policy allows the call too. Without that statement PMapper (like AWS) refuses the self-assumption."""
    cfg, outdir = outputs[name]
    chain = iam_eval.chain_of(cfg, outdir)
    stripped = [
        {**d, "Statement": [st for st in d["Statement"] if st.get("Sid") != "AssumeSelf"]}
        for d in chain.kinesis_role.identity
    ]
    assert stripped != chain.kinesis_role.identity
    chain.kinesis_role.identity = stripped
    problems = iam_eval.chain_problems(cfg, chain)
    assert problems == ["B's role assumes itself (with the external ID): PMapper says denied, want allowed"]


@pytest.mark.parametrize(
    "widen",
    ["trust-anyone-in-a", "drop-external-id", "stream-wildcard", "write-in-read"],
)
def test_pmapper_catches_a_widened_chain(widen, outputs):
    """The evaluation is not vacuous: each widening of the deployed documents is reported."""
    cfg, outdir = outputs["read-efo"]  # external ID, two streams, EFO
    chain = iam_eval.chain_of(cfg, outdir)
    trust = chain.kinesis_role.trust["Statement"][0]
    ident = chain.kinesis_role.identity[0]["Statement"][0]
    if widen == "trust-anyone-in-a":
        trust["Principal"] = {"AWS": arns.account_root("aws", cfg.deployment.account_id)}
    elif widen == "drop-external-id":
        trust.pop("Condition")
    elif widen == "stream-wildcard":
        ident["Resource"] = "arn:aws:kinesis:us-east-1:222222222222:stream/*"
    else:
        ident["Action"] = [*ident["Action"], "kinesis:PutRecord"]
    assert iam_eval.chain_problems(cfg, chain) != []


def test_parliament_register_is_exactly_what_fires(outputs):
    """Every parliament finding on every document is in the register, and every register entry fires."""
    fired = set()
    for cfg, outdir in outputs.values():
        for doc in gate.hcl_documents(outdir):
            label, kind, attached = gate.locate(cfg, doc)
            findings = gate.lint(label, doc.text, kind, attached)
            assert gate.unexplained(findings) == []
            fired |= {(f.document, f.issue, f.actions) for f in findings}
    assert fired == {(e.document, e.issue, e.actions) for e in PARLIAMENT}
    for e in PARLIAMENT:
        assert e.reason[0].isupper() and e.reason.endswith(".") and len(e.reason.split()) >= 12


def test_parliament_builtin_auditors_find_nothing_in_the_default(outputs):
    """With parliament's built-in auditors alone (no community auditors) the default has no finding at all."""
    from parliament import analyze_policy_string

    cfg, outdir = outputs["example"]
    for doc in gate.hcl_documents(outdir):
        label, kind, attached = gate.locate(cfg, doc)
        assert analyze_policy_string(gate.lint_text(doc.text, kind, attached)).findings == [], label


def _trust(outputs, name) -> str:
    cfg, outdir = outputs[name]
    docs = [d for d in gate.hcl_documents(outdir) if gate.locate(cfg, d)[0] == DOC_KINESIS_TRUST]
    assert len(docs) == 1
    return docs[0].text


def test_who_may_assume_default_is_exactly_a_role(outputs):
    cfg, _ = outputs["example"]
    a_role = arns.iam_role("aws", "111111111111", "DatabricksToKinesisAssumeRole")
    assert cfg.deployment_role_arn == a_role
    assert gate.who_may_assume(_trust(outputs, "example")) == {gate.Grantee("role", a_role, "{}")}


def test_who_may_assume_with_external_id(outputs):
    cfg, _ = outputs["read-efo"]
    cond = json.dumps({"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}, sort_keys=True)
    assert gate.who_may_assume(_trust(outputs, "read-efo")) == {gate.Grantee("role", cfg.deployment_role_arn, cond)}


def test_who_may_assume_trust_account(outputs):
    cond = json.dumps({"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}, sort_keys=True)
    root = arns.account_root("aws", "111111111111")
    assert gate.who_may_assume(_trust(outputs, "trust-account")) == {gate.Grantee("account", root, cond)}
    assert gate.who_may_assume(_trust(outputs, "seed")) == {
        gate.Grantee("account", root, "{}"),
        gate.Grantee("service", "ec2.amazonaws.com", "{}"),
    }
    for name in NAMES:
        assert not gate.internet_accessible(_trust(outputs, name)), name


@pytest.mark.parametrize("name", SERVICE_CREDENTIAL_NAMES)
def test_who_may_assume_service_credential_role(name, outputs):
    """Only the Unity Catalog master role and the role itself may assume B's role, and only with the external
    ID (the configured one, or the credential's through the cross-stack reference)."""
    cfg, outdir = outputs[name]
    ext = cfg.kinesis_account.external_id or CREDENTIAL_EXTERNAL_ID
    grantees = gate.who_may_assume(_trust(outputs, name))
    assert {(g.kind, g.principal) for g in grantees} == {
        ("role", arns.unity_catalog_master_role("aws")),
        ("account", arns.account_root("aws", "222222222222")),
    }
    for g in grantees:
        cond = json.loads(g.conditions)
        assert cond["StringEquals"] == {"sts:ExternalId": ext}
        if g.kind == "account":  # the self-assumption: exactly this role's ARN, no wildcard
            assert cond["ArnLike"] == {"aws:PrincipalArn": cfg.kinesis_role_arn} and "*" not in cfg.kinesis_role_arn
        else:
            assert set(cond) == {"StringEquals"}
    trust_hcl = next(b for b in gate.hcl_blocks(outdir, gate.KINESIS_STACK) if b.resource_type == "aws_iam_role")
    literal = "replace(" not in str(trust_hcl.attributes["assume_role_policy"])
    assert literal == (cfg.kinesis_account.external_id is not None)
    assert [
        b.address for b in gate.hcl_blocks(outdir, gate.DEPLOYMENT_STACK) if b.resource_type.startswith("aws_")
    ] == []


# ------------------------------------------------------------------------------------- least privilege


def _doc(outputs, name, label) -> str:
    cfg, outdir = outputs[name]
    docs = [d.text for d in gate.hcl_documents(outdir) if gate.locate(cfg, d)[0] == label]
    assert len(docs) == 1, (name, label, len(docs))
    return docs[0]


def _grants(outputs, name, label) -> set[tuple[str, str, str]]:
    return {(g.action, g.resource, g.conditions) for g in gate.grants(_doc(outputs, name, label))}


READ = {
    "kinesis:describestream",
    "kinesis:describestreamsummary",
    "kinesis:getrecords",
    "kinesis:getsharditerator",
    "kinesis:listshards",
}


def test_read_is_exactly_five_actions_on_the_configured_stream(outputs):
    stream = arns.kinesis_stream("aws", "us-east-1", "222222222222", "testStream")
    assert _grants(outputs, "example", DOC_KINESIS_ACCESS) == {(a, stream, "{}") for a in READ}


def test_read_efo_scopes_consumer_actions_to_the_streams_consumers(outputs):
    streams = {n: arns.kinesis_stream("aws", "us-east-1", "222222222222", n) for n in ("s1", "s2")}
    # the deployment's own consumers only: sha256(B's role ARN)[:8] and the role's name, registered and as passed
    own = "kinesis-xacct-ec3c22c6-kinesiscrossaccountrole-"
    # by name on any stream of the account (one ARN per name form, not per stream: IAM's size limits)
    consumers = {
        p: arns.kinesis_stream_consumers("aws", "us-east-1", "222222222222", "*", p) for p in ("databricks_" + own, own)
    }
    stream_level = READ | {"kinesis:registerstreamconsumer", "kinesis:liststreamconsumers"}
    consumer_level = {"kinesis:describestreamconsumer", "kinesis:subscribetoshard", "kinesis:deregisterstreamconsumer"}
    assert _grants(outputs, "read-efo", DOC_KINESIS_ACCESS) == (
        {(a, s, "{}") for a in stream_level for s in streams.values()}
        | {(a, c, "{}") for a in consumer_level for c in consumers.values()}
    )


def test_kms_decrypt_only_on_configured_keys_through_kinesis(outputs):
    via = json.dumps({"StringEquals": {"kms:ViaService": "kinesis.us-east-1.amazonaws.com"}}, sort_keys=True)
    kms = {g for g in _grants(outputs, "read-write", DOC_KINESIS_ACCESS) if g[0].startswith("kms:")}
    assert kms == {("kms:decrypt", GIVEN_KEY, via), ("kms:generatedatakey", GIVEN_KEY, via)}
    kms = {g for g in _grants(outputs, "created", DOC_KINESIS_ACCESS) if g[0].startswith("kms:")}
    assert kms == {("kms:decrypt", GIVEN_KEY, via)}
    assert [g for g in _grants(outputs, "example", DOC_KINESIS_ACCESS) if g[0].startswith("kms:")] == []


def test_full_with_a_given_key_grants_only_that_key_through_kinesis(outputs):
    """access: full attaches AmazonKinesisFullAccess, which grants no KMS action: the inline policy adds
    decrypt and generate-data-key on exactly the given key, only through Kinesis in the stream's region."""
    via = json.dumps({"StringEquals": {"kms:ViaService": "kinesis.us-east-1.amazonaws.com"}}, sort_keys=True)
    assert _grants(outputs, "full-kms", DOC_KINESIS_ACCESS) == {
        ("kms:decrypt", GIVEN_KEY, via),
        ("kms:generatedatakey", GIVEN_KEY, via),
    }
    cfg, outdir = outputs["full-kms"]
    assert gate.iam_gate(cfg, outdir) == []
    # the key the stack creates (for created1) is granted in its own key policy, decrypt + generate data key
    assert gate.key_policy_problems(cfg, _doc(outputs, "full-kms", DOC_STREAM_KEY)) == []


def test_full_kms_statement_widened_fails(outputs):
    cfg, _ = outputs["full-kms"]
    doc = present(kinesis_side(cfg).access_policy).to_json()
    assert gate.document_problems(cfg, DOC_KINESIS_ACCESS, doc, "identity", None) == []
    for fn in (
        lambda st: st[0].pop("Condition"),
        lambda st: st[0].update(Resource="*"),
        lambda st: st[0]["Action"].append("kms:Encrypt"),
    ):
        assert gate.document_problems(cfg, DOC_KINESIS_ACCESS, _mutate(doc, fn), "identity", None) != []


def test_producer_policy_of_the_runbook_has_no_finding(outputs):
    """The producer policy the RUNBOOK shows to copy (not deployed): no parliament finding at all, only
    PutRecord(s) on the stream and GenerateDataKey on the key through Kinesis."""
    from kinesis_xacct.iam.policies import producer_policy

    cfg, _ = outputs["created"]
    key = arns.kms_key("aws", "us-east-1", "222222222222", gate.CREATED_KEY_ID)
    via = json.dumps({"StringEquals": {"kms:ViaService": "kinesis.us-east-1.amazonaws.com"}}, sort_keys=True)
    for stream in kinesis_side(cfg).created_streams:
        text = producer_policy(cfg, stream, stream.kms_key_arn or key).to_json()
        assert gate.lint("producer policy", text, "identity", None) == []
        assert gate.grants(text) == {
            ("kinesis:putrecord", stream.arn, "{}"),
            ("kinesis:putrecords", stream.arn, "{}"),
            ("kms:generatedatakey", stream.kms_key_arn or key, via),
        }


def test_passrole_only_for_a_role_only_to_ec2(outputs):
    cfg, _ = outputs["example"]
    cond = json.dumps({"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}, sort_keys=True)
    assert _grants(outputs, "example", DOC_PASSROLE) == {("iam:passrole", cfg.deployment_role_arn, cond)}
    assert _grants(outputs, "example", DOC_DEPLOYMENT_ASSUME) == {("sts:assumerole", cfg.kinesis_role_arn, "{}")}


def test_no_wildcard_resource_anywhere_in_the_default(outputs):
    _, outdir = outputs["example"]
    for doc in gate.hcl_documents(outdir):
        for st in doc.data["Statement"]:
            for key in ("Resource", "NotResource", "Action", "NotAction"):
                values = st.get(key, [])
                wild = [v for v in ([values] if isinstance(values, str) else values) if "*" in v]
                assert wild == [], (doc.address, st)
            assert "NotPrincipal" not in st and st.get("Principal") != "*"


def test_full_access_is_the_managed_policy_and_only_there(outputs):
    for name, (cfg, outdir) in outputs.items():
        attachments = [
            b
            for b in gate.hcl_blocks(outdir, gate.KINESIS_STACK)
            if b.resource_type == "aws_iam_role_policy_attachment"
        ]
        if cfg.kinesis_account.access == "full":
            assert [gate.hcl_string(b.attributes["policy_arn"]) for b in attachments] == [
                arns.aws_managed_policy("aws", "AmazonKinesisFullAccess")
            ]
        else:
            assert attachments == [], name


def test_key_policy_least_privilege(outputs):
    cfg, outdir = outputs["created"]
    text = _doc(outputs, "created", DOC_STREAM_KEY)
    assert gate.key_policy_problems(cfg, text) == []
    policy = json.loads(text)
    role_stmt = [s for s in policy["Statement"] if s["Principal"]["AWS"] == cfg.kinesis_role_arn]
    assert [s["Action"] for s in role_stmt] == ["kms:Decrypt"]
    assert not gate.internet_accessible(text)


# ----------------------------------------------------------------------------------------- mutations


def _example_docs(outputs):
    cfg, _ = outputs["example"]
    return cfg, kinesis_side(cfg), deployment_side(cfg)


def _mutate(text: str, fn) -> str:
    data = json.loads(text)
    fn(data["Statement"])
    return json.dumps(data, separators=(",", ":"))


DOC_MUTATIONS = {
    "resource *": (DOC_KINESIS_ACCESS, lambda st: st[0].update(Resource="*")),
    "action kinesis:*": (DOC_KINESIS_ACCESS, lambda st: st[0].update(Action="kinesis:*")),
    "action *": (DOC_KINESIS_ACCESS, lambda st: st[0].update(Action="*")),
    "one more action": (DOC_KINESIS_ACCESS, lambda st: st[0]["Action"].append("kinesis:PutRecord")),
    "another account's stream": (
        DOC_KINESIS_ACCESS,
        lambda st: st[0].update(
            Resource=[
                "arn:aws:kinesis:us-east-1:222222222222:stream/testStream",
                "arn:aws:kinesis:us-east-1:333333333333:stream/other",
            ]
        ),
    ),
    "stream wildcard": (
        DOC_KINESIS_ACCESS,
        lambda st: st[0].update(Resource="arn:aws:kinesis:us-east-1:222222222222:stream/*"),
    ),
    "consumer action on a stream": (DOC_KINESIS_ACCESS, lambda st: st[0]["Action"].append("kinesis:SubscribeToShard")),
    "decrypt any key": (
        DOC_KINESIS_ACCESS,
        lambda st: st.append({"Sid": "Keys", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}),
    ),
    "trust anyone": (DOC_KINESIS_TRUST, lambda st: st[0].update(Principal={"AWS": "*"})),
    "trust account root": (
        DOC_KINESIS_TRUST,
        lambda st: st[0].update(Principal={"AWS": "arn:aws:iam::111111111111:root"}),
    ),
    "trust another role": (
        DOC_KINESIS_TRUST,
        lambda st: st.append(
            {
                "Sid": "Other",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111111111111:role/Other"},
                "Action": "sts:AssumeRole",
            }
        ),
    ),
    "trust sts:*": (DOC_KINESIS_TRUST, lambda st: st[0].update(Action="sts:*")),
    "passrole any role": (DOC_PASSROLE, lambda st: st[0].update(Resource="arn:aws:iam::111111111111:role/*")),
    "passrole to any service": (DOC_PASSROLE, lambda st: st[0].pop("Condition")),
    "assume any role": (DOC_DEPLOYMENT_ASSUME, lambda st: st[0].update(Resource="*")),
}


@pytest.mark.parametrize("mutation", sorted(DOC_MUTATIONS))
def test_mutated_document_fails_the_iam_analysis(mutation, outputs):
    cfg, k, d = _example_docs(outputs)
    label, fn = DOC_MUTATIONS[mutation]
    source = {
        DOC_KINESIS_ACCESS: (k.access_policy, "identity", None),
        DOC_KINESIS_TRUST: (k.trust_policy, "trust", k.role_arn),
        DOC_PASSROLE: (d.passrole_policy, "identity", None),
        DOC_DEPLOYMENT_ASSUME: (d.assume_policy, "identity", None),
    }[label]
    doc, kind, attached = source
    assert gate.document_problems(cfg, label, doc.to_json(), kind, attached) == []  # the original passes
    assert gate.document_problems(cfg, label, _mutate(doc.to_json(), fn), kind, attached) != []


def test_mutated_key_policy_fails(outputs):
    cfg, _ = outputs["created"]
    text = _doc(outputs, "created", DOC_STREAM_KEY)
    key = arns.kms_key("aws", "us-east-1", "222222222222", gate.CREATED_KEY_ID)
    for fn in (
        lambda st: st[2].update(Principal={"AWS": "*"}),
        lambda st: st[2].pop("Condition"),
        lambda st: st[0]["Action"].append("kms:Decrypt"),
        lambda st: st[2].update(Principal={"AWS": "arn:aws:iam::333333333333:root"}),
    ):
        assert gate.document_problems(cfg, DOC_STREAM_KEY, _mutate(text, fn), "resource", key) != []


# Textual mutations of a copy of the default's generated HCL: (file, old, new, checks that must fail).
HCL_MUTATIONS = {
    "resource-star": (
        gate.KINESIS_STACK,
        '\\"Resource\\":\\"arn:aws:kinesis:us-east-1:222222222222:stream/testStream\\"',
        '\\"Resource\\":\\"*\\"',
        {"CKV_AWS_355"},
    ),
    "action-star": (
        gate.KINESIS_STACK,
        '\\"Action\\":[\\"kinesis:DescribeStream\\",',
        '\\"Action\\":[\\"*\\",',
        {"CKV_AWS_63"},
    ),
    "trust-root": (
        gate.KINESIS_STACK,
        "arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole",
        "arn:aws:iam::111111111111:root",
        {"CKV_AWS_61"},
    ),
    # checkov 3.3.30 passes iam:PassRole on "*" while the iam:PassedToService condition is there: only the
    # IAM gate catches this one (test_iam_gate_fails_on_widened_hcl).
    "passrole-star": (
        gate.DEPLOYMENT_STACK,
        '\\"Resource\\":\\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\\"',
        '\\"Resource\\":\\"*\\"',
        set(),
    ),
    "passrole-star-unconditioned": (
        gate.DEPLOYMENT_STACK,
        '\\"Resource\\":\\"arn:aws:iam::111111111111:role/DatabricksToKinesisAssumeRole\\",\\"Condition\\":{\\"StringEquals\\":{\\"iam:PassedToService\\":\\"ec2.amazonaws.com\\"}}',
        '\\"Resource\\":\\"*\\"',
        {"CKV_AWS_289", "CKV_AWS_355"},
    ),
}


@pytest.fixture(scope="module")
def mutated_outputs(outputs, tmp_path_factory) -> dict[str, Path]:
    _, outdir = outputs["example"]
    base = tmp_path_factory.mktemp("mutated")
    out = {}
    for name, (stack, old, new, _) in HCL_MUTATIONS.items():
        copy = base / name
        shutil.copytree(outdir, copy)
        path = copy / "stacks" / stack / "cdk.tf"
        text = path.read_text()
        assert text.count(old) == 1, f"{name}: the generated HCL changed; update the mutation"
        path.write_text(text.replace(old, new))
        out[name] = copy.resolve()
    return out


def test_checkov_fails_on_widened_hcl(mutated_outputs):
    report = gate.run_checkov(directory=next(iter(mutated_outputs.values())).parent)
    assert report.parsing_errors == []
    for name, copy in mutated_outputs.items():
        failed = {check for check, _ in report.failed(copy)}
        assert HCL_MUTATIONS[name][3] <= failed, (name, failed)


def test_iam_gate_fails_on_widened_hcl(outputs, mutated_outputs):
    cfg, _ = outputs["example"]
    for name, copy in mutated_outputs.items():
        problems = gate.iam_gate(cfg, copy)
        # Not only "differs from the builders": the analysis of the document itself fails.
        analysis = [p for p in problems if "is not what kinesis_xacct.iam.policies builds" not in p]
        assert analysis, (name, problems)


# ------------------------------------------------------------------------------- the plan (emulator)


@pytest.fixture(scope="module")
def plan(emulator, tmp_path_factory) -> dict:
    """The default config (plus one KMS-created stream) planned against the emulator; both stacks'
    ``terraform show -json`` plans, after the accounts hold what the config says exists."""
    base = tmp_path_factory.mktemp("plan")
    cfg_path = write_config(
        base,
        variant(
            **{
                "aws_endpoint_url": emulator.url,
                "kinesis_account.deploy_role_arn": "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
                "deployment_account.deploy_role_arn": "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
                "databricks.enabled": False,
                "kinesis_account.streams": [{"name": "testStream"}, {"name": "created1", "create": True}],
            }
        ),
    )
    # what the config says exists (the workspace role, the stream testStream) is read at plan time
    sandbox.prepare_accounts(emulator, load_config(cfg_path))
    outdir = base / "out"
    proc = synth_main(cfg_path, outdir, cwd=base)
    assert proc.returncode == 0, proc.stderr[-3000:]
    env = {k: v for k, v in emulator.env().items() if k.startswith("AWS_")}

    def plan_stack(stack):
        d = outdir / "stacks" / stack
        tf.init(d, env)
        tf.terraform(["plan", "-input=false", "-lock=false", "-out=plan.bin"], d, env)
        (d / "plan.json").write_text(tf.terraform(["show", "-json", "plan.bin"], d, env).stdout)
        return stack, d / "plan.json"

    with ThreadPoolExecutor(max_workers=2) as pool:
        plans = dict(pool.map(plan_stack, (gate.KINESIS_STACK, gate.DEPLOYMENT_STACK)))
    return {"config": load_config(cfg_path), "outdir": outdir, "plans": plans}


def _planned(plan_json: Path) -> list[dict]:
    return json.loads(plan_json.read_text())["planned_values"]["root_module"]["resources"]


def test_checkov_plan_of_the_emulator_deploy(plan):
    files = list(plan["plans"].values())
    report = gate.run_checkov(files=files, framework="terraform_plan")
    assert report.parsing_errors == []
    expected = set()
    for f in files:
        data = json.loads(f.read_text())
        for key in data["configuration"]["provider_config"]:
            name = key if "." in key else f"{key}.default"
            expected |= {(c, name) for c in CHECKS_BY_TYPE.get(key.split(".")[0], ())}
        for r in _planned(f):
            expected |= {(c, r["address"]) for c in CHECKS_BY_TYPE.get(r["type"], ())}
    assert report.failed() == set() and report.skipped() == set()
    assert report.passed() == expected
    assert ("CKV2_AWS_64", next(a for _, a in expected if a.startswith("aws_kms_key."))) in report.passed()


def test_plan_deploys_exactly_the_built_documents(plan):
    cfg = plan["config"]
    k, d = kinesis_side(cfg), deployment_side(cfg)
    canonical = partial(json.dumps, sort_keys=True)
    want = sorted(
        map(
            canonical,
            [
                k.trust_policy.to_dict(),
                present(k.access_policy).to_dict(),
                d.trust_policy.to_dict(),
                d.assume_policy.to_dict(),
                d.passrole_policy.to_dict(),
            ]
            + [s.key_policy.to_dict() for s in k.created_streams if s.key_policy],
        )
    )
    got = []
    for f in plan["plans"].values():
        for r in _planned(f):
            attr = gate.POLICY_ATTRIBUTES.get(r["type"])
            if attr and r["values"].get(attr):
                got.append(canonical(json.loads(r["values"][attr])))
    assert sorted(got) == want
    assert gate.iam_gate(cfg, plan["outdir"]) == []


def test_checkov_skip_rejects_what_would_break_the_hcl_comment():
    from kinesis_xacct.cdk.framework import checkov_skip

    with pytest.raises(ValueError, match="not a checkov check ID"):
        # None for the resource: the ID and the reason are refused before a resource is looked at
        checkov_skip(None, "CKV_AWS_61\nresource", "A reason that is long enough to be a sentence.")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one non-empty line"):
        checkov_skip(None, "CKV_AWS_61", 'First line.\nresource "x" "y" {}')  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one non-empty line"):
        checkov_skip(None, "CKV_AWS_61", "  ")  # type: ignore[arg-type]
