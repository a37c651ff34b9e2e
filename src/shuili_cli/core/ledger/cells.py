"""One spreadsheet cell -> one field value, the way the person who filled it in Excel or WPS meant it.

Column kinds (the ledger catalogue uses these names):

- ``text``: one line; ``para``: may span lines (``\\r\\n`` becomes ``\\n``); ``id``: an identifier.
  Surrounding white space (NBSP, U+3000 too) and invisible characters are trimmed; an Excel
  number gives its digits (``5952388``, ``1.5``, never ``5952388.0``).
- ``date``: a date cell, an Excel date serial (1900 system with its 1900-02-29 bug, or 1904),
  or text ``2023-05-06``, ``2023/5/6``, ``2023.5.6``, ``2023年5月6日`` (full-width digits too).
  ``5/6/2023`` is refused: month and day cannot be told apart.
- ``decimal``: exact ``Decimal``; a float goes through its 15 significant digits (what Excel
  shows), so 0.1+0.2 is 0.3; text may carry spaces and thousands separators; ``places`` caps the
  decimals. ``int``: whole numbers (``3.0`` is 3).
- ``enum``: one of ``allowed`` (or a catalogue ``synonyms`` key), after NFKC, trimming and
  quotes; ``list``: several values separated by ``、，,；;`` or line breaks, each an ``enum``
  value when ``allowed`` is given.

Never a guess: anything else is a :class:`CellProblem` saying what is wrong and what to write.
A formula is never evaluated: its cached result is used, and a formula without one is a problem.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from shuili_cli.core.dates import MAX_SERIAL, day_parts, serial_date
from shuili_cli.core.domain.numbers import plain_text
from shuili_cli.core.ledger.grid import Cell, CellValue, SheetGrid
from shuili_cli.core.model.text import is_invisible


@dataclass(frozen=True, slots=True)
class CellProblem:
    message: str
    """Chinese: what is wrong in the cell and what to write instead."""


FieldValue = str | int | Decimal | date | list[str] | None
Result = FieldValue | CellProblem
Number = int | float | Decimal

KINDS = ("text", "para", "id", "date", "decimal", "int", "enum", "list")
_WHAT = {"text": "文字", "para": "文字", "id": "编号", "date": "日期", "decimal": "数字", "int": "整数",
         "enum": "下拉列表中的取值", "list": "下拉列表中的取值"}

EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"})
NO_CACHED_RESULT = "公式没有计算结果，请在 Excel 中打开后保存，或改为直接填写数值"
ONE_LINE = "此栏应为一行，请删除单元格内的换行（Alt+Enter）"
DATE_FORM = "请写成 2023-05-06 这样的日期"
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_QUOTES = "\"'“”‘’「」『』〝〞«»"
_LIST_SEPARATORS = re.compile(r"[、，,；;\n\r\v\f\x85\u2028\u2029]")
_SHOWN = 40   # characters of a cell quoted in a message


@dataclass(frozen=True, slots=True)
class _Options:
    kind: str
    allowed: Sequence[str]
    synonyms: Mapping[str, str]
    epoch_1904: bool
    places: int | None


def cell_value(cell: Cell, kind: str, *, allowed: Sequence[str] = (), synonyms: Mapping[str, str] = MappingProxyType({}),
               epoch_1904: bool = False, places: int | None = None) -> Result:
    """The field value of ``cell`` in a column of ``kind``; ``None`` when the cell is empty after trimming."""
    parse = _PARSERS.get(kind)
    if parse is None:
        raise ValueError(f"unknown column kind {kind!r}; one of {', '.join(KINDS)}")
    what = _WHAT[kind]
    value = cell.value
    if value is None:
        return CellProblem(NO_CACHED_RESULT) if cell.formula else None
    if isinstance(value, bool):
        return CellProblem(f"单元格是逻辑值 {'TRUE' if value else 'FALSE'}，不是{what}；请直接填写{what}")
    if isinstance(value, str):
        value = trim(value)
        if not value:
            return None
        if value in EXCEL_ERRORS:
            if cell.formula:
                return CellProblem(f"公式的结果是错误值 {value}；请修正公式，或改为直接填写{what}")
            return CellProblem(f"单元格是错误值 {value}；请改为直接填写{what}")
    elif isinstance(value, (float, Decimal)) and not math.isfinite(value):
        return CellProblem(f"单元格的数值“{value}”无效；请直接填写{what}")
    return parse(value, cell, _Options(kind, allowed, synonyms, epoch_1904, places))


# ------------------------------------------------------------------------------- text


def _blank(ch: str) -> bool:
    return ch.isspace() or is_invisible(ch)


def trim(text: str) -> str:
    """``text`` without surrounding white space (NBSP, U+3000 too) and invisible characters (U+200B, BOM ...)."""
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return text[start:end]


def shown(text: str) -> str:
    """A cell's text for a message: at most ``_SHOWN`` characters, line breaks shown as ``↵``."""
    text = re.sub(r"\r\n|[\r\n]", "↵", text)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def number_text(value: Number) -> str:
    """``5952388.0`` -> ``5952388``, ``1.5`` -> ``1.5``, ``1e20`` -> ``100000000000000000000``."""
    return str(value) if isinstance(value, int) else plain_text(exact(value))


def exact(value: Number) -> Decimal:
    """A cell number as an exact decimal; a float through the 15 significant digits Excel shows."""
    if isinstance(value, Decimal):
        return value
    return Decimal(value) if isinstance(value, int) else Decimal(format(value, ".15g"))


def _day_text(value: date) -> str:
    if isinstance(value, datetime) and value.time() != datetime.min.time():
        return value.isoformat(" ")
    return value.isoformat()[:10]


def _as_text(value: CellValue, cell: Cell, opts: _Options) -> str:
    """Text of a (non-empty, non-bool) value: a date cell as ISO, a number as its digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return _day_text(value)
    assert isinstance(value, (int, float, Decimal))
    if cell.date_format:
        day = serial_date(value, opts.epoch_1904)
        if day is not None:
            return day.isoformat()
    return number_text(value)


def _text(value: CellValue, cell: Cell, opts: _Options) -> Result:
    if opts.kind == "id" and (isinstance(value, date) or (cell.date_format and not isinstance(value, str))):
        return CellProblem("单元格是日期，编号不应是日期（Excel 可能把“5-6”这样的编号自动改成了日期）；"
                           "请把单元格格式设为“文本”后重新填写编号")
    text = _as_text(value, cell, opts)
    if opts.kind == "para":
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in _LINE_BREAKS for ch in text):
        return CellProblem(ONE_LINE)
    return text


# ------------------------------------------------------------------------------- dates

_YEAR_LAST = re.compile(r"[0-9]{1,2}([-/.])[0-9]{1,2}\1[0-9]{4}(?:[ T]+[0-9:.]+)?")


def _normal(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII, U+3000 and NBSP to spaces), trimmed."""
    return trim(unicodedata.normalize("NFKC", text))


def date_text(text: str) -> date | CellProblem:
    """``2023-05-06``, ``2023-5-6``, ``2023/5/6``, ``2023.5.6``, ``2023年5月6日``, with an optional time."""
    norm = _normal(text)
    parts = day_parts(norm)
    if parts is None:
        if _YEAR_LAST.fullmatch(norm):
            return CellProblem(f"“{shown(text)}”把年份写在了最后，无法确定哪个是月、哪个是日；{DATE_FORM}（年-月-日）")
        return CellProblem(f"“{shown(text)}”不是日期；{DATE_FORM}")
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return CellProblem(f"“{shown(text)}”这一天不存在；{DATE_FORM}")


def _date(value: CellValue, cell: Cell, opts: _Options) -> Result:
    if isinstance(value, str):
        return date_text(value)
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        if day < date(1900, 1, 1):
            return CellProblem(f"日期 {day.isoformat()} 早于 1900 年，不是 Excel 能表示的日期；{DATE_FORM}")
        return day
    assert isinstance(value, (int, float, Decimal))
    found = serial_date(value, opts.epoch_1904)
    if found is not None:
        return found
    if not opts.epoch_1904 and math.floor(value) == 60:
        return CellProblem(f"日期序号 60 是 Excel 虚构的 1900-02-29，这一天不存在；{DATE_FORM}")
    low, top = (0, MAX_SERIAL - 1462) if opts.epoch_1904 else (1, MAX_SERIAL)
    return CellProblem(f"日期序号 {number_text(value)} 不是有效的日期（Excel 的日期序号在 {low} 到 {top} 之间）；{DATE_FORM}")


# ------------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+")
_MAX_DIGITS = 40   # a longer "number" is no amount, factor or count (and would be slow to write as text)
_MONEY_WORDS = re.compile(r"[万元¥￥圆]")


def number_in_text(text: str) -> Decimal | None:
    """``1,234.5``, `` 12 ``, ``１２３``, ``1 234`` (spaces, NBSP, U+3000 inside) -> Decimal; else ``None``."""
    norm = "".join(ch for ch in unicodedata.normalize("NFKC", text) if not _blank(ch))
    if len(norm) > _MAX_DIGITS or not _NUMBER.fullmatch(norm):
        return None
    try:
        return Decimal(norm.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal literals
        return None


def _decimal(value: CellValue, cell: Cell, opts: _Options) -> Result:
    what = _WHAT[opts.kind]
    if isinstance(value, date) or (cell.date_format and not isinstance(value, str)):
        return CellProblem(f"单元格是日期格式，不是{what}；请把单元格格式改为“常规”或“数值”后重新填写{what}")
    if isinstance(value, str):
        found = number_in_text(value)
        if found is None:
            if _MONEY_WORDS.search(value):
                return CellProblem(f"“{shown(value)}”不是数字；请只填写以万元为单位的数字，如 0.8"
                                   "（不要写“万元”“约”或汉字数字）")
            return CellProblem(f"“{shown(value)}”不是{what}；请只填写阿拉伯数字，如 {'3' if opts.kind == 'int' else '1234.5'}")
    else:
        assert isinstance(value, (int, float, Decimal))
        found = exact(value)
    exponent = found.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if opts.places is not None and decimals > opts.places:
        return CellProblem(f"“{number_text(found)}”有 {decimals} 位小数，最多 {opts.places} 位；"
                           f"请四舍五入到 {opts.places} 位小数")
    return found


def _int(value: CellValue, cell: Cell, opts: _Options) -> Result:
    found = _decimal(value, cell, opts)
    if not isinstance(found, Decimal):
        return found
    if found != found.to_integral_value():
        return CellProblem(f"“{number_text(found)}”不是整数；请填写整数，如 3")
    return int(found)


# ------------------------------------------------------------------------------- closed vocabularies


def _key(text: str) -> str:
    """How a choice is compared: NFKC, trimmed, without surrounding quotes."""
    return _normal(_normal(text).strip(_QUOTES))


def _choose(text: str, opts: _Options) -> str | None:
    key = _key(text)
    if not opts.allowed and not opts.synonyms:
        return key
    for choice in opts.allowed:
        if _key(choice) == key:
            return choice
    for word, choice in opts.synonyms.items():
        if _key(word) == key:
            return choice
    return None


def _not_allowed(bad: Sequence[str], opts: _Options) -> CellProblem:
    listed = "、".join(f"“{shown(b)}”" for b in bad)
    return CellProblem(f"{listed}不是允许的取值，请从下拉列表选择：{'、'.join(opts.allowed)}")


def _enum(value: CellValue, cell: Cell, opts: _Options) -> Result:
    text = _as_text(value, cell, opts)
    found = _choose(text, opts)
    if found is None:
        return _not_allowed([trim(text)], opts)
    return found or None


def _list(value: CellValue, cell: Cell, opts: _Options) -> Result:
    text = _as_text(value, cell, opts)
    items = [item for item in map(trim, _LIST_SEPARATORS.split(text)) if item]
    if not opts.allowed and not opts.synonyms:
        return items or None
    chosen = [(item, _choose(item, opts)) for item in items]
    bad = [item for item, found in chosen if found is None]
    if bad:
        return _not_allowed(bad, opts)
    return [found for _, found in chosen if found] or None


_PARSERS: dict[str, Callable[[CellValue, Cell, _Options], Result]] = {
    "text": _text, "para": _text, "id": _text, "date": _date, "decimal": _decimal, "int": _int,
    "enum": _enum, "list": _list,
}


def key_values(sheet: SheetGrid) -> dict[str, str]:
    """Column A key -> column B value of a sheet, as text (the hidden ``_shuili`` sheet of shuili's exports)."""
    out: dict[str, str] = {}
    for row in sheet.rows:
        key = cell_value(row[0], "text") if row[0].col == 1 else None
        value = cell_value(row[1], "text") if len(row) > 1 and row[1].col == 2 else None
        if isinstance(key, str) and isinstance(value, str):
            out[key] = value
    return out
