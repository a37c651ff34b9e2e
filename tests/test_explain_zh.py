"""``shuili explain`` by the Chinese column name printed on the forms (issue 10, item 11).

The expected keys and paths were read off report-templates/annex1.yaml and annex2.yaml: a
column's path is its sheet, its header cells from top to bottom and, for a column split into
sub-rows, the sub-row label (达标类型 国标/省标/地标, 标杆层级 市级/县级/乡级).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shuili_cli.core.figures.catalogue import key_index
from shuili_cli.core.figures.columns import ColumnMatch, find_column
from tests.conftest import run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "figures"
TODAY = ["--today", "2024-01-15"]
RED = "附件1/落实“一企一策”数量/四色安全风险分级管控/红色风险（处）"
TOTALS = ("a1.enterprises.total", "a2.overall.红.total", "a2.overall.橙.total", "a2.overall.黄.total",
          "a2.overall.蓝.total")


def test_paths_are_sheet_header_and_sub_row() -> None:
    index = key_index()
    assert index["a1.enterprises.total"].path_text == "附件1/企业数量（家）/总数"
    assert index["a1.four_color.红"].path_text == RED
    assert index["a1.grade.省标.二级"].path_text == "附件1/创建提升数量（家）/二级企业/省标"
    assert index["a1.benchmark.乡级.小微企业"].path_text == "附件1/标杆数量（家）/小微企业/乡级"
    assert index["a2.enf.罚款.金额"].path_text == "附件2/执法激励约束/罚款/金额（万元）"
    # the label used by the forms and the summaries is unchanged
    assert index["a1.grade.省标.二级"].label == "创建提升数量（家） › 二级企业 [省标]"


@pytest.mark.parametrize(("name", "key"), [
    ("红色风险（处）", "a1.four_color.红"),                     # the leaf header cell as printed
    ("红色风险", "a1.four_color.红"),                           # its unit left out
    (RED, "a1.four_color.红"),                                  # the whole path
    ("附件１　／　企业数量（家）／总数", "a1.enterprises.total"),  # full-width digit, spaces and slashes
    (" 企业数量 / 总数 ", "a1.enterprises.total"),               # middle segment without its unit
    ("企业数量 › 总数", "a1.enterprises.total"),                 # the separator of the forms' labels
    ("附件2/红色风险企业/总数", "a2.overall.红.total"),           # a segment left out in the middle
    ("红色风险企业（家）>规上企业", "a2.overall.红.规上企业"),
    ("一级企业/国标", "a1.grade.国标.一级"),                      # header cell, then the sub-row
    ("落实\"一企一策\"数量/健全三张清单/企业数量", "a1.three_lists.enterprises"),  # ASCII quotes typed
    ("检查企业", "a2.enf.检查"),
    ("ａ１．four_color．红", "a1.four_color.红"),                 # a key typed in full-width
])
def test_a_name_naming_one_column(name: str, key: str) -> None:
    assert find_column(name) == ColumnMatch((key,))


def test_a_name_used_in_several_places_or_a_group_heading_is_ambiguous() -> None:
    assert find_column("总数") == ColumnMatch(TOTALS)
    assert find_column("一级企业") == ColumnMatch(("a1.grade.国标.一级", "a1.grade.省标.一级", "a1.grade.地标.达标"))
    assert find_column("红色风险企业") == ColumnMatch(
        ("a2.overall.红.total", "a2.overall.红.规上企业", "a2.overall.红.中等企业", "a2.overall.红.小微企业"))
    # 企业数量（家） heads the first group, and is the leaf of two columns: the leaves win
    assert find_column("企业数量") == ColumnMatch(("a1.three_lists.enterprises", "a1.four_color.enterprises"))


def test_an_unknown_name_gets_the_close_ones() -> None:
    # 罚款 (a header cell of two columns, in form order) is spelt close to 罚款企业
    assert find_column("罚款企业") == ColumnMatch((), ("a2.enf.罚款.企业", "a2.enf.罚款.金额"))
    assert find_column("六有") == ColumnMatch((), ("a1.six_have",))   # contained in 完善六有可视化警示标识（家）
    assert find_column("企业自查") == ColumnMatch(())
    assert find_column("　") == ColumnMatch(())


# ----------------------------------------------------------------- the command


def explain(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli([*TODAY, "explain", *args, "--month", "2023-05", "--repo", str(FIXTURE)], capsys)


def test_explain_by_chinese_name_is_explain_by_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, by_key, _ = explain(capsys, "a1.four_color.红")
    assert code == 0
    code, by_name, err = explain(capsys, "红色风险")
    assert code == 0, err
    assert by_name == by_key == (
        "a1.four_color.红  附件1 落实“一企一策”数量 › 四色安全风险分级管控 › 红色风险（处）（存量，截至 2023-05-31）\n"
        "口径：在册企业截至月末有效的红色（重大）风险点数\n\n"
        "enterprises/e1/risks.yaml:2  一号水库：R1 大坝\n\n"
        "合计：1处（1 条记录）\n")
    code, full_width, _ = explain(capsys, "四色安全风险分级管控／红色风险　（处）")
    assert code == 0 and full_width == by_key


def test_an_ambiguous_name_lists_the_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = explain(capsys, "总数")
    assert code == 2 and out == ""
    assert err == (
        "用法错误：栏目“总数”对应 5 栏，不能确定是哪一栏：\n"
        "  附件1/企业数量（家）/总数    a1.enterprises.total\n"
        "  附件2/四色安全风险分级动态监管/红色风险企业（家）/总数    a2.overall.红.total\n"
        "  附件2/四色安全风险分级动态监管/橙色风险企业（家）/总数    a2.overall.橙.total\n"
        "  附件2/四色安全风险分级动态监管/黄色风险企业（家）/总数    a2.overall.黄.total\n"
        "  附件2/四色安全风险分级动态监管/蓝色风险企业（家）/总数    a2.overall.蓝.total\n"
        "请写出更多上层表头（用“/”分隔）或写键，例如 shuili explain 附件1/企业数量（家）/总数\n")


def test_an_unknown_name_gets_close_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = explain(capsys, "罚款企业")
    assert code == 2 and out == ""
    assert err == (
        "用法错误：没有这个栏目：“罚款企业”；相近的栏目：\n"
        "  附件2/执法激励约束/罚款/企业数（家次）    a2.enf.罚款.企业\n"
        "  附件2/执法激励约束/罚款/金额（万元）    a2.enf.罚款.金额\n"
        "用 shuili explain --list 查看所有栏目的键和中文路径\n")
    code, _, err = explain(capsys, "企业自查")
    assert code == 2
    assert err == "用法错误：没有这个栏目：“企业自查”\n用 shuili explain --list 查看所有栏目的键和中文路径\n"
    code, _, err = explain(capsys, "a1.four_colour.红")
    assert code == 2
    assert err.startswith("用法错误：没有这个键：“a1.four_colour.红”；相近的键：\n"
                          f"  {RED}    a1.four_color.红\n")


def test_list_shows_the_path_beside_each_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["explain", "--list"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("a1.enterprises.total\t附件1/企业数量（家）/总数\tstock\t"
                        "截至月末在册（已纳入监管且未关闭）的企业（事业单位）数")
    assert "a1.grade.省标.二级\t附件1/创建提升数量（家）/二级企业/省标\tstock\t" \
           "截至月末有效的达标定级记录为该标准、该等级的在册企业数" in lines
    # every path printed names its own column
    for line in lines:
        key, path = line.split("\t")[:2]
        assert find_column(path) == ColumnMatch((key,)), path


def test_a_long_list_of_candidates_is_cut(capsys: pytest.CaptureFixture[str]) -> None:
    """附件2/执法激励约束 heads the 15 columns a2.enf.*: the first 12 are listed."""
    code, _, err = explain(capsys, "附件2/执法激励约束")
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == "用法错误：栏目“附件2/执法激励约束”对应 15 栏，不能确定是哪一栏："
    assert lines[1] == "  附件2/执法激励约束/检查企业（家次）    a2.enf.检查"
    assert len(lines) == 1 + 12 + 2 and lines[13] == "  ……（共 15 栏，只列出前 12 栏）"


# ----------------------------------------------------------------- what the tool itself prints


@pytest.mark.parametrize(("name", "key"), [
    ("企业数量（家） 总数", "a1.enterprises.total"),              # summary.yaml's monthly table labels
    ("健全三张清单 企业数量（家）", "a1.three_lists.enterprises"),
    ("罚款 金额（万元）", "a2.enf.罚款.金额"),
    ("罚款金额（万元）", "a2.enf.罚款.金额"),                     # report's headline table
    ("在册企业数量（家）", "a1.enterprises.total"),
    ("动态监管企业总数", "a2.overall.total"),
    # explain's own header: the sheet, a space, the header cells with ›, the sub-row in brackets
    ("附件1 落实“一企一策”数量 › 四色安全风险分级管控 › 红色风险（处）", "a1.four_color.红"),
    ("附件1 创建提升数量（家） › 一级企业 [国标]", "a1.grade.国标.一级"),
    ("附件1 企业数量（家） > 总数", "a1.enterprises.total"),      # the same on a console without ›
    # a line of diff pasted whole: cut at the colon
    ("附件1/企业数量（家）/总数：14 → 15（+1）", "a1.enterprises.total"),
    ("  a1.four_color.红: 12 → 13（+1）", "a1.four_color.红"),
])
def test_names_the_tool_prints_are_taken(name: str, key: str) -> None:
    assert find_column(name) == ColumnMatch((key,))


def test_every_header_explain_prints_names_its_column() -> None:
    for key, info in key_index().items():
        assert find_column(f"{info.form} {info.label}") == ColumnMatch((key,)), key


@pytest.mark.parametrize(("typed", "first"), [
    ("黄色分险", "a1.four_color.黄"),          # 分 for 风: one character, a homophone
    ("发现隐惠", "a2.enf.发现隐患"),
    ("企业总述", "a2.overall.total"),          # 附件2's 企业总数（家）
])
def test_a_one_character_typo_gets_a_suggestion_ranked_by_the_last_segment(typed: str, first: str) -> None:
    match = find_column(typed)
    assert match.keys == () and match.close[0] == first


def test_typo_in_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = explain(capsys, "发现隐惠")
    assert (code, out) == (2, "")
    assert err == ("用法错误：没有这个栏目：“发现隐惠”；相近的栏目：\n"
                   "  附件2/执法激励约束/发现隐患（条）    a2.enf.发现隐患\n"
                   "用 shuili explain --list 查看所有栏目的键和中文路径\n")


def test_explain_on_data_with_errors_offers_its_own_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    risks = root / "enterprises/e1/risks.yaml"
    risks.write_text(risks.read_text(encoding="utf-8").replace("color: 红", "color: 大红", 1), encoding="utf-8")
    args = [*TODAY, "explain", "红色风险", "--month", "2023-05", "--repo", str(root)]
    code, out, err = run_cli(args, capsys)
    assert (code, out) == (1, "")
    assert err.endswith("数据仓库有 1 个错误，算出的数字不可靠；请先修正（shuili validate 查看全部），"
                        "或加 --draft 照样计算（结果标注“草稿”）\n")
    code, out, err = run_cli([*args, "--draft"], capsys)
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "（草稿：数据仓库有 1 个错误，以下数字可能不准；shuili validate 查看全部）",
        "a1.four_color.红  附件1 落实“一企一策”数量 › 四色安全风险分级管控 › 红色风险（处）（存量，截至 2023-05-31）"]


def test_every_label_of_the_summaries_and_the_report_table_names_its_column() -> None:
    from shuili_cli.core.figures.catalogue import summary_catalogue

    summary = summary_catalogue()
    for item in (*summary.headline, *summary.monthly_table):
        assert find_column(item.label) == ColumnMatch((item.key,)), item.label
    # the labels report printed before summary.yaml named them in full
    for label, key in (("四色安全风险分级管控 企业数量（家）", "a1.four_color.enterprises"),
                       ("重大隐患挂牌督办 隐患数（条）", "a2.enf.挂牌督办.隐患"), ("企业总数（家）", "a2.overall.total")):
        assert find_column(label) == ColumnMatch((key,)), label
