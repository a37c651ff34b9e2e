"""`shuili report` end to end on the hand-counted fixture: files, figures.json, workbook cells, docx."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest

from shuili_cli.core.figures.catalogue import forms
from tests.conftest import run_cli
from tests.test_figures import FIXTURE, MAY, YTD_FLOWS, _expected
from tests.test_xlsx import expected_cells
from tests.test_xlsx import report_unit_row as unit_row

NAMES = {
    "测试县水利局-2023年5月-月报表.xlsx",
    "figures.json",
    "测试县水利局-2023年5月-工作总结.md",
    "测试县水利局-2023年5月-工作总结.docx",
}


def _report(capsys: pytest.CaptureFixture[str], out: Path, *extra: str, repo: Path = FIXTURE,
            today: str = "2024-01-15") -> tuple[int, str, str]:
    return run_cli(["--today", today, "report", "--repo", str(repo), "--out", str(out), "--date", "2023-06-02",
                    *extra], capsys)


def _json_figures(expected: dict[str, int | Decimal]) -> dict[str, int | float]:
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in expected.items()}


@pytest.fixture(scope="module")
def may(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    from shuili_cli.cli.app import main

    with pytest.raises(SystemExit) as exc:
        main(["--today", "2024-01-15", "report", "--repo", str(FIXTURE), "--out", str(out), "--month", "2023-05",
              "--date", "2023-06-02"])
    assert exc.value.code == 0
    return out / "2023-05"


def _visible(folder: Path) -> set[str]:
    """The files a user sees (the hidden .shuili-manifest.json aside)."""
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def test_writes_the_four_files(may: Path) -> None:
    assert {p.name for p in may.iterdir()} == NAMES | {".shuili-manifest.json"}


def test_figures_json(may: Path) -> None:
    doc = json.loads((may / "figures.json").read_text(encoding="utf-8"))
    assert doc.pop("schema_version") == 1
    workbook = (may / "测试县水利局-2023年5月-月报表.xlsx").read_bytes()
    assert doc.pop("sha256") == hashlib.sha256(workbook).hexdigest()
    source = doc.pop("source")
    assert (source["repository"], source["generated_on"]) == ("测试县水利局", "2023-06-02")  # commit: the project's own
    assert doc == {
        "month": "2023-05",
        "basis": "month",
        "unit": {"name": "测试县水利局", "type": "县（市、区）", "region": "测试县"},
        "generated_on": "2023-06-02",
        "figures": _json_figures(_expected(MAY)),
    }
    assert list(doc["figures"]) == [k for f in forms() for k in f.keys()]


def test_workbook_cells_equal_figures_json(may: Path) -> None:
    from openpyxl import load_workbook

    figures = json.loads((may / "figures.json").read_text(encoding="utf-8"))["figures"]
    values = {k: Decimal(str(v)) if isinstance(v, float) else v for k, v in figures.items()}
    wb = load_workbook(may / "测试县水利局-2023年5月-月报表.xlsx")
    assert wb.sheetnames == ["附件1", "附件2"]
    for form in forms():
        ws = wb[form.sheet]
        for row, col, value, _ in expected_cells(form, values, unit_row(form, "县（市、区）")):
            cell = ws.cell(row=row, column=col).value
            assert (Decimal(str(cell)) if isinstance(cell, float) else cell) == value, (form.sheet, row, col)
        for row, col, value, _ in expected_cells(form, values, unit_row(form, "市直单位")):
            if not isinstance(value, str):
                assert ws.cell(row=row, column=col).value is None  # the row this repository does not fill
    assert wb["附件1"]["A3"].value == "（2023年5月）"
    assert wb["附件1"]["A4"].value.startswith("填报单位（盖章）：测试县水利局　填表人：林晓东　联系电话：0595-23881234")


def test_summary_documents(may: Path) -> None:
    import docx

    text = (may / "测试县水利局-2023年5月-工作总结.md").read_text(encoding="utf-8")
    assert "测试县水利局2023年5月安全生产标准化提升专项行动巩固提高工作总结" in text
    assert "bureau/notes" not in text and "shuili" not in text   # the missing notes are said on the console
    document = docx.Document(BytesIO((may / "测试县水利局-2023年5月-工作总结.docx").read_bytes()))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "测试县水利局2023年5月\n安全生产标准化提升专项行动\n巩固提高工作总结" in body   # the title's lines
    cells = [c.text for c in document.tables[0].rows[1].cells]
    assert cells[1:3] == ["3", "3"]  # 在册企业 this month and last month (e2 registered 05-15, e3 closed 05-31)


def test_json_format_prints_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _report(capsys, tmp_path / "out", "--month", "2023-05", "--format", "json")
    assert code == 0
    assert json.loads(out)["figures"] == _json_figures(_expected(MAY))
    assert not (tmp_path / "out").exists()


def test_ytd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _report(capsys, tmp_path, "--month", "2023-05", "--ytd", "--format", "xlsx")
    assert code == 0
    folder = tmp_path / "2023-05-ytd"
    assert _visible(folder) == {"测试县水利局-2023年5月（1-5月累计）-月报表.xlsx", "figures.json"}
    doc = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    assert doc["basis"] == "ytd"
    assert doc["figures"] == _json_figures(_expected({**MAY, **YTD_FLOWS}))


def test_default_month_is_the_previous_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = _report(capsys, tmp_path, "--format", "xlsx", today="2023-06-15")
    assert code == 0 and (tmp_path / "2023-05").is_dir()


def test_unfinished_month_needs_partial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _report(capsys, tmp_path, "--month", "2023-05", today="2023-05-20")
    assert code == 2 and "2023年5月还没有结束" in err and "--partial" in err
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    for rel in ("enterprises/e1", "enterprises/e3", "enterprises/e4", "bureau"):  # records dated after 05-20
        shutil.rmtree(repo / rel)
    code, out, err = _report(capsys, tmp_path / "out", "--month", "2023-05", "--partial", "--format", "json",
                             repo=repo, today="2023-05-20")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == "2023-05-20"
    code, _, _ = _report(capsys, tmp_path / "out", "--month", "2023-05", "--partial", "--format", "xlsx",
                         repo=repo, today="2023-05-20")
    from openpyxl import load_workbook

    [book] = list((tmp_path / "out" / "2023-05").glob("*截至5月20日*.xlsx"))
    sheet = load_workbook(book)["附件1"]
    assert sheet["A2"].value.endswith("月报表（一）") and sheet["A3"].value == "（2023年5月，截至5月20日）"
    assert doc["figures"]["a1.enterprises.total"] == 1  # e2, registered 05-15


@pytest.mark.parametrize(("args", "message"), [
    (["--month", "2023-13"], "--month 的值“2023-13”：没有 13 月（月份为 1–12）"),
    (["--month", "2031-01"], "2031年1月还没有开始"),
    (["--format", "pdf"], "--format 的值“pdf”无效"),
    (["--date", "6月2日"], "--date“6月2日”无效"),
])
def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = _report(capsys, tmp_path, *args)
    assert code == 2 and message in err


def test_unwritable_output_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = _report(capsys, blocker, "--month", "2023-05", "--format", "xlsx")
    assert code == 2 and "无法写入输出目录" in err


def _broken_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    path = repo / "enterprises/e1/hazards/2023.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("deadline: 2023-05-12", "deadline: 2023-04-12"),
                    encoding="utf-8")
    return repo


def test_refuses_data_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _report(capsys, tmp_path / "out", "--month", "2023-05", repo=_broken_repo(tmp_path))
    assert code == 1 and out == ""  # stdout stays clean for --format json consumers
    assert "enterprises/e1/hazards/2023.yaml:2:" in err and "SL401" in err
    assert "--draft" in err
    assert not (tmp_path / "out").exists()


def test_draft_marks_every_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    repo = _broken_repo(tmp_path)
    code, out, err = _report(capsys, tmp_path / "out", "--month", "2023-05", "--draft", "--format", "json", repo=repo)
    doc = json.loads(out)
    assert code == 0 and doc["draft"] is True and "SL401" in doc["findings"][0]
    code, _, err = _report(capsys, tmp_path / "out", "--month", "2023-05", "--draft", repo=repo)
    assert code == 0 and "草稿" in err
    folder = tmp_path / "out" / "2023-05"
    wb = load_workbook(folder / "测试县水利局-2023年5月-月报表.xlsx")
    for ws in wb.worksheets:
        assert any("草稿" in str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "草稿" in (folder / "测试县水利局-2023年5月-工作总结.md").read_text(encoding="utf-8")


def test_formula_like_unit_name_stays_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    settings = repo / "shuili.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("name: 测试县水利局", "name: '=HYPERLINK(\"x\")'"),
                        encoding="utf-8")
    code, _, _ = _report(capsys, tmp_path / "out", "--month", "2023-05", "--format", "xlsx", repo=repo)
    assert code == 0
    [book] = list((tmp_path / "out" / "2023-05").glob("*.xlsx"))
    cell = load_workbook(book)["附件1"]["A4"]
    assert cell.data_type == "s" and cell.value.startswith('填报单位（盖章）：=HYPERLINK("x")')


def test_rerun_replaces_its_own_files_and_keeps_the_users(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report(capsys, tmp_path, "--month", "2023-05")[0] == 0
    first = (tmp_path / "2023-05" / "figures.json").read_bytes()
    (tmp_path / "2023-05" / "stale.txt").write_text("old")
    assert _report(capsys, tmp_path, "--month", "2023-05", "--format", "xlsx")[0] == 0
    # the .md and .docx of the first run are gone (unchanged since shuili wrote them); the user's file stays
    assert _visible(tmp_path / "2023-05") == {"测试县水利局-2023年5月-月报表.xlsx", "figures.json", "stale.txt"}
    assert (tmp_path / "2023-05" / "figures.json").read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["2023-05"]  # no temporary folders left behind
    assert [p.name for p in (tmp_path / "2023-05").iterdir() if p.name.startswith(".")] == [".shuili-manifest.json"]


def test_explain_total_matches_the_workbook_cell(may: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    code, out, _ = run_cli(["--today", "2024-01-15", "explain", "a1.three_lists.self_found", "--month", "2023-05",
                            "--repo", str(FIXTURE)], capsys)
    assert code == 0
    total = int(out.rstrip().rsplit("合计：", 1)[1].split("条")[0])
    form = forms()[0]
    values = json.loads((may / "figures.json").read_text(encoding="utf-8"))["figures"]
    ws = load_workbook(may / "测试县水利局-2023年5月-月报表.xlsx")["附件1"]
    cells = {(r, c): v for r, c, v, _ in expected_cells(form, values, unit_row(form, "县（市、区）"))}
    col = next(2 + j for j, c in enumerate(form.columns) if c.keys and c.keys[0] == "a1.three_lists.self_found")
    row = unit_row(form, "县（市、区）")
    assert ws.cell(row=row, column=col).value == total == cells[(row, col)] == 3


def test_year_end_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["--today", "2024-01-05", "summary", "--year", "2023", "--repo", str(FIXTURE), "--out",
                              str(tmp_path), "--date", "2024-01-05"], capsys)
    assert code == 0, err
    folder = tmp_path / "2023-年度"
    assert _visible(folder) == {
        "测试县水利局-2023年度-月报表（1-12月累计）.xlsx", "figures.json",
        "测试县水利局-2023年度工作总结.md", "测试县水利局-2023年度工作总结.docx", "测试县水利局-2023年度图表.html",
    }
    doc = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    assert (doc["month"], doc["basis"]) == ("2023-12", "ytd")
    book = (folder / "测试县水利局-2023年度-月报表（1-12月累计）.xlsx").read_bytes()
    assert doc["sha256"] == hashlib.sha256(book).hexdigest() and doc["source"]["repository"] == "测试县水利局"
    # the whole year's flows (hand-counted from the fixture): 自查 found e1 H1 H2 H3 H7, e3 H1; fines 2 + 1.2345 + 0.0005
    assert doc["figures"]["a1.three_lists.self_found"] == 5
    assert doc["figures"]["a2.enf.罚款.金额"] == 3.235
    assert doc["figures"]["a2.enf.激励"] == 1          # ENF-8 in June
    assert doc["figures"]["a2.enf.督促整改隐患"] == 2   # H5 in May, H6 in June
    md = (folder / "测试县水利局-2023年度工作总结.md").read_text(encoding="utf-8")
    assert "测试县水利局2023年安全生产标准化提升专项行动巩固提高工作总结" in md
    assert "bureau/notes" not in md and "局全年工作情况" not in md   # an official paper: the section is left out
    assert ("注意：未找到 bureau/notes/2023.md：工作总结略去了“局全年工作情况”一节；"
            "写好该文件后重新运行 shuili summary --year 2023。") in err


def test_year_end_summary_before_the_year_ends(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["--today", "2023-12-20", "summary", "--year", "2023", "--repo", str(FIXTURE), "--out",
                            str(tmp_path)], capsys)
    assert code == 2 and "2023年还没有结束" in err and "--partial" in err


def test_year_table_agrees_with_the_monthly_reports(capsys: pytest.CaptureFixture[str]) -> None:
    """Each month row of the annual table is that month's report; the totals are December's ytd."""
    from datetime import date

    from shuili_cli.core.outputs import annual
    from shuili_cli.core.source.loader import load

    repo = load(FIXTURE, today=date(2024, 1, 15)).repo
    content, _ = annual.build(repo, annual.year_period(2023, date(2024, 1, 5), partial=False), date(2024, 1, 5))
    keys = [k for k, _ in content.columns]
    for row in content.months:
        code, out, _ = run_cli(["--today", "2024-01-15", "report", "--month", f"2023-{row.month:02d}", "--format",
                                "json", "--repo", str(FIXTURE)], capsys)
        assert code == 0
        figures = json.loads(out)["figures"]
        assert [float(v) if isinstance(v, Decimal) else v for v in row.values] == [figures[k] for k in keys], row.month
    may = dict(zip(keys, content.months[4].values, strict=True))
    assert may["a1.three_lists.self_found"] == 3 and may["a1.four_color.红"] == 1   # hand-counted, see test_figures
    code, out, _ = run_cli(["--today", "2024-01-15", "report", "--month", "2023-12", "--ytd", "--format", "json",
                            "--repo", str(FIXTURE)], capsys)
    assert code == 0
    december_ytd = json.loads(out)["figures"]
    assert [float(v) if isinstance(v, Decimal) else v for v in content.totals] == [december_ytd[k] for k in keys]


def test_year_end_summary_partial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    for rel in ("enterprises/e1", "enterprises/e3", "enterprises/e4", "bureau"):  # records dated after 05-20
        shutil.rmtree(repo / rel)
    code, _, err = run_cli(["--today", "2023-05-20", "summary", "--year", "2023", "--partial", "--repo", str(repo),
                            "--out", str(tmp_path / "out")], capsys)
    assert code == 0, err
    folder = tmp_path / "out" / "2023-年度"
    assert (folder / "测试县水利局-2023年度-月报表（截至5月20日）.xlsx").is_file()
    doc = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    assert (doc["month"], doc["basis"], doc["as_of"]) == ("2023-05", "ytd", "2023-05-20")
    assert "（截至5月20日）" in (folder / "测试县水利局-2023年度工作总结.md").read_text(encoding="utf-8")
