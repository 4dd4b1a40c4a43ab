"""Rules of the organisation form over names and places its deployments share (config/names.py says why each
default cannot collide across configs; these rules catch what one config sets twice):

* a Unity Catalog service credential's name, unique in the metastore (terraform-provider-databricks,
  docs/resources/credential.md: "must be unique within the databricks_metastore"). Which workspaces share a
  metastore is not in the config, so the names are unique across the whole config (case-insensitively: Unity
  Catalog names are);
* an instance profile's name, unique in its account (IAM);
* an inline policy's name on a role: two consumers granting PassRole on one workspace role with the same
  policy name would overwrite each other's grant;
* ``access: full``: AmazonKinesisFullAccess (``kinesis:*`` on ``*``) reaches every stream of the source's
  account, the streams of other sources and other readers' consumers included: refused here;
* a service credential reaches AWS services "in the same region as the workspaces you want to access the data
  from" (Databricks, "Create service credentials", before you begin): a service-credential consumer's sources
  are all in one region, the workspace's (the region of its first read's source).

Pure Python; no cdktf.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from kinesis_xacct.config import names
from kinesis_xacct.config.problems import Problem, Problems

if TYPE_CHECKING:
    from kinesis_xacct.config.organisation import Pair


FULL_REASON = (
    "`full` is refused in the organisation form: it attaches AmazonKinesisFullAccess (kinesis:* on every "
    "resource), which reaches every stream of the source's account, the streams of other sources and the "
    "consumers of other readers; choose read, read-efo or read-write (scoped to this pair's streams)"
)


def _credential_path(pair: Pair, con: dict[str, Any], read: dict[str, Any]) -> str:
    if "credential_name" in read:
        return f"{pair.path}.credential_name"
    db = con.get("databricks")
    if isinstance(db, dict) and "service_credential_name" in db:
        return f"consumers.{pair.consumer}.databricks.service_credential_name"
    return f"{pair.path} (default credential name)"


class Claims:
    """Names one deployment holds in a place others share: the first config path that claims a name holds it; a
    later claim is a problem at its own path, "<what> is also <of><the first path>[: <why>]"."""

    def __init__(self, why: str = "", of: str = ""):
        self.why, self.of = why, of
        self.first: dict[Hashable, str] = {}

    def claim(self, key: Hashable, where: str, what: str) -> Problems:
        first = self.first.setdefault(key, where)
        why = f": {self.why}" if self.why else ""
        return [] if first == where else [Problem(where, f"{what} is also {self.of}{first}{why}")]


def credential_name_problems(pairs: list[Pair], written: dict[tuple[str, str], tuple[Any, Any]]) -> Problems:
    """Two pairs with one credential name. ``written``: (consumer, source) -> (consumer, read) as written."""
    problems: Problems = []
    seen = Claims(
        "a credential's name is unique in the Unity Catalog metastore, which the workspaces of one region usually "
        "share",
        of="the credential of ",
    )
    for pair in pairs:
        if not pair.cfg.uses_service_credential:
            continue
        con, read = written[(pair.consumer, pair.source)]
        name = names.credential_name(pair.cfg)
        where = _credential_path(pair, con, read)
        problems += seen.claim(name.lower(), where, f"service credential {name!r}")
    return problems


def instance_profile_problems(pairs: list[Pair]) -> Problems:
    """Two consumers with one instance profile name (or one PassRole policy name on one workspace role) in one
    account."""
    problems: Problems = []
    profiles = Claims("an instance profile's name is unique in its account")
    grants = Claims(
        "one would overwrite the other's PassRole grant (leave it unset: the default is named after each consumer's "
        "own role)"
    )
    done: set[str] = set()
    for pair in pairs:
        cfg = pair.cfg
        if pair.consumer in done or cfg.uses_service_credential or cfg.deployment_account is None:
            continue
        done.add(pair.consumer)
        da = cfg.deployment_account
        at = f"consumers.{pair.consumer}"
        problems += profiles.claim(
            (da.account_id, da.instance_profile_name.lower()),
            f"{at}.instance_profile_name",
            f"instance profile {da.instance_profile_name!r} in account {da.account_id}",
        )
        if da.workspace_role_name is None:
            continue
        policy = names.passrole_policy_name(cfg)
        problems += grants.claim(
            (da.account_id, da.workspace_role_name, policy),
            f"{at}.passrole_policy_name",
            f"inline policy {policy!r} on workspace role {da.workspace_role_name!r} in account {da.account_id}",
        )
    return problems


def full_access_problems(pairs: list[Pair]) -> Problems:
    return [Problem(f"{p.path}.access", FULL_REASON) for p in pairs if p.cfg.kinesis_account.access == "full"]


def credential_region_problems(pairs: list[Pair]) -> Problems:
    """A service-credential consumer whose sources are not all in the workspace's region (its first source's; a
    consumer's ``databricks.workspace_region``, when set, is checked per pair by the one-pair rules and the pairs
    it refuses are not here)."""
    problems: Problems = []
    first: dict[str, Pair] = {}
    for pair in pairs:
        if not pair.cfg.uses_service_credential:
            continue
        home = first.setdefault(pair.consumer, pair)
        if pair.cfg.region != home.cfg.region:
            problems.append(
                Problem(
                    f"{pair.path}.source",
                    f"source {pair.source!r} is in {pair.cfg.region}, but the workspace of this service-credential "
                    f"consumer is taken to be in {home.cfg.region} (the region of {home.path}.source; the consumer's "
                    f"databricks.workspace_region names it): a Unity "
                    f"Catalog service credential reaches services in the same region as the workspace "
                    f'(Databricks, "Create service credentials"); read it from a workspace in '
                    f"{pair.cfg.region}, or with databricks.auth instance-profile",
                )
            )
    return problems


def shared_name_problems(pairs: list[Pair], written: dict[tuple[str, str], tuple[Any, Any]]) -> Problems:
    return (
        full_access_problems(pairs)
        + credential_region_problems(pairs)
        + credential_name_problems(pairs, written)
        + instance_profile_problems(pairs)
    )
