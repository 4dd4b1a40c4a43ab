"""Names that live in places other deployments share, and their defaults.

A Unity Catalog service credential's name is unique in the metastore (terraform-provider-databricks,
docs/resources/credential.md: "must be unique within the databricks_metastore"), and the workspaces of one
region usually share one metastore; an inline policy's name is unique on its role, and the workspace role is
shared by every deployment of the workspace; an enhanced fan-out consumer's name is unique on its stream, which
every reader of the stream shares. Each default here is derived from what is this deployment's alone in the
place it lives: account B's role (an IAM role's name is unique in its account, so partition + account + name
is unique everywhere) for the credential and the EFO consumer, account A's instance-profile role for the
PassRole policy on the workspace role. Two configs that do not share B's role (or A's role) cannot share these
names. What a config sets explicitly is the user's choice, checked for collisions inside the config only
(config/shared_names.py).

Pure Python; no cdktf.
"""

from __future__ import annotations

import hashlib
import re

from kinesis_xacct.config.model import Config

PRODUCT = "kinesis-xacct"
CREDENTIAL_NAME_MAX = 255
POLICY_NAME_MAX = 128  # IAM: an inline policy's name is 1-128 characters
PASSROLE_PREFIX = f"{PRODUCT}-passrole-"
# The Databricks Kinesis source registers an EFO consumer as ``databricks_<consumerName>`` (Databricks,
# "Enhanced fan-out for Kinesis": "All consumers registered by the Databricks source have the databricks_
# prefix"). A Kinesis consumer name is at most 128 characters of [a-zA-Z0-9_.-] (API reference,
# RegisterStreamConsumer).
DATABRICKS_CONSUMER_PREFIX = "databricks_"
CONSUMER_NAME_MAX = 128
_TAG_MAX = 40
_UNSAFE = re.compile(r"[^a-z0-9_-]")


def _digest(text: str, n: int = 8) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def bounded(name: str, limit: int) -> str:
    """``name`` if it fits ``limit`` characters, else its start and a short hash of the whole (stable)."""
    if len(name) <= limit:
        return name
    return f"{name[: limit - 9]}-{_digest(name)}"


def _tag(role_name: str) -> str:
    """A readable, lowercase, name-safe form of a role name (without the product's own prefix). Lowercase keeps
    it unique: IAM role names are unique regardless of case."""
    tag = role_name.lower().removeprefix(f"{PRODUCT}-")
    safe = _UNSAFE.sub("_", tag)
    if safe != tag:  # characters replaced: the hash of the original keeps two names apart
        safe = f"{safe}-{_digest(role_name)}"
    return safe


def credential_name(cfg: Config) -> str:
    """The service credential's name: ``databricks.service_credential_name`` as set, else
    ``kinesis-xacct-<B role>-<B account>`` (lowercase, name-safe, at most 255 characters): the credential wraps
    exactly this role, which no other deployment owns."""
    if cfg.databricks.service_credential_name is not None:
        return cfg.databricks.service_credential_name
    name = f"{PRODUCT}-{_tag(cfg.kinesis_account.role_name)}-{cfg.kinesis_account.account_id}"
    return bounded(name if cfg.partition == "aws" else f"{name}-{cfg.partition}", CREDENTIAL_NAME_MAX)


def passrole_policy_name(cfg: Config) -> str:
    """``deployment_account.passrole_policy_name`` as set, else ``kinesis-xacct-passrole-<A's role>``, the inline
    policy on the workspace role granting iam:PassRole on that role (IAM role names are at most 64 characters, so
    this fits the 128-character limit)."""
    da = cfg.deployment
    return da.passrole_policy_name or bounded(PASSROLE_PREFIX + da.role_name, POLICY_NAME_MAX)


def efo_consumer_prefix(cfg: Config) -> str:
    """The start of every EFO consumer name this deployment registers (and its role may describe, subscribe
    with and deregister): ``kinesis-xacct-<h>-<B role>-``, ``<h>`` the first 8 hex digits of the SHA-256 of B's
    role ARN. The hash has a fixed length and comes first, so no deployment's prefix starts another's; the
    role's name after it is for the reader of ``list-stream-consumers``."""
    tag = _tag(cfg.kinesis_account.role_name)[:_TAG_MAX]
    return f"{PRODUCT}-{_digest(cfg.kinesis_role_arn)}-{tag}-"


def efo_consumer_name(cfg: Config, purpose: str) -> str:
    """The ``consumerName`` a query passes (``purpose``: ``validate`` for the notebook, ``reader`` for the
    example reader); Databricks registers it as ``databricks_<name>``."""
    return efo_consumer_prefix(cfg) + purpose


def registered_consumer_prefixes(cfg: Config) -> tuple[str, ...]:
    """The consumer-name prefixes the read-efo role's consumer actions are scoped to: the names as the
    Databricks source registers them (``databricks_<consumerName>``), and as passed (a connector that registers
    the name unchanged). Both start with this deployment's own prefix."""
    prefix = efo_consumer_prefix(cfg)
    return (DATABRICKS_CONSUMER_PREFIX + prefix, prefix)


NOTEBOOK_NAME = "validate_kinesis"


def notebook_path(cfg: Config) -> str | None:
    """The validation notebook's workspace path: ``databricks.notebook_path`` as set, else (dedicated access mode)
    ``/Users/<databricks.single_user_name>/kinesis-xacct/validate_kinesis``, the home of the cluster's one user.
    Never the deploying identity's home: a path that followed whoever runs the plan would be replaced by a plan
    of another identity (CI after a person). None when neither is set (service-credential mode requires
    ``notebook_path``: config rules)."""
    db = cfg.databricks
    if db.notebook_path is not None:
        return db.notebook_path
    if db.single_user_name is not None:
        return f"/Users/{db.single_user_name}/{PRODUCT}/{NOTEBOOK_NAME}"
    return None
