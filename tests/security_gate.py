"""The security gate, as reusable functions: the tests call them on what the project generates, and the
mutation tests call the very same functions on widened copies (which must then fail).

* checkov, from its own venv (``.venv-checkov``), offline: ``BC_SKIP_MAPPING=TRUE``, ``--skip-download``,
  no package update check, and run in an empty network namespace (``unshare --net``) so that any attempt
  to reach the network fails. Its JSON report is parsed into passed/failed/skipped sets per file.
* The policy documents are read back from the synthesized HCL with the HCL parser checkov itself uses
  (python-hcl2 in ``.venv-checkov``), so what is analysed is what Terraform deploys.
* parliament lints every document (community auditors included); a finding passes only when
  ``kinesis_xacct.iam.suppressions.PARLIAMENT`` names that document, finding and exact actions.
* policyuniverse expands actions (wildcards included) and extracts principals: who may assume a role, and
  which (action, resource) pairs a permission policy grants. No hand-written IAM evaluator.
"""

from __future__ import annotations

import json
import re
import subprocess
import warnings
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kinesis_xacct.config import Config, names
from kinesis_xacct.iam.policies import CREDENTIAL_EXTERNAL_ID, deployment_side, kinesis_side
from kinesis_xacct.iam.suppressions import (
    DOC_DEPLOYMENT_ASSUME,
    DOC_DEPLOYMENT_TRUST,
    DOC_KINESIS_ACCESS,
    DOC_KINESIS_TRUST,
    DOC_PASSROLE,
    DOC_STREAM_KEY,
    PARLIAMENT,
    all_checkov_skips,
)
from kinesis_xacct.ops.checkov_run import checkov_env, no_network_prefix
from kinesis_xacct.platform import arns

from .helpers import ROOT, require_tool

CHECKOV_VENV = ROOT / ".venv-checkov"
CHECKOV = CHECKOV_VENV / "bin" / "checkov"
CHECKOV_PYTHON = CHECKOV_VENV / "bin" / "python"
KINESIS_STACK, DEPLOYMENT_STACK = "kinesis-account", "deployment-account"
# The ID of a key the stack creates is assigned by KMS; the lint needs some key ARN for "this key".
CREATED_KEY_ID = "00000000-0000-0000-0000-000000000000"


def _require_checkov() -> None:
    if not CHECKOV.exists():
        raise AssertionError(
            f"{CHECKOV} is missing: run `make install` (checkov lives in its own venv, "
            f"pinned by requirements-checkov.txt)"
        )


# ---------------------------------------------------------------------------------------------- checkov


@dataclass(frozen=True)
class CheckovResult:
    check_id: str
    resource: str  # e.g. aws_iam_role.cross-account-role_F7C11791
    file: Path  # absolute path of the scanned file
    result: str  # PASSED | FAILED | SKIPPED
    comment: str = ""  # the suppression's reason, for SKIPPED


@dataclass
class CheckovReport:
    results: list[CheckovResult]
    parsing_errors: list[str]
    summaries: list[dict[str, Any]] = field(default_factory=list)

    def select(self, result: str, under: Path | None = None) -> set[tuple[str, str]]:
        """(check id, resource) pairs with this result, in files under ``under`` (all files if None)."""
        return {
            (r.check_id, r.resource)
            for r in self.results
            if r.result == result and (under is None or r.file.is_relative_to(under))
        }

    def passed(self, under: Path | None = None) -> set[tuple[str, str]]:
        return self.select("PASSED", under)

    def failed(self, under: Path | None = None) -> set[tuple[str, str]]:
        return self.select("FAILED", under)

    def skipped(self, under: Path | None = None) -> set[tuple[str, str]]:
        return self.select("SKIPPED", under)

    def comments(self, under: Path | None = None) -> dict[tuple[str, str], str]:
        return {
            (r.check_id, r.resource): r.comment
            for r in self.results
            if r.result == "SKIPPED" and (under is None or r.file.is_relative_to(under))
        }


def run_checkov(
    *,
    directory: Path | None = None,
    files: Iterable[Path] = (),
    framework: str = "terraform",
    plan_enrichment_root: Path | None = None,
    no_network: bool = True,
) -> CheckovReport:
    """Run checkov once (a folder, or some files) and parse its JSON report. Raises if checkov crashed.

    ``no_network``: run it in a new, empty network namespace (``unshare --net``), which proves the scan
    needs no network at all.
    """
    _require_checkov()
    cmd = [str(CHECKOV), "--framework", framework, "--skip-download", "--output", "json", "--compact"]
    if no_network:
        require_tool("unshare")
        cmd = [*no_network_prefix(), *cmd]
    if directory is not None:
        cmd += ["--directory", str(directory)]
    for f in files:
        cmd += ["--file", str(f)]
    if plan_enrichment_root is not None:
        cmd += ["--repo-root-for-plan-enrichment", str(plan_enrichment_root)]
    proc = subprocess.run(cmd, cwd=directory or ROOT, env=checkov_env(), capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1):  # 1 = some check failed; anything else is a crash
        raise AssertionError(f"checkov exited {proc.returncode}\n{proc.stderr[-4000:]}")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as err:
        raise AssertionError(
            f"checkov did not print a JSON report:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        ) from err
    reports = data if isinstance(data, list) else [data]
    results: list[CheckovResult] = []
    errors: list[str] = []
    summaries: list[dict[str, Any]] = []
    for rep in reports:
        summaries.append(rep.get("summary", rep))
        res = rep.get("results", {})
        errors.extend(res.get("parsing_errors", []))
        for key in ("passed_checks", "failed_checks", "skipped_checks"):
            for c in res.get(key, []):
                results.append(
                    CheckovResult(
                        check_id=c["check_id"],
                        resource=c["resource"],
                        file=Path(c["file_abs_path"]).resolve(),
                        result=c["check_result"]["result"],
                        comment=c["check_result"].get("suppress_comment", ""),
                    )
                )
    if sum(s.get("parsing_errors", 0) for s in summaries) and not errors:
        errors.append("checkov reports parsing errors")
    return CheckovReport(results=results, parsing_errors=errors, summaries=summaries)


def expected_checkov_skips(cfg: Config, outdir: Path) -> dict[tuple[str, str], str]:
    """(check id, resource address) -> reason, from the register, for one synthesized config."""
    out: dict[tuple[str, str], str] = {}
    roles = [d for d in hcl_blocks(outdir, KINESIS_STACK) if d.resource_type == "aws_iam_role"]
    assert len(roles) == 1, f"expected one aws_iam_role in {KINESIS_STACK}, found {len(roles)}"
    for s in all_checkov_skips(cfg):
        out[(s.check_id, roles[0].address)] = s.reason
    return out


# ---------------------------------------------------------------------------------------- HCL documents

_HCL_DUMP = r"""
import json, sys, hcl2
out = {}
for path in sys.argv[1:]:
    with open(path) as f:
        out[path] = hcl2.load(f)
print(json.dumps(out))
"""

# Resource attributes that hold an IAM/KMS policy document.
POLICY_ATTRIBUTES = {
    "aws_iam_role": "assume_role_policy",
    "aws_iam_role_policy": "policy",
    "aws_kms_key": "policy",
    "aws_iam_policy": "policy",
    "aws_kinesis_resource_policy": "policy",
}


@dataclass(frozen=True)
class HclBlock:
    stack: str
    resource_type: str
    name: str
    attributes: dict[str, Any]

    @property
    def address(self) -> str:
        return f"{self.resource_type}.{self.name}"


_HCL_CACHE: dict[tuple[str, int], dict[str, Any]] = {}


def _key(path: Path) -> tuple[str, int]:
    return str(path), path.stat().st_mtime_ns


def preload_hcl(outdirs: Iterable[Path]) -> None:
    """Parse the stacks of many outputs in one python-hcl2 process (cached for :func:`parse_hcl`)."""
    paths = [(d / "stacks" / s / "cdk.tf").resolve() for d in outdirs for s in (KINESIS_STACK, DEPLOYMENT_STACK)]
    todo = [p for p in paths if _key(p) not in _HCL_CACHE]
    if not todo:
        return
    _require_checkov()
    proc = subprocess.run(
        [str(CHECKOV_PYTHON), "-c", _HCL_DUMP, *map(str, todo)],
        capture_output=True,
        text=True,
        timeout=300,
        env=checkov_env(),
    )
    if proc.returncode != 0:
        raise AssertionError(f"python-hcl2 could not parse {', '.join(map(str, todo))}:\n{proc.stderr[-3000:]}")
    parsed = json.loads(proc.stdout)
    for p in todo:
        _HCL_CACHE[_key(p)] = parsed[str(p)]


def parse_hcl(outdir: Path, stack: str) -> dict[str, Any]:
    """One synthesized stack, parsed by python-hcl2 (checkov's HCL parser, from ``.venv-checkov``)."""
    path = (outdir / "stacks" / stack / "cdk.tf").resolve()
    if _key(path) not in _HCL_CACHE:
        _require_checkov()
        proc = subprocess.run(
            [str(CHECKOV_PYTHON), "-c", _HCL_DUMP, str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            env=checkov_env(),
        )
        if proc.returncode != 0:
            raise AssertionError(f"python-hcl2 could not parse {path}:\n{proc.stderr[-3000:]}")
        _HCL_CACHE[_key(path)] = json.loads(proc.stdout)[str(path)]
    return _HCL_CACHE[_key(path)]


def hcl_blocks(outdir: Path, stack: str) -> list[HclBlock]:
    """Every resource block of one synthesized stack."""
    blocks = []
    for entry in parse_hcl(outdir, stack).get("resource", []):
        for rtype, named in entry.items():
            for name, attrs in named.items():
                blocks.append(HclBlock(stack, rtype, name, attrs))
    return blocks


def hcl_providers(outdir: Path, stack: str) -> list[str]:
    """Provider configurations of one stack as checkov names them (``aws.kinesis``, ``databricks.default``)."""
    out = []
    for entry in parse_hcl(outdir, stack).get("provider", []):
        for name, attrs in entry.items():
            alias = attrs.get("alias")
            out.append(f"{name}.{hcl_string(alias) if alias else 'default'}")
    return out


def hcl_string(value: object) -> str:
    """The value of a literal HCL string attribute as Terraform reads it.

    python-hcl2 keeps the quoted form's escapes. A literal without template sequences (``${``, ``%{``) and
    without ``\\U`` escapes uses only escapes that JSON shares, so JSON decodes it exactly.
    """
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, str):
        raise AssertionError(f"not a literal string: {value!r}")
    if "${" in value or "%{" in value or "\\U" in value:
        raise AssertionError(
            f"policy is an expression or template, not a literal (a scan cannot read it): {value[:200]!r}"
        )
    text: str = json.loads(f'"{value}"')
    return text


_HCL_LITERAL = r'"((?:[^"\\]|\\.)*)"'
# B's trust when the external ID comes from the service credential (service-credential mode): Terraform's
# replace() on the literal document, the placeholder -> the remote-state output of deployment-account.
_CREDENTIAL_TRUST = re.compile(
    r"^\$\{replace\("
    + _HCL_LITERAL
    + ", "
    + _HCL_LITERAL
    + r", data\.terraform_remote_state\.[\w-]+\.outputs\.cross-stack-output-[\w-]+\)\}$"
)


def hcl_policy_text(value: object) -> str:
    """The JSON text of a policy attribute: a literal string, or (only form allowed besides) the literal with the
    credential's external ID placeholder replaced by the cross-stack reference, read back with the
    placeholder (the analysis then sees the literal document, as the builders made it)."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    m = _CREDENTIAL_TRUST.match(value) if isinstance(value, str) else None
    if m:
        document, placeholder = (json.loads(f'"{part}"') for part in m.groups())
        if placeholder != CREDENTIAL_EXTERNAL_ID or "${" in document or placeholder not in document:
            raise AssertionError(f"unexpected replace() in a policy: {str(value)[:200]!r}")
        text: str = document
        return text
    return hcl_string(value)


@dataclass(frozen=True)
class HclDocument:
    stack: str
    address: str
    attribute: str
    text: str  # the JSON text Terraform sends to AWS
    name: str | None = None  # the resource's ``name`` argument, where it is a literal

    @property
    def data(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.text)
        return doc


def hcl_documents(outdir: Path) -> list[HclDocument]:
    """Every policy document in both synthesized stacks, as literal JSON text."""
    docs = []
    for stack in (KINESIS_STACK, DEPLOYMENT_STACK):
        for block in hcl_blocks(outdir, stack):
            attr = POLICY_ATTRIBUTES.get(block.resource_type)
            if attr is None or attr not in block.attributes:
                continue
            name = block.attributes.get("name")
            literal = name is not None and "${" not in str(name)
            docs.append(
                HclDocument(
                    stack,
                    block.address,
                    attr,
                    hcl_policy_text(block.attributes[attr]),
                    hcl_string(name) if literal else None,
                )
            )
    return docs


@dataclass(frozen=True)
class ExpectedDocument:
    label: str  # a DOC_ label of kinesis_xacct.iam.suppressions
    stack: str
    resource_type: str
    text: str
    kind: str  # identity | trust | resource
    attached_to: str | None  # ARN of the role/key a trust or key policy belongs to


def expected_documents(cfg: Config) -> list[ExpectedDocument]:
    """What ``kinesis_xacct.iam.policies`` builds for this config, labelled."""
    k = kinesis_side(cfg)
    out = [
        ExpectedDocument(
            DOC_KINESIS_TRUST, KINESIS_STACK, "aws_iam_role", k.trust_policy.to_json(), "trust", k.role_arn
        )
    ]
    if k.access_policy is not None:
        out.append(
            ExpectedDocument(
                DOC_KINESIS_ACCESS, KINESIS_STACK, "aws_iam_role_policy", k.access_policy.to_json(), "identity", None
            )
        )
    for s in k.created_streams:
        if s.key_policy is not None:
            key = arns.kms_key(cfg.partition, cfg.region, k.account_id, CREATED_KEY_ID)
            out.append(
                ExpectedDocument(DOC_STREAM_KEY, KINESIS_STACK, "aws_kms_key", s.key_policy.to_json(), "resource", key)
            )
    if cfg.uses_service_credential:
        return out  # nothing in A's AWS account
    d = deployment_side(cfg)
    out += [
        ExpectedDocument(
            DOC_DEPLOYMENT_TRUST, DEPLOYMENT_STACK, "aws_iam_role", d.trust_policy.to_json(), "trust", d.role_arn
        ),
        ExpectedDocument(
            DOC_DEPLOYMENT_ASSUME, DEPLOYMENT_STACK, "aws_iam_role_policy", d.assume_policy.to_json(), "identity", None
        ),
        ExpectedDocument(
            DOC_PASSROLE, DEPLOYMENT_STACK, "aws_iam_role_policy", d.passrole_policy.to_json(), "identity", None
        ),
    ]
    return out


def label_documents(cfg: Config, outdir: Path) -> tuple[list[tuple[ExpectedDocument, HclDocument]], list[str]]:
    """Pair every document in the HCL with the one the builders made. Problems: any document in the HCL
    that the builders did not make (for example a widened copy), or one that is missing."""
    problems: list[str] = []
    pending = list(expected_documents(cfg))
    pairs = []
    for doc in hcl_documents(outdir):
        rtype = doc.address.split(".")[0]
        match = next(
            (e for e in pending if e.stack == doc.stack and e.resource_type == rtype and e.text == doc.text), None
        )
        if match is None:
            problems.append(
                f"{doc.stack} {doc.address}.{doc.attribute}: document is not what "
                f"kinesis_xacct.iam.policies builds for this config: {doc.text}"
            )
            continue
        pending.remove(match)
        pairs.append((match, doc))
    for e in pending:
        problems.append(f"{e.stack}: {e.label} is missing from the HCL")
    return pairs, problems


# ------------------------------------------------------------------------------------------- parliament


@dataclass(frozen=True)
class LintFinding:
    document: str
    issue: str
    actions: frozenset[str]
    detail: str


def lint_text(text: str, kind: str, attached_to: str | None) -> str:
    """The document as parliament (an identity-policy linter) can read it.

    A trust policy has no Resource element: its resource is the role it is attached to; in a key policy
    ``"Resource": "*"`` means the key it is attached to. Both are linted with that resource written in,
    so that parliament checks every statement fully (actions against resource types, principals,
    conditions) instead of stopping at "no Resource" (parliament issue #229).
    """
    data = json.loads(text)
    if kind == "identity":
        return text
    if attached_to is None:
        raise ValueError(f"a {kind} policy needs the ARN of what it is attached to")
    for st in data["Statement"]:
        if kind == "trust":
            if "Resource" in st or "NotResource" in st:
                raise AssertionError(f"trust policy statement {st.get('Sid')} names a resource")
            st["Resource"] = attached_to
        elif st.get("Resource") == "*":
            st["Resource"] = attached_to
    return json.dumps(data)


def _finding_actions(finding: Any) -> frozenset[str]:
    loc = finding.location if isinstance(finding.location, dict) else {}
    if loc.get("actions"):
        return frozenset(a.lower() for a in loc["actions"])
    detail = finding.detail
    if isinstance(detail, list):
        acts = [d["action"] if isinstance(d, dict) and "action" in d else d for d in detail]
        return frozenset(str(a).lower() for a in acts)
    return frozenset()


def lint(label: str, text: str, kind: str, attached_to: str | None) -> list[LintFinding]:
    """Every parliament finding (built-in and community auditors) on one document."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # parliament imports pkg_resources
        from parliament import analyze_policy_string
    policy = analyze_policy_string(lint_text(text, kind, attached_to), include_community_auditors=True)
    return [LintFinding(label, f.issue, _finding_actions(f), f"{f.detail} {f.location}") for f in policy.findings]


def unexplained(findings: Iterable[LintFinding]) -> list[LintFinding]:
    """Findings that no entry of the register explains (same document, finding and exact actions)."""
    known = {(e.document, e.issue, e.actions) for e in PARLIAMENT}
    return [f for f in findings if (f.document, f.issue, f.actions) not in known]


# -------------------------------------------------------------------------------------- policyuniverse


class Grantee(NamedTuple):
    kind: str  # role | account | service | other
    principal: str
    conditions: str  # the statement's Condition block, as canonical JSON ("{}" if none)


def _pu() -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from policyuniverse.arn import ARN
        from policyuniverse.policy import Policy
    return ARN, Policy


def who_may_assume(trust_text: str) -> set[Grantee]:
    """Principals an Allow statement of this trust policy lets call sts:AssumeRole (policyuniverse expands
    the actions, wildcards included), each with the conditions it must meet."""
    ARN, Policy = _pu()
    policy = Policy(json.loads(trust_text))
    out: set[Grantee] = set()
    for st in policy.statements:
        if st.effect != "Allow" or "sts:assumerole" not in st.actions_expanded:
            continue
        if st.uses_not_principal():
            out.add(Grantee("other", "NotPrincipal", "{}"))
            continue
        cond = json.dumps(st.statement.get("Condition", {}), sort_keys=True)
        for principal in st.principals:
            arn = ARN(principal)
            if principal == "*" or arn.error:
                kind = "other"
            elif arn.service:
                kind = "service"
            elif arn.root:
                kind = "account"
            elif arn.tech == "iam" and arn.name.startswith("role/"):
                kind = "role"
            else:
                kind = "other"
            out.add(Grantee(kind, principal, cond))
    return out


def internet_accessible(text: str) -> bool:
    _, Policy = _pu()
    accessible: bool = Policy(json.loads(text)).is_internet_accessible()
    return accessible


class Grant(NamedTuple):
    action: str  # lower-case, expanded
    resource: str
    conditions: str


def grants(identity_text: str) -> set[Grant]:
    """(action, resource, conditions) an identity policy allows; actions expanded by policyuniverse."""
    _, Policy = _pu()
    out: set[Grant] = set()
    for st in Policy(json.loads(identity_text)).statements:
        if st.effect != "Allow":
            continue
        if "NotAction" in st.statement or "NotResource" in st.statement:
            out.add(Grant("*", "*", "NotAction/NotResource"))
            continue
        cond = json.dumps(st.statement.get("Condition", {}), sort_keys=True)
        for action in st.actions_expanded or {a.lower() for a in st.actions}:
            for resource in st.resources:
                out.add(Grant(action, "*" if resource is None else resource, cond))
    return out


def wildcard_resources(text: str, allowed: AbstractSet[str] = frozenset()) -> list[str]:
    """Resources containing ``*`` in Allow statements, except those in ``allowed``
    (for a key policy "*" is the key itself: not used there)."""
    _, Policy = _pu()
    found = []
    for st in Policy(json.loads(text)).statements:
        if st.effect != "Allow":
            continue
        for r in st.resources:
            if (r is None or "*" in r) and r not in allowed:
                found.append(f"{st.statement.get('Sid')}: {r}")
    return found


# ------------------------------------------------------------------------------------ least privilege
# The specification (issue 4), written out here on purpose: not imported from kinesis_xacct.iam.policies, so
# that a widened builder fails these checks.
SPEC_READ = (
    "kinesis:describestream",
    "kinesis:describestreamsummary",
    "kinesis:getrecords",
    "kinesis:getsharditerator",
    "kinesis:listshards",
)
SPEC_EFO_STREAM = ("kinesis:registerstreamconsumer", "kinesis:liststreamconsumers")
SPEC_EFO_CONSUMER = ("kinesis:describestreamconsumer", "kinesis:subscribetoshard", "kinesis:deregisterstreamconsumer")
SPEC_WRITE = ("kinesis:putrecord", "kinesis:putrecords")
# What account B's administrators may do with a created key (never use it for cryptography).
SPEC_KEY_ADMIN = frozenset(
    a.lower()
    for a in (
        "kms:CancelKeyDeletion",
        "kms:CreateAlias",
        "kms:DeleteAlias",
        "kms:DescribeKey",
        "kms:DisableKey",
        "kms:DisableKeyRotation",
        "kms:EnableKey",
        "kms:EnableKeyRotation",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListGrants",
        "kms:ListKeyPolicies",
        "kms:ListResourceTags",
        "kms:PutKeyPolicy",
        "kms:RevokeGrant",
        "kms:ScheduleKeyDeletion",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:UpdateAlias",
        "kms:UpdateKeyDescription",
    )
)


def _cond(**by_operator: dict[str, Any]) -> str:
    return json.dumps(by_operator, sort_keys=True)


def expected_access_grants(cfg: Config) -> set[Grant]:
    """What B's inline policy lets the role do, per access mode. ``full``: the Kinesis actions come from the
    attached AmazonKinesisFullAccess, so the inline policy holds only the given keys (decrypt and generate
    data keys: full writes), and there is none without given keys."""
    kb = cfg.kinesis_account
    streams = [cfg.stream_arn(s.name) for s in kb.streams]
    none = _cond()
    via = _cond(StringEquals={"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)})
    # Service-credential mode: the role may assume itself (its trust names its account root, which needs the
    # caller's own Allow too).
    own = {Grant("sts:assumerole", cfg.kinesis_role_arn, none)} if cfg.uses_service_credential else set()
    if kb.access == "full":
        return own | {
            Grant(a, s.kms_key_arn, via)
            for a in ("kms:decrypt", "kms:generatedatakey")
            for s in kb.streams
            if s.kms_key_arn
        }
    out = own | {Grant(a, s, none) for a in SPEC_READ for s in streams}
    if kb.access == "read-efo":
        out |= {Grant(a, s, none) for a in SPEC_EFO_STREAM for s in streams}
        # the deployment's own consumers only: its names as registered by Databricks and as passed
        out |= {
            Grant(a, arns.kinesis_stream_consumers(cfg.partition, cfg.region, kb.account_id, "*", prefix), none)
            for a in SPEC_EFO_CONSUMER
            for prefix in (f"databricks_{names.efo_consumer_prefix(cfg)}", names.efo_consumer_prefix(cfg))
        }
    if kb.access == "read-write":
        out |= {Grant(a, s, none) for a in SPEC_WRITE for s in streams}
    key_actions = ("kms:decrypt", "kms:generatedatakey") if kb.access == "read-write" else ("kms:decrypt",)
    out |= {Grant(a, s.kms_key_arn, via) for a in key_actions for s in kb.streams if s.kms_key_arn}
    return out


def expected_kinesis_trust(cfg: Config) -> set[Grantee]:
    kb = cfg.kinesis_account
    if cfg.uses_service_credential:
        # Only the Unity Catalog master role, and the role itself (its account root narrowed by aws:PrincipalArn
        # to exactly the role's ARN), both only with the external ID (the credential's: its placeholder here).
        ext = {"sts:ExternalId": kb.external_id or CREDENTIAL_EXTERNAL_ID}
        master = cfg.databricks.unity_catalog_iam_arn or arns.unity_catalog_master_role(cfg.partition)
        return {
            Grantee("role", master, _cond(StringEquals=ext)),
            Grantee(
                "account",
                arns.account_root(cfg.partition, kb.account_id),
                _cond(ArnLike={"aws:PrincipalArn": cfg.kinesis_role_arn}, StringEquals=ext),
            ),
        }
    cond = _cond(StringEquals={"sts:ExternalId": kb.external_id}) if kb.external_id else _cond()
    if kb.trust == "role":
        out = {Grantee("role", cfg.deployment_role_arn, cond)}
    else:
        assert cfg.deployment_account is not None  # a config trusting an account names it
        out = {Grantee("account", arns.account_root(cfg.partition, cfg.deployment_account.account_id), cond)}
    if kb.trust_ec2_service:
        out.add(Grantee("service", arns.service_principal(cfg.partition, "ec2"), _cond()))
    return out


def key_policy_problems(cfg: Config, text: str) -> list[str]:
    """A created stream's key: only account B's root and B's cross-account role; cryptography only
    through Kinesis in this region; the role may only decrypt (and generate data keys when it writes)."""
    ARN, Policy = _pu()
    kb = cfg.kinesis_account
    root = arns.account_root(cfg.partition, kb.account_id)
    via = arns.kms_via_service(cfg.partition, cfg.region)
    role_crypto = {"kms:decrypt", "kms:generatedatakey"} if kb.access in ("read-write", "full") else {"kms:decrypt"}
    problems = []
    for st in Policy(json.loads(text)).statements:
        if st.effect != "Allow":
            continue
        sid = st.statement.get("Sid")
        cond = st.statement.get("Condition", {})
        via_ok = cond.get("StringEquals", {}).get("kms:ViaService") == via
        actions = st.actions_expanded
        for p in st.principals:
            if p == root:
                if actions <= SPEC_KEY_ADMIN and not cond:
                    continue
                if (
                    actions <= {"kms:decrypt", "kms:generatedatakey"}
                    and via_ok
                    and cond.get("StringEquals", {}).get("kms:CallerAccount") == kb.account_id
                ):
                    continue
                problems.append(f"key policy {sid}: account B may {sorted(actions)} with {cond}")
            elif p == cfg.kinesis_role_arn:
                if not (actions <= role_crypto and via_ok):
                    problems.append(f"key policy {sid}: B's role may {sorted(actions)} with {cond}")
            else:
                problems.append(f"key policy {sid}: unexpected principal {p}")
        if not st.principals:
            problems.append(f"key policy {sid}: no principal")
    return problems


def least_privilege_problems(cfg: Config, label: str, text: str) -> list[str]:
    """The document with this label grants exactly what the specification allows for this config."""
    problems: list[str] = []
    if label == DOC_KINESIS_ACCESS:
        got, want = grants(text), expected_access_grants(cfg)
        if got != want:
            problems.append(
                f"{label}: grants beyond the spec {sorted(map(tuple, got - want))}, "
                f"missing {sorted(map(tuple, want - got))}"
            )
    elif label == DOC_DEPLOYMENT_ASSUME:
        want = {Grant("sts:assumerole", cfg.kinesis_role_arn, _cond())}
        if grants(text) != want:
            problems.append(f"{label}: grants {sorted(map(tuple, grants(text)))}, want only {sorted(map(tuple, want))}")
    elif label == DOC_PASSROLE:
        want = {
            Grant(
                "iam:passrole",
                cfg.deployment_role_arn,
                _cond(StringEquals={"iam:PassedToService": arns.service_principal(cfg.partition, "ec2")}),
            )
        }
        if grants(text) != want:
            problems.append(f"{label}: grants {sorted(map(tuple, grants(text)))}, want only {sorted(map(tuple, want))}")
    elif label == DOC_KINESIS_TRUST:
        got_who, want_who = who_may_assume(text), expected_kinesis_trust(cfg)
        if got_who != want_who:
            problems.append(
                f"{label}: may be assumed by {sorted(map(tuple, got_who))}, want {sorted(map(tuple, want_who))}"
            )
    elif label == DOC_DEPLOYMENT_TRUST:
        want_who = {Grantee("service", arns.service_principal(cfg.partition, "ec2"), _cond())}
        if who_may_assume(text) != want_who:
            problems.append(f"{label}: may be assumed by {sorted(map(tuple, who_may_assume(text)))}")
    elif label == DOC_STREAM_KEY:
        problems += key_policy_problems(cfg, text)
    else:
        problems.append(f"unknown document {label}")
    if label in (DOC_KINESIS_ACCESS, DOC_DEPLOYMENT_ASSUME, DOC_PASSROLE):  # identity policies
        # The only wildcard allowed: the deployment's own enhanced fan-out consumers of a configured stream (a
        # consumer's ARN ends in its name and registration time, known only once it is registered).
        kb = cfg.kinesis_account
        allowed = (
            {
                arns.kinesis_stream_consumers(cfg.partition, cfg.region, kb.account_id, "*", prefix)
                for prefix in (f"databricks_{names.efo_consumer_prefix(cfg)}", names.efo_consumer_prefix(cfg))
            }
            if (label == DOC_KINESIS_ACCESS and kb.access == "read-efo")
            else set()
        )
        problems += [f"{label}: wildcard resource {w}" for w in wildcard_resources(text, allowed)]
    if label in (DOC_KINESIS_TRUST, DOC_DEPLOYMENT_TRUST, DOC_STREAM_KEY) and internet_accessible(text):
        problems.append(f"{label}: anyone may use it (policyuniverse: internet accessible)")
    return problems


def document_problems(cfg: Config, label: str, text: str, kind: str, attached_to: str | None) -> list[str]:
    """The whole IAM analysis of one document: parliament (minus the register) and least privilege."""
    problems = [
        f"parliament {f.issue} on {f.document}: {f.detail}" for f in unexplained(lint(label, text, kind, attached_to))
    ]
    return problems + least_privilege_problems(cfg, label, text)


# --------------------------------------------------------------------------------------- the whole gate


def locate(cfg: Config, doc: HclDocument) -> tuple[str, str, str | None]:
    """(label, kind, attached-to ARN) of a document found in the HCL, by where it is (not by its content)."""
    rtype = doc.address.split(".")[0]
    if doc.stack == KINESIS_STACK and rtype == "aws_iam_role":
        return DOC_KINESIS_TRUST, "trust", cfg.kinesis_role_arn
    if doc.stack == KINESIS_STACK and rtype == "aws_iam_role_policy":
        return DOC_KINESIS_ACCESS, "identity", None
    if doc.stack == KINESIS_STACK and rtype == "aws_kms_key":
        return (
            DOC_STREAM_KEY,
            "resource",
            arns.kms_key(cfg.partition, cfg.region, cfg.kinesis_account.account_id, CREATED_KEY_ID),
        )
    if doc.stack == DEPLOYMENT_STACK and rtype == "aws_iam_role":
        return DOC_DEPLOYMENT_TRUST, "trust", cfg.deployment_role_arn
    if doc.stack == DEPLOYMENT_STACK and rtype == "aws_iam_role_policy":
        if doc.name == names.passrole_policy_name(cfg):
            return DOC_PASSROLE, "identity", None
        return DOC_DEPLOYMENT_ASSUME, "identity", None
    raise AssertionError(f"{doc.stack} {doc.address}: a policy document the security gate does not know")


def iam_gate(cfg: Config, outdir: Path) -> list[str]:
    """Every IAM problem of one synthesized config. Empty = pass.

    Each document in the HCL is analysed on its own (parliament, policyuniverse, the specification), and
    the set of documents must be exactly what ``kinesis_xacct.iam.policies`` builds for the config.
    """
    problems: list[str] = []
    for doc in hcl_documents(outdir):
        label, kind, attached = locate(cfg, doc)
        problems += [f"{doc.address}: {p}" for p in document_problems(cfg, label, doc.text, kind, attached)]
    problems += label_documents(cfg, outdir)[1]
    return problems
