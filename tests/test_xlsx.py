"""The spreadsheet of 附件1 / 附件2: layout from the catalogue, cells from the values, print set-up, safety."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from shuili_cli.core.figures.catalogue import Form, forms
from shuili_cli.render.xlsx import build_workbook

FILL = date(2023, 6, 2)
HEADER_TOP = 4          # A1 corner, row 2 title, row 3 填报 line (no draft; no period line: build() passes no period)
MONEY = Decimal("4.75")


def distinct_values() -> dict[str, int | Decimal]:
    """Every key of every form → a distinct number from its position; the money key → 4.75."""
    out: dict[str, int | Decimal] = {}
    n = 0
    for form in forms():
        for col in form.columns:
            for key in col.keys:
                if key is not None and key not in out:
                    n += 1
                    out[key] = MONEY if col.money else 100 + n
    return out


def build(values: Mapping[str, int | Decimal] | None = None, **kw: Any) -> Any:
    args: dict[str, Any] = {"unit_name": "清溪县水利局", "unit_type": "县（市、区）", "region": "清溪县",
                            "reporter": "郑雅琴", "phone": "0595-23671208", "fill_date": FILL}
    args.update(kw)
    data = build_workbook(forms(), distinct_values() if values is None else values, **args)
    return load_workbook(io.BytesIO(data))


def form_named(sheet: str) -> Form:
    return next(f for f in forms() if f.sheet == sheet)


def merged_range(ws: Any, coord: str) -> str:
    """The merged range holding ``coord`` ('' if the cell is not merged)."""
    for rng in ws.merged_cells.ranges:
        if coord in rng:
            return str(rng.coord)
    return ""


def top_left(ws: Any, row: int, col: int) -> Any:
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(row=rng.min_row, column=rng.min_col)
    return ws.cell(row=row, column=col)


def letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return str(get_column_letter(col))


def data_top(form: Form) -> int:
    return HEADER_TOP + form.depth


def unit_row(form: Form, unit_type: str, top: int = HEADER_TOP) -> int:
    """The first sheet row of ``unit_type``'s rows, the header block starting at row ``top``."""
    return top + form.depth + form.unit_types.index(unit_type) * form.sub_rows


def report_unit_row(form: Form, unit_type: str) -> int:
    """:func:`unit_row` in the forms ``report`` writes: a period line under the title moves the rest down one row."""
    return unit_row(form, unit_type, HEADER_TOP + 1)


# ----------------------------------------------------------------- texts


@pytest.fixture(scope="module")
def wb() -> Any:
    return build()


def test_sheets_corner_title_and_fill_line(wb: Any) -> None:
    assert wb.sheetnames == ["附件1", "附件2"]
    for form, n in zip(forms(), ("一", "二"), strict=True):
        ws = wb[form.sheet]
        assert ws["A1"].value == form.corner
        assert ws["A2"].value == f"清溪县安全生产标准化提升专项行动巩固提高进展情况月报表（{n}）"
        width = letter(1 + len(form.columns))
        assert merged_range(ws, "A2") == f"A2:{width}2"
        assert ws["A2"].font.b and ws["A2"].font.sz >= 14
        assert ws["A3"].value == ("填报单位（盖章）：清溪县水利局　填表人：郑雅琴　联系电话：0595-23671208　"
                                  "2023年6月2日")
        assert merged_range(ws, "A3") == f"A3:{width}3"


def test_notes_word_for_word_under_the_table(wb: Any) -> None:
    for form in forms():
        ws = wb[form.sheet]
        row = data_top(form) + len(form.unit_types) * form.sub_rows
        assert ws.cell(row=row, column=1).value == form.notes
        assert merged_range(ws, f"A{row}") == f"A{row}:{letter(1 + len(form.columns))}{row}"
        assert ws.cell(row=row, column=1).alignment.wrap_text
        assert ws.row_dimensions[row].height >= 2 * 14


# ----------------------------------------------------------------- header


def test_every_header_label_at_its_cell(wb: Any) -> None:
    for form in forms():
        ws = wb[form.sheet]
        last = HEADER_TOP + form.depth - 1
        assert ws.cell(row=HEADER_TOP, column=1).value == "填报单位类型"
        assert merged_range(ws, f"A{HEADER_TOP}") == f"A{HEADER_TOP}:A{last}"
        for j, col in enumerate(form.columns):
            c = 2 + j
            for level, label in enumerate(col.header):
                assert top_left(ws, HEADER_TOP + level, c).value == label, (form.sheet, col.header)
            leaf = top_left(ws, HEADER_TOP + len(col.header) - 1, c)
            # a leaf (or a label column) reaches down to the last header row and is stacked vertically
            assert merged_range(ws, f"{letter(c)}{last}") == (
                "" if leaf.row == last else f"{letter(c)}{leaf.row}:{letter(c)}{last}")
            assert leaf.alignment.text_rotation == 255


@pytest.mark.parametrize(("sheet", "coord", "label", "expected"), [
    ("附件1", "B4", "企业数量（家）", "B4:E4"),            # 4 columns
    ("附件1", "G4", "创建提升数量（家）", "G4:J4"),
    ("附件1", "U4", "落实“一企一策”数量", "U4:AE4"),       # 11 columns: 1 + 3 + 5 + 1 + 1
    ("附件1", "V5", "健全三张清单", "V5:X5"),              # 3 columns
    ("附件1", "Y5", "四色安全风险分级管控", "Y5:AC5"),      # 5 columns
    ("附件1", "U5", "编制全员安全生产责任制及考核清单（家）", "U5:U6"),
    ("附件1", "F4", "达标类型", "F4:F6"),
    ("附件1", "K4", "标杆层级", "K4:K6"),
    ("附件2", "B4", "优化标准规范", "B4:F4"),
    ("附件2", "G4", "四色安全风险分级动态监管", "G4:W4"),   # 1 + 4 × 4 = 17 columns
    ("附件2", "H5", "红色风险企业（家）", "H5:K5"),         # 4 columns
    ("附件2", "X4", "执法激励约束", "X4:AL4"),             # 3 + 2 + 2 + 8 = 15 columns
    ("附件2", "AA5", "重大隐患挂牌督办", "AA5:AB5"),
    ("附件2", "AC5", "罚款", "AC5:AD5"),
    ("附件2", "AD6", "金额（万元）", ""),
])
def test_hand_picked_merges(wb: Any, sheet: str, coord: str, label: str, expected: str) -> None:
    ws = wb[sheet]
    assert ws[coord].value == label
    assert merged_range(ws, coord) == expected


def test_group_cells_horizontal_and_widths(wb: Any) -> None:
    ws = wb["附件1"]
    assert ws["B4"].alignment.text_rotation in (0, None)
    assert ws["B4"].alignment.wrap_text
    assert ws.column_dimensions["A"].width >= 9
    assert ws.column_dimensions["F"].width >= 8               # 达标类型
    assert ws.column_dimensions["B"].width <= 6               # a figure column is narrow
    longest = max(len(c.header[-1]) for c in form_named("附件1").columns)
    header_pt = sum(ws.row_dimensions[r].height for r in range(HEADER_TOP, HEADER_TOP + 3))
    assert header_pt >= longest * 14


# ----------------------------------------------------------------- data


def expected_cells(form: Form, values: Mapping[str, int | Decimal], row0: int) -> list[tuple[int, int, Any, str]]:
    """(row, column, value, merged range) for every data cell of one unit type, walking the catalogue."""
    out: list[tuple[int, int, Any, str]] = []
    n = form.sub_rows
    for j, col in enumerate(form.columns):
        c = 2 + j
        if col.is_label:
            out += [(row0 + i, c, label, "") for i, label in enumerate(col.labels)]
        elif not col.split:
            rng = f"{letter(c)}{row0}:{letter(c)}{row0 + n - 1}" if n > 1 else ""
            out.append((row0, c, values[col.keys[0] or ""], rng))
        else:
            spans = dict(col.span)
            for i, key in enumerate(col.keys):
                if key is None:
                    continue
                wide = spans.get(i, 1)
                rng = f"{letter(c)}{row0 + i}:{letter(c + wide - 1)}{row0 + i}" if wide > 1 else ""
                out.append((row0 + i, c, values[key], rng))
    return out


def as_number(value: Any) -> Any:
    return Decimal(str(value)) if isinstance(value, float) else value


def test_filled_row_holds_every_value(wb: Any) -> None:
    values = distinct_values()
    for form in forms():
        ws = wb[form.sheet]
        row0 = unit_row(form, "县（市、区）")
        assert ws.cell(row=row0, column=1).value == "县（市、区）"
        for row, col, value, rng in expected_cells(form, values, row0):
            cell = ws.cell(row=row, column=col)
            assert as_number(cell.value) == value, (form.sheet, cell.coordinate)
            assert merged_range(ws, cell.coordinate) == rng, (form.sheet, cell.coordinate)


def test_other_unit_type_is_empty_but_labelled(wb: Any) -> None:
    for form in forms():
        ws = wb[form.sheet]
        row0 = unit_row(form, "市直单位")
        assert ws.cell(row=row0, column=1).value == "市直单位"
        for row, col, value, rng in expected_cells(form, distinct_values(), row0):
            cell = ws.cell(row=row, column=col)
            label = isinstance(value, str)
            assert cell.value == (value if label else None), cell.coordinate
            assert merged_range(ws, cell.coordinate) == rng


def test_dibiao_subrow_spans_three_grade_columns(wb: Any) -> None:
    ws = wb["附件1"]
    row = unit_row(form_named("附件1"), "县（市、区）") + 2
    assert ws[f"F{row}"].value == "地标（达标不分级）"
    assert merged_range(ws, f"G{row}") == f"G{row}:I{row}"
    assert ws[f"G{row}"].value == distinct_values()["a1.grade.地标.达标"]
    assert isinstance(ws[f"H{row}"], MergedCell)


def test_unit_type_cell_merged_over_sub_rows(wb: Any) -> None:
    ws = wb["附件1"]
    assert merged_range(ws, "A7") == "A7:A9"
    assert merged_range(ws, "A10") == "A10:A12"


def test_money_and_integer_formats(wb: Any) -> None:
    ws = wb["附件2"]
    money = ws["AD8"]
    assert ws["AD6"].value == "金额（万元）"
    assert money.number_format == "0.00"
    assert Decimal(str(money.value)) == MONEY
    assert ws["AC8"].number_format == "0"
    assert isinstance(ws["AC8"].value, int)


def test_zeros_print_as_zero_in_the_filled_row() -> None:
    zeros = {k: (Decimal(0) if isinstance(v, Decimal) else 0) for k, v in distinct_values().items()}
    book = build(zeros, unit_type="市直单位")
    for form in forms():
        ws = book[form.sheet]
        for row, col, value, _ in expected_cells(form, zeros, unit_row(form, "市直单位")):
            assert ws.cell(row=row, column=col).value == value
        for row, col, value, _ in expected_cells(form, zeros, unit_row(form, "县（市、区）")):
            if not isinstance(value, str):
                assert ws.cell(row=row, column=col).value is None


def test_unknown_unit_type_fills_no_row() -> None:
    book = build(unit_type="乡镇")
    form = form_named("附件2")
    ws = book[form.sheet]
    for unit_type in form.unit_types:
        row = unit_row(form, unit_type)
        assert all(ws.cell(row=row, column=c).value is None for c in range(2, 2 + len(form.columns)))


def raw_borders(data: bytes, sheet_index: int) -> dict[str, tuple[str | None, ...]]:
    """Cell → (left, right, top, bottom) border styles as stored in the file.

    openpyxl recomputes the borders of merged cells when it loads a file, so read the XML itself:
    Excel draws a merged range's frame from the borders of each of its cells.
    """
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
        sheet = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{sheet_index}.xml"))

    def side_style(border: ElementTree.Element, side: str) -> str | None:
        found = border.find(f"m:{side}", ns)
        return None if found is None else found.get("style")

    borders = [tuple(side_style(b, side) for side in ("left", "right", "top", "bottom"))
               for b in styles.findall("m:borders/m:border", ns)]
    xfs = [int(xf.get("borderId", "0")) for xf in styles.findall("m:cellXfs/m:xf", ns)]
    return {c.get("r", ""): borders[xfs[int(c.get("s", "0"))]] for c in sheet.iter(f"{{{ns['m']}}}c")}


def test_borders_on_every_table_cell_merged_or_not() -> None:
    data = build_workbook(forms(), distinct_values(), unit_name="u", unit_type="市直单位", region="r", reporter="p",
                          phone="1", fill_date=FILL)
    for index, form in enumerate(forms(), start=1):
        stored = raw_borders(data, index)
        last_row = data_top(form) + len(form.unit_types) * form.sub_rows - 1
        for row in range(HEADER_TOP, last_row + 1):
            for col in range(1, 2 + len(form.columns)):
                coord = f"{letter(col)}{row}"
                assert stored.get(coord) == ("thin",) * 4, (form.sheet, coord)
        notes = f"A{last_row + 1}"
        assert stored.get(notes, (None,) * 4) == (None,) * 4


# ----------------------------------------------------------------- print set-up, metadata


def test_print_setup(wb: Any) -> None:
    for form in forms():
        ws = wb[form.sheet]
        ps = ws.page_setup
        assert ps.orientation == "landscape"
        assert int(ps.paperSize) == int(ws.PAPERSIZE_A3 if form.paper == "A3" else ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ps.fitToWidth) == 1 and int(ps.fitToHeight) == 0
        last = HEADER_TOP + form.depth - 1
        assert ws.print_title_rows.replace("$", "") == f"{HEADER_TOP}:{last}"
        assert ws.print_options.horizontalCentered
        assert ws.freeze_panes == f"B{last + 1}"
    assert [int(wb[sheet].page_setup.paperSize) for sheet in ("附件1", "附件2")] == [8, 9]   # A3, A4: spec/forms.md


def test_metadata_and_reproducible_bytes(wb: Any) -> None:
    props = wb.properties
    assert props.created == props.modified == datetime(2023, 6, 2)
    assert props.creator == props.lastModifiedBy == "清溪县水利局"   # the unit, not the tool
    assert props.title == "清溪县安全生产标准化提升专项行动巩固提高进展情况月报表（一）"
    kw: dict[str, Any] = {"unit_name": "x", "unit_type": "市直单位", "region": "y", "reporter": "z", "phone": "1",
                          "fill_date": FILL}
    assert build_workbook(forms(), distinct_values(), **kw) == build_workbook(forms(), distinct_values(), **kw)


# ----------------------------------------------------------------- safety, draft


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x")', "+123", "-1", "@SUM(A1)"])
def test_formula_like_text_stays_text(hostile: str) -> None:
    book = build(unit_name=hostile, reporter=hostile, region=hostile, draft=[hostile])
    ws = book["附件1"]
    assert ws["A2"].value.startswith(hostile) and ws["A2"].data_type == "s"       # title starts with the region
    fill = ws["A4"]
    assert f"：{hostile}　填表人：{hostile}　" in fill.value and fill.data_type == "s"
    line = next(c for c in ws["A"] if c.value == hostile)
    assert line.data_type == "s"


def test_control_characters_do_not_break_the_workbook() -> None:
    book = build(unit_name="清溪\x07县水利局", reporter="郑\x00雅琴")
    assert "清溪县水利局" in book["附件1"]["A3"].value


def test_draft_warning_and_unresolved_list() -> None:
    lines = ["enterprises/a/enterprise.yaml:3:1: 错误 E101 统一社会信用代码校验位不正确",
             "shuili.yaml:1:1: 错误 E001 缺少 unit"]
    book = build(draft=lines)
    for form in forms():
        ws = book[form.sheet]
        assert ws["A3"].value == "草稿：数据仍有 2 个错误，不得作为正式报表上报"
        assert ws["A3"].font.b and ws["A3"].font.color.rgb.endswith("FF0000")
        assert ws["A4"].value.startswith("填报单位（盖章）：")
        assert ws["B5"].value == form.columns[0].header[0]            # the header moved down one row
        notes = 5 + form.depth + len(form.unit_types) * form.sub_rows
        assert ws.cell(row=notes, column=1).value == form.notes
        assert [ws.cell(row=notes + k, column=1).value for k in (1, 2, 3)] == ["草稿：未解决的问题", *lines]
        assert ws.print_title_rows.replace("$", "") == f"5:{4 + form.depth}"


def test_no_draft_no_warning(wb: Any) -> None:
    texts = [c.value for row in wb["附件1"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(t.startswith("草稿") for t in texts)

