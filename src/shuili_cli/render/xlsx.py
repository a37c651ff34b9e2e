"""The monthly forms 附件1 and 附件2 as an .xlsx workbook, laid out as an official would print them.

Everything in the table derives from the column catalogue (``report-templates/``): header paths
give the merged group cells, ``keys``/``span`` give the data cells. Only the fixed texts of the
period line, the 填报 line and the draft warning are written here.

Layout: row 1 the corner label (附件1), row 2 the title exactly as printed in the plan, row 3
the period the figures cover (“（2023年5月）”, “（2023年1—5月累计）”), then the draft warning
(if any), the 填报 line, the header block, the unit rows and the notes. Each sheet prints on
A4 (the catalogue's ``paper``) landscape, one page wide, the header rows repeated.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment, Border, Font, Side  # type: ignore[import-untyped,unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.cell_range import CellRange  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.merge import MergedCellRange  # type: ignore[import-untyped,unused-ignore]
from openpyxl.xml.functions import tostring  # type: ignore[import-untyped,unused-ignore]

from shuili_cli.core.domain.numbers import fixed_text, sheet_number_format
from shuili_cli.core.figures.catalogue import Form
from shuili_cli.core.figures.figures import Period
from shuili_cli.core.outputs.report import restamp_zip

Cell = Any        # openpyxl.cell.Cell (the library ships no type information)
Sheet = Any       # openpyxl.worksheet.worksheet.Worksheet

FONT_NAME = "宋体"
UNIT_TYPE_HEADER = "填报单位类型"
DRAFT_HEADING = "草稿：未解决的问题"

# Widths in Excel character units, heights in points.
UNIT_TYPE_WIDTH = 10.0
LABEL_WIDTH = 9.0
FIGURE_WIDTH = 4.5
CJK_UNITS = 1.9          # a CJK character is about this many width units at 10pt
CHAR_PT = 16.0           # one stacked (vertical) character, 10pt (LibreOffice's CJK fonts need 15.6)
LINE_PT = 14.0           # one line of horizontal 10pt text
HEADER_CAP_PT = 340.0    # cap on the header block's height
MIN_ROW_PT = 20.0

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Stacked vertical text. No wrap: LibreOffice left-aligns wrapped stacked text; the row heights are
# computed so that every label fits in one stacked column.
VERTICAL = Alignment(text_rotation=255, wrap_text=False, vertical="center", horizontal="center")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")
LEFT = Alignment(wrap_text=True, vertical="center", horizontal="left")
FONT = Font(name=FONT_NAME, size=10)
RED_BOLD = Font(name=FONT_NAME, size=11, bold=True, color="FF0000")
PAPER = {"A3": 8, "A4": 9}   # Worksheet.PAPERSIZE_A3 / PAPERSIZE_A4


@dataclass(frozen=True, slots=True)
class _HeaderCell:
    """One header cell: catalogue columns ``first``..``last`` (0-based), header levels ``top``..``bottom``."""

    top: int
    bottom: int
    first: int
    last: int
    text: str
    vertical: bool


@dataclass(frozen=True, slots=True)
class FormMeta:
    unit_name: str
    unit_type: str
    region: str
    reporter: str
    phone: str
    fill_date: date
    draft: tuple[str, ...]
    period: str = ""
    notice: str = ""          # a red line under the period (a roll-up's “缺报：…”)


# ----------------------------------------------------------------- cell helpers


def text_cell(cell: Cell, value: str) -> None:
    """Write ``value`` as plain text: never a formula, whatever it starts with (=, +, -, @)."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"


def _display_width(text: str) -> float:
    """Width of ``text`` in Excel character units (CJK and full-width characters count double)."""
    return sum(CJK_UNITS if ord(ch) >= 0x2E80 else 1.0 for ch in text)


def _lines(text: str, width: float) -> int:
    """Lines that ``text`` takes when wrapped in ``width`` character units (paragraphs kept)."""
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(_display_width(part) / usable)) for part in text.split("\n"))


def _merge(ws: Sheet, r1: int, c1: int, r2: int, c2: int) -> None:
    """Merge a range in constant time.

    ``ws.merge_cells`` first compares the range with every range merged before, so a draft
    listing thousands of findings took n² steps; the ranges here never overlap.
    """
    ws.merged_cells.ranges.add(MergedCellRange(ws, CellRange(min_row=r1, min_col=c1, max_row=r2, max_col=c2).coord))


def _box(ws: Sheet, r1: int, c1: int, r2: int, c2: int, *, align: Alignment = CENTRED,
         font: Font = FONT, border: bool = True) -> Cell:
    """Merge the range (if larger than one cell), style it and return its top-left cell.

    A bordered range styles every cell (Excel draws each cell's own border); otherwise only
    the top-left cell, the one Excel shows.
    """
    if (r1, c1) != (r2, c2):
        _merge(ws, r1, c1, r2, c2)
    for row in range(r1, r2 + 1 if border else r1 + 1):
        for col in range(c1, c2 + 1 if border else c1 + 1):
            cell = ws.cell(row=row, column=col)
            cell.alignment = align
            cell.font = font
            if border:
                cell.border = BORDER
    return ws.cell(row=r1, column=c1)


def period_text(period: Period) -> str:
    """The period line under a form's title.

    （2023年5月） for a month; （2023年1—5月累计） year to date (December's is the year-end
    form); with ``--partial`` the last day counted: （2023年5月，截至5月20日）.
    """
    months = f"1—{period.month}月累计" if period.ytd and period.month > 1 else f"{period.month}月"
    end = period.partial_end
    as_of = f"，截至{end.month}月{end.day}日" if end is not None else ""
    return f"（{period.year}年{months}{as_of}）"


def fill_line(d: date, meta: FormMeta) -> str:
    return (f"填报单位（盖章）：{meta.unit_name}　填表人：{meta.reporter}　联系电话：{meta.phone}　"
            f"{d.year}年{d.month}月{d.day}日")


# ----------------------------------------------------------------- header


def header_cells(form: Form) -> list[_HeaderCell]:
    """The header block of ``form``: group cells merged across, leaves merged down to the last level."""
    depth = form.depth
    cols = form.columns
    out: list[_HeaderCell] = []
    for level in range(depth):
        i = 0
        while i < len(cols):
            col = cols[i]
            if col.is_label:
                if level == 0:
                    out.append(_HeaderCell(0, depth - 1, i, i, col.header[0], True))
                i += 1
                continue
            if len(col.header) <= level:
                i += 1
                continue
            if level == len(col.header) - 1:
                out.append(_HeaderCell(level, depth - 1, i, i, col.header[level], True))
                i += 1
                continue
            prefix = col.header[: level + 1]
            j = i
            while (j + 1 < len(cols) and not cols[j + 1].is_label and len(cols[j + 1].header) > level + 1
                   and cols[j + 1].header[: level + 1] == prefix):
                j += 1
            out.append(_HeaderCell(level, level, i, j, col.header[level], False))
            i = j + 1
    return out


def _column_widths(form: Form, fills: Sequence[Mapping[str, int | Decimal]]) -> list[float]:
    """Width of each catalogue column: narrow figure columns, wider label columns (``fills``: the filled rows' values)."""
    widths: list[float] = []
    for col in form.columns:
        if col.is_label:
            widths.append(LABEL_WIDTH)
            continue
        longest = max((len(_number_text(values[k], col.money)) for values in fills for k in col.keys if k is not None),
                      default=0)
        widths.append(max(FIGURE_WIDTH, longest + 1.5))
    return widths


def _header_heights(form: Form, cells: Sequence[_HeaderCell], widths: Sequence[float]) -> list[float]:
    """Row heights of the header block: group rows fit their wrapped text, the last row the stacked leaves."""
    depth = form.depth
    heights = [MIN_ROW_PT] * depth
    for hc in cells:
        if not hc.vertical:
            span = sum(widths[hc.first: hc.last + 1])
            heights[hc.top] = max(heights[hc.top], _lines(hc.text, span) * LINE_PT + 6)
    need = 2 * CHAR_PT
    for hc in cells:
        if hc.vertical:
            above = sum(heights[hc.top: depth - 1])
            need = max(need, min(len(hc.text) * CHAR_PT + 8, HEADER_CAP_PT) - above)
    heights[depth - 1] = need
    return heights


def _write_header(ws: Sheet, form: Form, top: int, widths: Sequence[float]) -> None:
    depth = form.depth
    text_cell(_box(ws, top, 1, top + depth - 1, 1), UNIT_TYPE_HEADER)
    cells = header_cells(form)
    for hc in cells:
        cell = _box(ws, top + hc.top, 2 + hc.first, top + hc.bottom, 2 + hc.last,
                    align=VERTICAL if hc.vertical else CENTRED)
        text_cell(cell, hc.text)
    for level, height in enumerate(_header_heights(form, cells, widths)):
        ws.row_dimensions[top + level].height = height


# ----------------------------------------------------------------- data rows


def _number_text(value: int | Decimal, money: bool) -> str:
    return fixed_text(value, money=money)


def put_number(cell: Cell, value: int | Decimal | None, money: bool) -> None:
    cell.number_format = sheet_number_format(money=money)
    if value is None:
        return
    # Decimal is exact up to here; openpyxl writes floats, so convert only at write time.
    cell.value = float(value) if isinstance(value, Decimal) else int(value)


@dataclass(frozen=True, slots=True)
class FigureCell:
    """Where one figure goes in a unit type's block: rows ``top``..``bottom`` (0-based within the
    block), sheet columns ``left``..``right`` (1-based, column A holds the unit type)."""

    key: str | None
    top: int
    bottom: int
    left: int
    right: int
    money: bool


def figure_cells(form: Form) -> list[FigureCell]:
    """The figure cells of one unit type's block of ``form``, column by column (a split column's sub-rows in turn)."""
    n = form.sub_rows
    out: list[FigureCell] = []
    for index, col in enumerate(form.columns):
        c = 2 + index
        if col.is_label:
            continue
        if not col.split:
            out.append(FigureCell(col.keys[0], 0, n - 1, c, c, col.money))
            continue
        spans = dict(col.span)
        out.extend(FigureCell(key, i, i, c, c + spans.get(i, 1) - 1, col.money)
                   for i, key in enumerate(col.keys) if key is not None)   # None: covered by a span to its left
    return out


def _write_unit_rows(ws: Sheet, form: Form, values: Mapping[str, int | Decimal] | None, top: int,
                     unit_type: str, widths: Sequence[float]) -> None:
    """The ``form.sub_rows`` rows of one unit type, starting at sheet row ``top``; ``values`` None: left empty."""
    n = form.sub_rows
    bottom = top + n - 1
    text_cell(_box(ws, top, 1, bottom, 1), unit_type)
    by_column: dict[int, list[FigureCell]] = {}
    for fc in figure_cells(form):
        by_column.setdefault(fc.left, []).append(fc)
    for index, col in enumerate(form.columns):
        c = 2 + index
        for i, label in enumerate(col.labels[:n] if col.is_label else ()):
            text_cell(_box(ws, top + i, c, top + i, c), label)
        for fc in by_column.get(c, ()):
            put_number(_box(ws, top + fc.top, fc.left, top + fc.bottom, fc.right),
                        values[fc.key] if values is not None and fc.key else None, fc.money)
    lines = _lines(unit_type, UNIT_TYPE_WIDTH) / n
    for i in range(n):
        label_lines = [_lines(col.labels[i], widths[j]) for j, col in enumerate(form.columns)
                       if col.is_label and i < len(col.labels)]
        ws.row_dimensions[top + i].height = max(MIN_ROW_PT, max([lines, *label_lines]) * LINE_PT + 8)


# ----------------------------------------------------------------- sheet


def _paragraph(ws: Sheet, row: int, width: int, text: str, total: float, font: Font = FONT) -> None:
    """A left-aligned text row merged across the table width, tall enough for its wrapped lines."""
    text_cell(_box(ws, row, 1, row, width, align=LEFT, font=font, border=False), text)
    ws.row_dimensions[row].height = _lines(text, total * 0.95) * LINE_PT + 6


def _render_sheet(ws: Sheet, form: Form, rows: Mapping[str, Mapping[str, int | Decimal]], meta: FormMeta) -> None:
    """One form; ``rows``: the values of each unit type's row that is filled (the others stay empty)."""
    fills = {t: rows[t] for t in form.unit_types if t in rows}
    widths = _column_widths(form, list(fills.values()))
    width = 1 + len(form.columns)
    total = UNIT_TYPE_WIDTH + sum(widths)
    ws.column_dimensions["A"].width = UNIT_TYPE_WIDTH
    for index, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(2 + index)].width = w

    text_cell(_box(ws, 1, 1, 1, 2, align=LEFT, font=Font(name=FONT_NAME, size=12, bold=True), border=False),
          form.corner)
    title = form.title.format(region=meta.region)
    text_cell(_box(ws, 2, 1, 2, width, font=Font(name=FONT_NAME, size=16, bold=True), border=False), title)
    ws.row_dimensions[2].height = 30
    row = 3
    if meta.period:
        text_cell(_box(ws, row, 1, row, width, font=Font(name=FONT_NAME, size=12), border=False), meta.period)
        ws.row_dimensions[row].height = 20
        row += 1
    if meta.notice:
        _paragraph(ws, row, width, meta.notice, total, RED_BOLD)
        row += 1
    if meta.draft:
        warning = f"草稿：数据仍有 {len(meta.draft)} 个错误，不得作为正式报表上报"
        text_cell(_box(ws, row, 1, row, width, font=RED_BOLD, border=False), warning)
        ws.row_dimensions[row].height = 22
        row += 1
    _paragraph(ws, row, width, fill_line(meta.fill_date, meta), total, Font(name=FONT_NAME, size=11))
    ws.row_dimensions[row].height = max(ws.row_dimensions[row].height, 22)
    header_top = row + 1
    _write_header(ws, form, header_top, widths)
    data_top = header_top + form.depth
    for k, unit_type in enumerate(form.unit_types):
        _write_unit_rows(ws, form, fills.get(unit_type), data_top + k * form.sub_rows, unit_type, widths)
    row = data_top + len(form.unit_types) * form.sub_rows
    _paragraph(ws, row, width, form.notes, total)
    if meta.draft:
        row += 1
        _paragraph(ws, row, width, DRAFT_HEADING, total, RED_BOLD)
        for line in meta.draft:
            row += 1
            _paragraph(ws, row, width, line, total)

    ws.freeze_panes = ws.cell(row=data_top, column=2).coordinate
    _page_setup(ws, form, header_top, data_top - 1)


def _page_setup(ws: Sheet, form: Form, first_header: int, last_header: int) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = PAPER.get(form.paper.upper(), PAPER["A3"])
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{first_header}:{last_header}"
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.5
    margins.header = margins.footer = 0.3


# ----------------------------------------------------------------- workbook


def reproducible(data: bytes, properties: Any, fill_date: date) -> bytes:
    """Rewrite the zip with fixed entry times and the workbook's own (fixed) core properties."""
    properties.created = properties.modified = datetime(fill_date.year, fill_date.month, fill_date.day)
    return restamp_zip(data, fill_date, {"docProps/core.xml": tostring(properties.to_tree())})


def build_workbook(forms: Sequence[Form], values: Mapping[str, int | Decimal], *, unit_name: str, unit_type: str,
                   region: str, reporter: str, phone: str, fill_date: date,
                   draft: Sequence[str] | None = None, period: Period | None = None,
                   rows: Mapping[str, Mapping[str, int | Decimal]] | None = None, notice: str = "") -> bytes:
    """The .xlsx bytes of ``forms`` (one sheet each) filled with ``values`` in the ``unit_type`` row.

    ``rows`` (unit type -> values) fills each of those rows instead (a city's roll-up fills both
    市直单位 and 县（市、区）); ``notice`` is printed in red under the period line (“缺报：…”).

    With ``draft`` (finding texts still unresolved) every sheet says it is a draft and lists them.
    ``period`` (the figures' period) is printed under each title (:func:`period_text`), and
    is part of the file's 标题 property; without it (a blank form) there is no period line.
    Two calls with the same arguments give the same bytes.
    """
    when = period_text(period) if period is not None else ""
    meta = FormMeta(unit_name, unit_type, region, reporter, phone, fill_date, tuple(draft or ()), when, notice)
    fills = rows if rows is not None else {unit_type: values}
    wb = Workbook()
    wb.remove(wb.active)
    for form in forms:
        _render_sheet(wb.create_sheet(form.sheet), form, fills, meta)
    props = wb.properties
    props.creator = props.lastModifiedBy = ILLEGAL_CHARACTERS_RE.sub("", unit_name)[:255]   # the unit (作者)
    props.title = ILLEGAL_CHARACTERS_RE.sub("", forms[0].title.format(region=region) + when) if forms else ""
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), props, fill_date)
