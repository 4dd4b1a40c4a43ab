"""Replacing an output folder only when a new one is complete. Imports nothing heavy.

A synthesis writes into a fresh hidden sibling folder (``.<name>.new-XXXX`` next to the output folder, so on
the same file system) and :func:`swap_in` moves it into place. On Linux the two folders are exchanged with
one ``renameat2(RENAME_EXCHANGE)`` call, so the output path always names either the complete old or the
complete new folder; elsewhere two renames are used (between them, for a moment, the path is missing, but
the old folder is never modified and is deleted only after the new one is in place).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def fresh_sibling(final: Path, tag: str = "new") -> Path:
    """A new empty folder next to ``final`` (created with its parents)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.{tag}-", dir=final.parent))


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
    """Make ``new`` (a complete output folder) the folder at ``final``; the old one is removed afterwards."""
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise FileExistsError(f"{final} exists and is not a folder; not replacing it")
    if not final.exists():
        os.replace(new, final)
        return
    if _exchange(new, final):
        shutil.rmtree(new, ignore_errors=True)  # now holds the old output
        return
    old = fresh_sibling(final, "old")
    os.replace(final, old / "out")
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)
