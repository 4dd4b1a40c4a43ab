"""What ``verify`` reads back from the accounts, read-only, with the credentials a deploy of the same stack uses.

Each account is reached as its stack's AWS provider reaches it (:func:`kinesis_xacct.iam.settings.stack_settings`:
the section's ``profile``, then its ``deploy_role_arn`` assumed, the config's region and ``aws_endpoint_url``).
Every call here is a read (:data:`READ_ACTIONS`, listed in docs/verify.md); nothing is created or changed.
A thing that is not there reads as ``None``; any other error is raised as :class:`Unreadable`.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from kinesis_xacct.iam.evaluate import AMAZON_KINESIS_FULL_ACCESS, Document
from kinesis_xacct.iam.settings import AwsAccess
from kinesis_xacct.platform import arns

# Every AWS action verify calls; docs/verify.md lists them (tests/test_verify_emulator.py).
READ_ACTIONS = (
    "sts:AssumeRole",  # the section's deploy_role_arn, as the deploy does
    "iam:GetRole",
    "iam:ListRolePolicies",
    "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:GetInstanceProfile",
    "kinesis:DescribeStreamSummary",
    "kinesis:ListStreamConsumers",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "ec2:DescribeVpcEndpoints",  # only for deployment_account.vpc_endpoint_ids or vpc_id
)
NOT_FOUND = {
    "NoSuchEntity",
    "NoSuchEntityException",
    "ResourceNotFoundException",
    "NotFoundException",
    "InvalidVpcEndpointId.NotFound",
}


class Unreadable(Exception):
    """A read that failed for another reason than absence (credentials, permissions, network)."""


@dataclass
class ReadRole:
    """A role as read back: trust, inline policies by name, attached policies by ARN (their default versions)."""

    arn: str
    role_id: str
    trust: Document
    inline: dict[str, Document] = field(default_factory=dict)
    attached: dict[str, Document | None] = field(default_factory=dict)  # None: the document could not be read

    def identity(self) -> list[Document]:
        return [*self.inline.values(), *(d for d in self.attached.values() if d is not None)]


@dataclass(frozen=True)
class ReadStream:
    arn: str
    status: str
    encryption: str  # KMS | NONE
    key_id: str | None
    consumers: tuple[tuple[str, str, str], ...]  # (name, ARN, status) of every registered EFO consumer


@dataclass(frozen=True)
class ReadKey:
    arn: str
    manager: str  # CUSTOMER | AWS
    policy: Document


def _document(value: Any) -> Document:
    """A policy document as boto3 returns it: a dict, or JSON text (URL-encoded in IAM's raw answer)."""
    if isinstance(value, dict):
        return value
    text = str(value)
    try:
        data = json.loads(text)
    except ValueError:
        data = json.loads(urllib.parse.unquote(text))
    if not isinstance(data, dict):
        raise Unreadable(f"a policy document that is not a JSON object: {text[:80]}")
    return data


def _code(err: Exception) -> str:
    response = getattr(err, "response", None)
    return str(response.get("Error", {}).get("Code", "")) if isinstance(response, dict) else ""


class Account:
    """One account, reached with one stack's credentials."""

    def __init__(self, access: AwsAccess, account_id: str, partition: str) -> None:
        self.access, self.account_id, self.partition = access, account_id, partition
        self._session: Any = None
        self._read: dict[tuple[str, str], Any] = {}

    def cached(self, kind: str, name: str) -> Any:
        """``role``/``stream``/``key``/``instance_profile_roles`` of ``name``, read once per run."""
        if (kind, name) not in self._read:
            self._read[(kind, name)] = getattr(self, kind)(name)
        return self._read[(kind, name)]

    def session(self) -> Any:
        if self._session is None:
            import boto3  # only here: nothing else of verify needs it before the config is checked

            base = boto3.Session(profile_name=self.access.profile, region_name=self.access.region)
            if self.access.deploy_role_arn:
                creds = base.client("sts", endpoint_url=self.access.endpoint_url).assume_role(
                    RoleArn=self.access.deploy_role_arn, RoleSessionName="kinesis-xacct-verify"
                )["Credentials"]
                base = boto3.Session(
                    aws_access_key_id=creds["AccessKeyId"],
                    aws_secret_access_key=creds["SecretAccessKey"],
                    aws_session_token=creds["SessionToken"],
                    region_name=self.access.region,
                )
            self._session = base
        return self._session

    def client(self, service: str) -> Any:
        return self.session().client(service, endpoint_url=self.access.endpoint_url)

    def call(self, service: str, operation: str, **kwargs: Any) -> Any:
        """One read; ``None`` when the thing is not there, :class:`Unreadable` for any other failure."""
        try:
            return getattr(self.client(service), operation)(**kwargs)
        except Exception as err:  # botocore's errors, credentials, network: all named in the report
            if _code(err) in NOT_FOUND:
                return None
            raise Unreadable(
                f"{service} {operation} in account {self.account_id}: {type(err).__name__}: {err}"
            ) from err

    def role(self, name: str) -> ReadRole | None:
        got = self.call("iam", "get_role", RoleName=name)
        if got is None:
            return None
        role = ReadRole(got["Role"]["Arn"], got["Role"]["RoleId"], _document(got["Role"]["AssumeRolePolicyDocument"]))
        names = (self.call("iam", "list_role_policies", RoleName=name) or {}).get("PolicyNames", [])
        for policy in names:
            doc = self.call("iam", "get_role_policy", RoleName=name, PolicyName=policy)
            if doc is not None:
                role.inline[policy] = _document(doc["PolicyDocument"])
        attached = (self.call("iam", "list_attached_role_policies", RoleName=name) or {}).get("AttachedPolicies", [])
        for policy in attached:
            role.attached[policy["PolicyArn"]] = self.managed_policy(policy["PolicyArn"])
        return role

    def managed_policy(self, arn: str) -> Document | None:
        """A managed policy's default version (AmazonKinesisFullAccess: AWS's published document if unreadable)."""
        got = self.call("iam", "get_policy", PolicyArn=arn)
        if got is not None:
            version = self.call("iam", "get_policy_version", PolicyArn=arn, VersionId=got["Policy"]["DefaultVersionId"])
            if version is not None:
                return _document(version["PolicyVersion"]["Document"])
        if arn == arns.aws_managed_policy(self.partition, "AmazonKinesisFullAccess"):
            return AMAZON_KINESIS_FULL_ACCESS
        return None

    def instance_profile_roles(self, name: str) -> list[str] | None:
        got = self.call("iam", "get_instance_profile", InstanceProfileName=name)
        return None if got is None else [r["Arn"] for r in got["InstanceProfile"]["Roles"]]

    def stream(self, name: str) -> ReadStream | None:
        got = self.call("kinesis", "describe_stream_summary", StreamName=name)
        if got is None:
            return None
        s = got["StreamDescriptionSummary"]
        listed = self.call("kinesis", "list_stream_consumers", StreamARN=s["StreamARN"]) or {}
        consumers = tuple(
            (c["ConsumerName"], c["ConsumerARN"], c.get("ConsumerStatus", "")) for c in listed.get("Consumers", [])
        )
        return ReadStream(
            s["StreamARN"], s["StreamStatus"], s.get("EncryptionType") or "NONE", s.get("KeyId"), consumers
        )

    def key(self, key_id: str) -> ReadKey | None:
        described = self.call("kms", "describe_key", KeyId=key_id)
        if described is None:
            return None
        meta = described["KeyMetadata"]
        policy = self.call("kms", "get_key_policy", KeyId=meta["Arn"], PolicyName="default")
        if policy is None:
            return None
        return ReadKey(meta["Arn"], meta.get("KeyManager", "CUSTOMER"), _document(policy["Policy"]))

    def endpoint(self, endpoint_id: str) -> tuple[str, Document] | None:
        """An interface endpoint's service name and policy (None: no such endpoint in this account and region)."""
        got = self.call("ec2", "describe_vpc_endpoints", VpcEndpointIds=[endpoint_id])
        found = (got or {}).get("VpcEndpoints", [])
        if not found:
            return None
        policy = (
            found[0].get("PolicyDocument")
            or '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'
        )
        return str(found[0]["ServiceName"]), _document(policy)

    def endpoints_in(self, vpc_id: str, services: tuple[str, ...]) -> list[str]:
        """The IDs of the VPC's endpoints whose service name ends in one of ``services`` (``.sts``, ...)."""
        filters = [{"Name": "vpc-id", "Values": [vpc_id]}]
        got = self.call("ec2", "describe_vpc_endpoints", Filters=filters) or {}
        return [str(e["VpcEndpointId"]) for e in got.get("VpcEndpoints", []) if e["ServiceName"].endswith(services)]
