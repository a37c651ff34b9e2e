"""Columns by their Chinese names: what ``shuili explain 红色风险`` means.

A column is named by its path as printed on the forms (:attr:`KeyInfo.path_text`,
``附件1/企业数量（家）/总数``), with any leading or middle segments left out.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from shuili_cli.core.figures.catalogue import KeyInfo, key_index

_SEPARATORS = re.compile(r"\s*(?:/|\\|›|>)\s*")
_UNIT_SUFFIX = re.compile(r"\([^()]*\)$")


def _norm(text: str) -> str:
    """NFKC (full-width slash, brackets, digits and spaces become ASCII), without spaces or quotes."""
    return re.sub(r"[\s\"'“”‘’]+", "", unicodedata.normalize("NFKC", text))


def _segments(text: str) -> list[str]:
    return [s for s in (_norm(p) for p in _SEPARATORS.split(unicodedata.normalize("NFKC", text))) if s]


def _same(query: str, cell: str) -> bool:
    """A query segment names a header cell: equal, or equal without the cell's unit, 红色风险 for 红色风险（处）."""
    return query == cell or query == _UNIT_SUFFIX.sub("", cell)


def _subsequence(query: list[str], path: list[str]) -> bool:
    cells = iter(path)
    return all(any(_same(q, c) for c in cells) for q in query)


def _names(info: KeyInfo, query: list[str]) -> bool:
    """``query`` is the column's path with any segments left out, ending at its last cell (or, for a
    column split into sub-rows, at its header cell: then every sub-row matches)."""
    path = [_norm(p) for p in info.path]
    ends = [len(path), len(path) - 1] if info.split else [len(path)]
    return any(_same(query[-1], path[end - 1]) and _subsequence(query[:-1], path[:end - 1]) for end in ends)


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """What a column name given to ``shuili explain`` names: one key, several (ambiguous: a name
    used in several places, or a group heading), or none (then ``close`` holds the nearest keys)."""

    keys: tuple[str, ...]
    close: tuple[str, ...] = ()


def find_column(name: str) -> ColumnMatch:
    """The figure key named by ``name``: the key itself, or the column's Chinese path
    (:attr:`KeyInfo.path_text`) with any leading or middle segments left out, ``企业数量（家）/总数``
    or ``总数``; separators ``/`` (also full-width ``／``), ``›`` or ``>``, spaces ignored."""
    index = key_index()
    key = unicodedata.normalize("NFKC", name).strip()
    if key in index:
        return ColumnMatch((key,))
    query = _segments(name)
    if not query:
        return ColumnMatch(())
    found = tuple(k for k, info in index.items() if _names(info, query))
    # else a group heading (红色风险企业（家）): every column under it
    found = found or tuple(k for k, info in index.items() if _subsequence(query, [_norm(p) for p in info.path]))
    return ColumnMatch(found) if found else ColumnMatch((), _close(index, key, query[-1]))


def _close(index: dict[str, KeyInfo], key: str, word: str) -> tuple[str, ...]:
    """Keys spelt like ``key``, and the columns under a header cell that contains or resembles ``word``."""
    cells: dict[str, list[str]] = {}
    for k, info in index.items():
        for cell in info.path[1:]:
            cells.setdefault(_norm(cell), []).append(k)
    near = [c for c in cells if word in c] or difflib.get_close_matches(word, list(cells), n=3, cutoff=0.6)
    keys = difflib.get_close_matches(key, list(index), n=5, cutoff=0.5)
    return tuple(dict.fromkeys([*keys, *(k for cell in near for k in cells[cell])]))[:8]
