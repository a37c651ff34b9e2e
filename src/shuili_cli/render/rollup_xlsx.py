"""The roll-up workbook's 分县明细 sheet, and reading a county workbook's figure cells back.

:func:`add_county_sheet` takes the city's 附件1/附件2 workbook (``render.xlsx.build_workbook`` with both
unit rows filled) and appends 分县明细: one row per county with every figure, the 合计 row (the
县（市、区） row of the forms), the counties still missing (``--partial``), and where each row came
from (a report folder or a repository; the figures.json's SHA-256; the county's git commit and
whether its work tree was clean; the digest of its records; the shuili version and date). Every
text from a submission is written as text, never as a formula.

:func:`read_unit_cells` reads a county's workbook the way ledger imports are read (one bounded read,
no link, zip members checked, formulas never evaluated) and returns the cells of one unit type's row.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped,unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

from shuili_cli.core.figures.catalogue import Form, key_index
from shuili_cli.core.rollup import COUNTY_ROW, Rollup, SheetCell, Submission
from shuili_cli.render.ledger_read import read_workbook
from shuili_cli.render.xlsx import FONT_NAME, figure_cells, period_text, put_number, reproducible, text_cell

SHEET = "分县明细"
MAX_COUNTY_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_COUNTY_WORKBOOK_CELLS = 200_000   # a county's form has about 300 non-empty cells; a draft lists more
HEADER_ROW, KEY_ROW, FIRST_ROW = 2, 3, 4
SOURCE_HEADERS = ("报送方式", "报送位置", "figures.json 的 SHA-256", "git 提交", "工作区", "数据摘要（content_sha256）",
                  "shuili 版本", "生成日期")
SOURCE_WIDTHS = (10.0, 24.0, 18.0, 18.0, 10.0, 18.0, 8.0, 11.0)
TOTAL_LABEL = f"合计（{COUNTY_ROW}）"
HASH_LINES = 4
MISSING_LABEL = "缺报"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
SMALL = Font(name=FONT_NAME, size=8)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")

Sheet = Any


def read_unit_cells(path: Path, forms: Sequence[Form], unit_type: str) -> dict[str, SheetCell | None]:
    """Key -> the cell of ``unit_type``'s row that holds it (None: no such cell). Raises ``SheetReadError``."""
    book = read_workbook(path, max_bytes=MAX_COUNTY_WORKBOOK_BYTES, max_cells=MAX_COUNTY_WORKBOOK_CELLS,
                         sheets={f.sheet for f in forms})
    out: dict[str, SheetCell | None] = {}
    for form in forms:
        grid = book.sheet(form.sheet)
        cells = {(c.row, c.col): c for row in (grid.rows if grid is not None else ()) for c in row}
        top = min((r for (r, col), c in cells.items() if col == 1 and c.value == unit_type), default=None)
        for fc in figure_cells(form):
            if fc.key is None:
                continue
            cell = cells.get((top + fc.top, fc.left)) if top is not None else None
            out[fc.key] = SheetCell(cell.value, cell.formula, f"{form.sheet}!{cell.ref}") if cell is not None else None
    return out


def _source_cells(sub: Submission) -> tuple[str, ...]:
    src = sub.source
    commit = src.get("commit") if isinstance(src.get("commit"), dict) else None
    return (
        "报表文件夹" if sub.kind == "figures" else "数据仓库（直接计算）",
        sub.where,
        sub.sha256,
        str(commit.get("head", "")) if commit else "（不是 git 仓库）",
        ("干净" if commit.get("clean") else "有未提交的改动") if commit else "",
        str(src.get("content_sha256", "")),
        str(src.get("shuili_version", "")),
        str(src.get("generated_on", "")),
    )


def _styled(ws: Sheet, row: int, col: int, font: Font = FONT, align: Alignment = WRAP) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.font, cell.alignment, cell.border = font, align, BORDER
    return cell


def add_county_sheet(workbook: bytes, r: Rollup, fill_date: date) -> bytes:
    """``workbook`` with the 分县明细 sheet appended; the same bytes on every run."""
    wb = load_workbook(io.BytesIO(workbook))
    ws = wb.create_sheet(SHEET)
    index = key_index()
    keys = list(index)
    first_key_col = 3 + len(SOURCE_HEADERS)
    last_col = first_key_col + len(keys) - 1
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=min(last_col, 12))
    title = ws.cell(row=1, column=1)
    text_cell(title, f"{r.unit.get('name', '')} 分县明细{period_text(r.period)}")
    title.font = Font(name=FONT_NAME, size=14, bold=True)
    for col, text in enumerate(("序号", "填报单位", *SOURCE_HEADERS), start=1):
        text_cell(_styled(ws, HEADER_ROW, col, BOLD), text)
        _styled(ws, KEY_ROW, col)
    for j, key in enumerate(keys):
        info = index[key]
        text_cell(_styled(ws, HEADER_ROW, first_key_col + j, BOLD), f"{info.form} {info.label}（{info.unit}）")
        text_cell(_styled(ws, KEY_ROW, first_key_col + j, SMALL), key)
    row = FIRST_ROW
    for n, sub in enumerate(r.counties, start=1):
        _styled(ws, row, 1).value = n
        for col, text in enumerate((sub.name, *_source_cells(sub)), start=2):
            text_cell(_styled(ws, row, col, SMALL if len(text) > 32 else FONT, LEFT), text)
        for j, key in enumerate(keys):
            put_number(_styled(ws, row, first_key_col + j), sub.figures[key], index[key].money)
        row += 1
    text_cell(_styled(ws, row, 2, BOLD), TOTAL_LABEL)
    for col in (1, *range(3, first_key_col)):
        _styled(ws, row, col)
    for j, key in enumerate(keys):
        put_number(_styled(ws, row, first_key_col + j, BOLD), r.total[key], index[key].money)
    for name in r.missing:
        row += 1
        text_cell(_styled(ws, row, 2, align=LEFT), name)
        text_cell(_styled(ws, row, 3), MISSING_LABEL)
    _layout(ws, keys, first_key_col, index, row)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), wb.properties, fill_date)


def _layout(ws: Sheet, keys: list[str], first_key_col: int, index: dict[str, Any], last_row: int) -> None:
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 16
    for i, width in enumerate(SOURCE_WIDTHS):
        ws.column_dimensions[get_column_letter(3 + i)].width = width
    for j, key in enumerate(keys):
        ws.column_dimensions[get_column_letter(first_key_col + j)].width = 9 if index[key].money else 7
        ws.cell(row=KEY_ROW, column=first_key_col + j).number_format = "@"
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[HEADER_ROW].height = 96
    ws.row_dimensions[KEY_ROW].height = 36
    for row in range(FIRST_ROW, last_row + 1):   # a SHA-256 wraps to four lines in its column
        ws.row_dimensions[row].height = HASH_LINES * 11
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3).coordinate
    ws.print_title_rows = f"{HEADER_ROW}:{KEY_ROW}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = 8   # A3
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 0
    ws.page_setup.fitToHeight = 0
