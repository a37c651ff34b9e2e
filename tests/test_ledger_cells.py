"""One spreadsheet cell -> one field value (core/ledger/cells.py): Excel realities, each worked out by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from shuili_cli.core.ledger.cells import (
    NO_CACHED_RESULT,
    ONE_LINE,
    CellProblem,
    cell_value,
    number_text,
    serial_date,
    trim,
)
from shuili_cli.core.ledger.grid import Cell, column_letters, column_number

FORM = "请写成 2023-05-06 这样的日期"
LEVELS = ("一般", "重大")
SYNONYMS = {"一般隐患": "一般", "重大隐患": "重大"}


def value(v: Any, kind: str, **kw: Any) -> Any:
    return cell_value(Cell(12, 8, v), kind, **kw)


def problem(v: Any, kind: str, **kw: Any) -> str:
    got = cell_value(v if isinstance(v, Cell) else Cell(12, 8, v), kind, **kw)
    assert isinstance(got, CellProblem), got
    return got.message


# ------------------------------------------------------------------------------- grid basics


def test_cell_reference_and_column_letters() -> None:
    assert Cell(12, 8, "x").ref == "H12"
    assert [column_letters(n) for n in (1, 26, 27, 52, 703, 16384)] == ["A", "Z", "AA", "AZ", "AAA", "XFD"]
    assert [column_number(s) for s in ("A", "z", "AA", "XFD")] == [1, 26, 27, 16384]
    with pytest.raises(ValueError):
        column_number("A1")


# ------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(("written", "expected"), [
    (datetime(2023, 5, 6), date(2023, 5, 6)),                 # a date cell, time 00:00:00
    (datetime(2023, 5, 6, 17, 45, 12), date(2023, 5, 6)),     # any time: the date
    (date(2023, 5, 6), date(2023, 5, 6)),
    (45052, date(2023, 5, 6)),                                # serial: 1899-12-30 + 45052 days
    (45052.999, date(2023, 5, 6)),                            # a serial with a time of day
    (1, date(1900, 1, 1)),                                    # before Excel's fictitious 1900-02-29
    (59, date(1900, 2, 28)),
    (61, date(1900, 3, 1)),
    (2958465, date(9999, 12, 31)),
    ("2023-05-06", date(2023, 5, 6)),
    ("2023-5-6", date(2023, 5, 6)),
    ("2023/5/6", date(2023, 5, 6)),
    ("2023.5.6", date(2023, 5, 6)),
    ("2023年5月6日", date(2023, 5, 6)),
    ("2023 年 5 月 6 日", date(2023, 5, 6)),
    ("2023-05-06 00:00:00", date(2023, 5, 6)),
    ("２０２３－０５－０６", date(2023, 5, 6)),                # full-width digits and dashes
    ("２０２３年５月６日", date(2023, 5, 6)),
    ("\u00a02023/5/6\u3000", date(2023, 5, 6)),               # NBSP and U+3000 around
    ("2024-02-29", date(2024, 2, 29)),
])
def test_dates_as_excel_gives_them(written: Any, expected: date) -> None:
    assert value(written, "date") == expected


def test_a_number_in_a_date_formatted_cell_is_a_serial_in_the_1904_system_too() -> None:
    assert cell_value(Cell(1, 1, 43590, date_format=True), "date", epoch_1904=True) == date(2023, 5, 6)  # 1904-01-01 + 43590
    assert cell_value(Cell(1, 1, 0), "date", epoch_1904=True) == date(1904, 1, 1)
    assert serial_date(45052) == date(2023, 5, 6) and serial_date(60) is None and serial_date(0) is None


@pytest.mark.parametrize(("written", "message"), [
    ("2023-02-30", f"“2023-02-30”这一天不存在；{FORM}"),
    ("2023-13-01", f"“2023-13-01”这一天不存在；{FORM}"),
    ("2023年2月29日", f"“2023年2月29日”这一天不存在；{FORM}"),
    ("13/45/2023", f"“13/45/2023”把年份写在了最后，无法确定哪个是月、哪个是日；{FORM}（年-月-日）"),
    ("5/6/2023", f"“5/6/2023”把年份写在了最后，无法确定哪个是月、哪个是日；{FORM}（年-月-日）"),
    ("2023-5/6", f"“2023-5/6”不是日期；{FORM}"),
    ("下周一", f"“下周一”不是日期；{FORM}"),
    ("20230506", f"“20230506”不是日期；{FORM}"),
    (0, f"日期序号 0 不是有效的日期（Excel 的日期序号在 1 到 2958465 之间）；{FORM}"),
    (-3, f"日期序号 -3 不是有效的日期（Excel 的日期序号在 1 到 2958465 之间）；{FORM}"),
    (0.5, f"日期序号 0.5 不是有效的日期（Excel 的日期序号在 1 到 2958465 之间）；{FORM}"),
    (2958466, f"日期序号 2958466 不是有效的日期（Excel 的日期序号在 1 到 2958465 之间）；{FORM}"),
    (60, f"日期序号 60 是 Excel 虚构的 1900-02-29，这一天不存在；{FORM}"),
    (datetime(1899, 12, 25), f"日期 1899-12-25 早于 1900 年，不是 Excel 能表示的日期；{FORM}"),
])
def test_impossible_or_ambiguous_dates_are_problems(written: Any, message: str) -> None:
    assert problem(written, "date") == message


def test_a_serial_past_the_1904_range() -> None:
    assert problem(Cell(1, 1, 2957004), "date", epoch_1904=True) == (
        f"日期序号 2957004 不是有效的日期（Excel 的日期序号在 0 到 2957003 之间）；{FORM}")


# ------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(("written", "kind", "expected"), [
    (0.1 + 0.2, "decimal", Decimal("0.3")),           # 0.30000000000000004 through 15 significant digits
    (3, "decimal", Decimal(3)),
    (Decimal("0.35"), "decimal", Decimal("0.35")),
    ("1,234.5", "decimal", Decimal("1234.5")),
    (" 12 ", "decimal", Decimal(12)),
    ("\u00a012.50\u3000", "decimal", Decimal("12.50")),
    ("１２３．４", "decimal", Decimal("123.4")),           # full-width digits and point
    ("1 234", "decimal", Decimal(1234)),
    ("-0.5", "decimal", Decimal("-0.5")),
    (".5", "decimal", Decimal("0.5")),
    ("1,234,567", "decimal", Decimal(1234567)),
    (3.0, "int", 3),
    ("3.0", "int", 3),
    (7, "int", 7),
    ("１２", "int", 12),
])
def test_numbers(written: Any, kind: str, expected: Any) -> None:
    got = value(written, kind)
    assert got == expected and type(got) is type(expected)


def test_money_keeps_at_most_the_given_decimals() -> None:
    assert value(0.3456, "decimal", places=4) == Decimal("0.3456")
    assert value("1.50000", "decimal", places=4) == Decimal("1.50000")   # trailing zeros are not decimals
    assert problem(1.23456, "decimal", places=4) == "“1.23456”有 5 位小数，最多 4 位；请四舍五入到 4 位小数"
    assert problem("0.00001", "decimal", places=4) == "“0.00001”有 5 位小数，最多 4 位；请四舍五入到 4 位小数"


@pytest.mark.parametrize(("written", "kind", "message"), [
    ("0.8万元", "decimal", "“0.8万元”不是数字；请只填写以万元为单位的数字，如 0.8（不要写“万元”“约”或汉字数字）"),
    ("约1万", "decimal", "“约1万”不是数字；请只填写以万元为单位的数字，如 0.8（不要写“万元”“约”或汉字数字）"),
    ("一万", "decimal", "“一万”不是数字；请只填写以万元为单位的数字，如 0.8（不要写“万元”“约”或汉字数字）"),
    ("12,34", "decimal", "“12,34”不是数字；请只填写阿拉伯数字，如 1234.5"),
    ("1e3", "decimal", "“1e3”不是数字；请只填写阿拉伯数字，如 1234.5"),
    ("9" * 41, "int", f"“{'9' * 39}…”不是整数；请只填写阿拉伯数字，如 3"),   # quoted at most 40 characters
    ("三", "int", "“三”不是整数；请只填写阿拉伯数字，如 3"),
    (3.5, "int", "“3.5”不是整数；请填写整数，如 3"),
    ("3.5", "int", "“3.5”不是整数；请填写整数，如 3"),
    (datetime(2023, 5, 6), "decimal", "单元格是日期格式，不是数字；请把单元格格式改为“常规”或“数值”后重新填写数字"),
    (float("nan"), "decimal", "单元格的数值“nan”无效；请直接填写数字"),
])
def test_text_in_number_columns_is_a_problem(written: Any, kind: str, message: str) -> None:
    assert problem(written, kind) == message


def test_a_number_shown_as_a_date_is_not_taken_as_a_number() -> None:
    assert problem(Cell(1, 1, 3, date_format=True), "int") == (
        "单元格是日期格式，不是整数；请把单元格格式改为“常规”或“数值”后重新填写整数")


# ------------------------------------------------------------------------------- text and ids


@pytest.mark.parametrize(("written", "kind", "expected"), [
    ("  #1机组 \u00a0", "text", "#1机组"),
    ("\u200b\ufeff张三\u3000", "text", "张三"),              # zero-width space and BOM trimmed
    ("张\u200b三", "text", "张\u200b三"),                     # inside: kept, for validation to name
    (5952388.0, "text", "5952388"),                           # an Excel phone number stored as a number
    (5952388, "text", "5952388"),
    (1.5, "text", "1.5"),
    (1e20, "text", "100000000000000000000"),
    (datetime(2023, 5, 6), "text", "2023-05-06"),
    (datetime(2023, 5, 6, 8, 30), "text", "2023-05-06 08:30:00"),
    (Cell(1, 1, 45052, date_format=True), "text", "2023-05-06"),   # what the cell shows
    ("第一行\r\n第二行\r第三行", "para", "第一行\n第二行\n第三行"),
    ("  措施一\n措施二  ", "para", "措施一\n措施二"),
    (1.0, "id", "1"),
    ("H-2023-005 ", "id", "H-2023-005"),
    ("   ", "text", None),
    ("\u3000\u00a0", "decimal", None),
    ("", "date", None),
    (None, "enum", None),
])
def test_text(written: Any, kind: str, expected: Any) -> None:
    cell = written if isinstance(written, Cell) else Cell(12, 8, written)
    assert cell_value(cell, kind) == expected


def test_one_line_text_with_a_line_break_is_a_problem() -> None:
    assert problem("泵房\n二楼", "text") == ONE_LINE == "此栏应为一行，请删除单元格内的换行（Alt+Enter）"
    assert value("R-001\u2028\n", "id") == "R-001"   # a trailing line break is trimmed: no problem at all
    assert problem("R-\r\n001", "id") == ONE_LINE


def test_an_id_that_excel_turned_into_a_date_is_a_problem() -> None:
    message = ("单元格是日期，编号不应是日期（Excel 可能把“5-6”这样的编号自动改成了日期）；"
               "请把单元格格式设为“文本”后重新填写编号")
    assert problem(datetime(2023, 5, 6), "id") == message
    assert problem(Cell(1, 1, 45052, date_format=True), "id") == message


def test_trim_and_number_text() -> None:
    assert trim("\u3000\u00a0\u200b\t x \n") == "x"
    assert number_text(0.1 + 0.2) == "0.3" and number_text(Decimal("2.50")) == "2.5" and number_text(10.0) == "10"


# ------------------------------------------------------------------------------- closed vocabularies


@pytest.mark.parametrize(("written", "expected"), [
    ("一般", "一般"),
    (" 重大\u3000", "重大"),
    ("“一般”", "一般"),                    # Chinese quotes
    ("'重大'", "重大"),
    ("重大隐患", "重大"),                  # a catalogue synonym
    ("“重大隐患”", "重大"),
])
def test_enum_values(written: str, expected: str) -> None:
    assert value(written, "enum", allowed=LEVELS, synonyms=SYNONYMS) == expected


def test_enum_nfkc_matches_full_width_forms_and_answers_the_catalogue_spelling() -> None:
    assert value("县(市、区)", "enum", allowed=("县（市、区）", "市直单位")) == "县（市、区）"
    assert value("Ａ级", "enum", allowed=("A级",)) == "A级"
    assert value(1, "enum", allowed=("1", "2")) == "1"
    assert value(2.0, "enum", allowed=("1", "2")) == "2"


@pytest.mark.parametrize("written", ["较大", "一 般", "一般的", "重大 隐患"])
def test_enum_never_guesses(written: str) -> None:
    assert problem(written, "enum", allowed=LEVELS, synonyms=SYNONYMS) == (
        f"“{written}”不是允许的取值，请从下拉列表选择：一般、重大")


def test_list_values() -> None:
    kinds = ("物体打击", "高处坠落", "触电", "淹溺")
    assert value("物体打击、高处坠落；触电,淹溺", "list", allowed=kinds) == ["物体打击", "高处坠落", "触电", "淹溺"]
    assert value("物体打击，\n 高处坠落;；", "list", allowed=kinds) == ["物体打击", "高处坠落"]
    assert value("张三、李四\n王五", "list") == ["张三", "李四", "王五"]       # text elements: no vocabulary
    assert value("、 ，", "list") is None
    assert problem("物体打击、坍塌、中毒", "list", allowed=kinds) == (
        "“坍塌”、“中毒”不是允许的取值，请从下拉列表选择：物体打击、高处坠落、触电、淹溺")


# ------------------------------------------------------------------------------- what Excel stores that is not a value


@pytest.mark.parametrize(("cell", "kind", "message"), [
    (Cell(1, 1, True), "text", "单元格是逻辑值 TRUE，不是文字；请直接填写文字"),
    (Cell(1, 1, False), "decimal", "单元格是逻辑值 FALSE，不是数字；请直接填写数字"),
    (Cell(1, 1, "#N/A"), "text", "单元格是错误值 #N/A；请改为直接填写文字"),
    (Cell(1, 1, "#VALUE!"), "date", "单元格是错误值 #VALUE!；请改为直接填写日期"),
    (Cell(1, 1, "#REF!", formula=True), "int", "公式的结果是错误值 #REF!；请修正公式，或改为直接填写整数"),
    (Cell(1, 1, None, formula=True), "decimal", NO_CACHED_RESULT),
])
def test_booleans_errors_and_formulas_without_a_result(cell: Cell, kind: str, message: str) -> None:
    assert problem(cell, kind) == message


def test_a_formula_with_a_cached_result_gives_that_result() -> None:
    assert cell_value(Cell(1, 1, 0.3, formula=True), "decimal") == Decimal("0.3")
    assert cell_value(Cell(1, 1, "重大", formula=True), "enum", allowed=LEVELS) == "重大"
    assert NO_CACHED_RESULT == "公式没有计算结果，请在 Excel 中打开后保存，或改为直接填写数值"


def test_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown column kind 'money'"):
        value(1, "money")
