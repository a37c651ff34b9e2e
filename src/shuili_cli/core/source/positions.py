"""Where the fields that repository-wide checks point at are, kept so that a file is parsed once.

A repository check (``RepoCheck``) finds its problems in the facts, which carry no columns; its
issues name YAML paths such as ``hazards[12].grade``. Each check declares the path patterns it may
point at (``RepoCheck.points``, e.g. ``"hazards[].grade"``). When a file is parsed, the positions
of every path matching those patterns are written into a compact table, cached with the file's
content key. Locating a repository finding in an unchanged file then reads that table instead of
parsing the file again (issue 13: with 17,000 cross-file warnings, half the files were re-parsed
on every run only to find line numbers).

A table is ``(last line, {pattern: array bytes})``, plain enough for marshal:

- a pattern without ``[]`` holds one (line, column) pair, or none when the path is absent;
- ``a[].b`` holds one pair per item of the list ``a`` ((0, 0) where the item has no ``b``);
- ``a[].b[]`` holds ``len(a)``, then for each item of ``a`` an offset into the pairs that follow
  (``len(a) + 1`` offsets), then the pairs of every ``b`` list in turn.

Positions are those of ``yamlio.locate``: the value's first character, 1-based; the first of
duplicate keys wins. Anything the table cannot answer exactly (a missing field, an issue at a key
or at a character) is located by parsing, as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from functools import cache

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from shuili_cli.core.findings import Issue, YamlPath
from shuili_cli.core.source.yamlio import node_at

Pattern = tuple[str | None, ...]  # None: any index of a list
Table = tuple[int, dict[str, bytes]]
_TYPECODE = "I"  # unsigned 32-bit on every platform CPython supports


def parse_pattern(text: str) -> Pattern:
    """``"actions[].hazards[]"`` → ``("actions", None, "hazards", None)``."""
    out: list[str | None] = []
    for part in text.split("."):
        if part.endswith("[]"):
            out += [part[:-2], None]
        else:
            out.append(part)
    if out.count(None) > 2 or not out or not out[0]:
        raise ValueError(f"unsupported position pattern {text!r}")
    return tuple(out)


@cache
def declared() -> tuple[tuple[str, Pattern], ...]:
    """Every pattern the repository checks declare, sorted (their texts are part of the cache key)."""
    from shuili_cli.core.rules import repo_checks

    texts = sorted({p for check in repo_checks() for p in check.points})
    return tuple((t, parse_pattern(t)) for t in texts)


def _pair(node: Node | None) -> tuple[int, int]:
    if node is None:
        return (0, 0)
    m = node.start_mark
    return (m.line + 1, m.column + 1)


def _items(node: Node | None) -> list[Node]:
    return node.value if isinstance(node, SequenceNode) else []


def _follow(node: Node | None, keys: Pattern) -> Node | None:
    """The node at ``keys`` (mapping keys only): ``yamlio.node_at``, where the first of duplicate keys wins."""
    return node_at(node, tuple(k for k in keys if k is not None)) if None not in keys else None


def _fields(items: list[Node], tail: tuple[str | None, ...]) -> Iterable[Node | None]:
    """The node at ``tail`` in each item."""
    return (_follow(item, tail) for item in items)


def _encode(root: Node, pattern: Pattern) -> bytes:
    out = array(_TYPECODE)
    if None not in pattern:
        node = _follow(root, pattern)
        if node is not None:
            out.extend(_pair(node))
        return out.tobytes()
    first = pattern.index(None)
    items = _items(_follow(root, pattern[:first]))
    rest = pattern[first + 1:]
    if None not in rest:
        for node in _fields(items, rest):
            out.extend(_pair(node))
        return out.tobytes()
    second = rest.index(None)
    inner = [_items(_follow(item, rest[:second])) for item in items]
    tail = rest[second + 1:]
    total = 0
    out.append(len(inner))
    for lst in inner:
        out.append(total)
        total += len(lst)
    out.append(total)
    for lst in inner:
        for node in (_fields(lst, tail) if tail else lst):
            out.extend(_pair(node))
    return out.tobytes()


@cache
def _plan() -> tuple[dict[str, tuple[tuple[str, str], ...]], tuple[tuple[str, Pattern], ...]]:
    """The declared patterns split into ``list[].field`` ones, grouped by list (one pass over its
    items serves them all), and the rest."""
    by_list: dict[str, list[tuple[str, str]]] = {}
    rest: list[tuple[str, Pattern]] = []
    for text, pattern in declared():
        head = pattern[0]
        if len(pattern) == 3 and pattern[1] is None and head is not None and pattern[2] is not None:
            by_list.setdefault(head, []).append((pattern[2], text))
        else:
            rest.append((text, pattern))
    return {k: tuple(v) for k, v in by_list.items()}, tuple(rest)


def _one_pass(items: list[Node], fields: tuple[tuple[str, str], ...], found: dict[str, bytes]) -> None:
    """The ``list[].field`` tables of one list, reading each item's keys once."""
    columns = [(name, array(_TYPECODE)) for name, _ in fields]
    for item in items:
        got: dict[str, Node] = {}
        if isinstance(item, MappingNode):
            try:  # reversed: the first of duplicate keys wins
                got = {k.value: v for k, v in reversed(item.value) if type(k) is ScalarNode}
            except TypeError:  # pragma: no cover - a scalar key's value is always text
                got = {}
        for name, column in columns:
            node = got.get(name)
            if node is None:
                column.extend((0, 0))
            else:
                m = node.start_mark
                column.extend((m.line + 1, m.column + 1))
    for (_, column), (_, text) in zip(columns, fields, strict=True):
        if column:
            found[text] = column.tobytes()


def table(root: Node | None) -> dict[str, bytes]:
    """The positions of every declared pattern in a parsed file (patterns absent from it are left out)."""
    found: dict[str, bytes] = {}
    if not isinstance(root, MappingNode):
        return found
    top: dict[str, Node] = {}
    for k, v in root.value:
        if isinstance(k, ScalarNode):
            top.setdefault(k.value, v)
    by_list, rest = _plan()
    for key, fields in by_list.items():
        if key in top:
            _one_pass(_items(top[key]), fields, found)
    for text, pattern in rest:
        if pattern[0] in top:
            blob = _encode(root, pattern)
            if blob:
                found[text] = blob
    return found


def _match(path: YamlPath) -> tuple[str, list[int]] | None:
    """The declared pattern ``path`` is an instance of, and its indices."""
    for text, pattern in declared():
        if len(pattern) != len(path):
            continue
        indices: list[int] = []
        for want, part in zip(pattern, path, strict=True):
            if want is None:
                if not isinstance(part, int) or isinstance(part, bool) or part < 0:
                    break
                indices.append(part)
            elif want != part:
                break
        else:
            return text, indices
    return None


class Lookup:
    """One file's table, decoded lazily pattern by pattern."""

    __slots__ = ("_arrays", "_blobs", "last_line")

    def __init__(self, value: Table) -> None:
        self.last_line, self._blobs = value
        self._arrays: dict[str, array[int]] = {}

    def _array(self, text: str) -> array[int] | None:
        arr = self._arrays.get(text)
        if arr is None:
            blob = self._blobs.get(text)
            if blob is None or len(blob) % array(_TYPECODE).itemsize:
                return None  # not written by this code: parse instead
            arr = self._arrays[text] = array(_TYPECODE)
            arr.frombytes(blob)
        return arr

    def position(self, issue: Issue) -> tuple[int, int] | None:
        """The issue's (line, column), or None when only parsing the file can tell."""
        if issue.at_key or issue.char is not None:
            return None
        hit = _match(issue.path)
        if hit is None:
            return None
        text, indices = hit
        arr = self._array(text)
        if arr is None:
            return None
        if not indices:
            at = 0
        elif len(indices) == 1:
            at = 2 * indices[0]
        else:
            i, j = indices
            n = arr[0] if arr else 0
            if i >= n or n + 2 > len(arr):
                return None
            start, end = arr[1 + i], arr[2 + i]
            if j >= end - start:
                return None
            at = n + 2 + 2 * (start + j)
        if at + 1 >= len(arr) or arr[at] == 0:
            return None
        return (arr[at], arr[at + 1])

