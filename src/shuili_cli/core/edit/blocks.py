"""New lines: an entry ``key: value`` or a list item ``- key: value`` written at a given indentation.

A nested mapping is written in flow style (``assessment: {method: LEC, L: 3}``) when it holds only
scalars and short lists and fits in ``FLOW_LIMIT`` characters, else as a block one level deeper; a
list of strings is ``[a, b]``; a list of mappings (checklist items) is a block of ``- `` items.
Keys whose value is ``None`` are not written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shuili_cli.core.edit.scalars import FLOW_LIMIT, is_flat, render_flow, render_key


def _is_records(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, Mapping) for v in value)


def inline(value: Any, key: str = "") -> str | None:
    """``value`` on the line of its key, or None when it needs lines of its own."""
    if isinstance(value, Mapping):
        text = render_flow(value)
        return text if is_flat(value) and len(text) <= FLOW_LIMIT else None
    if _is_records(value):
        return None
    return render_flow(value, key=key)


def entry_lines(key: str, value: Any, indent: int, nl: str) -> str:
    """``key: value`` at ``indent`` spaces, with the lines a block value needs, each ended by ``nl``."""
    pad = " " * indent
    head = f"{pad}{render_key(key)}:"
    one = inline(value, key)
    if one is not None:
        return f"{head} {one}{nl}"
    if isinstance(value, Mapping):
        body = "".join(entry_lines(k, v, indent + 2, nl) for k, v in value.items() if v is not None)
        return f"{head}{nl}{body}"
    return f"{head}{nl}" + "".join(item_lines(item, indent + 2, indent + 4, nl) for item in value)


def item_lines(item: Mapping[str, Any], dash: int, indent: int, nl: str) -> str:
    """One block list item: ``-`` at column ``dash``, the mapping's keys at column ``indent``."""
    body = "".join(entry_lines(k, v, indent, nl) for k, v in item.items() if v is not None)
    if not body:
        return f"{' ' * dash}- {{}}{nl}"
    return " " * dash + "-" + " " * (indent - dash - 1) + body[indent:]
