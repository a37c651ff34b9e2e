"""The year-end package's 月度趋势 sheet and charts, the campaign's phases, 典型经验 and the HTML overview.

The fixture year 2023 (``FILES``), worked out by hand:

- 甲水库 (a): 省标三级 since 2021, 省标二级 from 2023-06-15 (a grade improved); a 县级 标杆 on 2023-03-20
  (in force on 31 March) and a 市级 精品 of 2022 (in force, not of this year); 责任制 on 2023-02-10;
  risk points 红 (1 Jan), 橙 (15 Mar), 蓝 (1 Jan, retired 1 Jun: gone at the end of June);
  hazards: self-found 10 Jan (rectified 5 Feb), 3 Mar (rectified 20 Mar), 28 Mar (open);
  found at inspection ENF-1 on 4 May (rectified 2 Jun); rated 红 on 1 Mar, 橙 on 1 Sep.
- b, named with HTML (``HOSTILE``): 地标自评 since 2022, 地标达标 from 2023-11-20 (improved); a 乡级 标杆 of
  15 Apr revoked 1 Sep (not listed) and a 县级 精品 of 8 Aug; a 黄 risk point from 15 Feb; rated 蓝.
- 丙供水站 (c): 国标自评 from 2023-05-01 (a self-assessment is not an improved grade); a 市级 标杆 awarded
  on 31 December, the last day counted.

Hazards found per month (self-found + found at inspections): 1 0 2 0 1 0 0 0 0 0 0 0 (4 in the year);
rectified: 0 1 1 0 0 1 0 … (3). Risk points at each month's end: 红 1 all year; 橙 from March; 黄 from
February; 蓝 until May. Overall ratings on 31 December: 红 0, 橙 1, 黄 0, 蓝 1, 未评定 1 (c).
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from shuili_cli import api
from shuili_cli.core.figures.catalogue import CatalogueError, summary_catalogue, templates_dir
from shuili_cli.core.figures.figures import Period, compute
from shuili_cli.core.outputs import annual
from shuili_cli.core.source.loader import load
from shuili_cli.render import svg_charts
from shuili_cli.render.annual import SECTIONS, notices, render_annual_docx, render_annual_markdown
from shuili_cli.render.annual_html import render_overview

HOSTILE = '<script>alert(1)</script></svg><a href="javascript:alert(2)">乙</a>'
TODAY = date(2024, 1, 15)
NS = "{http://www.w3.org/1999/xhtml}"


def _enterprise(ident: str, name: str, extra: str) -> str:
    return textwrap.dedent(f"""\
        id: {ident}
        name: '{name}'
        credit_code: 91110000600037341L
        kind: 企业
        scale: 规上企业
        industry: 水库管理
        """) + textwrap.dedent(extra)


def _risk(ident: str, color: str, on: str, retired: str = "") -> str:
    end = f", retired_on: {retired}" if retired else ""
    return (f"  - {{id: {ident}, name: 点{ident}, category: 设备设施, assessment: {{method: 直接判定, basis: 经验}},"
            f" color: {color}, controls: [巡查], responsible: 甲, identified_on: {on}{end}}}\n")


FILES = {
    "shuili.yaml": "schema_version: 1\nunit: {name: 测试县水利局, type: 县（市、区）, region: 测试县}\n",
    "enterprises/a/enterprise.yaml": _enterprise("a", "甲水库", """\
        standardization:
          - {standard: 省标, grade: 三级, effective_on: 2021-05-01, expires_on: 2024-04-30}
          - {standard: 省标, grade: 二级, effective_on: 2023-06-15, expires_on: 2026-06-14}
        benchmarks:
          - {level: 县级, awarded_on: 2023-03-20}
        premium:
          - {level: 市级, awarded_on: 2022-11-01}
        responsibility_system: {established_on: 2023-02-10}
        """),
    "enterprises/a/risks.yaml": "risk_points:\n" + _risk("R-1", "红", "2023-01-01")
    + _risk("R-2", "橙", "2023-03-15") + _risk("R-3", "蓝", "2023-01-01", "2023-06-01"),
    "enterprises/a/hazards/2023.yaml": """\
        hazards:
          - {id: H-1, found_on: 2023-01-10, source: 自查, description: 栏杆松动, grade: 一般, responsible: 甲,
             deadline: 2023-01-31, measures: 紧固, rectified_on: 2023-02-05}
          - {id: H-2, found_on: 2023-03-03, source: 自查, description: 标志褪色, grade: 一般, responsible: 甲,
             deadline: 2023-03-31, measures: 更换, rectified_on: 2023-03-20}
          - {id: H-3, found_on: 2023-03-28, source: 自查, description: 护栏缺失, grade: 一般, responsible: 甲,
             deadline: 2023-04-30}
          - {id: H-4, found_on: 2023-05-04, source: 监管检查, inspection: ENF-1, description: 台账不全, grade: 一般,
             responsible: 乙, deadline: 2023-06-30, measures: 补齐, rectified_on: 2023-06-02}
        """,
    "enterprises/b/enterprise.yaml": _enterprise("b", HOSTILE, """\
        standardization:
          - {standard: 地标, grade: 自评, effective_on: 2022-09-01}
          - {standard: 地标, grade: 达标, effective_on: 2023-11-20, expires_on: 2026-11-19}
        benchmarks:
          - {level: 乡级, awarded_on: 2023-04-15, revoked_on: 2023-09-01}
        premium:
          - {level: 县级, awarded_on: 2023-08-08}
        """),
    "enterprises/b/risks.yaml": "risk_points:\n" + _risk("R-1", "黄", "2023-02-15"),
    "enterprises/c/enterprise.yaml": _enterprise("c", "丙供水站", """\
        standardization:
          - {standard: 国标, grade: 自评, effective_on: 2023-05-01}
        benchmarks:
          - {level: 市级, awarded_on: 2023-12-31}
        """),
    "bureau/enforcement/2023.yaml": "actions:\n  - {id: ENF-1, date: 2023-05-04, type: 检查, enterprise: a}\n",
    "bureau/assessments.yaml": """\
        assessments:
          - {enterprise: a, assessed_on: 2023-03-01, color: 红}
          - {enterprise: a, assessed_on: 2023-09-01, color: 橙}
          - {enterprise: b, assessed_on: 2023-04-10, color: 蓝}
        """,
}

FOUND = [1, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]
RECTIFIED = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
RED = [1] * 12
ORANGE = [0, 0] + [1] * 10
YELLOW = [0] + [1] * 11
BLUE = [1] * 5 + [0] * 7
# The sheet's columns: A 月份, B… the 18 headline figures of summary.yaml (红 … 蓝 the 7th to 10th: H to K),
# then T 隐患合计 发现 and U 隐患合计 整改.
COLUMN = {"a1.enterprises.total": "B", "a1.four_color.红": "H", "a1.four_color.橙": "I", "a1.four_color.黄": "J",
          "a1.four_color.蓝": "K", "found": "T", "rectified": "U"}


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("annual") / "repo", FILES)


@pytest.fixture(scope="module")
def package(repo: Path) -> api.Package:
    pkg = api.annual_package(repo, annual.year_period(2023, TODAY, partial=False), today=TODAY)
    assert pkg.problems == []
    return pkg


def _file(pkg: api.Package, suffix: str) -> bytes:
    return next(data for name, data in pkg.files.items() if name.endswith(suffix))


def _summary(repo: Path, per: Period) -> annual.AnnualSummary:
    return annual.build(load(repo, today=TODAY).repo, per, TODAY)[0]


# ----------------------------------------------------------------- the 月度趋势 sheet


def test_package_files(package: api.Package) -> None:
    assert sorted(package.files) == ["figures.json", "测试县水利局-2023年度-月报表（1-12月累计）.xlsx",
                                     "测试县水利局-2023年度图表.html", "测试县水利局-2023年度工作总结.docx",
                                     "测试县水利局-2023年度工作总结.md"]


def test_trend_sheet_rows_are_the_months(package: api.Package, repo: Path) -> None:
    wb = load_workbook(BytesIO(_file(package, ".xlsx")))
    assert wb.sheetnames == ["附件1", "附件2", "月度趋势"]
    ws = wb["月度趋势"]
    headline = summary_catalogue().headline
    assert [ws.cell(1, c).value for c in range(1, 22)] == [
        "月份", *(h.label for h in headline), "隐患合计 发现（条）", "隐患合计 整改（条）"]
    assert [ws[f"A{r}"].value for r in range(2, 15)] == [f"{m}月" for m in range(1, 13)] + ["合计/年末"]
    for key, expected in (("found", FOUND), ("rectified", RECTIFIED), ("a1.four_color.红", RED),
                          ("a1.four_color.橙", ORANGE), ("a1.four_color.黄", YELLOW), ("a1.four_color.蓝", BLUE),
                          ("a1.enterprises.total", [3] * 12)):
        cells = [ws[f"{COLUMN[key]}{r}"] for r in range(2, 14)]
        assert [c.value for c in cells] == expected, key
        assert {c.data_type for c in cells} == {"n"}
    # 合计/年末: flows summed, stocks at the year's end
    assert [ws[f"{COLUMN[k]}14"].value for k in ("found", "rectified", "a1.four_color.橙", "a1.four_color.蓝")] == [
        4, 3, 1, 0]
    # every headline column is the figures engine's value of that month
    root = load(repo, today=TODAY).repo
    for m in range(1, 13):
        values = compute(root, Period(2023, m)).values
        assert [ws.cell(1 + m, 2 + i).value for i in range(len(headline))] == [
            float(values[h.key]) if h.key == "a2.enf.罚款.金额" else values[h.key] for h in headline], m
    assert ws["S2"].number_format == "0.00" and ws["B2"].number_format == "0"
    assert [(ws[f"A{r}"].value, ws[f"B{r}"].value) for r in range(17, 22)] == [
        ("整体风险等级（年末）", "企业（家）"), ("红色", 0), ("橙色", 1), ("黄色", 0), ("蓝色", 1)]


def test_forms_before_the_trend_sheet_are_unchanged(package: api.Package, repo: Path) -> None:
    loaded = api.load(repo, TODAY, draft=False)
    fig = compute(loaded.result.repo, Period(2023, 12, ytd=True))
    plain = load_workbook(BytesIO(api.workbook(fig, loaded.settings, TODAY, [])))
    with_trend = load_workbook(BytesIO(_file(package, ".xlsx")))
    for name in ("附件1", "附件2"):
        a, b = plain[name], with_trend[name]
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert a.freeze_panes == b.freeze_panes and a.print_title_rows == b.print_title_rows
        assert a.page_setup.orientation == b.page_setup.orientation == "landscape"
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for x, y in zip(row_a, row_b, strict=True):
                assert (x.value, x.data_type, x.number_format, *map(repr, (x.font, x.border, x.alignment))) == (
                    y.value, y.data_type, y.number_format, *map(repr, (y.font, y.border, y.alignment))), x.coordinate
        assert {k: d.height for k, d in a.row_dimensions.items()} == {k: d.height for k, d in b.row_dimensions.items()}
        assert {k: d.width for k, d in a.column_dimensions.items()} == {
            k: d.width for k, d in b.column_dimensions.items()}


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _charts(pkg: api.Package) -> list[ET.Element]:
    with zipfile.ZipFile(BytesIO(_file(pkg, ".xlsx"))) as z:
        return [ET.fromstring(z.read(f"xl/charts/chart{i}.xml")) for i in (1, 2, 3)]


def _refs(chart: ET.Element, tag: str) -> list[str]:
    """The cell ranges of each series' values (``val``), categories (``cat``) or name (``tx``)."""
    return [f.text or "" for ser in chart.iter(f"{C}ser") for part in ser.findall(f"{C}{tag}") for f in part.iter(f"{C}f")]


def _val(chart: ET.Element, tag: str) -> list[str | None]:
    return [e.get("val") for e in chart.iter(f"{C}{tag}")]


def _text(chart: ET.Element) -> list[str]:
    """The chart title, then the axis titles."""
    return ["".join(t.text or "" for t in title.iter(f"{A}t")) for title in chart.iter(f"{C}title")]


def test_chart_types_groupings_and_ranges(package: api.Package) -> None:
    hazards, risks, ratings = _charts(package)
    for chart in (hazards, risks, ratings):
        assert len(list(chart.iter(f"{C}barChart"))) == 1 and _val(chart, "barDir") == ["col"]
        assert _val(chart, "delete") == ["0", "0"]   # both axes shown
    assert _val(hazards, "grouping") == ["clustered"]
    assert _text(hazards) == ["各月隐患发现与整改", "月份", "隐患（条）"]
    assert _refs(hazards, "val") == ["'月度趋势'!$T$2:$T$13", "'月度趋势'!$U$2:$U$13"]
    assert _refs(hazards, "cat") == ["'月度趋势'!$A$2:$A$13"] * 2
    assert _refs(hazards, "tx") == ["'月度趋势'!T1", "'月度趋势'!U1"]
    assert _val(risks, "grouping") == ["stacked"] and _val(risks, "overlap") == ["100"]
    assert _text(risks) == ["各月末四色安全风险点", "月份", "风险点（处）"]
    assert _refs(risks, "val") == [f"'月度趋势'!${c}$2:${c}$13" for c in "HIJK"]
    fills = [ser.find(f"{C}spPr/{A}solidFill/{A}srgbClr") for ser in risks.iter(f"{C}ser")]
    assert [f.get("val") for f in fills if f is not None] == ["D7191C", "F07C1A", "F2C200", "2B6CB0"]
    assert _text(ratings) == ["企业整体安全风险等级", "整体风险等级", "企业（家）"]
    assert _refs(ratings, "val") == ["'月度趋势'!$B$18:$B$22"]
    assert _refs(ratings, "cat") == ["'月度趋势'!$A$18:$A$22"]
    points = [p.find(f"{C}spPr/{A}solidFill/{A}srgbClr") for p in ratings.iter(f"{C}dPt")]
    assert [p.get("val") for p in points if p is not None] == ["D7191C", "F07C1A", "F2C200", "2B6CB0", "8A8F98"]


def test_workbook_is_reproducible(repo: Path, package: api.Package) -> None:
    again = api.annual_package(repo, annual.year_period(2023, TODAY, partial=False), today=TODAY)
    assert again.files == package.files


def test_partial_year_leaves_later_months_empty(repo: Path) -> None:
    per = annual.year_period(2023, date(2023, 8, 15), partial=True)
    t = annual.trend(_summary(repo, per))
    assert [r.values is None for r in t.rows] == [False] * 8 + [True] * 4
    assert t.series(annual.HAZARDS_FOUND) == [*FOUND[:8], None, None, None, None]
    assert t.totals[[k for k, _, _ in t.columns].index(annual.HAZARDS_FOUND)] == 4
    assert t.ratings == (("红", 1), ("橙", 0), ("黄", 0), ("蓝", 1), ("未评定", 1))   # a: 红 until 1 Sep; c: unrated
    from shuili_cli.render.annual_xlsx import add_trend_sheet

    ws = load_workbook(BytesIO(add_trend_sheet(api.workbook(compute(load(repo, today=TODAY).repo, per), None,
                                                            TODAY, []), t, TODAY)))["月度趋势"]
    assert ws["A9"].value == "8月（截至8月15日）" and ws["A10"].value == "9月"
    assert ws["T10"].value is None and ws["T13"].value is None and ws["T9"].value == 0
    assert "9—12月尚未到来，未填数字。" in ws["A15"].value
    assert ws["A17"].value == "整体风险等级（截至8月15日）"


# ----------------------------------------------------------------- phases and 典型经验


def test_phases_as_of_their_deadlines(repo: Path) -> None:
    s = _summary(repo, annual.year_period(2023, TODAY, partial=False))
    got = [(p.name, p.deadline, p.due, [(f.label, f.value) for f in p.figures]) for p in s.phases]
    assert got == [
        ("前期准备", "2023-02-28", True, [("编制全员安全生产责任制及考核清单的企业", 1), ("健全“三张清单”的企业", 0)]),
        ("标杆提升", "2023-03-31", True, [("标杆单位", 1), ("精品单位", 1), ("示范岗位", 0)]),
        ("全面推进", "2023-10-31", True, [("实行四色安全风险分级管控的企业", 2), ("强化“5S”现场管理的企业", 0),
                                          ("完善“六有”可视化警示标识的企业", 0)]),
        ("总结完善", "2023-12-31", True, [("达标定级的企业（不含自评）", 2), ("企业自查和执法检查发现隐患", 4),
                                          ("企业自查和执法检查整改隐患", 3)]),
    ]
    text = render_annual_markdown(s, templates_dir())
    assert ("| 标杆提升 | 2023年3月底前 | 总结经验做法，遴选标准化运行良好的单位，树立典型示范 | "
            "标杆单位1家；精品单位1家；示范岗位0个 |") in text
    assert "| 达标定级的企业（不含自评）2家；全年企业自查和执法检查发现隐患4条；全年企业自查和执法检查整改隐患3条 |" in text


def test_phases_not_yet_due_in_a_partial_year(repo: Path) -> None:
    s = _summary(repo, annual.year_period(2023, date(2023, 8, 15), partial=True))
    assert [(p.name, p.due, p.as_of) for p in s.phases][2:] == [("全面推进", False, "2023-08-15"),
                                                               ("总结完善", False, "2023-08-15")]
    assert [f.value for f in s.phases[3].figures] == [1, 4, 3]   # b's 地标达标 comes in November
    text = render_annual_markdown(s, templates_dir())
    assert ("| 尚未到完成时限。截至2023年8月15日，达标定级的企业（不含自评）1家；1—8月企业自查和执法检查发现隐患4条；"
            "1—8月企业自查和执法检查整改隐患3条 |") in text


def test_phases_file_is_checked() -> None:
    good = "phases:\n  - {name: 甲, month: 2, task: 乙, figures: [{label: 丙, keys: [a1.benchmark.*]}]}\n"
    assert annual.load_phases(good, "p.yaml")[0].figures[0].keys[:2] == ("a1.benchmark.市级.规上企业",
                                                                        "a1.benchmark.县级.规上企业")
    with pytest.raises(CatalogueError, match=r"p.yaml: 工作阶段有误：phases.0.figures.0.keys: 键 a1.nope 不在栏目目录中"):
        annual.load_phases(good.replace("a1.benchmark.*", "a1.nope"), "p.yaml")
    with pytest.raises(CatalogueError, match="各键须同为存量或同为流量、单位相同"):
        annual.load_phases(good.replace("a1.benchmark.*", "a1.five_s, a2.enf.检查"), "p.yaml")
    with pytest.raises(CatalogueError, match="month: 应不大于 12"):
        annual.load_phases(good.replace("month: 2", "month: 13"), "p.yaml")
    assert [p.month for p in annual.phases()] == [2, 3, 10, 12]


def test_typical_experience_names(repo: Path) -> None:
    s = _summary(repo, annual.year_period(2023, TODAY, partial=False))
    assert [(a.enterprise, a.kind, a.level, a.awarded_on) for a in s.awards] == [
        ("甲水库", "标杆", "县级", "2023-03-20"), (HOSTILE, "精品", "县级", "2023-08-08"),
        ("丙供水站", "标杆", "市级", "2023-12-31")]
    assert [(g.enterprise, g.before, g.after, g.since) for g in s.improved] == [
        (HOSTILE, "地标自评", "地标达标", "2023-11-20"), ("甲水库", "省标三级", "省标二级", "2023-06-15")]
    text = render_annual_markdown(s, templates_dir())
    assert "全年新评定标杆单位2家、精品单位1家，具体如下：" in text
    assert "| 丙供水站 | 标杆 | 市级 | 2023年12月31日 |" in text
    assert "| 甲水库 | 省标三级 | 省标二级 | 2023年6月15日 |" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    d = docx.Document(BytesIO(render_annual_docx(s)))
    texts = [p.text for p in d.paragraphs]
    assert SECTIONS["experience"] in texts and "全年有2家企业标准化达标定级等级提升，具体如下：" in texts
    improved = next(t for t in d.tables if t.rows[0].cells[1].text == "年初等级")
    assert [[c.text for c in r.cells] for r in improved.rows][1:] == [
        [HOSTILE, "地标自评", "地标达标", "2023年11月20日"], ["甲水库", "省标三级", "省标二级", "2023年6月15日"]]
    assert not any("典型经验" in line for line in notices(s))


def test_grade_order() -> None:
    from shuili_cli.core.figures.facts import StandardRecord

    def rank(standard: str, grade: str) -> tuple[int, int]:
        return annual.grade_rank(StandardRecord(standard, grade, "2023-01-01", None, 1))  # type: ignore[arg-type]

    order = [annual.grade_rank(None), rank("省标", "自评"), rank("地标", "达标"), rank("省标", "三级"),
             rank("国标", "三级"), rank("省标", "二级"), rank("国标", "二级"), rank("省标", "一级"), rank("国标", "一级")]
    assert order == sorted(order) and len(set(order)) == len(order)
    assert rank("国标", "自评") == rank("地标", "自评")


def test_nothing_to_show_is_said_on_paper_and_the_console(tmp_path: Path) -> None:
    root = _write(tmp_path / "r", {"shuili.yaml": FILES["shuili.yaml"],
                                   "enterprises/c/enterprise.yaml": _enterprise("c", "丙供水站", "")})
    s = _summary(root, annual.year_period(2023, TODAY, partial=False))
    text = render_annual_markdown(s, templates_dir())
    assert "全年没有新评定的标杆、精品单位。" in text and "全年没有标准化达标定级等级提升的企业。" in text
    assert "bureau/" not in text.split("## 八、典型经验")[1]
    assert notices(s)[-1] == ("“八、典型经验”一节：数据中全年没有新评定的标杆、精品单位，也没有等级提升的企业；"
                              "典型经验做法请写进局全年工作情况（bureau/notes/2023.md）")


# ----------------------------------------------------------------- the HTML overview


def _page(pkg: api.Package) -> tuple[str, ET.Element]:
    text = _file(pkg, "年度图表.html").decode("utf-8")
    return text, ET.fromstring(text.replace('<html lang="zh-CN">', f'<html xmlns="{NS[1:-1]}" lang="zh-CN">', 1))


def _svg(root: ET.Element, cls: str) -> ET.Element:
    return next(e for e in root.iter("{http://www.w3.org/2000/svg}svg") if cls in e.get("class", "").split())


def test_overview_is_well_formed_and_escaped(package: api.Package) -> None:
    text, root = _page(package)
    assert "<script" not in text and 'href="javascript' not in text
    assert HOSTILE in "".join(root.itertext())       # the name is shown, as text
    for el in root.iter():
        assert el.tag.split("}")[-1] not in ("script", "iframe", "object", "embed", "link", "img"), el.tag
        assert not any(name.startswith("on") or name in ("href", "src") for name in el.attrib), el.attrib
    assert "@page { size: A4" in text
    assert [t.text for t in root.iter(f"{NS}h2")] == ["一、月度趋势", "二、各阶段工作完成情况", "三、典型经验"]


def test_overview_charts_draw_the_figures(package: api.Package) -> None:
    _, root = _page(package)
    svg = "{http://www.w3.org/2000/svg}"
    bars = [r for r in _svg(root, "bars").iter(f"{svg}rect") if r.get("class") == "bar"]
    assert [b.get("data-value") for b in bars] == ["0", "1", "0", "1", "1"]
    assert [float(b.get("height", "")) for b in bars] == svg_charts.bar_heights([0, 1, 0, 1, 1], svg_charts.BAR_PLOT) == [
        0, 120, 0, 120, 120]
    assert [b.get("fill") for b in bars] == [*(svg_charts.PALETTE[c] for c in "红橙黄蓝"), svg_charts.GREY]
    stacked = [r.get("data-value") for r in _svg(root, "stacked").iter(f"{svg}rect") if r.get("class") == "bar"]
    assert stacked == [str(v) for m in range(12) for v in (RED[m], ORANGE[m], YELLOW[m], BLUE[m])]
    points = [c.get("data-value") for c in _svg(root, "line").iter(f"{svg}circle") if c.get("class") == "point"]
    assert points == [str(v) for v in FOUND + RECTIFIED]
    rows = [[td.text for td in tr.iter(f"{NS}td")] for tr in root.iter(f"{NS}tr")][1:13]
    assert rows[2] == ["3月", "2", "1", "1", "1", "1", "1"]


def test_overview_alone(repo: Path) -> None:
    s = _summary(repo, annual.year_period(2023, date(2023, 8, 15), partial=True))
    page = render_overview(s, annual.trend(s), templates_dir())
    assert "统计截至2023年8月15日" in page and "<td>8月（截至8月15日）</td>" in page
    assert "<tr><td>9月</td><td></td>" in page


def test_the_trend_counts_hazards_of_every_source() -> None:
    """The 隐患合计 columns count every hazard found / rectified in the month, source 其他 included:
    counted here straight from the demo repository's YAML, not through the figures engine."""
    import yaml as pyyaml

    from shuili_cli import api as shuili_api
    from shuili_cli.core.figures.figures import Period as FigPeriod
    from shuili_cli.core.outputs import annual as annual_core

    root = Path(__file__).resolve().parent.parent / "data-template"
    found = [0] * 12
    rectified = [0] * 12
    sources = set()
    for path in sorted(root.glob("enterprises/*/hazards/*.yaml")):
        for h in pyyaml.safe_load(path.read_text(encoding="utf-8"))["hazards"]:
            sources.add(h["source"])
            for day, tally in ((h.get("found_on"), found), (h.get("rectified_on"), rectified)):
                if day is not None and day.year == 2023:
                    tally[day.month - 1] += 1
    assert "其他" in sources   # the demo has a hazard of source 其他, so the test can fail
    repo = shuili_api.load(root, date(2024, 1, 15), draft=True).result.repo
    content, _ = annual_core.build(repo, FigPeriod(2023, 12, ytd=True), date(2024, 1, 15))
    t = annual_core.trend(content)
    assert [row.values[-2] for row in t.rows if row.values] == found
    assert [row.values[-1] for row in t.rows if row.values] == rectified
