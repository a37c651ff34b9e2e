"""A ledger workbook (``shuili template`` / ``shuili export``) as ``.xlsx`` bytes.

Layout of every data sheet (one per :class:`BookSheet`, in order, named after the sheet):

- row 1 holds the column titles (required ones start with ``*``): bold, wrapped, light grey, two
  lines high, frozen, locked; the sheet is protected without a password, and every data cell is
  unlocked (the records' cells, and each column's own style, which covers every empty row below
  them without writing a cell), so people can type data but not change the header. The
  protection still lets them format cells, rows and columns, insert and delete rows,
  sort and filter. Columns computed by the program (状态, D, 合计, 企业名称) stay locked and
  have a light grey fill;
- drop-downs, date/number checks and input messages come from ``render/ledger_sheets.py``;
- cells are typed: dates are date cells shown ``yyyy-mm-dd``, numbers are numbers (a number of
  more than 15 significant digits, which Excel would round, is written as text), and text is
  always a text cell, never a formula, whatever it starts with (``=``, ``+``, ``-``, ``@``);
  text columns are formatted ``@`` so Excel keeps what people type there (leading zeros of a
  phone number) as text. A character that XML 1.0 cannot hold (U+0000-U+0008, U+000B, U+000C,
  U+000E-U+001F, U+FFFE, U+FFFF, lone surrogates) is written as U+FFFD: validation (SL208)
  already rejects them in the data, so this only keeps a bad repository from stopping the
  export. Text longer than Excel's 32,767 characters per cell raises :class:`ValueError`
  naming the cell;
- a row whose colour is 红/橙/黄/蓝 (risk points) is filled with :data:`RISK_FILLS`, the four
  official colours at a saturation that keeps black text readable and still prints as red,
  orange, yellow and blue;
- print set-up: A4 landscape, fit to one page wide, row 1 repeated on every page, narrow
  margins, gridlines printed, the unit and the book title in the page header and ``第 N 页，共 M 页`` below,
  and an autofilter on the header row. The print area ends at the last record (a template prints
  :data:`PRINTED_BLANK_ROWS` empty rows). Drop-downs and checks reach 1,000 rows below the records.

The 填写说明 sheet comes first in a template and last in an export; the hidden ``_lists`` sheet
holds the drop-down lists and the very hidden ``_shuili`` sheet (:data:`META_SHEET`) the book's
meta data (key in A, value in B), which ``import`` reads. The document's dates and every ZIP
entry's time are fixed (``as_of``, or 2000-01-01 for a template), so the same book gives the
same bytes. Sheets are streamed (openpyxl's write-only mode) with one shared style per kind of
cell, so time and memory grow linearly with the rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.cell.cell import Cell  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill, Protection  # type: ignore[import-untyped,unused-ignore]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.properties import PageSetupProperties  # type: ignore[import-untyped,unused-ignore]

from shuili_cli.core.ledger.book import META_SHEET, BookSheet, CellOut, LedgerBook
from shuili_cli.core.ledger.catalogue import LedgerColumn
from shuili_cli.render.ledger_sheets import (
    INSTRUCTION_WIDTHS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    TEMPLATE_ROWS,
    InstructionRow,
    Vocabulary,
    instruction_rows,
    is_computed,
    list_rows,
    validation,
    vocabularies,
)
from shuili_cli.render.xlsx import BORDER, FONT_NAME, reproducible
from shuili_cli.render.xlsx import _lines as wrapped_lines

Sheet = Any              # openpyxl's WriteOnlyWorksheet (the library ships no type information)
StyleArray = Any

TEMPLATE_DAY = date(2000, 1, 1)          # the fixed document date of a template (it has no as_of)
HEADER_FILL = "D9D9D9"                   # light grey: the header row
SHEET_FILL = "DDEBF7"                    # light blue: a sheet's heading in 填写说明
COMPUTED_FILL = "EDEDED"                 # lighter grey: cells the program computes
RISK_FILLS = {"红": "FF6B6B", "橙": "FFB347", "黄": "FFF176", "蓝": "64B5F6"}
PRINTED_BLANK_ROWS = 20                  # a printed template has this many empty rows to fill in by hand
TITLE_HEIGHT = 24.0                      # points: the 14pt title of 填写说明
HEADER_HEIGHT = 30.0                     # points: two lines of 10pt text
CELL_TEXT_MAX = 32767                    # Excel's limit on the characters of one cell
EXACT_DIGITS = 15                        # Excel keeps 15 significant digits of a number
FOOTER = "第 &P 页，共 &N 页"
HEADER_TEXT_MAX = 120                    # Excel allows 255 characters in a header section, codes included
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
TEXT_KINDS = frozenset({"text", "para", "lines", "id", "enum", "list"})
WRAP_KINDS = frozenset({"para", "lines"})

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

FONT = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
TOP_LEFT = Alignment(vertical="top", wrap_text=False)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def column_width(width: int) -> float:
    """Excel width of a catalogue width in characters (a Chinese character takes about two units)."""
    return width * 1.1 + 2


def number_format(column: LedgerColumn) -> str:
    if column.kind == "date":
        return DATE_FORMAT
    if column.kind in TEXT_KINDS:
        return TEXT_FORMAT
    if column.kind == "decimal" and column.places is not None:
        places = column.places
        return "0" if places == 0 else "0." + "0" * min(places, 2) + "#" * max(places - 2, 0)
    return "General"


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


class _Styles:
    """Shared style arrays: one per distinct look, registered once with the workbook."""

    def __init__(self, ws: Sheet) -> None:
        self._ws = ws
        self._cache: dict[tuple[object, ...], StyleArray] = {}

    def get(self, font: Font = FONT, fill: str | None = None, align: Alignment = TOP_LEFT,
            fmt: str = "General", locked: bool = True, boxed: bool = False) -> StyleArray:
        key = (id(font), fill, id(align), fmt, locked, boxed)
        style = self._cache.get(key)
        if style is None:
            cell = Cell(self._ws, row=1, column=1)
            cell.font = font
            if fill is not None:
                cell.fill = _fill(fill)
            cell.alignment = align
            cell.number_format = fmt
            cell.protection = LOCKED if locked else UNLOCKED
            if boxed:
                cell.border = BORDER
            style = self._cache[key] = cell._style
        return style

    def data(self, column: LedgerColumn, color: str | None, wrap: bool, readonly: bool = False) -> StyleArray:
        computed = readonly or is_computed(column)
        fill = RISK_FILLS.get(color or "") or (COMPUTED_FILL if computed else None)
        align = TOP_WRAP if wrap or column.kind in WRAP_KINDS else TOP_LEFT
        return self.get(FONT, fill, align, number_format(column), locked=computed)


def _cell(ws: Sheet, row: int, col: int, style: StyleArray, value: CellOut) -> Cell:
    """The cell at ``row``, ``col`` holding ``value``, its type set directly: text never becomes a formula."""
    cell = Cell(ws, row=row, column=col, style_array=style)
    if value is None:
        return cell
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, date)):
        cell._value, cell.data_type = xml_text(str(value)), "s"
    elif isinstance(value, date):
        cell._value, cell.data_type = value, "d"
    elif isinstance(value, Decimal) and (not value.is_finite() or len(value.as_tuple().digits) > EXACT_DIGITS):
        cell._value, cell.data_type = str(value), "s"
    elif isinstance(value, int) and len(str(abs(value))) > EXACT_DIGITS:
        cell._value, cell.data_type = str(value), "s"
    else:
        cell._value, cell.data_type = value, "n"
    return cell


def _stream(wb: Workbook, title: str) -> Sheet:
    """A new write-only sheet that takes rows of ready cells (:func:`_cell`) as they are.

    ``append`` would otherwise try each value as a cell value first and build an error message
    for every cell object it is given, several times the cost of writing it.
    """
    ws = wb.create_sheet(title)
    ws._values_to_row = lambda cells, _row: cells
    return ws


def _check_lengths(book: LedgerBook) -> None:
    """Raise :class:`ValueError` naming the first cell whose text Excel cannot hold (before any writing)."""
    for bs in book.sheets:
        for r, row in enumerate(bs.rows, 2):
            for i, value in enumerate(row, 1):
                if isinstance(value, str) and len(value) > CELL_TEXT_MAX:
                    raise ValueError(f"{bs.sheet.name}!{get_column_letter(i)}{r}：文字有 {len(value)} 个字符，"
                                     f"超过 Excel 单元格的上限 {CELL_TEXT_MAX}，请缩短后再导出")


# ----------------------------------------------------------------- sheet set-up


def _header_footer_text(text: str) -> str:
    """``text`` for a page header: ``&`` starts a control code there, so it is doubled."""
    cut = text if len(text) <= HEADER_TEXT_MAX else text[: HEADER_TEXT_MAX - 1] + "…"
    return xml_text(cut).replace("&", "&&")


LINE_HEIGHT = 13.5         # points per line of 10 pt text
MAX_ROW_HEIGHT = 409       # Excel's largest row height
A3_FROM_COLUMNS = 13
"""A sheet this wide prints on A3 (as the monthly forms do): on A4 its text would shrink to 4–5 pt."""


def _print_setup(ws: Sheet, book: LedgerBook, *, repeat_header: bool, gridlines: bool = True,
                 columns: int = 0) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 8 if columns >= A3_FROM_COLUMNS else 9    # A3 or A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.25
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.gridLines = gridlines
    if repeat_header:
        ws.print_title_rows = "1:1"
    if book.title:
        ws.oddHeader.center.text = _header_footer_text(book.title)
    if book.unit:
        ws.oddHeader.left.text = _header_footer_text(book.unit)
    ws.oddFooter.center.text = FOOTER


def _protect(ws: Sheet) -> None:
    """Protection on, no password; formatting, inserting/deleting rows, sorting and filtering allowed."""
    p = ws.protection
    p.sheet = True
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.deleteRows = False
    p.sort = p.autoFilter = False


def _widths(ws: Sheet, widths: Iterable[float]) -> None:
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _data_sheet(ws: Sheet, book: LedgerBook, bs: BookSheet, styles: _Styles,
                vocabs: dict[tuple[str, ...], Vocabulary]) -> None:
    columns = bs.columns
    # Empty rows need no cells: each column's own style (unlocked, its number format; computed columns
    # locked and grey) applies to every cell of the column that has none, in Excel, WPS and LibreOffice.
    # The drop-downs and checks reach 1,000 rows below the records.
    last_row = len(bs.rows) + TEMPLATE_ROWS
    last_col = get_column_letter(len(columns))
    _widths(ws, (column_width(c.width) for c in columns))
    ws.freeze_panes = "B2" if columns[0].kind == "id" and len(columns) > 1 else "A2"
    ws.row_dimensions[1].height = HEADER_HEIGHT
    ws.auto_filter.ref = f"A1:{last_col}{len(bs.rows) + 1}"
    # The validated rows would otherwise count as used: print the records (and a template's blank rows).
    blank = PRINTED_BLANK_ROWS if book.kind == "template" else 0
    ws.print_area = f"A1:{last_col}{len(bs.rows) + 1 + blank}"
    _print_setup(ws, book, repeat_header=True, columns=len(columns))
    _protect(ws)
    for i, column in enumerate(columns, 1):
        dv = validation(column, vocabs)
        if dv is not None:
            letter = get_column_letter(i)
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.data_validations.append(dv)

    # A sheet shown for reading only: one derived from others (整改清单), or the bureau's records in an
    # enterprise's workbook (import refuses changes there): every cell locked and grey.
    readonly = not bs.sheet.importable or (book.kind == "enterprise" and bs.sheet.scope == "bureau")
    plain = [styles.data(c, None, False, readonly) for c in columns]
    for i, style in enumerate(plain, 1):   # before the first row: a write-only sheet writes <cols> then
        ws.column_dimensions[get_column_letter(i)]._style = style   # see above
    header = styles.get(BOLD, HEADER_FILL, HEADER_ALIGN)
    ws.append([_cell(ws, 1, i, header, c.title) for i, c in enumerate(columns, 1)])
    widths = [column_width(c.width) for c in columns]
    for r, row in enumerate(bs.rows, 2):
        color = bs.colors[r - 2] if r - 2 < len(bs.colors) else None
        lines = max((wrapped_lines(v, w) for v, w, c in zip(row, widths, columns, strict=False)
                     if isinstance(v, str) and v and (c.kind in WRAP_KINDS or "\n" in v)), default=1)
        if lines > 1:   # wrapped text shows whole, on screen and on paper (Excel does not grow rows it reads)
            ws.row_dimensions[r].height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)
        looks = plain if color not in RISK_FILLS else [styles.data(c, color, False, readonly) for c in columns]
        cells = []
        for i, value in enumerate(row):
            style = looks[i]
            if isinstance(value, str) and "\n" in value:
                style = styles.data(columns[i], color, True, readonly)
            cells.append(_cell(ws, r, i + 1, style, value))
        ws.append(cells)


def _instructions_sheet(ws: Sheet, rows: Sequence[InstructionRow], styles: _Styles, book: LedgerBook) -> None:
    """The 填写说明 sheet: rules as long lines spilling over the empty cells to their right, then a
    bordered table (gridlines are not printed here, they would cross the rules)."""
    looks = {"title": styles.get(TITLE_FONT), "section": styles.get(BOLD), "rule": styles.get(FONT),
             "sheet": styles.get(BOLD, SHEET_FILL, TOP_LEFT, "General", True, True),
             "header": styles.get(BOLD, HEADER_FILL, HEADER_ALIGN, "General", True, True),
             "column": styles.get(FONT, None, TOP_WRAP, "General", True, True)}
    table = len(INSTRUCTION_WIDTHS)
    _widths(ws, INSTRUCTION_WIDTHS)
    ws.row_dimensions[1].height = TITLE_HEIGHT
    _print_setup(ws, book, repeat_header=False, gridlines=False)
    _protect(ws)
    for r, row in enumerate(rows, 1):
        cells = row.cells + ("",) * (table - len(row.cells)) if row.style in ("sheet", "header", "column") else row.cells
        ws.append([_cell(ws, r, i, looks[row.style], text or None) for i, text in enumerate(cells, 1)])


def _plain_sheet(ws: Sheet, rows: Iterable[Sequence[str | None]], styles: _Styles, state: str) -> None:
    """A hidden sheet of text (the drop-down lists, the meta data), protected."""
    ws.sheet_state = state
    _protect(ws)
    style = styles.get(FONT, None, TOP_LEFT, TEXT_FORMAT)
    for r, row in enumerate(rows, 1):
        ws.append([_cell(ws, r, i, style, v) for i, v in enumerate(row, 1)])


def build_ledger_workbook(book: LedgerBook) -> bytes:
    """The .xlsx bytes of ``book``; two calls with the same book give the same bytes.

    Raises :class:`ValueError` (in Chinese, naming the cell) when a text is longer than an Excel cell holds.
    """
    _check_lengths(book)
    wb = Workbook(write_only=True)
    vocabs = vocabularies(c for bs in book.sheets for c in bs.columns)
    parts: list[BookSheet | str] = [*book.sheets]
    parts.insert(0 if book.kind == "template" else len(parts), INSTRUCTIONS_SHEET)
    sheets = [_stream(wb, p if isinstance(p, str) else p.sheet.name) for p in parts]
    lists, meta = _stream(wb, LISTS_SHEET), _stream(wb, META_SHEET)
    styles = _Styles(lists)
    for ws, part in zip(sheets, parts, strict=True):
        if isinstance(part, str):
            help_rows = instruction_rows(book.title, [(bs.sheet.name, bs.columns) for bs in book.sheets])
            _instructions_sheet(ws, help_rows, styles, book)
        else:
            _data_sheet(ws, book, part, styles, vocabs)
    _plain_sheet(lists, list_rows(list(vocabs.values())), styles, "hidden")
    _plain_sheet(meta, book.meta.items(), styles, "veryHidden")
    props = wb.properties
    props.creator = props.lastModifiedBy = "shuili"
    props.title = xml_text(book.title)
    buf = io.BytesIO()
    wb.save(buf)
    return reproducible(buf.getvalue(), props, book.as_of or TEMPLATE_DAY)


__all__ = ["RISK_FILLS", "build_ledger_workbook", "column_width", "number_format", "xml_text"]
