"""Data text made inert before it reaches a terminal, a CI log or a JSON reader.

Names, descriptions, messages and file names come from pull requests. In text
output none of them may:
- print a control character (ESC starts terminal sequences such as OSC 52, which
  writes the clipboard), a bidi control (which reorders what the reader sees), a
  zero-width character, a line or paragraph separator, or a lone surrogate (from a
  file name that is not UTF-8, which would also break the output encoding);
- start a new output line (a line starting with ``::`` is a GitHub Actions
  workflow command, ``##[`` anywhere in a line is its older form).

:func:`clean` shows every such character as a visible escape (``\\n``, ``\\x1b``,
``\\u202e``), so nothing is hidden and nothing is lost from sight. :func:`dumps`
writes JSON whose strings carry the same characters only as ``\\u`` escapes.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from shuili_cli.core.model.text import IGNORABLE, VARIATION_SELECTORS, has_ignorable, is_hidden

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT:
        return _SHORT[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _shown(text: str) -> str:
    """Hidden and default-ignorable characters escaped; a variation selector after a symbol
    (the U+FE0F of ``⚠️``) is part of how the symbol is drawn and stays."""
    out: list[str] = []
    prev = ""
    for ch in text:
        invisible = is_hidden(ch) or (ch in IGNORABLE and not (
            ch in VARIATION_SELECTORS and prev and unicodedata.category(prev) in ("So", "Sk")))
        out.append(_escape(ch) if invisible else ch)
        prev = ch
    return "".join(out)


def clean(value: object) -> str:
    """One line of inert text: hidden characters escaped visibly, no workflow command."""
    text = str(value)
    if not text.isprintable() or has_ignorable(text):
        text = _shown(text)
    if "##[" in text:
        text = text.replace("##[", "##\\[")
    body = text.lstrip()
    if body.startswith("::"):
        text = text[: len(text) - len(body)] + "\\" + body
    return text


def clean_lines(text: str) -> str:
    """Each line of a text made of fixed template lines and data cleaned line by line."""
    return "\n".join(clean(line) for line in text.split("\n"))


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _hidden_chars(value: Any, found: set[str]) -> None:
    if isinstance(value, str):
        if not value.isprintable():
            found.update(ch for ch in value if ch >= "\x7f" and is_hidden(ch))
    elif isinstance(value, dict):
        for k, v in value.items():
            _hidden_chars(k, found)
            _hidden_chars(v, found)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _hidden_chars(v, found)


def dumps(doc: Any) -> str:
    """Indented UTF-8 JSON (plus a final newline) in which every hidden character is a ``\\u`` escape.

    ``json.dumps`` escapes C0 controls itself; DEL, C1 controls, bidi and zero-width
    characters, separators and lone surrogates would otherwise pass through raw. The
    ``[`` of ``##[`` is escaped as well (no line of JSON can start with ``::``).
    """
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    found: set[str] = set()
    _hidden_chars(doc, found)
    if found:
        text = text.translate({ord(ch): _json_escape(ch) for ch in found})
    return text.replace("##[", "##\\u005b") + "\n"  # a JSON file printed to a CI log stays inert too
