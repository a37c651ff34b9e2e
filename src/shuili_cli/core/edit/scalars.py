"""Values written as YAML text under the project's rules.

- a date is ``2023-06-01``, unquoted; an int or a Decimal is plain digits (``0.3``, never ``3E-1``,
  never quoted: money and LEC values stay YAML numbers);
- a string is plain when every YAML 1.1 and 1.2 reader reads it back as that same string, in block
  and in flow context alike (so it may go inside ``[a, b]`` or ``{k: v}``); otherwise it is
  double-quoted with escapes (a line break is ``\\n``);
- an ``id`` that is all digits without a leading zero may be bare (``id: 1``, as people write it);
- a list of strings in flow style is ``[a, b]``; a short mapping ``{k: v, k2: v2}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shuili_cli.core.edit.edits import EditError

FLOW_LIMIT = 100
"""A nested mapping is written in flow style ``{k: v}`` when that text is at most this long."""

_BARE_ID = re.compile(r"(?:0|[1-9][0-9]*)\Z")
# Anything a YAML 1.1 or 1.2 reader may take for a number, a date, a time or a sexagesimal
# number: it starts like a number and holds only ASCII letters, digits and ``_ . : + -``.
_NUMBERISH = re.compile(r"[-+]?\.?[0-9][0-9A-Za-z_.:+\-]*\Z")
_WORDS = frozenset({
    "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ".inf", "-.inf", "+.inf", ".nan", "=", "<<",
})
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW = frozenset(",[]{}?")  # "?" too: PyYAML ends a plain scalar in flow context at it
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _printable(ch: str) -> bool:
    """Whether YAML allows ``ch`` unescaped (and an editor shows it as itself)."""
    o = ord(ch)
    if o < 0x20 or 0x7F <= o <= 0x9F:
        return False
    return not (0xD800 <= o <= 0xDFFF or o in (0xFEFF, 0xFFFE, 0xFFFF, 0x2028, 0x2029))


def is_plain_safe(text: str) -> bool:
    """Whether ``text`` may be written without quotes and read back as the same string."""
    if text.lower() in _WORDS or text != text.strip() or text[0] in _INDICATORS:
        return False
    if text.startswith("...") or _NUMBERISH.match(text):
        return False
    if ":" in text or " #" in text:
        return False
    return all(_printable(ch) and ch not in _FLOW for ch in text)


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted string."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            raise EditError(f"文字中有无法保存的字符（U+{ord(ch):04X}），请删除它")
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        else:
            out.append(f"\\u{ord(ch):04X}")
    return '"' + "".join(out) + '"'


def render_scalar(value: object, *, key: str = "") -> str:
    """One value (not a list or mapping) as YAML text; ``key`` is the field it is written to."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EditError(f"数值“{value}”无效，请填写一个有限的数")
        text = format(value, "f")
        return "0" if text in ("-0", "+0") else text
    if isinstance(value, datetime):
        raise TypeError("a datetime is not a field value; pass a date")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if key == "id" and _BARE_ID.match(value):
            return value
        return value if is_plain_safe(value) else quote(value)
    raise TypeError(f"cannot write a {type(value).__name__} as a YAML scalar")


def render_key(key: str) -> str:
    if not isinstance(key, str):
        raise TypeError("mapping keys are strings")
    return render_scalar(key)


def is_flat(value: object) -> bool:
    """A value written on one line: a scalar, or a list or mapping of such (nested mappings too)."""
    if isinstance(value, Mapping):
        return all(is_flat(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(not isinstance(v, (Mapping, list, tuple)) for v in value)
    return True


def render_flow(value: Any, *, key: str = "") -> str:
    """``value`` on one line: a scalar, ``[a, b]`` or ``{k: v}`` (``None`` entries of a mapping left out)."""
    if isinstance(value, Mapping):
        parts = [f"{render_key(k)}: {render_flow(v, key=k)}" for k, v in value.items() if v is not None]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_flow(v) for v in value) + "]"
    if value is None:
        raise TypeError("None is not written")
    return render_scalar(value, key=key)
