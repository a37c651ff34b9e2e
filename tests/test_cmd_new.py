"""``shuili new``: the next id, today's date, prompts or a usage error for what is missing, validation first."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tests.conftest import MakeRepo, run_cli

PROJECT = Path(__file__).resolve().parents[1]
TODAY = ["--today", "2023-06-10"]
CHENGQU = "enterprises/chengqu-flood/hazards/2023.yaml"
HAZARD = ["--description", "栏杆松动", "--grade", "一般隐患", "--source", "自查", "--responsible", "张三",
          "--deadline", "2023/6/30"]


@pytest.fixture
def county(tmp_path: Path) -> Path:
    root = tmp_path / "county"
    shutil.copytree(PROJECT / "data-template", root, ignore=shutil.ignore_patterns(".shuili-cache"))
    return root


def new(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli([*TODAY, "new", "--repo", str(root), *args], capsys)


def test_a_hazard_gets_the_next_id_and_today(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_text(encoding="utf-8")
    # chengqu-flood's 2023 hazards are H-2023-001 … H-2023-013; the file has 189 lines
    assert "H-2023-013" in before and "H-2023-014" not in before and len(before.splitlines()) == 189
    code, out, err = new(county, capsys, "hazard", "--enterprise", "chengqu-flood", *HAZARD)
    assert code == 0, err
    after = (county / CHENGQU).read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before):] == ("\n  - id: H-2023-014\n    found_on: 2023-06-10\n    source: 自查\n"
                                   "    description: 栏杆松动\n    grade: 一般\n    responsible: 张三\n"
                                   "    deadline: 2023-06-30\n")
    assert out.splitlines()[0] == "已新增隐患 H-2023-014（enterprises/chengqu-flood/hazards/2023.yaml 第 191 行）"
    assert "+ 新增隐患 H-2023-014（一般，2023-06-10 自查发现）：栏杆松动" in out
    assert "附件1/落实“一企一策”数量/健全三张清单/自查隐患数量（条）：7 → 8（+1）" in out


def test_option_spellings(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(county, capsys, "hazard", "--enterprise", "chengqu-flood", "--found_on", "2023-06-09",
                       "--description=护栏缺失", "--grade=重大", "--source", "自查", "--responsible", "张三",
                       "--deadline", "2023年6月30日")
    assert code == 0, err
    data = yaml.safe_load((county / CHENGQU).read_text(encoding="utf-8"))["hazards"][-1]
    assert data == {"id": "H-2023-014", "found_on": date(2023, 6, 9), "source": "自查",
                    "description": "护栏缺失", "grade": "重大", "responsible": "张三",
                    "deadline": date(2023, 6, 30)}


def test_a_risk_point_takes_its_colour_from_lec(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = county / "enterprises/chengqu-flood/risks.yaml"
    before = rel.read_text(encoding="utf-8")
    code, out, err = new(county, capsys, "risk", "--enterprise", "chengqu-flood", "--name", "泵站检修",
                         "--category", "作业活动", "--L", "3", "--E", "6", "--assessment.C", "15",
                         "--controls", "双人操作", "--controls", "断电挂牌", "--responsible", "张三")
    assert code == 0, err
    # D = 3 × 6 × 15 = 270: 160 < D ≤ 320 is 橙; chengqu-flood has R-001 … R-006
    assert rel.read_text(encoding="utf-8")[len(before):] == (
        "\n  - id: R-007\n    name: 泵站检修\n    category: 作业活动\n"
        "    assessment: {method: LEC, L: 3, E: 6, C: 15}\n    color: 橙\n    controls: [双人操作, 断电挂牌]\n"
        "    responsible: 张三\n    identified_on: 2023-06-10\n")
    assert out.startswith("已新增风险点 R-007（enterprises/chengqu-flood/risks.yaml 第 ")


def test_an_action_continues_the_bureaus_numbering(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = county / "bureau/enforcement/2023.yaml"
    ids = [line.split(": ")[1] for line in rel.read_text(encoding="utf-8").splitlines() if line.startswith("  - id: ")]
    assert ids[-1] == "ENF-2023-060" and max(ids) == "ENF-2023-060"
    code, out, err = new(county, capsys, "action", "--enterprise", "chengqu-flood", "--type", "检查")
    assert code == 0, err
    assert rel.read_text(encoding="utf-8").endswith(
        "  - id: ENF-2023-061\n    date: 2023-06-10\n    type: 检查\n    enterprise: chengqu-flood\n")
    assert out.startswith("已新增执法行动 ENF-2023-061（bureau/enforcement/2023.yaml 第 ")


def test_another_numbering_is_continued(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo({"enterprises/a/hazards/2023.yaml": """\
        hazards:
          - {id: YH009, found_on: 2023-05-04, source: 自查, description: 甲, grade: 一般, responsible: 张三, deadline: 2023-05-20}
          - {id: YH010, found_on: 2023-05-05, source: 自查, description: 乙, grade: 一般, responsible: 张三, deadline: 2023-05-20}
        """})
    code, out, err = new(root, capsys, "hazard", "--enterprise", "a", *HAZARD)
    assert code == 0, err
    assert out.startswith("已新增隐患 YH011（enterprises/a/hazards/2023.yaml 第 4 行）")


def test_a_new_year_gets_a_new_file_with_its_schema_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    assert run_cli(["--today", "2024-01-15", "init", str(root)], capsys)[0] == 0
    code, out, err = run_cli(["--today", "2025-01-03", "new", "--repo", str(root), "hazard",
                              "--enterprise", "example-station", *HAZARD[:-2], "--deadline", "2025-01-31"], capsys)
    assert code == 0, err
    text = (root / "enterprises/example-station/hazards/2025.yaml").read_text(encoding="utf-8")
    assert text == ("# yaml-language-server: $schema=../../../schemas/hazards.schema.json\n\n"
                    "hazards:\n  - id: H-2025-001\n    found_on: 2025-01-03\n    source: 自查\n"
                    "    description: 栏杆松动\n    grade: 一般\n    responsible: 张三\n    deadline: 2025-01-31\n")
    assert out.startswith("已新增隐患 H-2025-001（enterprises/example-station/hazards/2025.yaml 第 4 行）")


def test_missing_required_fields_in_a_script(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_bytes()
    code, out, err = new(county, capsys, "hazard", "--enterprise", "chengqu-flood", "--description", "x")
    assert (code, out) == (2, "")
    assert err.splitlines()[:6] == [
        "用法错误：缺少必填字段（共 4 个）：",
        "  --source  来源（可选：自查、监管检查、其他）",
        "  --grade  隐患等级（可选：一般、重大）",
        "  --responsible  整改责任人",
        "  --deadline  整改期限",
        "请在命令中给出，或在终端中运行以逐项填写",
    ]
    assert (county / CHENGQU).read_bytes() == before


def test_missing_fields_are_asked_on_a_terminal(county: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from shuili_cli.cli import cmd_new

    monkeypatch.setattr(cmd_new, "_terminal", lambda: True)
    # source: a bad answer, then a good one; grade: empty (asked again), then a synonym; then the rest
    monkeypatch.setattr("sys.stdin", io.StringIO("自己查\n自查\n\n重大隐患\n张三\n2023/7/1\n"))
    code, out, err = new(county, capsys, "hazard", "--enterprise", "chengqu-flood", "--description", "x")
    assert code == 0, err
    assert "来源，自查、监管检查或其他（市级检查、网格员、投诉等）（可选：自查、监管检查、其他） [source]: " in out
    assert "source（来源）的值“自己查”无效" in err and "隐患等级 是必填项，请输入" in err
    data = yaml.safe_load((county / CHENGQU).read_text(encoding="utf-8"))["hazards"][-1]
    assert (data["source"], data["grade"], data["responsible"], str(data["deadline"])) == ("自查", "重大", "张三", "2023-07-01")


def test_unknown_fields_and_kinds(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(county, capsys, "hazard", "--enterprise", "chengqu-flood", "--descripton", "x")
    assert code == 2 and "隐患没有字段“descripton”；是不是 description？可用的字段：id（隐患编号）、found_on（发现日期）、" in err
    code, _, err = new(county, capsys, "hazards", "--enterprise", "chengqu-flood")
    assert code == 2 and "没有记录种类“hazards”；可选：hazard、risk、five-s、action、enterprise" in err
    code, _, err = new(county, capsys, "hazard", "--enterprise", "nowhere", *HAZARD)
    assert code == 2 and "没有企业“nowhere”" in err
    code, _, err = new(county, capsys, "hazard", "--enterprise", "chengqu-flood", "stray")
    assert code == 2 and "多余的参数“stray”" in err


def test_a_conditional_requirement_is_caught_before_writing(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (county / CHENGQU).read_bytes()
    code, out, err = new(county, capsys, "hazard", "--enterprise", "chengqu-flood", *HAZARD[:4],
                         "--source", "监管检查", *HAZARD[6:])
    assert (code, out) == (1, "")
    assert "错误 SL201 隐患 H-2023-014 来源为 监管检查，缺少 inspection" in err
    assert (county / CHENGQU).read_bytes() == before


def test_a_new_five_s_evaluation(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = county / "enterprises/chengqu-flood/five-s/2023.yaml"
    before = rel.read_text(encoding="utf-8")
    code, out, err = new(county, capsys, "five-s", "--enterprise", "chengqu-flood", "--post", "机修岗",
                         "--evaluator", "张三", "--total", "86")
    assert code == 0, err
    assert rel.read_text(encoding="utf-8")[len(before):] == (
        "\n  - date: 2023-06-10\n    post: 机修岗\n    evaluator: 张三\n    total: 86\n")
    assert out.startswith("已新增5S 考评 2023-06-10/机修岗（enterprises/chengqu-flood/five-s/2023.yaml 第 ")


def test_a_new_enterprise_folder(county: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["enterprise", "--id", "new-station", "--name", "新水电站", "--kind", "企业", "--scale", "小微企业",
            "--industry", "水力发电", "--credit-code", "91350000000000000C"]
    code, out, err = new(county, capsys, *args)
    assert code == 0, err
    folder = county / "enterprises/new-station"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")) == [
        "checklists.yaml", "enterprise.yaml", "five-s/2023.yaml", "hazards/2023.yaml", "risks.yaml"]
    profile = (folder / "enterprise.yaml").read_text(encoding="utf-8")
    # a copy of data-template/ finds the schemas where its enterprises' $schema lines point: the project's
    assert profile.splitlines()[0] == "# yaml-language-server: $schema=../../../schemas/enterprise.schema.json"
    assert yaml.safe_load(profile) == {"id": "new-station", "name": "新水电站", "credit_code": "91350000000000000C",
                                       "kind": "企业", "scale": "小微企业", "industry": "水力发电",
                                       "registered_on": date(2023, 6, 10)}  # today: past months' figures stay
    assert (folder / "hazards/2023.yaml").read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../../../../schemas/hazards.schema.json"
    for rel in ("enterprise.yaml", "hazards/2023.yaml"):  # the same lines as the neighbours' files
        neighbour = (county / "enterprises/chengqu-flood" / rel).read_text(encoding="utf-8").splitlines()[0]
        assert (folder / rel).read_text(encoding="utf-8").splitlines()[0] == neighbour
    assert out.splitlines()[:2] == [
        "已新建企业 new-station（enterprises/new-station/，5 个文件）",
        "登记日期（registered_on）未给出，记为今天 2023-06-10：这家企业从今天起计入报表，已报送月份的数字不变；"
        "若企业更早就已存在，请用 --registered-on 写出实际日期"]
    assert "6月报表数字变化 2 项" in out and "附件1/企业数量（家）/小微企业：6 → 7（+1）" in out
    assert "报表数字（2023年5月）" not in out  # May, already reported, is not changed
    code, report, _ = run_cli([*TODAY, "validate", "--repo", str(county), "--format", "json"], capsys)
    assert [d for d in json.loads(report)["diagnostics"] if "new-station" in d["file"]] == []
    code, _, err = new(county, capsys, *args)
    assert code == 2 and "enterprises/new-station 已存在" in err
    # a date given is kept, and nothing is said about it
    code, out, err = new(county, capsys, *[a if a != "new-station" else "old-station" for a in args],
                         "--registered-on", "2020-01-01", "--dry-run")
    assert code == 0, err
    assert out.splitlines()[0] == "（试运行，未写入）已新建企业 old-station（enterprises/old-station/，5 个文件）"
    assert "登记日期" not in out.splitlines()[1]
    code, _, err = new(county, capsys, *[a if a != "new-station" else "新站" for a in args])
    assert code == 2 and "企业编号“新站”只能含字母、数字、_ 和 -" in err


def test_repeated_list_options_join_and_a_repeated_field_is_an_error() -> None:
    from shuili_cli.core.ledger.entry import EntryUsage, parse_assignments

    assert parse_assignments("risk", [("accident-types", "淹溺、机械伤害"), ("accident_types", "触电")]) == {
        ("accident_types",): ["淹溺", "机械伤害", "触电"]}
    assert parse_assignments("five-s", [("整理", "18"), ("total", "")]) == {
        ("scores", "整理"): Decimal("18"), ("total",): None}
    with pytest.raises(EntryUsage, match="字段 grade 给了两次；请只给一次"):
        parse_assignments("hazard", [("grade", "一般"), ("grade", "重大")])
    with pytest.raises(EntryUsage, match="accident_types（易发生事故类型）的值“溺水”无效"):
        parse_assignments("risk", [("accident-types", "溺水")])


def test_a_linked_target_file_is_refused(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    root = make_repo()
    outside = tmp_path / "outside.yaml"
    outside.write_text("hazards: []\n", encoding="utf-8")
    (root / "enterprises/a/hazards").mkdir()
    (root / "enterprises/a/hazards/2023.yaml").symlink_to(outside)
    code, out, err = new(root, capsys, "hazard", "--enterprise", "a", *HAZARD)
    assert (code, out) == (1, "")
    assert "enterprises/a/hazards/2023.yaml 是符号链接" in err
    assert outside.read_text(encoding="utf-8") == "hazards: []\n"
