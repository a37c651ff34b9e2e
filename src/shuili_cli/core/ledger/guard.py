"""What an import refuses before it merges a row: rows that would overwrite or duplicate the wrong
record, and rows of a stale workbook.

- **Ownership.** A workbook that belongs to one enterprise (its own export, ``--enterprise``) changes
  only that enterprise's records: a row naming another enterprise is an error, and its
  执法激励约束 sheet (the bureau's records) is for reading only.
- **Duplicates.** The same record twice in one workbook (the same id, or, for rows without an id,
  the same date and description) is an error at the second row.
- **Look-alike ids.** A new id that equals a stored one after ignoring case, full-width forms,
  dash variants and leading zeros (``h-2023-1`` for ``H-2023-001``) is a typing slip, not a new record.
- **Stale rows.** With the digests an export records (:mod:`fingerprint`), a row nobody changed
  is left alone, and a row changed both in the workbook and in the repository since the export is a
  conflict rather than an overwrite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shuili_cli.core.ledger.bind import Bound
from shuili_cli.core.ledger.fingerprint import WIDTH, cell_digest, meta_key
from shuili_cli.core.ledger.rows import CellIssue, Row, ref_for
from shuili_cli.core.ledger.stored import value_at

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―－﹣−"), "-")
_DIGITS = re.compile(r"[0-9]+")


def loose_id(text: str) -> str:
    """An id as a typing slip leaves it: case, width, dashes and leading zeros ignored."""
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold().strip()
    return _DIGITS.sub(lambda m: str(int(m.group(0))), folded)


def _id_ref(bound: Bound, row: Row) -> str:
    return row.refs.get(("id",)) or ref_for(bound, row.number, ("id",))


@dataclass
class Guard:
    base: Mapping[str, str]                # the export's digests ("fp:…" keys of the workbook's meta)
    as_of: str                             # when the workbook was exported ("" when unknown)
    seen: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def duplicate(self, bound: Bound, row: Row, owner: str | None, key: str) -> CellIssue | None:
        """The second row of one record in this workbook (or in this sheet and enterprise)."""
        first = self.seen.setdefault((bound.grid.name, owner or "", key), row.number)
        if first == row.number:
            return None
        return CellIssue(bound.grid.name, _id_ref(bound, row),
                         f"与第 {first} 行是同一条记录；每条记录在工作簿中只能出现一次，请合并这两行")

    def look_alike(self, bound: Bound, row: Row, given: str, stored: Iterable[str]) -> CellIssue | None:
        loose = loose_id(given)
        twin = next((s for s in stored if s != given and loose_id(s) == loose), None)
        if twin is None:
            return None
        return CellIssue(bound.grid.name, _id_ref(bound, row),
                         f"编号“{given}”与已有记录 {twin} 只差大小写、全角、连字符或补零，会被当成一条新记录；"
                         f"如果是同一条，请照原样写 {twin}；如果确是新的一条，请另取一个编号（或留空自动编号）")

    def base_of(self, bound: Bound, owner: str | None, key: str) -> list[str] | None:
        """The exported cell digests of a record's row, or None (not exported, or another catalogue)."""
        base = self.base.get(meta_key(bound.sheet.name, owner, key))
        columns = [c for c in bound.sheet.columns if c.field is not None]
        if base is None or len(base) != WIDTH * len(columns):
            return None
        return [base[i * WIDTH:(i + 1) * WIDTH] for i in range(len(columns))]

    def three_way(self, bound: Bound, row: Row, owner: str | None, key: str,
                  stored: Mapping[str, Any]) -> tuple[set[tuple[str, ...]] | None, CellIssue | None]:
        """The fields the workbook changed since the export (None: no digests, take every cell), or a
        conflict: a cell changed both in the workbook and, differently, in the repository."""
        base = self.base_of(bound, owner, key)
        if base is None:
            return None, None
        take: set[tuple[str, ...]] = set()
        columns = [c for c in bound.sheet.columns if c.field is not None]
        for c, was in zip(columns, base, strict=True):
            assert c.field is not None
            if c.field not in row.refs:            # a column deleted from the workbook: not an edit
                continue
            mine, theirs = cell_digest(row.values.get(c.field)), cell_digest(value_at(stored, c.field))
            if mine in (was, theirs):
                continue
            if theirs != was:
                when = f"（{self.as_of}）" if self.as_of else ""
                return None, CellIssue(bound.grid.name, row.refs[c.field],
                                       f"（{c.header}）这一栏在导出{when}之后已在仓库中改过，工作簿中也改了，"
                                       "为免覆盖别人的修改，这一行没有导入：请重新导出最新的台账（shuili export），在其中再改")
            take.add(c.field)
        return take, None

    def gone(self, bound: Bound, row: Row, owner: str | None, key: str) -> CellIssue | str | None:
        """A row exported for a record the repository no longer has: skipped with a note when untouched
        (never brought back), a conflict when edited; None when the row was not exported."""
        base = self.base_of(bound, owner, key)
        if base is None:
            return None
        columns = [c for c in bound.sheet.columns if c.field is not None]
        if all(c.field not in row.refs or cell_digest(row.values.get(c.field)) == was
               for c, was in zip(columns, base, strict=True)):
            return f"{bound.grid.name}!{_id_ref(bound, row)}：这条记录导出后已从仓库中删除（或改了编号），这一行未导入"
        return CellIssue(bound.grid.name, _id_ref(bound, row),
                         "这条记录导出后已从仓库中删除（或改了编号），工作簿中却改了它：请重新导出最新的台账再改；"
                         "如果确要重新登记，请清空编号，作为新记录填写")


def owner_problem(bound: Bound, row: Row, target: str | None) -> CellIssue | None:
    """A row of an enterprise's workbook that names another enterprise."""
    named = row.enterprise if row.enterprise is not None else (
        row.values.get(("enterprise",)) if bound.sheet.scope == "bureau" else None)
    if target is None or named is None or str(named) == target:
        return None
    ref = row.enterprise_ref or row.refs.get(("enterprise",)) or str(row.number)
    return CellIssue(bound.grid.name, ref,
                     f"企业编号“{named}”不是本工作簿所属的企业 {target}：一家企业的台账只能修改本企业的记录"
                     "（全县的记录请用 shuili export --county 导出的汇总工作簿）")


def bureau_only(bound: Bound, row: Row, known: bool) -> CellIssue:
    """A changed or new 执法激励约束 row in an enterprise's workbook."""
    what = "修改" if known else "新增"
    return CellIssue(bound.grid.name, _id_ref(bound, row),
                     f"执法激励约束由县水利局登记：企业台账中的这一表只供查看，不能在其中{what}；"
                     "请在全县汇总工作簿（shuili export --county）中登记，或用 shuili new action / shuili set")


__all__ = ["Guard", "bureau_only", "loose_id", "owner_problem"]
