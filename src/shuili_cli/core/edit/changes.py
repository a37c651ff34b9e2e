"""Changes as a tree of keys, and what the project's loader must read once they are made.

``SetFields.changes`` and ``SetTop.changes`` map field paths to values; edits of one record (or of
the top level) are merged into one ``Tree`` so that two paths below an absent key make that key
once. ``expected`` applies the same changes to the loaded data: the result of an edit is accepted
only when the loader reads exactly that back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from shuili_cli.core.edit.edits import EditError, FieldPath, Value

_BARE_ID = re.compile(r"(?:0|[1-9][0-9]*)\Z")


class Tree(dict[str, Any]):
    """Changes below one mapping: key -> new ``Value`` (``None`` removes it) or a ``Tree`` one level down."""


def _conflict(path: FieldPath) -> EditError:
    return EditError(f"字段“{'.'.join(path)}”在同一次编辑中被设置了两次（取值不同）；每个字段只能给一个值")


def merge(tree: Tree, changes: Mapping[FieldPath, Value]) -> Tree:
    """Add ``changes`` to ``tree``; the same field given two different values is an ``EditError``."""
    for path, value in changes.items():
        if not path or not all(isinstance(p, str) and p for p in path):
            raise ValueError(f"a field path is a non-empty tuple of non-empty strings, not {path!r}")
        node = tree
        for i, part in enumerate(path[:-1]):
            sub = node.setdefault(part, Tree())
            if not isinstance(sub, Tree):
                raise _conflict(path[: i + 1])
            node = sub
        old = node.get(path[-1], node)
        if old is not node and (isinstance(old, Tree) or old != value or type(old) is not type(value)):
            raise _conflict(path)
        node[path[-1]] = value
    return tree


def tree_value(tree: Tree) -> dict[str, Any]:
    """The mapping a tree makes where there was nothing: its values, without removals or empty parts."""
    out: dict[str, Any] = {}
    for key, change in tree.items():
        if isinstance(change, Tree):
            sub = tree_value(change)
            if sub:
                out[key] = sub
        elif change is not None:
            out[key] = change
    return out


def loaded(value: Any, key: str = "") -> Any:
    """What the project's loader reads back for a value written under ``key``."""
    if isinstance(value, Mapping):
        return {k: loaded(v, k) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [loaded(v) for v in value]
    if key == "id" and isinstance(value, str) and _BARE_ID.match(value):
        return int(value)
    return value


def pruned(tree: Tree, current: Any) -> Tree:
    """``tree`` without the changes that change nothing: a value the loader already reads there (same
    type, equal value: ``0.30`` for 0.3) is left as written, quoting and all; so is an absent key removed."""
    out = Tree()
    here = current if isinstance(current, dict) else {}
    for key, change in tree.items():
        old = here.get(key, tree)  # the tree itself: "absent"
        if isinstance(change, Tree):
            sub = pruned(change, old) if isinstance(old, dict) else change
            if sub:
                out[key] = sub
        elif change is None:
            if old is not tree:
                out[key] = None
        else:
            new = loaded(change, key)
            if old is tree or type(new) is not type(old) or new != old:
                out[key] = change
    return out


def expected(data: dict[str, Any], tree: Tree) -> dict[str, Any]:
    """A copy of ``data`` with ``tree`` applied (only the mappings on the changed paths are copied)."""
    out = dict(data)
    for key, change in tree.items():
        if isinstance(change, Tree):
            old = out.get(key)
            if isinstance(old, dict):
                out[key] = expected(old, change)
            elif old is None:
                value = loaded(tree_value(change))
                if value:
                    out[key] = value
        elif change is None:
            out.pop(key, None)
        else:
            out[key] = loaded(change, key)
    return out
