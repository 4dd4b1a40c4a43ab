"""The organisation's stack graph for CI: which stacks depend on which, the deployment waves (stacks that may
run in parallel), the stacks a one-stack synth must build, and the files written beside the stacks:

* ``waves.json``: the waves and, per stack, its account, dependencies and wave;
* ``atlantis.yaml``: one Atlantis project per stack folder, ``depends_on`` and ``execution_order_group`` from
  the waves, one custom workflow per stack that synthesizes exactly that stack before ``init``/``plan``
  (Atlantis' repo-level config: https://www.runatlantis.io/docs/repo-level-atlantis-yaml and
  https://www.runatlantis.io/docs/custom-workflows).

Computed from the config alone (no stacks built), so a one-stack synth writes the same files as a full one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from kinesis_xacct.config.organisation import Organisation, Selection, consumer_stack, source_stack
from kinesis_xacct.iam.modes import mode_of
from kinesis_xacct.render.text import sh

WAVES_FILE = "waves.json"
ATLANTIS_FILE = "atlantis.yaml"
# What the synthesized output is made from, besides the config (relative to the repository root): the app, its
# templates, the committed provider locks, the frameworks and their pinned versions, the synth target. A change to
# any of them can change a stack's HCL, so an Atlantis project plans again when one is modified.
OUTPUT_INPUTS = (
    "kinesis_xacct/**",
    "templates/**",
    "locks/**",
    "frameworks/**",
    "main.py",
    "cdktf.json",
    "package.json",
    "package-lock.json",
    "requirements*.txt",
    "Makefile",
)


def when_modified(up: str, config: str) -> list[str]:
    """Atlantis' ``when_modified`` of a stack's project (patterns relative to its folder, ``up`` the way back to the
    repository root): the config, every input of the output, and the stack's own files where they are committed."""
    return [f"{up}/{config}", *(f"{up}/{p}" for p in OUTPUT_INPUTS), "cdk.tf", ".terraform.lock.hcl"]


@dataclass(frozen=True)
class StackInfo:
    name: str
    kind: str  # "source" | "consumer"
    key: str  # the source's or consumer's key in the config
    account_id: str | None  # None: a service-credential consumer that names no account (nothing in AWS)
    dependencies: tuple[str, ...]


def stack_graph(org: Organisation) -> dict[str, StackInfo]:
    """Every stack of the organisation, consumers first, then sources (config order)."""
    graph: dict[str, StackInfo] = {}
    for c in org.consumers:
        cfg = org.consumer_cfg(c)
        account = cfg.deployment_account.account_id if cfg.deployment_account else None
        graph[consumer_stack(c)] = StackInfo(consumer_stack(c), "consumer", c, account, ())
    for s in org.sources:
        deps = tuple(consumer_stack(p.consumer) for p in org.pairs_of_source(s))
        graph[source_stack(s)] = StackInfo(
            source_stack(s), "source", s, org.source_cfgs[s].kinesis_account.account_id, deps
        )
    return graph


def waves(graph: dict[str, StackInfo]) -> list[list[str]]:
    """Kahn's layering: wave n holds the stacks whose dependencies are all in earlier waves."""
    done: set[str] = set()
    out: list[list[str]] = []
    pending = list(graph)
    while pending:
        wave = [s for s in pending if all(d in done for d in graph[s].dependencies)]
        if not wave:
            raise ValueError(f"dependency cycle among {pending}")
        out.append(wave)
        done.update(wave)
        pending = [s for s in pending if s not in done]
    return out


class UnknownStacks(ValueError):
    pass


def closure(org: Organisation, selected: list[str]) -> Selection:
    """The stacks to build for ``selected``: a selected source needs the consumer stacks it depends on (their
    credentials' external IDs cross stacks in service-credential mode) as stand-ins; a selected consumer in
    service-credential mode needs, as stand-ins, the sources whose trust takes its credentials' external IDs
    (the references create its cross-stack outputs). An instance-profile consumer needs nothing else."""
    graph = stack_graph(org)
    unknown = [s for s in selected if s not in graph]
    if unknown:
        import difflib

        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, list(graph), n=1)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise UnknownStacks(f"unknown stack {', '.join(hints)}; the stacks are: {', '.join(graph)}")
    full = set(selected)
    stand_ins: set[str] = set()
    for name in selected:
        info = graph[name]
        if info.kind == "source":
            stand_ins.update(info.dependencies)
        else:
            for pair in org.pairs_of_consumer(info.key):
                if mode_of(pair.cfg).external_id_placeholder(pair.cfg) is not None:
                    stand_ins.add(source_stack(pair.source))
    return Selection(frozenset(full), frozenset(stand_ins - full))


def waves_document(org: Organisation) -> dict[str, object]:
    graph = stack_graph(org)
    layers = waves(graph)
    wave_of = {s: i for i, layer in enumerate(layers) for s in layer}
    return {
        "waves": layers,
        "stacks": {
            name: {
                "kind": info.kind,
                "account_id": info.account_id,
                "dependencies": list(info.dependencies),
                "wave": wave_of[name],
                "dir": f"stacks/{name}",
            }
            for name, info in graph.items()
        },
    }


def atlantis_document(org: Organisation, *, config: str, outdir: str) -> dict[str, object]:
    """The repo-level atlantis.yaml for an output folder ``outdir`` (relative to the repository root) made
    from ``config`` (relative to the repository root)."""
    doc = waves_document(org)
    stacks = doc["stacks"]
    assert isinstance(stacks, dict)
    projects = []
    workflows: dict[str, object] = {}
    for name, info in stacks.items():
        project_dir = f"{outdir}/stacks/{name}"
        up = "/".join([".."] * len(Path(project_dir).parts))
        workflow = f"kinesis-xacct-{name}"
        project: dict[str, object] = {
            "name": name,
            "dir": project_dir,
            "workflow": workflow,
            "execution_order_group": info["wave"],
            "autoplan": {"enabled": True, "when_modified": when_modified(up, config)},
        }
        if info["dependencies"]:
            project["depends_on"] = list(info["dependencies"])
        projects.append(project)
        # Before Terraform's own steps, synthesize exactly this stack (constant time, byte-identical to the
        # full synth) into the project folder's output, from the repository root.
        # Every word quoted (kinesis_xacct/render/text.py, sh): a file or folder name is data, never code.
        synth = f"cd {sh(up)} && make synth {sh('CONFIG=' + config)} {sh('OUT=' + outdir)} {sh('STACKS=' + name)}"
        workflows[workflow] = {"plan": {"steps": [{"run": synth}, "init", "plan"]}, "apply": {"steps": ["apply"]}}
    return {
        "version": 3,
        "automerge": False,
        "parallel_plan": True,
        "parallel_apply": True,
        "abort_on_execution_order_fail": True,
        "projects": projects,
        "workflows": workflows,
    }


# CI runs each stack in its own job (a runner of its own): local state (backend.type local) would be lost after
# every job, and a service-credential source reads its consumer's state (terraform_remote_state), which that
# runner does not have. So atlantis.yaml is not written, and the workflow's wave step refuses, for a local backend.
LOCAL_BACKEND_CI = (
    "CI runs each stack on a runner of its own, where local state is lost after the job "
    "(and a source cannot read its consumers' state); set backend.type: s3 (docs/remote-state.md)"
)


def ci_refusal(org: Organisation) -> str | None:
    """Why the organisation's stacks cannot run in CI jobs (``atlantis.yaml``, the workflow), or None."""
    return LOCAL_BACKEND_CI if org.pairs[0].cfg.backend.type == "local" else None


def write_ci_files(org: Organisation, folder: Path, *, config: str, outdir: str) -> list[str]:
    """``waves.json`` and, when the stacks can run in CI (S3 state), ``atlantis.yaml``; the notes to show."""
    (folder / WAVES_FILE).write_text(json.dumps(waves_document(org), indent=2) + "\n", encoding="utf-8")
    if refusal := ci_refusal(org):
        return [f"note: {ATLANTIS_FILE} not written: backend.type is local: {refusal}"]
    text = yaml.safe_dump(atlantis_document(org, config=config, outdir=outdir), sort_keys=False)
    (folder / ATLANTIS_FILE).write_text(
        "# Atlantis repo-level config for this output (copy it to the repository root): one project per stack.\n"
        + text,
        encoding="utf-8",
    )
    return []


# The GitHub workflow (.github/workflows/organisation.yml) has one matrix job per wave; an organisation has at
# most two waves (consumer stacks, then the source stacks that trust them).
CI_WAVES = 2


def github_outputs(org: Organisation) -> list[str]:
    """``wave<n>=<JSON list of {name, account_id}>`` lines for $GITHUB_OUTPUT, one per CI wave."""
    doc = waves_document(org)
    layers = doc["waves"]
    stacks = doc["stacks"]
    assert isinstance(layers, list) and isinstance(stacks, dict)
    if len(layers) > CI_WAVES:
        raise ValueError(f"{len(layers)} waves; the workflow runs {CI_WAVES}")
    lines = []
    for i in range(CI_WAVES):
        layer = layers[i] if i < len(layers) else []
        matrix = [{"name": s, "account_id": stacks[s]["account_id"] or ""} for s in layer]
        lines.append(f"wave{i}={json.dumps(matrix, separators=(',', ':'))}")
    return lines
