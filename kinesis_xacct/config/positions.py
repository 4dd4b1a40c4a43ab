"""Where each key of a config file is: the line of every dotted path, recorded while the file is read (from the
YAML nodes' marks, no second parse), and the locating of a :class:`ConfigError`'s problems in that file.

A problem's path names a key that is in the file (its line), or one that is not (a missing key, a key a rule
adds): then the line of the nearest key above it that is (a missing key: its parent mapping's key; a problem of
the whole file: the first line of the top-level mapping). Paths are matched as :class:`ConfigError` shows them
(hostile keys escaped), so the organisation form's problems, mapped back to the organisation's own paths, find
their lines in the organisation file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kinesis_xacct.config.problems import ConfigError, Place, clean_path


@dataclass
class Positions:
    """The file as the user named it, and the 1-based line of every dotted path in it ("" is the top level).
    ``items`` holds the paths that are list items (``kinesis_account.streams.1``)."""

    file: str
    lines: dict[str, int] = field(default_factory=dict)
    items: set[str] = field(default_factory=set)
    _clean: dict[str, str] | None = None

    def _shown(self) -> dict[str, str]:
        """Shown (cleaned) path -> the file's own path, built on the first error only (the happy path pays
        nothing for it)."""
        if self._clean is None:
            self._clean = {}
            for raw in self.lines:
                self._clean.setdefault(clean_path(raw) if raw else "", raw)
        return self._clean

    def place(self, path: str) -> Place:
        """Where the problem at ``path`` (as shown) is: the line of the path or of its nearest ancestor in the file."""
        shown = self._shown()
        if "" not in shown:  # nothing was recorded: the file only
            return Place(self.file)
        probe = "" if path == "config" else path
        while probe not in shown:
            probe = probe.rpartition(".")[0]
        raw = shown[probe]
        item = ""
        cut = raw
        while cut:  # the last list item on the way down: streams.1 in kinesis_account.streams.1.name
            if cut in self.items:
                parent, _, index = cut.rpartition(".")
                item = f"{parent.rpartition('.')[2]}.{index}" if parent else index
                break
            cut = cut.rpartition(".")[0]
        return Place(self.file, self.lines.get(raw, 0), clean_path(item) if item else "")

    def locate(self, err: ConfigError) -> ConfigError:
        """The same problems, each with its place in this file."""
        return ConfigError(err.problems, [self.place(p.path) for p in err.problems])
