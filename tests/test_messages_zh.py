"""Messages for people who type with a Chinese input method (issue 10), exact text and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeRepo, run_cli

CASES = Path(__file__).resolve().parent / "cases"


def test_a_key_written_in_chinese_is_named_by_its_english_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / "SL202-chinese-key")], capsys)
    assert code == 1
    hint = "：字段名要写英文，请改为 "
    assert out.splitlines()[:4] == [
        f"enterprises/a/enterprise.yaml:8:3: 错误 SL202 未知字段“作业有指令”{hint}work_instructions（作业有指令）",
        "enterprises/a/hazards/2023.yaml:2:5: 错误 SL201 缺少必填字段 “deadline”（整改期限）；请补上",
        f"enterprises/a/hazards/2023.yaml:8:5: 错误 SL202 未知字段“整改期限”{hint}deadline（整改期限）",
        f"enterprises/a/hazards/2023.yaml:9:5: 错误 SL202 未知字段“整改资金”{hint}funds_wan（整改资金（万元））",
    ]


def test_a_typo_in_an_english_key_still_gets_the_closest_field() -> None:
    from shuili_cli.core.rules.unknown_key import message

    assert message("deadlin", ["deadline", "found_on"], {"deadline": "整改期限"}) == "未知字段“deadlin”；是不是“deadline”？"
    from shuili_cli.core.rules import invalid_value
    from tests.test_rules_api import _error

    spaced = _error("literal_error", "一般\u3000", choices=["一般", "重大"])
    assert invalid_value.message(spaced) == "“phone”（电话） 的值“一般\u3000”末尾有看不见的 U+3000（全角空格），请写成 一般"
    assert message("整改期线", ["deadline"], {"deadline": "整改期限"}) == (
        "未知字段“整改期线”：字段名要写英文，请改为 deadline（整改期限）")


def test_misnamed_folders_and_files_get_a_did_you_mean_and_windows_copies_are_named(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / "SL101-misnamed-and-copies")],
                           capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith("中不认识的文件夹“five_s”，其中的记录不会被统计；是不是“five-s”？请改名")
    assert lines[1].endswith("中不认识的文件夹“hazard”，其中的记录不会被统计；是不是“hazards”？请改名")
    assert lines[2] == ("enterprises/a/hazards/2023 - 副本.yaml:1:1: 错误 SL101 “2023 - 副本.yaml”像是“2023.yaml”的副本"
                        "（Windows 复制文件时起的名字），未读取：其中的记录会与原文件重复；"
                        "不需要就删除它，确有新记录请合并到“2023.yaml”")
    assert lines[3].startswith("enterprises/a/hazards/2023(1).yaml:1:1: 错误 SL101 “2023(1).yaml”像是“2023.yaml”的副本")
    assert lines[4].endswith("中不认识的 YAML 文件“risk.yaml”，其中的记录不会被统计；是不是“risks.yaml”？请改名")
    assert "SL301" not in out                    # the copies' records are not read: no duplicate ids


def test_copy_names_windows_gives() -> None:
    from shuili_cli.core.rules.unknown_file import copy_of

    assert [copy_of(s) for s in ("2023 - 副本", "2023(1)", "2023 - 副本 (2)", "2023 - Copy", "2023（2）", "2023",
                                 "2023-2024")] == ["2023", "2023", "2023", "2023", "2023", None, None]


def test_a_village_station_without_a_credit_code_says_why_and_the_warning_stops(
        make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    profile = "id: b\nname: 上洋村水库\nkind: 事业单位\nscale: 小微企业\nindustry: 水库管理\n"
    root = make_repo({"enterprises/b/enterprise.yaml": profile}, enterprises=("b",))
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(root)], capsys)
    assert code == 0 and out.splitlines()[0] == (
        "enterprises/b/enterprise.yaml:1:1: 警告 SL602 没有填写统一社会信用代码（credit_code）；有代码的单位请补上，"
        "确实没有的（个人小水电、村级水库）请写上 no_credit_code: <原因>，此警告就不再出现")
    (root / "enterprises/b/enterprise.yaml").write_text(profile + "no_credit_code: 村集体所有的小型水库，未办理\n",
                                                         encoding="utf-8")
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(root)], capsys)
    assert code == 0 and "SL602" not in out and "0 个警告" in out


def test_days_copied_from_excel_get_the_exact_iso_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / "SL204-excel-dates")], capsys)
    assert code == 1
    lines = [line.split(" SL204 ", 1)[1] for line in out.splitlines()[:4]]
    assert lines == [
        "“found_on”（发现日期） 应为日期，实际是“45052”：这是 Excel 的日期序号，对应 2023-05-06；请写成 2023-05-06",
        "“deadline”（整改期限） 应为日期，格式 YYYY-MM-DD，实际是“2023/5/6”；请写成 2023-05-06",
        "“rectified_on”（整改完成日期） 应为日期，格式 YYYY-MM-DD，实际是“2023年5月6日”；请写成 2023-05-06",
        "“verified_on”（验收销号日期） 应为日期，格式 YYYY-MM-DD，实际是“2023-05-06 00:00:00”；请写成 2023-05-06",
    ]


def test_hints_never_change_the_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / "SL203-meaning-kept")], capsys)
    assert code == 1
    lines = [line.split(" SL203 ", 1)[1] for line in out.splitlines()[:5]]
    assert lines == [
        "“source”（来源） 的值“日常检查”不是允许的取值；可选：自查、监管检查、其他",     # not 监管检查
        "“grade”（隐患等级） 的值“较大”不是允许的取值；可选：一般、重大",               # not 重大
        "“source”（来源） 的值 “自查” 带着中文引号（YAML 的引号要用半角的 \"…\"，取值也可以不加引号），请写成 自查",
        "“grade”（隐患等级） 的值“一般隐患”不是允许的取值；是不是“一般”？可选：一般、重大",
        "“accident_types” 的值“淹溺，高处坠落”中用了全角逗号“，”：方括号里的多个取值要用半角逗号加空格分隔，"
        "请写成 [淹溺, 高处坠落]",
    ]


def test_text_cut_by_a_hash_is_pointed_out_with_the_quoted_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / "SL011-text-cut-by-hash")], capsys)
    assert code == 0
    assert out.splitlines()[0] == (
        "enterprises/a/hazards/2023.yaml:5:18: 警告 SL011 文字可能被截断：“#1冷却风扇异响”以 # 开头，被 YAML 当作注释，"
        "值只剩“主变”；如果它是内容，请加引号写成 \"主变 #1冷却风扇异响\"")


@pytest.mark.parametrize(("case", "expected"), [
    ("SL001-fullwidth-colon", "enterprises/a/hazards/2023.yaml:6:10: 错误 SL001 YAML 语法错误：“grade”后面是全角冒号“：”；"
                              "键和值之间要用半角冒号加一个空格，请写成 grade: 一般"),
    ("SL001-no-space-after-colon", "enterprises/a/hazards/2023.yaml:6:10: 错误 SL001 YAML 语法错误：“grade:”后面缺少空格，"
                                   "YAML 把整行当成了一段文字；请在冒号后加一个空格，写成 grade: 一般"),
    ("SL202-fullwidth-space-before-key", "enterprises/a/hazards/2023.yaml:6:5: 错误 SL202 未知字段“\u3000grade”：其中有全角空格"
                                         "“\u3000”（输入法全角状态下输入的空格）；请换成半角空格，写成 grade:"),
])
def test_what_a_chinese_input_method_types_is_named_where_it_is(case: str, expected: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / case)], capsys)
    assert code == 1
    assert expected in out.splitlines()


@pytest.mark.parametrize(("case", "why"), [
    ("SL001-value-starts-with-at", "值以“@”开头：“@”是 YAML 的保留字符，不能放在值的开头；如果它是内容，请加引号，"
                                   "写成 description: \"@检查\""),
    ("SL001-value-starts-with-star", "值以“*”开头：“*”在 YAML 中表示别名，不能放在值的开头；如果它是内容，请加引号，"
                                     "写成 description: \"*检查\""),
])
def test_a_value_starting_with_a_reserved_character_is_named(case: str, why: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / case)], capsys)
    assert code == 1
    assert out.splitlines()[0] == f"enterprises/a/hazards/2023.yaml:5:18: 错误 SL001 YAML 语法错误：{why}"
