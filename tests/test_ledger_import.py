"""`shuili export` / `shuili import` through the CLI, with workbooks built in the test.

Expected ids, YAML lines and cell references are worked out by hand from the small fixture.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import MakeRepo, run_cli

TEMPLATE = Path(__file__).resolve().parents[1] / "data-template"
TODAY = "2024-01-15"

HAZARDS = """\
# 2023 年隐患（注释必须保留）
hazards:
  - id: H-2023-001
    found_on: 2023-05-04
    source: 自查
    description: 启闭机钢丝绳断丝超标
    grade: 一般
    responsible: 陈志强
    deadline: 2023-05-20  # 整改期限
    measures: 更换钢丝绳
    funds_wan: 0.80
    rectified_on: 2023-05-18

  - id: H-2023-002
    found_on: 2023-06-01
    source: 自查
    description: 配电房门锁损坏
    grade: 一般
    responsible: 林晓东
    deadline: 2023-06-10
"""

HAZARD_HEADERS = ["隐患编号", "发现日期", "隐患来源", "隐患描述", "隐患等级", "整改责任人", "整改期限", "整改措施",
                  "整改资金（万元）", "整改完成日期", "验收日期", "验收人"]


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    return make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "reports" not in p.parts}


def _book(path: Path, sheets: dict[str, list[list[object]]], meta: dict[str, str] | None = None) -> Path:
    """A workbook as a person would make it in Excel: plain sheets, optional shuili meta sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    if meta:
        ws = wb.create_sheet("_shuili")
        for k, v in meta.items():
            ws.append([k, v])
        ws.sheet_state = "veryHidden"
    wb.save(path)
    return path


def _import(capsys: pytest.CaptureFixture[str], root: Path, book: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli(["--today", TODAY, "import", str(book), "--repo", str(root), *extra], capsys)


# ----------------------------------------------------------------- round trip


def test_export_then_import_of_the_demo_changes_no_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    shutil.copytree(TEMPLATE, root)
    before = _digest(root)
    code, out, err = run_cli(["export", "--all", "--county", "--as-of", "2023-05-31", "--repo", str(root),
                              "--out", str(tmp_path / "out")], capsys)
    assert code == 0, err
    books = sorted((tmp_path / "out").glob("*.xlsx"))
    assert len(books) == 15  # 14 enterprises and the county
    for book in books:
        code, out, err = _import(capsys, root, book)
        assert code == 0, out + err
        assert "修改 0 条" in out and "新增 0 条" in out
    assert _digest(root) == before


def test_editing_one_cell_changes_exactly_that_field(repo: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["export", "a", "--as-of", "2023-06-30", "--repo", str(repo), "--out", str(tmp_path)], capsys)
    assert code == 0, err
    book = next(tmp_path.glob("*-台账-2023-06-30.xlsx"))
    wb = openpyxl.load_workbook(book)
    ws = wb["隐患清单"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=3, column=headers.index("整改完成日期") + 1).value = datetime(2023, 6, 8)
    ws.cell(row=3, column=headers.index("整改措施") + 1).value = "更换门锁"
    wb.save(book)
    original = (repo / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8").splitlines()
    code, out, err = _import(capsys, repo, book)
    assert code == 0, out + err
    assert "修改 1 条" in out
    after = (repo / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8").splitlines()
    assert after[:20] == original  # every line before the record's end is untouched, comments included
    assert after[20:] == ["    measures: 更换门锁", "    rectified_on: 2023-06-08"]
    assert "H-2023-002" in out  # the review names the record


def test_new_row_without_id_gets_the_next_id_and_iso_dates(repo: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path / "in.xlsx", {"隐患清单": [
        HAZARD_HEADERS,
        [None, "2023/7/3", "自查", "消防栓水压不足", "一般隐患", "张三", "2023年7月20日", None, "0.3", None, None, None],
    ]})
    code, out, err = _import(capsys, repo, book, "--enterprise", "a")
    assert code == 0, out + err
    text = (repo / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8")
    assert text.startswith(HAZARDS)
    assert text[len(HAZARDS):] == (
        "\n  - id: H-2023-003\n    found_on: 2023-07-03\n    source: 自查\n    description: 消防栓水压不足\n"
        "    grade: 一般\n    responsible: 张三\n    deadline: 2023-07-20\n    funds_wan: 0.3\n")


def test_new_hazard_of_another_year_goes_into_a_new_file_with_its_schema_line(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "schemas").mkdir()
    book = _book(tmp_path / "in.xlsx", {"隐患清单": [
        HAZARD_HEADERS, [None, date(2024, 1, 3), "自查", "护栏松动", "一般", "张三", date(2024, 1, 10)]]})
    code, out, err = _import(capsys, repo, book, "--enterprise", "a")
    assert code == 0, out + err
    assert (repo / "enterprises/a/hazards/2024.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../../schemas/hazards.schema.json\n\n"
        "hazards:\n  - id: H-2024-001\n    found_on: 2024-01-03\n    source: 自查\n    description: 护栏松动\n"
        "    grade: 一般\n    responsible: 张三\n    deadline: 2024-01-10\n")


# ----------------------------------------------------------------- nothing written on error


def test_a_hostile_workbook_writes_nothing_and_names_every_bad_cell(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hostile.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "隐患清单"
    ws.append(HAZARD_HEADERS)
    ws.append(["H-2023-001", "2023-02-30", "自查", "x", "较大", "陈", "2023-05-20", None, "八千元"])   # row 2
    ws.append([None, "=TODAY()", "自查", "y", "一般", "陈", 45052])                                    # row 3
    for _ in range(10_000):
        ws.append([None] * 12)
    wb.save(path)
    before = _digest(repo)
    code, out, _ = _import(capsys, repo, path, "--enterprise", "a")
    assert code == 1
    assert _digest(repo) == before
    lines = out.splitlines()
    assert lines[0] == "错误："
    joined = "\n".join(lines)
    assert "隐患清单!B2" in joined and "2023-02-30" in joined
    assert "隐患清单!E2  错误  （隐患等级）“较大”不是允许的取值，请从下拉列表选择：一般、重大" in joined
    assert "隐患清单!I2" in joined and "万元" in joined
    assert "隐患清单!B3" in joined and "公式" in joined
    assert "未写入任何文件" in joined


def test_an_error_of_the_merged_repository_is_reported_at_its_cell(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path / "in.xlsx", {"隐患清单": [
        HAZARD_HEADERS,
        ["H-2023-001", "2023-05-04", "自查", "启闭机钢丝绳断丝超标", "一般", "陈志强", "2023-05-20", "更换钢丝绳",
         0.8, "2023-05-18", "2023-05-10", "林晓东"],   # verified before rectified
    ]})
    before = _digest(repo)
    code, out, _ = _import(capsys, repo, book, "--enterprise", "a")
    assert code == 1
    assert _digest(repo) == before
    assert any(line.startswith("  隐患清单!K2  错误  ") and "SL401" in line for line in out.splitlines()), out


def test_dry_run_writes_nothing_and_shows_the_review(repo: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path / "in.xlsx", {"隐患清单": [
        HAZARD_HEADERS, ["H-2023-002", "2023-06-01", "自查", "配电房门锁损坏", "重大", "林晓东", "2023-06-10"]]})
    before = _digest(repo)
    code, out, err = _import(capsys, repo, book, "--enterprise", "a", "--dry-run", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["ok"] and doc["dry_run"] and doc["changed"] == 1 and doc["written"] == []
    assert [r["id"] for r in doc["review"]["records"]] == ["H-2023-002"]
    assert doc["review"]["records"][0]["fields"]["grade"] == ["一般", "重大"]
    assert _digest(repo) == before


# ----------------------------------------------------------------- which enterprise, which layout


def test_a_workbook_of_no_known_enterprise_is_a_usage_error(repo: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path / "in.xlsx", {"隐患清单": [HAZARD_HEADERS]})
    code, _, err = _import(capsys, repo, book)
    assert code == 2 and "--enterprise" in err
    code, _, err = _import(capsys, repo, book, "--enterprise", "nope")
    assert code == 2 and "enterprises/nope/" in err
    marked = _book(tmp_path / "m.xlsx", {"隐患清单": [HAZARD_HEADERS]}, meta={"enterprise": "a"})
    code, _, err = _import(capsys, repo, marked, "--enterprise", "b")
    assert code == 2 and "工作簿属于企业 a" in err


def test_a_foreign_layout_is_read_through_a_map(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        "sheets:\n  隐患清单:\n    from: 隐患台账\n    header_row: 2\n    columns:\n"
        "      序号: null\n      排查时间: 发现日期\n      隐患内容: 隐患描述\n      级别: 隐患等级\n"
        "      责任人: 整改责任人\n      期限: 整改期限\n      来源: 隐患来源\n"
        "    values:\n      隐患等级: {Ⅰ级: 重大, Ⅱ级: 一般}\n", encoding="utf-8")
    book = _book(tmp_path / "foreign.xlsx", {"隐患台账": [
        ["某某水电站隐患排查治理台账"],
        ["序号", "排查时间", "隐患内容", "级别", "责任人", "期限", "来源"],
        [1, "2023.8.1", "尾水渠护栏缺失", "Ⅱ级", "王五", "2023.8.15", "自查"],
    ]})
    code, out, err = _import(capsys, repo, book, "--enterprise", "a", "--map", str(mapping))
    assert code == 0, out + err
    assert "新增 1 条" in out
    text = (repo / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8")
    assert ("  - id: H-2023-003\n    found_on: 2023-08-01\n    source: 自查\n    description: 尾水渠护栏缺失\n"
            "    grade: 一般\n    responsible: 王五\n    deadline: 2023-08-15\n") in text
    assert "“序号”对照表中设为忽略" in out


def test_a_gbk_csv_from_chinese_excel_is_imported(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "隐患.csv"
    csv.write_bytes(("隐患编号,发现日期,隐患来源,隐患描述,隐患等级,整改责任人,整改期限\r\n"
                     ",2023/9/1,自查,值班室灭火器过期,一般,赵六,2023/9/8\r\n").encode("gb18030"))
    code, out, err = _import(capsys, repo, csv, "--enterprise", "a")
    assert code == 0, out + err
    assert "description: 值班室灭火器过期" in (repo / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8")


def test_the_county_workbook_routes_rows_by_enterprise(make_repo: MakeRepo, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS}, enterprises=("a", "b"))
    book = _book(tmp_path / "county.xlsx", {"隐患清单": [
        ["企业编号", "企业名称", *HAZARD_HEADERS],
        ["b", "测试水库", None, "2023-03-02", "自查", "坝顶排水沟堵塞", "一般", "钱七", "2023-03-09"],
        ["zz", "无此企业", None, "2023-03-02", "自查", "x", "一般", "钱七", "2023-03-09"],
    ]})
    code, out, _ = _import(capsys, root, book)
    assert code == 1
    assert "隐患清单!A3  错误  企业编号“zz”不在仓库中" in out
    assert "本工作簿改动了" not in out      # one enterprise (b): no warning
    assert not (root / "enterprises/b/hazards").exists()


def test_a_50_mb_workbook_is_refused_before_it_is_read(repo: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "big.xlsx"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)
    before = _digest(repo)
    code, out, err = _import(capsys, repo, big, "--enterprise", "a")
    assert code == 1 and out == ""
    assert "big.xlsx" in err and "50" in err
    assert _digest(repo) == before


def test_merged_data_cells_are_refused_and_extra_and_hidden_columns_are_reported(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "隐患清单"
    ws.append([*HAZARD_HEADERS, "备注"])
    ws.append([None, "2023-07-01", "自查", "甲", "一般", "张三", "2023-07-10"])
    ws.append([None, "2023-07-01", "自查", "乙", "一般", None, "2023-07-10"])
    ws.merge_cells("F2:F3")                       # one person for both rows, as people do in Excel
    ws.column_dimensions["H"].hidden = True
    wb.save(path)
    before = _digest(repo)
    code, out, _ = _import(capsys, repo, path, "--enterprise", "a")
    assert code == 1
    assert "隐患清单!F2  错误  合并单元格 F2:F3：合并后只有左上角的格子有值，其余行会丢失；请取消合并，每行每格分别填写" in out
    assert "隐患清单!M1“备注”不是本表的栏目，该列未导入" in out
    assert "隐患清单!H 列“整改措施”是隐藏列，仍按该栏导入" in out
    assert _digest(repo) == before


def test_a_row_repeating_a_stored_hazard_without_its_id(repo: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    same = [None, "2023-06-01", "自查", "配电房门锁损坏", "一般", "林晓东", "2023-06-10"]
    book = _book(tmp_path / "again.xlsx", {"隐患清单": [HAZARD_HEADERS, same]})   # a running ledger sent again
    before = _digest(repo)
    code, out, err = _import(capsys, repo, book, "--enterprise", "a")
    assert code == 0 and "新增 0 条，修改 0 条，未变 1 条" in out, out + err
    book = _book(tmp_path / "other.xlsx", {"隐患清单": [HAZARD_HEADERS, [*same[:5], "王五", *same[6:]]]})
    code, out, _ = _import(capsys, repo, book, "--enterprise", "a")
    assert code == 1
    assert ("隐患清单!A2  错误  这一行没有编号，但发现日期、隐患描述、隐患部位与已有记录 H-2023-002"
            "（enterprises/a/hazards/2023.yaml）相同，其他栏却不同") in out
    assert _digest(repo) == before


def test_a_file_with_a_syntax_error_is_never_edited(repo: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "enterprises/a/hazards/2023.yaml"
    path.write_text(HAZARDS + "  - id: [H-9\n", encoding="utf-8")
    before = _digest(repo)
    book = _book(tmp_path / "in.xlsx", {"隐患清单": [
        HAZARD_HEADERS, ["H-2023-002", "2023-06-01", "自查", "配电房门锁损坏", "重大", "林晓东", "2023-06-10"]]})
    code, out, _ = _import(capsys, repo, book, "--enterprise", "a")
    assert code == 1
    assert "enterprises/a/hazards/2023.yaml" in out and "语法错误" in out
    assert _digest(repo) == before


CHECKLISTS = """\
checklists:
  - id: CL-E
    level: 企业
    name: 安全生产检查清单
    owner: 站长
    frequency: 每月
    established_on: 2023-03-10
    items:
      - id: 1
        content: 闸门启闭设备运行正常   # 第一条
      - id: 2
        content: 消防器材完好
"""
CHECKLIST_HEADERS = ["清单编号", "层级", "清单名称", "带队负责人", "车间（部门）", "岗位（班组）", "检查频次", "整改要求",
                     "建立日期", "条目编号", "检查内容", "检查依据"]


def test_checklist_items_are_changed_and_added_inside_their_checklist(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/checklists.yaml": CHECKLISTS})
    row = ["CL-E", "企业", "安全生产检查清单", "站长", None, None, "每月", None, "2023-03-10"]
    book = _book(tmp_path / "cl.xlsx", {"三张清单": [
        CHECKLIST_HEADERS,
        [*row, 1, "闸门启闭设备运行正常", None],
        [*row, 2, "消防器材完好有效", "GB 50140"],
        [*row, None, "安全出口畅通", None],
    ]})
    code, out, err = _import(capsys, root, book, "--enterprise", "a")
    assert code == 0, out + err
    assert (root / "enterprises/a/checklists.yaml").read_text(encoding="utf-8") == CHECKLISTS.replace(
        "        content: 消防器材完好\n",
        "        content: 消防器材完好有效\n        basis: GB 50140\n      - id: 3\n        content: 安全出口畅通\n")


# ----------------------------------------------------------------- what an import refuses (guard.py)


def _export(capsys: pytest.CaptureFixture[str], root: Path, out: Path, *args: str) -> Path:
    code, _, err = run_cli(["--today", TODAY, "export", *args, "--as-of", "2023-12-31", "--repo", str(root),
                            "--out", str(out)], capsys)
    assert code == 0, err
    return next(out.glob("*.xlsx"))


def test_an_enterprise_workbook_cannot_touch_another_enterprise(make_repo: MakeRepo, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS, "enterprises/b/hazards/2023.yaml": HAZARDS},
                     enterprises=("a", "b"))
    book = _export(capsys, root, tmp_path / "o", "a")
    wb = openpyxl.load_workbook(book)
    ws = wb["隐患清单"]
    ws.cell(row=1, column=20).value = "企业编号"      # an 企业编号 column added by hand
    ws.cell(row=2, column=20).value = "b"
    ws.cell(row=2, column=5).value = "被别家改了"
    wb.save(book)
    before = _digest(root)
    code, out, _ = _import(capsys, root, book, "--enterprise", "a")
    assert code == 1
    assert "隐患清单!T2  错误  企业编号“b”不是本工作簿所属的企业 a" in out
    assert _digest(root) == before


def test_an_enterprise_workbook_shows_the_bureaus_actions_read_only(make_repo: MakeRepo, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"bureau/enforcement/2023.yaml": (
        "actions:\n  - id: ENF-1\n    date: 2023-05-04\n    type: 检查\n    enterprise: a\n")})
    book = _export(capsys, root, tmp_path / "o", "a")
    wb = openpyxl.load_workbook(book)
    ws = wb["执法激励约束"]
    headers = [str(c.value).lstrip("*") for c in ws[1]]
    ws.cell(row=2, column=headers.index("备注") + 1).value = "企业自己写的"
    ws.cell(row=3, column=headers.index("日期") + 1).value = "2023-06-01"
    ws.cell(row=3, column=headers.index("类型") + 1).value = "激励"
    ws.cell(row=3, column=headers.index("激励约束措施") + 1).value = "经济政策"
    wb.save(book)
    before = _digest(root)
    code, out, _ = _import(capsys, root, book)
    assert code == 1
    assert "执法激励约束!A2  错误  执法激励约束由县水利局登记：企业台账中的这一表只供查看，不能在其中修改" in out
    assert "执法激励约束!A3  错误  执法激励约束由县水利局登记：企业台账中的这一表只供查看，不能在其中新增" in out
    assert _digest(root) == before


def test_an_old_workbook_never_undoes_later_edits(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(capsys, repo, tmp_path / "o", "a")
    path = repo / "enterprises/a/hazards/2023.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("deadline: 2023-06-10", "deadline: 2023-06-20"),
                    encoding="utf-8")                               # the bureau corrects a deadline later
    edited = path.read_bytes()
    code, out, err = _import(capsys, repo, book)                    # the untouched old workbook comes back
    assert code == 0, out + err
    assert path.read_bytes() == edited and "修改 0 条" in out
    wb = openpyxl.load_workbook(book)
    ws = wb["隐患清单"]
    headers = [str(c.value).lstrip("*") for c in ws[1]]
    ws.cell(row=3, column=headers.index("隐患部位") + 1).value = "配电房"  # another cell of that row: merged
    wb.save(book)
    code, out, err = _import(capsys, repo, book)
    assert code == 0, out + err
    merged = path.read_text(encoding="utf-8")
    assert "deadline: 2023-06-20" in merged and "location: 配电房" in merged
    ws.cell(row=3, column=headers.index("整改期限") + 1).value = date(2023, 6, 30)   # the cell the bureau changed
    wb.save(book)
    before = path.read_bytes()
    code, out, _ = _import(capsys, repo, book)
    assert code == 1
    assert "隐患清单!I3  错误  （整改期限）这一栏在导出（2023-12-31）之后已在仓库中改过，工作簿中也改了" in out
    assert path.read_bytes() == before


def test_rows_repeated_in_one_workbook_and_look_alike_ids_are_refused(repo: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    new = [None, "2023-07-01", "自查", "护栏松动", "一般", "张三", "2023-07-10"]
    book = _book(tmp_path / "dup.xlsx", {"隐患清单": [
        HAZARD_HEADERS, new, new,
        ["h-2023-1", "2023-05-04", "自查", "另一条", "一般", "陈志强", "2023-05-20"],
        ["H-2023-002", "2023-06-01", "自查", "配电房门锁损坏", "一般", "林晓东", "2023-06-10"],
        ["H-2023-002", "2023-06-01", "自查", "配电房门锁损坏", "重大", "林晓东", "2023-06-10"],
    ]})
    before = _digest(repo)
    code, out, _ = _import(capsys, repo, book, "--enterprise", "a")
    assert code == 1
    assert "隐患清单!A3  错误  与第 2 行是同一条记录" in out
    assert "隐患清单!A4  错误  编号“h-2023-1”与已有记录 H-2023-001 只差大小写、全角、连字符或补零" in out
    assert "隐患清单!A6  错误  与第 5 行是同一条记录" in out
    assert _digest(repo) == before


def test_the_county_workbook_checks_the_name_beside_each_enterprise_id(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS}, enterprises=("a", "b"))
    (root / "enterprises/b/enterprise.yaml").write_text(
        (root / "enterprises/b/enterprise.yaml").read_text(encoding="utf-8").replace("测试水库", "乙水库"),
        encoding="utf-8")
    book = _export(capsys, root, tmp_path / "o", "--county")
    wb = openpyxl.load_workbook(book)
    wb["隐患清单"]["A2"].value = "b"                   # a sort gone wrong: the id no longer matches the name
    wb.save(book)
    code, out, _ = _import(capsys, root, book)
    assert code == 1
    assert "隐患清单!A2  错误  企业编号 b 是“乙水库”，而这一行的企业名称是“测试水库”" in out


def test_a_ledger_as_of_a_day_lists_the_records_started_by_then(repo: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["--today", TODAY, "export", "a", "--as-of", "2023-05-31", "--repo", str(repo),
                            "--out", str(tmp_path)], capsys)
    assert code == 0, err
    ws = openpyxl.load_workbook(next(tmp_path.glob("*.xlsx")))["隐患清单"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]] == ["H-2023-001"]  # H-2023-002: found 6-01
    assert ws.cell(row=2, column=18).value == "已整改待验收"      # rectified 05-18, not verified


def test_importing_the_same_edited_workbook_twice_is_no_conflict(repo: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(capsys, repo, tmp_path / "o", "a")
    wb = openpyxl.load_workbook(book)
    ws = wb["隐患清单"]
    headers = [str(c.value).lstrip("*") for c in ws[1]]
    ws.cell(row=3, column=headers.index("隐患部位") + 1).value = "配电房"
    wb.save(book)
    code, out, _ = _import(capsys, repo, book)
    assert code == 0 and "修改 1 条" in out
    after = _digest(repo)
    code, out, _ = _import(capsys, repo, book)        # sent twice by e-mail
    assert code == 0 and "修改 0 条" in out
    assert _digest(repo) == after


def test_a_workbook_changing_several_enterprises_is_pointed_out(make_repo: MakeRepo, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(enterprises=("a", "b"))
    book = _book(tmp_path / "county.xlsx", {"隐患清单": [
        ["企业编号", *HAZARD_HEADERS],
        ["a", None, "2023-03-02", "自查", "坝顶排水沟堵塞", "一般", "钱七", "2023-03-09"],
        ["b", None, "2023-03-02", "自查", "护栏松动", "一般", "钱七", "2023-03-09"],
    ]})
    code, out, err = _import(capsys, root, book, "--dry-run")
    assert code == 0, out + err
    assert "本工作簿改动了2 家企业的记录（a、b）：只有县局自己的全县汇总工作簿应当这样" in out


def test_an_untouched_row_never_brings_back_a_deleted_record(repo: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(capsys, repo, tmp_path / "o", "a")
    path = repo / "enterprises/a/hazards/2023.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("\n  - id: H-2023-002")] + "\n", encoding="utf-8")   # the bureau deletes it
    deleted = path.read_bytes()
    code, out, err = _import(capsys, repo, book)
    assert code == 0, out + err
    assert "隐患清单!A3：这条记录导出后已从仓库中删除（或改了编号），这一行未导入" in out
    assert path.read_bytes() == deleted
    wb = openpyxl.load_workbook(book)
    wb["隐患清单"].cell(row=3, column=6).value = "改过的部位"
    wb.save(book)
    code, out, _ = _import(capsys, repo, book)
    assert code == 1 and "隐患清单!A3  错误  这条记录导出后已从仓库中删除（或改了编号），工作簿中却改了它" in out
    assert path.read_bytes() == deleted


def test_editing_and_importing_one_workbook_again_and_again(repo: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(capsys, repo, tmp_path / "o", "a")
    for column, value in (("隐患部位", "配电房"), ("整改措施", "更换门锁")):
        wb = openpyxl.load_workbook(book)
        ws = wb["隐患清单"]
        headers = [str(c.value).lstrip("*") for c in ws[1]]
        ws.cell(row=3, column=headers.index(column) + 1).value = value
        wb.save(book)
        code, out, err = _import(capsys, repo, book)
        assert code == 0 and "修改 1 条" in out, out + err
    text = (repo / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8")
    assert "location: 配电房" in text and "measures: 更换门锁" in text


def test_a_county_workbook_survives_a_renamed_enterprise_and_refuses_a_renamed_sheet(
        make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS})
    book = _export(capsys, root, tmp_path / "o", "--county")
    profile = root / "enterprises/a/enterprise.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("测试水库", "测试水库管理中心"), encoding="utf-8")
    code, out, err = _import(capsys, root, book)               # exported under the old name: still its rows
    assert code == 0, out + err
    wb = openpyxl.load_workbook(book)
    wb["隐患清单"].title = "隐患清单(2024)"
    wb.save(book)
    code, _, err = _import(capsys, root, book)
    assert code == 2 and "导出时工作簿中有工作表“隐患清单”，现在找不到了（是否改了工作表名？）" in err


def test_checklist_rows_that_are_stored_items_after_all(make_repo: MakeRepo, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/checklists.yaml": CHECKLISTS})
    row = ["CL-E", "企业", "安全生产检查清单", "站长", None, None, "每月", None, "2023-03-10"]
    again = _book(tmp_path / "again.xlsx", {"三张清单": [CHECKLIST_HEADERS, [*row, None, "消防器材完好", None]]})
    code, out, err = _import(capsys, root, again, "--enterprise", "a")
    assert code == 0 and "新增 0 条" in out, out + err                    # item 2 sent again without its number
    slips = _book(tmp_path / "slips.xlsx", {"三张清单": [
        CHECKLIST_HEADERS,
        [*row, "01", "又一条", None],
        ["cl-e", *row[1:], 1, "闸门启闭设备运行正常", None],
        [None, *row[1:], 1, "闸门启闭设备运行正常", None],
    ]})
    code, out, _ = _import(capsys, root, slips, "--enterprise", "a")
    assert code == 1
    assert "三张清单!J2  错误  编号“01”与已有记录 1 只差大小写、全角、连字符或补零" in out
    assert "三张清单!A3  错误  编号“cl-e”与已有记录 CL-E 只差大小写、全角、连字符或补零" in out
    assert "三张清单!A4  错误  这一行没有清单编号，但清单名称与已有清单 CL-E 相同" in out
    assert (root / "enterprises/a/checklists.yaml").read_text(encoding="utf-8") == CHECKLISTS


def test_a_workbook_whose_enterprise_mark_was_changed_is_refused(make_repo: MakeRepo, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": HAZARDS, "enterprises/b/hazards/2023.yaml": HAZARDS},
                     enterprises=("a", "b"))
    book = _export(capsys, root, tmp_path / "o", "a")
    wb = openpyxl.load_workbook(book)
    meta = wb["_shuili"]
    for row in meta.iter_rows():
        if row[0].value == "enterprise":
            row[1].value = "b"                        # retargeted by hand
    wb.save(book)
    code, _, err = _import(capsys, root, book)
    assert code == 2 and "工作簿中的记录导出自企业 a，而不是 b" in err


def test_a_volatile_formula_is_imported_by_its_saved_result_with_a_warning(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = _book(tmp_path / "made.xlsx", {"隐患清单": [
        HAZARD_HEADERS, [None, "PLACEHOLDER", "自查", "护栏松动", "一般", "张三", "2023-07-10"]]})
    path = tmp_path / "today.xlsx"    # as Excel saves =TODAY(): the formula and its cached result (45108 = 2023-07-01)
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<c r="B2"[^>]*>.*?</c>', b'<c r="B2"><f>TODAY()</f><v>45108</v></c>', body)
            dst.writestr(item, body)
    code, out, err = _import(capsys, repo, path, "--enterprise", "a")
    assert code == 0, out + err
    assert "隐患清单!B2  警告  （发现日期）公式 =TODAY() 每次打开工作簿都会重新计算" in out
    assert "found_on: 2023-07-01" in (repo / "enterprises/a/hazards/2023.yaml").read_text(encoding="utf-8")
