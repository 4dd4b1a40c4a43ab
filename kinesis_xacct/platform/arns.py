"""Every ARN and service principal the project writes is built here, from partition + account + name.

Nothing else in the code base formats an ARN by hand; tests and constructs call these functions.
"""

from __future__ import annotations

import re

PARTITIONS = ("aws", "aws-cn", "aws-us-gov")

# DNS suffix of service principals and of regional service endpoints per partition (EC2 in the China partition is
# ec2.amazonaws.com.cn; AWS General Reference, "Service endpoints": China regions use amazonaws.com.cn).
_DNS_SUFFIX = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}

ARN_RE = re.compile(
    r"^arn:(?P<partition>aws|aws-cn|aws-us-gov):(?P<service>[a-z0-9-]+):"
    r"(?P<region>[a-z0-9-]*):(?P<account>\d{12}|aws|):(?P<resource>.+)$"
)


def _check_partition(partition: str) -> str:
    if partition not in PARTITIONS:
        raise ValueError(f"unknown partition {partition!r}; expected one of {', '.join(PARTITIONS)}")
    return partition


def iam_role(partition: str, account_id: str, name: str, path: str = "/") -> str:
    return f"arn:{_check_partition(partition)}:iam::{account_id}:role{path}{name}"


def instance_profile(partition: str, account_id: str, name: str, path: str = "/") -> str:
    return f"arn:{_check_partition(partition)}:iam::{account_id}:instance-profile{path}{name}"


def account_root(partition: str, account_id: str) -> str:
    return f"arn:{_check_partition(partition)}:iam::{account_id}:root"


def aws_managed_policy(partition: str, name: str) -> str:
    return f"arn:{_check_partition(partition)}:iam::aws:policy/{name}"


def customer_managed_policy(partition: str, account_id: str, name: str, path: str = "/") -> str:
    return f"arn:{_check_partition(partition)}:iam::{account_id}:policy{path}{name}"


def kinesis_stream(partition: str, region: str, account_id: str, name: str) -> str:
    return f"arn:{_check_partition(partition)}:kinesis:{region}:{account_id}:stream/{name}"


def kinesis_stream_consumers(partition: str, region: str, account_id: str, name: str, prefix: str = "") -> str:
    """The enhanced fan-out consumers registered on one stream whose name starts with ``prefix`` (every consumer
    when it is empty). A consumer's ARN is ``<stream ARN>/consumer/<consumer name>:<creation timestamp>``
    (Kinesis API reference, "RegisterStreamConsumer" / ``ConsumerARN``), so ``<prefix>*`` admits exactly the
    consumers whose names start with ``prefix``, whenever they were registered."""
    return f"{kinesis_stream(partition, region, account_id, name)}/consumer/{prefix}*"


def kms_key(partition: str, region: str, account_id: str, key_id: str) -> str:
    return f"arn:{_check_partition(partition)}:kms:{region}:{account_id}:key/{key_id}"


def service_principal(partition: str, service: str) -> str:
    return f"{service}.{_DNS_SUFFIX[_check_partition(partition)]}"


def kms_via_service(partition: str, region: str, service: str = "kinesis") -> str:
    """Value of the kms:ViaService condition key for a service in one region."""
    return f"{service}.{region}.{_DNS_SUFFIX[_check_partition(partition)]}"


def sts_regional_endpoint(partition: str, region: str) -> str:
    """Host of STS's regional endpoint (``sts.<region>.amazonaws.com``; China ``.amazonaws.com.cn``): the name an
    STS interface VPC endpoint with private DNS answers to (AWS IAM User Guide, "AWS STS interface VPC
    endpoints")."""
    return f"sts.{region}.{_DNS_SUFFIX[_check_partition(partition)]}"


# Databricks' Unity Catalog master role per partition: the principal that assumes a service credential's IAM
# role (terraform-provider-databricks aws/constants.go, ``unityCatalogueIamArn``; Databricks GovCloud docs).
# GovCloud has two shards: civilian (the default here) and DoD (give its ARN as databricks.unity_catalog_iam_arn).
# There is no Databricks in aws-cn.
_UNITY_CATALOG_MASTER_ROLE = {
    "aws": ("414351767826", "unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL"),
    "aws-us-gov": ("044793339203", "unity-catalog-prod-UCMasterRole-1QRFA8SGY15OJ"),
}
UNITY_CATALOG_MASTER_ROLE_DOD = ("170661010020", "unity-catalog-prod-UCMasterRole-1DI6DL6ZP26AS")


def unity_catalog_master_role(partition: str) -> str:
    """ARN of Databricks' Unity Catalog master role in ``partition`` (GovCloud: the civilian shard)."""
    if _check_partition(partition) not in _UNITY_CATALOG_MASTER_ROLE:
        raise ValueError(f"there is no Databricks (and no Unity Catalog master role) in partition {partition!r}")
    return iam_role(partition, *_UNITY_CATALOG_MASTER_ROLE[partition])


def unity_catalog_master_role_dod() -> str:
    """ARN of the Unity Catalog master role of Databricks' GovCloud DoD shard."""
    return iam_role("aws-us-gov", *UNITY_CATALOG_MASTER_ROLE_DOD)


def parse(arn: str) -> dict[str, str] | None:
    """Split an ARN into partition/service/region/account/resource, or None if it is not one."""
    m = ARN_RE.match(arn)
    return m.groupdict() if m else None
