"""A newcomer's road: an own config at its own path and output folder, deployed and destroyed on the emulator with
exactly the commands its RUNBOOK prints, one AWS profile per account; a quiet synth.

The profiles are real AWS shared-config profiles in a temporary AWS_CONFIG_FILE: each assumes its account's
OrganizationAccountAccessRole from a base profile (moto maps the assumed role's account), so each provider reaches
its own account only through its ``profile``; no AWS_ACCESS_KEY_ID is in the environment.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from kinesis_xacct import paths
from kinesis_xacct.ops.load import load_config
from kinesis_xacct.sandbox import emulator as sandbox

from . import tf
from .helpers import ROOT, tool_env

ACCOUNT_A, ACCOUNT_B = "555500000001", "555500000002"  # this module's own emulated accounts
PROFILE_A, PROFILE_B = "newcomer-workspace", "newcomer-streams"
NOISE = ("ERROR", "DEP0044", "NODE_OPTIONS", "checkpoint", "DeprecationWarning")


def _blocks(markdown: str) -> list[str]:
    """The shell lines of the ```sh blocks of a Markdown text (comments after '#' removed)."""
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", markdown, re.DOTALL):
        for line in block.splitlines():
            line = line.strip()
            if line:
                lines.append(line.split("  #", 1)[0].strip())
    return lines


def _noise(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(word in line for word in NOISE)]


@pytest.fixture(scope="module")
def newcomer(emulator, tmp_path_factory):
    for tool in ("terraform", "cdktf", "make"):
        tf.require_tool(tool)
    home = tmp_path_factory.mktemp("newcomer")
    mine = home / "my-setup"
    mine.mkdir()
    data = yaml.safe_load((ROOT / "config" / "example.yaml").read_text())
    data["kinesis_account"].update(account_id=ACCOUNT_B, profile=PROFILE_B, external_id="newcomer-external-id")
    data["deployment_account"].update(account_id=ACCOUNT_A, profile=PROFILE_A, workspace_role_name="newcomer-ws")
    data["kinesis_account"]["streams"] = [
        {"name": f"arn:aws:kinesis:{data['region']}:{ACCOUNT_B}:stream/newcomer-existing"},
        {"name": "newcomer-created", "create": True},
    ]
    data["aws_endpoint_url"] = emulator.url
    data["databricks"] = {"enabled": False}
    config = mine / "kinesis.yaml"
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    cfg = load_config(config)
    sandbox.prepare_accounts(emulator, cfg)

    aws = home / "aws"
    aws.mkdir()
    (aws / "credentials").write_text("[newcomer-base]\naws_access_key_id = testing\naws_secret_access_key = testing\n")
    (aws / "config").write_text(
        "".join(
            f"[profile {name}]\nrole_arn = {sandbox.deploy_role_arn('aws', account)}\n"
            f"source_profile = newcomer-base\nregion = {data['region']}\n\n"
            for name, account in ((PROFILE_A, ACCOUNT_A), (PROFILE_B, ACCOUNT_B))
        )
    )
    env = {k: v for k, v in emulator.env(tool_env()).items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    env.update(
        AWS_CONFIG_FILE=str(aws / "config"),
        AWS_SHARED_CREDENTIALS_FILE=str(aws / "credentials"),
        # Non-interactive, and offline: the CLI's `terraform providers lock` would ask the registry.
        DEPLOY_ARGS="--auto-approve --skip-provider-lock --no-color",
    )
    out = mine / "out"
    r: dict = {"cfg": cfg, "out": out, "env": env, "config": config}
    r["synth"] = subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "synth", f"CONFIG={config}", f"OUT={out}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r["synth"].returncode == 0, r["synth"].stdout[-2000:] + r["synth"].stderr[-3000:]
    runbook = (out / "RUNBOOK.md").read_text()
    r["commands"] = _blocks(runbook)
    deploy = next(c for c in r["commands"] if c.startswith("make deploy ") and "STACKS=" not in c)
    destroy = next(c for c in r["commands"] if "cdktf destroy" in c or c.startswith("make destroy "))
    cli_destroy = re.search(r"`(XACCT_CONFIG=[^`]*cdktf destroy[^`]*)`", runbook)
    r["deploy_cmd"], r["destroy_cmd"] = deploy, cli_destroy.group(1) if cli_destroy else destroy
    r["deploy"] = subprocess.run(["bash", "-c", deploy], cwd=ROOT, env=env, capture_output=True, text=True)
    a, b = emulator.account(ACCOUNT_A), emulator.account(ACCOUNT_B)
    r["after_deploy"] = {
        "a_role": emulator.role_arn(a, cfg.deployment.role_name),
        "b_role": emulator.role_arn(b, cfg.kinesis_account.role_name),
        "b_role_in_a": emulator.role_arn(a, cfg.kinesis_account.role_name),
        "streams": emulator.client(b, "kinesis").list_streams()["StreamNames"],
    }
    r["state"] = sorted(p.name for p in paths.state_dir(config).glob("terraform.*.tfstate"))  # the config's own
    env_destroy = dict(env, PATH=env["PATH"])
    cmd = r["destroy_cmd"] + (" " + env["DEPLOY_ARGS"] if r["destroy_cmd"].startswith("XACCT_CONFIG=") else "")
    r["destroy"] = subprocess.run(["bash", "-c", cmd], cwd=ROOT, env=env_destroy, capture_output=True, text=True)
    r["after_destroy"] = {
        "a_role": emulator.role_arn(a, cfg.deployment.role_name),
        "b_role": emulator.role_arn(b, cfg.kinesis_account.role_name),
        "streams": emulator.client(b, "kinesis").list_streams()["StreamNames"],
    }
    return r


def test_runbook_commands_name_the_config_and_the_output_folder(newcomer):
    config, out = shlex.quote(str(newcomer["config"])), shlex.quote(str(newcomer["out"]))
    for cmd in newcomer["commands"]:
        if cmd.startswith(("make deploy", "make destroy", "make run-validation", "make plan")):
            assert f"CONFIG={config}" in cmd and f"OUT={out}" in cmd, cmd
        if re.search(r"\bcdktf (deploy|destroy)\b", cmd):
            assert cmd.startswith(f"XACCT_CONFIG={config} ") and f"--output {out}" in cmd, cmd
        if cmd.startswith("terraform -chdir="):
            assert cmd.startswith(f"terraform -chdir={out}/stacks/"), cmd
    assert "config/example.yaml" not in (newcomer["out"] / "RUNBOOK.md").read_text()


def test_runbook_deploy_command_deploys_into_each_profiles_account(newcomer):
    assert newcomer["deploy"].returncode == 0, newcomer["deploy"].stdout[-3000:] + newcomer["deploy"].stderr[-3000:]
    cfg, seen = newcomer["cfg"], newcomer["after_deploy"]
    assert seen["a_role"] == cfg.deployment_role_arn
    assert seen["b_role"] == cfg.kinesis_role_arn
    assert seen["b_role_in_a"] is None
    assert {"newcomer-existing", "newcomer-created"} <= set(seen["streams"])
    # State beside the output folder, not in the project.
    assert newcomer["state"] == ["terraform.deployment-account.tfstate", "terraform.kinesis-account.tfstate"]


def test_runbook_destroy_command_removes_what_the_deploy_created(newcomer):
    assert newcomer["destroy"].returncode == 0, newcomer["destroy"].stdout[-3000:] + newcomer["destroy"].stderr[-3000:]
    seen = newcomer["after_destroy"]
    assert seen["a_role"] is None and seen["b_role"] is None
    assert "newcomer-created" not in seen["streams"] and "newcomer-existing" in seen["streams"]


def test_a_normal_make_synth_is_quiet(newcomer):
    proc = newcomer["synth"]
    assert _noise(proc.stdout + proc.stderr) == [], proc.stdout + proc.stderr
    assert "has no entry for" not in proc.stdout  # Databricks off: every declared provider is in the locks


def test_make_synth_of_the_example_is_quiet_and_notes_unlocked_providers_once(tmp_path):
    proc = subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "synth", f"OUT={tmp_path / 'out'}"],
        cwd=ROOT,
        env=tool_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _noise(proc.stdout + proc.stderr) == [], proc.stdout + proc.stderr
    notes = [line for line in proc.stdout.splitlines() if "note: provider lock:" in line]
    assert len(notes) == 1 and "databricks/databricks" in notes[0] and "hashicorp/time" in notes[0], notes


def test_the_readme_commands_synthesize_quietly(tmp_path):
    """README "Quickstart": its export line, then `cdktf synth`, in a project folder (links to this one's
    installs and sources, so that the output and state land in the temporary folder)."""
    for name in (".venv", "node_modules", ".terraform.d", "main.py", "cdktf.json", "kinesis_xacct", "templates",
                 "locks", "config"):  # fmt: skip
        (tmp_path / name).symlink_to(ROOT / name)
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```sh\n(export PATH=.*?)```", readme, re.DOTALL)
    assert block, "README has no export block"
    script = "\n".join(line for line in block.group(1).splitlines() if "cdktf deploy" not in line)
    env = {k: v for k, v in tool_env().items() if k not in ("CHECKPOINT_DISABLE", "NODE_OPTIONS")}
    proc = subprocess.run(["bash", "-ec", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (tmp_path / "cdktf.out" / "RUNBOOK.md").is_file()
    assert _noise(proc.stdout + proc.stderr) == [], proc.stdout + proc.stderr


# --- user-facing files speak of the product only -------------------------------------------------------------


def _machine_folders() -> list[Path]:
    """Folders of the machine this runs on, found at run time: where the checkout lies and the home folder (not
    the filesystem root, which every absolute path starts with)."""
    return sorted({p for p in (ROOT.parent, Path.home()) if len(p.parts) > 1})


# What a user-facing file must not say: this project's own issue numbers (upstream citations carry a '#' or a
# repository: "provider issue #2393"), the team's tools, and paths of the machine it was made on.
FORBIDDEN = {
    "an issue number of this project": re.compile(r"\b[Ii]ssues? \d+\b"),
    "a tool of the team": re.compile(r"search tool|\bhelpers?\b|coordinator|the tracker|this session", re.I),
    "a machine path": re.compile("|".join([*(re.escape(f"{p}/") for p in _machine_folders()), r"shared/notes"])),
}


def _user_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in ("docs", "templates", "config"):
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file())
    return files


def test_user_facing_files_speak_of_the_product_only():
    found = []
    for path in _user_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in FORBIDDEN.items():
                if m := pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {what}: {m.group(0)!r}")
    assert found == []


@pytest.mark.parametrize(
    "line,what",
    [
        ("as planned in issue 12, step 4", "an issue number of this project"),
        ("checked with the search tool", "a tool of the team"),
        (f"see {ROOT.parent}/shared/notes/facts.md", "a machine path"),
        (f"cp {Path.home()}/.aws/config .", "a machine path"),
    ],
)
def test_the_scan_catches_each_kind(line, what):
    assert FORBIDDEN[what].search(line)


def test_the_scan_lets_upstream_citations_and_workspace_paths_pass():
    for line in ("provider issue #2393", "terraform-provider-aws #8420", "/Users/you@example.com/kinesis-xacct/x"):
        assert not any(p.search(line) for p in FORBIDDEN.values()), line
