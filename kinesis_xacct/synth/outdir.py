"""The output folder: which folders may be one, and replacing it only when a new one is complete. Imports nothing
heavy.

Which folders (:func:`out_problem`): a path that does not exist yet, an empty folder, or a folder this tool wrote
before (it holds the marker file :data:`MARKER`, written into every output folder). Anything else is refused
before anything is written or deleted; so are, always, the current folder, the project root, ``$HOME``, ``/``,
the config's own folder, every ancestor of those, and any folder holding ``.git``: replacing the output folder
deletes what was there.

Replacing (:func:`swap_in`): a synthesis writes into a fresh hidden sibling folder (``.<name>.new-<pid>-XXXX``
next to the output folder, so on the same file system) and :func:`swap_in` moves it into place. On Linux the two
folders are exchanged with one ``renameat2(RENAME_EXCHANGE)`` call, so the output path always names either the
complete old or the complete new folder; elsewhere two renames are used (between them, for a moment, the path is
missing, but the old folder is never modified and is deleted only after the new one is in place).

Writers of one output folder take a lock beside it (``.<name>.kinesis-xacct.lock``, :func:`out_lock`) while
they put their result in place, so that two runs (``STACKS=`` of different stacks into one output) do not lose
each other's work. The sibling folders carry the creating process's ID: those of a run that was killed (its
process is gone) are removed by the next run (:func:`clean_stale`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kinesis_xacct import paths

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2

MARKER = ".kinesis-xacct-output"
MARKER_FORMAT = "kinesis-xacct output folder, format 1"
LOCK_SUFFIX = ".kinesis-xacct.lock"
# Our temporary siblings: .<name>.<tag>-<pid>-<random> (tag new, old or cli); a nested one (the app's own
# sibling of the CLI's folder) has several such parts.
_TEMP_PART = re.compile(r"\.(?:new|old|cli)-(\d+)-[A-Za-z0-9_]+")


class OutRefused(Exception):
    """The output path may not be used as an output folder (the message says why)."""


def umask() -> int:
    """The process's umask (read without changing it where /proc allows)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def write_marker(folder: Path) -> None:
    (folder / MARKER).write_text(
        f"{MARKER_FORMAT}\nWritten by kinesis-xacct: this whole folder is replaced by the next synthesis.\n",
        encoding="utf-8",
    )


def has_marker(folder: Path) -> bool:
    try:
        with (folder / MARKER).open(encoding="utf-8") as f:
            return f.readline().rstrip("\n") == MARKER_FORMAT
    except (OSError, UnicodeDecodeError):
        return False


# What an output folder of an earlier version (before the marker) holds at its top level.
_EARLIER_NAMES = frozenset(
    {"manifest.json", "stacks", "RUNBOOK.md", "validate_kinesis.py", "waves.json", "atlantis.yaml", "cdktf.json"}
)


def earlier_output(folder: Path) -> bool:
    """An output folder of an earlier version of this tool (no marker yet): a cdktf manifest with stacks, and
    nothing at the top level but what such a folder holds."""
    try:
        names = {e.name for e in os.scandir(folder)}
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(manifest, dict) and isinstance(manifest.get("stacks"), dict) and names <= _EARLIER_NAMES


def _protected(config: str | os.PathLike[str] | None) -> dict[Path, str]:
    """Folders that are never an output folder (nor any of their ancestors), with what each is."""
    places: dict[Path, str] = {}

    def add(path: str | os.PathLike[str] | None, what: str) -> None:
        if path:
            with contextlib.suppress(OSError, RuntimeError):
                places.setdefault(Path(path).resolve(), what)

    add(os.getcwd(), "the current folder")
    add(paths.ROOT, "the project root")
    add(os.environ.get("HOME"), "the home folder ($HOME)")
    with contextlib.suppress(RuntimeError, KeyError):
        add(Path.home(), "the home folder")
    add("/", "the file system root")
    if config is not None:
        add(Path(config).resolve().parent, "the config's own folder")
    return places


def out_problem(out: str | os.PathLike[str], *, config: str | os.PathLike[str] | None = None) -> str | None:
    """Why ``out`` may not be an output folder (replaced as a whole by a synthesis), or None."""
    given = Path(out)
    if given.is_symlink():
        return "is a symbolic link; give the folder itself"
    try:
        resolved = given.resolve()
    except (OSError, RuntimeError) as e:
        return f"cannot be resolved ({e.__class__.__name__})"
    for place, what in _protected(config).items():
        if resolved == place:
            return f"is {what}; the output folder is replaced as a whole, so it must be a folder of its own"
        if place.is_relative_to(resolved):
            return (
                f"holds {what} ({place}); the output folder is replaced as a whole, so it must be a folder of its own"
            )
    if not given.exists():
        return None
    if not given.is_dir():
        return "exists and is not a folder; not replacing it"
    if (given / ".git").exists():
        return "holds .git (a repository); the output folder is replaced as a whole"
    try:
        entries = [e.name for e in os.scandir(given)]
    except OSError as e:
        return f"cannot be read ({e.strerror})"
    if not entries or has_marker(given) or earlier_output(given):
        return None
    return (
        f"is a folder this tool did not write (no {MARKER} in it; it holds {len(entries)} entries); "
        "the output folder is replaced as a whole: give a new path, an empty folder or an earlier output folder"
    )


def check_out(out: str | os.PathLike[str], *, config: str | os.PathLike[str] | None = None) -> None:
    """:class:`OutRefused` when ``out`` may not be an output folder."""
    problem = out_problem(out, config=config)
    if problem:
        raise OutRefused(f"{out}: {problem}")


def refusal_line(err: OutRefused) -> str:
    """The one stderr line of a refused output folder."""
    return f"output error: {err} (nothing written or deleted)"


def is_temporary(folder: Path) -> bool:
    """Whether ``folder`` is one of our temporary siblings (the CLI's folder under ``make synth``)."""
    return folder.name.startswith(".") and bool(_TEMP_PART.search(folder.name))


def fresh_sibling(final: Path, tag: str = "new") -> Path:
    """A new empty folder next to ``final`` (created with its parents), with the marker and the permissions of a
    folder made under the umask (mkdtemp makes it 0700)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{final.name}.{tag}-{os.getpid()}-", dir=final.parent))
    folder.chmod(0o777 & ~umask())
    write_marker(folder)
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only whether the process exists (this one does)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return True


def clean_stale(final: Path) -> list[str]:
    """Remove the temporary siblings of ``final`` left by runs that were killed (every process named in the
    folder's name is gone); returns their names. Folders of running processes and anything else stay."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(final.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith((f".{final.name}.", f"..{final.name}.")) or name.endswith(LOCK_SUFFIX):
            continue
        pids = [int(p) for p in _TEMP_PART.findall(name)]
        if not pids or not entry.is_dir(follow_symlinks=False) or any(_alive(p) for p in pids):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(name)
    return removed


@contextlib.contextmanager
def out_lock(final: Path) -> Iterator[None]:
    """Held while a result is put in place in ``final`` (and its stale siblings are cleaned). Not taken for one
    of our temporary folders: the process that made it holds the lock of the real output folder."""
    if is_temporary(final):
        yield
        return
    from filelock import FileLock

    final.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(final.parent / f".{final.name}{LOCK_SUFFIX}")):
        clean_stale(final)
        yield


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where that is not available."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result: int = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_in(new: Path, final: Path) -> None:
    """Make ``new`` (a complete output folder) the folder at ``final``; the old one is removed afterwards.

    ``final`` must be a path :func:`out_problem` accepts (checked again here: nothing is deleted otherwise)."""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise FileExistsError(f"{final} exists and is not a folder; not replacing it")
    if final.exists() and out_problem(final) and not is_temporary(final):
        raise OutRefused(f"{final}: is a folder this tool did not write (no {MARKER} in it); not replacing it")
    if not has_marker(new):
        write_marker(new)
    if final.exists() and _exchange(new, final):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old output
        return
    replace_folder(new, final, final)


def replace_folder(new: Path, target: Path, final: Path) -> None:
    """Move the folder ``new`` to ``target``; a ``target`` there is moved first into a fresh sibling of the output
    folder ``final`` (which :func:`clean_stale` removes if this run is killed) and deleted only afterwards."""
    if not target.exists():
        os.replace(new, target)
        return
    old = fresh_sibling(final, "old")
    os.replace(target, old / target.name)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
