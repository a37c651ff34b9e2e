"""A workbook as read from a ledger spreadsheet: sheets of non-empty cells, no spreadsheet library.

``render/ledger_read.py`` fills these from an .xlsx or .csv file; ``cells.py`` turns one cell
into a field value. Rows and columns are 1-based, as Excel shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

CellValue = str | int | float | Decimal | date | datetime | bool | None

MAX_COLUMN = 16384      # XFD, Excel's last column
MAX_ROW = 1048576       # Excel's last row


def column_letters(col: int) -> str:
    """``1`` -> ``A``, ``27`` -> ``AA``, ``16384`` -> ``XFD``."""
    if col < 1:
        raise ValueError(f"column {col} < 1")
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def column_number(letters: str) -> int:
    """``A`` -> ``1``, ``XFD`` -> ``16384`` (letters A–Z only, upper or lower case)."""
    if not letters or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"not a column: {letters!r}")
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


@dataclass(frozen=True, slots=True)
class Cell:
    """One non-empty cell. ``value`` is what the workbook stored (a CSV gives ``str``);
    ``formula``: the cell holds a formula and ``value`` is its cached result (``None`` when the
    workbook was saved without one); ``date_format``: the cell's number format is a date or time
    format, so a number in it is an Excel date serial."""

    row: int
    col: int
    value: CellValue
    formula: bool = False
    date_format: bool = False
    formula_text: str = ""          # the formula as written (``TODAY()``), when the workbook keeps it

    @property
    def ref(self) -> str:
        """``H12``."""
        return f"{column_letters(self.col)}{self.row}"


@dataclass(frozen=True)
class SheetGrid:
    """One sheet. ``rows``: the rows holding a non-empty cell, in order, each with its non-empty
    cells in column order (a cell holding only white space is empty; a formula cell never is).
    ``blank_rows_skipped``: empty rows above the last non-empty row (blank rows between records,
    or above the header), which are not in ``rows``. ``hidden``: the sheet is hidden in Excel."""

    name: str
    rows: tuple[tuple[Cell, ...], ...]
    hidden_columns: frozenset[int] = frozenset()
    merged: tuple[str, ...] = ()
    blank_rows_skipped: int = 0
    hidden: bool = False


@dataclass(frozen=True)
class WorkbookGrid:
    """A whole file. ``meta``: key/value pairs of the hidden sheet ``_shuili`` (column A key,
    column B value) that shuili's own exports write, which is not among ``sheets``; for a CSV,
    ``meta["encoding"]`` is the encoding it was read in (``UTF-8`` or ``GB18030``).
    ``epoch_1904``: the workbook counts date serials from 1904 (old Mac Excel)."""

    path: str
    kind: Literal["xlsx", "csv"]
    sheets: tuple[SheetGrid, ...]
    meta: Mapping[str, str] = field(default_factory=dict)
    epoch_1904: bool = False

    def sheet(self, name: str) -> SheetGrid | None:
        return next((s for s in self.sheets if s.name == name), None)


class SheetReadError(Exception):
    """The file cannot be read as a ledger: ``message`` says (in Chinese) which file, why, and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def blank_rows_above_last(rows: tuple[tuple[Cell, ...], ...]) -> int:
    """How many rows above the last non-empty one are empty (``rows`` are the non-empty ones)."""
    return rows[-1][0].row - len(rows) if rows else 0
