"""``shuili diff`` speaks the forms' Chinese words (issue 10, item 11).

A 六有 change is told item by item, a checklist change names its items, a new overall rating or
达标定级 record names the enterprise, a LEC assessment reads D = L × E × C, and the figures are
shown by their column paths (the JSON keeps the keys). The fixture is tests/fixtures/figures
(e1 一号水库, e2 二号电站, e3 三号施工队, e4 四号水厂); every expected text below is worked out from
its files and the edits made here.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from shuili_cli.core.figures.figures import Period
from shuili_cli.core.review.diff import compare_trees
from tests.conftest import run_cli
from tests.test_diff import fixture_repo

FIXTURE = Path(__file__).parent / "fixtures" / "figures"
E1 = "enterprises/e1/enterprise.yaml"
RED = "附件1/落实“一企一策”数量/四色安全风险分级管控/红色风险（处）"
ORANGE = "附件1/落实“一企一策”数量/四色安全风险分级管控/橙色风险（处）"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def summaries(tmp_path: Path, *edits: tuple[str, str, str]) -> dict[tuple[str, str], str]:
    """Compare the fixture with a copy carrying ``edits``: (kind, id) -> summary."""
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(FIXTURE, base)
    shutil.copytree(FIXTURE, head)
    for rel, old, new in edits:
        edit(head, rel, old, new)
    result = compare_trees(base, head, today=date(2024, 1, 15), month=Period(2023, 5))
    assert result.unparsed == [] and result.introduced == []
    return {(rc.kind, rc.id): rc.summary for rc in result.records}


def test_six_have_item_by_item(tmp_path: Path) -> None:
    s = summaries(
        tmp_path,
        (E1, "  post_warnings: 2023-01-01\n", "  post_warnings: {not_applicable: 无岗位}\n"),
        (E1, "  pipe_flow_markers: {not_applicable: 无管线}\n  valve_tags: 2023-05-31\n",
         "  pipe_flow_markers: 2023-05-10\n  valve_tags:\n"),
        # e2 had no six_have at all: the absent items were not done
        ("enterprises/e2/enterprise.yaml", "registered_on: 2023-05-15\n",
         "registered_on: 2023-05-15\nsix_have: {floor_markings: 2023-05-02, equipment_nameplates: {not_applicable: 无设备}}\n"),
    )
    assert s == {
        ("enterprise", "e1"): "企业 一号水库 六有：岗位有警示 2023-01-01 完成 → 不适用（无岗位）；"
                              "管线有流向标 不适用（无管线） → 2023-05-10 完成；重要阀门或开关有挂牌 2023-05-31 完成 → 未完成",
        ("enterprise", "e2"): "企业 二号电站 六有：车间地上有标线 未完成 → 2023-05-02 完成；设备有铭牌 未完成 → 不适用（无设备）",
    }


def test_nested_blocks_by_their_chinese_titles(tmp_path: Path) -> None:
    s = summaries(
        tmp_path,
        (E1, "responsibility_system: {established_on: 2023-05-31}",
         "responsibility_system: {established_on: 2023-05-31, document: 清水〔2023〕1号}"),
        ("enterprises/e1/five-s/2023.yaml", "total: 85}", "scores: {整理: 18, 整顿: 17, 清扫: 19, 清洁: 18, 素养: 16}}"),
    )
    assert s == {
        ("enterprise", "e1"): "企业 一号水库 全员安全生产责任制及考核清单：文件名称或文号 填写为 清水〔2023〕1号",
        ("five_s", "2023-03-03 闸门操作岗"):
            "5S 考评 2023-03-03 闸门操作岗 分项得分 填写为 整理 18，整顿 17，清扫 19，清洁 18，素养 16；总分 清空（原为 85）",
    }


def test_checklist_items_named(tmp_path: Path) -> None:
    rel = "enterprises/e1/checklists.yaml"
    s = summaries(
        tmp_path,
        (rel, "items: [{id: 1, content: 大坝}]", "items: [{id: 1, content: 大坝坝顶, basis: SL 105}, {id: 2, content: 溢洪道}]"),
        (rel, "items: [{id: 1, content: 闸门}]", "items: [{id: 2, content: 启闭机}]"),
    )
    assert s == {
        ("checklist", "C1"): "检查清单 C1 检查条目：新增条目 2“溢洪道”；条目 1 检查内容 大坝 → 大坝坝顶，检查依据 填写为 SL 105",
        ("checklist", "C2"): "检查清单 C2 检查条目：新增条目 2“启闭机”；删除条目 1“闸门”",
    }


def test_ratings_name_the_enterprise(tmp_path: Path) -> None:
    rel = "bureau/assessments.yaml"
    s = summaries(
        tmp_path,
        (rel, "  - {enterprise: e3, assessed_on: 2023-01-01, color: 红}\n",
         "  - {enterprise: e1, assessed_on: 2023-05-15, color: 橙}\n"),
        (rel, "assessed_on: 2023-06-01, color: 红}", "assessed_on: 2023-06-01, color: 橙}"),
        ("enterprises/e2/enterprise.yaml", "expires_on: 2023-05-30}",
         "expires_on: 2023-05-30}\n  - {standard: 省标, grade: 三级, effective_on: 2023-05-10}"),
    )
    assert s == {
        ("assessment", "e1 2023-05-15"): "新增整体风险评级：一号水库 橙（2023-05-15 评定）",
        ("assessment", "e3 2023-01-01"): "删除整体风险评级：三号施工队 红（2023-01-01 评定）",
        ("assessment", "e4 2023-06-01"): "整体评级 四号水厂 2023-06-01 整体风险等级 红 → 橙",
        ("standardization", "省标 2023-05-10"): "新增达标定级记录：二号电站 省标三级（2023-05-10 生效）",
    }


def test_lec_assessment_reads_as_d(tmp_path: Path) -> None:
    rel = "enterprises/e1/risks.yaml"
    s = summaries(
        tmp_path,
        (rel, "{method: LEC, L: 3, E: 6, C: 15}, color: 橙", "{method: LEC, L: 6, E: 6, C: 15}, color: 红"),
        (rel, "{method: LEC, L: 1, E: 10, C: 7}", "{method: LEC, L: 0.5, E: 10, C: 7}"),
        (rel, "{method: 直接判定, basis: 重大危险源}", "{method: 直接判定, basis: 构成重大危险源}"),
    )
    assert s == {
        ("risk_point", "R1"): "风险点 R1 风险评价 直接判定（重大危险源） → 直接判定（构成重大危险源）",
        ("risk_point", "R2"): "风险点 R2 风险评价 LEC（L 3 × E 6 × C 15 = 270） → LEC（L 6 × E 6 × C 15 = 540）；颜色 橙 → 红",
        ("risk_point", "R4"): "风险点 R4 风险评价 LEC（L 1 × E 10 × C 7 = 70） → LEC（L 0.5 × E 10 × C 7 = 35）",
    }
    for text in s.values():
        assert "method" not in text and "{" not in text


# ----------------------------------------------------------------- the reporters, through git


def test_figures_by_column_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """R2 (identified 2023-05-31) turns from 橙 to 红: at the end of May 红 1 → 2 (R1, R2), 橙 1 → 0."""
    monkeypatch.setenv("COLUMNS", "240")
    root = fixture_repo(tmp_path / "repo")
    edit(root, "enterprises/e1/risks.yaml", "{method: LEC, L: 3, E: 6, C: 15}, color: 橙",
         "{method: LEC, L: 6, E: 6, C: 15}, color: 红")
    base = ["--today", "2024-01-15", "diff", "main", "--month", "2023-05", "--repo", str(root)]
    code, text, err = run_cli(base, capsys)
    assert code == 0, err
    assert text == (
        "shuili 审阅：main → 工作区\n"
        "1 条记录变化（涉及 1 家企业），2023年5月报表数字变化 2 项，新增问题 0 个，修复问题 0 个\n"
        "\n"
        "一号水库\n"
        "  ~ 风险点 R2 风险评价 LEC（L 3 × E 6 × C 15 = 270） → LEC（L 6 × E 6 × C 15 = 540）；颜色 橙 → 红"
        "  enterprises/e1/risks.yaml:3\n"
        "\n"
        "报表数字（2023年5月）\n"
        f"  {RED}：1 → 2（+1）\n"
        f"  {ORANGE}：1 → 0（-1）\n")
    code, md, _ = run_cli([*base, "--format", "markdown"], capsys)
    assert code == 0
    assert md.endswith(
        "#### 报表数字（2023年5月）\n\n"
        "| 栏目 | 变化 |\n"
        "|---|---|\n"
        f"| {RED} | 1 → 2（+1） |\n"
        f"| {ORANGE} | 1 → 0（-1） |\n"
        "\n")
    assert "a1." not in md and "a1." not in text
    code, out, _ = run_cli([*base, "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["figures"] == {"a1.four_color.红": [1, 2], "a1.four_color.橙": [1, 0]}  # the machine contract


# ----------------------------------------------------------------- the months compared without --month

OVERALL = "附件2/四色安全风险分级动态监管"


def test_without_month_every_month_the_changed_records_touch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting H2 (found 2023-04-20, rectified 2023-05-01) and re-rating e4's 2023-03-01 rating
    (蓝 → 橙, in force until its 2023-06-01 rating): March to May are compared, each month listed."""
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(FIXTURE, base)
    shutil.copytree(FIXTURE, head)
    hazards = head / "enterprises/e1/hazards/2023.yaml"
    hazards.write_text("".join(line for line in hazards.read_text(encoding="utf-8").splitlines(True)
                               if "id: H2," not in line), encoding="utf-8")
    edit(head, "bureau/assessments.yaml", "assessed_on: 2023-03-01, color: 蓝", "assessed_on: 2023-03-01, color: 橙")
    result = compare_trees(base, head, today=date(2024, 1, 15))
    assert [p.label for p in result.compared] == ["2023-03", "2023-04", "2023-05"]
    rating = {"a2.overall.橙.total": (0, 1), "a2.overall.橙.小微企业": (0, 1),
              "a2.overall.蓝.total": (1, 0), "a2.overall.蓝.小微企业": (1, 0)}
    assert [(m.period.label, m.figures) for m in result.months] == [
        ("2023-03", rating),
        ("2023-04", {"a1.three_lists.self_found": (1, 0), **rating}),          # H2 found in April
        ("2023-05", {"a1.three_lists.self_rectified": (2, 1), **rating}),      # H1 and H2 rectified in May
    ]
    assert (result.period.label, result.figures) == ("2023-05", result.months[-1].figures)  # backward compatible

    from shuili_cli.render.registry import RenderContext
    from shuili_cli.render.review import as_json, as_text

    monkeypatch.setenv("COLUMNS", "240")
    text = as_text(result, RenderContext())
    assert ("2 条记录变化（涉及 2 家企业），2023年3月至2023年5月报表数字变化 14 项"
            "（2023年3月 4 项、2023年4月 5 项、2023年5月 5 项），新增问题 0 个，修复问题 0 个\n") in text
    assert "  - 删除隐患 H2（一般，2023-04-20 自查发现）：栏杆松动  enterprises/e1/hazards/2023.yaml:3\n" in text
    assert [line for line in text.splitlines() if line.startswith("报表数字")] == [
        "报表数字（2023年3月）", "报表数字（2023年4月）", "报表数字（2023年5月）"]
    assert f"  {OVERALL}/橙色风险企业（家）/总数：0 → 1（+1）\n" in text
    assert text.endswith("\n\n按改动的记录上的日期比较了 2023年3月至2023年5月 的报表数字；之后各月的存量数字"
                         "（如风险点、在册企业）可能同样变化，用 --month 查看某个月\n")
    doc = json.loads(as_json(result, RenderContext()))
    assert doc["month"] == "2023-05" and doc["compared"] == ["2023-03", "2023-04", "2023-05"]
    assert [m["month"] for m in doc["months"]] == ["2023-03", "2023-04", "2023-05"]
    assert doc["months"][1]["figures"]["a1.three_lists.self_found"] == [1, 0]


def test_months_compared_are_bounded(tmp_path: Path) -> None:
    """Dates years apart: only the records' own months, the newest 24 (not every month between)."""
    from shuili_cli.core.review.diff import MAX_MONTHS, periods_for_diff

    today = date(2024, 1, 15)
    near = [p.label for p in periods_for_diff(None, [{"found_on": "2023-11-30", "deadline": "2024-03-01"}], today)]
    assert near == ["2023-11"]                                     # a planned date does not count
    span = periods_for_diff(None, [{"a": "2021-01-05"}, {"b": ["2023-12-01", "2024-01-02"]}], today)
    assert [p.label for p in span] == ["2021-01", "2023-12", "2024-01"] and MAX_MONTHS == 24
    assert span[-1].partial_end == today                           # the current month: up to today
    assert [p.label for p in periods_for_diff(None, [{"name": "无日期"}], today)] == ["2023-12"]
