"""The 年度工作总结 renderers: Markdown (jinja2) and Word (GB/T 9704 style)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import Table

from shuili_cli.core.outputs.annual import AnnualSummary, MonthRow
from shuili_cli.core.outputs.summary import ActionLine, Gap, HazardLine, HazardTally, Headline, MonthlySummary
from shuili_cli.render.annual import SECTIONS, render_annual_docx, render_annual_markdown
from shuili_cli.render.documents import md
from tests.test_documents import east_asia, is_heading

ROOT = Path(__file__).resolve().parents[1]
template_dir = ROOT / "report-templates"
HOSTILE = "<script>alert(1)</script>|x"
TITLE = "测试县水利局2023年安全生产标准化提升专项行动巩固提高工作总结"
COLUMNS = (("a1.enterprises.total", "企业数量"), ("a1.three_lists.self_found", "自查隐患"),
           ("a2.enf.罚款.金额", "罚款金额"))
MONTH_HEADER = ["月份", "企业数量", "自查隐患", "罚款金额"]
# month m: 10 + m enterprises (a stock), m self-found hazards (a flow), a fine of m/4 万元 (a flow)
TOTALS = (22, 78, Decimal("19.5"))  # 10 + 12; 1 + … + 12; (1 + … + 12) / 4


def hazard(enterprise: str, hid: str, days: int, grade: str = "一般") -> HazardLine:
    return HazardLine(enterprise, hid, f"{hid} 的描述", grade, "2023-03-01", "2023-06-30", days, grade == "重大",
                      "enterprises/a/hazards/2023.yaml", 3)


def action(i: int, kind: str = "检查") -> ActionLine:
    return ActionLine(f"ENF-2023-{i:03d}", f"2023-{1 + i % 12:02d}-10", kind, "乙水电站", "")


def december(**changes: object) -> MonthlySummary:
    s = MonthlySummary(
        unit_name="测试县水利局", region="测试县", year=2023, month=12, end="2023-12-31", ytd=True, partial=False,
        fill_date=date(2024, 1, 5),
        headlines=[
            Headline("a1.enterprises.total", "企业数量（家） 总数", "家", 22, 18),
            Headline("a1.five_s", "强化5S现场管理（家）", "家", 9, 9),
            Headline("a2.enf.罚款.金额", "罚款 金额（万元）", "万元", Decimal("19.5"), Decimal("20")),
        ],
        hazards=HazardTally(found_self=80, found_supervisory=40, rectified_self=75, rectified_supervisory=39,
                            closed=111),
        overdue=[hazard(HOSTILE, "H-2023-001", 120), hazard("乙水电站", "H-2023-002", 30)],
        major_open=[hazard("丙水库", "H-2023-009", 0, "重大")],
        gaps=[Gap(HOSTILE, "六有", "未完成：设备有铭牌"), Gap("乙水电站", "5S", "尚未推行 5S 管理")],
        actions=[action(1), action(2, "罚款"), action(3)],
        overdue_total=2, overdue_enterprises=2, longest_overdue=120, annual=True,
    )
    return replace(s, **changes)  # type: ignore[arg-type]


def make(*, notes: str | None = None, **changes: object) -> AnnualSummary:
    months = [MonthRow(m, (10 + m, m, Decimal(m) / 4)) for m in range(1, 13)]
    return AnnualSummary(2023, december(**changes), COLUMNS, months, TOTALS, notes,
                         None if notes is None else "bureau/notes/2023.md")


def open_docx(s: AnnualSummary) -> DocxDocument:
    return docx.Document(BytesIO(render_annual_docx(s)))


def cells(t: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in t.rows]


def month_table(d: DocxDocument) -> Table:
    return next(t for t in d.tables if t.rows[0].cells[0].text == "月份")


def table_lines(text: str, first: str) -> list[str]:
    """The Markdown table whose header starts with ``first``, one string a row (separator dropped)."""
    lines = text.splitlines()
    start = lines.index(next(x for x in lines if x.startswith(f"| {first} |")))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return [rows[0], *rows[2:]]


# --- Markdown ---------------------------------------------------------------------------------

def test_markdown_title_and_headlines_against_previous_year() -> None:
    text = render_annual_markdown(make(), template_dir)
    assert text.startswith(f"# {TITLE}\n")
    assert "| 指标 | 本年 | 上年 | 增减 |" in text
    assert "| 企业数量（家） 总数 | 22 | 18 | +4 |" in text
    assert "| 罚款 金额（万元） | 19.50 | 20.00 | -0.50 |" in text
    assert "在册企业22家（较上年+4）" in text and "（与上年持平）" in text
    assert "较上月" not in text and "本月" not in text


def test_markdown_month_table_rows_and_totals() -> None:
    rows = table_lines(render_annual_markdown(make(), template_dir), "月份")
    assert rows[0] == "| " + " | ".join(MONTH_HEADER) + " |"
    assert len(rows) == 1 + 12 + 1
    assert rows[1] == "| 1月 | 11 | 1 | 0.25 |"
    assert rows[6] == "| 6月 | 16 | 6 | 1.50 |"
    assert rows[12] == "| 12月 | 22 | 12 | 3.00 |"
    assert rows[13] == "| 合计/年末 | 22 | 78 | 19.50 |"


def test_months_sentence_names_the_summed_columns() -> None:
    text = render_annual_markdown(make(), template_dir)
    assert "“合计/年末”一行中，自查隐患、罚款金额为全年合计，其余为年末数。" in text


def test_partial_year_title_and_month() -> None:
    s = make(partial=True, end="2023-06-15")
    s.months = [replace(m, partial=m.month == 6) for m in s.months[:6]]
    text = render_annual_markdown(s, template_dir)
    assert f"# {TITLE}（截至6月15日）" in text
    rows = table_lines(text, "月份")
    assert len(rows) == 1 + 6 + 1 and rows[6].startswith("| 6月（截至15日） | 16 |")
    assert "为本年截至6月15日合计，其余为6月15日的数" in text


def test_markdown_hazards_of_the_year() -> None:
    text = render_annual_markdown(make(), template_dir)
    assert f"{111 * 100 / 120:.1f}%" == "92.5%"
    assert ("全年发现隐患120条（企业自查80条、执法检查发现40条），整改隐患114条（企业自查整改75条、督促整改39条，"
            "按整改日期统计，不论何时发现）。全年发现的120条隐患中，截至2023年12月31日已整改111条，整改率92.5%，"
            "尚有9条未整改。") in text
    none = render_annual_markdown(make(hazards=HazardTally()), template_dir)
    assert "全年未发现隐患，没有隐患完成整改。\n" in none


def test_markdown_overdue_longest_listed_when_cut() -> None:
    text = render_annual_markdown(make(), template_dir)
    assert "共有超期未整改隐患2条，涉及2家企业，最长超期120天，具体如下：" in text
    cut = render_annual_markdown(make(overdue_total=75, overdue_enterprises=9), template_dir)
    assert "共有超期未整改隐患75条，涉及9家企业，最长超期120天，下表列出超期最长的2条：" in cut
    empty = render_annual_markdown(make(overdue=[], major_open=[], overdue_total=0), template_dir)
    assert "截至2023年12月31日，无超期未整改隐患。" in empty
    assert "截至2023年12月31日，无未整改销号的重大事故隐患。" in empty
    assert "| 企业 | 隐患编号 |" not in empty


def test_markdown_gaps_at_year_end() -> None:
    assert "截至2023年12月31日，尚有2家企业未全部完成" in render_annual_markdown(make(), template_dir)
    assert "截至2023年12月31日，全部在册企业均已完成。" in render_annual_markdown(make(gaps=[]), template_dir)


def test_actions_listed_up_to_30_then_counted() -> None:
    text = render_annual_markdown(make(), template_dir)
    assert "全年共开展执法激励约束行动3次，其中检查2次、罚款1次，具体如下：" in text
    assert "| ENF-2023-002 |" in text
    many = [action(i, "检查" if i % 3 else "约谈警示") for i in range(1, 32)]
    text = render_annual_markdown(make(actions=many), template_dir)
    assert "全年共开展执法激励约束行动31次，其中检查21次、约谈警示10次。" in text
    assert "ENF-2023-" not in text and "| 编号 | 日期 |" not in text
    assert "| ENF-2023-030 |" in render_annual_markdown(make(actions=many[:30]), template_dir)
    assert "全年无执法行动。" in render_annual_markdown(make(actions=[]), template_dir)


def test_markdown_notes_missing_and_present() -> None:
    missing = render_annual_markdown(make(), template_dir)
    assert "局全年工作情况" not in missing and "bureau/notes" not in missing   # an official paper leaves it out
    assert "## 九、局全年工作情况\n\n【草稿：此处待补充局全年工作情况】\n" in render_annual_markdown(make(draft=True),
                                                                                template_dir)
    notes = "一是全年开展汛前检查。\n\n二是约谈 <b>三家</b> 企业 & 督促整改。\n- 第三项"
    present = render_annual_markdown(make(notes=notes), template_dir)
    assert "一是全年开展汛前检查。\n\n二是约谈 &lt;b&gt;三家&lt;/b&gt; 企业 &amp; 督促整改。\\\n\\- 第三项\n" in present


def test_markdown_escapes_hostile_enterprise_names() -> None:
    text = render_annual_markdown(make(unit_name="<img src=x>测试县"), template_dir)
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;\\|x" in text
    for line in text.splitlines():
        if line.startswith("| &lt;script"):  # the escaped pipe does not add a column
            assert len(re.split(r"(?<!\\)\|", line)) - 2 in (3, 6)


def test_draft_marks_both_outputs() -> None:
    s = make(draft_findings=["enterprises/a/hazards/2023.yaml:3:5: 错误 SL101 日期格式不对"])
    line = "草稿：数据仍有 1 个错误，不得作为正式文件上报"
    text = render_annual_markdown(s, template_dir)
    assert line in text.splitlines()[0]
    assert "## 十、待修正的数据错误" in text and "1. enterprises/a/hazards/2023.yaml:3:5" in text
    d = open_docx(s)
    assert d.paragraphs[0].text == line
    assert SECTIONS["findings"] in [p.text for p in d.paragraphs]
    assert "草稿" not in render_annual_markdown(make(), template_dir)


def test_markdown_is_reproducible() -> None:
    assert render_annual_markdown(make(), template_dir) == render_annual_markdown(make(), template_dir)


# --- Word -------------------------------------------------------------------------------------

def test_docx_title_headline_and_month_table() -> None:
    d = open_docx(make())
    assert d.paragraphs[0].text.split("\n") == ["测试县水利局2023年", "安全生产标准化提升专项行动", "巩固提高工作总结"]
    assert cells(d.tables[0])[0] == ["指标", "本年", "上年", "增减"]
    rows = cells(month_table(d))
    assert rows[0] == MONTH_HEADER
    assert len(rows) == 1 + 13
    assert rows[1] == ["1月", "11", "1", "0.25"] and rows[12] == ["12月", "22", "12", "3.00"]
    assert rows[13] == ["合计/年末", "22", "78", "19.50"]
    texts = [p.text for p in d.paragraphs]
    assert SECTIONS["notes"] not in texts and not any("bureau/notes" in t for t in texts)
    assert texts[-2:] == ["测试县水利局", "2024年1月5日"]


def test_docx_gbt9704_layout_and_landscape_month_table() -> None:
    d = open_docx(make())
    first = d.sections[0]
    for actual, mm in ((first.page_width, 210), (first.page_height, 297), (first.top_margin, 37),
                       (first.left_margin, 28)):
        assert actual is not None and abs(actual.mm - mm) < 0.1
    assert [s.orientation for s in d.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    wide = d.sections[1]
    assert wide.page_width is not None and abs(wide.page_width.mm - 297) < 0.1
    normal = d.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size is not None and normal.font.size.pt == 16
    body = [p for p in d.paragraphs if p.text.startswith(("截至", "全年"))]
    assert body and all(east_asia(p) == {"仿宋_GB2312"} for p in body)
    assert east_asia(d.paragraphs[0]) == {"方正小标宋简体"}


def test_docx_notes_and_hostile_text() -> None:
    d = open_docx(make(notes="# 全年情况\n\n正文 <b>加粗</b>\x0b", unit_name="测试县水利局\x01"))
    texts = [p.text for p in d.paragraphs]
    assert "# 全年情况" in texts and "正文 <b>加粗</b>" in texts
    assert not any("未提供" in t for t in texts)
    assert any(HOSTILE in c.text for t in d.tables for row in t.rows for c in row.cells)


def test_docx_bytes_and_properties_are_reproducible() -> None:
    data = render_annual_docx(make())
    assert data == render_annual_docx(make())
    props = docx.Document(BytesIO(data)).core_properties
    assert props.title == TITLE and props.author == props.last_modified_by == "测试县水利局"
    assert props.created is not None and props.created.replace(tzinfo=None).isoformat() == "2024-01-05T00:00:00"


def test_markdown_and_docx_share_one_outline() -> None:
    s = make(notes="局里全年开展了检查。", draft_findings=["a.yaml:1:1: 错误 X 消息"])
    text = render_annual_markdown(s, template_dir)
    md_headings = [re.sub(r"^#+ ", "", line) for line in text.splitlines() if line.startswith(("## ", "### "))]
    d = open_docx(s)
    assert md_headings == [p.text for p in d.paragraphs if is_heading(p)] == list(SECTIONS.values())
    for p in d.paragraphs:   # a numbered finding is a Markdown list item: its "1." is not escaped there
        assert re.sub(r"^(\d+)\\\.", r"\1.", md(p.text.replace("\n", ""))) in text, p.text   # title: one line
    for t in d.tables:
        for row in t.rows:
            assert "| " + " | ".join(md(c.text) for c in row.cells) + " |" in text


# --- the demo county --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo() -> AnnualSummary:
    from shuili_cli.core.outputs import annual
    from shuili_cli.core.source.loader import load

    r = load(ROOT / "data-template", today=date(2024, 1, 15))
    per = annual.year_period(2023, date(2024, 1, 5), partial=False)
    return annual.build(r.repo, per, date(2024, 1, 5))[0]


def test_demo_county_markdown(demo: AnnualSummary) -> None:
    text = render_annual_markdown(demo, template_dir)
    assert text.startswith(f"# {demo.december.unit_name}2023年安全生产标准化提升专项行动巩固提高工作总结\n")
    rows = table_lines(text, "月份")
    assert len(rows) == 1 + 12 + 1
    assert [r.split(" | ")[0] for r in rows[1:]] == [f"| {m}月" for m in range(1, 13)] + ["| 合计/年末"]
    fine = next(i for i, (key, _) in enumerate(demo.columns) if key == "a2.enf.罚款.金额")
    assert rows[-1].strip("| ").split(" | ")[1 + fine] == f"{demo.totals[fine]:.2f}"
    assert demo.notes is not None and md(demo.notes.splitlines()[0]) in text
    assert "未提供" not in text
    assert all(x.id in text for x in demo.december.major_open)


def test_demo_county_docx(demo: AnnualSummary) -> None:
    data = render_annual_docx(demo)
    assert data == render_annual_docx(demo)
    d = docx.Document(BytesIO(data))
    assert d.paragraphs[0].text.replace("\n", "").endswith("2023年安全生产标准化提升专项行动巩固提高工作总结")
    rows = cells(month_table(d))
    assert len(rows) == 14 and rows[0][1:] == [label for _, label in demo.columns]
    may = demo.months[4]
    assert rows[5] == ["5月", *(f"{v:.2f}" if isinstance(v, Decimal) else str(v) for v in may.values)]
    assert rows[13][1 + 2] == str(demo.totals[2])
