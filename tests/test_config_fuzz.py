"""No input crashes the config loader: random byte edits of config/example.yaml and random values in its
structure give either a valid Config or a ConfigError whose every problem prints as one well-formed
``config error: <dotted.path>: <reason>`` line (in-process: this checks the loader, not the entry points)."""

from __future__ import annotations

import copy
import random

import yaml

from kinesis_xacct.config import Config, ConfigError, parse_config
from kinesis_xacct.ops.load import load_config

from .helpers import EXAMPLE
from .outputs import ERROR_LINE

JUNK = [
    b":",
    b"-",
    b"[",
    b"{",
    b"&a",
    b"*a",
    b"!!",
    b"\n",
    b"  ",
    b"\t",
    b"'",
    b'"',
    b"0",
    b"null",
    b"~",
    b"? ",
    b"%YAML 1.2\n",
    b"\xff",
    b"<<: ",
    b"#",
    b"\x00",
]
VALUES = [None, 1, 1.5, True, "x", [], {}, [1], {"a": 1}, "a:b", "", "x" * 300, [None], {1: 2}, "arn:aws:kms:::"]


def _check(outcome) -> str:
    if isinstance(outcome, Config):
        return "valid"
    assert isinstance(outcome, ConfigError) and outcome.problems
    for path, reason in outcome.problems:
        line = f"config error: {path}: {reason}"
        assert ERROR_LINE.match(line) and "\n" not in line, line
    return "error"


def _attempt(fn, arg):
    try:
        return fn(arg)
    except ConfigError as err:
        return err


def test_random_byte_edits(tmp_path):
    rnd = random.Random(5)
    base = EXAMPLE.read_bytes()
    path = tmp_path / "config.yaml"
    seen = {"valid": 0, "error": 0}
    for _ in range(1500):
        data = bytearray(base)
        for _ in range(rnd.randint(1, 4)):
            pos = rnd.randrange(len(data))
            op = rnd.random()
            if op < 0.4:
                data[pos:pos] = rnd.choice(JUNK)
            elif op < 0.7:
                del data[pos : pos + rnd.randint(1, 20)]
            else:
                data[pos] = rnd.randrange(32, 127)
        path.write_bytes(bytes(data))
        seen[_check(_attempt(load_config, path))] += 1
    assert seen["error"] > 500 and seen["valid"] > 0, seen  # the edits did reach both outcomes


def _paths(node, prefix=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield prefix + (i,)
            yield from _paths(value, prefix + (i,))


def test_random_values_in_the_structure():
    rnd = random.Random(7)
    base = yaml.safe_load(EXAMPLE.read_text())
    paths = list(_paths(base))
    seen = {"valid": 0, "error": 0}
    for _ in range(1500):
        data = copy.deepcopy(base)
        for _ in range(rnd.randint(1, 3)):
            path, node = rnd.choice(paths), data
            try:
                for part in path[:-1]:
                    node = node[part]
                node[path[-1]] = rnd.choice(VALUES)
            except (KeyError, IndexError, TypeError):
                pass
        seen[_check(_attempt(parse_config, data))] += 1
    assert seen["error"] > 1000, seen
