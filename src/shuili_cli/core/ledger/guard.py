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
from typing import Any, Literal

from shuili_cli.core.ledger.bind import Bound
from shuili_cli.core.ledger.fingerprint import digest, meta_key, view
from shuili_cli.core.ledger.rows import CellIssue, Row, ref_for

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

    def stale(self, bound: Bound, row: Row, owner: str | None, key: str,
              stored: Mapping[str, Any]) -> Literal["skip", "apply"] | CellIssue:
        """What to do with a row of a known record, judged by the export's digest."""
        base = self.base.get(meta_key(bound.sheet.name, owner, key))
        if base is None:
            return "apply"
        columns = bound.sheet.columns
        mine, theirs = digest(columns, row.values), digest(columns, view(columns, stored))
        if mine == base or mine == theirs:
            return "skip"      # untouched in the workbook (keep what the repository has), or already imported
        if theirs == base:
            return "apply"
        when = f"（{self.as_of}）" if self.as_of else ""
        return CellIssue(bound.grid.name, _id_ref(bound, row),
                         f"这条记录在导出{when}之后已在仓库中修改过，工作簿中也改了；为免覆盖别人的修改，"
                         "这一行没有导入：请重新导出最新的台账（shuili export），在其中再改")


def owner_problem(bound: Bound, row: Row, target: str | None) -> CellIssue | None:
    """A row of an enterprise's workbook that names another enterprise."""
    named = row.enterprise if row.enterprise is not None else (
        row.values.get(("enterprise",)) if bound.sheet.scope == "bureau" else None)
    if target is None or named is None or str(named) == target:
        return None
    column = next((c for c in bound.columns.values() if c.field == ("enterprise",) or c.derived == "enterprise_id"),
                  None)
    ref = ref_for(bound, row.number, ("enterprise",)) if column is not None and column.field else str(row.number)
    if column is not None and column.field is None:
        ref = f"{bound.letter(column)}{row.number}"
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
