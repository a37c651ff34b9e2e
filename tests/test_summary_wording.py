"""The wording of the 工作总结 (issue 10 items 14, 15, 16, 18): periods named right, comparisons only
with data, no tool words on paper, and one definition of each hazard count.

The repository below is worked by hand for May 2023 (enterprise a, no records before 2023):

    H1 自查    found 04-10 rectified 05-03   May: rectified (found earlier)      1—5月: found, rectified
    H2 自查    found 05-02 rectified 05-20   May: found and rectified             1—5月: found, rectified
    H3 自查    found 05-15 open              May: found                           1—5月: found
    H4 监管检查 ENF-1 05-08, rectified 06-02  May: found (rectified after May)     1—5月: found
    H5 监管检查 ENF-0 04-25, rectified 05-10  May: rectified (督促整改)            1—5月: found, rectified
    H6 其他    found 05-05 rectified 05-06   in no form column, but in the summary's totals (其他来源)

May: found 2 自查 + 1 执法检查 + 1 其他 = 4; rectified 2 自查整改 (H1, H2) + 1 督促整改 (H5) + 1 其他 (H6)
= 4; of the 4 found, H2 and H6 are rectified by 31 May: 2/4 = 50.0%. 1—5月: found 3 + 2 + 1 = 6;
rectified 2 + 1 + 1 = 4; of the 6 found, H1, H2, H5, H6 rectified by 31 May: 4/6 = 66.7%.
April (the comparison month): 自查 found 1 (H1), 检查 1
(ENF-0), 发现隐患 1 (H5), no fine. 2022: nothing, unless ``OLD_HAZARD`` is added.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
import pytest

from shuili_cli import api
from shuili_cli.core.figures.catalogue import summary_catalogue
from shuili_cli.core.figures.figures import Period
from shuili_cli.core.outputs import annual
from shuili_cli.core.outputs.summary import comparison_period, record_kind, wording
from tests.conftest import MakeRepo, run_cli

TODAY = date(2024, 1, 15)
TEMPLATE = Path(__file__).parents[1] / "data-template"

def hazard(hid: str, found: str, source: str, deadline: str, rectified: str | None = None,
           inspection: str | None = None) -> str:
    """One hazard record in flow style."""
    extra = (f", inspection: {inspection}" if inspection else "") + (
        f", measures: 处理, rectified_on: {rectified}" if rectified else "")
    return (f"  - {{id: {hid}, found_on: {found}, source: {source}, description: 隐患{hid}, grade: 一般, "
            f"responsible: 甲, deadline: {deadline}{extra}}}\n")


HAZARDS = "hazards:\n" + "".join([
    hazard("H1", "2023-04-10", "自查", "2023-05-10", "2023-05-03"),
    hazard("H2", "2023-05-02", "自查", "2023-05-30", "2023-05-20"),
    hazard("H3", "2023-05-15", "自查", "2023-06-30"),
    hazard("H4", "2023-05-08", "监管检查", "2023-06-10", "2023-06-02", inspection="ENF-1"),
    hazard("H5", "2023-04-25", "监管检查", "2023-05-20", "2023-05-10", inspection="ENF-0"),
    hazard("H6", "2023-05-05", "其他", "2023-05-15", "2023-05-06"),
])
ACTIONS = """\
actions:
  - {id: ENF-0, date: 2023-04-25, type: 检查, enterprise: a}
  - {id: ENF-1, date: 2023-05-08, type: 检查, enterprise: a}
"""
OLD_HAZARD = "hazards:\n" + hazard("H0", "2022-03-01", "自查", "2022-03-10", "2022-03-05")


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    return make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS, "bureau/enforcement/2023.yaml": ACTIONS})


def summary_md(root: Path, period: Period, **options: object) -> str:
    pkg = api.monthly_package(root, period, today=TODAY, **options)  # type: ignore[arg-type]
    return next(v for k, v in pkg.files.items() if k.endswith(".md")).decode("utf-8")


def docx_text(data: bytes) -> str:
    d = docx.Document(BytesIO(data))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


# --- item 14: one wording object names the period ---------------------------------------------

def test_wording_of_each_kind_of_summary() -> None:
    month = wording(2023, 5, "month")
    assert (month.this, month.previous, month.span, month.title_period, month.title_suffix, month.no_data) == (
        "本月", "上月", "本月", "2023年5月", "", "上月无可比数据")
    ytd = wording(2023, 5, "ytd")
    assert (ytd.this, ytd.previous, ytd.span, ytd.title_period, ytd.title_suffix, ytd.no_data) == (
        "本期", "上年同期", "1—5月", "", "（2023年1—5月累计）", "上年同期无可比数据")
    assert ytd.flow_note == "（隐患、执法等为1—5月累计数）"
    year = wording(2023, 12, "year")
    assert (year.this, year.previous, year.span, year.title_period, year.title_suffix, year.no_data) == (
        "本年", "上年", "全年", "2023年", "", "上年无可比数据")
    assert wording(2023, 5, "month", date(2023, 5, 20)).title_suffix == "（截至5月20日）"
    assert wording(2023, 5, "ytd", date(2023, 5, 20)).title_suffix == "（2023年1月1日至5月20日累计）"
    assert wording(2023, 1, "ytd").title_suffix == "（2023年1月累计）"
    assert wording(2023, 6, "year", date(2023, 6, 15)).span == "本年截至6月15日"


def test_a_cumulative_period_is_compared_with_the_same_span_last_year() -> None:
    assert comparison_period(Period(2023, 5)) == Period(2023, 4)
    assert comparison_period(Period(2023, 1)) == Period(2022, 12)
    assert comparison_period(Period(2023, 5, ytd=True)) == Period(2022, 5, ytd=True)
    assert comparison_period(Period(2024, 2, ytd=True, partial_end=date(2024, 2, 29))) == Period(
        2023, 2, ytd=True, partial_end=date(2023, 2, 28))


def test_the_ytd_summary_never_says_this_month(repo: Path) -> None:
    text = summary_md(repo, Period(2023, 5, ytd=True))
    assert text.startswith("# 测试县水利局安全生产标准化提升专项行动巩固提高工作总结（2023年1—5月累计）\n")
    assert "| 指标 | 本期 | 上年同期 | 增减 |" in text   # 本期: month-end stocks beside 1—5月 flows
    assert "截至2023年5月31日（隐患、执法等为1—5月累计数），在册企业1家（与上年同期持平）；" in text
    assert "1—5月共开展执法激励约束行动2次，其中检查2次，具体如下：" in text
    assert "本月" not in text and "上月" not in text


def test_the_ytd_docx_says_the_same(repo: Path) -> None:
    pkg = api.monthly_package(repo, Period(2023, 5, ytd=True), today=TODAY)
    text = docx_text(next(v for k, v in pkg.files.items() if k.endswith(".docx")))
    assert text.startswith("测试县水利局\n安全生产标准化提升专项行动\n巩固提高工作总结\n（2023年1—5月累计）\n")
    assert "本期\n上年同期" in text   # the headline table's header cells
    assert "本月" not in text and "上月" not in text


def test_the_annual_summary_says_this_year_and_last(repo: Path) -> None:
    pkg = api.annual_package(repo, annual.year_period(2023, TODAY, partial=False), today=TODAY)
    text = next(v for k, v in pkg.files.items() if k.endswith(".md")).decode("utf-8")
    assert text.startswith("# 测试县水利局2023年安全生产标准化提升专项行动巩固提高工作总结\n")
    assert "| 指标 | 本年 | 上年 | 增减 |" in text
    assert "企业自查隐患3条（上年无可比数据）" in text and "在册企业1家（与上年持平）" in text
    assert "本月" not in text and "上月" not in text and "上年同期" not in text


# --- item 15: no comparison without data ------------------------------------------------------

def test_every_summary_figure_names_the_records_it_counts() -> None:
    shipped = summary_catalogue()
    assert all(record_kind(item.key) is not None for item in shipped.headline + shipped.monthly_table)
    assert record_kind("a2.enf.督促整改隐患") == "supervision" and record_kind("a2.enf.罚款.金额") == "actions"
    assert record_kind("a2.enf.发现隐患") == "supervision" and record_kind("a1.three_lists.self_found") == "self_hazards"
    assert record_kind("a1.four_color.红") == "risks" and record_kind("a9.unknown") is None


def test_a_month_with_records_is_compared_even_when_the_difference_is_zero(repo: Path) -> None:
    text = summary_md(repo, Period(2023, 5))
    assert "企业自查隐患2条（较上月+1）" in text                 # April: H1
    assert "执法检查企业1家次（与上月持平）" in text              # April: ENF-0
    assert "罚款0.00万元（与上月持平）" in text                   # April had actions, none a fine: a real zero
    assert "| 罚款金额（万元） | 0.00 | 0.00 | 持平 |" in text
    assert "红色风险点0处（上月无可比数据）" in text              # no risk point recorded at all
    assert "| 红色风险（处） | 0 | — | 无可比数据 |" in text


@pytest.mark.parametrize(("old", "hazard_text", "hazard_row"), [
    (False, "企业自查隐患3条（上年同期无可比数据）", "| 企业自查隐患数量（条） | 3 | — | 无可比数据 |"),
    (True, "企业自查隐患3条（较上年同期+2）", "| 企业自查隐患数量（条） | 3 | 1 | +2 |"),
])
def test_last_year_without_records_of_a_kind_is_not_compared(make_repo: MakeRepo, old: bool, hazard_text: str,
                                                             hazard_row: str) -> None:
    files = {"enterprises/a/hazards/2023.yaml": HAZARDS, "bureau/enforcement/2023.yaml": ACTIONS}
    if old:
        files["enterprises/a/hazards/2022.yaml"] = OLD_HAZARD
    text = summary_md(make_repo(files), Period(2023, 5, ytd=True))
    assert hazard_text in text and hazard_row in text
    assert "执法检查企业2家次（上年同期无可比数据）" in text       # no action in 2022 either way
    assert "较上年同期+2）；" not in text.split("企业自查隐患")[0]   # nothing before it compared with zero
    # a 2022 自查 hazard makes 自查 comparable, not what enforcement found (review item 1)
    assert "执法检查发现隐患2条（上年同期无可比数据）；督促整改隐患1条（上年同期无可比数据）" in text
    assert "| 执法检查发现隐患（条） | 2 | — | 无可比数据 |" in text


@pytest.mark.parametrize(("old_2022", "found_text"), [
    ("bureau/enforcement/2022.yaml", "执法检查发现隐患2条（较上年同期+2）；督促整改隐患1条（较上年同期+1）"),
    ("enterprises/a/hazards/2022.yaml", "执法检查发现隐患2条（较上年同期+1）；督促整改隐患1条（较上年同期+1）"),
])
def test_supervision_hazards_are_compared_with_a_year_of_enforcement(make_repo: MakeRepo, old_2022: str,
                                                                     found_text: str) -> None:
    """An inspection without findings in 2022, or a 监管检查 hazard then, makes 2022's zeros real."""
    files = {"enterprises/a/hazards/2023.yaml": HAZARDS, "bureau/enforcement/2023.yaml": ACTIONS,
             old_2022: ("actions:\n  - {id: ENF-9, date: 2022-04-01, type: 检查, enterprise: a}\n"
                        if "enforcement" in old_2022 else
                        "hazards:\n" + hazard("H9", "2022-04-01", "监管检查", "2022-04-20", inspection="ENF-9"))}
    if "hazards" in old_2022:
        files["bureau/enforcement/2022.yaml"] = "actions:\n  - {id: ENF-9, date: 2022-04-01, type: 检查, enterprise: a}\n"
    text = summary_md(make_repo(files), Period(2023, 5, ytd=True))
    assert found_text in text


# --- item 18: the rectified counts of the text are the table's --------------------------------

def test_hazard_counts_agree_with_the_table_worked_by_hand(repo: Path) -> None:
    text = summary_md(repo, Period(2023, 5))
    assert ("本月发现隐患4条（企业自查2条、执法检查发现1条、其他来源1条），整改隐患4条（企业自查整改2条、督促整改1条、"
            "其他来源1条，按整改日期统计，不论何时发现）。本月发现的4条隐患中，截至2023年5月31日已整改2条，整改率50.0%，"
            "尚有2条未整改。本年1—5月发现隐患6条（企业自查3条、执法检查发现2条、其他来源1条），整改隐患4条（企业自查整改2条、"
            "督促整改1条、其他来源1条，按整改日期统计，不论何时发现）。本年1—5月发现的6条隐患中，截至2023年5月31日已整改4条，"
            "整改率66.7%，尚有2条未整改。") in text
    # the table's rows are the labelled parts of those sums (其他来源 is in no form column)
    for row in ("| 企业自查隐患数量（条） | 2 |", "| 企业自查整改隐患数量（条） | 2 |", "| 执法检查发现隐患（条） | 1 |",
                "| 督促整改隐患（条） | 1 |"):
        assert row in text


def test_without_other_hazards_the_breakdown_names_no_other_source(make_repo: MakeRepo) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS.replace(hazard("H6", "2023-05-05", "其他", "2023-05-15",
                                                                                 "2023-05-06"), ""),
                      "bureau/enforcement/2023.yaml": ACTIONS})
    text = summary_md(root, Period(2023, 5))
    assert "本月发现隐患3条（企业自查2条、执法检查发现1条），整改隐患3条（企业自查整改2条、督促整改1条，" in text
    assert "其他来源" not in text


def test_the_demo_county_text_and_table_agree() -> None:
    """The issue's example: 整改23条 in the text against 15 + 16 = 31 in the table; and the one 其他
    hazard of May (shangyang-hydro H-2023-009), which the totals count since the review (36 + 1 = 37 before)."""
    text = summary_md(TEMPLATE, Period(2023, 5))
    assert "| 企业自查整改隐患数量（条） | 15 |" in text and "| 督促整改隐患（条） | 16 |" in text
    assert "整改隐患32条（企业自查整改15条、督促整改16条、其他来源1条，按整改日期统计，不论何时发现）" in text
    assert "| 企业自查隐患数量（条） | 20 |" in text and "| 执法检查发现隐患（条） | 17 |" in text
    assert "本月发现隐患38条（企业自查20条、执法检查发现17条、其他来源1条）" in text
    assert "本月发现的38条隐患中，截至2023年5月31日已整改24条，整改率63.2%" in text


# --- item 16: no tool words on paper; the console says them -----------------------------------

TOOL_WORDS = re.compile(r"shuili|bureau/|\.md\b|\.yaml\b|\ba[12]\.[a-z_]+|explain")


@pytest.mark.parametrize("period", [Period(2023, 5), Period(2023, 5, ytd=True)])
def test_no_tool_words_in_the_monthly_papers(make_repo: MakeRepo, period: Period) -> None:
    many = "actions:\n" + "".join(
        f"  - {{id: ENF-{i}, date: 2023-05-{1 + i % 28:02d}, type: 检查, enterprise: a}}\n" for i in range(60))
    root = make_repo({"bureau/enforcement/2023.yaml": many})
    pkg = api.monthly_package(root, period, today=TODAY)
    for name, data in pkg.files.items():
        if name.endswith((".md", ".docx")):
            text = data.decode("utf-8") if name.endswith(".md") else docx_text(data)
            assert not TOOL_WORDS.search(text), (name, TOOL_WORDS.search(text))
            assert "局工作情况" not in text   # no notes: an official paper leaves the section out
    assert pkg.notices == [
        "1—5月累计的工作总结不收录单月的 bureau/notes/2023-05.md，略去了“局工作情况”一节；需要时请在生成的 .docx 中补写。"
        if period.ytd else
        "未找到 bureau/notes/2023-05.md：工作总结略去了“局工作情况”一节；写好该文件后重新运行 shuili report --month 2023-05。",
        "执法行动共60次，超过50次，工作总结只写各类次数；逐次记录可用 shuili explain 查看"
        "（如 shuili explain a2.enf.检查）。",
    ]


def test_no_tool_words_in_the_annual_paper(repo: Path) -> None:
    pkg = api.annual_package(repo, annual.year_period(2023, TODAY, partial=False), today=TODAY)
    for name, data in pkg.files.items():
        if name.endswith((".md", ".docx")):
            text = data.decode("utf-8") if name.endswith(".md") else docx_text(data)
            assert not TOOL_WORDS.search(text), name
            assert "局全年工作情况" not in text
    assert pkg.notices[0] == (   # the notices of the year-end sections follow
        "未找到 bureau/notes/2023.md：工作总结略去了“局全年工作情况”一节；写好该文件后重新运行 shuili summary --year 2023。")


def test_a_draft_marks_the_missing_notes(repo: Path) -> None:
    pkg = api.monthly_package(repo, Period(2023, 5), today=TODAY, draft=True)
    text = next(v for k, v in pkg.files.items() if k.endswith(".md")).decode("utf-8")
    assert "## 六、局工作情况\n\n【草稿：此处待补充局工作情况】\n" in text
    assert "【草稿：此处待补充局工作情况】" in docx_text(next(v for k, v in pkg.files.items() if k.endswith(".docx")))
    assert pkg.notices == ["未找到 bureau/notes/2023-05.md：工作总结在“局工作情况”一节标出了待补充的位置；"
                           "写好该文件后重新运行 shuili report --month 2023-05 --draft。"]


def test_present_notes_give_no_notice(make_repo: MakeRepo) -> None:
    root = make_repo({"bureau/notes/2023-05.md": "本月开展了汛前检查。\n"})
    pkg = api.monthly_package(root, Period(2023, 5), today=TODAY)
    assert pkg.notices == []
    assert "## 六、局工作情况\n\n本月开展了汛前检查。\n" in next(
        v for k, v in pkg.files.items() if k.endswith(".md")).decode("utf-8")


def test_report_prints_the_notices_on_stderr_and_exits_0(repo: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["--today", "2024-01-15", "report", "--repo", str(repo), "--out", str(tmp_path / "o"),
                              "--month", "2023-05"], capsys)
    assert code == 0, err
    assert ("注意：未找到 bureau/notes/2023-05.md：工作总结略去了“局工作情况”一节；写好该文件后重新运行 "
            "shuili report --month 2023-05。" in err.splitlines())
    assert "bureau/notes" not in out


def test_cut_listings_are_said_on_the_console_only() -> None:
    from shuili_cli.render.documents import notices, render_markdown
    from tests.test_documents import make, template_dir

    s = make(overdue_total=75, notes="本月开展了检查。")
    assert notices(s) == ["超期未整改隐患共75条，工作总结只列出超期最长的3条；全部可用 shuili alerts 查看。"]
    assert "共有超期未整改隐患75条" in render_markdown(s, template_dir)
    assert notices(make(notes="本月开展了检查。")) == []
    assert notices(make(partial=True, end="2023-05-20", notes=None)) == [   # a month's notes are not read for part of it
        "截至5月20日的临时工作总结不收录整月的 bureau/notes/2023-05.md，略去了“局工作情况”一节；"
        "月末后去掉 --partial 重新运行 shuili report --month 2023-05 即可收录。"]


def test_the_console_table_says_no_comparable_data_too() -> None:
    from rich.console import Console

    from shuili_cli.core.outputs.summary import Headline
    from shuili_cli.render.terminal import print_report

    console = Console(width=80, record=True, color_system=None)
    print_report(console, "t", [Headline("a1.x", "自查隐患数量（条）", "条", 112, 0, comparable=False),
                                Headline("a1.y", "红色风险（处）", "处", 9, 9)], [])
    rows = [line for line in console.export_text().splitlines() if "（" in line]
    assert [r.replace("│", " ").split() for r in rows] == [["自查隐患数量（条）", "112", "—", "无可比数据"],
                                                         ["红色风险（处）", "9", "9", "持平"]]


def test_hazards_written_on_one_line_are_each_closed_once(make_repo: MakeRepo) -> None:
    """Contributions name a hazard by (file, line): two hazards in one flow list share the line, and
    both rectified count 2 closed of 2 found, never 4 (the streaming tally of issue 13 once said 4)."""
    from shuili_cli.core.figures.figures import compute
    from shuili_cli.core.outputs.summary import tally
    from shuili_cli.core.source.loader import load

    one_line = ("hazards: [{id: H1, found_on: 2023-05-03, source: 自查, description: 护栏缺失, grade: 一般, "
                "responsible: 陈, deadline: 2023-05-20, measures: 修复, rectified_on: 2023-05-15, "
                "verified_on: 2023-05-16, verified_by: 王}, "
                "{id: H2, found_on: 2023-05-04, source: 自查, description: 标识缺失, grade: 一般, "
                "responsible: 陈, deadline: 2023-05-20, measures: 补设, rectified_on: 2023-05-16, "
                "verified_on: 2023-05-17, verified_by: 王}]\n")
    root = make_repo({"enterprises/a/hazards/2023.yaml": one_line})
    loaded = load(root, today=date(2024, 1, 15), use_cache=False)
    assert not [f for f in loaded.findings if f.is_error]
    t = tally(loaded.repo, compute(loaded.repo, Period(2023, 5)))
    assert (t.found_self, t.rectified_self, t.closed) == (2, 2, 2)
