"""The auth mode is a type (``iam.modes``): each mode supplies its parts, a few registries map it to the parts of
later layers, and nothing else tests it. The count of the places in the package that still test the mode (outside
the config's own rules) may not grow: a new ``if cfg.uses_service_credential`` fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kinesis_xacct.config import Config, names, parse_config
from kinesis_xacct.config.organisation import organisation_of
from kinesis_xacct.iam import modes, suppressions
from kinesis_xacct.iam.mesh import mesh
from kinesis_xacct.iam.modes import MODES, mode_of
from kinesis_xacct.iam.policies import kinesis_side
from kinesis_xacct.ops.load import load_any
from kinesis_xacct.platform import versions
from kinesis_xacct.render import diagram
from kinesis_xacct.render.modes import MODE_TEXT, mode_text, sts_endpoint
from kinesis_xacct.render.templates import reader_options
from kinesis_xacct.stacks.modes import CONSUMER_STACKS

PACKAGE = Path(__file__).resolve().parent.parent / "kinesis_xacct"

# What testing the mode looks like: the config's flag or value compared, the consumer's side told apart by whether
# it has a deployment, a registry looked up outside its own module, or a side or stack told apart by its class.
MODE_TESTS = re.compile(
    r"uses_service_credential"
    r"|\bauth\s*(?:==|!=|\bin\b)"
    r"|(?:==|!=)\s*[\"'](?:service-credential|instance-profile)[\"']"
    r"|\bdeployment is (?:not )?None"
    r"|\b(?:MODES|CONSUMER_STACKS|MODE_TEXT)\["
    r"|\.service_credential\b(?!\()"
    r"|isinstance\([^)]*\b(?:CredentialSide|DeploymentSide|\w+Mode|CredentialConsumerStack|DeploymentAccountStack"
    r"|ConsumerStandIn)\b"
)
# The modules that map a mode to its parts (the places that choose) know the mode they build.
CHOOSERS = ("iam/modes.py", "stacks/modes.py", "render/modes.py")
# The places that still test it: the sandbox only (its emulated accounts: what exists before a deploy and the
# chain it walks differ per mode; 9 lines in sandbox/demo.py and sandbox/emulator.py). The bound is today's
# count so that it cannot grow; a sandbox registry of the modes would bring it to 0.
MAX_MODE_TESTS = 9


def mode_tests(package: Path) -> list[str]:
    """``file:line: text`` of every line that tests the mode, outside ``config/`` (the config's own rules parse
    the mode's keys) and the :data:`CHOOSERS`."""
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if rel.startswith("config/") or rel in CHOOSERS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if MODE_TESTS.search(code) and not code.lstrip().startswith(("from ", "import ")):
                found.append(f"{rel}:{number}: {line.strip()}")
    return found


def test_few_places_test_the_mode():
    found = mode_tests(PACKAGE)
    assert len(found) <= MAX_MODE_TESTS, "the auth mode is tested here; ask its object or a registry:\n" + "\n".join(
        found
    )


def test_the_count_sees_a_new_mode_test(tmp_path):
    """The count is not blind: one more test of the mode in a copy of a module raises it by one."""
    copy = tmp_path / "kinesis_xacct"
    (copy / "synth").mkdir(parents=True)
    source = (PACKAGE / "synth" / "build.py").read_text(encoding="utf-8")
    (copy / "synth" / "build.py").write_text(source, encoding="utf-8")
    before = len(mode_tests(copy))
    (copy / "synth" / "build.py").write_text(
        source + "\n\ndef f(cfg):\n    return 1 if cfg.uses_service_credential else 2\n", encoding="utf-8"
    )
    assert len(mode_tests(copy)) == before + 1


def test_every_registry_has_every_mode():
    """Each later layer's registry maps every mode to its parts (a new mode without them fails here, not in a
    synth)."""
    kinds = {type(m) for m in MODES.values()}
    assert set(CONSUMER_STACKS) == kinds
    assert set(MODE_TEXT) == kinds
    assert list(MODES) == ["instance-profile", "service-credential"]  # the config's values, each one object


# What each mode requires so that no owner or folder follows the deploying identity (and the checkpoints' volume).
FIXED_IDENTITY: dict[str, dict[str, str]] = {
    "instance-profile": {"single_user_name": "someone@example.com"},
    "service-credential": {
        "notebook_path": "/Users/someone@example.com/kinesis-xacct/validate_kinesis",
        "checkpoint_volume": "/Volumes/main/default/checkpoints",
    },
}


def _config(auth: str, **kinesis: object) -> dict[str, object]:
    data: dict[str, object] = {
        "region": "eu-west-1",
        "kinesis_account": {"account_id": "111111111111", "streams": [{"name": "orders"}], **kinesis},
        "databricks": {"auth": auth, **FIXED_IDENTITY[auth]},
    }
    if auth == "instance-profile":
        data["deployment_account"] = {"account_id": "222222222222", "workspace_role_name": "databricks-workspace"}
    return data


@pytest.mark.parametrize("auth", list(MODES))
def test_the_mode_supplies_the_trust_of_bs_role(auth):
    cfg = parse_config(_config(auth))
    mode = mode_of(cfg)
    assert mode is MODES[auth]
    trust = kinesis_side(cfg).trust_policy
    assert trust == mode.trust_policy(cfg)
    sids = [s.sid for s in trust.statements]
    if auth == "service-credential":
        assert sids == ["UnityCatalogAssumeRole", "ExplicitSelfRoleAssumption"]
        assert mode.external_id_placeholder(cfg) == modes.CREDENTIAL_EXTERNAL_ID
        assert [s.sid for s in mode.role_statements(cfg)] == ["AssumeSelf"]
    else:
        assert sids == ["TrustDeploymentRole"]
        assert mode.external_id_placeholder(cfg) is None
        assert mode.role_statements(cfg) == []


@pytest.mark.parametrize(
    ("auth", "enabled", "declared"),
    [
        ("instance-profile", True, ("aws", "databricks", "time")),
        ("instance-profile", False, ("aws",)),
        ("service-credential", True, ("aws", "databricks")),
        ("service-credential", False, ("aws",)),
    ],
)
def test_the_mode_supplies_the_providers_its_stacks_declare(auth, enabled, declared):
    sources = {
        "aws": versions.AWS_PROVIDER_SOURCE,
        "databricks": versions.DATABRICKS_PROVIDER_SOURCE,
        "time": versions.TIME_PROVIDER_SOURCE,
    }
    assert MODES[auth].providers(enabled) == tuple(sources[d] for d in declared)


@pytest.mark.parametrize("auth", list(MODES))
def test_the_modes_checkov_suppressions(auth):
    """B's role trusting itself (service credentials) is the one mode-caused finding, explained once."""
    cfg = parse_config(_config(auth))
    skips = [s.when for s in suppressions.checkov_skips(cfg, suppressions.KINESIS_ROLE)]
    assert skips == (["databricks.auth: service-credential"] if auth == "service-credential" else [])


CONFIGS = sorted((PACKAGE.parent / "config").glob("*.yaml"))


def _shipped(path: Path) -> list[Config]:
    """The config's pairs (a one-pair config: itself)."""
    loaded = load_any(path)
    return [loaded] if isinstance(loaded, Config) else [p.cfg for p in loaded.pairs]


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_the_reader_options_start_with_the_modes(path):
    """The options a reader needs begin with the mode's authentication (the RUNBOOK's and the notebook's)."""
    for cfg in _shipped(path):
        auth = mode_text(mode_of(cfg)).reader(cfg)
        options = reader_options(cfg)
        assert options[: len(auth)] == auth
        assert options[len(auth)][0] == "region"


def test_the_instance_profile_parts():
    cfg = parse_config(_config("instance-profile"))
    parts = mode_text(mode_of(cfg))
    sts = "sts.eu-west-1.amazonaws.com"
    assert [k for k, _ in parts.reader(cfg)] == ["roleArn", "roleSessionName", "stsEndpoint"]
    assert dict(parts.reader(cfg))["stsEndpoint"] == sts == sts_endpoint(cfg)
    assert parts.runbook(cfg) == {"validate_credential": "", "credential": None, "trust": "role", "sts_endpoint": sts}
    chain = parts.chain(cfg, kinesis_side(cfg))
    assert [n.id for n in chain.nodes[:3]] == ["cluster", "profile", "roleA"]
    assert parts.chain_head == {"cluster", "profile", "roleA"}
    assert parts.chain_entry == "roleA"


def test_the_service_credential_parts():
    cfg = parse_config(_config("service-credential"))
    parts = mode_text(mode_of(cfg))
    name = names.credential_name(cfg)
    assert parts.reader(cfg) == [("serviceCredential", name)]
    runbook = parts.runbook(cfg)
    assert runbook["credential"].name == name
    assert runbook["validate_credential"] == (
        f'databricks credentials validate-credential --json \'{{"credential_name": "{name}", "purpose": "SERVICE"}}\''
    )
    assert (runbook["trust"], runbook["sts_endpoint"]) == (None, None)
    chain = parts.chain(cfg, kinesis_side(cfg))
    assert [n.id for n in chain.nodes[:3]] == ["cluster", "credential", "master"]
    assert (parts.chain_head, parts.chain_entry) == (frozenset({"cluster"}), "cluster")


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_the_modes_chain_is_the_one_the_meshs_sides_draw(path):
    """The registry draws a pair's chain from its config; the organisation's diagram draws it from the mesh's
    sides (the consumer's role and instance profile, or the pair's credential): the same chain."""
    loaded = load_any(path)
    org = organisation_of(loaded) if isinstance(loaded, Config) else loaded
    for consumer in mesh(org).consumers.values():
        for ps in consumer.pairs:
            if consumer.deployment is not None:
                expected = diagram.instance_profile_chain(ps.pair.cfg, ps.kinesis, consumer.deployment)
            else:
                assert ps.credential is not None
                expected = diagram.service_credential_chain(ps.pair.cfg, ps.kinesis, ps.credential)
            assert mode_text(consumer.mode).chain(ps.pair.cfg, ps.kinesis) == expected
