"""A local two-account AWS sandbox: moto server on loopback, one boto3 session per account, and what a real
setup already has before this project deploys (the workspace's role in A, the existing streams in B).

Used by ``make demo`` (kinesis_xacct/sandbox/demo.py) and by the deploy tests; nothing of the generator imports it.
moto maps ``sts:AssumeRole`` into ``arn:aws:iam::<account>:role/...`` to that account, which is how one
emulator holds several accounts. moto does not evaluate IAM policies: the sandbox proves wiring only.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from kinesis_xacct import paths
from kinesis_xacct.cdk import toolchain
from kinesis_xacct.config.model import Config
from kinesis_xacct.config.organisation import Organisation
from kinesis_xacct.iam.document import PolicyDocument, Statement
from kinesis_xacct.ops import deploy
from kinesis_xacct.ops.load import as_organisation
from kinesis_xacct.platform import arns

ROOT = paths.ROOT
MOTO_SERVER = toolchain.current().venv / "bin" / "moto_server"  # both venvs have moto[server]
# Credentials the emulator accepts; they are not secrets and never reach AWS.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
# The role an AWS Organizations member account has for its management account; Terraform deploys through it.
DEPLOY_ROLE = "OrganizationAccountAccessRole"
# Databricks' own AWS account, which a workspace's cross-account role trusts (with the workspace's external ID).
DATABRICKS_ACCOUNT = "414351767826"
# stacks.KINESIS_STACK and stacks.DEPLOYMENT_STACK (not imported: that would load cdktf). The cdktf CLI
# refuses an unknown stack name, so a rename there fails the demo and the deploy tests loudly.
KINESIS_STACK, DEPLOYMENT_STACK = paths.KINESIS_STACK, paths.DEPLOYMENT_STACK
STACKS = (KINESIS_STACK, DEPLOYMENT_STACK)  # the CLI orders them by their dependency itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@dataclass
class Emulator:
    url: str
    process: subprocess.Popen[bytes]

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """``base`` (default: this process's environment) pointed at this emulator, without any AWS_* setting
        of the user's."""
        env = {k: v for k, v in (os.environ if base is None else base).items() if not k.startswith("AWS_")}
        env.update(FAKE_CREDENTIALS)
        env["AWS_ENDPOINT_URL"] = self.url
        return env

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def client(self, session: boto3.Session, service: str, region: str | None = None) -> Any:
        return session.client(service, endpoint_url=self.url, region_name=region or session.region_name)

    def assume(
        self, session: boto3.Session | None, role_arn: str, name: str, external_id: str | None = None
    ) -> boto3.Session:
        """A session with the credentials of ``role_arn``, assumed from ``session`` (None: the fake base
        credentials, moto's default account 123456789012)."""
        if session is None:
            session = boto3.Session(
                aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                region_name=FAKE_CREDENTIALS["AWS_DEFAULT_REGION"],
            )
        kwargs = {"ExternalId": external_id} if external_id else {}
        creds = self.client(session, "sts").assume_role(RoleArn=role_arn, RoleSessionName=name, **kwargs)["Credentials"]
        return boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
            region_name=session.region_name,
        )

    def role_arn(self, session: boto3.Session, role_name: str) -> str | None:
        """ARN of the role in the session's account, or None where there is none of that name."""
        iam = self.client(session, "iam")
        try:
            arn: str = iam.get_role(RoleName=role_name)["Role"]["Arn"]
            return arn
        except iam.exceptions.NoSuchEntityException:
            return None

    def account(self, account_id: str, partition: str = "aws") -> boto3.Session:
        """Act in ``account_id``: assume its OrganizationAccountAccessRole (moto maps that to the account)."""
        return self.assume(None, deploy_role_arn(partition, account_id), "kinesis-xacct-sandbox")

    def create_role(self, partition: str, arn: str, trust: PolicyDocument, description: str) -> None:
        """The role ``arn`` with the trust ``trust``, unless its account has a role of that name already."""
        parts = arns.parse(arn)
        assert parts is not None, arn
        session, name = self.account(parts["account"], partition), parts["resource"].split("/")[-1]
        if self.role_arn(session, name) is None:
            self.client(session, "iam").create_role(
                RoleName=name, AssumeRolePolicyDocument=trust.to_json(), Description=description
            )


def start_emulator(log: Path | None = None, *, aws_managed_policies: bool = False) -> Emulator:
    """moto server on a free 127.0.0.1 port (stop it with ``stop()`` or use it as a context manager).

    ``aws_managed_policies``: moto knows AWS managed policies (needed to attach AmazonKinesisFullAccess,
    ``access: full``) only when told so at start (MOTO_IAM_LOAD_MANAGED_POLICIES); loading them costs about
    two seconds per account, so only a server that needs them does.
    """
    if not MOTO_SERVER.exists():
        raise AssertionError(f"{MOTO_SERVER} is missing: run `make install` (moto[server] is a dependency)")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "MOTO_IAM_LOAD_MANAGED_POLICIES"}
    if aws_managed_policies:
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    with open(log or os.devnull, "wb") as out:  # the server has its own copy of the descriptor
        proc = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=subprocess.STDOUT, env=env
        )
    try:
        wait_for_port(port)
    except AssertionError:
        proc.kill()
        raise
    return Emulator(url=f"http://127.0.0.1:{port}", process=proc)


def deploy_role_arn(partition: str, account_id: str) -> str:
    return arns.iam_role(partition, account_id, DEPLOY_ROLE)


def sandbox_config(
    data: dict[str, Any], url: str, *, external_id: str | None = "kinesis-xacct-sandbox"
) -> dict[str, Any]:
    """A config (as loaded YAML) pointed at the emulator: endpoints, a deploy role per account, no Databricks.

    There is no Databricks workspace here, so the Databricks resources are off (AWS side only). An
    external ID is set unless the config has one, so that the chain walk uses it.
    """
    out = copy.deepcopy(data)
    partition = out.get("partition", "aws")
    out["aws_endpoint_url"] = url
    out.setdefault("databricks", {})["enabled"] = False
    service_credential = out["databricks"].get("auth") == "service-credential"
    for side in ("kinesis_account", "deployment_account"):
        if side == "deployment_account" and service_credential:
            continue  # nothing is deployed into A's AWS account in this mode
        out[side]["deploy_role_arn"] = deploy_role_arn(partition, out[side]["account_id"])
    if external_id and not out["kinesis_account"].get("external_id"):
        out["kinesis_account"]["external_id"] = external_id
    return out


def workspace_trust_policy(cfg: Config) -> PolicyDocument:
    """The trust of a Databricks workspace's cross-account role (what the workspace setup created)."""
    return PolicyDocument(
        "trust",
        [
            Statement(
                sid="DatabricksWorkspace",
                actions=("sts:AssumeRole",),
                principals={"AWS": (arns.account_root(cfg.partition, DATABRICKS_ACCOUNT),)},
                conditions={"StringEquals": {"sts:ExternalId": "databricks-workspace-sandbox"}},
            )
        ],
    )


def create_key(emu: Emulator, partition: str, account_id: str, description: str, region: str | None = None) -> str:
    """A customer-managed KMS key in ``account_id`` (one that exists before this project); its ARN."""
    kms = emu.client(emu.account(account_id, partition), "kms", region)
    arn: str = kms.create_key(Description=description)["KeyMetadata"]["Arn"]
    return arn


def stand_in_keys(emu: Emulator, data: dict[str, Any]) -> list[str]:
    """Each ``kms_key_arn`` given for a stream (a key that exists before this project): moto cannot create a key
    with a chosen ID, so a key created here, in the stream's account and region, stands in for it; its ARN replaces
    the given one in ``data`` (a sandbox config, either form). Returns a line per key, for a log."""
    partition = data.get("partition", "aws")
    if "sources" in data:
        owners = [(src, src.get("region") or data["region"]) for src in data["sources"].values()]
    else:
        owners = [(data["kinesis_account"], data["region"])]
    made: dict[str, str] = {}
    for owner, region in owners:
        for stream in owner.get("streams", []):
            given = stream.get("kms_key_arn") if isinstance(stream, dict) else None
            if not given:
                continue
            if given not in made:
                made[given] = create_key(emu, partition, owner["account_id"], f"stands in for {given}", region)
            stream["kms_key_arn"] = made[given]
    return [f"key {new} stands in for the given {old}" for old, new in made.items()]


def organisation_sandbox_config(data: dict[str, Any], url: str) -> dict[str, Any]:
    """An organisation config (as loaded YAML) pointed at the emulator: the endpoint, a deploy role per account
    that gets resources (each source, each instance-profile consumer), Databricks off (no workspace here).

    A service-credential pair without an external ID gets one: without Databricks there is no credential whose
    own external ID the pair role could trust. Everything else stays as written (accounts, regions, names).
    """
    out = copy.deepcopy(data)
    partition = out.get("partition", "aws")
    out["aws_endpoint_url"] = url
    for src in out.get("sources", {}).values():
        src["deploy_role_arn"] = deploy_role_arn(partition, src["account_id"])
    for name, con in out.get("consumers", {}).items():
        databricks = con.setdefault("databricks", {})
        databricks["enabled"] = False
        databricks.pop("groups", None)  # workspace groups are Databricks resources
        if databricks.get("auth") == "service-credential":
            for read in con.get("reads", []):
                read.setdefault("external_id", f"{name}-{read['source']}-sandbox")
        else:
            con["deploy_role_arn"] = deploy_role_arn(partition, con["account_id"])
    return out


def prepare_accounts(emu: Emulator, cfg: Config | Organisation) -> list[str]:
    """What exists before this project, for every pair of ``cfg`` (a one-pair config: an organisation of one):
    each instance-profile consumer's workspace role, Databricks' Unity Catalog master role where a consumer uses
    a service credential, each source's existing streams (``create: false``) in its region, SSE-KMS with their
    ``kms_key_arn`` where one is given (moto takes the ARN as written; see :func:`create_key`); what is there
    already is left as it is. Returns a line per step, for a log."""
    org = as_organisation(cfg)
    done = []
    for c in org.consumers:
        ccfg = org.consumer_cfg(c)
        if ccfg.uses_service_credential:
            create_unity_catalog_master_role(emu, ccfg.partition, ccfg.unity_catalog_role_arn)
            done.append(f"Unity Catalog role {ccfg.unity_catalog_role_arn} for {c}")
        else:
            da = ccfg.deployment
            assert da.workspace_role_name is not None, "instance-profile mode names the workspace role (a config rule)"
            emu.create_role(
                ccfg.partition,
                arns.iam_role(ccfg.partition, da.account_id, da.workspace_role_name),
                workspace_trust_policy(ccfg),
                "Databricks workspace cross-account role (pre-existing)",
            )
            done.append(f"workspace role {da.workspace_role_name} in {da.account_id}")
    for s in org.sources:
        scfg = org.source_cfgs[s]
        kinesis = emu.client(emu.account(scfg.kinesis_account.account_id, scfg.partition), "kinesis", scfg.region)
        existing = set(kinesis.list_streams()["StreamNames"])  # the emulator is shared: a stream may be there
        made = [stream for stream in scfg.kinesis_account.streams if not stream.create and stream.name not in existing]
        for stream in made:
            kinesis.create_stream(StreamName=stream.name, ShardCount=1)
            kinesis.get_waiter("stream_exists").wait(StreamName=stream.name, WaiterConfig={"Delay": 1})
            if stream.kms_key_arn:
                kinesis.start_stream_encryption(StreamName=stream.name, EncryptionType="KMS", KeyId=stream.kms_key_arn)
        if made:
            done.append(f"stream(s) {', '.join(m.name for m in made)} in {scfg.kinesis_account.account_id}")
    return done


def create_unity_catalog_master_role(emu: Emulator, partition: str = "aws", arn: str | None = None) -> str:
    """Databricks' Unity Catalog master role, in its own account (414351767826 for ``aws``), as it exists in
    AWS (or the role ``arn``, a config's ``databricks.unity_catalog_iam_arn``); returns its ARN. Its trust here
    is its own account's (Databricks' real one is not public)."""
    arn = arn or arns.unity_catalog_master_role(partition)
    parts = arns.parse(arn)
    assert parts is not None, arn
    root = arns.account_root(partition, parts["account"])
    trust = PolicyDocument(
        "trust", [Statement(sid="DatabricksControlPlane", actions=("sts:AssumeRole",), principals={"AWS": (root,)})]
    )
    emu.create_role(partition, arn, trust, "Unity Catalog master role (emulated)")
    return arn


@dataclass(frozen=True)
class Walk:
    """A chain as observed: the session of each role assumed, first to last, its account, and per stream the
    sequence number of a record put and whether it was read back."""

    identities: tuple[str, ...]  # ARNs of the sessions: the start role, B's role (and B's role again)
    accounts: tuple[str, ...]
    records: dict[str, tuple[str, bool]]


def walk(emu: Emulator, cfg: Config, start_role_arn: str | None = None, streams: list[str] | None = None) -> Walk:
    """Assume ``start_role_arn`` (default: A's role), from it the role in B with the external ID (a service
    credential then assumes that role again, as Databricks does), put a record on each of ``streams`` (default:
    the config's first) and read it back.

    ``cfg``: a one-pair config, or a pair of an organisation as one (:class:`kinesis_xacct.config.organisation.Pair`).
    Wiring only: moto does not evaluate trust or permission policies.
    """
    ext = cfg.kinesis_account.external_id
    hops = [emu.assume(None, start_role_arn or cfg.deployment_role_arn, "kinesis-xacct-cluster")]
    hops.append(emu.assume(hops[0], cfg.kinesis_role_arn, "kinesis-xacct-reader", ext))
    if cfg.uses_service_credential:
        hops.append(emu.assume(hops[-1], cfg.kinesis_role_arn, "kinesis-xacct-self", ext))
    who = [emu.client(hop, "sts").get_caller_identity() for hop in hops]
    kinesis = emu.client(hops[-1], "kinesis", cfg.region)
    records: dict[str, tuple[str, bool]] = {}
    for stream in streams or [cfg.kinesis_account.streams[0].name]:
        records[stream] = put_and_read(kinesis, stream)
    return Walk(tuple(w["Arn"] for w in who), tuple(w["Account"] for w in who), records)


def put_and_read(kinesis: Any, stream: str) -> tuple[str, bool]:
    """Put a record on ``stream`` with the ``kinesis`` client given, and read it back at its sequence number:
    (the sequence number, whether the same bytes came back)."""
    sent = json.dumps({"kinesis-xacct": "wiring", "id": uuid.uuid4().hex}).encode()
    put = kinesis.put_record(StreamName=stream, Data=sent, PartitionKey="kinesis-xacct")
    iterator = kinesis.get_shard_iterator(
        StreamName=stream,
        ShardId=put["ShardId"],
        ShardIteratorType="AT_SEQUENCE_NUMBER",
        StartingSequenceNumber=put["SequenceNumber"],
    )["ShardIterator"]
    got = kinesis.get_records(ShardIterator=iterator, Limit=1)["Records"]
    return put["SequenceNumber"], bool(got) and got[0]["Data"] == sent


def make_project(folder: Path, framework: toolchain.Framework | None = None) -> Path:
    """A throw-away project folder for the CLI: cdktf.json whose app runs this repo's main.py with the
    framework's interpreter (both CLIs read cdktf.json).

    State files land beside the config (``paths.state_dir``), never in the repository unless the config is there.
    """
    cfg = json.loads((ROOT / "cdktf.json").read_text())
    cfg["app"] = (framework or toolchain.current()).app_command()
    (folder / "cdktf.json").write_text(json.dumps(cfg, indent=2))
    return folder


def cdktf_args(
    verb: str,
    framework: toolchain.Framework | None = None,
    *,
    stacks: tuple[str, ...] | list[str] = STACKS,
    every: tuple[str, ...] | list[str] | None = None,
) -> list[str]:
    """``cdktf|cdktn deploy|destroy kinesis-account deployment-account --auto-approve`` as run here (or the
    ``stacks`` given, of ``every`` stack of the app: an organisation's wave, with the flags ``make deploy``
    gives such a run, :func:`kinesis_xacct.ops.deploy.subset_flags`).

    ``--skip-provider-lock``: after ``terraform init`` the CLI runs ``terraform providers lock``, which
    ignores the CLI config's filesystem mirror and asks registry.terraform.io; offline (a mirror and no
    network) that fails. ``init`` still writes the lock file, with the hashes of the installed provider.
    """
    return [
        (framework or toolchain.current()).name,
        verb,
        *stacks,
        *deploy.subset_flags(verb, stacks, stacks if every is None else every),
        "--auto-approve",
        "--skip-provider-lock",
        "--no-color",
    ]


def cdktf_env(base: dict[str, str], config: Path) -> dict[str, str]:
    """What the cdktf CLI needs besides the emulator's environment: the config, and a quiet CLI."""
    quiet = {"CI": "1", "CDKTF_DISABLE_PLUGIN_CACHE_ENV": "1", "DISABLE_VERSION_CHECK": "1"}
    return {**base, "XACCT_CONFIG": str(config), **quiet}
