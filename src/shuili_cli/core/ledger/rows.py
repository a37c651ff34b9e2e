"""Reading the data rows of a bound sheet into field values, cell by cell.

Each cell goes through :func:`cells.cell_value` with its column's kind; a problem is kept with
its ``sheet!cell``. A row whose imported cells are all empty is skipped. Merged cells in the data
rows are refused: Excel keeps a merged range's value in its first cell only, so the other rows
would silently lose it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from shuili_cli.core.ledger.bind import Bound
from shuili_cli.core.ledger.catalogue import ENTERPRISE_ID, LedgerColumn
from shuili_cli.core.ledger.cells import CellProblem, cell_value
from shuili_cli.core.ledger.grid import Cell, column_letters, column_number

_KIND_READ = {"lines": "para"}  # one measure per line: read as text that may span lines, then split
VOLATILE = re.compile(r"\b(TODAY|NOW|RAND|RANDBETWEEN|OFFSET|INDIRECT)\s*\(", re.IGNORECASE)
"""Formulas whose result changes every time the workbook is opened: their saved result is imported, with a warning."""


@dataclass(frozen=True, slots=True)
class CellIssue:
    """A problem found in the workbook, at ``sheet!cell`` (or a whole row, or the workbook)."""

    sheet: str
    ref: str            # "H12", "12" for a whole row, "" for the sheet
    message: str
    error: bool = True

    @property
    def where(self) -> str:
        if not self.sheet:
            return self.ref
        return f"{self.sheet}!{self.ref}" if self.ref else self.sheet


@dataclass(slots=True)
class Row:
    """One data row: the values of the imported columns by field path (None = the cell is empty)."""

    number: int
    values: dict[tuple[str, ...], Any] = field(default_factory=dict)
    enterprise: str | None = None                          # from a county workbook's 企业编号
    enterprise_ref: str = ""
    name: str | None = None                                # and its 企业名称 (checked against the 企业编号)
    refs: dict[tuple[str, ...], str] = field(default_factory=dict)   # field -> cell ref


def _last_row(rng: str) -> int:
    """The bottom row of a merged range (``A3:B4`` -> 4)."""
    last = rng.rpartition(":")[2]
    return int("".join(ch for ch in last if ch.isdigit()) or 0)


def merged_problems(bound: Bound) -> list[CellIssue]:
    """Merged ranges reaching into the data rows (a title above the header may be merged)."""
    return [CellIssue(bound.grid.name, rng.split(":")[0],
                      f"合并单元格 {rng}：合并后只有左上角的格子有值，其余行会丢失；请取消合并，每行每格分别填写")
            for rng in bound.grid.merged if _last_row(rng) > bound.header_row]


def _value(column: LedgerColumn, cell: Cell, bound: Bound, epoch_1904: bool) -> Any:
    kind = "id" if column.derived == ENTERPRISE_ID else _KIND_READ.get(column.kind, column.kind)
    synonyms = dict(column.synonyms)
    synonyms.update(bound.synonyms.get(column.header, {}))
    value = cell_value(cell, kind, allowed=column.allowed, synonyms=synonyms, epoch_1904=epoch_1904,
                       places=column.places)
    if column.kind == "lines" and isinstance(value, str):
        return [line.strip() for line in value.split("\n") if line.strip()]
    return value


def read_rows(bound: Bound, epoch_1904: bool, issues: list[CellIssue]) -> Iterator[Row]:
    """The data rows below the header, each with its values; problems go to ``issues``."""
    for cells in bound.grid.rows:
        if not cells or cells[0].row <= bound.header_row:
            continue
        row = Row(cells[0].row)
        bad = False
        for cell in cells:
            column = bound.columns.get(cell.col)
            if column is not None and column.derived == "enterprise_name" and isinstance(cell.value, str):
                row.name = cell.value.strip()
            if column is None or not column.imported:
                continue
            value = _value(column, cell, bound, epoch_1904)
            if cell.formula and VOLATILE.search(cell.formula_text) and not isinstance(value, CellProblem):
                issues.append(CellIssue(bound.grid.name, cell.ref,
                    f"（{column.header}）公式 ={cell.formula_text} 每次打开工作簿都会重新计算（如变成当天的日期），"
                    f"已按保存时的结果“{cell.value}”导入；请改为直接填写", error=False))
            if isinstance(value, CellProblem):
                issues.append(CellIssue(bound.grid.name, cell.ref, f"（{column.header}）{value.message}"))
                bad = True
                continue
            if column.derived == ENTERPRISE_ID:
                row.enterprise, row.enterprise_ref = value, cell.ref
            elif column.field is not None:
                row.values[column.field] = value
                row.refs[column.field] = cell.ref
        if bad or row.enterprise is not None or any(v is not None for v in row.values.values()):
            for col, column in bound.columns.items():   # empty cells of imported columns count as empty values
                if column.field is not None:
                    row.values.setdefault(column.field, None)
                    row.refs.setdefault(column.field, f"{column_letters(col)}{row.number}")
            if not bad:
                order = {c.field: i for i, c in enumerate(bound.sheet.columns)}   # new records: the catalogue's order
                row.values = dict(sorted(row.values.items(), key=lambda kv: order.get(kv[0], len(order))))
                yield row


def ref_for(bound: Bound, row: int, path: tuple[str, ...]) -> str:
    """``H12`` for the field's column in ``row``; the row alone when the sheet has no such column."""
    for col, column in bound.columns.items():
        if column.field == path:
            return f"{column_letters(col)}{row}"
    return f"{row}"


__all__ = ["CellIssue", "Row", "column_number", "merged_problems", "read_rows", "ref_for"]
