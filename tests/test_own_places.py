"""It never takes what is not its own: the output folder (refused unless new, empty or written by this tool; normal
permissions; stale temporaries cleaned; concurrent merges keep each other's stacks) and the local state (the
config's own, beside the config, found from any output folder; the earlier location beside the output folder is
never silently ignored)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinesis_xacct import paths
from kinesis_xacct.ops import state_migration
from kinesis_xacct.synth import outdir

from .helpers import EXAMPLE, ROOT, manifest, tool_env
from .outputs import tree_digest

ORGANISATION = ROOT / "config" / "organisation.yaml"


def _synth(config: Path, out: Path, *, cwd: Path = ROOT, env: dict[str, str] | None = None, stacks: str = ""):
    """``make synth``'s module, as make runs it."""
    cmd = [sys.executable, "-m", "kinesis_xacct.ops.synth", "--config", str(config), "--out", str(out)]
    if stacks:
        cmd += ["--stacks", stacks]
    env = {**(env or tool_env()), "PYTHONPATH": str(ROOT)}  # also when run from another folder
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _config(folder: Path, source: Path = EXAMPLE, name: str = "config.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / name))


def _assert_refused(proc: subprocess.CompletedProcess, out: Path, reason: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"output error: {out}: "), proc.stderr
    assert reason in lines[0] and lines[0].endswith("(nothing written or deleted)"), lines[0]
    assert "Traceback" not in proc.stderr


# ------------------------------------------------------------------------------------------ refused folders


def test_unrelated_folder_refused_and_left_intact(tmp_path):
    config = _config(tmp_path / "cfg")
    out = tmp_path / "photos"
    out.mkdir()
    (out / "holiday.jpg").write_bytes(b"\xff\xd8 not ours")
    before = tree_digest(tmp_path)
    _assert_refused(_synth(config, out), out, "a folder this tool did not write")
    assert tree_digest(tmp_path) == before


def test_project_root_and_current_folder_refused(tmp_path):
    config = _config(tmp_path / "cfg")
    for out in (ROOT, Path(".")):
        proc = _synth(config, out)
        _assert_refused(proc, out, "the output folder is replaced as a whole")
    assert (ROOT / ".git").exists() and (ROOT / "kinesis_xacct" / "paths.py").is_file()
    assert not any(p.name.startswith(f".{ROOT.name}.") for p in ROOT.parent.iterdir() if p.name.endswith(".lock"))


def test_home_and_its_ancestors_refused(tmp_path):
    home = tmp_path / "home" / "me"
    (home / "notes").mkdir(parents=True)
    (home / "notes" / "todo.txt").write_text("keep me")
    config = _config(tmp_path / "cfg")
    before = tree_digest(tmp_path / "home")
    env = {**tool_env(), "HOME": str(home)}
    _assert_refused(_synth(config, home, env=env), home, "the home folder ($HOME)")
    _assert_refused(_synth(config, home.parent, env=env), home.parent, "holds the home folder ($HOME)")
    assert tree_digest(tmp_path / "home") == before


def test_folder_with_git_refused(tmp_path):
    config = _config(tmp_path / "cfg")
    out = tmp_path / "repo"
    (out / ".git").mkdir(parents=True)
    outdir.write_marker(out)  # even a folder that carries our marker: .git wins
    before = tree_digest(out)
    _assert_refused(_synth(config, out), out, "holds .git")
    assert tree_digest(out) == before


def test_config_folder_and_its_ancestor_refused(tmp_path):
    config = _config(tmp_path / "project" / "cfg")
    before = tree_digest(tmp_path / "project")
    _assert_refused(_synth(config, config.parent), config.parent, "is the config's own folder")
    _assert_refused(_synth(config, tmp_path / "project"), tmp_path / "project", "holds the config's own folder")
    assert tree_digest(tmp_path / "project") == before


def test_deploy_refuses_before_the_cli_runs(tmp_path):
    config = _config(tmp_path / "cfg")
    out = tmp_path / "mine"
    out.mkdir()
    (out / "data.csv").write_text("1,2\n")
    before = tree_digest(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct.ops.deploy", "deploy", "--config", str(config), "--out", str(out)],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    _assert_refused(proc, out, "a folder this tool did not write")
    assert "+ " not in proc.stdout  # the CLI was never started
    assert tree_digest(tmp_path) == before


# ------------------------------------------------------------------------------------------ accepted folders


def test_out_problem_accepts_new_empty_and_own_folders(tmp_path):
    assert outdir.out_problem(tmp_path / "new" / "out") is None
    (tmp_path / "empty").mkdir()
    assert outdir.out_problem(tmp_path / "empty") is None
    own = outdir.fresh_sibling(tmp_path / "own")
    assert outdir.has_marker(own) and outdir.out_problem(own) is None
    # a marker with another first line is not ours
    (own / outdir.MARKER).write_text("something else\n")
    assert "did not write" in (outdir.out_problem(own) or "")


def test_folder_written_before_is_replaced(tmp_path):
    final = tmp_path / "out"
    first = outdir.fresh_sibling(final)
    (first / "old.txt").write_text("old")
    outdir.swap_in(first, final)
    second = outdir.fresh_sibling(final)
    (second / "new.txt").write_text("new")
    outdir.swap_in(second, final)
    assert sorted(p.name for p in final.iterdir()) == [outdir.MARKER, "new.txt"]


def test_swap_in_refuses_a_folder_not_ours(tmp_path):
    final = tmp_path / "out"
    final.mkdir()
    (final / "keep.txt").write_text("keep")
    new = outdir.fresh_sibling(final)
    with pytest.raises(outdir.OutRefused):
        outdir.swap_in(new, final)
    assert (final / "keep.txt").read_text() == "keep"


def test_new_output_folder_has_the_umask_permissions(tmp_path):
    old = os.umask(0o027)
    try:
        folder = outdir.fresh_sibling(tmp_path / "out")
    finally:
        os.umask(old)
    assert folder.stat().st_mode & 0o777 == 0o750


# ------------------------------------------------------------------------------------------ temporaries, lock


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def test_stale_temporaries_of_a_killed_run_are_cleaned(tmp_path):
    final = tmp_path / "out"
    dead = _dead_pid()
    stale = [tmp_path / f".out.new-{dead}-abc12345", tmp_path / f".out.cli-{dead}-x1", tmp_path / f".out.old-{dead}-z"]
    nested = tmp_path / f"..out.cli-{dead}-q9.new-{dead}-r2"
    live = tmp_path / f".out.new-{os.getpid()}-live"  # a running process's (this one)
    unrelated = [tmp_path / ".out.backup", tmp_path / "out.new-1-a", tmp_path / ".other.new-1-a"]
    for folder in [*stale, nested, live, *unrelated]:
        folder.mkdir()
        (folder / "f").write_text("x")
    with outdir.out_lock(final):
        pass
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == sorted([live.name, *(u.name for u in unrelated), f".out{outdir.LOCK_SUFFIX}"])


def test_concurrent_one_stack_merges_keep_both_manifest_entries(tmp_path):
    """Two ``STACKS=`` synths of an organisation config into one (missing) output folder, started together."""
    config = _config(tmp_path / "cfg", ORGANISATION, "organisation.yaml")
    out = tmp_path / "cdktf.out"
    stacks = ["deployment-account-analytics", "deployment-account-fraud"]
    cmds = [
        [sys.executable, "-m", "kinesis_xacct.ops.synth", "--config", str(config), "--out", str(out), "--stacks", s]
        for s in stacks
    ]
    procs = [
        subprocess.Popen(c, cwd=ROOT, env=tool_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in cmds
    ]
    results = [p.communicate(timeout=900) for p in procs]
    for p, (stdout, stderr) in zip(procs, results, strict=True):
        assert p.returncode == 0, stdout + stderr
    assert sorted(manifest(out)["stacks"]) == stacks
    for s in stacks:
        assert (out / "stacks" / s / "cdk.tf").is_file()
    assert outdir.has_marker(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cdktf.out.") and p.is_dir()] == []
    # the organisation's RUNBOOK names the config's own state folder; no atlantis.yaml with local state
    runbook = (out / "RUNBOOK.md").read_text()
    assert f"belongs to this config: `{paths.state_dir(config)}/terraform.<stack>.tfstate`" in runbook
    assert not (out / "atlantis.yaml").exists()


# ------------------------------------------------------------------------------------------ state


def test_state_belongs_to_the_config_not_to_the_output_folder(tmp_path):
    a = _config(tmp_path / "team", name="a.yaml")
    b = _config(tmp_path / "team", name="b.yaml")
    stack = paths.KINESIS_STACK
    assert paths.state_file(a, stack) != paths.state_file(b, stack)
    assert (
        paths.state_file(a, stack)
        == tmp_path / "team" / ".kinesis-xacct-state" / "a.yaml" / f"terraform.{stack}.tfstate"
    )
    # the same file from two output folders (what Terraform resolves from each stack folder)
    for out in (tmp_path / "cdktf.out", tmp_path / "elsewhere" / "deep" / "out"):
        rel = paths.state_dir_from_stack(a, out)
        assert not rel.startswith("/")
        assert (out / "stacks" / stack / rel / f"terraform.{stack}.tfstate").resolve() == paths.state_file(a, stack)


def test_a_config_name_hostile_to_hcl_gets_a_safe_state_folder(tmp_path):
    config = _config(tmp_path, name='x"${evil}.yaml')
    folder = paths.state_dir(config)
    assert folder.parent == tmp_path / ".kinesis-xacct-state"
    assert all(c.isalnum() or c in "._+-" for c in folder.name), folder.name
    (tmp_path / "a$b").mkdir()
    with pytest.raises(paths.StatePathError):
        paths.state_dir_from_stack(_config(tmp_path / "a$b"), tmp_path / "out")


def test_state_at_the_earlier_location_is_refused_with_the_move_command(tmp_path):
    """Earlier versions kept local state beside the output folder: synth refuses until it is moved, and the
    printed command moves it exactly where the config's stacks look."""
    config = _config(tmp_path, name="my.yaml")
    out = tmp_path / "cdktf.out"
    earlier = tmp_path / f"terraform.{paths.KINESIS_STACK}.tfstate"
    state = {"version": 4, "resources": [{"type": "aws_iam_role", "name": "r", "instances": []}]}
    earlier.write_text(json.dumps(state))
    before = tree_digest(tmp_path)
    proc = _synth(config, out, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    [line] = proc.stderr.strip().splitlines()
    command = state_migration.move_command(config, out, paths.KINESIS_STACK).replace(str(tmp_path) + "/", "")
    assert line.startswith(f"state error: {paths.KINESIS_STACK}: ") and command in line, line
    assert command == (
        "mkdir -p .kinesis-xacct-state/my.yaml && "
        "mv -n terraform.kinesis-account.tfstate .kinesis-xacct-state/my.yaml/terraform.kinesis-account.tfstate"
    )
    assert tree_digest(tmp_path) == before  # nothing written, no output folder
    subprocess.run(["bash", "-c", command], cwd=tmp_path, check=True)
    assert json.loads(paths.state_file(config, paths.KINESIS_STACK).read_text()) == state
    assert not earlier.exists()
    errors, notes = state_migration.earlier_state(config, out, paths.STACKS)
    assert errors == [] and notes == []


def test_earlier_state_of_another_config_is_named_not_taken(tmp_path):
    config = _config(tmp_path, name="mine.yaml")
    out = tmp_path / "cdktf.out"
    stack = paths.DEPLOYMENT_STACK
    full = json.dumps({"version": 4, "resources": [{"type": "aws_iam_role"}]})
    (tmp_path / f"terraform.{stack}.tfstate").write_text(full)
    paths.state_dir(config).mkdir(parents=True)
    paths.state_file(config, stack).write_text(full)
    errors, notes = state_migration.earlier_state(config, out, paths.STACKS)
    assert errors == []
    assert len(notes) == 1 and "is not this config's state" in notes[0] and f"terraform.{stack}.tfstate" in notes[0]
    assert (tmp_path / f"terraform.{stack}.tfstate").read_text() == full


def test_default_s3_key_prefix_is_named_as_shared():
    from kinesis_xacct.config import parse_config

    from .helpers import variant

    shared = parse_config(variant(backend={"type": "s3", "bucket": "team-tfstate"}))
    [note] = state_migration.key_prefix_notes(shared)
    assert note.startswith("note: backend.key_prefix: the default 'kinesis-xacct': every config whose state is in")
    assert "s3://team-tfstate/kinesis-xacct/<stack>.tfstate" in note
    given = parse_config(variant(backend={"type": "s3", "bucket": "team-tfstate", "key_prefix": "kinesis-xacct"}))
    assert len(state_migration.key_prefix_notes(given)) == 1  # written out, as the example does: still shared
    own = parse_config(variant(backend={"type": "s3", "bucket": "team-tfstate", "key_prefix": "team/a"}))
    assert state_migration.key_prefix_notes(own) == []
    assert state_migration.key_prefix_notes(parse_config(variant())) == []  # local state: its own folder


# ------------------------------------------------------------------------------------------ emulator: two configs

# Accounts used by no other test module (moto keeps accounts apart): both configs deploy into the same two.
TWO_CONFIGS_ACCOUNTS = ("310000000027", "320000000027")
DEPLOY_ARGS = "--auto-approve --skip-provider-lock --no-color"


def _pair_config(name: str, url: str) -> dict:
    """A one-pair config of its own names (roles, instance profile, workspace role, stream) in the shared accounts."""
    from kinesis_xacct.sandbox.emulator import sandbox_config

    from .helpers import variant

    a, b = TWO_CONFIGS_ACCOUNTS
    return sandbox_config(
        variant(
            **{
                "tags": {},
                "deployment_account.account_id": a,
                "deployment_account.role_name": f"xacct-{name}-a",
                "deployment_account.instance_profile_name": f"xacct-{name}-profile",
                "deployment_account.workspace_role_name": f"workspace-{name}",
                "kinesis_account.account_id": b,
                "kinesis_account.role_name": f"xacct-{name}-b",
                "kinesis_account.external_id": f"kinesis-xacct-{name}",
                "kinesis_account.streams": [{"name": f"stream-{name}"}],
            }
        ),
        url,
    )


def _roles(emulator, cfg) -> dict[str, bool]:
    """Whether each role the config's stacks create exists (read back from the emulator)."""
    a = emulator.account(cfg.deployment_account.account_id)
    b = emulator.account(cfg.kinesis_account.account_id)
    return {
        "a": emulator.role_arn(a, cfg.deployment_account.role_name) is not None,
        "b": emulator.role_arn(b, cfg.kinesis_account.role_name) is not None,
    }


def _state(config: Path) -> dict[str, bytes]:
    return {s: paths.state_file(config, s).read_bytes() for s in paths.STACKS if paths.state_file(config, s).exists()}


def _role_names(state: bytes) -> list[str]:
    return sorted(
        i["attributes"]["name"]
        for r in json.loads(state).get("resources", [])
        if r["type"] == "aws_iam_role" and r.get("mode") == "managed"
        for i in r["instances"]
    )


def _resources(state: bytes) -> list[str]:
    return sorted(f"{r['type']}.{r['name']}" for r in json.loads(state).get("resources", []))


@pytest.fixture(scope="module")
def two_configs(emulator, tmp_path_factory):
    """Two one-pair configs side by side, each with its own OUT side by side (earlier versions then shared one
    state file per stack), deployed one after the other with `make deploy`, then destroyed one by one."""
    from kinesis_xacct.ops.load import load_config
    from kinesis_xacct.sandbox.emulator import prepare_accounts

    from .helpers import require_tool, write_config

    for tool in ("terraform", "cdktf"):
        require_tool(tool)
    base = tmp_path_factory.mktemp("two-configs")
    configs = {n: write_config(base, _pair_config(n, emulator.url), name=f"{n}.yaml") for n in ("one", "two")}
    cfgs = {n: load_config(c) for n, c in configs.items()}
    for cfg in cfgs.values():
        prepare_accounts(emulator, cfg)
    env = {**emulator.env(tool_env()), "DEPLOY_ARGS": DEPLOY_ARGS}

    def make(verb: str, n: str) -> subprocess.CompletedProcess:
        cmd = ["make", "--no-print-directory", verb, f"CONFIG={configs[n]}", f"OUT={base / f'out-{n}'}"]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
        assert proc.returncode == 0, f"make {verb} {n}:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        return proc

    r: dict = {"configs": configs, "cfgs": cfgs, "base": base}
    make("deploy", "one")
    r["one deployed"] = {"state": _state(configs["one"]), "roles": _roles(emulator, cfgs["one"])}
    make("deploy", "two")
    r["both deployed"] = {n: {"state": _state(c), "roles": _roles(emulator, cfgs[n])} for n, c in configs.items()}
    make("destroy", "one")
    r["one destroyed"] = {n: {"state": _state(c), "roles": _roles(emulator, cfgs[n])} for n, c in configs.items()}
    make("destroy", "two")
    r["both destroyed"] = {n: {"state": _state(c), "roles": _roles(emulator, cfgs[n])} for n, c in configs.items()}
    return r


def test_two_configs_deploy_each_into_its_own_state(two_configs):
    r = two_configs
    both = r["both deployed"]
    assert both["one"]["roles"] == both["two"]["roles"] == {"a": True, "b": True}
    # the second deploy left the first config's state exactly as it was
    assert both["one"]["state"] == r["one deployed"]["state"]
    for n in ("one", "two"):
        cfg = r["cfgs"][n]
        assert set(both[n]["state"]) == set(paths.STACKS)
        # each config's state holds its own roles and no other config's
        assert _role_names(both[n]["state"][paths.KINESIS_STACK]) == [cfg.kinesis_account.role_name]
        assert _role_names(both[n]["state"][paths.DEPLOYMENT_STACK]) == [cfg.deployment_account.role_name]
    # no state beside the output folders (where earlier versions kept it, shared)
    assert list(r["base"].glob("terraform.*.tfstate")) == []


def test_destroying_one_config_leaves_the_other_untouched(two_configs):
    r = two_configs
    after_one = r["one destroyed"]
    assert after_one["one"]["roles"] == {"a": False, "b": False}
    assert after_one["two"]["roles"] == {"a": True, "b": True}
    assert after_one["two"]["state"] == r["both deployed"]["two"]["state"]  # byte for byte
    assert all(_resources(s) == [] for s in after_one["one"]["state"].values())
    after_two = r["both destroyed"]
    assert after_two["two"]["roles"] == {"a": False, "b": False}
    assert after_two["one"]["state"] == after_one["one"]["state"]
    assert all(_resources(s) == [] for s in after_two["two"]["state"].values())
