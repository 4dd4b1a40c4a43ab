"""IAM evaluation by an evaluator nobody here wrote: PMapper's local policy simulation (principalmapper 1.1.5,
``local_check_authorization_full``), fed with the policy documents of the SYNTHESIZED HCL (read back by
tests/security_gate.py), to prove every hop of the access chain and its negatives.

How PMapper evaluates (principalmapper/querying/query_interface.py): explicit Deny anywhere first; then the
resource policy (a role's trust, a key's policy). Same account and an IAM/KMS resource: the resource policy must
name the caller or its account root; naming the caller itself grants without an identity policy, naming only the
root needs the caller's identity policy too (as AWS does). Another account: the resource policy must admit the
caller AND the caller's identity policy must allow. Condition keys (``sts:ExternalId``, ``kms:ViaService``,
``iam:PassedToService``) are passed per call; ``aws:PrincipalArn`` is inferred from the caller.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The evaluator is the product's own (``make verify`` drives it on the documents read back from the accounts).
from kinesis_xacct.iam import suppressions
from kinesis_xacct.iam.evaluate import ADMIN as ADMIN
from kinesis_xacct.iam.evaluate import AMAZON_KINESIS_FULL_ACCESS as AMAZON_KINESIS_FULL_ACCESS
from kinesis_xacct.iam.evaluate import Role as Role
from kinesis_xacct.iam.evaluate import account_of as account_of
from kinesis_xacct.iam.evaluate import allowed as allowed
from kinesis_xacct.iam.evaluate import may_assume as may_assume
from kinesis_xacct.iam.policies import STREAM_WRITE_ACTIONS

from .helpers import present

if TYPE_CHECKING:
    from kinesis_xacct.config import Config


def doc(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    return data


# ------------------------------------------------------------------------------------ the chain of a config


@dataclass
class Chain:
    """The principals and documents of one synthesized config, as deployed."""

    kinesis_role: Role  # B's role: trust + inline (and attached) identity policies
    deployment_role: Role | None  # A's instance-profile role (instance-profile mode)
    workspace_role: Role | None  # the workspace's cross-account role with its PassRole grant (instance-profile)
    key_policies: list[dict[str, Any]]  # the key policies of keys the stack creates


def chain_of(cfg: Config, outdir: Path) -> Chain:
    """Read the documents of the synthesized HCL (tests/security_gate.py: python-hcl2, literal JSON) into roles."""
    from kinesis_xacct.platform import arns

    from . import security_gate as gate

    kinesis = Role(cfg.kinesis_role_arn)
    deployment = Role(cfg.deployment_role_arn) if not cfg.uses_service_credential else None
    workspace = (
        Role(arns.iam_role(cfg.partition, cfg.deployment.account_id, present(cfg.deployment.workspace_role_name)))
        if deployment
        else None
    )
    keys: list[dict[str, Any]] = []
    for d in gate.hcl_documents(outdir):
        label, _, _ = gate.locate(cfg, d)
        if label == suppressions.DOC_KINESIS_TRUST:
            kinesis.trust = doc(d.text)
        elif label == suppressions.DOC_KINESIS_ACCESS:
            kinesis.identity.append(doc(d.text))
        elif label == suppressions.DOC_STREAM_KEY:
            keys.append(doc(d.text))
        elif label == suppressions.DOC_DEPLOYMENT_TRUST and deployment:
            deployment.trust = doc(d.text)
        elif label == suppressions.DOC_DEPLOYMENT_ASSUME and deployment:
            deployment.identity.append(doc(d.text))
        elif label == suppressions.DOC_PASSROLE and workspace:
            workspace.identity.append(doc(d.text))
    for block in gate.hcl_blocks(outdir, gate.KINESIS_STACK):
        if block.resource_type == "aws_iam_role_policy_attachment":
            arn = gate.hcl_string(block.attributes["policy_arn"])
            if arn != arns.aws_managed_policy(cfg.partition, "AmazonKinesisFullAccess"):
                raise AssertionError(f"an attached policy the evaluation has no document for: {arn}")
            kinesis.identity.append(AMAZON_KINESIS_FULL_ACCESS)
    return Chain(kinesis, deployment, workspace, keys)


# Another reader's EFO consumer on the same stream, as Databricks registers it (a name not of this deployment).
OTHER_CONSUMER = "databricks_kinesis-xacct-validate:1700000000"
READ_ACTIONS = ("kinesis:ListShards", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary")
EFO_STREAM_ACTIONS = ("kinesis:RegisterStreamConsumer", "kinesis:ListStreamConsumers")
EFO_CONSUMER_ACTIONS = (
    "kinesis:SubscribeToShard",
    "kinesis:DescribeStreamConsumer",
    "kinesis:DeregisterStreamConsumer",
)
WRITE_ACTIONS = STREAM_WRITE_ACTIONS  # the one list of write actions (kinesis_xacct.iam.policies)
DESTROY_ACTIONS = ("kinesis:DeleteStream", "kinesis:DeregisterStreamConsumer", "kinesis:UpdateShardCount")
OUTSIDE_STREAM = "not-configured-stream"


def chain_problems(cfg: Config, ch: Chain) -> list[str]:
    """Every hop of the access chain PMapper must allow, and every step aside it must refuse. Empty = proven."""
    from kinesis_xacct.config import names
    from kinesis_xacct.iam.policies import CREDENTIAL_EXTERNAL_ID
    from kinesis_xacct.platform import arns

    problems: list[str] = []

    def expect(want: bool, what: str, got: bool) -> None:
        if got is not want:
            problems.append(
                f"{what}: PMapper says {'allowed' if got else 'denied'}, want {'allowed' if want else 'denied'}"
            )

    kb = cfg.kinesis_account
    b_role = ch.kinesis_role
    a_account = cfg.deployment_account.account_id if cfg.deployment_account else "111111111111"
    wrong_id = "not-the-external-id"

    if cfg.uses_service_credential:
        ext: str | None = kb.external_id or CREDENTIAL_EXTERNAL_ID  # the credential's value replaces the placeholder
        master = Role(cfg.unity_catalog_role_arn, identity=[ADMIN])  # Databricks' role: its policy is not ours
        expect(True, "Unity Catalog master role assumes B's role with the external ID", may_assume(master, b_role, ext))
        expect(False, "Unity Catalog master role without an external ID", may_assume(master, b_role))
        expect(False, "Unity Catalog master role with a wrong external ID", may_assume(master, b_role, wrong_id))
        expect(True, "B's role assumes itself (with the external ID)", may_assume(b_role, b_role, ext))
        expect(False, "B's role assumes itself without the external ID", may_assume(b_role, b_role))
        other_b = Role(arns.iam_role(cfg.partition, kb.account_id, "SomeOtherRole"), identity=[ADMIN])
        expect(False, "another principal of account B (even an admin)", may_assume(other_b, b_role, ext))
        other_a = Role(arns.iam_role(cfg.partition, a_account, "SomeRole"), identity=[ADMIN])
        expect(False, "a principal of account A", may_assume(other_a, b_role, ext))
    else:
        a_role = ch.deployment_role
        workspace = ch.workspace_role
        assert a_role is not None and workspace is not None
        ext = kb.external_id
        expect(True, "A's instance-profile role assumes B's role", may_assume(a_role, b_role, ext))
        if ext:
            expect(False, "A's role without the external ID", may_assume(a_role, b_role))
            expect(False, "A's role with a wrong external ID", may_assume(a_role, b_role, wrong_id))
        other_a = Role(arns.iam_role(cfg.partition, a_account, "SomeOtherRole"), identity=[ADMIN])
        # trust: account (the seed) admits every principal of A whose own policy allows it: that is the setting
        expect(kb.trust == "account", "another principal of account A (an admin)", may_assume(other_a, b_role, ext))
        no_grant = Role(a_role.arn, trust=a_role.trust)  # A's role without its identity policy
        expect(False, "A's role without its sts:AssumeRole grant", may_assume(no_grant, b_role, ext))
        outsider = Role(arns.iam_role(cfg.partition, "333333333333", "Outsider"), identity=[ADMIN])
        expect(False, "a principal of a third account", may_assume(outsider, b_role, ext))
        ec2 = arns.service_principal(cfg.partition, "ec2")
        passes = {"iam:PassedToService": ec2}
        expect(
            True, "the workspace role passes A's role to EC2", allowed(workspace, "iam:PassRole", a_role.arn, passes)
        )
        expect(
            False,
            "the workspace role passes A's role to another service",
            allowed(workspace, "iam:PassRole", a_role.arn, {"iam:PassedToService": "lambda.amazonaws.com"}),
        )
        expect(
            False,
            "the workspace role passes another role",
            allowed(workspace, "iam:PassRole", arns.iam_role(cfg.partition, a_account, "Other"), passes),
        )

    full = kb.access == "full"
    for s in kb.streams:
        stream = cfg.stream_arn(s.name)
        for action in READ_ACTIONS:
            expect(True, f"B's role {action} on {s.name}", allowed(b_role, action, stream))
        if kb.access == "read-efo" or full:
            # the deployment's own consumer, as the Databricks source registers the notebook's consumerName
            consumer = f"{stream}/consumer/databricks_{names.efo_consumer_name(cfg, 'validate')}:1700000000"
            other = f"{stream}/consumer/{OTHER_CONSUMER}"
            for action in EFO_STREAM_ACTIONS:
                expect(True, f"B's role {action} on {s.name}", allowed(b_role, action, stream))
            for action in EFO_CONSUMER_ACTIONS:
                expect(True, f"B's role {action} on its own consumer of {s.name}", allowed(b_role, action, consumer))
                expect(
                    full, f"B's role {action} on another reader's consumer of {s.name}", allowed(b_role, action, other)
                )
        writes = kb.access in ("read-write", "full")
        for action in WRITE_ACTIONS:
            expect(writes, f"B's role {action} on {s.name}", allowed(b_role, action, stream))
        for action in DESTROY_ACTIONS[:1] + DESTROY_ACTIONS[2:]:
            expect(full, f"B's role {action} on {s.name}", allowed(b_role, action, stream))
        via = {"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)}
        if s.kms_key_arn:
            expect(
                True,
                f"B's role decrypts {s.name}'s key through Kinesis",
                allowed(b_role, "kms:Decrypt", s.kms_key_arn, via),
            )
            expect(False, f"B's role decrypts {s.name}'s key directly", allowed(b_role, "kms:Decrypt", s.kms_key_arn))
    outside = cfg.stream_arn(OUTSIDE_STREAM)
    expect(full, "B's role reads a stream outside the config", allowed(b_role, "kinesis:GetRecords", outside))
    for key_policy in ch.key_policies:
        key = arns.kms_key(cfg.partition, cfg.region, kb.account_id, "00000000-0000-0000-0000-000000000000")
        via = {"kms:ViaService": arns.kms_via_service(cfg.partition, cfg.region)}
        expect(
            True,
            "B's role decrypts a created key through Kinesis",
            allowed(b_role, "kms:Decrypt", key, via, key_policy),
        )
        expect(False, "B's role decrypts a created key directly", allowed(b_role, "kms:Decrypt", key, None, key_policy))
        expect(
            kb.access in ("read-write", "full"),
            "B's role generates data keys of a created key through Kinesis",
            allowed(b_role, "kms:GenerateDataKey", key, via, key_policy),
        )
        expect(
            False,
            "B's role schedules a created key's deletion",
            allowed(b_role, "kms:ScheduleKeyDeletion", key, None, key_policy),
        )
    return problems
