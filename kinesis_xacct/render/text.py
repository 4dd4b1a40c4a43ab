"""Config values in text for people and in commands: every value a config gives is hostile. One escaping
point per kind of text: a terminal (:func:`printable`: a value can neither move the cursor, recolour the screen
nor reorder what is shown), Markdown text (:func:`md`), code spans (:func:`code`, :func:`cell`), shell words
(:func:`sh`, :func:`command`: every command we print or write) and Mermaid labels (:func:`mermaid`).

Standard library only (``make validate`` and the config error reporter import it).
"""

from __future__ import annotations

import re
import shlex
import unicodedata

# Bidi embeddings/overrides/isolates and marks, zero-width characters, the BOM, the line/paragraph separators.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff\u180e\u00ad"
)


def _escape_char(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else (f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")


def _unsafe(ch: str) -> bool:
    n = ord(ch)
    return n < 0x20 or 0x7F <= n <= 0x9F or ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf", "Cs")


_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(_INVISIBLE)) + "]")


def printable(value: object) -> str:
    """``value`` as text safe for a terminal or a document: every control, DEL, C1, bidi control, zero-width or
    other format character (Unicode category Cf) as an escape (``\\x1b``, ``\\u202e``); the rest unchanged."""
    text = str(value)
    text = _UNSAFE_RE.sub(lambda m: _escape_char(m[0]), text)
    if text.isascii():
        return text
    return "".join(_escape_char(ch) if _unsafe(ch) else ch for ch in text)


def printable_lines(lines: list[str]) -> str:
    """Lines joined by newlines, each made :func:`printable` (a newline inside a value is escaped, so it cannot
    start a line of its own)."""
    return "\n".join(printable(line) for line in lines)


# Every ASCII punctuation character CommonMark lets a backslash escape that can start or end markup.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>=:\"'$^])")


def md(value: object) -> str:
    """``value`` as Markdown inline text shown exactly: no heading, list, emphasis, link, table cell or HTML."""
    text = printable(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def code(value: object) -> str:
    """``value`` as one Markdown inline code span showing it exactly (CommonMark: the fence is a run of backticks
    longer than any run inside; a space pads a value that starts or ends with a backtick or a space)."""
    text = printable(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")) or not text.strip():
        text = f" {text} "
    return f"{fence}{text}{fence}"


def cell(value: object) -> str:
    """:func:`code` for a GFM table cell: ``|`` written ``\\|`` (the table splits cells before code spans)."""
    return code(value).replace("|", "\\|")


def sh(value: object) -> str:
    """``value`` as one shell word, exactly as given: ``shlex.quote``; a value with a control, bidi or
    zero-width character as a dollar-single-quoted word (``$'a\\x0ab'``, POSIX.1-2024, bash, zsh, ksh) with
    those characters as ``\\xHH`` escapes of their UTF-8 bytes, so the command stays on one line and shows
    what it holds."""
    text = str(value)
    if not any(_unsafe(ch) for ch in text):
        return shlex.quote(text)
    out = []
    for ch in text:
        if ch in "\\'":
            out.append("\\" + ch)
        elif _unsafe(ch):
            out.append("".join(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass")))
        else:
            out.append(ch)
    return "$'" + "".join(out) + "'"


def sql_name(value: object) -> str:
    """A SQL identifier in backticks (Databricks SQL: a backtick inside one is written twice), on one line."""
    return "`" + printable(value).replace("`", "``") + "`"


def command(*words: object) -> str:
    """A command line of ``words``, each one shell word."""
    return " ".join(sh(w) for w in words)


def mermaid(value: object) -> str:
    """``value`` inside a quoted Mermaid label: ``#`` first (Mermaid's entity marker), then the quote, angle
    brackets, ampersand and backtick (a Markdown-string label) as ``#...;`` entities; controls escaped."""
    text = printable(value)
    for ch, entity in (("#", "#35;"), ("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(ch, entity)
    return text
