"""The one escaping point between a value from the config and the HCL the framework writes: ``literal(value)``.

Every string a construct receives from the config (a name, a path, a host, a tag, a policy document) is passed
through :func:`literal` before it is given to a resource; a value built by the framework (a reference such as
``aws_iam_role.x.arn``, a token string) never is. The two cannot be confused: a token is the framework's object,
a literal is always the *escaped text* of a config value, so a config value spelled like a reference
(``${aws_iam_role.x.arn}``) or like a framework token (``${TfToken[TOKEN.1]}``) stays text.

Why the escaping is needed, from the HCL renderer of CDKTF 0.21 (``cdktf/lib/hcl/render.js``):

- ``renderString(str)`` writes a string that contains a line break (``\\r\\n``, ``\\n`` or ``\\r``) as a heredoc
  ``<<EOF ... EOF`` with the text unchanged: a value with a line ``EOF`` would end the heredoc and the rest of
  the value would be read as HCL (top-level blocks). Any other string is written ``"<escapeQuotes(str)>"``.
- ``escapeQuotes(str)`` returns a string containing ``${`` unchanged, and otherwise only puts ``\\`` before a
  ``"`` that has none: backslashes are never escaped (a trailing ``\\`` escapes the closing quote), and ``${`` /
  ``%{`` stay Terraform template sequences (an expression such as ``${file("~/.aws/credentials")}`` evaluated at
  plan time).
- ``renderFuzzyJsonExpression`` (attributes without a schema type: the backend, overrides) writes a string
  starting with ``[``, ``{`` or ``"`` verbatim: only values whose config rules refuse such a first character
  reach those attributes (the backend's bucket, key prefix, region, profile and role ARN).
- Its token encoding (``lib/tokens/private/encoding.js``) resolves any ``${TfToken[...]}`` in a string, even
  after a ``$``.

So :func:`literal` returns the body of an HCL quoted string (HCL native syntax specification, "Template
Literals" and "Template Interpolation" / "Template Directives"): ``\\`` -> ``\\\\``, ``"`` -> ``\\"``, line breaks
and every other non-printable character -> ``\\n``, ``\\r``, ``\\t`` or ``\\uNNNN`` / ``\\UNNNNNNNN`` (so the
renderer never sees a line break, never writes a heredoc, and nothing invisible reaches the file), ``${`` ->
``$${``, ``%{`` -> ``%%{`` and the framework's token marker ``TfToken[`` -> ``TfToken\\u005b``. Every ``"``
of the result has a ``\\`` before it, so ``escapeQuotes`` changes nothing; Terraform reads the result back as
exactly ``value`` (tests/test_hostile_values.py proves it with random values through a real synth and
``terraform console``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence

_SIMPLE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
TOKEN_MARKER = "TfToken["
_HCL = [True]  # the output the constructs are built for: HCL (the product, always) or Terraform JSON


@contextlib.contextmanager
def terraform_json() -> Iterator[None]:
    """Build stacks for the framework's JSON output (``App(hcl_output=False)``, the Testing API's ``synth``)
    instead of HCL: there the JSON writer escapes quotes, backslashes and line breaks itself, and a string is
    still a Terraform template (Terraform's JSON syntax), so :func:`literal` only escapes ``${``, ``%{`` and
    the framework's token marker."""
    _HCL.append(False)
    try:
        yield
    finally:
        _HCL.pop()


def _char(ch: str) -> str:
    if ch in _SIMPLE:
        return _SIMPLE[ch]
    if ch == " " or ch.isprintable():
        return ch
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def literal(value: str) -> str:
    """``value`` as the framework must be given it so that Terraform reads exactly ``value``: a literal string,
    never an expression, a template directive, a heredoc or a framework token (see the module's docstring)."""
    if not isinstance(value, str):
        raise TypeError(f"literal() takes a string, got {type(value).__name__}")
    out = "".join(_char(ch) for ch in value) if _HCL[-1] else value
    return out.replace("${", "$${").replace("%{", "%%{").replace(TOKEN_MARKER, "TfToken\\u005b")


def literal_list(values: Sequence[str]) -> list[str]:
    return [literal(v) for v in values]


def literal_map(values: Mapping[str, str]) -> dict[str, str]:
    """A map of config strings (tags): values escaped. Keys are written by the renderer quoted when needed but
    never escaped, so a key that is not plain text is refused here (the config rules refuse it first)."""
    out: dict[str, str] = {}
    for key, value in values.items():
        if literal(key) != key or '"' in key or "${" in key or "%{" in key:
            raise ValueError(f"map key {key!r} cannot be written to HCL as it is")
        out[key] = literal(value)
    return out
