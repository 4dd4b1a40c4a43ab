"""The corpus of broken configs: each entry makes one bad config and names the errors it must give.

A case's ``make(tmp)`` writes the config under ``tmp`` (or makes a path that is not a readable file) and
returns the path to pass; ``expect`` lists every ``(dotted.path, fragment of the reason)`` the run must
print, one ``config error:`` line each, and nothing else. Mutations start from config/example.yaml.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .helpers import EXAMPLE, load_yaml

KMS_KEY = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-86ef-1234567890ab"
DELETE = object()


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]
    expect: tuple[tuple[str, str], ...]
    needs_dropped_dac: bool = False  # run with CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH dropped (root ignores modes)
    tags: tuple[str, ...] = field(default=())


def _apply(data: dict[str, Any], dotted: str, value: Any) -> None:
    node: Any = data
    *parents, last = dotted.split(".")
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    key: Any = int(last) if isinstance(node, list) else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value


def mutated(**changes: Any) -> Callable[[Path], Path]:
    """config/example.yaml with dotted-path changes (value DELETE removes the key)."""

    def make(tmp: Path) -> Path:
        data = copy.deepcopy(load_yaml())
        for dotted, value in changes.items():
            _apply(data, dotted, value)
        path = tmp / "config.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return make


def raw(content: bytes | str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / "config.yaml"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return make


def example_edited(old: str, new: str) -> Callable[[Path], Path]:
    """config/example.yaml as text with one literal replacement (for YAML-level mistakes)."""

    def make(tmp: Path) -> Path:
        text = EXAMPLE.read_text()
        assert old in text, old
        path = tmp / "config.yaml"
        path.write_text(text.replace(old, new, 1))
        return path

    return make


def _alias_bomb(tmp: Path) -> Path:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    path = tmp / "config.yaml"
    path.write_text("\n".join(lines) + "\n")  # 9**10 strings if expanded
    return path


def _huge(tmp: Path) -> Path:
    path = tmp / "config.yaml"
    text = EXAMPLE.read_text() + "# padding\n" * 40_000  # ~400 KB of otherwise valid YAML
    path.write_text(text)
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "config.yaml"
    os.mkfifo(path)  # reading it would block forever: must be refused, not opened
    return path


def _unreadable(tmp: Path) -> Path:
    path = tmp / "config.yaml"
    path.write_text(EXAMPLE.read_text())
    path.chmod(0)
    return path


def _parent_is_file(tmp: Path) -> Path:
    (tmp / "afile").write_text("x")
    return tmp / "afile" / "config.yaml"


CASES: list[Case] = [
    # ---------------------------------------------------------------- the file itself
    Case("empty", raw(b""), (("config", "file is empty"),)),
    Case("whitespace-only", raw(b"  \n\n\t\n"), (("config", "file is empty"),)),
    Case("comments-only", raw("# nothing here\n# at all\n"), (("config", "no settings"),)),
    Case("invalid-yaml", raw("region: [us-east-1\npartition: aws\n"), (("config", "invalid YAML (column"),)),
    Case(
        "invalid-yaml-tab",
        example_edited('  account_id: "222222222222"', '\taccount_id: "222222222222"'),
        (("config", "invalid YAML"),),
    ),
    Case("top-level-list", raw("- region: us-east-1\n"), (("config", "top level must be a mapping"),)),
    Case("top-level-scalar", raw("just some text\n"), (("config", "top level must be a mapping"),)),
    Case("binary", raw(bytes(range(256)) * 4), (("config", "binary"),)),
    Case("not-utf8", raw("region: caf\u00e9\n".encode("latin-1")), (("config", "not UTF-8"),)),
    Case("alias-bomb", _alias_bomb, (("config", "aliases"),)),
    Case("huge", _huge, (("config", "a config is at most"),)),
    Case("deep-nesting", raw("a: " + "[" * 5000 + "]" * 5000 + "\n"), (("config", "nested more than"),)),
    Case(
        "duplicate-key",
        example_edited("region: us-east-1\n", "region: us-east-1\nregion: eu-west-1\n"),
        (("config", "duplicate key 'region'"),),
    ),
    Case("two-documents", raw("region: us-east-1\n---\nregion: eu-west-1\n"), (("config", "single document"),)),
    Case("python-tag", raw("region: !!python/object/apply:os.system ['true']\n"), (("config", "invalid YAML"),)),
    Case("missing-file", lambda tmp: tmp / "nope.yaml", (("config", "does not exist"),)),
    Case("directory", lambda tmp: tmp, (("config", "is a directory"),)),
    Case("parent-is-a-file", _parent_is_file, (("config", "a folder on its path is a file"),)),
    Case("unreadable", _unreadable, (("config", "not readable (permission denied)"),), needs_dropped_dac=True),
    Case("fifo", _fifo, (("config", "is a FIFO"),)),
    Case("character-device", lambda tmp: Path("/dev/null"), (("config", "is a character device"),)),
    # ---------------------------------------------------------------- account IDs
    Case(
        "account-id-number",
        mutated(**{"kinesis_account.account_id": 222222222222}),
        (("kinesis_account.account_id", "must be a string, got the number"),),
    ),
    Case(
        "account-id-octal",
        example_edited('account_id: "111111111111"', "account_id: 011111111111"),
        (("deployment_account.account_id", "must be a string"),),
    ),
    Case(
        "account-id-11-digits",
        mutated(**{"kinesis_account.account_id": "22222222222"}),
        (("kinesis_account.account_id", "exactly 12 digits"),),
    ),
    Case(
        "account-id-letters",
        mutated(**{"deployment_account.account_id": "11111111111x"}),
        (("deployment_account.account_id", "exactly 12 digits"),),
    ),
    Case(
        "account-id-unicode-digits",
        mutated(**{"kinesis_account.account_id": "\uff12" * 12}),
        (("kinesis_account.account_id", "exactly 12 digits"),),
    ),
    # ---------------------------------------------------------------- IAM names, external ID
    Case(
        "role-name-chars",
        mutated(**{"kinesis_account.role_name": "Kinesis Role!"}),
        (("kinesis_account.role_name", "an IAM name is 1-64 characters"),),
    ),
    Case(
        "role-name-too-long",
        mutated(**{"deployment_account.role_name": "r" * 65}),
        (("deployment_account.role_name", "an IAM name is 1-64 characters"),),
    ),
    Case(
        "instance-profile-slash",
        mutated(**{"deployment_account.instance_profile_name": "a/b"}),
        (("deployment_account.instance_profile_name", "an IAM name"),),
    ),
    Case(
        "workspace-role-empty",
        mutated(**{"deployment_account.workspace_role_name": ""}),
        (("deployment_account.workspace_role_name", "an IAM name"),),
    ),
    Case(
        "workspace-role-missing",
        mutated(**{"deployment_account.workspace_role_name": DELETE}),
        (("deployment_account.workspace_role_name", "Cloud resources > Credential configuration"),),
    ),
    Case(
        "workspace-role-null",
        mutated(**{"deployment_account.workspace_role_name": None}),
        (("deployment_account.workspace_role_name", "required: the name of the existing IAM role"),),
    ),
    Case(
        "external-id-short",
        mutated(**{"kinesis_account.external_id": "x"}),
        (("kinesis_account.external_id", "2-1224 characters"),),
    ),
    Case(
        "external-id-spaces",
        mutated(**{"kinesis_account.external_id": "my external id"}),
        (("kinesis_account.external_id", "2-1224 characters"),),
    ),
    # ---------------------------------------------------------------- partition, region, enums
    Case("region-other-partition", mutated(region="cn-north-1"), (("region", "partition 'aws-cn'"),)),
    Case("region-typo", mutated(region="us-east1"), (("region", "did you mean 'us-east-1'?"),)),
    Case("partition-unknown", mutated(partition="aws-gov"), (("partition", "did you mean 'aws-us-gov'?"),)),
    Case(
        "access-unknown",
        mutated(**{"kinesis_account.access": "read_efo"}),
        (("kinesis_account.access", "did you mean 'read-efo'?"),),
    ),
    Case(
        "access-efo",
        mutated(**{"kinesis_account.access": "efo"}),
        (("kinesis_account.access", "did you mean 'read-efo'?"),),
    ),
    Case(
        "access-upper",
        mutated(**{"kinesis_account.access": "READ"}),
        (("kinesis_account.access", "did you mean 'read'?"),),
    ),
    Case(
        "workspace-role-as-arn",
        mutated(**{"deployment_account.workspace_role_name": "arn:aws:iam::111111111111:role/databricks-ws"}),
        (("deployment_account.workspace_role_name", "give the part after role/ ('databricks-ws')"),),
    ),
    Case(
        "stream-arn-other-account-and-region",
        mutated(**{"kinesis_account.streams.0.name": "arn:aws:kinesis:eu-west-1:333333333333:stream/testStream"}),
        (
            (
                "kinesis_account.streams.0.name",
                "its region is 'eu-west-1', the config's region is 'us-east-1'; its account is '333333333333'",
            ),
        ),
    ),
    Case(
        "profile-with-space",
        mutated(**{"kinesis_account.profile": "my profile"}),
        (("kinesis_account.profile", "an AWS profile name"),),
    ),
    Case(
        "trust-unknown",
        mutated(**{"kinesis_account.trust": "roles"}),
        (("kinesis_account.trust", "did you mean 'role'?"),),
    ),
    Case(
        "initial-position-unknown",
        mutated(**{"databricks.initial_position": "beginning"}),
        (("databricks.initial_position", "is not one of earliest, latest"),),
    ),
    Case(
        "bool-as-string",
        mutated(**{"kinesis_account.trust_ec2_service": "yes"}),
        (("kinesis_account.trust_ec2_service", "must be true or false"),),
    ),
    Case(
        "shard-count-zero",
        mutated(**{"kinesis_account.streams.0.shard_count": 0}),
        (("kinesis_account.streams.0.shard_count", "greater than or equal to 1"),),
    ),
    # ---------------------------------------------------------------- streams
    Case(
        "no-streams",
        mutated(**{"kinesis_account.streams": []}),
        (("kinesis_account.streams", "at least one stream is required"),),
    ),
    Case(
        "streams-missing",
        mutated(**{"kinesis_account.streams": DELETE}),
        (("kinesis_account.streams", "required key is missing"),),
    ),
    Case(
        "duplicate-streams",
        mutated(**{"kinesis_account.streams": [{"name": "a"}, {"name": "b"}, {"name": "a"}]}),
        (("kinesis_account.streams.2.name", "duplicate stream 'a'"),),
    ),
    Case(
        "stream-name-space",
        mutated(**{"kinesis_account.streams.0.name": "my stream"}),
        (("kinesis_account.streams.0.name", "a Kinesis stream name"),),
    ),
    Case(
        "stream-name-too-long",
        mutated(**{"kinesis_account.streams.0.name": "s" * 129}),
        (("kinesis_account.streams.0.name", "1-128 characters"),),
    ),
    Case(
        "several-bad-streams",
        mutated(**{"kinesis_account.streams": [{"name": "a b"}, {"name": "ok"}, {"name": "c/d"}]}),
        (
            ("kinesis_account.streams.0.name", "a Kinesis stream name"),
            ("kinesis_account.streams.2.name", "a Kinesis stream name"),
        ),
    ),
    Case(
        "stream-not-mapping",
        mutated(**{"kinesis_account.streams": ["testStream"]}),
        (("kinesis_account.streams.0", "must be a mapping"),),
    ),
    # ---------------------------------------------------------------- ARNs
    Case(
        "kms-not-arn",
        mutated(**{"kinesis_account.streams.0.kms_key_arn": "my-key"}),
        (("kinesis_account.streams.0.kms_key_arn", "must be a KMS key ARN"),),
    ),
    Case(
        "kms-alias-arn",
        mutated(**{"kinesis_account.streams.0.kms_key_arn": "arn:aws:kms:us-east-1:222222222222:alias/streams"}),
        (("kinesis_account.streams.0.kms_key_arn", "alias ARN"),),
    ),
    Case(
        "kms-wrong-service",
        mutated(**{"kinesis_account.streams.0.kms_key_arn": "arn:aws:s3:::my-bucket"}),
        (("kinesis_account.streams.0.kms_key_arn", "service 's3'"),),
    ),
    Case(
        "kms-bad-key-id",
        mutated(**{"kinesis_account.streams.0.kms_key_arn": "arn:aws:kms:us-east-1:222222222222:key/not-a-key-id"}),
        (("kinesis_account.streams.0.kms_key_arn", "<key id>"),),
    ),
    Case(
        # HCL reads strings in NFC (U+F900, a CJK compatibility ideograph, would be deployed as U+8C48)
        "text-not-in-nfc",
        mutated(**{"tags.team": "\uf900"}),
        (("tags.team", "U+F900 becomes U+8C48"),),
    ),
    Case(
        # the AWS provider's key check (a version 1-5 UUID) fails `terraform validate` of data "aws_kms_key"
        "kms-key-id-not-a-uuid-the-provider-takes",
        mutated(
            **{
                "kinesis_account.streams.0.kms_key_arn": (
                    "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                )
            }
        ),
        (("kinesis_account.streams.0.kms_key_arn", "lower-case UUID"),),
    ),
    Case(
        "deploy-role-is-user",
        mutated(**{"kinesis_account.deploy_role_arn": "arn:aws:iam::222222222222:user/ci"}),
        (("kinesis_account.deploy_role_arn", "must be an IAM role ARN"),),
    ),
    Case(
        "deploy-role-is-sts",
        mutated(**{"deployment_account.deploy_role_arn": "arn:aws:sts::111111111111:assumed-role/deploy/session"}),
        (("deployment_account.deploy_role_arn", "service 'sts'"),),
    ),
    # ---------------------------------------------------------------- unknown and missing keys
    Case("unknown-top-key", mutated(regoin="us-east-1"), (("regoin", "did you mean 'region'?"),)),
    Case(
        "unknown-account-key",
        mutated(**{"kinesis_account.acount_id": "222222222222"}),
        (("kinesis_account.acount_id", "did you mean 'account_id'?"),),
    ),
    Case(
        "unknown-stream-key",
        mutated(**{"kinesis_account.streams.0.kms_key": KMS_KEY}),
        (("kinesis_account.streams.0.kms_key", "did you mean 'kms_key_arn'?"),),
    ),
    Case(
        "unknown-databricks-key",
        mutated(**{"databricks.notebook": "/Shared/x"}),
        (("databricks.notebook", "did you mean 'notebook_path'?"),),
    ),
    Case("unknown-key-with-colon", mutated(**{"databricks.a:b": 1}), (("databricks", "unknown key 'a:b'"),)),
    Case("missing-section", mutated(kinesis_account=DELETE), (("kinesis_account", "required key is missing"),)),
    Case(
        "missing-account-id",
        mutated(**{"deployment_account.account_id": DELETE}),
        (("deployment_account.account_id", "required key is missing"),),
    ),
    Case("missing-region", mutated(region=DELETE), (("region", "required key is missing"),)),
    Case(
        "section-not-mapping",
        mutated(deployment_account="111111111111"),
        (("deployment_account", "must be a mapping of keys, got a string"),),
    ),
    # ---------------------------------------------------------------- paths and URLs
    Case(
        "notebook-relative",
        mutated(**{"databricks.notebook_path": "Shared/validate"}),
        (("databricks.notebook_path", "absolute workspace path"),),
    ),
    Case(
        "sts-endpoint-http",
        mutated(**{"databricks.sts_endpoint": "http://sts.us-east-1.amazonaws.com"}),
        (("databricks.sts_endpoint", "https://"),),
    ),
    Case(
        "sts-endpoint-path",
        mutated(**{"databricks.sts_endpoint": "https://sts.us-east-1.amazonaws.com/x"}),
        (("databricks.sts_endpoint", "sts.us-east-1.amazonaws.com"),),
    ),
    Case(
        "notebook-in-shared",
        mutated(**{"databricks.notebook_path": "/Shared/kinesis-xacct/validate"}),
        (("databricks.notebook_path", "under /Shared, which the users group can manage"),),
    ),
    Case(
        "notebook-in-workspace-shared",
        mutated(**{"databricks.notebook_path": "/Workspace/Shared/k/validate"}),
        (("databricks.notebook_path", "under /Shared"),),
    ),
    Case(
        "notebook-in-root",
        mutated(**{"databricks.notebook_path": "/validate"}),
        (("databricks.notebook_path", "must be a folder of its own"),),
    ),
    Case(
        "notebook-in-home",
        mutated(**{"databricks.notebook_path": "/Users/alice@example.com/validate"}),
        (("databricks.notebook_path", "not the workspace root, a home folder"),),
    ),
    # ---------------------------------------------------------------- Databricks access and timing
    Case(
        "groups-duplicate",
        mutated(**{"databricks.groups": ["users", "ops", "users"]}),
        (("databricks.groups.2", "duplicate group 'users' (also databricks.groups.0)"),),
    ),
    Case("groups-empty-name", mutated(**{"databricks.groups": [" "]}), (("databricks.groups.0", "must not be empty"),)),
    Case(
        "groups-padded-name",
        mutated(**{"databricks.groups": ["users "]}),
        (("databricks.groups.0", "spaces at its start or end"),),
    ),
    Case("groups-not-a-list", mutated(**{"databricks.groups": "users"}), (("databricks.groups", "must be a list"),)),
    Case("groups-item-number", mutated(**{"databricks.groups": [42]}), (("databricks.groups.0", "must be a string"),)),
    Case(
        "propagation-too-long",
        mutated(**{"databricks.iam_propagation_seconds": 601}),
        (("databricks.iam_propagation_seconds", "less than or equal to 600"),),
    ),
    Case(
        "propagation-negative",
        mutated(**{"databricks.iam_propagation_seconds": -1}),
        (("databricks.iam_propagation_seconds", "greater than or equal to 0"),),
    ),
    Case("job-not-bool", mutated(**{"databricks.job": "yes"}), (("databricks.job", "must be true or false"),)),
    Case(
        "endpoint-url-ftp",
        mutated(aws_endpoint_url="ftp://127.0.0.1:5000"),
        (("aws_endpoint_url", "http:// or https://"),),
    ),
    Case(
        "databricks-host-http",
        mutated(**{"databricks.host": "http://dbc-1.cloud.databricks.com"}),
        (("databricks.host", "https://"),),
    ),
    # ---------------------------------------------------------------- across fields
    Case(
        "efo-no-streams",
        mutated(**{"kinesis_account.access": "read-efo", "kinesis_account.streams": []}),
        (("kinesis_account.streams", "at least one stream is required"),),
    ),
    Case(
        "ec2-trust-with-role",
        mutated(**{"kinesis_account.trust_ec2_service": True}),
        (("kinesis_account.trust_ec2_service", "trust: role"),),
    ),
    Case(
        "kms-other-region",
        mutated(**{"kinesis_account.streams.0.kms_key_arn": KMS_KEY.replace("us-east-1", "eu-west-1")}),
        (("kinesis_account.streams.0.kms_key_arn", "region eu-west-1"),),
    ),
    Case(
        "kms-other-account",
        mutated(**{"kinesis_account.streams.0.kms_key_arn": KMS_KEY.replace("2222", "3333")}),
        (("kinesis_account.streams.0.kms_key_arn", "account 333333333333"),),
    ),
    Case(
        "same-account",
        mutated(**{"deployment_account.account_id": "222222222222"}),
        (("kinesis_account.account_id", "same as deployment_account.account_id"),),
    ),
    Case(
        "at-timestamp-without-timestamp",
        mutated(**{"databricks.initial_position": "at_timestamp"}),
        (("databricks.initial_timestamp", "needs databricks.initial_timestamp"),),
    ),
    Case(
        "timestamp-without-at-timestamp",
        mutated(**{"databricks.initial_timestamp": "2024-01-31T00:00:00+0000"}),
        (("databricks.initial_timestamp", "only used with initial_position at_timestamp"),),
    ),
    Case(
        "window-with-a-position",
        mutated(**{"databricks.initial_position": "latest", "databricks.validation_window_minutes": 5}),
        (("databricks.validation_window_minutes", "only used when initial_position is not set"),),
    ),
    Case(
        "window-zero",
        mutated(**{"databricks.validation_window_minutes": 0}),
        (("databricks.validation_window_minutes", "greater than or equal to 1"),),
    ),
    Case(
        "timestamp-format",
        mutated(**{"databricks.initial_position": "at_timestamp", "databricks.initial_timestamp": "2024-01-31 00:00"}),
        (("databricks.initial_timestamp", "yyyy-MM-ddTHH"),),
    ),
    Case(
        "timestamp-unquoted",
        example_edited("  initial_position: null", "  initial_position: at_timestamp\n  initial_timestamp: 2024-01-31"),
        (("databricks.initial_timestamp", "got a date/time"),),
    ),
    Case(
        "role-is-workspace-role",
        mutated(**{"deployment_account.role_name": "databricks-cross-account"}),
        (("deployment_account.role_name", "same as deployment_account.workspace_role_name"),),
    ),
    Case(
        "deploy-role-wrong-account",
        mutated(**{"kinesis_account.deploy_role_arn": "arn:aws:iam::111111111111:role/deploy"}),
        (("kinesis_account.deploy_role_arn", "deploys into kinesis_account.account_id 222222222222"),),
    ),
    Case(
        "deploy-role-wrong-partition",
        mutated(**{"deployment_account.deploy_role_arn": "arn:aws-cn:iam::111111111111:role/deploy"}),
        (("deployment_account.deploy_role_arn", "partition aws-cn"),),
    ),
    Case(
        "endpoint-http-remote", mutated(aws_endpoint_url="http://10.1.2.3:5000"), (("aws_endpoint_url", "clear text"),)
    ),
    Case(
        "on-demand-with-shard-count",
        mutated(**{"kinesis_account.streams": [{"name": "a", "create": True, "mode": "on-demand", "shard_count": 1}]}),
        (("kinesis_account.streams.0.shard_count", "only for mode provisioned"),),
    ),
    Case(
        "mode-on-existing-stream",
        mutated(**{"kinesis_account.streams.0.mode": "on-demand"}),
        (("kinesis_account.streams.0.mode", "stream this stack creates (create: true)"),),
    ),
    Case(
        "mode-unknown",
        mutated(**{"kinesis_account.streams": [{"name": "a", "create": True, "mode": "ondemand"}]}),
        (("kinesis_account.streams.0.mode", "did you mean 'on-demand'?"),),
    ),
    Case(
        "created-stream-dot-name",
        mutated(**{"kinesis_account.streams": [{"name": "orders.v2", "create": True}]}),
        (("kinesis_account.streams.0.name", "KMS alias names allow only"),),
    ),
    Case(
        "empty-spark-version",
        mutated(**{"databricks.spark_version": ""}),
        (("databricks.spark_version", "is not valid: a Databricks Runtime version key"),),
    ),
    Case(
        "policy-too-large",
        mutated(**{"kinesis_account.streams": [{"name": f"clickstream-events-{i:04d}"} for i in range(1500)]}),
        (("kinesis_account.streams", "IAM allows 10,240 per role"),),
    ),
    Case("tag-value-chars", mutated(tags={"team": "data, platform!"}), (("tags", "key 'team': a tag value"),)),
    Case("tag-key-aws-prefix", mutated(tags={"aws:owner": "me"}), (("tags", "key 'aws:owner'"),)),
    # ---------------------------------------------------------------- several problems in one run
    Case(
        "many-problems",
        mutated(
            **{
                "kinesis_account.account_id": 222222222222,  # field: not a string
                "kinesis_account.acount": "x",  # unknown key
                "kinesis_account.trust_ec2_service": True,  # across fields (trust: role)
                "deployment_account.role_name": "databricks-cross-account",  # across fields
                "region": "us-east1",  # across fields (region of partition)
                "databricks.notebook_path": "relative",  # field
                "kinesis_account.streams": [{"name": "x y"}, {"name": "ok"}, {"name": "ok"}],  # field + duplicate
            }
        ),
        (
            ("kinesis_account.account_id", "must be a string"),
            ("kinesis_account.acount", "did you mean 'account_id'?"),
            ("kinesis_account.trust_ec2_service", "trust: role"),
            ("deployment_account.role_name", "workspace_role_name"),
            ("region", "did you mean 'us-east-1'?"),
            ("databricks.notebook_path", "absolute"),
            ("kinesis_account.streams.0.name", "a Kinesis stream name"),
            ("kinesis_account.streams.2.name", "duplicate stream 'ok'"),
        ),
    ),
]
