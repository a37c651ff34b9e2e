"""The ledger workbook (``shuili template`` / ``shuili export``): layout, protection, drop-downs, typed
cells, colours, print set-up, the 填写说明 and meta sheets, reproducibility and speed.

Books are built by hand from the real catalogue columns, rendered and read back with openpyxl.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from shuili_cli.core.ledger.book import META_SHEET, BookSheet, CellOut, LedgerBook
from shuili_cli.core.ledger.catalogue import LedgerColumn, LedgerSheet, ledgers
from shuili_cli.render.ledger_sheets import GENERAL_RULES, TEMPLATE_ROWS
from shuili_cli.render.ledger_xlsx import build_ledger_workbook

AS_OF = date(2023, 5, 31)
TEMPLATE_SHEETS = ["基本信息", "隐患清单", "风险点清单", "三张清单", "5S考评"]   # 执法激励约束 is the bureau's


def sheet(name: str) -> LedgerSheet:
    found = ledgers().sheet(name)
    assert found is not None
    return found


def template_book() -> LedgerBook:
    sheets = tuple(BookSheet(s, s.columns) for s in ledgers().for_book("template"))
    return LedgerBook("template", "企业安全生产台账（填报模板）", "清溪县水利局", None, sheets, {"kind": "template"})


ALIASES = {"整改资金": "整改资金（万元）"}      # headers that are no Python name


def hazard_row(**given: CellOut) -> tuple[CellOut, ...]:
    """A 隐患清单 row: the given cells by header, the rest empty."""
    columns = sheet("隐患清单").columns
    cells = {ALIASES.get(k, k): v for k, v in given.items()}
    unknown = set(cells) - {c.header for c in columns}
    assert not unknown
    return tuple(cells.get(c.header) for c in columns)


def export_book(*sheets: BookSheet, meta: dict[str, str] | None = None) -> LedgerBook:
    return LedgerBook("enterprise", "桃溪水库管理站安全生产台账（截至 2023-05-31）", "清溪县水利局", AS_OF,
                      sheets, meta if meta is not None else {"kind": "enterprise", "enterprise": "taoxi-reservoir"})


def hazards(*rows: tuple[CellOut, ...]) -> BookSheet:
    return BookSheet(sheet("隐患清单"), sheet("隐患清单").columns, rows)


def read(book: LedgerBook) -> Any:
    return load_workbook(io.BytesIO(build_ledger_workbook(book)))


@pytest.fixture(scope="module")
def template_bytes() -> bytes:
    return build_ledger_workbook(template_book())


@pytest.fixture(scope="module")
def template(template_bytes: bytes) -> Any:
    """The template workbook read back (built and read once)."""
    return load_workbook(io.BytesIO(template_bytes))


def letter_of(columns: Sequence[LedgerColumn], header: str) -> str:
    from openpyxl.utils import get_column_letter
    return str(get_column_letter(next(i for i, c in enumerate(columns, 1) if c.header == header)))


def validation_at(ws: Any, coord: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]
    assert len(found) <= 1
    return found[0] if found else None


def rgb(cell: Any) -> str | None:
    """The solid fill of ``cell`` as RRGGBB, None when it has none."""
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type == "solid" else None


# ----------------------------------------------------------------- 1. sheets, header row, widths


def test_template_has_the_instructions_first_then_one_sheet_per_book_sheet_then_the_hidden_ones(template: Any) -> None:
    wb = template
    assert wb.sheetnames == ["填写说明", *TEMPLATE_SHEETS, "_lists", META_SHEET]
    assert [wb[n].sheet_state for n in wb.sheetnames] == ["visible"] * 6 + ["hidden", "veryHidden"]


def test_an_export_puts_the_instructions_last() -> None:
    wb = read(export_book(hazards(), BookSheet(sheet("风险点清单"), sheet("风险点清单").columns)))
    assert wb.sheetnames == ["隐患清单", "风险点清单", "填写说明", "_lists", META_SHEET]


def test_header_row_is_the_titles_bold_wrapped_grey_two_lines_high(template: Any) -> None:
    ws = template["隐患清单"]
    titles = [c.value for c in ws[1]]
    assert titles[:5] == ["隐患编号", "*发现日期", "*隐患来源", "检查行动编号", "*隐患描述"]   # a new row's id: blank
    assert titles[-1] == "状态" and len(titles) == 18
    for cell in ws[1]:
        assert cell.font.b and cell.alignment.wrap_text and rgb(cell) == "D9D9D9"
    assert ws.row_dimensions[1].height == 30
    assert ws["A2"].value is None                     # data starts in row 2
    assert ws.column_dimensions["E"].width == pytest.approx(36 * 1.1 + 2)   # 隐患描述, width 36
    assert ws.column_dimensions["A"].width == pytest.approx(14 * 1.1 + 2)


# ----------------------------------------------------------------- 2. frozen, protected, computed columns


def test_header_frozen_and_locked_data_cells_unlocked_protection_allows_formatting_rows_sort_filter(template: Any) -> None:
    ws = template["隐患清单"]
    assert ws.freeze_panes == "B2"                      # the first column is the id
    p = ws.protection
    assert p.sheet is True and p.password is None
    assert (p.formatCells, p.formatColumns, p.formatRows) == (False, False, False)
    assert (p.insertRows, p.deleteRows, p.sort, p.autoFilter) == (False, False, False, False)
    assert (p.insertColumns, p.deleteColumns) == (True, True)   # the columns are the catalogue's
    assert all(c.protection.locked for c in ws[1])
    # An empty row has no cells: each column's own style applies to it (Excel, WPS, LibreOffice)
    for letter in ("A", "E", "Q", "G"):
        assert ws.column_dimensions[letter].protection.locked is False, letter
    assert ws.column_dimensions["R"].protection.locked is True       # 状态: computed


def test_a_printed_template_has_twenty_empty_rows(template: Any) -> None:
    assert template["隐患清单"].print_area == "'隐患清单'!$A$1:$R$21"


def test_freeze_is_a2_when_the_first_column_is_no_id(template: Any) -> None:
    assert template["5S考评"].freeze_panes == "A2"


def test_derived_columns_stay_locked_and_grey_in_every_data_row() -> None:
    columns = sheet("隐患清单").columns
    ws = read(export_book(hazards(hazard_row(隐患编号="H-2023-001", 状态="未整改"))))["隐患清单"]
    status = letter_of(columns, "状态")
    assert status == "R"
    assert ws["R2"].protection.locked is True and rgb(ws["R2"]) == "EDEDED"
    assert rgb(ws["Q2"]) is None and ws["Q2"].protection.locked is False
    for looks in (ws.column_dimensions["R"], ws.column_dimensions["Q"]):   # the rows below: the columns' styles
        assert looks.protection.locked is (looks is ws.column_dimensions["R"])
    assert rgb(ws.column_dimensions["R"]) == "EDEDED" and rgb(ws.column_dimensions["Q"]) is None
    assert ws["R2"].value == "未整改"


def test_a_long_sheet_is_unlocked_and_validated_to_its_last_row_and_the_spare_rows() -> None:
    rows = tuple(hazard_row(隐患编号=f"H-2023-{i:04d}", 隐患等级="一般") for i in range(1, 1201))
    ws = read(export_book(hazards(*rows)))["隐患清单"]
    assert ws.max_row == 1201
    assert ws["G1201"].protection.locked is False and ws["G1201"].value == "一般"
    assert ws.column_dimensions["G"].protection.locked is False        # and every row below
    assert str(validation_at(ws, "G2").sqref) == f"G2:G{1200 + TEMPLATE_ROWS}"   # room for 1,000 new rows


def test_county_book_keeps_the_enterprise_id_editable_and_the_name_computed() -> None:
    county = ledgers().county_columns
    cols = (*county, *sheet("隐患清单").columns)
    row = ("taoxi-reservoir", "桃溪水库管理站", *hazard_row(隐患编号="H-2023-001"))
    book = LedgerBook("county", "清溪县隐患清单", "清溪县水利局", AS_OF, (BookSheet(sheet("隐患清单"), cols, (row,)),),
                      {"kind": "county"})
    ws = read(book)["隐患清单"]
    assert [ws["A1"].value, ws["B1"].value, ws["C1"].value] == ["*企业编号", "企业名称", "隐患编号"]
    assert ws.freeze_panes == "B2"
    assert ws["A2"].protection.locked is False and rgb(ws["A2"]) is None
    assert ws["B2"].protection.locked is True and rgb(ws["B2"]) == "EDEDED"
    assert ws["A2"].value == "taoxi-reservoir" and ws["C2"].value == "H-2023-001"


# ----------------------------------------------------------------- 3. data validation


def test_enum_columns_drop_down_from_the_hidden_lists_sheet(template: Any) -> None:
    wb = template
    ws = wb["隐患清单"]
    grade = validation_at(ws, "G2")
    assert grade.type == "list" and grade.showErrorMessage and grade.errorStyle == "stop"
    assert str(grade.sqref) == "G2:G1000"
    m = re.fullmatch(r"'_lists'!\$([A-Z]+)\$2:\$\1\$(\d+)", grade.formula1)
    assert m is not None, grade.formula1
    lists = wb["_lists"]
    assert lists.sheet_state == "hidden"
    values = [lists[f"{m.group(1)}{r}"].value for r in range(1, int(m.group(2)) + 1)]
    assert values == ["隐患等级", "一般", "重大"]
    assert lists[f"{m.group(1)}{int(m.group(2)) + 1}"].value is None
    assert grade.errorTitle == "隐患等级填写有误"
    assert grade.error == "“隐患等级”只能填写：一般、重大。请从下拉列表中选择。"
    source = validation_at(ws, "C2")                    # 隐患来源 has help text: shown as the input message
    assert source.showInputMessage and source.promptTitle == "隐患来源"
    assert source.prompt == "自查、监管检查或其他（市级检查、网格员、投诉等）"
    assert not grade.showInputMessage                   # 隐患等级 has none


def test_every_vocabulary_of_the_template_is_listed_once(template: Any) -> None:
    lists = template["_lists"]
    names = [c.value for c in lists[1]]
    assert names == ["单位性质", "三类企业", "隐患来源", "隐患等级", "评价方法", "风险等级", "管控层级", "层级",
                     "检查频次"]
    assert [lists.cell(row=r, column=9).value for r in range(2, 11)] == [
        "每班", "每日", "每周", "每月", "每季度", "每半年", "每年", "不定期", None]


def test_list_columns_only_prompt_with_the_allowed_values(template: Any) -> None:
    ws = template["风险点清单"]
    accident = validation_at(ws, f"{letter_of(sheet('风险点清单').columns, '可能导致的事故类型')}2")
    assert accident.type is None and not accident.showErrorMessage and accident.showInputMessage
    assert accident.prompt.startswith("可选：物体打击、车辆伤害、机械伤害、")
    assert accident.prompt.endswith("中毒和窒息、其他伤害；多个取值用顿号“、”分隔。")


def test_dates_decimals_and_whole_numbers_are_range_checked_text_is_not(template: Any) -> None:
    wb = template
    ws = wb["隐患清单"]
    found = validation_at(ws, "B2")                      # 发现日期
    assert (found.type, found.operator, found.formula1, found.formula2) == ("date", "between", "32874", "73415")
    assert found.error == "请填写日期，如 2023-05-06"
    assert ws.column_dimensions["B"].number_format == "yyyy-mm-dd"
    funds = validation_at(ws, "K2")                      # 整改资金（万元）
    assert (funds.type, funds.operator, funds.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert funds.error == "请填写不小于 0 的数值（如 0.3），不要带单位或文字。"
    assert ws.column_dimensions["K"].number_format == "0.00##"            # places: 4
    assert validation_at(ws, "E2") is None               # 隐患描述: free text
    assert validation_at(ws, "R2") is None               # 状态: computed
    assert ws.column_dimensions["E"].number_format == "@"                 # text cells keep what is typed as text
    acts = sheet("执法激励约束")   # the bureau's sheet: in the county's book, not in the template
    actions = read(LedgerBook("county", "执法", "清溪县水利局", AS_OF, (BookSheet(acts, acts.columns, ()),),
                              {"kind": "county"}))["执法激励约束"]
    persons = validation_at(actions, f"{letter_of(acts.columns, '移送人数')}2")
    assert (persons.type, persons.operator, persons.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert persons.error == "请填写不小于 0 的整数，不要带单位或文字。"


def test_validation_texts_stay_within_excels_limits(template: Any) -> None:
    wb = template
    seen = 0
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            seen += 1
            assert len(dv.error or "") <= 255 and len(dv.prompt or "") <= 255
            assert len(dv.errorTitle or "") <= 32 and len(dv.promptTitle or "") <= 32
    assert seen > 25


# ----------------------------------------------------------------- 4. values


FORMULAS = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "-1+2", "+1"]


def test_values_are_typed_and_text_never_becomes_a_formula() -> None:
    rows = tuple(hazard_row(隐患编号=f"H-2023-00{i}", 隐患描述=text) for i, text in enumerate(FORMULAS, 1))
    rows += (hazard_row(隐患编号="H-2023-009", 发现日期=date(2023, 5, 6), 整改资金=Decimal("0.3"),
                        隐患部位="一号坝段\n左岸", 整改责任人="0595"),)
    data = build_ledger_workbook(export_book(hazards(*rows)))
    ws = load_workbook(io.BytesIO(data))["隐患清单"]
    for r, text in enumerate(FORMULAS, 2):
        assert ws[f"E{r}"].value == text and ws[f"E{r}"].data_type == "s"
    assert not ws["F2"].alignment.wrap_text             # 隐患部位: one line of text
    assert ws["E2"].alignment.wrap_text is True         # 隐患描述 (para) always wraps
    last = len(FORMULAS) + 2
    assert ws[f"B{last}"].value == datetime(2023, 5, 6) and ws[f"B{last}"].number_format == "yyyy-mm-dd"
    assert ws[f"K{last}"].value == 0.3 and ws[f"K{last}"].data_type == "n"
    assert ws[f"F{last}"].value == "一号坝段\n左岸" and ws[f"F{last}"].alignment.wrap_text is True
    assert ws[f"H{last}"].value == "0595"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
        assert b"<v>0.3</v>" in z.read("xl/worksheets/sheet1.xml")


def test_decimals_come_back_without_float_noise_and_huge_numbers_as_text() -> None:
    values: list[Decimal | int] = [Decimal("0.3"), Decimal("0.1234"), Decimal("12.50"), 7,
                                   Decimal("1234567890.12345678"), 10**16 + 1]
    ws = read(export_book(hazards(*(hazard_row(隐患编号="H-2023-001", 整改资金=v) for v in values))))["隐患清单"]
    got = [ws[f"K{r}"].value for r in range(2, 2 + len(values))]
    assert [Decimal(str(v)) for v in got[:4]] == [Decimal("0.3"), Decimal("0.1234"), Decimal("12.5"), Decimal(7)]
    assert got[4:] == ["1234567890.12345678", "10000000000000001"]   # > 15 digits: Excel would round them


def test_characters_xml_cannot_hold_become_the_replacement_character() -> None:
    bad = "a\x00b\x01c\x0bd\x0ce\x1ff\ufffeg\uffffh\ud800"
    ws = read(export_book(hazards(hazard_row(隐患编号="H-2023-001", 隐患描述=bad))))["隐患清单"]
    assert ws["E2"].value == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\ufffd"


def test_text_longer_than_an_excel_cell_names_the_cell() -> None:
    with pytest.raises(ValueError, match=r"^隐患清单!E3：文字有 32768 个字符，超过 Excel 单元格的上限 32767"):
        build_ledger_workbook(export_book(hazards(hazard_row(隐患编号="H-1"),
                                                  hazard_row(隐患编号="H-2", 隐患描述="长" * 32768))))


# ----------------------------------------------------------------- 5. colours


def test_risk_rows_are_filled_in_their_four_colours() -> None:
    risk = sheet("风险点清单")
    names = ("红", "橙", "黄", "蓝", None)
    rows = tuple(tuple(f"R-00{i}" if c.header == "风险点编号" else None for c in risk.columns) for i in range(5))
    ws = read(export_book(BookSheet(risk, risk.columns, rows, names)))["风险点清单"]
    width = len(risk.columns)
    expected = ["FF6B6B", "FFB347", "FFF176", "64B5F6"]
    for r, colour in enumerate(expected, 2):
        assert {rgb(ws.cell(row=r, column=c)) for c in range(1, width + 1)} == {colour}, r
        assert ws.cell(row=r, column=1).protection.locked is False
    d = letter_of(risk.columns, "D")
    assert rgb(ws[f"{d}6"]) == "EDEDED" and rgb(ws["A6"]) is None       # no colour: computed D stays grey
    assert ws[f"{d}2"].protection.locked is True


# ----------------------------------------------------------------- 6. print set-up


def test_print_ready_landscape_a3_or_a4_fit_to_width_repeated_header_filter_footer(template: Any) -> None:
    rows = (hazard_row(隐患编号="H-2023-001"), hazard_row(隐患编号="H-2023-002"))
    ws = read(export_book(hazards(*rows)))["隐患清单"]
    setup = ws.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 8, 1, 0)
    assert int(template["5S考评"].page_setup.paperSize) == 9     # 11 columns: A4 is wide enough
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$1:$1"
    assert ws.auto_filter.ref == "A1:R3"
    assert ws.print_area == "'隐患清单'!$A$1:$R$3"      # not the 1,000 prepared rows
    assert (ws.page_margins.left, ws.page_margins.right) == (0.25, 0.25)
    assert ws.print_options.gridLines is True
    assert ws.oddHeader.center.text == "桃溪水库管理站安全生产台账（截至 2023-05-31）"
    assert ws.oddHeader.left.text == "清溪县水利局"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_an_ampersand_in_the_title_is_not_a_header_code() -> None:
    book = LedgerBook("enterprise", "甲&乙电站台账", "", AS_OF, (hazards(),), {})
    ws = read(book)["隐患清单"]
    assert ws.oddHeader.center.text == "甲&&乙电站台账"
    assert ws.oddHeader.left.text is None                 # no unit, nothing on the left


# ----------------------------------------------------------------- 7. 填写说明


def instruction_rows(ws: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_instructions_list_the_general_rules_then_every_column_of_every_sheet(template: Any) -> None:
    rows = instruction_rows(template["填写说明"])
    firsts = [r[0] for r in rows]
    assert firsts[0] == "填写说明：企业安全生产台账（填报模板）"
    assert firsts[2:2 + len(GENERAL_RULES)] == [f"{i}. {rule}" for i, rule in enumerate(GENERAL_RULES, 1)]
    assert "6. 填好后发给县水利局，由县局用 shuili import 导入。" in firsts
    assert ("栏目", "是否必填", "填写格式", "可选值", "说明") in rows
    headings = [name for name in TEMPLATE_SHEETS if (name, None, None, None, None) in rows]
    assert headings == TEMPLATE_SHEETS
    by_title = {r[0]: r for r in rows[rows.index(("隐患清单", None, None, None, None)):]}
    assert by_title["*隐患等级"] == ("*隐患等级", "必填", "从下拉列表选择", "一般、重大", None)
    assert by_title["*发现日期"][1:3] == ("必填", "日期 YYYY-MM-DD，如 2023-05-06")
    assert by_title["整改资金（万元）"] == ("整改资金（万元）", "选填", "数值（不带单位），最多 4 位小数", None,
                                           "以万元为单位，如 3000 元填 0.3")
    assert by_title["状态"][1] == "自动生成"
    assert by_title["可能导致的事故类型"][2] == "多个取值用顿号“、”分隔"
    assert by_title["*管控措施"][2] == "每条一行（单元格内 Alt+Enter 换行）"
    assert by_title["隐患编号"][1] == "新记录可留空（自动编号）"
    columns = sum(len(s.columns) for s in ledgers().for_book("template"))
    assert len(rows) == 2 + len(GENERAL_RULES) + 3 + len(TEMPLATE_SHEETS) + columns


# ----------------------------------------------------------------- 8. meta data, properties, same bytes


def test_meta_sheet_is_very_hidden_key_and_value_as_text() -> None:
    meta = {"kind": "enterprise", "enterprise": "taoxi-reservoir", "as_of": "2023-05-31", "catalogue": "1"}
    wb = read(export_book(hazards(), meta=meta))
    ws = wb[META_SHEET]
    assert ws.sheet_state == "veryHidden"
    assert [(r[0], r[1]) for r in ws.iter_rows(values_only=True)] == list(meta.items())
    assert ws["B4"].data_type == "s"                     # "1" stays text


def test_document_properties_are_fixed_from_the_as_of_day(template: Any) -> None:
    props = read(export_book(hazards())).properties
    assert (props.title, props.creator) == ("桃溪水库管理站安全生产台账（截至 2023-05-31）", "shuili")
    assert props.created == props.modified == datetime(2023, 5, 31)
    template = template.properties
    assert template.created == template.modified == datetime(2000, 1, 1)


def test_the_same_book_gives_the_same_bytes(template_bytes: bytes) -> None:
    book = export_book(hazards(hazard_row(隐患编号="H-2023-001", 发现日期=date(2023, 5, 6))))
    assert build_ledger_workbook(book) == build_ledger_workbook(book)
    assert build_ledger_workbook(template_book()) == template_bytes


# ----------------------------------------------------------------- 9. linear time


def _timed(n: int, repeat: int) -> float:
    """Best time of ``repeat`` builds of a 隐患清单 of ``n`` filled rows (n >= 1000: no blank rows added)."""
    row = hazard_row(隐患编号="H-2023-001", 发现日期=date(2023, 5, 6), 隐患来源="自查", 隐患描述="消防通道堆放杂物",
                     隐患等级="一般", 整改责任人="王强", 整改期限=date(2023, 6, 1), 整改资金=Decimal("0.3"),
                     状态="未整改")
    book = export_book(hazards(*([row] * n)))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        build_ledger_workbook(book)
        best = min(best, time.perf_counter() - start)
    return best


def test_time_grows_linearly_with_the_rows() -> None:
    small = _timed(1000, repeat=3)
    large = _timed(8000, repeat=1)
    assert large < 12 * small, (small, large)


# ----------------------------------------------------------------- 10. a real spreadsheet program reads it

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice")


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("render_ledger_png", ROOT / "tools" / "render_ledger_png.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
def test_libreoffice_reads_the_drop_down_and_the_protection(template_bytes: bytes, tmp_path: Path) -> None:
    book = tmp_path / "template.xlsx"
    book.write_bytes(template_bytes)
    subprocess.run([str(SOFFICE), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "ods", "--outdir", str(tmp_path), str(book)], check=True, capture_output=True, timeout=120)
    ods = tmp_path / "template.ods"
    grade = _tool().libreoffice_validation(ods, "隐患清单", "G2")
    assert grade["condition"] == "of:cell-content-is-in-list([$_lists.$D$2:.$D$3])"
    assert (grade["error_title"], grade["error"]) == ("隐患等级填写有误", "“隐患等级”只能填写：一般、重大。请从下拉列表中选择。")
    found = _tool().libreoffice_validation(ods, "隐患清单", "B2")
    assert found["condition"] == "of:cell-content-is-date() and cell-content-is-between(32874,73415)"
    content = zipfile.ZipFile(ods).read("content.xml").decode("utf-8")
    assert re.search(r'<table:table table:name="隐患清单"[^>]*table:protected="true"', content)


def test_the_pictures_of_the_template_are_small() -> None:
    for name in ("hazards", "instructions", "dropdown"):
        size = (ROOT / "docs" / "images" / f"ledger-template-{name}.png").stat().st_size
        assert 10_000 < size < 300_000, (name, size)


def test_sheets_shown_for_reading_only_are_locked_and_grey() -> None:
    from openpyxl.utils import get_column_letter

    derived, acts = sheet("整改清单"), sheet("执法激励约束")
    cases = [("county", derived, ledgers().county_columns + derived.columns),   # 整改清单: a view of 隐患清单
             ("enterprise", acts, acts.columns)]                                # the bureau's, in an enterprise's book
    for kind, shown, columns in cases:
        ws = read(LedgerBook(kind, "t", "清溪县水利局", AS_OF, (BookSheet(shown, columns, ()),), {"kind": kind}))[shown.name]
        for i in range(1, len(columns) + 1):
            looks = ws.column_dimensions[get_column_letter(i)]
            assert looks.protection.locked is True and rgb(looks) == "EDEDED", (kind, i)
    county_acts = read(LedgerBook("county", "t", "u", AS_OF, (BookSheet(acts, acts.columns, ()),), {}))["执法激励约束"]
    assert county_acts.column_dimensions["A"].protection.locked is False   # the county's book edits them


def test_rows_of_wrapped_text_are_as_high_as_their_lines() -> None:
    rows = (hazard_row(隐患编号="H-2023-001", 整改措施="第一条\n第二条\n第三条"), hazard_row(隐患编号="H-2023-002"))
    ws = read(export_book(hazards(*rows)))["隐患清单"]
    assert ws.row_dimensions[2].height == 3 * 13.5
    assert ws.row_dimensions[3].height is None          # one line: Excel's own height
