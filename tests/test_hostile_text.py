"""Nothing a config says becomes code: values in the RUNBOOKs stay text or code (Markdown parsed with
markdown-it), the commands we print and write give each path and name back exactly (``shlex.split``), the
Makefile hands CONFIG, OUT and STACKS to the shell as data, control characters are shown escaped, and the
bounded "did you mean" still names the close stream of the first of thousands of unknown names."""

from __future__ import annotations

import ast
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from kinesis_xacct.config import ConfigError, parse_config
from kinesis_xacct.config.messages import SUGGESTION_LIMIT
from kinesis_xacct.config.organisation import Organisation, parse_organisation
from kinesis_xacct.iam.policies import deployment_side, kinesis_side
from kinesis_xacct.ops.load import load_any
from kinesis_xacct.render import diagram, templates
from kinesis_xacct.render.organisation import render_org_runbook
from kinesis_xacct.render.text import cell, code, md, mermaid, printable, sql_name
from kinesis_xacct.synth.waves import atlantis_document, waves_document

from . import large_configs
from .helpers import EXAMPLE, ROOT, load_yaml, require_tool, tool_env, variant, write_config
from .outputs import line_of

ORGANISATION = ROOT / "config" / "organisation.yaml"
HOSTILE_MD = [
    "# heading <script>alert(1)</script>",
    "[click](https://evil.example) ![img](https://evil.example/x.png)",
    "<img src=x onerror=alert(1)> **bold** _em_ | cell",
    "a`b``c`",
    "`starts with a backtick",
    "1. list\n## second line heading",
]
SHELL_NAMES = ["x;touch pwned", "$(touch pwned)", "`touch pwned`", "a b'c\"d", "-n", "x&&touch pwned|cat"]
CONTROL_CHARS = "\x1b\x07\x00\x7f\x85\u202e\u2066\u200b\ufeff"
CONTROLS = "\x1b[2J" + CONTROL_CHARS[1:]  # clear the screen, bell, NUL, DEL, NEL, RLO, LRI, ZWSP, BOM


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _tokens(text: str) -> list[Any]:
    """Every token of the parsed Markdown, inline children included."""
    out = []
    for tok in _md().parse(text):
        out.append(tok)
        out.extend(tok.children or [])
    return out


def _structure(text: str) -> dict[str, list[str]]:
    """What Markdown made of a document: its headings, link targets, images and raw HTML."""
    toks = _md().parse(text)
    headings = [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open"]
    flat = _tokens(text)
    return {
        "headings": headings,
        "links": [t.attrGet("href") for t in flat if t.type == "link_open"],
        "images": [t.attrGet("src") for t in flat if t.type == "image"],
        "html": [t.content for t in flat if t.type in ("html_block", "html_inline")],
    }


def _code_spans(text: str) -> list[str]:
    return [t.content for t in _tokens(text) if t.type == "code_inline"]


def _words(command: str, cwd: Path) -> list[str]:
    """The words the shell makes of ``command`` (bash, in ``cwd``): what a user running it would pass."""
    script = f"set -- {command}\nprintf '%s\\0' \"$@\""
    proc = subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, timeout=30, check=True)
    return proc.stdout.decode().split("\0")[:-1]


def _single_runbook(config_name: str, out: str = "cdktf.out", **databricks: Any) -> str:
    cfg = parse_config(variant(**{"databricks.enabled": True, "databricks.job": True}))
    # The values are set past the config's own rules: whatever those let through, the RUNBOOK must show as text.
    cfg = cfg.model_copy(update={"databricks": cfg.databricks.model_copy(update=databricks)})
    return templates.render_runbook(cfg, config_name, kinesis_side(cfg), deployment_side(cfg), out=out)


# ------------------------------------------------------------------------------------------- the functions


def test_printable_escapes_every_control_bidi_and_zero_width_character():
    for ch in [chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]:
        assert printable(f"a{ch}b") == f"a\\x{ord(ch):02x}b"
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff\u2028":
        assert printable(ch) == f"\\u{ord(ch):04x}"
    assert printable("plain ASCII, é ü 数据 🙂") == "plain ASCII, é ü 数据 🙂"


@pytest.mark.parametrize("value", HOSTILE_MD)
def test_md_and_code_keep_a_value_text(value: str):
    for rendered, kind in ((md(value), "text"), (code(value), "code_inline")):
        doc = f"before {rendered} after\n"
        s = _structure(doc)
        assert s == {"headings": [], "links": [], "images": [], "html": []}, (value, kind)
        if kind == "code_inline":
            assert _code_spans(doc) == [printable(value)]
        else:
            text = "".join(t.content for t in _tokens(doc) if t.type == "text")
            assert text == f"before {printable(value)} after"


def test_cell_keeps_a_pipe_inside_one_table_cell():
    doc = f"| a | b |\n|---|---|\n| {cell('x | y')} | z |\n"
    cells = [t.content for t in _tokens(doc) if t.type == "code_inline"]
    assert cells == ["x | y"]


@pytest.mark.parametrize("value", ["main", "data engineers", "a`b", "``", "x`;DROP TABLE t;--", "line\nbreak"])
def test_sql_name_is_one_identifier(value: str):
    """A SQL identifier in backticks: an inner backtick doubled (Databricks SQL), no line break; read back as
    the value (shown printable)."""
    quoted = sql_name(value)
    assert quoted.startswith("`") and quoted.endswith("`") and "\n" not in quoted
    inner = quoted[1:-1]
    assert "`" not in inner.replace("``", "")  # no lone backtick ends the identifier early
    assert inner.replace("``", "`") == printable(value)


def test_mermaid_labels_cannot_close_their_quotes():
    chain = diagram.Chain(
        (diagram.Node("a", 'x"] --> evil["#quot;`**b**`<b>', "y"), diagram.Node("b", "z")),
        (diagram.Edge("a", "b", 'l"|x'),),
    )
    src = diagram.render(chain)
    node_line, edge_line = src.splitlines()[1], src.splitlines()[3]
    label = node_line[len('  a["') : -len('"]')]
    assert '"' not in label and "`" not in label and "<" not in label.replace("<br/>", "")
    assert label.startswith(mermaid('x"] --> evil["#quot;`**b**`<b>'))
    assert mermaid('"') == "#quot;" and mermaid("#quot;") == "#35;quot;"
    assert edge_line == f'  a -->|"{mermaid(chr(34).join(["l", "|x"]))}"| b'


# ------------------------------------------------------------------------------------------- the RUNBOOKs


@pytest.mark.parametrize("value", HOSTILE_MD)
def test_runbook_shows_markdown_and_html_values_as_code(value: str, tmp_path: Path):
    benign = _single_runbook("config/x.yaml")
    hostile = _single_runbook(value, cluster_name=value, groups=[value], single_user_name=value, notebook_path=value)
    assert _structure(hostile) == _structure(benign)
    spans = _code_spans(hostile)
    shown = printable(value)
    for expected in (shown, f"{shown}-job"):
        assert expected in spans, expected
    # the file name is a shell word in the commands, each given back exactly
    make_lines = [s for s in spans if s.startswith("make deploy CONFIG=")]
    assert make_lines and all(_words(s, tmp_path)[2] == f"CONFIG={value}" for s in make_lines)
    assert list(tmp_path.iterdir()) == []


def test_runbook_diagram_labels_are_quoted_for_mermaid():
    value = 'c"] --> x["#quot;`y`'
    text = _single_runbook("x.yaml", cluster_name=value)
    (chart,) = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    (line,) = [ln for ln in chart.splitlines() if ln.startswith("  cluster(")]
    assert line == f'  cluster("Databricks cluster (dedicated)<br/>{mermaid(value)}")'


@pytest.mark.parametrize("name", SHELL_NAMES)
def test_runbook_commands_give_config_and_out_back_exactly(name: str):
    text = _single_runbook(f"{name}.yaml", out=f"{name}.out")
    fenced = [t.content for t in _md().parse(text) if t.type == "fence" and t.info in ("sh", "bash")]
    commands = [ln.strip() for block in fenced for ln in block.splitlines() if ln.strip()]
    commands += [
        s
        for s in _code_spans(text)
        if s.startswith(
            (
                "make deploy CONFIG=",
                "make plan CONFIG=",
                "make destroy CONFIG=",
                "make run-validation CONFIG=",
                "XACCT_CONFIG=",
            )
        )
    ]
    assert len(commands) >= 8, commands
    for command in commands:
        words = shlex.split(command, comments=True)
        if words[0] == "make":
            assert f"CONFIG={name}.yaml" in words and f"OUT={name}.out" in words, command
        elif words[0].startswith("XACCT_CONFIG="):
            assert words[0] == f"XACCT_CONFIG={name}.yaml" and words[words.index("--output") + 1] == f"{name}.out"
        else:
            assert words[:2] == ["terraform", f"-chdir={name}.out/stacks/kinesis-account"], command


@pytest.mark.parametrize("name", SHELL_NAMES[:3] + [HOSTILE_MD[0]])
def test_organisation_runbook_and_atlantis_quote_every_name(name: str):
    org = load_any(ORGANISATION)
    assert isinstance(org, Organisation)
    doc = waves_document(org)
    text = render_org_runbook(org, f"{name}.yaml", doc, outdir=f"{name}.out")
    assert _structure(text)["headings"] == _structure(render_org_runbook(org, "o.yaml", doc))["headings"]
    assert f"Generated from {code(name + '.yaml')}." in text
    cli_lines = [ln for ln in text.splitlines() if ln.startswith("XACCT_CONFIG=")]
    all_stacks = [s for wave in doc["waves"] for s in wave]
    assert len(cli_lines) == 2 * len(doc["waves"])  # deploy and destroy, one line per wave
    for line in cli_lines:
        words = shlex.split(line)
        assert words[0] == f"XACCT_CONFIG={name}.yaml" and words[1] == "cdktf"
        assert words[words.index("--output") + 1] == f"{name}.out"
        assert set(words[3 : words.index("--output")]) <= set(all_stacks)
    make_lines = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("make ")]
    assert len(make_lines) >= 3 + len(all_stacks)  # deploy, run-validation, destroy; each stack alone
    for line in make_lines:
        words = shlex.split(line, comments=True)
        assert f"CONFIG={name}.yaml" in words and f"OUT={name}.out" in words, line
    atlantis = atlantis_document(org, config=f"{name}.yaml", outdir=f"{name}.out")
    for project in atlantis["projects"]:
        (step, *_) = atlantis["workflows"][project["workflow"]]["plan"]["steps"]
        cd, _, make = step["run"].partition(" && ")
        assert shlex.split(make) == [
            "make",
            "synth",
            f"CONFIG={name}.yaml",
            f"OUT={name}.out",
            f"STACKS={project['name']}",
        ]
        assert shlex.split(cd)[0] == "cd"


# ------------------------------------------------------------------------------------------- the Makefile


def _make(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in tool_env().items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    return subprocess.run(
        [require_tool("make"), "--no-print-directory", "-o", "install", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["x;touch pwned;$(touch pwned)`touch pwned`.yaml", 'it\'s "quoted" & $HOME.yaml'])
def test_make_validate_takes_a_config_name_as_data(name: str, tmp_path: Path):
    folder = tmp_path / "work"
    folder.mkdir()
    config = folder / name
    shutil.copy(EXAMPLE, config)
    proc = _make("validate", f"CONFIG={config}", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert f"config {config}: valid" in proc.stdout.splitlines()
    assert sorted(p.name for p in folder.iterdir()) == [name]
    assert not (ROOT / "pwned").exists()
    # a broken config under such a name: refused with exit 2, still nothing run
    config.write_text("region: [\n", encoding="utf-8")
    proc = _make("validate", f"CONFIG={config}")
    assert proc.returncode == 2 and f"config error: {printable(str(config))}:2: config: " in proc.stderr, proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == [name] and not (ROOT / "pwned").exists()


def test_make_expands_nothing_in_config_or_out(tmp_path: Path):
    marker = tmp_path / "pwned"
    proc = _make("validate", f"CONFIG=$(shell touch {marker})")
    assert proc.returncode == 2 and "does not exist" in proc.stderr, proc.stderr
    proc = _make("clean", f"OUT=$(shell touch {marker})", "-n")  # -n: print the commands only
    assert proc.returncode == 0, proc.stderr
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("if test -f ")]
    assert shlex.split(line.split(";")[0]) == ["if", "test", "-f", f"$(shell touch {marker})/.kinesis-xacct-output"]
    assert f"rm -rf -- '$(shell touch {marker})'" in line
    assert not marker.exists()


@pytest.mark.parametrize("stacks", ["a;touch {m}", "$(touch {m})", "`touch {m}`", "a|b", "$(shell touch {m})"])
def test_make_refuses_stacks_with_shell_characters_before_any_shell(stacks: str, tmp_path: Path):
    marker = tmp_path / "pwned"
    proc = _make("synth", f"STACKS={stacks.format(m=marker)}", "-n")
    assert proc.returncode == 2
    assert "STACKS: only stack names" in proc.stderr
    assert not marker.exists()


def test_make_recipes_fail_on_a_failing_step():
    """A recipe run with the Makefile's shell settings fails when any command of a pipe fails, and on an unset
    variable; the Makefile's own multi-command recipes therefore stop at their first failure."""
    probe = ["--eval", "probe-pipe: ; @false | true", "--eval", "probe-ok: ; @true | true"]
    assert _make(*probe, "probe-ok").returncode == 0
    failed = _make(*probe, "probe-pipe")
    assert failed.returncode == 2 and "probe-pipe" in failed.stderr
    unset = _make("--eval", "probe-unset: ; @echo $$XACCT_SURELY_UNSET_VARIABLE", "probe-unset")
    assert unset.returncode == 2 and "unbound variable" in unset.stderr


# ------------------------------------------------------------------------------------------- the terminal


def test_make_validate_shows_control_characters_escaped(tmp_path: Path):
    config = tmp_path / f"cfg{CONTROLS.replace(chr(0), '')}.yaml"  # a file name holds anything but NUL
    shutil.copy(EXAMPLE, config)
    proc = _make("validate", f"CONFIG={config}")
    assert proc.returncode == 0, proc.stderr
    (first,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("config ")]
    assert first == f"config {printable(str(config))}: valid"
    assert "\\x1b[2J" in first and "\\u202e" in first
    for ch in CONTROL_CHARS:
        assert ch not in proc.stdout, repr(ch)


def test_config_errors_show_control_characters_escaped(tmp_path: Path):
    data = load_yaml(ORGANISATION)
    data["consumers"][f"evil{CONTROLS}"] = data["consumers"].pop("fraud")
    config = write_config(tmp_path, data)
    proc = _make("validate", f"CONFIG={config}")
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("config error: ")]
    evil = line_of(config, r'^  (\? )?"?evil')  # YAML writes the key as a quoted complex key
    at = f"config error: {config}:{evil}: "
    assert any(ln.startswith(f"{at}consumers.{printable('evil' + CONTROLS)}") for ln in lines), lines
    for ch in CONTROL_CHARS:
        assert ch not in proc.stderr, repr(ch)


# ------------------------------------------------------------------------------------------- did you mean


def test_thousands_of_unknown_streams_each_named_the_first_with_the_close_one():
    with pytest.raises(ConfigError) as err:
        parse_organisation(large_configs.unknown_streams(unknown=5000))
    unknown = [(p, r) for p, r in err.value.problems if p.startswith("consumers.c0.reads.0.streams.")]
    assert len(unknown) == 5000
    for j, (path, reason) in enumerate(unknown):
        assert path == f"consumers.c0.reads.0.streams.{j}"
        prefix = f"unknown stream 's0-strem-{j:04d}' of source 's0'"
        if j < SUGGESTION_LIMIT:
            assert reason == f"{prefix}; did you mean 's0-stream-{j:03d}'?"
        else:
            assert reason == prefix


def test_a_large_organisation_is_refused_with_its_one_problem():
    with pytest.raises(ConfigError) as err:
        parse_organisation(large_configs.many_consumers())
    assert err.value.problems == [large_configs.MISSPELLED_READ]


def test_known_names_listed_are_bounded():
    data = load_yaml(ORGANISATION)
    data["sources"]["clickstream"]["streams"] = [{"name": f"n{i}"} for i in range(40)]
    data["consumers"]["analytics"]["reads"][0]["streams"] = ["zzzzzzzz"]
    with pytest.raises(ConfigError) as err:
        parse_organisation(data)
    (reason,) = [r for p, r in err.value.problems if p == "consumers.analytics.reads.0.streams.0"]
    assert reason.endswith("; known: n0, n1, n2, n3, n4, n5, n6, n7, n8, n9 and 30 more")


def test_no_module_prints_a_config_value_unescaped():
    """Every ``config error:`` line is printed by the one reporter (which escapes)."""
    printers = []
    for path in (ROOT / "kinesis_xacct").rglob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r'print\(f"config error: \{(?!printable)', line):
                printers.append(f"{path.relative_to(ROOT)}:{n}")
    assert printers == []


def test_notebook_comments_cannot_end_in_code():
    """A value in a comment line (the read's role) and one in the READS literal (its STS endpoint), each with
    a line break and code after it (the config's rules refuse both; here they are forced past them)."""
    cfg = parse_config(variant(**{"databricks.enabled": True}))
    evil = "x\nimport os; os.system('touch pwned')  #"
    cfg = cfg.model_copy(
        update={
            "databricks": cfg.databricks.model_copy(update={"sts_endpoint": evil}),
            "kinesis_account": cfg.kinesis_account.model_copy(update={"role_name": evil}),
        }
    )
    notebook = templates.render_notebook(cfg)
    compile(notebook, "validate_kinesis.py", "exec")
    assert not any(ln.lstrip().startswith("import os; os.system") for ln in notebook.splitlines())
    (comment,) = [ln for ln in notebook.splitlines() if ln.startswith("#") and "role arn:" in ln]
    assert comment.endswith(f"role/{printable(evil)};")
    reads = next(n for n in ast.parse(notebook).body if isinstance(n, ast.Assign) and n.targets[0].id == "READS")
    assert ast.literal_eval(reads.value)[0]["stsEndpoint"] == evil
