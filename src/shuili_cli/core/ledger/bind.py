"""Which sheet of a workbook is which ledger sheet, which row holds the headers, and which column is
which field; ``--map MAP.yaml`` describes the layouts of other people's spreadsheets.

A map file (UTF-8 YAML)::

    sheets:
      隐患清单:                    # a sheet of the catalogue
        from: 隐患排查治理台账     # its name in the workbook (default: the same name)
        header_row: 3              # optional: the row of the headers (default: found)
        columns:                   # workbook header: catalogue header (null: ignore the column)
          排查时间: 发现日期
          隐患内容: 隐患描述
          序号: null
        values:                    # optional: other spellings of a closed vocabulary, per column
          隐患等级: {一般隐患: 一般, Ⅰ级: 重大}
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shuili_cli.core.figures.catalogue import CatalogueError, validated
from shuili_cli.core.ledger.catalogue import LedgerCatalogue, LedgerColumn, LedgerSheet
from shuili_cli.core.ledger.grid import Cell, SheetGrid, column_letters

HEADER_SEARCH_ROWS = 10


class _SheetMap(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    from_: str | None = Field(default=None, alias="from")
    header_row: int | None = Field(default=None, ge=1, le=1000)
    columns: dict[str, str | None] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)


class _MapFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    sheets: dict[str, _SheetMap] = Field(min_length=1)


class MapError(ValueError):
    """The map file is not a valid map (a usage error)."""


@dataclass(frozen=True, slots=True)
class SheetMap:
    source: str | None
    header_row: int | None
    columns: dict[str, str | None]
    values: dict[str, dict[str, str]]


def load_map(text: str, name: str, catalogue: LedgerCatalogue) -> dict[str, SheetMap]:
    """A ``--map`` file, checked against the catalogue: every sheet and target header must exist."""
    try:
        spec = validated(text, name, _MapFile, "对照表")
    except CatalogueError as exc:
        raise MapError(str(exc)) from None
    problems: list[str] = []
    out: dict[str, SheetMap] = {}
    for sheet_name, m in spec.sheets.items():
        sheet = catalogue.sheet(sheet_name)
        if sheet is None:
            problems.append(f"sheets.{sheet_name}: 台账中没有这个工作表（有：{'、'.join(s.name for s in catalogue.sheets)}）")
            continue
        known = {c.header for c in (*catalogue.county_columns, *sheet.columns)}
        for theirs, ours in m.columns.items():
            if ours is not None and ours not in known:
                problems.append(f"sheets.{sheet_name}.columns.{theirs}: 本表没有“{ours}”栏")
        for ours in m.values:
            if ours not in known:
                problems.append(f"sheets.{sheet_name}.values.{ours}: 本表没有“{ours}”栏")
        out[sheet_name] = SheetMap(m.from_, m.header_row, dict(m.columns), {k: dict(v) for k, v in m.values.items()})
    if problems:
        raise MapError(f"{name}: 对照表有误：{'；'.join(problems)}")
    return out


def normal_header(value: Any) -> str:
    """A header as compared: NFKC, no spaces or line breaks, no required-mark star."""
    text = unicodedata.normalize("NFKC", str(value)) if value is not None else ""
    return "".join(text.split()).lstrip("*＊")


@dataclass(frozen=True, slots=True)
class Bound:
    """A workbook sheet read as a catalogue sheet."""

    grid: SheetGrid
    sheet: LedgerSheet
    header_row: int
    columns: dict[int, LedgerColumn]            # workbook column -> catalogue column
    synonyms: dict[str, dict[str, str]] = field(default_factory=dict)   # header -> extra spellings
    notes: tuple[str, ...] = ()                 # ignored or hidden columns, merged cells, blank rows

    def letter(self, column: LedgerColumn) -> str | None:
        return next((column_letters(c) for c, col in self.columns.items() if col is column), None)


def header_texts(row: tuple[Cell, ...]) -> dict[int, str]:
    return {c.col: normal_header(c.value) for c in row if c.value is not None and normal_header(c.value)}


def _match(headers: dict[int, str], known: dict[str, LedgerColumn], renamed: dict[str, str | None]) -> dict[int, LedgerColumn]:
    out: dict[int, LedgerColumn] = {}
    for col, text in headers.items():
        target: str | None = text
        if text in renamed:
            target = renamed[text]
            target = normal_header(target) if target is not None else None
        if target is not None and target in known and known[target] not in out.values():
            out[col] = known[target]
    return out


def bind(grid: SheetGrid, sheet: LedgerSheet, county_columns: tuple[LedgerColumn, ...],
         smap: SheetMap | None) -> Bound | str:
    """Read ``grid`` as ``sheet``; a Chinese reason when its headers cannot be found."""
    known = {normal_header(c.header): c for c in (*county_columns, *sheet.columns)}
    renamed = {normal_header(k): v for k, v in (smap.columns if smap else {}).items()}
    rows = grid.rows
    if smap is not None and smap.header_row is not None:
        candidates = [r for r in rows if r and r[0].row == smap.header_row]
    else:
        candidates = list(rows[:HEADER_SEARCH_ROWS])
    best: tuple[int, tuple[Cell, ...], dict[int, LedgerColumn]] | None = None
    for row in candidates:
        matched = _match(header_texts(row), known, renamed)
        if matched and (best is None or len(matched) > len(best[2])):
            best = (len(matched), row, matched)
    if best is None:
        return f"工作表“{grid.name}”前 {HEADER_SEARCH_ROWS} 行中找不到“{sheet.name}”的表头（如“{sheet.columns[0].header}”）"
    _, header, matched = best
    notes: list[str] = []
    for col, text in header_texts(header).items():
        if col not in matched:
            why = "对照表中设为忽略" if text in renamed and renamed[text] is None else "不是本表的栏目"
            notes.append(f"{grid.name}!{column_letters(col)}{header[0].row}“{text}”{why}，该列未导入")
        elif col in grid.hidden_columns:
            notes.append(f"{grid.name}!{column_letters(col)} 列“{text}”是隐藏列，仍按该栏导入")
    if grid.blank_rows_skipped:
        notes.append(f"{grid.name}: 跳过 {grid.blank_rows_skipped} 个空行")
    synonyms = {normal_header(k): v for k, v in (smap.values if smap else {}).items()}
    return Bound(grid, sheet, header[0].row, matched, synonyms, tuple(notes))


__all__ = ["Bound", "MapError", "SheetMap", "bind", "load_map", "normal_header"]
