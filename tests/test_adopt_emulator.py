"""Adopting a hand-made setup (``adopt_existing: true``), and drift on the project's roles, on the emulator.

One module-scoped sequence against a moto server of its own (started with the AWS managed policies loaded:
the guide attaches ``AmazonKinesisFullAccess``, and moto refuses to attach a policy it does not know):

- ``adopt``: accounts A and B set up by hand exactly as the guide does (role names of the guide, B's role
  trusting A's root and the EC2 service with ``AmazonKinesisFullAccess`` and an extra inline policy; A's role
  trusted by EC2 with the guide's inline policy, its instance profile; the PassRole grant written by hand into
  a policy of the workspace role), plus the stream the config creates, made by hand, unencrypted. Then
  ``cdktf deploy kinesis-account deployment-account`` of a hardened config with ``adopt_existing: true``;
  ``terraform plan`` in both stack folders; drift by hand (``AdministratorAccess`` on B's role, an inline
  policy on A's role); ``make plan``; ``cdktf deploy`` again.
- ``missing``: the same config in two other accounts where nothing was made by hand: ``make plan``'s module
  and ``cdktf deploy`` both fail on the import of a missing object, and nothing is created.

Expected documents come from :mod:`kinesis_xacct.iam.policies`, never from literals. moto does not evaluate
IAM policies; what is checked here is which documents exist where, and that nothing was replaced.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kinesis_xacct.config import Config
from kinesis_xacct.iam.document import PolicyDocument, Statement
from kinesis_xacct.iam.policies import FULL_ACCESS_POLICY, deployment_side, kinesis_side
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.platform import arns
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import ROOT, present, require_tool, tool_env, variant, write_config

KINESIS, DEPLOYMENT = sandbox.KINESIS_STACK, sandbox.DEPLOYMENT_STACK
ACCOUNTS = {"adopt": ("410000000001", "420000000001"), "missing": ("410000000002", "420000000002")}
CREATED_STREAM = "adoptedStream"
EXTRA_INLINE = "hand-made-extra"  # the extra inline policy on B's role, made by hand
GUIDE_ASSUME_POLICY = "DatabricksToKinesisAssumeRole"  # the guide's name of A's inline policy
WORKSPACE_POLICY = "databricks-workspace-policy"  # the workspace role's own policy, PassRole added by hand
DRIFT_INLINE = "hand-made-drift"  # put on A's role by hand after the adoption
ADMIN = "AdministratorAccess"
MISSING_IMPORT = "Cannot import non-existent remote object"


@dataclass
class Run:
    name: str
    cfg: Config
    folder: Path
    env: dict[str, str]
    snaps: dict[str, dict] = field(default_factory=dict)  # moment -> inventory
    procs: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    took: dict[str, float] = field(default_factory=dict)  # step -> seconds (shown by -s)

    def timed(self, step: str, fn, *args) -> None:
        start = time.monotonic()
        fn(*args)
        self.took[step] = round(time.monotonic() - start, 1)

    def stack(self, stack: str) -> Path:
        return self.folder / "cdktf.out" / "stacks" / stack

    def output(self, step: str) -> str:
        return self.procs[step].stdout + self.procs[step].stderr


def _config(name: str) -> dict:
    a, b = ACCOUNTS[name]
    return variant(
        **{
            "deployment_account.account_id": a,
            "kinesis_account.account_id": b,
            "tags": {},
            "adopt_existing": True,
            "kinesis_account.external_id": f"kinesis-xacct-{name}",
            "kinesis_account.streams": [{"name": "testStream"}, {"name": CREATED_STREAM, "create": True}],
        }
    )


def _inventory(emu: sandbox.Emulator, cfg: Config) -> dict:
    """Roles (ID, trust, inline and attached policies), instance profiles (ID, roles), streams, KMS keys."""
    out = {}
    for acct in (present(cfg.deployment_account).account_id, cfg.kinesis_account.account_id):
        session = emu.account(acct, cfg.partition)
        iam, kinesis, kms = (emu.client(session, svc) for svc in ("iam", "kinesis", "kms"))
        roles = {}
        for r in iam.list_roles()["Roles"]:
            name = r["RoleName"]
            roles[name] = {
                "id": r["RoleId"],
                "trust": r["AssumeRolePolicyDocument"],
                "inline": {
                    p: iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
                    for p in iam.list_role_policies(RoleName=name)["PolicyNames"]
                },
                "attached": [
                    p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
                ],
            }
        profiles = {
            p["InstanceProfileName"]: {"id": p["InstanceProfileId"], "roles": [r["Arn"] for r in p["Roles"]]}
            for p in iam.list_instance_profiles()["InstanceProfiles"]
        }
        streams = {}
        for name in kinesis.list_streams()["StreamNames"]:
            d = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
            streams[name] = {
                "arn": d["StreamARN"],
                "created": d["StreamCreationTimestamp"],
                "encryption": d.get("EncryptionType"),
                "key": d.get("KeyId"),
            }
        keys = [k["KeyId"] for k in kms.list_keys()["Keys"]]
        out[acct] = {"roles": roles, "profiles": profiles, "streams": streams, "keys": keys}
    return out


def _guide_setup(emu: sandbox.Emulator, cfg: Config) -> None:
    """What a team that followed the guide by hand has (steps 1 and 2), with the guide's documents."""
    a, b = present(cfg.deployment_account), cfg.kinesis_account
    p = cfg.partition
    iam_b = emu.client(emu.account(b.account_id, p), "iam")
    trust_b = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Principal": {"AWS": [arns.account_root(p, a.account_id)], "Service": arns.service_principal(p, "ec2")},
            }
        ],
    }
    iam_b.create_role(RoleName=b.role_name, AssumeRolePolicyDocument=json.dumps(trust_b))
    iam_b.attach_role_policy(RoleName=b.role_name, PolicyArn=arns.aws_managed_policy(p, FULL_ACCESS_POLICY))
    iam_b.put_role_policy(
        RoleName=b.role_name,
        PolicyName=EXTRA_INLINE,
        PolicyDocument=PolicyDocument(
            "identity", [Statement(sid="HandMade", actions=("kinesis:*",), resources=("*",))]
        ).to_json(),
    )
    kinesis_b = emu.client(emu.account(b.account_id, p), "kinesis")
    kinesis_b.create_stream(StreamName=CREATED_STREAM, ShardCount=1)  # made by hand: no encryption
    kinesis_b.get_waiter("stream_exists").wait(StreamName=CREATED_STREAM, WaiterConfig={"Delay": 1})

    iam_a = emu.client(emu.account(a.account_id, p), "iam")
    trust_a = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": arns.service_principal(p, "ec2")}}
        ],
    }
    iam_a.create_role(RoleName=a.role_name, AssumeRolePolicyDocument=json.dumps(trust_a))
    iam_a.put_role_policy(
        RoleName=a.role_name,
        PolicyName=GUIDE_ASSUME_POLICY,
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "Stmt1487884001000",
                        "Effect": "Allow",
                        "Action": ["sts:AssumeRole"],
                        "Resource": [cfg.kinesis_role_arn],
                    }
                ],
            }
        ),
    )
    iam_a.create_instance_profile(InstanceProfileName=a.instance_profile_name)
    iam_a.add_role_to_instance_profile(InstanceProfileName=a.instance_profile_name, RoleName=a.role_name)
    iam_a.put_role_policy(
        RoleName=a.workspace_role_name,
        PolicyName=WORKSPACE_POLICY,
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "Stmt1403287045000",
                        "Effect": "Allow",
                        "Resource": ["*"],
                        "Action": [
                            "ec2:AssociateDhcpOptions",
                            "ec2:AssociateRouteTable",
                            "ec2:AttachInternetGateway",
                            "ec2:AttachVolume",
                        ],
                    },
                    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": [cfg.deployment_role_arn]},
                ],
            }
        ),
    )


def _drift(emu: sandbox.Emulator, cfg: Config) -> None:
    """By hand, after the adoption: a broad policy on B's role, an inline policy on A's role."""
    p = cfg.partition
    emu.client(emu.account(cfg.kinesis_account.account_id, p), "iam").attach_role_policy(
        RoleName=cfg.kinesis_account.role_name, PolicyArn=arns.aws_managed_policy(p, ADMIN)
    )
    emu.client(emu.account(present(cfg.deployment_account).account_id, p), "iam").put_role_policy(
        RoleName=present(cfg.deployment_account).role_name,
        PolicyName=DRIFT_INLINE,
        PolicyDocument=PolicyDocument(
            "identity", [Statement(sid="HandMadeDrift", actions=("s3:ListAllMyBuckets",), resources=("*",))]
        ).to_json(),
    )


def _cdktf(run: Run, verb: str, step: str) -> None:
    env = sandbox.cdktf_env(run.env, run.folder / "config.yaml")
    run.procs[step] = subprocess.run(
        sandbox.cdktf_args(verb), cwd=run.folder, env=env, capture_output=True, text=True, timeout=900
    )


def _replan(run: Run, stack: str) -> tuple[str, subprocess.CompletedProcess]:
    return stack, tf.terraform(["plan", "-detailed-exitcode", "-input=false"], run.stack(stack), run.env, check=False)


def _make_plan(run: Run, step: str) -> None:
    """``make plan`` as a user runs it (from the project root), pointed at this run's config and folder."""
    run.procs[step] = subprocess.run(
        [
            require_tool("make"),
            "--no-print-directory",
            "-C",
            str(ROOT),
            "plan",
            f"CONFIG={run.folder / 'config.yaml'}",
            f"OUT={run.folder / 'cdktf.out'}",
        ],
        env=run.env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _replan_both(run: Run) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        run.procs.update(
            {
                f"replan {stack}": proc
                for stack, proc in pool.map(lambda stack: _replan(run, stack), (DEPLOYMENT, KINESIS))
            }
        )


def _adopt(emu: sandbox.Emulator, run: Run) -> None:
    run.timed("guide setup", _guide_setup, emu, run.cfg)
    run.snaps["hand-made"] = _inventory(emu, run.cfg)
    run.timed("deploy", _cdktf, run, "deploy", "deploy")
    run.snaps["adopted"] = _inventory(emu, run.cfg)
    if run.procs["deploy"].returncode != 0:
        return
    run.timed("replan", _replan_both, run)
    _drift(emu, run.cfg)
    run.snaps["drifted"] = _inventory(emu, run.cfg)
    run.timed("make plan", _make_plan, run, "make plan")
    run.timed("redeploy", _cdktf, run, "deploy", "redeploy")
    run.snaps["redeployed"] = _inventory(emu, run.cfg)


def _plan_module(run: Run, step: str) -> None:
    run.procs[step] = subprocess.run(
        [
            sys.executable,
            "-m",
            "kinesis_xacct.ops.plan",
            "--config",
            str(run.folder / "config.yaml"),
            "--out",
            str(run.folder / "cdktf.out"),
        ],
        cwd=ROOT,
        env=run.env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _missing(emu: sandbox.Emulator, run: Run) -> None:
    run.snaps["before"] = _inventory(emu, run.cfg)
    run.timed("plan", _plan_module, run, "plan")
    run.timed("deploy", _cdktf, run, "deploy", "deploy")
    run.snaps["after"] = _inventory(emu, run.cfg)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Run]:
    for tool in ("terraform", "cdktf", "make"):
        require_tool(tool)
    base = tmp_path_factory.mktemp("adopt")
    start = time.monotonic()
    with sandbox.start_emulator(base / "moto.log", aws_managed_policies=True) as emu:
        runs: dict[str, Run] = {}
        for name in ACCOUNTS:
            folder = base / name
            folder.mkdir()
            sandbox.make_project(folder)
            cfg = load_config(write_config(folder, sandbox.sandbox_config(_config(name), emu.url)))
            sandbox.prepare_accounts(emu, cfg)
            runs[name] = Run(name, cfg, folder, emu.env(tool_env()))
        runs["adopt"].took["accounts ready"] = round(time.monotonic() - start, 1)
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [pool.submit(_adopt, emu, runs["adopt"]), pool.submit(_missing, emu, runs["missing"])]
            for job in jobs:
                job.result()
    for run in runs.values():
        print(f"\n{__name__} {run.name}: {run.took}")
    return runs


def _role(snap: dict, cfg: Config, side: str) -> dict:
    account = getattr(cfg, side)
    return snap[account.account_id]["roles"][account.role_name]


# --------------------------------------------------------------------------------------------- adoption


def test_guide_setup_is_what_the_guide_makes(runs):
    """The starting point: the guide's broad grant and trust on B's role, A's role in its instance profile."""
    r = runs["adopt"]
    hand = r.snaps["hand-made"]
    role_b = _role(hand, r.cfg, "kinesis_account")
    assert role_b["attached"] == [arns.aws_managed_policy(r.cfg.partition, FULL_ACCESS_POLICY)]
    assert set(role_b["inline"]) == {EXTRA_INLINE}
    assert role_b["trust"]["Statement"][0]["Principal"]["AWS"] == [
        arns.account_root(r.cfg.partition, r.cfg.deployment_account.account_id)
    ]
    da = r.cfg.deployment_account
    assert hand[da.account_id]["profiles"][da.instance_profile_name]["roles"] == [r.cfg.deployment_role_arn]
    assert hand[r.cfg.kinesis_account.account_id]["streams"][CREATED_STREAM]["encryption"] == "NONE"


def test_adopting_deploy_succeeds_and_imports(runs):
    r = runs["adopt"]
    out = r.output("deploy")
    assert r.procs["deploy"].returncode == 0, out[-6000:]
    assert "Importing..." in out and "Import complete" in out, out[-6000:]


def test_adopted_objects_are_the_same_objects(runs):
    """Updated in place, never destroyed and re-created: the role IDs, the instance profile ID and the
    stream (ARN and creation time) are those of the hand-made objects."""
    r = runs["adopt"]
    hand, now = r.snaps["hand-made"], r.snaps["adopted"]
    for side in ("kinesis_account", "deployment_account"):
        assert _role(now, r.cfg, side)["id"] == _role(hand, r.cfg, side)["id"]
    da, b = r.cfg.deployment_account, r.cfg.kinesis_account.account_id
    assert now[da.account_id]["profiles"] == {
        da.instance_profile_name: {
            "id": hand[da.account_id]["profiles"][da.instance_profile_name]["id"],
            "roles": [r.cfg.deployment_role_arn],
        }
    }
    for key in ("arn", "created"):
        assert now[b]["streams"][CREATED_STREAM][key] == hand[b]["streams"][CREATED_STREAM][key]
    out = r.output("deploy")
    assert "Destroying..." not in out and "destroy and then create replacement" not in out


def test_adopted_roles_hold_exactly_the_declared_documents(runs):
    """B's trust is exactly A's role with the external ID; AmazonKinesisFullAccess and the extra inline policy
    are gone; A's role keeps only its declared inline policy (the guide's one, by another name, is gone)."""
    r = runs["adopt"]
    k, d = kinesis_side(r.cfg), deployment_side(r.cfg)
    role_b = _role(r.snaps["adopted"], r.cfg, "kinesis_account")
    assert role_b["trust"] == k.trust_policy.to_dict()
    assert role_b["inline"] == {k.role_name: present(k.access_policy).to_dict()}
    assert role_b["attached"] == []
    role_a = _role(r.snaps["adopted"], r.cfg, "deployment_account")
    assert role_a["trust"] == d.trust_policy.to_dict()
    assert role_a["inline"] == {"assume-kinesis-account-role": d.assume_policy.to_dict()}
    assert role_a["attached"] == []


def test_adopted_stream_is_encrypted_in_place_with_a_created_key(runs):
    r = runs["adopt"]
    b = r.cfg.kinesis_account.account_id
    hand, now = r.snaps["hand-made"][b], r.snaps["adopted"][b]
    assert hand["keys"] == [] and len(now["keys"]) == 1
    stream = now["streams"][CREATED_STREAM]
    assert stream["encryption"] == "KMS" and stream["key"].endswith(now["keys"][0])


def test_workspace_role_keeps_its_own_policy_and_gains_the_grant(runs):
    """The workspace role is never managed: its hand-made policy (with the guide's PassRole) stays as it was,
    and the project's PassRole policy is added beside it."""
    r = runs["adopt"]
    d = deployment_side(r.cfg)
    was = r.snaps["hand-made"][d.account_id]["roles"][d.workspace_role_name]
    now = r.snaps["adopted"][d.account_id]["roles"][d.workspace_role_name]
    assert set(was["inline"]) == {WORKSPACE_POLICY}
    assert now["inline"] == {**was["inline"], d.passrole_policy_name: d.passrole_policy.to_dict()}
    assert (now["trust"], now["attached"], now["id"]) == (was["trust"], was["attached"], was["id"])


def test_replan_after_adoption_shows_no_changes(runs):
    r = runs["adopt"]
    for stack in (DEPLOYMENT, KINESIS):
        proc = r.procs[f"replan {stack}"]
        assert proc.returncode == 0, f"{stack}: {proc.stdout[-4000:]}{proc.stderr[-2000:]}"
        assert "No changes." in proc.stdout


# --------------------------------------------------------------------------------------------- drift


def test_make_plan_reports_the_hand_made_drift(runs):
    """``make plan`` (make exits 2 for any non-zero status of the plan module) shows, per stack, the exclusive
    resources removing what was added by hand, and nothing else changing."""
    r = runs["adopt"]
    proc, out = r.procs["make plan"], r.output("make plan")
    assert proc.returncode == 2, out[-6000:]
    assert f"{DEPLOYMENT}: changes\n{KINESIS}: changes\nplan: changes (exit 2)" in proc.stdout, out[-6000:]
    dep_part, kin_part = proc.stdout.split(f"=== plan: {KINESIS} ")
    assert "aws_iam_role_policies_exclusive." in dep_part and f'- "{DRIFT_INLINE}"' in dep_part, dep_part[-4000:]
    admin = arns.aws_managed_policy(r.cfg.partition, ADMIN)
    assert "aws_iam_role_policy_attachments_exclusive." in kin_part and f'- "{admin}"' in kin_part, kin_part[-4000:]
    for part in (dep_part, kin_part):
        assert "Plan: 0 to add, 1 to change, 0 to destroy." in part, part[-4000:]


def test_next_deploy_removes_the_drift(runs):
    r = runs["adopt"]
    assert r.procs["redeploy"].returncode == 0, r.output("redeploy")[-6000:]
    drifted, now = r.snaps["drifted"], r.snaps["redeployed"]
    assert _role(drifted, r.cfg, "kinesis_account")["attached"] == [arns.aws_managed_policy(r.cfg.partition, ADMIN)]
    assert DRIFT_INLINE in _role(drifted, r.cfg, "deployment_account")["inline"]
    assert now == r.snaps["adopted"]  # everything as the adopting deploy left it


def test_workspace_role_never_touched(runs):
    r = runs["adopt"]
    da = r.cfg.deployment_account
    states = [r.snaps[m][da.account_id]["roles"][da.workspace_role_name] for m in ("adopted", "drifted", "redeployed")]
    assert states[0] == states[1] == states[2]


# --------------------------------------------------------------------------------------------- nothing there


def test_adopting_nothing_fails_on_the_missing_object_and_creates_nothing(runs):
    """adopt_existing: true where nothing was made by hand: Terraform's import of the first stack fails in
    its plan, before anything is applied; the second stack, which depends on it, never runs."""
    r = runs["missing"]
    out = r.output("deploy")
    assert r.procs["deploy"].returncode != 0, out[-6000:]
    assert MISSING_IMPORT in out, out[-6000:]
    assert "Creating..." not in out and "Apply complete" not in out, out[-6000:]
    assert r.snaps["after"] == r.snaps["before"]


def test_plan_of_nothing_to_adopt_is_an_error(runs):
    """The plan module's own status: 1 (error), not 2 (changes); both stacks fail on the missing imports."""
    r = runs["missing"]
    proc = r.procs["plan"]
    assert proc.returncode == 1, r.output("plan")[-6000:]
    assert proc.stdout.count(MISSING_IMPORT) + proc.stderr.count(MISSING_IMPORT) >= 2, r.output("plan")[-6000:]
    # the summary: each stack's first error line
    first = f"error: Error: {MISSING_IMPORT}"
    summary = f"{DEPLOYMENT}: {first}\n{KINESIS}: {first}\nplan: error (exit 1)"
    assert summary in proc.stdout, proc.stdout[-3000:]
