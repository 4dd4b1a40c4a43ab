"""A problem in a config file, and the error that carries every problem found.

A :class:`Problem` is a dotted path and a reason (a ``NamedTuple``: it still unpacks as ``path, reason``).
:class:`ConfigError` carries a list of them, each cleaned to one line, and for each a :class:`Place`: the file
and line it is at, once the problems were located in the file they came from (``config.positions``).
:meth:`Problem.line` is the one wording (``config error: [<file>:<line>: ]<path>: <reason>``); the commands print
it through ``kinesis_xacct.ops.cli.report``, which escapes control characters for the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Problem(NamedTuple):
    """One problem: where (a dotted path such as ``streams[0].name``) and why."""

    path: str
    reason: str

    def line(self, at: str = "") -> str:
        """The one wording; ``at`` is where the problem is (``file:line``, or ``file``), when known."""
        return f"config error: {at + ': ' if at else ''}{self.path}: {self.reason}"


class Place(NamedTuple):
    """Where a problem is: the file as the user named it, the 1-based line (0: not known), and the list item its
    path ends in (``streams.1``), if any, for the one note on how list items are counted."""

    file: str = ""
    line: int = 0
    item: str = ""

    def at(self) -> str:
        """``file:line``, ``file`` or nothing."""
        return f"{self.file}:{self.line}" if self.file and self.line else self.file


Problems = list[Problem]


def _escaped(ch: str) -> str:
    """A character as the terminal escapes write it (``\\x1b``, ``\\u202e``: as ``render.text.printable`` does)."""
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else (f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")


def clean_path(path: object) -> str:
    """A problem's path as one word: a key written with ':', spaces, line breaks or invisible characters (a
    hostile key) is shown with those characters escaped, so that the error stays one line naming the key."""
    text = "".join(
        "_" if ch == ":" else ch if ch.isprintable() and not ch.isspace() else _escaped(ch) for ch in str(path)
    )
    return text or "config"


class ConfigError(Exception):
    """One or more problems in a config file; ``problems`` is a list of :class:`Problem`."""

    def __init__(self, problems: Iterable[tuple[str, str]], places: Iterable[Place] = ()):
        # One line per problem, always: no line breaks in a reason, no ':' in a path.
        self.problems: Problems = [Problem(clean_path(p), " ".join(str(r).split())) for p, r in problems]
        self.places: list[Place] = [*places, *[Place()] * len(self.problems)][: len(self.problems)]
        super().__init__(
            "\n".join(problem.line(place.at()) for problem, place in zip(self.problems, self.places, strict=True))
        )


def index_note(item: str) -> str:
    """The once-per-run explanation of a list index in a path (``streams.1`` -> item 2 of the list)."""
    name, _, index = item.rpartition(".")
    return f" (list items count from 0 in a path: {item} is item {int(index) + 1} of {name or 'the list'})"
