"""A problem in a config file, and the error that carries every problem found.

A :class:`Problem` is a dotted path and a reason (a ``NamedTuple``: it still unpacks as ``path, reason``).
:class:`ConfigError` carries a list of them, each cleaned to one line; :meth:`Problem.line` is the one wording
(``config error: <path>: <reason>``); the commands print it through ``kinesis_xacct.ops.cli.report``, which
escapes control characters for the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    """One problem: where (a dotted path such as ``streams[0].name``) and why."""

    path: str
    reason: str

    def line(self) -> str:
        return f"config error: {self.path}: {self.reason}"


Problems = list[Problem]


def _escaped(ch: str) -> str:
    """A character as the terminal escapes write it (``\\x1b``, ``\\u202e``: as ``render.text.printable`` does)."""
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else (f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")


def _clean_path(path: object) -> str:
    """A problem's path as one word: a key written with ':', spaces, line breaks or invisible characters (a
    hostile key) is shown with those characters escaped, so that the error stays one line naming the key."""
    text = "".join(
        "_" if ch == ":" else ch if ch.isprintable() and not ch.isspace() else _escaped(ch) for ch in str(path)
    )
    return text or "config"


class ConfigError(Exception):
    """One or more problems in a config file; ``problems`` is a list of :class:`Problem`."""

    def __init__(self, problems: Iterable[tuple[str, str]]):
        # One line per problem, always: no line breaks in a reason, no ':' in a path.
        self.problems: Problems = [Problem(_clean_path(p), " ".join(str(r).split())) for p, r in problems]
        super().__init__("\n".join(problem.line() for problem in self.problems))
