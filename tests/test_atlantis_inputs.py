"""atlantis.yaml's ``autoplan.when_modified``: a project plans again when anything its stack's HCL is made from
changes (the config, the app, its templates, the provider locks, the frameworks and their versions), not only the
config and a committed ``cdk.tf``."""

from __future__ import annotations

import fnmatch
import os
import subprocess
from pathlib import Path

from kinesis_xacct.config.organisation import parse_organisation
from kinesis_xacct.synth.waves import OUTPUT_INPUTS, atlantis_document

from .helpers import ROOT, load_yaml


def _tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def _matches(path: str, pattern: str) -> bool:
    # Atlantis' patterns (moby/patternmatcher): ** spans folders; fnmatch's * does too, which is enough here
    return fnmatch.fnmatch(path, pattern.replace("/**", "/*"))


def test_every_pattern_names_files_of_the_repository():
    tracked = _tracked()
    for pattern in OUTPUT_INPUTS:
        assert any(_matches(p, pattern) for p in tracked), pattern


def test_every_source_of_the_output_is_watched():
    """The app's modules, templates and committed locks are each matched by a pattern."""
    for path in _tracked():
        if path.startswith(("kinesis_xacct/", "templates/", "locks/")) or path in ("main.py", "cdktf.json"):
            assert any(_matches(path, p) for p in OUTPUT_INPUTS), path


def test_each_project_watches_the_config_and_every_input():
    data = load_yaml(ROOT / "config" / "organisation.yaml")
    data["backend"] = {"type": "s3", "bucket": "kinesis-xacct-state"}
    doc = atlantis_document(parse_organisation(data), config="config/organisation.yaml", outdir="cdktf.out")
    for project in doc["projects"]:  # type: ignore[attr-defined]
        up = "/".join([".."] * len(Path(project["dir"]).parts))
        watched = project["autoplan"]["when_modified"]
        assert watched[0] == f"{up}/config/organisation.yaml"
        assert [f"{up}/{p}" for p in OUTPUT_INPUTS] == watched[1:-2]
        assert watched[-2:] == ["cdk.tf", ".terraform.lock.hcl"]
        # from the project's folder, up leads back to the repository root
        assert os.path.normpath(f"{project['dir']}/{up}") == "."
