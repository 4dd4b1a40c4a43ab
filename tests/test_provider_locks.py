"""Committed provider locks (locks/<stack>.terraform.lock.hcl) decide what `terraform init` installs, and a
re-synth keeps each stack's .terraform/ (kinesis_xacct/synth/locks.py, docs/provider-locks.md).

Real Terraform 1.11 with the project's CLI config (a filesystem mirror of hashicorp/aws 5.100.0 here). The
Databricks provider is not in the mirror: a stack that declares it is checked on its synthesized lock, and
the lock of that provider itself cannot be computed here (make lock-providers says so).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kinesis_xacct.ops import lock_providers
from kinesis_xacct.platform import versions
from kinesis_xacct.synth import locks

from . import tf
from .helpers import ROOT, require_tool, synth_main, tool_env, variant, write_config
from .outputs import leftovers, tree_digest

STACKS = ("deployment-account", "kinesis-account")
AWS = locks.provider_address(versions.AWS_PROVIDER_SOURCE)
DATABRICKS = locks.provider_address(versions.DATABRICKS_PROVIDER_SOURCE)
NO_DATABRICKS = variant(**{"databricks.enabled": False})
WITH_DATABRICKS = variant(**{"databricks.enabled": True})
CHECKSUM_ERROR = "doesn't match any of the checksums previously recorded in the dependency lock file"


def committed(stack: str) -> Path:
    return locks.committed_lock(stack, locks.DEFAULT_LOCKS_DIR)


def version_pins() -> dict[str, str]:
    """address -> constraint of every provider versions.py pins (``<NAME>_PROVIDER_SOURCE/_CONSTRAINT``)."""
    names = [n.removesuffix("_SOURCE") for n in dir(versions) if n.endswith("_PROVIDER_SOURCE")]
    return {
        locks.provider_address(getattr(versions, f"{n}_SOURCE")): getattr(versions, f"{n}_CONSTRAINT") for n in names
    }


def make_synth(config: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`make synth` (`-o install`: the environment is installed; see tests/test_config_errors.py)."""
    full = tool_env()
    full.update(env or {})
    return subprocess.run(
        [require_tool("make"), "--no-print-directory", "-o", "install", "synth", f"CONFIG={config}", f"OUT={out}"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def stack_lock(out: Path, stack: str) -> str:
    return (out / "stacks" / stack / locks.LOCK_FILE).read_text()


def edited_locks(folder: Path, edits: dict[str, Callable[[str], str]]) -> dict[str, str]:
    """A locks folder: each stack's committed lock, changed by ``edits[stack]`` (text -> text)."""
    folder.mkdir()
    for stack in STACKS:
        text = committed(stack).read_text()
        (folder / committed(stack).name).write_text(edits.get(stack, lambda t: t)(text))
    return {locks.LOCKS_ENV: str(folder)}


# --- the committed files -------------------------------------------------------------------------------------


def test_committed_locks_are_terraforms_layout_and_match_versions_py():
    """Each stack's committed lock is as Terraform writes it, pins the AWS provider, and every entry was made
    for the constraint versions.py sets now (else: run `make lock-providers`)."""
    pins = version_pins()
    assert AWS in pins and DATABRICKS in pins
    for stack in STACKS:
        text = committed(stack).read_text()
        assert text.startswith(locks.HEADER), stack
        entries = locks.parse(text, stack)
        assert locks.render(entries) == text, stack
        assert AWS in entries, stack
        for address, entry in entries.items():
            assert address in pins, f"{stack}: {address} is locked but versions.py does not pin it"
            assert entry.attr("constraints") == pins[address], (stack, address)
            assert re.fullmatch(r"\d+\.\d+\.\d+", entry.attr("version") or ""), (stack, address)


def test_a_lock_not_in_terraforms_layout_is_refused():
    text = committed("kinesis-account").read_text()
    with pytest.raises(locks.LockFileError, match="line 4"):
        locks.parse(text.replace('provider "', 'provider  "'), "edited")


# --- synth -> init -> synth, through both synth paths --------------------------------------------------------


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    """main.py (what `cdktf synth`/`cdktf deploy` run) -> terraform init -> `make synth` -> terraform init
    -lockfile=readonly -> main.py."""
    tf.require_tool("terraform")
    base = tmp_path_factory.mktemp("kept")
    config, out = write_config(base, NO_DATABRICKS), base / "cdktf.out"
    dirs = {s: out / "stacks" / s for s in STACKS}
    r: dict = {"out": out, "dirs": dirs}
    first = synth_main(config, out, cwd=base)
    assert first.returncode == 0, first.stderr[-3000:]
    r["lock_after_synth"] = {s: stack_lock(out, s) for s in STACKS}
    r["init1"] = {s: tf.init(d) for s, d in dirs.items()}
    r["lock_after_init"] = {s: stack_lock(out, s) for s in STACKS}
    r["work1"] = {s: tree_digest(d / locks.WORK_DIR) for s, d in dirs.items()}
    second = make_synth(config, out)
    assert second.returncode == 0, second.stderr[-3000:]
    r["work2"] = {s: tree_digest(d / locks.WORK_DIR) for s, d in dirs.items()}
    r["lock2"] = {s: stack_lock(out, s) for s in STACKS}
    # The CI setting docs/provider-locks.md recommends: init refuses to change the lock.
    r["init2"] = {
        s: tf.terraform(["init", "-input=false", "-lockfile=readonly"], d, check=False) for s, d in dirs.items()
    }
    r["work_after_init2"] = {s: tree_digest(d / locks.WORK_DIR) for s, d in dirs.items()}
    third = synth_main(config, out, cwd=base)
    assert third.returncode == 0, third.stderr[-3000:]
    r["work3"] = {s: tree_digest(d / locks.WORK_DIR) for s, d in dirs.items()}
    r["lock3"] = {s: stack_lock(out, s) for s in STACKS}
    r["stderr"] = first.stdout + first.stderr + second.stdout + second.stderr + third.stdout + third.stderr
    return r


@pytest.mark.parametrize("stack", STACKS)
def test_synth_puts_the_committed_lock_into_the_stack(kept, stack):
    assert kept["lock_after_synth"][stack] == committed(stack).read_text()


@pytest.mark.parametrize("stack", STACKS)
def test_init_installs_the_locked_version_and_leaves_the_lock_alone(kept, stack):
    init = kept["init1"][stack]
    text = init.stdout + init.stderr
    assert "Reusing previous version of hashicorp/aws from the dependency lock file" in text, text
    assert "Finding hashicorp/aws versions matching" not in text, text  # no version selection of its own
    locked = locks.parse(committed(stack).read_text())[AWS].attr("version")
    assert (kept["dirs"][stack] / ".terraform/providers" / AWS / locked).is_dir()
    assert "Warning" not in text, text  # the committed lock has the checksums: no "Incomplete lock file"
    assert kept["lock_after_init"][stack] == committed(stack).read_text()


@pytest.mark.parametrize("stack", STACKS)
def test_both_synth_paths_keep_terraform_dir_and_lock(kept, stack):
    assert kept["work1"][stack], "terraform init made no .terraform/"
    assert kept["work2"][stack] == kept["work1"][stack]  # make synth
    assert kept["work3"][stack] == kept["work_after_init2"][stack]  # main.py (cdktf synth / deploy)
    assert kept["lock2"][stack] == kept["lock3"][stack] == committed(stack).read_text()
    assert leftovers(kept["out"]) == []


@pytest.mark.parametrize("stack", STACKS)
def test_init_after_a_resynth_reuses_what_is_installed(kept, stack):
    init = kept["init2"][stack]
    assert init.returncode == 0, init.stdout + init.stderr
    assert (
        f"Using previously-installed hashicorp/aws v{locks.parse(committed(stack).read_text())[AWS].attr('version')}"
        in init.stdout
    ), init.stdout
    assert "Installing hashicorp/aws" not in init.stdout, init.stdout


def test_no_lock_note_when_every_declared_provider_is_locked(kept):
    assert "provider lock:" not in kept["stderr"], kept["stderr"]


# --- edited committed locks: Terraform enforces them ---------------------------------------------------------


def _tamper(text: str) -> str:
    """One character of the first h1 checksum changed (still a well-formed hash)."""
    match = re.search(r'"h1:([A-Za-z0-9+/])', text)
    assert match, text
    swapped = "B" if match.group(1) != "B" else "C"
    return text[: match.start(1)] + swapped + text[match.end(1) :]


def _other_version(text: str) -> str:
    """The AWS entry names 6.0.0: inside the constraint, published, but not in this machine's mirror."""
    return re.sub(r'(provider "registry.terraform.io/hashicorp/aws" \{\n  version\s*= )"[^"]+"', r'\1"6.0.0"', text)


def _extra_entry(text: str) -> str:
    """A second entry for a provider the stack does not declare (as a lock made with Databricks on has)."""
    aws_block = locks.parse(text)[AWS].text
    extra = aws_block.replace(AWS, DATABRICKS).replace(
        versions.AWS_PROVIDER_CONSTRAINT, versions.DATABRICKS_PROVIDER_CONSTRAINT
    )
    return locks.render({**locks.parse(text), DATABRICKS: locks.Entry(DATABRICKS, extra)})


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """Synth 1 (Databricks on): kinesis-account's committed lock has a tampered checksum. Synth 2 (Databricks
    off): kinesis-account's lock names 6.0.0, deployment-account's has an extra entry (databricks)."""
    tf.require_tool("terraform")
    base = tmp_path_factory.mktemp("edited")
    r: dict = {}
    env1 = edited_locks(base / "locks1", {"kinesis-account": _tamper})
    out1 = base / "one" / "cdktf.out"
    out1.parent.mkdir()
    r["synth1"] = synth_main(write_config(out1.parent, WITH_DATABRICKS), out1, extra_env=env1, cwd=out1.parent)
    assert r["synth1"].returncode == 0, r["synth1"].stderr[-3000:]
    r["out1"] = out1
    r["tampered_init"] = tf.terraform(["init", "-input=false"], out1 / "stacks" / "kinesis-account", check=False)
    env2 = edited_locks(base / "locks2", {"kinesis-account": _other_version, "deployment-account": _extra_entry})
    out2 = base / "two" / "cdktf.out"
    out2.parent.mkdir()
    r["synth2"] = synth_main(write_config(out2.parent, NO_DATABRICKS), out2, extra_env=env2, cwd=out2.parent)
    assert r["synth2"].returncode == 0, r["synth2"].stderr[-3000:]
    r["out2"], r["locks2"] = out2, Path(env2[locks.LOCKS_ENV])
    r["version_init"] = tf.terraform(["init", "-input=false"], out2 / "stacks" / "kinesis-account", check=False)
    dep = out2 / "stacks" / "deployment-account"
    r["filtered_lock"] = stack_lock(out2, "deployment-account")
    r["filtered_ro"] = tf.terraform(["init", "-input=false", "-lockfile=readonly"], dep, check=False)
    shutil.copyfile(r["locks2"] / committed("deployment-account").name, dep / locks.LOCK_FILE)
    r["unfiltered_ro"] = tf.terraform(["init", "-input=false", "-lockfile=readonly"], dep, check=False)
    # Synth 3 over the same output, with no committed lock for kinesis-account at all.
    r["kinesis_lock_before3"] = stack_lock(out2, "kinesis-account")
    env3 = edited_locks(base / "locks3", {})
    (base / "locks3" / committed("kinesis-account").name).unlink()
    r["synth3"] = synth_main(out2.parent / "config.yaml", out2, extra_env=env3, cwd=out2.parent)
    assert r["synth3"].returncode == 0, r["synth3"].stderr[-3000:]
    r["kinesis_lock3"] = stack_lock(out2, "kinesis-account")
    return r


def test_a_tampered_checksum_makes_init_fail_with_terraforms_message(edited):
    init = edited["tampered_init"]
    assert init.returncode == 1
    assert "Error: Failed to install provider" in init.stderr, init.stderr
    assert CHECKSUM_ERROR in " ".join(init.stderr.split()), init.stderr


def test_init_takes_the_locked_version_not_the_newest_installable(edited):
    """5.100.0 is installable here; a lock naming 6.0.0 makes init look for 6.0.0 only (and fail offline)."""
    init = edited["version_init"]
    assert init.returncode == 1
    assert "Reusing previous version of hashicorp/aws from the dependency lock file" in init.stdout
    assert "the previously-selected version 6.0.0 is no longer available" in " ".join(init.stderr.split())
    assert "Installed hashicorp/aws v5.100.0" not in init.stdout


def test_entries_of_providers_a_stack_does_not_declare_stay_out(edited):
    """Why synth copies only the declared providers' entries: Terraform's read-only init refuses the extra
    entry ("Provider dependency changes detected"); the filtered lock passes."""
    assert DATABRICKS not in locks.parse(edited["filtered_lock"])
    assert edited["filtered_ro"].returncode == 0, edited["filtered_ro"].stderr
    assert edited["unfiltered_ro"].returncode == 1
    assert "Provider dependency changes detected" in edited["unfiltered_ro"].stderr


def test_without_a_committed_entry_the_previous_outputs_entry_stays(edited):
    """What `terraform init` recorded in a stack (here: the entry synth 2 wrote) survives a re-synth as long as
    no committed lock has that provider, and the synth says that it is not committed."""
    assert edited["kinesis_lock3"] == edited["kinesis_lock_before3"]
    assert '"6.0.0"' in edited["kinesis_lock3"]
    assert f"kinesis-account.terraform.lock.hcl has no entry for {AWS}" in edited["synth3"].stdout


def test_a_databricks_stack_gets_the_entries_of_the_providers_it_declares(edited):
    """Databricks on: deployment-account declares aws and databricks; the committed lock has aws only (the
    Databricks provider cannot be locked here), so the stack gets that entry and synth says what is missing."""
    out = edited["out1"]
    declared = locks.declared_providers(out / "stacks" / "deployment-account")
    assert set(declared) >= {AWS, DATABRICKS}
    entries = locks.parse(stack_lock(out, "deployment-account"))
    committed_entries = locks.parse(committed("deployment-account").read_text())
    assert set(entries) == set(declared) & set(committed_entries)
    assert [a for a in entries if entries[a] != committed_entries[a]] == []
    # One note line for the stack, naming every provider its committed lock lacks; nothing on stderr.
    [note] = [line for line in edited["synth1"].stdout.splitlines() if "deployment-account.terraform.lock" in line]
    assert note.startswith("note: provider lock: ") and "has no entry for" in note, note
    for address in set(declared) - set(committed_entries):
        assert address in note, note
    assert "provider lock" not in edited["synth1"].stderr, edited["synth1"].stderr


# --- make lock-providers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def relocked(tmp_path_factory):
    """`make lock-providers` into an empty locks folder, for two platforms (one of them not in the mirror)."""
    tf.require_tool("terraform")
    folder = tmp_path_factory.mktemp("relocked") / "locks"
    env = tool_env()
    env[locks.LOCKS_ENV] = str(folder)
    proc = subprocess.run(
        [
            require_tool("make"),
            "--no-print-directory",
            "-o",
            "install",
            "lock-providers",
            "PLATFORMS=linux_amd64 darwin_arm64",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc, folder


def test_lock_providers_reproduces_the_committed_locks(relocked):
    """From nothing, the locks made here have the committed versions, and their checksums are committed ones
    (the committed files may hold more: other platforms, the registry's zh: checksums)."""
    proc, folder = relocked
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for stack in STACKS:
        made = locks.read(folder / committed(stack).name)
        ours = locks.parse(committed(stack).read_text())
        assert set(made) == set(ours), stack
        for address, entry in made.items():
            assert entry.attr("version") == ours[address].attr("version"), (stack, address)
            hashes = set(re.findall(r'"((?:h1|zh):[^"]+)"', entry.text))
            assert hashes and hashes <= set(re.findall(r'"((?:h1|zh):[^"]+)"', ours[address].text)), stack


def test_lock_providers_says_what_it_could_not_lock(relocked):
    """With the CLI config's mirror (hashicorp/aws for linux_amd64 only) and no network, as on this machine:
    the platform the mirror lacks and every provider not in it are named; without a mirror, nothing is."""
    proc, _ = relocked
    mirror = lock_providers.cli_config_mirror_of(Path(tool_env()["TF_CLI_CONFIG_FILE"]))
    if mirror and "darwin_arm64" not in lock_providers.mirror_platforms(Path(mirror), AWS):
        assert "the mirror has no darwin_arm64" in proc.stdout, proc.stdout
    not_mirrored = [a for a in version_pins() if not (mirror and lock_providers.mirror_platforms(Path(mirror), a))]
    for address in not_mirrored if mirror else []:
        assert re.search(rf"could not lock [^\n]*{re.escape(address)}", proc.stderr), proc.stderr
    assert "git diff locks/" in proc.stdout
