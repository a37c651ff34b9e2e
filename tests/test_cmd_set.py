"""``shuili set``: one record's fields change, every other line of the file stays byte for byte."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

PROJECT = Path(__file__).resolve().parents[1]
TODAY = ["--today", "2023-06-10"]
CHENGQU = "enterprises/chengqu-flood/hazards/2023.yaml"


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "county"
    shutil.copytree(PROJECT / "data-template", root, ignore=shutil.ignore_patterns(".shuili-cache"))
    return root


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """(lines removed, lines added) between two versions of a file; every other line is unchanged."""
    removed, added = [], []
    for line in difflib.ndiff(before.decode("utf-8").splitlines(True), after.decode("utf-8").splitlines(True)):
        if line[:2] == "- ":
            removed.append(line[2:])
        elif line[:2] == "+ ":
            added.append(line[2:])
    return removed, added


def set_(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli([*TODAY, "set", "--repo", str(root), *args], capsys)


def test_rectifying_a_hazard_changes_only_its_lines(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_bytes()
    code, out, err = set_(county, capsys, "chengqu-flood", "hazard", "H-2023-005",
                          "rectified_on=2023/6/1", "funds_wan=0.3", "measures=更换钢丝绳")
    assert code == 0, err
    after = (county / CHENGQU).read_bytes()
    # H-2023-005 (line 57) had funds_wan: 0.2 and no measures or rectified_on
    removed, added = changed_lines(before, after)
    assert removed == ["    funds_wan: 0.2\n"]
    assert sorted(added) == sorted(["    funds_wan: 0.3\n", "    rectified_on: 2023-06-01\n",
                                    "    measures: 更换钢丝绳\n"])
    assert len(after.splitlines()) == len(before.splitlines()) + 2
    assert out.splitlines()[0] == ("已修改隐患 H-2023-005（enterprises/chengqu-flood/hazards/2023.yaml 第 57 行）："
                                   "rectified_on、funds_wan、measures")
    assert "~ 隐患 H-2023-005 整改资金（万元） 0.2 → 0.3；已整改（2023-06-01）" in out
    assert "附件1/落实“一企一策”数量/健全三张清单/整改隐患数量（条）：9 → 10（+1）" in out  # the review of the June figures


def test_an_empty_value_removes_an_optional_field(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_bytes()
    code, _, err = set_(county, capsys, "chengqu-flood", "hazard", "H-2023-005", "funds_wan=")
    assert code == 0, err
    assert changed_lines(before, (county / CHENGQU).read_bytes()) == (["    funds_wan: 0.2\n"], [])


def test_nested_and_short_field_names(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "enterprises/chengqu-flood/risks.yaml"
    before = (county / rel).read_bytes()
    # R-001 (line 5) is assessed {method: 直接判定, basis: …} in block style, line 13 the basis
    code, out, err = set_(county, capsys, "chengqu-flood", "risk", "R-001", "emergency=立即停机并报告",
                          "basis=依据导则直接判定")
    assert code == 0, err
    assert changed_lines(before, (county / rel).read_bytes()) == (
        ["      basis: 城区防洪堤保护人口约8万人，依据《水利水电工程（水库、水闸）运行危险源辨识与风险评价导则（试行）》"
         "直接判定为重大风险\n", "    emergency: 启动防汛应急预案，组织抢险并转移受威胁群众\n"],
        ["      basis: 依据导则直接判定\n", "    emergency: 立即停机并报告\n"])
    assert out.startswith("已修改风险点 R-001（enterprises/chengqu-flood/risks.yaml 第 5 行）：emergency、assessment.basis")


def test_the_enterprise_profile(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "enterprises/chengqu-flood/enterprise.yaml"
    before = (county / rel).read_bytes()
    code, out, err = set_(county, capsys, "chengqu-flood", "enterprise", "-", "township=东城街道",
                          "contact.phone=0595-23683391")
    assert code == 0, err
    assert changed_lines(before, (county / rel).read_bytes()) == (
        ["township: 城关镇\n", '  phone: "0595-23683390"\n'], ["township: 东城街道\n", '  phone: "0595-23683391"\n'])
    assert out.startswith("已修改企业基本信息 chengqu-flood（enterprises/chengqu-flood/enterprise.yaml 第 1 行）："
                          "township、contact.phone")
    code, _, err = set_(county, capsys, "chengqu-flood", "enterprise", "taoxi-reservoir", "township=x")
    assert code == 2 and "编号应为 - 或与企业相同（chengqu-flood）" in err


def test_an_action_by_its_id_with_a_dash_for_the_enterprise(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "bureau/enforcement/2023.yaml"
    before = (county / rel).read_bytes()
    code, out, err = set_(county, capsys, "-", "action", "ENF-2023-001", "note=复查")
    assert code == 0, err
    assert changed_lines(before, (county / rel).read_bytes()) == (["    note: 节后复工复产安全检查\n"], ["    note: 复查\n"])
    assert out.startswith("已修改执法行动 ENF-2023-001（bureau/enforcement/2023.yaml 第 18 行）：note")
    code, _, err = set_(county, capsys, "taoxi-reservoir", "action", "ENF-2023-001", "note=x")
    assert code == 2 and "执法行动 ENF-2023-001 的企业是 longjiang-hydro，不是 taoxi-reservoir" in err


def test_unknown_record_names_the_closest_ids(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_bytes()
    code, out, err = set_(county, capsys, "chengqu-flood", "hazard", "H-2023-055", "grade=重大")
    assert (code, out) == (2, "")
    assert "用法错误：没有隐患 H-2023-055；相近的：H-2023-005、" in err
    assert (county / CHENGQU).read_bytes() == before
    code, _, err = set_(county, capsys, "chengqu-flod", "hazard", "H-2023-005", "grade=重大")
    assert code == 2 and "没有企业“chengqu-flod”" in err and "是不是 chengqu-flood" in err


def test_unknown_field_names_the_closest_field(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = set_(county, capsys, "chengqu-flood", "hazard", "H-2023-005", "rectifed_on=2023-06-01")
    assert code == 2
    assert ("隐患没有字段“rectifed_on”；是不是 rectified_on？"
            "可用的字段：id（隐患编号）、found_on（发现日期）、source（来源）、") in err


@pytest.mark.parametrize(("assignment", "message"), [
    ("rectified_on=2023-13-01", "rectified_on（整改完成日期）的值“2023-13-01”无效：“2023-13-01”这一天不存在"),
    ("description=", "description（隐患描述）是必填字段，不能删除"),
    ("grade=很大", "grade（隐患等级）的值“很大”无效"),
    ("rectified_on", "“rectified_on”不是 字段=值 的形式"),
])
def test_bad_values_are_usage_errors(county: Path, capsys: pytest.CaptureFixture[str], assignment: str,
                                     message: str) -> None:
    before = (county / CHENGQU).read_bytes()
    code, _, err = set_(county, capsys, "chengqu-flood", "hazard", "H-2023-005", assignment)
    assert code == 2 and message in err, err
    assert (county / CHENGQU).read_bytes() == before


def test_an_edit_that_breaks_validation_writes_nothing(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_bytes()
    # H-2023-005 was found on 2023-03-21: verifying it without rectifying it is an error
    code, out, err = set_(county, capsys, "chengqu-flood", "hazard", "H-2023-005", "verified_on=2023-06-02",
                          "verified_by=肖雪梅")
    assert (code, out) == (1, "")
    assert err.startswith("未写入：修改后的数据有以下错误（修改前没有）")
    assert "enterprises/chengqu-flood/hazards/2023.yaml:" in err and " 错误 " in err
    assert (county / CHENGQU).read_bytes() == before


def test_dry_run_writes_nothing(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_bytes()
    code, out, err = set_(county, capsys, "--dry-run", "chengqu-flood", "hazard", "H-2023-005", "funds_wan=0.5")
    assert code == 0, err
    assert out.startswith("（试运行，未写入）已修改隐患 H-2023-005")
    assert "整改资金（万元） 0.2 → 0.5" in out
    assert (county / CHENGQU).read_bytes() == before


def test_a_file_with_syntax_errors_is_not_edited(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = county / CHENGQU
    broken = path.read_bytes() + b"  - id: [unclosed\n"
    path.write_bytes(broken)
    code, _, err = set_(county, capsys, "chengqu-flood", "hazard", "H-2023-005", "funds_wan=0.5")
    assert code == 1
    assert err.startswith(f"未写入：{CHENGQU} 无法读取或有 YAML 语法错误")
    assert path.read_bytes() == broken


def test_a_five_s_evaluation_by_date_and_post(make_repo, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    root = make_repo({"enterprises/a/five-s/2023.yaml": """\
        # 5S
        evaluations:
          - date: 2023-05-26
            post: 机修岗
            evaluator: 林晓东
            total: 86   # 满分 100
          - date: 2023-05-26
            post: 闸门操作岗
            evaluator: 林晓东
            total: 90
        """})
    rel = root / "enterprises/a/five-s/2023.yaml"
    before = rel.read_bytes()
    code, out, err = set_(root, capsys, "a", "five-s", "2023-05-26/闸门操作岗", "total=92")
    assert code == 0, err
    assert changed_lines(before, rel.read_bytes()) == (["    total: 90\n"], ["    total: 92\n"])
    assert out.startswith("已修改5S 考评 2023-05-26/闸门操作岗（enterprises/a/five-s/2023.yaml 第 7 行）：total")
    code, _, err = set_(root, capsys, "a", "five-s", "2023-05-26", "total=92")
    assert code == 2 and "5S 考评 2023-05-26 有 2 条" in err and "请写全“日期/岗位/被考评人”" in err


def test_the_workbooks_chinese_column_names_work_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:

    root = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-template", root)
    code, out, err = run_cli(["--today", "2024-01-15", "set", "chengqu-flood", "hazard", "H-2023-001",
                              "整改资金（万元）=0.3", "--repo", str(root), "--dry-run"], capsys)
    assert code == 0, err
    assert "0.3" in out


def test_a_value_of_only_invisible_characters_is_refused_not_a_removal(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data-template", root)
    before = (root / "enterprises/chengqu-flood/hazards/2023.yaml").read_bytes()
    for text in ("location=\u202e", "location=\u3000 ", "location= "):
        code, _, err = run_cli(["--today", "2024-01-15", "set", "chengqu-flood", "hazard", "H-2023-001", text,
                                "--repo", str(root)], capsys)
        assert code == 2, text
        assert "location（部位）的值只有空白或不可见字符；要删除这个字段请写 location=" in err
    assert (root / "enterprises/chengqu-flood/hazards/2023.yaml").read_bytes() == before
