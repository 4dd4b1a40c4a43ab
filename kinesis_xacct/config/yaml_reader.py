"""Reading a config file: a bounded YAML loader (no aliases, no duplicate keys, bounded size, nodes, depth)
and clear errors for files that are not YAML text."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from kinesis_xacct.config.messages import type_name
from kinesis_xacct.config.model import short
from kinesis_xacct.config.positions import Positions
from kinesis_xacct.config.problems import ConfigError, Place, Problem

MAX_CONFIG_BYTES = 256 * 1024
MAX_YAML_NODES = 20_000
MAX_YAML_DEPTH = 32
MAX_NUMBER_DIGITS = 40  # no config number needs more; Python refuses to convert ints over 4300 digits at all
# Tags of YAML types a config never holds: refused with their name rather than read into a type no key takes.
_UNSUPPORTED_TAGS = {
    "tag:yaml.org,2002:set": "!!set (a set has no order: the output would differ from run to run)",
    "tag:yaml.org,2002:omap": "!!omap",
    "tag:yaml.org,2002:pairs": "!!pairs",
    "tag:yaml.org,2002:merge": "merge keys (<<)",
}
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _refused(problem: str, mark: yaml.Mark) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, mark)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no alias bombs) and duplicate keys, and bounds nodes and depth."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _refused("YAML aliases (*name) are not allowed in a config", self._mark())
        self._nodes = getattr(self, "_nodes", 0) + 1
        if self._nodes > MAX_YAML_NODES:
            raise _refused(f"more than {MAX_YAML_NODES} YAML nodes", self._mark())
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _refused(f"nested more than {MAX_YAML_DEPTH} levels deep", self._mark())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _mark(self) -> yaml.Mark:
        """Where the next event starts (for an error message)."""
        mark: yaml.Mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        return mark

    def construct_document(self, node: yaml.Node) -> Any:
        """Record the dotted key of every node first, so that an error names the key it is at."""
        self._keys: dict[int, str] = {}
        # The 1-based line of every dotted path (a key: its key's line; a list item: where the item starts),
        # and which paths are list items: where a problem found later is (config.positions).
        self.key_lines: dict[str, int] = {"": node.start_mark.line + 1}
        self.list_items: set[str] = set()
        todo: list[tuple[yaml.Node, str]] = [(node, "")]
        while todo:
            current, path = todo.pop()
            self._keys[id(current)] = path
            if isinstance(current, yaml.MappingNode):
                for key_node, value_node in current.value:
                    name = f"{path}.{key_node.value}" if path else str(key_node.value)
                    self._keys[id(key_node)] = name
                    self.key_lines.setdefault(name, key_node.start_mark.line + 1)
                    todo.append((value_node, name))
            elif isinstance(current, yaml.SequenceNode):
                for i, item in enumerate(current.value):
                    name = f"{path}.{i}" if path else str(i)
                    self.key_lines[name] = item.start_mark.line + 1
                    self.list_items.add(name)
                    todo.append((item, name))
        return super().construct_document(node)

    def _at(self, node: yaml.Node) -> str:
        key = getattr(self, "_keys", {}).get(id(node))
        return f"at key {short(key)}: " if key else ""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """One node, or a marked error naming the node's place: an unsupported tag, a number of too many
        digits, a tagged scalar whose value is not of its tag's type (``!!int abc``, ``!!timestamp junk``)."""
        if node.tag in _UNSUPPORTED_TAGS:
            raise _refused(
                f"{self._at(node)}YAML {_UNSUPPORTED_TAGS[node.tag]} is not supported in a config",
                node.start_mark,
            )
        if (
            isinstance(node, yaml.ScalarNode)
            and node.tag in _NUMBER_TAGS
            and sum(ch.isdigit() for ch in str(node.value)) > MAX_NUMBER_DIGITS
        ):
            raise _refused(f"{self._at(node)}a number of more than {MAX_NUMBER_DIGITS} digits", node.start_mark)
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, OverflowError, IndexError, KeyError):
            value = node.value if isinstance(node, yaml.ScalarNode) else "..."
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise _refused(
                f"{self._at(node)}the value {short(value)} cannot be read as {tag}", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _refused(
                        f"{self._at(key_node)}YAML merge keys (<<) are not supported in a config",
                        key_node.start_mark,
                    )
                if isinstance(key_node, yaml.ScalarNode):
                    key = (key_node.tag, key_node.value)
                    if key in seen:
                        raise _refused(
                            f"duplicate key {key_node.value!r} (first on line {seen[key] + 1}); "
                            f"YAML would silently keep only the last one",
                            key_node.start_mark,
                        )
                    seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _problem(reason: str, place: Place | None = None) -> ConfigError:
    """A problem with the file itself (path ``config``), at ``place`` when it is known."""
    return ConfigError([Problem("config", reason)], [place] if place else [])


def read_yaml(path: Path) -> Any:
    """The config file's data (a mapping), or :class:`ConfigError`."""
    return read_yaml_located(path)[0]


def read_yaml_located(path: Path) -> tuple[Any, Positions]:
    """The config file's data (a mapping) and where each of its keys is, or :class:`ConfigError`: a problem
    with the file's content names the file (and the line, for invalid YAML)."""
    file = Place(str(path))
    return _parse(_read_text(path, file), file)


def _read_text(path: Path, file: Place) -> str:
    """The file's text: a regular, readable, bounded UTF-8 text file that is not empty."""
    shown = repr(str(path))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise _problem(f"file {shown} does not exist") from None
    except NotADirectoryError:
        raise _problem(f"file {shown} does not exist: a folder on its path is a file") from None
    except PermissionError:
        raise _problem(f"file {shown} is not accessible (permission denied on a folder above it)") from None
    except (OSError, ValueError) as e:
        raise _problem(f"cannot read {shown}: {getattr(e, 'strerror', None) or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise _problem(f"{shown} is a directory, not a config file")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise _problem(f"{shown} is {kind}, not a config file (give the path of a YAML file)")
    if st.st_size > MAX_CONFIG_BYTES:
        raise _problem(f"file is {st.st_size} bytes; a config is at most {MAX_CONFIG_BYTES}", file)
    try:
        with open(path, "rb") as f:  # never blocks: a regular file
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except PermissionError:
        raise _problem(f"file {shown} is not readable (permission denied)") from None
    except OSError as e:
        raise _problem(f"cannot read {shown}: {e.strerror or e}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise _problem(f"file is over {MAX_CONFIG_BYTES} bytes; a config is at most {MAX_CONFIG_BYTES}", file)
    if b"\x00" in raw or re.search(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]", raw):
        raise _problem("file is binary, not YAML text", file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _problem("file is not UTF-8 text", file) from None
    if not text.strip():
        raise _problem("file is empty", file)
    return text


def _parse(text: str, file: Place) -> tuple[Any, Positions]:
    """The text's one YAML document (a mapping) through the bounded loader, and the line of each of its keys."""
    loader = _BoundedLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        at = f" (column {mark.column + 1})" if mark else ""
        context = e.context
        if context and e.context_mark and mark and e.context_mark.line != mark.line:
            context += f" started on line {e.context_mark.line + 1}"  # an unclosed '[' is found lines later
        what = "; ".join(x for x in (context, e.problem) if x)
        line = Place(file.file, mark.line + 1) if mark else file
        raise _problem(f"invalid YAML{at}: {what}", line) from None
    except yaml.YAMLError as e:
        raise _problem(f"invalid YAML: {e}", file) from None
    except RecursionError:
        raise _problem("invalid YAML: nested too deeply", file) from None
    finally:
        loader.dispose()
    if data is None:
        raise _problem("file has no settings (only comments or an empty document)", file)
    if not isinstance(data, dict):
        raise _problem(f"top level must be a mapping of keys, got {type_name(data)}", file)
    return data, Positions(file.file, getattr(loader, "key_lines", {}), getattr(loader, "list_items", set()))
