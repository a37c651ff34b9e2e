"""What a red-team review of the official papers found (issue 10 items 12-19, second pass): the Word
package's template leftovers, the title's line breaks, tables, the signature, notes, the draft's
page headers, Markdown math and emoji, and --ytd/--partial summaries without a month's notes.

The figures (comparability, hazards of source 其他) are in test_summary_wording.py, the headline
labels in test_catalogue.py.
"""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Pt
from lxml import etree  # type: ignore[import-untyped]

from shuili_cli import api
from shuili_cli.core.figures.figures import Period
from shuili_cli.render.documents import render_docx, render_markdown
from shuili_cli.render.docx_package import em_width, fitted_widths
from shuili_cli.render.mdtext import md, md_block
from tests.conftest import MakeRepo
from tests.test_documents import make, template_dir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TODAY = date(2024, 1, 15)
NOTES = "5月份，我局开展了汛前检查。\n"


def part(data: bytes, name: str) -> Any:
    return etree.fromstring(zipfile.ZipFile(BytesIO(data)).read(name))


def files(pkg: api.Package, ending: str) -> bytes:
    return next(v for k, v in pkg.files.items() if k.endswith(ending))


# ----------------------------------------------------------------- 4, 13. notes of a month only in its summary

def test_a_ytd_summary_leaves_the_months_notes_out(make_repo: MakeRepo) -> None:
    root = make_repo({"bureau/notes/2023-05.md": NOTES})
    month = api.monthly_package(root, Period(2023, 5), today=TODAY)
    assert "## 六、局工作情况\n\n5月份，我局开展了汛前检查。\n" in files(month, ".md").decode("utf-8")
    ytd = api.monthly_package(root, Period(2023, 5, ytd=True), today=TODAY)
    for text in (files(ytd, ".md").decode("utf-8"), "\n".join(p.text for p in docx.Document(
            BytesIO(files(ytd, ".docx"))).paragraphs)):
        assert "局工作情况" not in text and "5月份" not in text
    assert ytd.notices == ["1—5月累计的工作总结不收录单月的 bureau/notes/2023-05.md，略去了“局工作情况”一节；"
                           "需要时请在生成的 .docx 中补写。"]


def test_a_ytd_draft_marks_the_spot(make_repo: MakeRepo) -> None:
    root = make_repo({"bureau/notes/2023-05.md": NOTES})
    ytd = api.monthly_package(root, Period(2023, 5, ytd=True), today=TODAY, draft=True)
    assert "## 六、局工作情况\n\n【草稿：此处待补充局工作情况】\n" in files(ytd, ".md").decode("utf-8")
    assert ytd.notices == ["1—5月累计的工作总结不收录单月的 bureau/notes/2023-05.md，在“局工作情况”一节标出了"
                           "待补充的位置；需要时请在生成的 .docx 中补写。"]


def test_a_partial_month_says_why_its_notes_are_missing(make_repo: MakeRepo) -> None:
    root = make_repo({"bureau/notes/2023-05.md": NOTES})
    pkg = api.monthly_package(root, Period(2023, 5, partial_end=date(2023, 5, 20)), today=date(2023, 5, 20))
    assert "局工作情况" not in files(pkg, ".md").decode("utf-8")
    assert pkg.notices == ["截至5月20日的临时工作总结不收录整月的 bureau/notes/2023-05.md，略去了“局工作情况”一节；"
                           "月末后去掉 --partial 重新运行 shuili report --month 2023-05 即可收录。"]


# ----------------------------------------------------------------- 6. template leftovers in the package

@pytest.fixture(scope="module")
def monthly_docx() -> bytes:
    return render_docx(make(notes="局里本月开展了检查。"))


def test_theme_language_is_chinese(monthly_docx: bytes) -> None:
    lang = part(monthly_docx, "word/settings.xml").find(f"{W}themeFontLang")
    assert (lang.get(f"{W}val"), lang.get(f"{W}eastAsia")) == ("en-US", "zh-CN")


def test_font_table_lists_the_fonts_named_and_no_japanese_ones(monthly_docx: bytes) -> None:
    names = [f.get(f"{W}name") for f in part(monthly_docx, "word/fontTable.xml").findall(f"{W}font")]
    # Symbol and Courier: the bullets of the template's numbering definitions
    assert sorted(names) == sorted(["Symbol", "Times New Roman", "Courier", "方正小标宋简体", "仿宋_GB2312",
                                    "楷体_GB2312", "黑体", "宋体"])
    black = next(f for f in part(monthly_docx, "word/fontTable.xml") if f.get(f"{W}name") == "黑体")
    assert [c.get(f"{W}val") for c in black] == ["02010609060101010101", "86", "modern", "fixed"]


def test_built_in_headings_are_gb_fonts_in_black(monthly_docx: bytes) -> None:
    styles = part(monthly_docx, "word/styles.xml")
    assert not any(k.endswith(("Theme", "theme")) for el in styles.iter(f"{W}rFonts") for k in el.attrib)
    expected = {"Heading1": ("黑体", "32", False), "Heading2": ("楷体_GB2312", "32", False),
                "Heading3": ("仿宋_GB2312", "32", True), "Heading9": ("仿宋_GB2312", "32", False),
                "Title": ("方正小标宋简体", "44", False)}
    for sid, (font, size, bold) in expected.items():
        rpr = styles.find(f"{W}style[@{W}styleId='{sid}']/{W}rPr")
        assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == font, sid
        assert dict(rpr.find(f"{W}color").attrib) == {f"{W}val": "000000"}, sid
        assert (rpr.find(f"{W}sz").get(f"{W}val"), rpr.find(f"{W}b") is not None) == (size, bold), sid
    for style in styles.findall(f"{W}style"):
        if style.get(f"{W}type") in ("paragraph", "character"):
            assert all(c.get(f"{W}val") == "000000" for c in style.iter(f"{W}color")), style.get(f"{W}styleId")


def test_no_application_claimed_and_the_unit_is_the_author(monthly_docx: bytes) -> None:
    app = zipfile.ZipFile(BytesIO(monthly_docx)).read("docProps/app.xml")
    assert b"Macintosh" not in app and b"<Application>" not in app
    assert "word/stylesWithEffects.xml" not in zipfile.ZipFile(BytesIO(monthly_docx)).namelist()
    props = docx.Document(BytesIO(monthly_docx)).core_properties
    assert props.author == props.last_modified_by == "测试县水利局"
    assert render_docx(make(notes="局里本月开展了检查。")) == monthly_docx   # still reproducible


# ----------------------------------------------------------------- 7. the title's lines

def test_title_breaks_at_word_boundaries_in_word_and_stays_one_line_in_markdown() -> None:
    d = docx.Document(BytesIO(render_docx(make())))
    title = d.paragraphs[0]
    assert title.text == "测试县水利局2023年5月\n安全生产标准化提升专项行动\n巩固提高工作总结"
    assert len(title._p.findall(f".//{W}br")) == 2 and title.runs[0].bold is None   # not bold: see docx_style
    assert render_markdown(make(), template_dir).startswith(
        "# 测试县水利局2023年5月安全生产标准化提升专项行动巩固提高工作总结\n")
    ytd = docx.Document(BytesIO(render_docx(make(ytd=True)))).paragraphs[0]
    assert ytd.text == "测试县水利局\n安全生产标准化提升专项行动\n巩固提高工作总结\n（2023年1—5月累计）"


# ----------------------------------------------------------------- 8. tables

def test_text_widths_worked_by_hand() -> None:
    assert em_width("一般") == 2
    assert em_width("H-2023-005") == pytest.approx(0.72 + 9 * 0.5)          # capital H, 9 narrow characters
    assert em_width("2023年5月16日") == pytest.approx(3 + 7 * 0.5 + 5 * 0.25)  # 7 digits, 5 changes of script
    assert em_width("甲\nH-2023-005") == pytest.approx(5.22)


def test_short_columns_are_widened_from_the_long_ones() -> None:
    # 12 pt = 4.2333 mm an em; cell margins and reserve 4.81 mm: H-2023-005 needs 5.22 × 4.2333 + 4.81 = 26.908
    got = fitted_widths(("编号", "描述"), [("H-2023-005", "很长的描述")], (20, 40), Pt(12), nowrap=(0,))
    assert got == pytest.approx([26.908, 33.092], abs=0.001) and sum(got) == pytest.approx(60)
    assert fitted_widths(("编号", "描述"), [("H-1", "x")], (20, 40), Pt(12), nowrap=(0,)) == [20, 40]  # fits
    # not enough room (the long column keeps half its width at least): the given widths
    assert fitted_widths(("编号", "描述"), [("H-2023-005-0001-0002", "x")], (20, 20), Pt(12), nowrap=(0,)) == [20, 20]


def test_rows_never_split_and_headers_repeat(monthly_docx: bytes) -> None:
    body = part(monthly_docx, "word/document.xml").find(f"{W}body")
    tables = body.findall(f"{W}tbl")
    assert len(tables) == 5
    for tbl in tables:
        rows = tbl.findall(f"{W}tr")
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows] == [True] + [False] * (len(rows) - 1)


def test_overdue_ids_grades_and_dates_fit_on_one_line() -> None:
    d = docx.Document(BytesIO(render_docx(make())))
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "企业" and len(t.columns) == 6)
    grid = [int(g.get(f"{W}w")) / 56.7 for g in table._tbl.tblGrid.findall(f"{W}gridCol")]   # twips to mm
    em = 12 * 25.4 / 72
    for col, longest in ((1, "H-2023-001"), (3, "一般"), (4, "2023年5月10日"), (5, "超期天数")):
        assert grid[col] >= em_width(longest) * em + 3.81, (col, grid)
    assert sum(grid) == pytest.approx(156, abs=0.5)   # the text width of a portrait page


# ----------------------------------------------------------------- 9. the signature

def test_signature_centred_over_the_date_four_characters_in() -> None:
    ps = docx.Document(BytesIO(render_docx(make()))).paragraphs
    assert [p.text for p in ps[-4:]][1:] == ["", "测试县水利局", "2023年6月2日"] and ps[-4].text
    date_indent, unit_indent = ps[-1].paragraph_format.right_indent, ps[-2].paragraph_format.right_indent
    assert date_indent.pt == 64                       # 4 characters of 三号 (16 pt)
    # the date is 3 + 6 × 0.5 + 5 × 0.25 = 7.25 em, the unit 6: (7.25 − 6) / 2 × 16 pt = 10 pt further in
    assert unit_indent.pt == 74


# ----------------------------------------------------------------- 10. notes read the same

def test_notes_keep_paragraphs_lines_and_marks_in_both_documents() -> None:
    notes = "第一行\n- 第二行\r\n\n\n# 第二段\n  **要点**  \n"
    s = make(notes=notes)
    d = docx.Document(BytesIO(render_docx(s)))
    texts = [p.text for p in d.paragraphs]
    start = texts.index("六、局工作情况") + 1
    assert texts[start:start + 2] == ["第一行\n- 第二行", "# 第二段\n**要点**"]
    assert md_block(notes) == "第一行\\\n\\- 第二行\n\n\\# 第二段\\\n\\*\\*要点\\*\\*"
    assert md_block(notes) in render_markdown(s, template_dir)


# ----------------------------------------------------------------- 11. 草稿 on every page

def test_a_draft_says_so_in_every_header() -> None:
    d = docx.Document(BytesIO(render_docx(make(draft_findings=["a.yaml:1:1: 错误 X 消息", "b"]))))
    sec = d.sections[0]
    for header in (sec.header, sec.even_page_header, sec.first_page_header):
        (p,) = header.paragraphs
        assert p.text == "草稿：数据仍有 2 个错误，不得作为正式文件上报"
        assert p.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    final = docx.Document(BytesIO(render_docx(make()))).sections[0]
    assert final.header.is_linked_to_previous and not any(p.text for p in final.header.paragraphs)


# ----------------------------------------------------------------- 12. Markdown math and emoji

def test_dollars_and_emoji_shortcodes_stay_text() -> None:
    assert md("单价$5$，合计$$x$$") == "单价\\$5\\$，合计\\$\\$x\\$\\$"
    assert md("提醒 :warning: 于 10:30:45，:+1:") == "提醒 \\:warning: 于 10:30:45，\\:+1:"


def test_the_demo_unit_is_the_workbook_author(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    pkg = api.monthly_package(Path(__file__).parents[1] / "data-template", Period(2023, 5), today=TODAY, fmt="xlsx")
    props = load_workbook(BytesIO(files(pkg, ".xlsx"))).properties
    assert props.creator == props.lastModifiedBy == "清溪县水利局"
