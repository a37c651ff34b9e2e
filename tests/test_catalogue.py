"""``report-templates/summary.yaml``: the headline figures, the annual month table and the deadlines.

The written summaries and ``shuili alerts`` take these from the catalogue, not from code: the shipped
file is valid, a broken one stops the tool with the file and the place, and its order is the output's.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from shuili_cli import api
from shuili_cli.core import alerts
from shuili_cli.core.figures import catalogue
from shuili_cli.core.figures.figures import Period
from shuili_cli.core.outputs import annual

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "report-templates" / "summary.yaml"
TEMPLATE = ROOT / "data-template"
TODAY = date(2024, 1, 15)


def _text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


def _load(text: str) -> catalogue.SummaryCatalogue:
    return catalogue.load_summary(text, "summary.yaml", catalogue.key_index())


@pytest.fixture
def summary_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A ``summary.yaml`` of the test's own, read instead of the shipped one (the forms stay shipped)."""
    for name in (*catalogue.FORM_FILES, "phases.yaml"):  # the shipped forms (and phases) beside it
        (tmp_path / name).write_bytes((catalogue.templates_dir() / name).read_bytes())
    target = tmp_path / "summary.yaml"
    target.write_text(_text(), encoding="utf-8")
    monkeypatch.setattr(catalogue, "templates_dir", lambda: tmp_path)
    catalogue.summary_catalogue.cache_clear()
    try:
        yield target
    finally:
        catalogue.summary_catalogue.cache_clear()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalogue") / "repo"
    shutil.copytree(TEMPLATE, root)
    return root


def test_the_shipped_summary_file_is_valid_and_names_only_form_keys() -> None:
    shipped = catalogue.summary_catalogue()
    assert shipped == _load(_text())
    keys = catalogue.key_index()
    assert shipped.headline and shipped.monthly_table
    for item in shipped.headline + shipped.monthly_table:
        assert item.key in keys and item.label
    assert (shipped.monthly_due_day, shipped.annual_due_day) == (3, 8)


def test_the_shipped_headline_labels_are_unambiguous() -> None:
    """The headline labels are given in summary.yaml (issue 10 item 3 of the review): each names its
    group where the column's own name is shared ("发现隐患（条）" is 执法检查's), without spaces, in its unit."""
    shipped = catalogue.summary_catalogue().headline
    labels = [item.label for item in shipped]
    assert len(set(labels)) == len(labels)
    for item in shipped:
        assert " " not in item.label and item.label.endswith(f"（{catalogue.key_index()[item.key].unit}）")
    assert {"发现隐患（条）", "企业总数（家）", "企业数量（家）", "隐患数（条）", "金额（万元）"}.isdisjoint(labels)
    named = {item.key: item.label for item in shipped}
    assert (named["a1.enterprises.total"], named["a2.overall.total"], named["a2.enf.发现隐患"]) == (
        "在册企业数量（家）", "动态监管企业总数（家）", "执法检查发现隐患（条）")
    assert (named["a2.enf.罚款.金额"], named["a2.enf.挂牌督办.隐患"]) == ("罚款金额（万元）", "重大隐患挂牌督办数（条）")


def test_the_shipped_month_table_labels_are_the_short_labels_of_the_columns() -> None:
    """Each label is the headline's label for the same figure, else the column's own name, with its group
    written before it (no space) where the name alone is ambiguous."""
    ambiguous = {"企业数量（家）", "总数", "企业数（家次）", "隐患数（条）", "金额（万元）"}
    headline = {h.key: h.label for h in catalogue.summary_catalogue().headline}
    for item in catalogue.summary_catalogue().monthly_table:
        parts = catalogue.key_index()[item.key].label.split(" › ")
        short = "".join(parts[-2:]) if parts[-1] in ambiguous and len(parts) > 1 else parts[-1]
        assert item.label in (headline.get(item.key), short), item.key
        assert " " not in item.label


@pytest.mark.parametrize(("edit", "message"), [
    (("{key: a1.responsibility,", "{key: a1.responsibilty,"),
     "summary.yaml: 总结指标有误：headline.1.key: 键 a1.responsibilty 不在栏目目录（annex1.yaml、annex2.yaml）中"),
    (("{key: a2.enf.挂牌督办.隐患,", "{key: a2.enf.检查,"), "summary.yaml: 总结指标有误：headline.16.key: 键 a2.enf.检查 重复"),
    (("{key: a1.enterprises.total, label: 在册企业数量（家）}\n  - {key: a1.responsibility",
      "{key: a1.enterprises.total}\n  - {key: a1.responsibility"),
     "summary.yaml: 总结指标有误：headline.0.label: 缺少此项"),
    (("  monthly_day: 3\n", ""), "summary.yaml: 总结指标有误：deadlines.monthly_day: 缺少此项"),
    (("  annual_day: 8\n", "  annual_day: 8\n  quarterly_day: 5\n"),
     "summary.yaml: 总结指标有误：deadlines.quarterly_day: 不认识的字段"),
    (("  monthly_day: 3\n", "  monthly_day: 30\n"), "summary.yaml: 总结指标有误：deadlines.monthly_day: 应不大于 28"),
    (("  annual_day: 8\n", "  annual_day: '8'\n"), "summary.yaml: 总结指标有误：deadlines.annual_day: 应为整数"),
    (("\nmonthly_table:", "\nmonthly_tabel:"),
     "summary.yaml: 总结指标有误：monthly_table: 缺少此项；monthly_tabel: 不认识的字段"),
])
def test_a_broken_summary_file_fails_with_the_place(edit: tuple[str, str], message: str) -> None:
    text = _text()
    assert text.count(edit[0]) == 1
    with pytest.raises(catalogue.CatalogueError) as caught:
        _load(text.replace(*edit))
    assert str(caught.value) == message


def test_an_unreadable_summary_file_is_refused() -> None:
    with pytest.raises(catalogue.CatalogueError, match=re.escape("summary.yaml: 无法读取总结指标")):
        _load("- just\n- a list\n")


def test_a_misspelt_key_in_the_installed_file_stops_the_summary(summary_file: Path, template: Path) -> None:
    summary_file.write_text(_text().replace("{key: a1.five_s, label", "{key: a1.5s, label"), encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match=re.escape("headline.10.key: 键 a1.5s 不在栏目目录")):
        api.monthly_package(template, Period(2023, 5), today=TODAY, fmt="xlsx")


def test_the_headline_order_is_the_files_order(template: Path) -> None:
    listed = yaml.safe_load(_text())["headline"]
    package = api.monthly_package(template, Period(2023, 5), today=TODAY, fmt="xlsx")
    assert [(h.key, h.label) for h in package.headlines] == [(x["key"], x["label"]) for x in listed]


def test_a_reordered_file_reorders_the_headlines_and_the_month_table(summary_file: Path, template: Path) -> None:
    data = yaml.safe_load(_text())
    data["headline"] = list(reversed(data["headline"]))[:3]
    data["headline"][0]["label"] = "罚款金额"
    data["monthly_table"] = list(reversed(data["monthly_table"]))
    summary_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    package = api.monthly_package(template, Period(2023, 5), today=TODAY, fmt="xlsx")
    assert [(h.key, h.label) for h in package.headlines] == [
        ("a2.enf.罚款.金额", "罚款金额"), ("a2.enf.挂牌督办.隐患", "重大隐患挂牌督办数（条）"),
        ("a2.enf.督促整改隐患", "督促整改隐患（条）")]
    repo = api.load(template, TODAY, draft=True).result.repo
    content, _ = annual.build(repo, Period(2023, 12, ytd=True), date(2024, 1, 5))
    assert content.columns == tuple((x["key"], x["label"]) for x in data["monthly_table"])
    assert all(len(row.values) == len(content.columns) for row in content.months)


def test_the_deadlines_are_the_files(summary_file: Path) -> None:
    shipped = [a.message for a in alerts._deadlines(date(2024, 1, 2))]
    assert "1月3日前报送" in shipped[0] and "应于1月8日前报送，距报送截止还有 6 天" in shipped[1]
    summary_file.write_text(_text().replace("monthly_day: 3", "monthly_day: 5").replace("annual_day: 8", "annual_day: 10"),
                            encoding="utf-8")
    catalogue.summary_catalogue.cache_clear()
    moved = [a.message for a in alerts._deadlines(date(2024, 1, 9))]
    assert moved == [
        "下次报送：2024年1月的月报表和工作总结应于2月5日前报送，还有 27 天",
        "2023年度材料（12月累计报表和年度工作总结）应于1月10日前报送，距报送截止还有 1 天（shuili summary --year 2023）",
    ]


def test_the_code_holds_no_copy_of_the_lists() -> None:
    """The labels and deadline days live in summary.yaml only."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    for name in ("HEADLINE_KEYS", "MONTHLY_KEYS", "MONTHLY_DUE_DAY", "ANNUAL_DUE_DAY", "1月8日"):
        assert name not in source
    for item in catalogue.summary_catalogue().headline:
        if " " in item.label:   # the composed labels: the plain column names also appear as headers
            assert item.label not in source
