"""The ledger commands' help and the catalogue agree; a column is added in one place."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from shuili_cli.cli.cmd_ledger import BOOK_SHEETS
from shuili_cli.core.ledger import catalogue
from tests.conftest import MakeRepo, run_cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("book", sorted(BOOK_SHEETS))
def test_the_help_names_the_catalogues_sheets(book: str) -> None:
    assert BOOK_SHEETS[book] == "、".join(s.name for s in catalogue.ledgers().for_book(book))


def test_a_column_added_to_the_catalogue_is_in_the_template_the_export_and_the_import(
        make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "share"
    shutil.copytree(ROOT / "report-templates", share / "report-templates")
    shutil.copytree(ROOT / "schemas", share / "schemas")
    path = share / "report-templates" / "ledgers.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "      - {header: 关联风险点, field: risk_point"
    path.write_text(text.replace(anchor, "      - {header: 检查行动, field: inspection, kind: id, width: 10}\n" + anchor, 1)
                    .replace("      - {header: 检查行动编号, field: inspection, kind: id, width: 14,"
                             " help: 来源为 监管检查 时必填：县局检查行动的编号}\n", ""),
                    encoding="utf-8")
    monkeypatch.setenv("SHUILI_SHARE", str(share))
    catalogue.ledgers.cache_clear()
    try:
        root = make_repo({"enterprises/a/hazards/2023.yaml": (
            "hazards:\n  - id: H-1\n    found_on: 2023-05-04\n    source: 自查\n    description: 钢丝绳断丝\n"
            "    grade: 一般\n    responsible: 陈志强\n    deadline: 2023-05-20\n")})
        code, _, err = run_cli(["template", "--out", str(tmp_path / "t.xlsx")], capsys)
        assert code == 0, err
        headers = [c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx")["隐患清单"][1]]
        assert "检查行动" in headers and "检查行动编号" not in headers
        code, _, err = run_cli(["--today", "2024-01-01", "export", "a", "--repo", str(root), "--out", str(tmp_path / "o")],
                               capsys)
        assert code == 0, err
        book = next((tmp_path / "o").glob("*.xlsx"))
        wb = openpyxl.load_workbook(book)
        ws = wb["隐患清单"]
        col = [c.value for c in ws[1]].index("检查行动") + 1
        ws.cell(row=2, column=col).value = "ENF-9"
        wb.save(book)
        code, out, _ = run_cli(["--today", "2024-01-01", "import", str(book), "--repo", str(root), "--dry-run",
                                "--format", "json"], capsys)
        assert '"inspection": [\n' in out and '"ENF-9"' in out
    finally:
        catalogue.ledgers.cache_clear()


def test_usage_errors_of_the_ledger_commands(make_repo: MakeRepo, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo()
    cases = [
        (["template", "--out", str(tmp_path / "x.xls")], "用法错误：--out 应为 .xlsx 文件"),
        (["template", "--repo", str(root), "--enterprise", "a", "--out", str(root / "enterprises" / "t.xlsx")],
         "在数据仓库的 enterprises/ 文件夹里"),
        (["template", "--repo", str(root), "--enterprise", "zz", "--out", str(tmp_path / "t.xlsx")],
         "仓库中没有企业 zz"),
        (["export", "--repo", str(root)], "请给出企业编号，或用 --all"),
        (["export", "a", "--all", "--repo", str(root)], "企业编号和 --all 只能用一个"),
        (["export", "zz", "--repo", str(root)], "仓库中没有企业：zz"),
        (["export", "a", "--repo", str(root), "--out", str(root / "bureau" / "x")], "在数据仓库的 bureau/ 文件夹里"),
        (["export", "a", "--repo", str(root), "--as-of", "2023-13-01"], "--as-of"),
        (["import", str(tmp_path / "none.xlsx"), "--repo", str(root)], "找不到文件"),
        (["import", str(tmp_path / "none.xlsx"), "--repo", str(root), "--format", "yaml"], "--format"),
    ]
    for args, expected in cases:
        code, out, err = run_cli(["--today", "2024-01-01", *args], capsys)
        assert code == 2, (args, out, err)
        assert expected in err, (args, err)
    assert not (root / "enterprises" / "t.xlsx").exists() and not (root / "bureau" / "x").exists()


def test_an_unreadable_workbook_is_bad_data(make_repo: MakeRepo, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo()
    old = tmp_path / "旧台账.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    code, out, err = run_cli(["import", str(old), "--repo", str(root)], capsys)
    assert code == 1 and out == ""
    assert "请在 Excel 中另存为 .xlsx" in err


def test_exports_into_one_folder_add_up(make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(enterprises=("a", "b"))
    (root / "enterprises/b/enterprise.yaml").write_text(
        (root / "enterprises/b/enterprise.yaml").read_text(encoding="utf-8").replace("测试水库", "乙水库"),
        encoding="utf-8")
    out = tmp_path / "out"
    for ent in ("a", "b"):
        code, _, err = run_cli(["--today", "2024-01-01", "export", ent, "--as-of", "2023-12-31", "--repo", str(root),
                                "--out", str(out)], capsys)
        assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["乙水库-台账-2023-12-31.xlsx", "测试水库-台账-2023-12-31.xlsx"]


def test_an_error_blocks_only_the_ledgers_it_would_show(make_repo: MakeRepo, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/b/risks.yaml": "risk_points: 1\n"}, enterprises=("a", "b"))
    code, _, err = run_cli(["--today", "2024-01-01", "export", "a", "--repo", str(root), "--out", str(tmp_path / "a")],
                           capsys)
    assert code == 0, err
    code, out, err = run_cli(["--today", "2024-01-01", "export", "b", "--repo", str(root), "--out", str(tmp_path / "b")],
                             capsys)
    assert code == 1 and out == ""
    assert err.startswith("enterprises/b/risks.yaml:1:14: 错误")
    assert "要导出的台账所用的数据有 1 个错误，不能导出" in err
    assert not (tmp_path / "b").exists()
