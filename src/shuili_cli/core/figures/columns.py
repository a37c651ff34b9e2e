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
# what else the tool prints between header cells: a space (report's and the summaries' labels, explain's
# header ``附件1 企业数量（家） › 总数``) and the sub-row in brackets (``一级企业 [国标]``)
_WIDE_SEPARATORS = re.compile(r"\s*(?:/|\\|›|>|\[|\]|\s)\s*")
_PASTED_TAIL = re.compile(r"\s*:.*$", re.S)  # a pasted diff line: ``附件1/企业数量（家）/总数：14 → 15（+1）``
_UNIT_SUFFIX = re.compile(r"\([^()]*\)$")
CLOSE_CUTOFF = 0.6  # difflib ratio of a 4-character word with one character wrong: 0.75


def _norm(text: str) -> str:
    """NFKC (full-width slash, brackets, digits and spaces become ASCII), without spaces or quotes."""
    return re.sub(r"[\s\"'“”‘’]+", "", unicodedata.normalize("NFKC", text))


def _segments(text: str, separators: re.Pattern[str] = _SEPARATORS) -> list[str]:
    return [s for s in (_norm(p) for p in separators.split(unicodedata.normalize("NFKC", text))) if s]

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


def _labels() -> dict[str, str]:
    """The figures' names in the summaries and in ``report``'s headline table (summary.yaml), with and
    without their unit, normalised as a query is: ``在册企业数量（家）``, ``罚款 金额（万元）``."""
    from shuili_cli.core.figures.catalogue import summary_catalogue

    summary = summary_catalogue()
    out: dict[str, str] = {}
    for item in (*summary.headline, *summary.monthly_table):
        label = _norm(item.label)
        out.setdefault(label, item.key)
        out.setdefault(_UNIT_SUFFIX.sub("", label), item.key)
    return out


def find_column(name: str) -> ColumnMatch:
    """The figure key named by ``name``: the key itself, or the column's Chinese path
    (:attr:`KeyInfo.path_text`) with any leading or middle segments left out, ``企业数量（家）/总数``
    or ``总数``; separators ``/`` (also full-width ``／``), ``›`` or ``>``, spaces ignored. What the
    tool prints is also taken: a summary's or ``report``'s label (``罚款金额（万元）``), explain's
    header (spaces between cells, the sub-row in brackets) and a pasted ``diff`` line (cut at the colon)."""
    index = key_index()
    name = _PASTED_TAIL.sub("", unicodedata.normalize("NFKC", name))
    key = name.strip()
    if key in index:
        return ColumnMatch((key,))
    query = _segments(name)
    if not query:
        return ColumnMatch(())
    found = _leaves(index, query)
    if len(found) == 1:
        return ColumnMatch(found)
    labelled = _labels().get(_norm(name))
    if labelled is not None:
        return ColumnMatch((labelled,))
    spaced = _segments(name, _WIDE_SEPARATORS)
    if not found and spaced != query:  # spaces and brackets as separators, as the tool prints paths
        found = _leaves(index, spaced)
        query = spaced if found else query
    # else a group heading (红色风险企业（家）): every column under it
    found = found or tuple(k for k, info in index.items() if _subsequence(query, [_norm(p) for p in info.path]))
    return ColumnMatch(found) if found else ColumnMatch((), _close(index, key, query[-1]))


def _leaves(index: dict[str, KeyInfo], query: list[str]) -> tuple[str, ...]:
    return tuple(k for k, info in index.items() if _names(info, query))


def _close(index: dict[str, KeyInfo], key: str, word: str) -> tuple[str, ...]:
    """The columns under a header cell that contains or resembles ``word`` (a typo, a homophone:
    黄色分险, 发现隐惠), then keys spelt like ``key``; cells are compared without their unit."""
    cells: dict[str, list[str]] = {}
    for k, info in index.items():
        for cell in info.path[1:]:
            cells.setdefault(_norm(cell), []).append(k)
    bare = _UNIT_SUFFIX.sub("", word)
    near = [c for c in cells if bare in c]
    if not near:
        stripped = {_UNIT_SUFFIX.sub("", c): c for c in reversed(cells)}  # the first cell of a bare name
        near = [stripped[c] for c in difflib.get_close_matches(bare, list(stripped), n=3, cutoff=CLOSE_CUTOFF)]
    keys = difflib.get_close_matches(key, list(index), n=5, cutoff=0.5)
    return tuple(dict.fromkeys([*(k for cell in near for k in cells[cell]), *keys]))[:8]
