"""The parts of a ledger workbook that come from the catalogue alone: drop-downs, the 填写说明 sheet.

Every closed vocabulary (``kind: enum``) becomes a list drop-down whose values sit on the hidden
sheet ``_lists`` (one column per vocabulary; Excel limits a list written inline to 255 characters).
``kind: list`` columns (several values) get no restricting rule, only an input message that lists
the allowed values. Dates, decimals and whole numbers get range checks. The 填写说明 sheet is
generated from the columns' kinds, required-ness, vocabularies and help texts, plus the short
list of general rules below, so a new column documents itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
from openpyxl.utils.datetime import to_excel  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped,unused-ignore]

from shuili_cli.core.ledger.catalogue import ENTERPRISE_ID, LedgerColumn

LISTS_SHEET = "_lists"
INSTRUCTIONS_SHEET = "填写说明"
TEMPLATE_ROWS = 1000                 # drop-downs and checks reach this many rows below the records

SEPARATOR = "、"
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2100, 12, 31)
DATE_ERROR = "请填写日期，如 2023-05-06"

# Excel's limits on a data validation's texts (longer ones make Excel report the file as damaged).
TITLE_MAX = 32
MESSAGE_MAX = 255

GENERAL_RULES: tuple[str, ...] = (
    "不要修改表头和工作表名，不要增删栏目；表头标 * 的栏目必须填写。",
    "已有记录的编号不要改；新记录的编号可以留空，导入时自动编号。",
    "日期写成 2023-05-06 这样的形式。",
    "金额以万元为单位，如 3000 元填 0.3。",
    "有下拉列表的栏目从列表中选择；灰色底纹的栏目由程序生成，导入时忽略。",
    "填好后发给县水利局，由县局用 shuili import 导入。",
)

KIND_FORMATS: dict[str, str] = {
    "date": "日期 YYYY-MM-DD，如 2023-05-06",
    "decimal": "数值（不带单位）",
    "int": "整数",
    "enum": "从下拉列表选择",
    "list": f"多个取值用顿号“{SEPARATOR}”分隔",
    "lines": "每条一行（单元格内 Alt+Enter 换行）",
    "text": "文字",
    "para": "文字（可换行）",
    "id": "编号（文字）",
}

INSTRUCTION_HEADERS = ("栏目", "是否必填", "填写格式", "可选值", "说明")
INSTRUCTION_WIDTHS = (20, 10, 28, 40, 60)


def is_computed(column: LedgerColumn) -> bool:
    """A column the program fills (locked, grey): derived, except the county book's 企业编号."""
    return column.derived is not None and column.derived != ENTERPRISE_ID


def need(column: LedgerColumn) -> str:
    """必填 / 选填 / 自动生成."""
    if is_computed(column):
        return "自动生成"
    if column.auto:
        return "新记录可留空（自动编号）"
    return "必填" if column.required else "选填"


def kind_format(column: LedgerColumn) -> str:
    text = KIND_FORMATS[column.kind]
    if column.kind == "decimal" and column.places:
        text += f"，最多 {column.places} 位小数"
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------- the vocabularies


@dataclass(frozen=True, slots=True)
class Vocabulary:
    name: str                  # the header of the first column using it (row 1 of its _lists column)
    values: tuple[str, ...]
    letter: str                # its column on the _lists sheet

    @property
    def ref(self) -> str:
        return f"'{LISTS_SHEET}'!${self.letter}$2:${self.letter}${len(self.values) + 1}"


def vocabularies(columns: Iterable[LedgerColumn]) -> dict[tuple[str, ...], Vocabulary]:
    """One vocabulary per distinct closed value list of the ``enum`` columns, in order of appearance."""
    out: dict[tuple[str, ...], Vocabulary] = {}
    for column in columns:
        if column.kind == "enum" and column.allowed and not is_computed(column) and column.allowed not in out:
            out[column.allowed] = Vocabulary(column.header, column.allowed, get_column_letter(len(out) + 1))
    return out


def list_rows(vocabs: Sequence[Vocabulary]) -> list[list[str | None]]:
    """The ``_lists`` sheet as rows: the names in row 1, each list below its name."""
    depth = max((len(v.values) for v in vocabs), default=0)
    rows: list[list[str | None]] = [[v.name for v in vocabs]]
    for i in range(depth):
        rows.append([v.values[i] if i < len(v.values) else None for v in vocabs])
    return rows


# ----------------------------------------------------------------- data validation


def _serial(day: date) -> str:
    return str(int(to_excel(day)))


def validation(column: LedgerColumn, vocabs: dict[tuple[str, ...], Vocabulary]) -> DataValidation | None:
    """The data validation of ``column`` (without its range), or None when it has none."""
    if is_computed(column):
        return None
    header = column.header
    allowed = SEPARATOR.join(column.allowed)
    if column.kind == "enum" and column.allowed:
        dv = DataValidation(type="list", formula1=vocabs[column.allowed].ref, allow_blank=True,
                            errorTitle=_cut(f"{header}填写有误", TITLE_MAX),
                            error=_cut(f"“{header}”只能填写：{allowed}。请从下拉列表中选择。", MESSAGE_MAX))
    elif column.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1=_serial(FIRST_DAY), formula2=_serial(LAST_DAY),
                            allow_blank=True, errorTitle=_cut(f"{header}不是日期", TITLE_MAX), error=DATE_ERROR)
    elif column.kind == "decimal":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            errorTitle=_cut(f"{header}不是数值", TITLE_MAX),
                            error="请填写不小于 0 的数值（如 0.3），不要带单位或文字。")
    elif column.kind == "int":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            errorTitle=_cut(f"{header}不是整数", TITLE_MAX), error="请填写不小于 0 的整数，不要带单位或文字。")
    elif column.kind == "list" and column.allowed:
        prompt = f"可选：{allowed}；多个取值用顿号“{SEPARATOR}”分隔。"
        dv = DataValidation(allow_blank=True, showErrorMessage=False, showInputMessage=True,
                            promptTitle=_cut(header, TITLE_MAX), prompt=_cut(prompt, MESSAGE_MAX))
        return dv
    else:
        return None
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    if column.help:
        dv.showInputMessage = True
        dv.promptTitle = _cut(header, TITLE_MAX)
        dv.prompt = _cut(column.help, MESSAGE_MAX)
    return dv


# ----------------------------------------------------------------- the 填写说明 sheet


@dataclass(frozen=True, slots=True)
class InstructionRow:
    cells: tuple[str, ...]
    style: str                 # title | section | rule | header | sheet | column


def instruction_rows(title: str, sheets: Sequence[tuple[str, Sequence[LedgerColumn]]]) -> list[InstructionRow]:
    """The 填写说明 sheet: the general rules, then for each sheet a heading and one row per column."""
    rows = [InstructionRow((f"{INSTRUCTIONS_SHEET}：{title}" if title else INSTRUCTIONS_SHEET,), "title"),
            InstructionRow(("一、通用规则",), "section")]
    rows += [InstructionRow((f"{i}. {rule}",), "rule") for i, rule in enumerate(GENERAL_RULES, 1)]
    rows += [InstructionRow(("",), "rule"), InstructionRow(("二、各工作表的栏目",), "section"),
             InstructionRow(INSTRUCTION_HEADERS, "header")]
    for name, columns in sheets:
        rows.append(InstructionRow((name,), "sheet"))
        for c in columns:
            rows.append(InstructionRow((c.title, need(c), kind_format(c), SEPARATOR.join(c.allowed), c.help), "column"))
    return rows


__all__ = ["GENERAL_RULES", "INSTRUCTIONS_SHEET", "KIND_FORMATS", "LISTS_SHEET", "TEMPLATE_ROWS", "InstructionRow",
           "Vocabulary", "instruction_rows", "is_computed", "list_rows", "need", "validation", "vocabularies"]
