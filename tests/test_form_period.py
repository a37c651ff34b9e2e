"""The period printed on every form (issue 10 item 13) and the forms' print set-up and fixed texts (item 19)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

from shuili_cli import api
from shuili_cli.core.figures.catalogue import forms
from shuili_cli.core.figures.figures import Figures, Period
from shuili_cli.core.outputs.annual import year_period
from shuili_cli.render.xlsx import build_workbook, period_text

FILL = date(2024, 1, 15)
TITLES = {"附件1": "安全生产标准化提升专项行动巩固提高进展情况月报表（一）",
          "附件2": "安全生产标准化提升专项行动巩固提高进展情况月报表（二）"}


def values() -> dict[str, int | Decimal]:
    """Every key of the forms → 1 (the money key → 0.5): a filled row, whatever the values."""
    return {k: (Decimal("0.5") if k == "a2.enf.罚款.金额" else 1) for form in forms() for k in form.keys()}


def sheets(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def api_book(period: Period, problems: list[str] | None = None) -> Any:
    """The workbook ``report``/``summary`` write for ``period`` (no shuili.yaml: region and unit empty)."""
    return sheets(api.workbook(Figures(period, values()), None, FILL, problems or []))


@pytest.mark.parametrize(("period", "text"), [
    (Period(2023, 5), "（2023年5月）"),
    (Period(2023, 5, ytd=True), "（2023年1—5月累计）"),
    (Period(2023, 1, ytd=True), "（2023年1月）"),                       # January to date is the month
    (year_period(2023, FILL, partial=False), "（2023年1—12月累计）"),    # the year-end forms
    (Period(2023, 5, partial_end=date(2023, 5, 20)), "（2023年5月，截至5月20日）"),
    (Period(2023, 5, ytd=True, partial_end=date(2023, 5, 20)), "（2023年1—5月累计，截至5月20日）"),
    (year_period(2024, FILL, partial=True), "（2024年1月，截至1月15日）"),
])
def test_period_text(period: Period, text: str) -> None:
    assert period_text(period) == text


@pytest.mark.parametrize(("period", "text"), [
    (Period(2023, 5), "（2023年5月）"),
    (Period(2023, 5, ytd=True), "（2023年1—5月累计）"),
    (year_period(2023, FILL, partial=False), "（2023年1—12月累计）"),
])
def test_every_form_prints_its_period_under_the_unchanged_title(period: Period, text: str) -> None:
    wb = api_book(period)
    for form in forms():
        ws = wb[form.sheet]
        width = 1 + len(form.columns)
        last = ws.cell(row=1, column=width).column_letter
        assert ws["A1"].value == form.sheet                      # 附件1 / 附件2, as printed
        assert ws["A2"].value == TITLES[form.sheet]              # the plan's title, nothing appended
        assert ws["A3"].value == text
        assert f"A3:{last}3" in {str(r) for r in ws.merged_cells.ranges}
        assert ws["A3"].alignment.horizontal == "center" and not ws["A3"].font.b
        assert ws["A4"].value == "填报单位（盖章）：　填表人：　联系电话：　2024年1月15日"
        assert ws["A5"].value == "填报单位类型"                   # the header block follows
    assert wb.properties.title == TITLES["附件1"] + text


def test_the_three_bases_differ_only_in_the_period_line() -> None:
    books = [api_book(p) for p in (Period(2023, 5), Period(2023, 5, ytd=True), year_period(2023, FILL, partial=False))]
    texts = [[[c.value for c in row] for row in wb["附件1"].iter_rows()] for wb in books]
    assert [t[2][0] for t in texts] == ["（2023年5月）", "（2023年1—5月累计）", "（2023年1—12月累计）"]
    assert texts[0][:2] + texts[0][3:] == texts[1][:2] + texts[1][3:] == texts[2][:2] + texts[2][3:]


def test_partial_month_says_the_last_day_in_the_period_line_not_the_title() -> None:
    ws = api_book(Period(2023, 5, partial_end=date(2023, 5, 20)))["附件2"]
    assert (ws["A2"].value, ws["A3"].value) == (TITLES["附件2"], "（2023年5月，截至5月20日）")


def test_draft_warning_comes_after_the_period_line() -> None:
    ws = api_book(Period(2023, 5), ["企业 A 的隐患 H1：缺少 found_on"])["附件1"]
    assert [ws[f"A{r}"].value for r in (2, 3, 4)] == [TITLES["附件1"], "（2023年5月）",
                                                      "草稿：数据仍有 1 个错误，不得作为正式报表上报"]
    assert ws["A5"].value.startswith("填报单位（盖章）：")


def test_a_blank_form_has_no_period_line() -> None:
    ws = sheets(build_workbook(forms(), values(), unit_name="", unit_type="", region="", reporter="", phone="",
                               fill_date=FILL))["附件1"]
    assert (ws["A2"].value, ws["A3"].value) == (TITLES["附件1"], "填报单位（盖章）：　填表人：　联系电话：　2024年1月15日")


def test_forms_print_landscape_one_page_wide_with_the_header_repeated() -> None:
    wb = api_book(Period(2023, 5))
    for form in forms():
        ws = wb[form.sheet]
        ps = ws.page_setup
        assert (ps.orientation, int(ps.paperSize)) == ("landscape", {"附件1": 8, "附件2": 9}[form.sheet])  # A3, A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (int(ps.fitToWidth), int(ps.fitToHeight)) == (1, 0)           # one page wide, as many pages tall
        last = 5 + form.depth - 1                                             # the header block starts at row 5
        assert ws.print_title_rows.replace("$", "") == f"5:{last}"
        assert ws.freeze_panes == f"B{last + 1}"


# A space between a CJK character and a digit (or the reverse) is what pdftotext made of the
# plan's typesetting ("附件 1", "每月 3日前"); the printed plan has none. Only this artefact is
# checked here: every other character of these texts is the plan's.
EXTRACTION_SPACE = re.compile(r"[\u3000-\u9fff\uff00-\uffef] \d|\d [\u3000-\u9fff\uff00-\uffef]")


def test_corner_labels_and_notes_carry_no_pdf_extraction_spaces() -> None:
    corner = {form.sheet: form.corner for form in forms()}
    assert corner == {"附件1": "附件1", "附件2": "附件2"}
    for form in forms():
        for text in (form.corner, form.title, form.notes):
            assert EXTRACTION_SPACE.search(text) is None, text
        assert "每月3日前上报上一个月巩固提高进展情况" in form.notes
    assert EXTRACTION_SPACE.search("每月 3日前") and EXTRACTION_SPACE.search("附件 1")   # the pattern does catch them
