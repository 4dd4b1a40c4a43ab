"""The `backend` config section (issue 7): validation, the backend block each stack gets, local as default."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from kinesis_xacct.config import Backend, ConfigError, Problem, parse_config
from kinesis_xacct.ops import state_locks

from . import tf
from .helpers import EXAMPLE, ROOT, stack_hcl, synth_main, tool_env, variant, write_config
from .outputs import line_of

S3 = {"type": "s3", "bucket": "team-tfstate"}


def problems(backend: dict, **changes) -> list[Problem]:
    with pytest.raises(ConfigError) as err:
        parse_config(variant(**{"backend": backend, **changes}))
    return err.value.problems


# ------------------------------------------------------------------------------------------ validation


def test_default_is_local_with_the_documented_defaults():
    b = parse_config(variant()).backend
    assert b == Backend(
        type="local",
        bucket=None,
        key_prefix="kinesis-xacct",
        region=None,
        use_lockfile=True,
        role_arn=None,
        encrypt=True,
    )
    assert b.state_key("kinesis-account") == "kinesis-xacct/kinesis-account.tfstate"


@pytest.mark.parametrize("bucket", ["abc", "a" * 63, "my.state-bucket.2024", "123bucket", "a-b"])
def test_valid_bucket_names(bucket):
    assert parse_config(variant(backend={**S3, "bucket": bucket})).backend.bucket == bucket


@pytest.mark.parametrize(
    "bucket,reason",
    [
        ("ab", "3-63 characters"),
        ("a" * 64, "3-63 characters"),
        ("Team-State", "lowercase letters, digits, dots and hyphens"),
        ("team_state", "lowercase letters, digits, dots and hyphens"),
        ("-team-state", "begin and end with a letter or digit"),
        ("team-state.", "begin and end with a letter or digit"),
        ("team..state", "two adjacent dots"),
        ("192.168.5.4", "formatted as an IP address"),
        ("xn--team-state", "reserved prefix 'xn--'"),
        ("sthree-state", "reserved prefix 'sthree-'"),
        ("team-state-s3alias", "reserved suffix '-s3alias'"),
        ("team-state--ol-s3", "reserved suffix '--ol-s3'"),
        ("team-state--x-s3", "reserved suffix '--x-s3'"),
    ],
)
def test_invalid_bucket_names(bucket, reason):
    ((path, why),) = problems({**S3, "bucket": bucket})
    assert path == "backend.bucket" and reason in why


@pytest.mark.parametrize(
    "prefix,reason",
    [
        ("/kinesis-xacct", "must not start or end with '/'"),
        ("kinesis-xacct/", "must not start or end with '/'"),
        ("teams//data", "must not contain '//'"),
        ("", "must not be empty"),
        ("teams/../other", "'.' or '..' segments"),
        ("teams/my state", "S3's safe key characters"),
        ("x" * 901, "at most 900"),
    ],
)
def test_invalid_key_prefixes(prefix, reason):
    ((path, why),) = problems({**S3, "key_prefix": prefix})
    assert path == "backend.key_prefix" and reason in why


def test_nested_key_prefix_gives_one_key_per_stack():
    b = parse_config(variant(backend={**S3, "key_prefix": "platform/prod/kinesis-xacct"})).backend
    assert b.state_key("deployment-account") == "platform/prod/kinesis-xacct/deployment-account.tfstate"


def test_bucket_required_for_s3():
    assert problems({"type": "s3"}) == [("backend.bucket", "required when backend.type is s3")]


def test_s3_only_keys_refused_with_local():
    got = problems(
        {
            "type": "local",
            "bucket": "team-tfstate",
            "region": "us-east-1",
            "role_arn": "arn:aws:iam::555555555555:role/State",
        }
    )
    assert [p for p, _ in got] == ["backend.bucket", "backend.region", "backend.role_arn"]
    assert [(p, r) for p, r in got if "only used when backend.type is s3" not in r] == []


def test_region_and_role_must_be_in_the_partition():
    got = problems({**S3, "region": "cn-north-1", "role_arn": "arn:aws-cn:iam::555555555555:role/State"})
    assert got == [
        ("backend.region", "'cn-north-1' is not a region of partition 'aws'"),
        ("backend.role_arn", "is in partition aws-cn, the config says aws"),
    ]
    cn = parse_config(
        variant(
            **{
                "partition": "aws-cn",
                "region": "cn-north-1",
                "backend": {**S3, "region": "cn-northwest-1", "role_arn": "arn:aws-cn:iam::555555555555:role/State"},
            }
        )
    )
    assert cn.backend.region == "cn-northwest-1"


def test_role_arn_must_be_an_iam_role():
    ((path, why),) = problems({**S3, "role_arn": "arn:aws:iam::555555555555:user/State"})
    assert path == "backend.role_arn" and "must be an IAM role ARN" in why


def test_every_problem_reported_once_with_its_path():
    got = problems({"type": "s3", "bucket": "Bad_Bucket", "key_prefix": "/x", "encypt": True, "use_lockfile": "yes"})
    assert sorted(p for p, _ in got) == [
        "backend.bucket",
        "backend.encypt",
        "backend.key_prefix",
        "backend.use_lockfile",
    ]
    assert dict(got)["backend.encypt"] == "unknown key; did you mean 'encrypt'?"
    ((path, why),) = problems({"type": "gcs"})
    assert path == "backend.type" and "'gcs' is not one of local, s3" in why


def test_cli_check_reports_backend_errors_exit_2(tmp_path):
    cfg = write_config(tmp_path, variant(backend={"type": "s3", "key_prefix": "a//b"}))
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "check", str(cfg)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    at = f"{cfg}:{line_of(cfg, r'^  key_prefix:')}"
    assert proc.stderr.splitlines() == [f"config error: {at}: backend.key_prefix: 'a//b' must not contain '//'"]
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------------------------- synthesized HCL


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    """Two synths: the default (local) config and an S3 one for real AWS (no endpoint, no role)."""
    out = {}
    for name, data in {
        "local": variant(**{"databricks.enabled": False}),
        "s3": variant(
            **{
                "databricks.enabled": False,
                "backend": {
                    "type": "s3",
                    "bucket": "team-tfstate",
                    "key_prefix": "platform/kinesis-xacct",
                    "region": "eu-west-1",
                    "use_lockfile": False,
                    "encrypt": False,
                },
            }
        ),
    }.items():
        root = tmp_path_factory.mktemp(f"backend-{name}")
        proc = synth_main(write_config(root, data), root / "cdktf.out", cwd=root)
        assert proc.returncode == 0, proc.stderr
        out[name] = root
    return out


def backend_block(hcl: str, kind: str) -> str:
    m = re.search(r'backend "' + kind + r'" \{\n(.*?)\n\}', hcl, re.S)
    assert m, hcl[:2000]
    return m.group(1)


def test_local_backend_remains_the_default_relative_path(synthesized):
    root = synthesized["local"]
    for stack in ("kinesis-account", "deployment-account"):
        hcl = stack_hcl(root / "cdktf.out", stack)
        assert 'backend "s3"' not in hcl
        block = backend_block(hcl, "local")
        assert f'path = "../../../.kinesis-xacct-state/config.yaml/terraform.{stack}.tfstate"' in block
    # Terraform accepts it and keeps the state file beside the config (its own folder), outside cdktf.out
    stack_dir = root / "cdktf.out" / "stacks" / "kinesis-account"
    tf.init(stack_dir)
    backend = json.loads((stack_dir / ".terraform" / "terraform.tfstate").read_text())["backend"]
    assert backend["type"] == "local"
    assert (stack_dir / backend["config"]["path"]).resolve() == (
        root / ".kinesis-xacct-state" / "config.yaml" / "terraform.kinesis-account.tfstate"
    )


def test_s3_backend_for_aws_has_no_emulator_settings(synthesized):
    hcl = stack_hcl(synthesized["s3"] / "cdktf.out", "deployment-account")
    block = backend_block(hcl, "s3")
    lines = {line.split(" = ")[0].strip(): line.split(" = ", 1)[1] for line in block.splitlines() if " = " in line}
    assert lines == {
        "bucket": '"team-tfstate"',
        "key": '"platform/kinesis-xacct/deployment-account.tfstate"',
        "encrypt": "false",
        "region": '"eu-west-1"',
        "use_lockfile": "false",
    }
    assert 'backend "local"' not in hcl


# ---------------------------------------------------------------------------------- stale-lock helper


def _code_lines(path) -> list[str]:
    """The lines of ``path`` outside its docstrings (a usage line may name a stack)."""
    import ast

    text = path.read_text()
    docs: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            docs.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return [line for i, line in enumerate(text.splitlines(), 1) if i not in docs]


def test_stack_names_have_one_place():
    """The stack names are defined once (kinesis_xacct/paths.py); the lock and migration helpers, the stacks and
    the emulator use them, and a synthesized output has exactly these stack folders (test_nothing_written)."""
    from kinesis_xacct import paths
    from kinesis_xacct.ops import state_migration
    from kinesis_xacct.sandbox import emulator

    assert paths.STACKS == ("deployment-account", "kinesis-account")
    assert state_locks.STACKS is paths.STACKS and state_migration.STACKS is paths.STACKS
    assert (emulator.KINESIS_STACK, emulator.DEPLOYMENT_STACK) == (paths.KINESIS_STACK, paths.DEPLOYMENT_STACK)
    literal = re.compile(r'"(kinesis|deployment)-account"')
    repeated = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "kinesis_xacct").rglob("*.py")
        if p.name != "paths.py"
        and any(literal.search(line) and not line.lstrip().startswith("#") for line in _code_lines(p))
    ]
    assert repeated == []


def test_lock_helper_explains_a_lock():
    body = json.dumps(
        {
            "ID": "0f6b1c2e-1111-2222-3333-444455556666",
            "Operation": "OperationTypeApply",
            "Who": "ci@runner-7",
            "Version": "1.11.4",
            "Created": "2026-11-29T04:00:00Z",
        }
    ).encode()
    lock = state_locks.StateLock.from_object("kinesis-account", "p/kinesis-account.tfstate.tflock", body)
    text = state_locks.explain(lock, "team-tfstate", "out dir")
    assert text.splitlines() == [
        "stack kinesis-account: state locked by ci@runner-7 since 2026-11-29T04:00:00Z (OperationTypeApply), "
        "lock ID 0f6b1c2e-1111-2222-3333-444455556666",
        "  if no Terraform run is still in progress (a run that was killed leaves its lock behind), clear it with:",
        "    terraform '-chdir=out dir/stacks/kinesis-account' force-unlock 0f6b1c2e-1111-2222-3333-444455556666",
    ]
    garbage = state_locks.StateLock.from_object("kinesis-account", "k.tflock", b"\x00not json")
    assert garbage.id == "" and "holds no lock ID" in state_locks.explain(garbage, "team-tfstate")


def test_lock_helper_with_local_backend_and_bad_config(tmp_path):
    local = write_config(tmp_path, variant(), "local.yaml")
    assert state_locks.find_locks(parse_config(variant())) == []
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.ops.state_locks", str(local)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and "nothing to clear" in proc.stdout
    bad = write_config(tmp_path, variant(backend={"type": "s3"}), "bad.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.ops.state_locks", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    at = f"{bad}:{line_of(bad, r'^backend:')}"  # a missing key: the line of its parent mapping
    assert proc.stderr.strip() == f"config error: {at}: backend.bucket: required when backend.type is s3"


def test_lock_helper_missing_bucket_is_one_line_no_traceback(emulator, tmp_path):
    cfg = write_config(
        tmp_path, variant(aws_endpoint_url=emulator.url, backend={"type": "s3", "bucket": "no-such-state-bucket"})
    )
    env = {k: v for k, v in tool_env().items() if not k.startswith("AWS_")}
    env.update({k: v for k, v in emulator.env().items() if k.startswith("AWS_")})
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.ops.state_locks", str(cfg)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == state_locks.EXIT_UNREADABLE
    assert proc.stderr.startswith("cannot read the state locks in s3://no-such-state-bucket/kinesis-xacct/: ")
    assert "NoSuchBucket" in proc.stderr and "Traceback" not in proc.stderr


# ------------------------------------------------------------------------------ local -> S3 migration


def test_migration_note_only_for_local_state_with_resources(tmp_path, monkeypatch):
    from kinesis_xacct.ops import state_migration

    monkeypatch.chdir(tmp_path)  # commands name paths relative to where they run
    config = tmp_path / "config.yaml"
    state = tmp_path / ".kinesis-xacct-state" / "config.yaml"
    s3_cfg = parse_config(variant(backend=S3))
    assert state_migration.migration_notes(s3_cfg, config) == []  # no local state at all
    state.mkdir(parents=True)
    (state / "terraform.kinesis-account.tfstate").write_text(json.dumps({"version": 4, "resources": []}))
    (state / "terraform.deployment-account.tfstate").write_text(
        json.dumps({"version": 4, "resources": [{"type": "aws_iam_role", "name": "r"}]})
    )
    notes = state_migration.migration_notes(s3_cfg, config)
    assert len(notes) == 1 and notes[0].startswith(
        "note: .kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate holds local state but "
        "backend.type is s3"
    )
    assert (
        "cp .kinesis-xacct-state/config.yaml/terraform.deployment-account.tfstate "
        "cdktf.out/stacks/deployment-account/terraform.tfstate && "
        "terraform -chdir=cdktf.out/stacks/deployment-account init -migrate-state"
    ) in notes[0]
    assert state_migration.migration_notes(parse_config(variant()), config) == []  # still local: fine
    (state / "terraform.deployment-account.tfstate").write_text("{not json")
    assert state_migration.migration_notes(s3_cfg, config) == []
    assert set(state_migration.STACKS) == set(state_locks.STACKS)


def test_validate_summary_says_where_state_lives(tmp_path):
    cfg = write_config(
        tmp_path,
        variant(
            backend={
                **S3,
                "key_prefix": "platform/kx",
                "region": "eu-west-1",
                "role_arn": "arn:aws:iam::555555555555:role/State",
            }
        ),
    )
    out = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "validate", str(cfg)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == (
        "state: s3://team-tfstate/platform/kx/<stack>.tfstate in eu-west-1 "
        "(S3 lock file, via role arn:aws:iam::555555555555:role/State)"
    )
    local = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "validate", str(EXAMPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert local.stdout.splitlines()[-1] == (
        "state: local files config/.kinesis-xacct-state/example.yaml/terraform.<stack>.tfstate (this config's)"
    )
