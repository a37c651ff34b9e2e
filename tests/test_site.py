"""``shuili site`` on a small hand-built repository; every expected number was worked out by hand.

The repository (D = 2023-12-31, so the headline month is December 2023):

- the unit's name and region hold markup too (they are printed in every page's frame and the forms' titles);
- enterprise ``a`` (规上企业), named with hostile markup (HOSTILE), rated 红 on 2023-05-01:
  risk points R-1 红 (from 2023-01-10), R-2 黄 (from 2023-03-05), R-3 蓝 (2023-02-01, retired 2023-11-01);
  hazards H-1 found 2023-02-10 (rectified 02-20, verified 02-25), H-2 found 2023-11-05, deadline 11-30,
  open (overdue on D), H-3 found 2023-12-03, deadline 2024-01-31, open (not overdue).
- enterprise ``b`` (小微企业), never rated: R-1 橙 (from 2023-06-01); H-1 found 2023-12-10, rectified 12-15.

So, as of D: risk points 红 1, 橙 1, 黄 1, 蓝 0 (R-3 retired); overall ratings 红 1, others 0, 未评定 1;
``a`` has 2 open hazards, 1 of them overdue; ``b`` none. Self-found hazards by month of 2023:
Feb 1, Nov 1, Dec 2 (a H-3, b H-1), the other months 0; 蓝 risk points at each month's end: Jan 0
(R-3 from Feb 1), Feb-Oct 1, Nov and Dec 0.

Every page kind is parsed as XML (the pages are XHTML-compatible: a stray ``<`` or unclosed tag
fails) and with ``html.parser`` for balanced tags; the hostile name must come back as text, never
as markup, and no link may leave the site or use a scheme.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from shuili_cli import api
from shuili_cli.core.figures.figures import Period, compute
from shuili_cli.core.site import headline_period
from shuili_cli.render import svg_charts as charts
from tests.conftest import run_cli

HOSTILE = '<script>alert(1)</script></svg><a href="javascript:alert(2)">点我</a>&amp;'
D = date(2023, 12, 31)
TODAY = date(2024, 1, 15)
NS = "{http://www.w3.org/1999/xhtml}"

FILES = {
    "shuili.yaml": "schema_version: 1\nunit: {name: '测试县水利局</title><script>', type: 县（市、区）, region: '测试县<b>'}\n",
    "enterprises/a/enterprise.yaml": f"""\
        id: a
        name: '{HOSTILE}'
        credit_code: 91110000600037341L
        kind: 企业
        scale: 规上企业
        industry: 水库管理
        township: '<b>桃溪镇</b>'
        """,
    "enterprises/a/risks.yaml": """\
        risk_points:
          - {id: R-1, name: 大坝, category: 设备设施, assessment: {method: 直接判定, basis: 重大危险源}, color: 红,
             controls: [巡查], responsible: 甲, identified_on: 2023-01-10}
          - {id: R-2, name: 闸门, category: 设备设施, assessment: {method: 直接判定, basis: 经验}, color: 黄,
             controls: [检修], responsible: 甲, identified_on: 2023-03-05}
          - {id: R-3, name: 旧泵房, category: 设备设施, assessment: {method: 直接判定, basis: 经验}, color: 蓝,
             controls: [检修], responsible: 甲, identified_on: 2023-02-01, retired_on: 2023-11-01}
        """,
    "enterprises/a/hazards/2023.yaml": """\
        hazards:
          - {id: H-1, found_on: 2023-02-10, source: 自查, description: 栏杆松动, grade: 一般, responsible: 甲,
             deadline: 2023-02-28, measures: 紧固, rectified_on: 2023-02-20, verified_on: 2023-02-25, verified_by: 乙}
          - {id: H-2, found_on: 2023-11-05, source: 自查, description: '</svg><script>x</script>', grade: 一般,
             responsible: 甲, deadline: 2023-11-30}
          - {id: H-3, found_on: 2023-12-03, source: 自查, description: 标志褪色, grade: 一般, responsible: 甲,
             deadline: 2024-01-31}
        """,
    "enterprises/b/enterprise.yaml": """\
        id: b
        name: 测试水电站
        credit_code: 91110000600037341L
        kind: 企业
        scale: 小微企业
        industry: 水力发电
        """,
    "enterprises/b/risks.yaml": """\
        risk_points:
          - {id: R-1, name: 厂房, category: 作业环境, assessment: {method: 直接判定, basis: 经验}, color: 橙,
             controls: [巡查], responsible: 丙, identified_on: 2023-06-01}
        """,
    "enterprises/b/hazards/2023.yaml": """\
        hazards:
          - {id: H-1, found_on: 2023-12-10, source: 自查, description: 灭火器过期, grade: 一般, responsible: 丙,
             deadline: 2023-12-20, measures: 更换, rectified_on: 2023-12-15}
        """,
    "bureau/assessments.yaml": "assessments:\n  - {enterprise: a, assessed_on: 2023-05-01, color: 红}\n",
}


def write_repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("site")
    root = write_repo(base / "repo", FILES)
    written = api.write_site(root, base / "out", D, today=TODAY)
    assert written.problems == []
    assert (written.enterprises, written.month) == (2, "2023-12")
    return base / "out"


def parse(path: Path) -> ET.Element:
    """The page as XML (well-formed or an exception), after checking tags balance as HTML."""
    text = path.read_text(encoding="utf-8")
    Balance().check(text)
    return ET.fromstring(text.replace('<html lang="zh-CN">', f'<html xmlns="{NS[1:-1]}" lang="zh-CN">', 1))


class Balance(HTMLParser):
    """Every opened element closed in order (void elements written ``<x/>``)."""

    def check(self, text: str) -> None:
        self.stack: list[str] = []
        self.feed(text)
        self.close()
        assert self.stack == []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
        self.stack.pop()


def text_of(root: ET.Element) -> str:
    return "".join(root.itertext())


def assert_safe(page: Path) -> ET.Element:
    """Well-formed, no script or event handler or scheme anywhere, every link inside the site."""
    root = parse(page)
    raw = page.read_text(encoding="utf-8")
    assert "<script" not in raw and "javascript:" not in raw.replace("javascript:alert(2)&#34;&gt;", "")
    for el in root.iter():
        assert el.tag.split("}")[-1] not in ("script", "iframe", "object", "embed", "link"), el.tag
        for name, value in el.attrib.items():
            assert not name.startswith("on"), name
            if name in ("href", "src"):
                parts = urlsplit(value)
                assert not parts.scheme and not parts.netloc, value
                assert (page.parent / unquote(parts.path)).resolve().is_file() if parts.path else True, value
    return root


# ----------------------------------------------------------------- one test per page kind


def test_overview_page(site: Path) -> None:
    root = assert_safe(site / "index.html")
    text = text_of(root)
    assert HOSTILE in text and "<b>桃溪镇</b>" in text            # the name is text, exactly as written
    assert "测试水电站" in text and "2023年12月" in text
    links = [a.get("href") for a in root.iter(f"{NS}a")]
    assert "enterprises/a/index.html" in links and "enterprises/b/index.html" in links
    row = next(tr for tr in root.iter(f"{NS}tr") if HOSTILE in text_of(tr))
    cells = [text_of(td).strip() for td in row.iter(f"{NS}td")]
    # name, township, scale, overall, grade, expiry, open, overdue, 5S, 六有, 三张清单, latest record, alerts
    assert cells[2:11] == ["规上企业", "红", "无", "", "2", "1", "未推行", "0/6", "不全"]
    assert cells[11] == "2023-12-03"


def test_enterprise_page(site: Path) -> None:
    root = assert_safe(site / "enterprises" / "a" / "index.html")
    text = text_of(root)
    assert HOSTILE in text and "</svg><script>x</script>" in text
    assert "超期未整改" in text and "已验收销号" in text
    svgs = [el for el in root.iter("{http://www.w3.org/2000/svg}svg")]
    titles = [text_of(s.find("{http://www.w3.org/2000/svg}title")) for s in svgs]  # type: ignore[arg-type]
    assert titles[:2] == ["有效风险点四色分布", "隐患状态"] and titles[2].startswith("隐患闭环时间线")
    # the timeline's hover text carries the hazard ids, escaped inside the SVG
    assert "H-2 超期未整改 发现：2023-11-05" in text_of(svgs[2])


def test_forms_page_numbers_link_to_their_records(site: Path) -> None:
    from shuili_cli.render.site import key_file

    page = site / "forms" / "2023-12.html"
    root = assert_safe(page)                                   # every link resolves to an existing page
    numbers = {a.get("href"): text_of(a) for a in root.iter(f"{NS}a") if str(a.get("href")).startswith("2023-12/")}
    assert len(numbers) == len(list((site / "forms" / "2023-12").glob("k*.html")))   # every key, once
    assert numbers[f"2023-12/{key_file('a1.enterprises.total')}"] == "2"
    assert numbers[f"2023-12/{key_file('a1.four_color.红')}"] == "1"
    assert numbers[f"2023-12/{key_file('a1.three_lists.self_found')}"] == "2"
    assert numbers[f"2023-12/{key_file('a2.enf.罚款.金额')}"] == "0.00"
    # under each form's period, the 填报 line as the workbook prints it (no reporter in shuili.yaml: blanks),
    # dated the day the site is made, as ``report`` dates its workbook
    fills = [text_of(p) for p in root.iter(f"{NS}p") if p.get("class") == "fill"]
    assert fills == ["填报单位（盖章）：测试县水利局</title><script>　填表人：　联系电话：　2024年1月15日"] * 2
    raw = page.read_text(encoding="utf-8")
    assert "body.form-page { zoom: 0.9; }" in raw and "zoom: 0.6" not in raw
    assert "section.sheet { break-after: page;" in raw and raw.count('<section class="sheet">') == 2
    assert "th.where, td.where, .screen-only { display: none; }" in raw
    tables = list(root.iter(f"{NS}table"))
    assert len(tables) == 2
    assert "测试县<b>安全生产标准化提升专项行动巩固提高进展情况月报表（一）" in text_of(root)
    assert "测试县水利局</title><script> · 安全生产标准化概览" in text_of(root)
    head = tables[0].find(f"{NS}thead")
    assert head is not None
    first = next(iter(head.iter(f"{NS}th")))
    assert (text_of(first), first.get("rowspan")) == ("填报单位类型", str(len(list(head))))
    body = tables[0].find(f"{NS}tbody")
    assert body is not None and [text_of(tr.find(f"{NS}td")) for tr in body][::3] == ["市直单位", "县（市、区）"]


def test_explain_page(site: Path) -> None:
    pages = sorted((site / "forms" / "2023-12").glob("k*.html"))
    red = next(p for p in pages if "<dd>a1.four_color.红</dd>" in p.read_text(encoding="utf-8"))
    root = assert_safe(red)
    text = text_of(root)
    assert HOSTILE in text and "R-1 大坝" in text and "enterprises/a/risks.yaml:2" in text
    assert [a.get("href") for a in root.iter(f"{NS}a")][-2:] == ["../2023-12.html", "../../enterprises/a/index.html"]
    empty = next(p for p in pages if "<dd>a2.enf.罚款.金额</dd>" in p.read_text(encoding="utf-8"))
    assert "没有计入的记录" in text_of(assert_safe(empty)) and "0.00万元" in text_of(parse(empty))


# ----------------------------------------------------------------- the chart data


def test_chart_bars_are_the_figures_as_of_d(site: Path, tmp_path: Path) -> None:
    root = parse(site / "index.html")
    charts_ = {text_of(s.find("{http://www.w3.org/2000/svg}title")): s  # type: ignore[arg-type]
               for s in root.iter("{http://www.w3.org/2000/svg}svg")}
    risk = [(r.get("data-value"), float(r.get("height") or 0))
            for r in charts_["风险点四色分布"].iter("{http://www.w3.org/2000/svg}rect")]
    assert risk == [("1", 120.0), ("1", 120.0), ("1", 120.0), ("0", 0.0)]          # 红 橙 黄 蓝
    overall = [(r.get("data-value"), float(r.get("height") or 0))
               for r in charts_["企业整体安全风险等级"].iter("{http://www.w3.org/2000/svg}rect")]
    assert overall == [("1", 120.0), ("0", 0.0), ("0", 0.0), ("0", 0.0), ("1", 120.0)]   # ... 未评定
    repo = api.load(write_repo(tmp_path / "r", FILES), TODAY, draft=False).result.repo
    values = compute(repo, Period(2023, 12)).values
    assert [values[f"a1.four_color.{c}"] for c in "红橙黄蓝"] == [1, 1, 1, 0]
    assert [values[f"a2.overall.{c}.total"] for c in "红橙黄蓝"] == [1, 0, 0, 0]


def test_sparklines_are_the_twelve_months(site: Path, tmp_path: Path) -> None:
    root = parse(site / "index.html")
    rows = {text_of(tr.find(f"{NS}td")).strip(): tr for tr in root.iter(f"{NS}tr")  # type: ignore[arg-type]
            if tr.find(f"{NS}td") is not None}
    found = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]
    blue = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    repo = api.load(write_repo(tmp_path / "r", FILES), TODAY, draft=False).result.repo
    for label, key, expected, ys in (("企业自查隐患数量（条）", "a1.three_lists.self_found", found, {0: 28, 1: 15, 2: 2}),
                                     ("蓝色风险（处）", "a1.four_color.蓝", blue, {0: 28, 1: 2})):
        assert [compute(repo, Period(2023, m)).values[key] for m in range(1, 13)] == expected
        line = next(rows[label].iter("{http://www.w3.org/2000/svg}polyline"))
        points = [tuple(map(float, p.split(","))) for p in str(line.get("points")).split()]
        # 120 x 30, 2 px padding: x from 2 in steps of 116/11; the lowest value at y 28, the highest at 2
        assert points == [(round(2 + i * 116 / 11, 2), ys[v]) for i, v in enumerate(expected)]
    delta = [text_of(td) for td in rows["企业自查隐患数量（条）"].iter(f"{NS}td")][1:3]
    assert delta == ["2", "+1"]


def test_svg_chart_geometry_and_escaping() -> None:
    assert charts.bar_heights([2, 1, 0], 120) == [120.0, 60.0, 0.0]
    assert charts.bar_heights([0, 0], 120) == [0.0, 0.0]
    assert charts.sparkline_points([5, 5], 20, 10) == [(2.0, 5.0), (18.0, 5.0)]   # flat: the middle line
    svg = charts.bar_chart([charts.Bar("</svg><script>", 3, "#123456")], title='"<t>&')
    root = ET.fromstring(svg)
    assert text_of(root).startswith('"<t>&') and "</svg><script>" in text_of(root)
    assert svg.count("<svg") == 1 and svg.count("</svg>") == 1
    with pytest.raises(ValueError):
        charts.bar_chart([charts.Bar("x", 1, 'red" onload="x')], title="t")
    stacked = ET.fromstring(charts.stacked_bars(["1月", "2月"], [charts.Series("红", "#d7191c", (1, 2)),
                                                                  charts.Series("蓝", "#2b6cb0", (0, 3))], title="t"))
    bars = [(r.get("data-value"), r.get("height")) for r in stacked.iter("{http://www.w3.org/2000/svg}rect")
            if r.get("class") == "bar"]
    assert bars == [("1", "24"), ("0", "0"), ("2", "48"), ("3", "72")]      # totals 1 and 5: 5 fills 120
    assert "5" in [t.text for t in stacked.iter("{http://www.w3.org/2000/svg}text")]
    line = ET.fromstring(charts.line_chart(["1月", "2月"], [charts.Series("平均", "#000", (50, None))],
                                           title="t", low=0, high=100))
    assert [c.get("cy") for c in line.iter("{http://www.w3.org/2000/svg}circle")][:1] == ["98"]   # 28 + 140 - 70


def test_line_chart_labels_never_crowd_the_last_one() -> None:
    from shuili_cli.render.svg_charts import _label_positions

    assert _label_positions(1) == [0]
    assert _label_positions(7) == [0, 1, 2, 3, 4, 5, 6]
    assert _label_positions(12) == [0, 2, 4, 6, 8, 11]        # 10 is one step from 11: it gives way
    assert _label_positions(13) == [0, 2, 4, 6, 8, 10, 12]


def test_headline_month_is_the_last_complete_one() -> None:
    assert headline_period(date(2023, 12, 31)) == Period(2023, 12)
    assert headline_period(date(2023, 12, 30)) == Period(2023, 11)
    assert headline_period(date(2024, 1, 1)) == Period(2023, 12)


# ----------------------------------------------------------------- writing


def test_a_link_inside_the_site_is_refused_and_user_files_are_kept(tmp_path: Path) -> None:
    from shuili_cli.core.outputs.report import OutputDirError

    root = write_repo(tmp_path / "repo", FILES)
    out = tmp_path / "out"
    api.write_site(root, out, D, today=TODAY)
    (out / "我的说明.txt").write_text("keep", encoding="utf-8")
    api.write_site(root, out, D, today=TODAY)
    assert (out / "我的说明.txt").read_text(encoding="utf-8") == "keep"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import shutil

    shutil.rmtree(out / "enterprises" / "b")
    (out / "enterprises" / "b").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputDirError, match="符号链接"):
        api.write_site(root, out, D, today=TODAY)
    assert list(elsewhere.iterdir()) == []


def test_the_site_is_never_written_into_the_data(tmp_path: Path) -> None:
    from shuili_cli.core.outputs.report import OutputDirError

    root = write_repo(tmp_path / "repo", FILES)
    with pytest.raises(OutputDirError):
        api.write_site(root, root, D, today=TODAY)        # root/enterprises would be the data folder
    assert sorted(p.name for p in (root / "enterprises" / "a").iterdir()) == ["enterprise.yaml", "hazards",
                                                                              "risks.yaml"]


def test_errors_are_counted_on_every_page_not_refused(tmp_path: Path) -> None:
    files = {**FILES, "enterprises/b/risks.yaml": "risk_points:\n  - {id: R-1}\n"}
    root = write_repo(tmp_path / "repo", files)
    written = api.write_site(root, tmp_path / "out", D, today=TODAY)
    assert len(written.problems) >= 1
    for page in (tmp_path / "out" / "index.html", tmp_path / "out" / "enterprises" / "b" / "index.html"):
        assert re.search(r"草稿：数据仓库仍有 \d+ 个错误。本站的数字和列表按草稿计算，有错的记录也计入在内",
                         page.read_text(encoding="utf-8"))


BIDI_NAME = "\u202eRTL\u202c"


def test_a_draft_says_so_and_never_claims_records_were_left_out(tmp_path: Path) -> None:
    """b's risk point has a name with bidi controls (SL208, an error): it still counts in 橙 (as the
    figures engine counts it for report --draft), so the pages say 草稿 and that errors are counted in;
    and the controls never reach a page (unit name, enterprise name, risk name, chart labels)."""
    files = {**FILES,
             "shuili.yaml": f"schema_version: 1\nunit: {{name: '测试县{BIDI_NAME}水利局', type: 县（市、区）, region: 测试县}}\n",
             "enterprises/b/enterprise.yaml": FILES["enterprises/b/enterprise.yaml"].replace("测试水电站",
                                                                                             f"'测试{BIDI_NAME}水电站'"),
             "enterprises/b/risks.yaml": FILES["enterprises/b/risks.yaml"].replace("厂房", f"'厂房{BIDI_NAME}'")}
    root = write_repo(tmp_path / "repo", files)
    written = api.write_site(root, tmp_path / "out", D, today=TODAY)
    assert written.problems and all("SL208" in p for p in written.problems)
    out = tmp_path / "out"
    index = assert_safe(out / "index.html")
    text = text_of(index)
    assert "有错的记录也计入在内" in text and "未计入" not in text
    assert text_of(next(index.iter(f"{NS}title"))).startswith("草稿 · ")
    marks = [text_of(el) for el in index.iter(f"{NS}span") if el.get("class") == "draft-mark"]
    assert marks == ["草稿", "草稿"]                     # the page's heading and the headline figures
    bars = [r.get("data-value") for r in index.iter("{http://www.w3.org/2000/svg}rect") if text_of(r) == "橙：1"]
    assert bars == ["1"]                                 # b's R-1 with its error counts in 橙
    assert "测试RTL水电站" in text and "测试县RTL水利局" in text
    forms = text_of(assert_safe(out / "forms" / "2023-12.html"))
    assert forms.count("草稿") >= 2 + 1                  # both forms' titles and the banner
    for page in out.rglob("*.html"):
        raw = page.read_text(encoding="utf-8")
        assert not set(raw) & set(charts.BIDI), page
    clean_site = tmp_path / "clean"
    api.write_site(write_repo(tmp_path / "ok", FILES), clean_site, D, today=TODAY)
    assert "草稿" not in (clean_site / "index.html").read_text(encoding="utf-8")


def test_the_year_end_charts_page_loses_bidi_controls_too(tmp_path: Path) -> None:
    """The third HTML page kind drawn with the same charts (``…年度图表.html``): an enterprise named with
    bidi controls (in the 典型经验 table) and a unit name with them come out without."""
    from shuili_cli.core.figures.catalogue import templates_dir
    from shuili_cli.core.outputs import annual
    from shuili_cli.core.source.loader import load
    from shuili_cli.render.annual_html import render_overview
    from tests import test_annual_charts as fixture

    files = {**fixture.FILES,
             "enterprises/b/enterprise.yaml": fixture.FILES["enterprises/b/enterprise.yaml"].replace(
                 fixture.HOSTILE, f"乙{BIDI_NAME}"),
             "shuili.yaml": fixture.FILES["shuili.yaml"].replace("测试县水利局", f"测试县{BIDI_NAME}水利局")}
    root = fixture._write(tmp_path / "repo", files)
    s, _ = annual.build(load(root, today=TODAY).repo, annual.year_period(2023, TODAY, partial=False), TODAY)
    page = render_overview(s, annual.trend(s), templates_dir())
    assert "乙RTL" in page and "测试县RTL水利局" in page
    assert not set(page) & set(charts.BIDI)


def test_svg_labels_and_template_values_lose_bidi_controls() -> None:
    svg = charts.bar_chart([charts.Bar(f"甲{BIDI_NAME}\u2066乙\u2069\u200e\u200f", 1)], title=f"题{BIDI_NAME}")
    assert not set(svg) & set(charts.BIDI) and "甲RTL乙" in svg and "题RTL" in svg
    assert charts.finalize(f"a{BIDI_NAME}") == "aRTL" and charts.finalize(3) == 3


def test_month_on_month_says_what_the_summary_says(tmp_path: Path) -> None:
    """As of 2022-06-30 (the demo county's first months): 红色风险 0 and 0 is 持平 (risk points are on
    record in May), 企业自查隐患 0 and 0 is 无可比数据 (no 自查 hazard in May): the 工作总结's rule, cell for cell."""
    from shuili_cli.core.outputs.summary import build
    from shuili_cli.core.resources import project_dir
    from shuili_cli.render.documents import delta

    root = project_dir("data-template")
    api.write_site(root, tmp_path / "out", date(2022, 6, 30), today=TODAY)
    index = parse(tmp_path / "out" / "index.html")
    table = next(t for t in index.iter(f"{NS}table") if t.get("class") == "metrics")
    shown = {text_of(tr.findall(f"{NS}td")[0]): text_of(tr.findall(f"{NS}td")[2])
             for tr in table.iter(f"{NS}tr") if tr.findall(f"{NS}td")}
    repo = api.load(root, TODAY, draft=True).result.repo
    summary = build(repo, compute(repo, Period(2022, 6)), compute(repo, Period(2022, 5)), TODAY)
    assert shown == {h.label: delta(h) for h in summary.headlines}
    assert (shown["红色风险（处）"], shown["企业自查隐患数量（条）"]) == ("持平", "无可比数据")


def test_pages_of_an_earlier_run_go_and_the_users_files_stay(tmp_path: Path) -> None:
    """Regenerated after enterprise b's folder was renamed to c, and for an earlier month: the site's own
    pages of b and of 2023-12 are removed (they are in its manifests), a user's file stays with its folder."""
    root = write_repo(tmp_path / "repo", FILES)
    out = tmp_path / "out"
    api.write_site(root, out, D, today=TODAY)
    (out / "说明.txt").write_text("我的", encoding="utf-8")
    (out / "enterprises" / "a" / "备注.txt").write_text("我的", encoding="utf-8")
    (out / "enterprises" / "mine").mkdir()
    (root / "enterprises" / "b").rename(root / "enterprises" / "c")
    api.write_site(root, out, date(2023, 11, 30), today=TODAY)
    assert sorted(p.name for p in (out / "enterprises").iterdir()) == ["a", "c", "mine"]
    assert sorted(p.name for p in (out / "forms").iterdir() if not p.name.startswith(".")) == ["2023-11", "2023-11.html"]
    assert (out / "说明.txt").is_file() and (out / "enterprises" / "a" / "备注.txt").is_file()
    (out / "enterprises" / "c" / "备注.txt").write_text("我的", encoding="utf-8")
    (root / "enterprises" / "c").rename(root / "enterprises" / "b")
    api.write_site(root, out, D, today=TODAY)
    assert sorted(p.name for p in (out / "enterprises" / "c").iterdir()) == ["备注.txt"]   # only the user's file
    assert sorted(p.name for p in (out / "forms").iterdir() if not p.name.startswith(".")) == ["2023-12", "2023-12.html"]


# ----------------------------------------------------------------- the command


def test_command_writes_the_site_into_the_repository_by_default(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, out, err = run_cli(["--today", "2024-01-15", "site", "--repo", str(root), "--as-of", "2023-12-31"], capsys)
    assert code == 0, err
    assert (root / "site" / "index.html").is_file() and (root / "site" / "enterprises" / "b" / "index.html").is_file()
    pages = len(list((root / "site").rglob("*.html")))
    assert f"已生成网站 {root / 'site'}：{pages} 个页面，" in out
    assert "2 家企业，主要数字为 2023年12月，其余截至 2023-12-31" in out


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2023-13-01"], "--as-of"),
    (["--out", "{root}/enterprises/a/site"], "enterprises/"),
    (["--out", "{root}"], "enterprises/"),
    (["--as-of", "2030-01-01"], "用法错误：--as-of 2030-01-01 在今天（2024-01-15）之后：网站只能写到今天为止的情况"),
    (["--as-of", "2024-01-16"], "--as-of 2024-01-16 在今天（2024-01-15）之后"),
])
def test_command_usage_errors(args: list[str], message: str, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    root = write_repo(tmp_path / "repo", FILES)
    code, _, err = run_cli(["--today", "2024-01-15", "site", "--repo", str(root),
                              *[a.format(root=root) for a in args]], capsys)
    assert code == 2 and message in err and "Traceback" not in err, err
    assert not (root / "enterprises" / "a" / "site").exists() and not (root / "index.html").exists()


def test_with_ledgers_each_page_links_its_workbook(tmp_path: Path) -> None:
    """``b`` has an error in its files: its ledger would be wrong, so it gets none; ``a`` gets its own."""
    from openpyxl import load_workbook

    files = {**FILES, "enterprises/b/risks.yaml": "risk_points:\n  - {id: R-1}\n"}
    root = write_repo(tmp_path / "repo", files)
    written = api.write_site(root, tmp_path / "out", D, today=TODAY, with_ledgers=True)
    assert (written.pages, written.workbooks) == (len(list((tmp_path / "out").rglob("*.html"))), 1)
    page = tmp_path / "out" / "enterprises" / "a" / "index.html"
    links = [a.get("href") for a in assert_safe(page).iter(f"{NS}a") if str(a.get("href")).endswith(".xlsx")]
    assert links == ["%E5%8F%B0%E8%B4%A6-2023-12-31.xlsx"]                   # 台账-2023-12-31.xlsx, encoded
    downloads = [a.get("download") for a in parse(page).iter(f"{NS}a") if a.get("download")]
    assert downloads == ['_script_alert(1)__script___svg__a href=_javascript_alert(2)__点我__a_&amp;-台账-2023-12-31.xlsx']
    book = load_workbook(page.parent / "台账-2023-12-31.xlsx", read_only=True)
    cells = [str(c) for row in book["基本信息"].iter_rows(values_only=True) for c in row if c is not None]
    assert "a" in cells and HOSTILE in cells
    other = tmp_path / "out" / "enterprises" / "b"
    assert sorted(p.name for p in other.iterdir() if not p.name.startswith(".")) == ["index.html"]
    assert ".xlsx" not in (other / "index.html").read_text(encoding="utf-8")


def test_each_enterprise_page_links_its_risk_notice_cards(site: Path, tmp_path: Path) -> None:
    """The 岗位安全风险告知卡 page (as ``shuili cards`` makes it) sits beside each enterprise page and is linked
    from it; an enterprise whose files have errors gets none (a card on a wall must come from valid records)."""
    page = site / "enterprises" / "a" / "index.html"
    links = [a.get("href") for a in assert_safe(page).iter(f"{NS}a") if "%E5%91%8A%E7%9F%A5%E5%8D%A1" in str(a.get("href"))]
    assert links == ["%E5%B2%97%E4%BD%8D%E5%AE%89%E5%85%A8%E9%A3%8E%E9%99%A9%E5%91%8A%E7%9F%A5%E5%8D%A1.html"]
    cards = (page.parent / unquote(str(links[0]))).read_text(encoding="utf-8")
    assert "安全风险四色分布" in cards and "<script>alert(1)" not in cards and "&lt;script&gt;alert(1)" in cards
    files = {**FILES, "enterprises/b/risks.yaml": "risk_points:\n  - {id: R-1}\n"}
    root = write_repo(tmp_path / "repo", files)
    api.write_site(root, tmp_path / "out", D, today=TODAY)
    assert "告知卡" not in (tmp_path / "out" / "enterprises" / "b" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "enterprises" / "a" / "岗位安全风险告知卡.html").is_file()
