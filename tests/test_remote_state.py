"""Terraform state in S3 with locking, one key per stack (issue 7), against the emulator's S3.

One module-scoped deployment (bucket bootstrapped in a third "state" account, both stacks applied with
real Terraform through the S3 backend, which assumes ``backend.role_arn``) is shared by the tests below.
Account IDs are distinct from other test modules' (the moto server is shared by the session).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import boto3
import pytest
from botocore.config import Config as BotoConfig

from kinesis_xacct import paths
from kinesis_xacct.config import parse_config
from kinesis_xacct.ops import state_locks
from kinesis_xacct.ops.state_migration import migrate_commands
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import ROOT, present, require_tool, stack_hcl, synth_main, tool_env, variant, write_config
from .recording_proxy import RecordingProxy

ACCOUNT_A = "333333333333"  # deployment account (workspace)
ACCOUNT_B = "444444444444"  # Kinesis account
STATE_ACCOUNT = "555555555555"  # holds the state bucket: reached through backend.role_arn
BUCKET = "kinesis-xacct-tfstate-it"
PREFIX = "platform/kinesis-xacct"
STATE_ROLE = f"arn:aws:iam::{STATE_ACCOUNT}:role/TerraformStateAccess"
STACKS = ("deployment-account", "kinesis-account")  # deployment first: B's trust names A's role
# The only warning Terraform may print at init: the provider comes from the project's filesystem mirror,
# so the new lock file has checksums for this platform only. Nothing about the backend.
MIRROR_WARNING = "Incomplete lock file information for providers"
LOCK_ERROR = "Error acquiring the state lock"


def org_role(account: str) -> str:
    return f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"


@dataclass
class Remote:
    root: Path  # project folder (config, cdktf.out)
    out: Path
    config: Path
    env: dict[str, str]
    url: str  # the emulator (boto3 calls of the tests)
    proxy: RecordingProxy  # aws_endpoint_url of the config: Terraform's calls, recorded on the way
    init_output: dict[str, str] = field(default_factory=dict)
    apply_output: dict[str, str] = field(default_factory=dict)
    local_state: dict = field(default_factory=dict)
    synth_stderr: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def stack_dir(self, stack: str) -> Path:
        return self.out / "stacks" / stack

    def client(self, service: str, account: str | None = None):
        kw = dict(
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        )
        if service == "s3":
            kw["config"] = BotoConfig(s3={"addressing_style": "path"})
        if account:
            creds = boto3.client("sts", **{k: v for k, v in kw.items() if k != "config"}).assume_role(
                RoleArn=org_role(account), RoleSessionName="remote-state-test"
            )["Credentials"]
            kw.update(
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
            )
        return boto3.client(service, **kw)

    def s3(self):
        return self.client("s3", STATE_ACCOUNT)

    def state(self, stack: str) -> dict:
        body = self.s3().get_object(Bucket=BUCKET, Key=f"{PREFIX}/{stack}.tfstate")["Body"].read()
        return json.loads(body)

    def lock_object(self, stack: str) -> dict | None:
        try:
            body = self.s3().get_object(Bucket=BUCKET, Key=f"{PREFIX}/{stack}.tfstate.tflock")["Body"].read()
        except self.s3().exceptions.NoSuchKey:
            return None
        return json.loads(body)

    def terraform(self, args: list[str], stack: str, **kw) -> subprocess.CompletedProcess:
        return tf.terraform(args, self.stack_dir(stack), self.env, **kw)

    def start_terraform(self, args: list[str], stack: str) -> subprocess.Popen:
        """A terraform process in its own process group (so the provider plugins die with it)."""
        return subprocess.Popen(
            [require_tool("terraform"), *args, "-no-color"],
            cwd=self.stack_dir(stack),
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )


def bootstrap_state_bucket(s3) -> None:
    """What the bootstrap commands of docs/remote-state.md do: a versioned, encrypted, private bucket."""
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=BUCKET,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]
        },
    )
    s3.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def remote_config(url: str) -> dict:
    """The config of the deployment; ``url`` is its aws_endpoint_url."""
    return variant(
        **{
            "kinesis_account.account_id": ACCOUNT_B,
            "kinesis_account.deploy_role_arn": org_role(ACCOUNT_B),
            "deployment_account.account_id": ACCOUNT_A,
            "deployment_account.deploy_role_arn": org_role(ACCOUNT_A),
            "databricks.enabled": False,
            "aws_endpoint_url": url,
            "backend": {"type": "s3", "bucket": BUCKET, "key_prefix": PREFIX, "role_arn": STATE_ROLE},
        }
    )


@pytest.fixture(scope="module")
def remote(emulator, tmp_path_factory, request) -> Remote:
    require_tool("terraform")
    root = tmp_path_factory.mktemp("remote-state")
    # The tools' environment (project TF CLI config first), with the emulator's AWS settings and no other.
    env = {k: v for k, v in tool_env().items() if not k.startswith("AWS_")}
    env.update({k: v for k, v in emulator.env().items() if k.startswith("AWS_")})
    proxy = RecordingProxy(emulator.url)
    request.addfinalizer(proxy.stop)
    request.addfinalizer(lambda: print("\nremote-state timings (s):", {k: round(v, 1) for k, v in r.timings.items()}))
    r = Remote(
        root=root,
        out=root / "cdktf.out",
        config=write_config(root, remote_config(proxy.url)),
        env=env,
        url=emulator.url,
        proxy=proxy,
    )
    t = time.monotonic()
    bootstrap_state_bucket(r.s3())
    # what exists before this project: the workspace role in A, the existing streams in B (read at plan time)
    sandbox.prepare_accounts(emulator, parse_config(remote_config(proxy.url)))
    # deployment-account starts with local state (the default) and is moved to S3 as docs/remote-state.md says;
    # kinesis-account is deployed with the S3 backend from the start.
    # The same config file, first with the local backend (its state beside it, in its own state folder), then
    # switched to S3, as a user does.
    write_config(root, {**remote_config(proxy.url), "backend": {"type": "local"}})
    proc = synth_main(r.config, r.out, cwd=root)
    assert proc.returncode == 0, proc.stderr
    r.timings["synth (local)"] = time.monotonic() - t
    t = time.monotonic()
    r.terraform(["init", "-input=false"], "deployment-account")
    apply = r.terraform(["apply", "-auto-approve", "-input=false"], "deployment-account")
    r.apply_output["deployment-account"] = apply.stdout + apply.stderr
    r.local_state = json.loads(paths.state_file(r.config, "deployment-account").read_text())
    r.timings["init+apply deployment-account (local)"] = time.monotonic() - t

    t = time.monotonic()
    write_config(root, remote_config(proxy.url))  # the same file, now backend.type s3
    proc = synth_main(r.config, r.out, cwd=root)
    assert proc.returncode == 0, proc.stderr
    r.synth_stderr = proc.stdout  # notes go to stdout (the cdktf CLI shows an app's stderr as [ERROR])
    r.timings["synth (s3)"] = time.monotonic() - t
    t = time.monotonic()
    # docs/remote-state.md, "Moving from local to S3 state": copy the local state into the new stack folder, then
    # `terraform init -migrate-state` (-force-copy answers its question "yes" without a terminal)
    shutil.copy(
        paths.state_file(r.config, "deployment-account"), r.stack_dir("deployment-account") / "terraform.tfstate"
    )
    init = r.terraform(["init", "-migrate-state", "-force-copy", "-input=false"], "deployment-account")
    r.init_output["deployment-account"] = init.stdout + init.stderr
    r.timings["migrate deployment-account"] = time.monotonic() - t

    t = time.monotonic()
    init = r.terraform(["init", "-input=false"], "kinesis-account")
    r.init_output["kinesis-account"] = init.stdout + init.stderr
    apply = r.terraform(["apply", "-auto-approve", "-input=false"], "kinesis-account")
    r.apply_output["kinesis-account"] = apply.stdout + apply.stderr
    r.timings["init+apply kinesis-account (s3)"] = time.monotonic() - t
    return r


def wait_until(predicate, timeout: float, what: str, poll: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def hold_lock(remote: Remote, stack: str, extra: list[str]) -> tuple[subprocess.Popen, dict]:
    """Start an interactive apply: it takes the state lock, then waits at the approval prompt (stdin)."""
    proc = remote.start_terraform(["apply", "-input=true", *extra], stack)
    lock = wait_until(
        lambda: proc.poll() is None and remote.lock_object(stack),
        120,
        f"the lock object of {stack} (apply exited: {proc.poll()})",
    )
    return proc, lock


def kill_group(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def replace_all(remote: Remote, stack: str) -> list[str]:
    """``-replace`` of every resource of the stack: an apply with real work whose result differs from the
    state before it (a re-created IAM role gets a new unique ID)."""
    listed = remote.terraform(["state", "list"], stack).stdout.split()
    assert any(a.startswith("aws_iam_role.") for a in listed), listed
    return [f"-replace={a}" for a in listed if not a.startswith("data.")]


# ------------------------------------------------------------------------------------------ the backend


def test_each_stack_has_its_own_key_in_the_s3_backend(remote):
    """The backend as Terraform itself parsed it at init (.terraform/terraform.tfstate)."""
    keys = set()
    for stack in STACKS:
        backend = json.loads((remote.stack_dir(stack) / ".terraform" / "terraform.tfstate").read_text())["backend"]
        conf = backend["config"]
        assert backend["type"] == "s3"
        assert conf["bucket"] == BUCKET
        assert conf["key"] == f"{PREFIX}/{stack}.tfstate"
        assert conf["region"] == "us-east-1"
        assert conf["use_lockfile"] is True and conf["encrypt"] is True
        assert conf["assume_role"]["role_arn"] == STATE_ROLE
        assert conf["assume_role"]["session_name"] == f"kinesis-xacct-state-{stack}"
        assert conf["endpoints"]["s3"] == conf["endpoints"]["sts"] == conf["endpoints"]["iam"] == remote.proxy.url
        assert conf["use_path_style"] is True
        assert conf["skip_credentials_validation"] is True and conf["skip_requesting_account_id"] is True
        # Deprecated forms Terraform 1.11 warns about are not used.
        for deprecated in (
            "role_arn",
            "force_path_style",
            "endpoint",
            "sts_endpoint",
            "iam_endpoint",
            "dynamodb_table",
        ):
            assert conf.get(deprecated) is None, deprecated
        keys.add(conf["key"])
        hcl = stack_hcl(remote.out, stack)
        assert 'backend "s3"' in hcl and 'backend "local"' not in hcl
    assert len(keys) == 2


def test_init_and_apply_without_warnings(remote):
    """Terraform 1.11 checks the backend block at init (deprecated attributes are warned about there) and
    the configuration at plan/apply, so the two outputs hold every warning a `terraform validate` would."""
    for stack in STACKS:
        out = remote.init_output[stack]
        assert 'Successfully configured the backend "s3"' in out, out
        warnings = [line for line in out.splitlines() if "Warning:" in line]
        assert warnings in ([], [f"Warning: {MIRROR_WARNING}"]), out
        applied = remote.apply_output[stack]
        assert "Apply complete!" in applied
        assert "Warning" not in applied and "deprecated" not in applied.lower(), applied


def test_state_objects_under_their_keys(remote):
    s3 = remote.s3()
    assert BUCKET in [b["Name"] for b in s3.list_buckets()["Buckets"]]  # the bucket is the state account's
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == [f"{PREFIX}/deployment-account.tfstate", f"{PREFIX}/kinesis-account.tfstate"]  # no lock left
    expected = {
        "deployment-account": {"aws_iam_role", "aws_iam_instance_profile", "aws_iam_role_policy"},
        "kinesis-account": {"aws_iam_role", "aws_iam_role_policy"},
    }
    for stack in STACKS:
        state = remote.state(stack)
        assert state["serial"] >= 1 and state["lineage"]
        assert expected[stack] <= {res["type"] for res in state["resources"]}, state["resources"]
    # kinesis-account (S3 from the start) never had a local state file; deployment-account's is the
    # pre-migration one in the config's state folder (and the emptied copy in its folder)
    assert not (remote.stack_dir("kinesis-account") / "terraform.tfstate").exists()
    assert [p.name for p in paths.state_dir(remote.config).glob("terraform.*.tfstate")] == [
        "terraform.deployment-account.tfstate"
    ]
    assert list(remote.root.glob("terraform.*.tfstate")) == []  # nothing beside the output folder
    # the kinesis stack's state holds the role ARN in account B
    assert (
        remote.state("kinesis-account")["outputs"]["kinesis_role_arn"]["value"]
        == f"arn:aws:iam::{ACCOUNT_B}:role/KinesisCrossAccountRole"
    )


def lock_refusals(remote: Remote, stack: str, since: float) -> int:
    """Lock attempts on ``stack`` refused by S3 (412: the lock object exists) since ``since``."""
    return sum(
        1
        for ex in list(remote.proxy.exchanges)
        if ex.started >= since
        and ex.method == "PUT"
        and ex.path.split("?")[0] == f"/{BUCKET}/{PREFIX}/{stack}.tfstate.tflock"
        and ex.status == 412
    )


def calls_since(remote: Remote, since: float) -> str:
    """The AWS calls Terraform made since ``since`` (time, status, IAM action or S3 request): a failure's context."""
    lines = []
    for ex in list(remote.proxy.exchanges):
        if ex.started < since:
            continue
        action = re.search(rb"Action=(\w+)", ex.body) if ex.method == "POST" else None
        what = action.group(1).decode() if action else f"{ex.method} {ex.path.split('?')[0]}"
        lines.append(f"{ex.started - since:7.2f}s {ex.status} {what}")
    return "\n--- AWS calls (via the recording endpoint)\n" + "\n".join(lines)


def role_ids(state: dict) -> dict[str, str]:
    return {
        r["name"]: r["instances"][0]["attributes"]["unique_id"]
        for r in state["resources"]
        if r["type"] == "aws_iam_role" and r.get("mode") == "managed"
    }


def test_backend_assumes_the_state_role_and_writes_with_its_credentials(remote):
    """What Terraform sent (recorded between it and the emulator): the S3 backend assumed backend.role_arn,
    and every state and lock write is signed with the credentials that AssumeRole returned."""
    sessions: dict[str, tuple[str, str]] = {}  # access key ID -> (role ARN, session name)
    for ex in remote.proxy.exchanges:
        if ex.method == "POST" and b"Action=AssumeRole" in ex.body and ex.status == 200:
            form = parse_qs(ex.body.decode())
            key = present(re.search(rb"<AccessKeyId>([^<]+)</AccessKeyId>", ex.response)).group(1).decode()
            sessions[key] = (form["RoleArn"][0], form["RoleSessionName"][0])
    for stack in STACKS:
        writes = [
            ex
            for ex in remote.proxy.exchanges
            if ex.method == "PUT"
            and ex.path.split("?")[0]
            in (f"/{BUCKET}/{PREFIX}/{stack}.tfstate", f"/{BUCKET}/{PREFIX}/{stack}.tfstate.tflock")
        ]
        assert writes, stack
        for ex in writes:
            key = present(re.search(r"Credential=([^/]+)/", ex.headers["Authorization"])).group(1)
            assert sessions.get(key) == (STATE_ROLE, f"kinesis-xacct-state-{stack}"), (ex.path, key, sessions)
    # the providers assumed the deploy roles, separately from the state role
    assert (org_role(ACCOUNT_B), "kinesis-xacct-kinesis") in sessions.values()
    assert (org_role(ACCOUNT_A), "kinesis-xacct-deployment") in sessions.values()


def test_local_state_moved_to_s3_as_documented(remote, monkeypatch):
    stack = "deployment-account"
    # synthesis with backend.type s3 pointed at the local state still holding resources, with the commands (as
    # run from the folder the synthesis ran in)
    notes = [line for line in remote.synth_stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and notes[0].startswith(
        f"note: .kinesis-xacct-state/config.yaml/terraform.{stack}.tfstate holds local state but backend.type is s3"
    )
    monkeypatch.chdir(remote.root)
    for command in migrate_commands(stack, "cdktf.out", remote.config):
        assert command in notes[0]
    # Terraform copies the resources and outputs (the S3 state gets its own lineage and serial: it writes
    # the copied state as a new snapshot of the destination)
    migrated = remote.state(stack)
    assert migrated["resources"] == remote.local_state["resources"] and migrated["resources"]
    assert migrated["outputs"] == remote.local_state["outputs"]
    # the stack's backend is S3 now. Since synth carries the stack's .terraform/ across (issue 14), Terraform
    # remembers the previous local backend and migrates from it directly; the documented copy into the stack
    # folder is then simply not needed (without a carried .terraform/, Terraform migrates from the copy).
    backend = json.loads((remote.stack_dir(stack) / ".terraform" / "terraform.tfstate").read_text())["backend"]
    assert backend["type"] == "s3"


def test_concurrent_applies_one_fails_one_waits_state_stays_consistent(remote):
    stack = "kinesis-account"
    replace = replace_all(remote, stack)
    before = remote.state(stack)
    holder, lock = hold_lock(remote, stack, replace)
    try:
        # a second apply that does not wait fails with the lock error naming the holder's lock ID
        failed = remote.terraform(
            ["apply", "-auto-approve", "-input=false", "-lock-timeout=0s", *replace], stack, check=False
        )
        assert failed.returncode == 1
        assert LOCK_ERROR in failed.stderr and lock["ID"] in failed.stderr, failed.stderr
        # a third one that may wait, waits for the lock: it keeps trying (conditional writes of the lock
        # object that S3 refuses) while the first one holds it
        started = time.monotonic()
        waiter = remote.start_terraform(
            ["apply", "-auto-approve", "-input=false", "-lock-timeout=120s", *replace], stack
        )
        wait_until(lambda: lock_refusals(remote, stack, started) >= 2, 60, "the waiting apply's lock attempts")
        assert waiter.poll() is None, waiter.communicate()
        assert remote.state(stack)["serial"] == before["serial"]  # nobody wrote meanwhile
        out, err = holder.communicate("yes\n", timeout=300)
        assert holder.returncode == 0, out + err + calls_since(remote, started)
        middle = remote.state(stack)
        w_out, w_err = waiter.communicate(timeout=300)
        assert waiter.returncode == 0, w_out + w_err + calls_since(remote, started)
    finally:
        kill_group(holder)
    done = f"Apply complete! Resources: {len(replace)} added, 0 changed, {len(replace)} destroyed."
    assert done in out and done in w_out, (out, w_out)
    after = remote.state(stack)
    # each apply started from the state the one before it wrote: the serial went up at each, same lineage
    assert before["lineage"] == middle["lineage"] == after["lineage"]
    assert before["serial"] < middle["serial"] < after["serial"], (before["serial"], middle["serial"], after["serial"])
    assert sorted((r["type"], r["name"]) for r in after["resources"]) == sorted(
        (r["type"], r["name"]) for r in before["resources"]
    )
    # three different roles in turn; the state names the one that exists in account B now
    ((name, final_id),) = role_ids(after).items()
    assert len({role_ids(before)[name], role_ids(middle)[name], final_id}) == 3
    iam_b = remote.client("iam", ACCOUNT_B)
    assert iam_b.get_role(RoleName="KinesisCrossAccountRole")["Role"]["RoleId"] == final_id
    assert remote.lock_object(stack) is None
    plan = remote.terraform(["plan", "-detailed-exitcode", "-input=false", "-lock-timeout=0s"], stack, check=False)
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert "No changes." in plan.stdout


def test_stale_lock_is_reported_with_the_command_that_clears_it(remote):
    stack = "deployment-account"
    serial = remote.state(stack)["serial"]
    holder, lock = hold_lock(remote, stack, ["-refresh=false"])
    kill_group(holder)  # a run killed mid-way leaves its lock behind
    assert remote.lock_object(stack) == lock
    blocked = remote.terraform(["plan", "-input=false", "-lock-timeout=0s"], stack, check=False)
    assert blocked.returncode == 1
    assert LOCK_ERROR in blocked.stderr and f"ID:        {lock['ID']}" in blocked.stderr, blocked.stderr

    env = {**remote.env, "CDKTF_OUTDIR": "cdktf.out", "PYTHONPATH": str(ROOT)}
    report = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.ops.state_locks", str(remote.config)],
        cwd=remote.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert report.returncode == state_locks.EXIT_LOCKED, report.stdout + report.stderr
    command = f"terraform -chdir=cdktf.out/stacks/{stack} force-unlock {lock['ID']}"
    assert command in report.stdout, report.stdout
    assert f"stack {stack}: state locked by {lock['Who']}" in report.stdout
    assert "kinesis-account" not in report.stdout  # only the locked stack is reported

    # the printed command, as a user runs it from the project folder, clears the lock
    unlock = subprocess.run(
        [*shlex.split(command), "-no-color"],
        cwd=remote.root,
        env=remote.env,
        input="yes\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unlock.returncode == 0 and "successfully unlocked" in unlock.stdout, unlock.stdout + unlock.stderr
    assert remote.lock_object(stack) is None
    again = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.ops.state_locks", str(remote.config)],
        cwd=remote.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0 and "no state lock held" in again.stdout, again.stdout + again.stderr
    state = remote.state(stack)
    assert state["serial"] == serial  # the killed run wrote nothing
    # Terraform takes the lock again, and the (migrated) state matches the configuration and the account
    plan = remote.terraform(["plan", "-detailed-exitcode", "-input=false", "-lock-timeout=0s"], stack, check=False)
    assert plan.returncode == 0, plan.stdout + plan.stderr
