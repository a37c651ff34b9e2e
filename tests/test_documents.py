"""The monthly 工作总结 renderers: Markdown (jinja2) and Word (GB/T 9704 style)."""

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
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from shuili_cli.core.outputs.summary import ActionLine, Gap, HazardLine, HazardTally, Headline, MonthlySummary
from shuili_cli.render.documents import SECTIONS, md, render_docx, render_markdown

ROOT = Path(__file__).resolve().parents[1]
template_dir = ROOT / "report-templates"
HOSTILE = "<script>alert(1)</script>|x"
TITLE = "测试县水利局2023年5月安全生产标准化提升专项行动巩固提高工作总结"


def hazard(enterprise: str, hid: str, days: int, grade: str = "一般", supervised: bool = False) -> HazardLine:
    return HazardLine(enterprise, hid, f"{hid} 的描述", grade, "2023-04-01", "2023-05-10", days, supervised,
                      "enterprises/a/hazards/2023.yaml", 3)


def make(**changes: object) -> MonthlySummary:
    s = MonthlySummary(
        unit_name="测试县水利局", region="测试县", year=2023, month=5, end="2023-05-31", ytd=False, partial=False,
        fill_date=date(2023, 6, 2),
        headlines=[
            Headline("a1.enterprises.total", "企业数量（家） › 总数", "家", 5, 3),
            Headline("a1.five_s", "落实“一企一策”数量 › 强化5S现场管理（家）", "家", 2, 3),
            Headline("a2.enf.检查", "执法激励约束 › 检查企业（家次）", "家次", 4, 4),
            Headline("a2.enf.罚款.金额", "执法激励约束 › 罚款 › 金额（万元）", "万元", Decimal("1.5"), Decimal("0")),
        ],
        hazards=HazardTally(found_self=5, found_supervisory=3, rectified_self=4, rectified_supervisory=5, closed=6),
        year_hazards=HazardTally(found_self=21, found_supervisory=9, rectified_self=15, rectified_supervisory=5,
                                 closed=20),
        overdue=[hazard(HOSTILE, "H-2023-001", 21), hazard("乙水电站", "H-2023-002", 5),
                 hazard(HOSTILE, "H-2023-003", 2)],
        major_open=[hazard("丙水库", "H-2023-009", 0, "重大", supervised=True)],
        gaps=[Gap(HOSTILE, "六有", "未完成：设备有铭牌"), Gap("乙水电站", "5S", "尚未推行 5S 管理")],
        actions=[ActionLine("ENF-2023-001", "2023-05-04", "检查", "乙水电站", ""),
                 ActionLine("ENF-2023-002", "2023-05-18", "罚款", "丙水库", "罚款 1.5 万元")],
    )
    return replace(s, **changes)  # type: ignore[arg-type]


def open_docx(s: MonthlySummary) -> DocxDocument:
    return docx.Document(BytesIO(render_docx(s)))


def is_heading(p: Paragraph) -> bool:
    ppr = p._p.pPr
    return ppr is not None and ppr.find(qn("w:outlineLvl")) is not None


def east_asia(p: Paragraph) -> set[str | None]:
    """The East Asian font each run is shown in: its own, else its paragraph style's (body text)."""
    style = p.style.element.rPr.rFonts.get(qn("w:eastAsia"))  # type: ignore[union-attr]
    return {r._element.rPr.rFonts.get(qn("w:eastAsia")) if r._element.rPr is not None else style  # type: ignore[union-attr]
            for r in p.runs}


# --- Markdown ---------------------------------------------------------------------------------

def test_markdown_has_title_headlines_and_signed_deltas() -> None:
    text = render_markdown(make(), template_dir)
    assert text.startswith(f"# {TITLE}\n")
    assert "| 企业数量（家） › 总数 | 5 | 3 | +2 |" in text
    assert "| 落实“一企一策”数量 › 强化5S现场管理（家） | 2 | 3 | -1 |" in text
    assert "| 执法激励约束 › 检查企业（家次） | 4 | 4 | 持平 |" in text
    assert "| 执法激励约束 › 罚款 › 金额（万元） | 1.50 | 0.00 | +1.50 |" in text
    assert "在册企业5家（较上月+2）" in text
    assert "执法检查企业4家次（与上月持平）" in text
    assert "罚款1.50万元（较上月+1.50）" in text


def test_markdown_rectification_rates_computed_by_hand() -> None:
    text = render_markdown(make(), template_dir)
    month, year = f"{6 * 100 / 8:.1f}%", f"{20 * 100 / 30:.1f}%"
    assert (month, year) == ("75.0%", "66.7%")
    assert ("本月发现隐患8条（企业自查5条、执法检查发现3条），整改隐患9条（企业自查整改4条、督促整改5条，"
            "按整改日期统计，不论何时发现）。本月发现的8条隐患中，截至2023年5月31日已整改6条，"
            f"整改率{month}，尚有2条未整改。") in text
    assert f"本年1—5月发现的30条隐患中，截至2023年5月31日已整改20条，整改率{year}，尚有10条未整改。" in text
    empty = render_markdown(make(hazards=HazardTally(), year_hazards=HazardTally(rectified_self=2)), template_dir)
    assert "本月未发现隐患，没有隐患完成整改。本年1—5月未发现隐患，整改隐患2条（企业自查整改2条、督促整改0条" in empty
    assert "整改率" not in empty


def test_markdown_overdue_hazards_grouped_by_enterprise() -> None:
    text = render_markdown(make(), template_dir)
    for hid in ("H-2023-001", "H-2023-002", "H-2023-003", "H-2023-009"):
        assert hid in text
    rows = [line for line in text.splitlines() if "H-2023-00" in line and "天 |" in line]
    assert [re.search(r"H-2023-\d+", r).group(0) for r in rows] == ["H-2023-001", "H-2023-003", "H-2023-002"]  # type: ignore[union-attr]
    assert rows[1].startswith("|  | H-2023-003")  # second row of a group leaves the enterprise cell empty
    assert "共有超期未整改隐患3条，涉及2家企业，最长超期21天" in text
    assert "已挂牌督办1条" in text


def test_markdown_empty_sections_say_so() -> None:
    text = render_markdown(make(overdue=[], major_open=[], gaps=[], actions=[]), template_dir)
    assert "截至2023年5月31日，无超期未整改隐患。" in text
    assert "截至2023年5月31日，无未整改销号的重大事故隐患。" in text
    assert "全部在册企业均已完成。" in text
    assert "本月无执法行动。" in text
    assert "| 企业 | 隐患编号 |" not in text


def test_markdown_notes_missing_and_present() -> None:
    missing = render_markdown(make(), template_dir)
    assert "局工作情况" not in missing and "bureau/notes" not in missing   # an official paper leaves it out
    assert "【草稿：此处待补充局工作情况】" in render_markdown(make(draft=True), template_dir)
    notes = "一是开展汛前检查。\n\n二是约谈 <b>三家</b> 企业 & 督促整改。\n- 第三项"
    present = render_markdown(make(notes=notes, notes_file="bureau/notes/2023-05.md"), template_dir)
    assert ("## 六、局工作情况\n\n一是开展汛前检查。\n\n二是约谈 &lt;b&gt;三家&lt;/b&gt; 企业 &amp; 督促整改。\\\n"
            "\\- 第三项\n") in present


def test_markdown_escapes_hostile_enterprise_names() -> None:
    text = render_markdown(make(), template_dir)
    assert "<script>" not in text and "</script>" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;\\|x" in text
    for line in text.splitlines():
        if line.startswith("| &lt;script"):  # the escaped pipe does not add a column
            assert len(re.split(r"(?<!\\)\|", line)) - 2 in (3, 6)


def test_md_filter() -> None:
    assert md("a|b\nc\r\nd") == "a\\|b c d"
    assert md("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert md("a\\|b") == "a\\\\\\|b"  # a backslash cannot un-escape the pipe
    assert md(Decimal("1.50")) == "1.50"


def test_partial_title() -> None:
    text = render_markdown(make(partial=True, end="2023-05-20"), template_dir)
    assert f"# {TITLE}（截至5月20日）" in text


def test_markdown_is_deterministic() -> None:
    assert render_markdown(make(), template_dir) == render_markdown(make(), template_dir)


def test_draft_mode_marks_both_outputs() -> None:
    s = make(draft_findings=["enterprises/a/hazards/2023.yaml:3:5: 错误 SL101 日期格式不对",
                             "enterprises/b/enterprise.yaml:1:1: 错误 SL201 缺少字段"])
    line = "草稿：数据仍有 2 个错误，不得作为正式文件上报"
    text = render_markdown(s, template_dir)
    assert line in text.splitlines()[0]
    assert "## 七、待修正的数据错误" in text
    assert "2. enterprises/b/enterprise.yaml:1:1: 错误 SL201 缺少字段" in text
    d = open_docx(s)
    assert d.paragraphs[0].text == line
    texts = [p.text for p in d.paragraphs]
    assert SECTIONS["findings"] in texts
    assert "1. enterprises/a/hazards/2023.yaml:3:5: 错误 SL101 日期格式不对" in texts
    assert "草稿" not in render_markdown(make(), template_dir)
    assert not any("草稿" in p.text for p in open_docx(make()).paragraphs)


# --- Word -------------------------------------------------------------------------------------

def test_docx_opens_with_title_figures_and_headings() -> None:
    d = open_docx(make())
    assert d.paragraphs[0].text.replace("\n", "") == TITLE   # broken into lines: see test_papers_review
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["指标", "本月", "上月", "增减"]
    assert [c.text for c in table.rows[1].cells] == ["企业数量（家） › 总数", "5", "3", "+2"]
    assert [c.text for c in table.rows[2].cells][1:] == ["2", "3", "-1"]
    assert [c.text for c in table.rows[3].cells][1:] == ["4", "4", "持平"]
    assert [c.text for c in table.rows[4].cells][1:] == ["1.50", "0.00", "+1.50"]
    headings = [p.text for p in d.paragraphs if is_heading(p)]
    assert headings == [v for k, v in SECTIONS.items() if k not in ("notes", "findings")]  # no notes: no section
    texts = [p.text for p in d.paragraphs]
    assert not any("bureau/notes" in t or "局工作情况" in t for t in texts)
    assert texts[-2:] == ["测试县水利局", "2023年6月2日"]


def test_docx_gbt9704_layout() -> None:
    d = open_docx(make())
    sec = d.sections[0]
    for actual, mm in ((sec.page_width, 210), (sec.page_height, 297), (sec.top_margin, 37),
                       (sec.bottom_margin, 35), (sec.left_margin, 28), (sec.right_margin, 26)):
        assert actual is not None and abs(actual.mm - mm) < 0.1
    normal = d.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size is not None and normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing is not None and normal.paragraph_format.line_spacing.pt == 28
    body = [p for p in d.paragraphs if p.text.startswith(("截至", "本月发现"))]
    assert body and all(east_asia(p) == {"仿宋_GB2312"} for p in body)
    title = d.paragraphs[0]
    assert east_asia(title) == {"方正小标宋简体"} and title.runs[0].font.size is not None
    assert title.runs[0].font.size.pt == 22
    levels = {p.text: east_asia(p) for p in d.paragraphs if is_heading(p)}
    assert levels[SECTIONS["overview"]] == {"黑体"} and levels[SECTIONS["overdue"]] == {"楷体_GB2312"}
    cell_run = d.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert cell_run.font.size is not None and cell_run.font.size.pt <= 14


def test_docx_properties_and_bytes_are_reproducible() -> None:
    data = render_docx(make())
    assert data == render_docx(make())
    props = docx.Document(BytesIO(data)).core_properties
    assert props.title == TITLE and props.author == props.last_modified_by == "测试县水利局"
    assert props.created is not None and props.created.replace(tzinfo=None).isoformat() == "2023-06-02T00:00:00"
    assert props.modified == props.created


def test_docx_survives_hostile_text() -> None:
    s = make(unit_name="测试县水利局\x01", notes="# 标题\n\n正文 <b>加粗</b>\x0b")
    d = open_docx(s)
    texts = [p.text for p in d.paragraphs]
    assert "# 标题" in texts and "正文 <b>加粗</b>" in texts   # kept literally, as the Markdown shows it
    assert any(HOSTILE in c.text for t in d.tables for row in t.rows for c in row.cells)


def test_markdown_and_docx_share_one_outline() -> None:
    s = make(notes="局里本月开展了检查。", draft_findings=["a.yaml:1:1: 错误 X 消息"])
    text = render_markdown(s, template_dir)
    md_headings = [re.sub(r"^#+ ", "", line) for line in text.splitlines() if line.startswith(("## ", "### "))]
    d = open_docx(s)
    assert md_headings == [p.text for p in d.paragraphs if is_heading(p)]
    for p in d.paragraphs:   # a numbered finding is a Markdown list item: its "1." is not escaped there
        shown = p.text.replace("\n", "") if p.text.replace("\n", "") == TITLE else p.text   # the title's lines
        assert re.sub(r"^(\d+)\\\.", r"\1.", md(shown)) in text, p.text
    for table in d.tables:
        assert "| " + " | ".join(c.text for c in table.rows[0].cells) + " |" in text


# --- the demo county --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo() -> MonthlySummary:
    from shuili_cli.core.figures.figures import Period, compute
    from shuili_cli.core.outputs import summary
    from shuili_cli.core.source.loader import load

    r = load(ROOT / "data-template", today=date(2024, 1, 15))
    per = Period(2023, 5)
    return summary.build(r.repo, compute(r.repo, per), compute(r.repo, summary.comparison_period(per)),
                         date(2023, 6, 2))


def test_demo_county_markdown(demo: MonthlySummary) -> None:
    text = render_markdown(demo, template_dir)
    assert text.startswith(f"# {demo.unit_name}2023年5月安全生产标准化提升专项行动巩固提高工作总结\n")
    for h in demo.headlines:
        assert f"| {h.label} |" in text
    month = Decimal(demo.hazards.closed * 100) / Decimal(demo.hazards.found)
    assert f"整改率{month.quantize(Decimal('0.1'))}%" in text
    assert demo.overdue and all(x.id in text for x in demo.overdue)
    assert demo.notes is not None and md(demo.notes.splitlines()[0]) in text


def test_demo_county_docx(demo: MonthlySummary) -> None:
    d = open_docx(demo)
    rows = d.tables[0].rows
    assert [r.cells[0].text for r in rows[1:]] == [h.label for h in demo.headlines]
    assert rows[-1].cells[1].text == f"{demo.headlines[-1].value:.2f}"
    assert sum(p.text.startswith("截至") for p in d.paragraphs) >= 1


def test_long_listings_are_counted_not_listed() -> None:
    """A county of hundreds of enterprises: the written summary stays readable."""
    actions = [ActionLine(f"ENF-2023-{i:03d}", "2023-05-04", "检查", f"企业{i}", "") for i in range(60)]
    gaps = [Gap(f"企业{i:02d}", "5S", "尚未推行 5S 管理") for i in range(55)]
    text = render_markdown(make(actions=actions, gaps=gaps), template_dir)
    assert "本月共开展执法激励约束行动60次，其中检查60次。行动次数较多，不逐次列出。\n" in text
    assert "shuili" not in text
    assert "ENF-2023-001" not in text
    assert "尚有55家企业未全部完成，下表列出前50家：" in text
    assert "企业49" in text and "企业50" not in text
    assert "ENF-2023-001" not in "\n".join(p.text for p in open_docx(make(actions=actions)).paragraphs)


def test_md_neutralises_links_images_mentions_and_line_breaks() -> None:
    hostile = "渗水\r\r# 已审核通过\u2028![x](https://example.com/p.png) [点这里](javascript:x) @octocat `code`"
    out = md(hostile)
    assert "\r" not in out and "\u2028" not in out and "\n" not in out
    assert "!\\[x\\]\\(https:\u200b//example.com/p.png\\)" in out      # no image, no autolink
    assert "\\[点这里\\]\\(javascript:x\\)" in out                 # no link
    assert "@\u200boctocat" in out                                 # no mention
    assert "\\`code\\`" in out and "\\# 已审核通过" in out
