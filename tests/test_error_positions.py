"""Config errors say where: each newcomer mistake, written by hand into a copy of config/example.yaml (comments
and all) at a relative path, through ``python -m kinesis_xacct check``, names ``<the path as given>:<line>`` of the
offending key before the dotted path; a list index in a path is explained once; a YAML syntax error names the
file and line. Expected lines are found by reading the text (``line_of``), not by the YAML reader under test.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kinesis_xacct.config import ConfigError, parse_config
from kinesis_xacct.config.problems import Place
from kinesis_xacct.ops.load import load_any, load_config

from .helpers import EXAMPLE, ROOT, load_yaml, tool_env
from .outputs import config_error_parts, line_of

NOTE = re.compile(r" \(list items count from 0 in a path: (\S+) is item (\d+) of (\S+)\)$")


def _my_config(tmp_path: Path, text: str, name: str = "config/my.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _example(*edits: tuple[str, str]) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _check(tmp_path: Path, name: str = "config/my.yaml") -> list[str]:
    """`check` run from the config's project folder with the relative path a user types."""
    proc = subprocess.run(
        [sys.executable, "-m", "kinesis_xacct", "check", name],
        cwd=tmp_path,
        env={**tool_env(), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    return proc.stderr.splitlines()


TWO_STREAMS = ("    - name: testStream\n", "    - name: testStream\n    - name: second stream  # a space\n")


def test_a_bad_list_item_names_file_line_and_counts_items_as_people_do(tmp_path):
    config = _my_config(tmp_path, _example(TWO_STREAMS))
    (line,) = _check(tmp_path)
    at = f"config/my.yaml:{line_of(config, r'- name: second stream')}"
    assert line.startswith(f"config error: {at}: kinesis_account.streams.1.name: 'second stream' is not valid"), line
    assert line.endswith(" (list items count from 0 in a path: streams.1 is item 2 of streams)"), line


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path):
    config = _my_config(tmp_path, _example(("  access: read ", "  access: [read ")))
    (line,) = _check(tmp_path)
    opened = line_of(config, r"access: \[read")
    place, path, reason = config_error_parts(line, "config/my.yaml")
    assert path == "config" and reason.startswith("invalid YAML (column "), line
    assert re.fullmatch(r"config/my\.yaml:\d+", place) and int(place.rsplit(":", 1)[1]) >= opened, line
    assert f"started on line {opened}" in reason, line  # the unclosed '[' is found later: where it opened


def test_a_duplicate_key_names_the_second_one(tmp_path):
    config = _my_config(
        tmp_path, _example(("  trust_ec2_service: false\n", "  trust_ec2_service: false\n  trust: role\n"))
    )
    (line,) = _check(tmp_path)
    second = line_of(config, r"^  trust: role$")
    first = line_of(config, r"^  trust: role ")
    assert line.startswith(f"config error: config/my.yaml:{second}: config: invalid YAML (column 3): "), line
    assert f"duplicate key 'trust' (first on line {first})" in line


def test_an_unknown_key_names_its_own_line(tmp_path):
    config = _my_config(tmp_path, _example(("  trust: role ", "  turst: role ")))
    lines = _check(tmp_path)
    at = f"config/my.yaml:{line_of(config, r'^  turst:')}"
    assert f"config error: {at}: kinesis_account.turst: unknown key; did you mean 'trust'?" in lines, lines


def test_a_missing_key_names_the_line_of_its_parent_mapping(tmp_path):
    config = _my_config(tmp_path, re.sub(r"(?m)^  workspace_role_name:.*\n", "", _example()))
    (line,) = _check(tmp_path)
    at = f"config/my.yaml:{line_of(config, r'^deployment_account:')}"
    assert line.startswith(f"config error: {at}: deployment_account.workspace_role_name: required"), line


def test_a_rule_across_fields_names_the_line_of_the_first_field_it_names(tmp_path):
    config = _my_config(tmp_path, _example(('  account_id: "111111111111"', '  account_id: "222222222222"')))
    (line,) = _check(tmp_path)
    at = f"config/my.yaml:{line_of(config, r'^  account_id:', after=r'^kinesis_account:')}"
    assert line == (
        f"config error: {at}: kinesis_account.account_id: is the same as deployment_account.account_id; "
        "this tool sets up cross-account access"
    )


def test_the_index_note_is_said_once(tmp_path):
    text = _example(
        ("    - name: testStream\n", "    - name: testStream\n    - name: bad one\n    - name: bad two\n"),
    )
    config = _my_config(tmp_path, text)
    lines = _check(tmp_path)
    assert [line for line in lines if NOTE.search(line)] == [lines[0]], lines
    assert NOTE.search(lines[0]).groups() == ("streams.1", "2", "streams")  # type: ignore[union-attr]
    assert lines[1].startswith(
        f"config error: config/my.yaml:{line_of(config, r'- name: bad two')}: kinesis_account.streams.2.name: "
    ), lines


def test_an_organisation_error_names_the_line_in_the_organisation_file(tmp_path):
    text = (ROOT / "config" / "organisation.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - source: payments\n        access: read\n", "      - source: paymnts\n        access: read\n"
    )
    config = _my_config(tmp_path, text, "org.yaml")
    lines = _check(tmp_path, "org.yaml")
    at = f"org.yaml:{line_of(config, r'- source: paymnts')}"
    assert lines == [
        f"config error: {at}: consumers.fraud.reads.0.source: unknown source 'paymnts'; did you mean 'payments'? "
        "(list items count from 0 in a path: reads.0 is item 1 of reads)"
    ]


@pytest.mark.parametrize("loader", [load_any, load_config])
def test_loaded_errors_carry_their_place_and_plain_data_errors_none(tmp_path, loader):
    config = _my_config(tmp_path, _example(TWO_STREAMS))
    with pytest.raises(ConfigError) as err:
        loader(config)
    assert [p.path for p in err.value.problems] == ["kinesis_account.streams.1.name"]
    assert err.value.places == [Place(str(config), line_of(config, r"- name: second stream"), "streams.1")]
    data = load_yaml()
    data["kinesis_account"]["streams"].append({"name": "second stream"})
    with pytest.raises(ConfigError) as plain:
        parse_config(data)
    assert plain.value.problems == err.value.problems and plain.value.places == [Place()]
