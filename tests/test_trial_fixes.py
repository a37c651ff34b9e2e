"""What a new user's trial of ``shuili`` found (issue 10, items 10 and 11): values typed with a Chinese
input method, ``--repo`` given a file or a subfolder, help examples that must run as written, a closed
pipe, ``schema`` from a subfolder, and small wording. Every expected message is written out in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from shuili_cli.core.dates import typed_hint
from tests.conftest import MakeRepo, run_cli

PROJECT = Path(__file__).resolve().parents[1]
TEMPLATE = PROJECT / "data-template"
TODAY = ["--today", "2023-06-15"]


def usage(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """The first line of a usage error (exit 2, nothing on standard output)."""
    code, out, err = run_cli(list(args), capsys)
    assert (code, out) == (2, ""), err
    return err.splitlines()[0]


# ----------------------------------------------------------------- values typed with an input method


@pytest.mark.parametrize(("text", "form", "hint"), [
    ("２０２３-０５", "YYYY-MM", "含全角数字，请写成 2023-05"),
    ("2023－05", "YYYY-MM", "含全角横线“－”，请写成 2023-05"),
    ("2023—05", "YYYY-MM", "含破折号“—”，请写成 2023-05"),
    ("2023年5月", "YYYY-MM", "是中文写法，请写成 2023-05"),
    ("2023/5", "YYYY-MM", "要用“-”分隔，请写成 2023-05"),
    ("2023-13", "YYYY-MM", "：没有 13 月（月份为 1–12）"),
    ("2023年6月15日", "YYYY-MM-DD", "是中文写法，请写成 2023-06-15"),
    ("2023-6-5", "YYYY-MM-DD", "月、日要写两位，请写成 2023-06-05"),
    ("2023-02-30", "YYYY-MM-DD", "：2023年2月没有 30 日"),
    ("23", "YYYY", "年份只写了两位，请写成 2023"),
    ("2023年", "YYYY", "是中文写法，请写成 2023"),
    ("2023-05", "YYYY-MM", None),      # right as it is: the caller's own message stands
    ("五月", "YYYY-MM", None),         # not recognisable: the caller's own message stands
])
def test_typed_hint(text: str, form: str, hint: str | None) -> None:
    assert typed_hint(text, form) == hint


@pytest.mark.parametrize(("args", "said"), [
    (["report", "--month", "２０２３-０５"], "--month 的值“２０２３-０５”含全角数字，请写成 2023-05"),
    (["report", "--month", "2023－05"], "--month 的值“2023－05”含全角横线“－”，请写成 2023-05"),
    (["report", "--month", "2023年5月"], "--month 的值“2023年5月”是中文写法，请写成 2023-05"),
    (["report", "--month", "2023-13"], "--month 的值“2023-13”：没有 13 月（月份为 1–12）"),
    (["explain", "红色风险", "--month", "2023年5月"], "--month 的值“2023年5月”是中文写法，请写成 2023-05"),
    (["diff", "HEAD", "--month", "2023年5月"], "--month 的值“2023年5月”是中文写法，请写成 2023-05"),
    (["alerts", "--as-of", "2023年6月30日"], "--as-of 的值“2023年6月30日”是中文写法，请写成 2023-06-30"),
    (["summary", "--year", "23"], "--year 的值“23”年份只写了两位，请写成 2023"),
    (["summary", "--year", "2023年"], "--year 的值“2023年”是中文写法，请写成 2023"),
    (["summary", "--year", "今年"], "--year 的值“今年”无效：应为四位年份（1900–2200），如 2023"),
    (["report", "--month＝2023-05"],
     "“--month＝2023-05”中的“＝”是全角等号；选项和值之间要用半角等号或空格，请写成 --month=2023-05 或 --month 2023-05"),
])
def test_option_values_typed_with_an_input_method(args: list[str], said: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert usage(capsys, *TODAY, *args, "--repo", str(TEMPLATE)) == f"用法错误：{said}"


def test_global_today_typed_with_an_input_method(capsys: pytest.CaptureFixture[str]) -> None:
    repo = ["--repo", str(TEMPLATE)]
    assert usage(capsys, "--today", "2023年6月15日", "alerts", *repo) == \
        "用法错误：--today 的值“2023年6月15日”是中文写法，请写成 2023-06-15"
    assert usage(capsys, "--today＝2023-06-15", "alerts", *repo) == (
        "用法错误：“--today＝2023-06-15”中的“＝”是全角等号；选项和值之间要用半角等号或空格，"
        "请写成 --today=2023-06-15 或 --today 2023-06-15")


@pytest.mark.parametrize(("typed", "name"), [("rectified_on：2023-06-01", "全角冒号"),
                                             ("rectified_on＝2023-06-01", "全角等号")])
def test_set_with_a_full_width_equals_or_colon(typed: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    mark = typed[len("rectified_on")]
    assert usage(capsys, *TODAY, "set", "chengqu-flood", "hazard", "H-2023-005", typed, "--repo", str(TEMPLATE)) == (
        f"用法错误：“{typed}”中的“{mark}”是{name}；字段和值之间要用半角等号，请写成 rectified_on=2023-06-01")


# ----------------------------------------------------------------- --repo


def test_repo_given_a_file_or_a_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert usage(capsys, "validate", "--repo", str(TEMPLATE / "shuili.yaml")) == (
        f"用法错误：--repo 要写数据仓库的目录，不是文件（“{TEMPLATE / 'shuili.yaml'}”）；请写成 --repo {TEMPLATE}")
    other = tmp_path / "说明.txt"
    other.write_text("x", encoding="utf-8")
    assert usage(capsys, "validate", "--repo", str(other)) == f"用法错误：--repo 要写数据仓库的目录，不是文件（“{other}”）"
    assert usage(capsys, "validate", "--repo", str(tmp_path / "县 数据")) == (
        f"用法错误：--repo 的目录“{tmp_path / '县 数据'}”不存在；请检查路径（含空格的路径请用英文引号括起来）")
    assert usage(capsys, "validate", "--repo", str(tmp_path)) == \
        f"用法错误：“{tmp_path}”不是 shuili 数据仓库：其中没有 shuili.yaml"


def test_repo_given_a_folder_inside_a_repository_means_that_repository(capsys: pytest.CaptureFixture[str]) -> None:
    inside = TEMPLATE / "enterprises" / "taoxi-reservoir"
    code, out, err = run_cli(["--today", "2024-01-15", "validate", "--repo", str(inside)], capsys)
    assert code == 0, err
    assert err == f"注意：“{inside}”在数据仓库“{TEMPLATE}”之中，按这个数据仓库处理\n"
    assert "检查了 72 个文件、14 家企业" in out


@pytest.mark.parametrize(("args", "said"), [
    # a path with a space, unquoted: its second half is an extra argument
    (["report", "--month", "2023-05", "--out", "/tmp/县局", "报表"],
     "多余的参数“报表”；含空格的路径请用英文引号括起来，如 \"/tmp/县局 报表\""),
    (["init", "新县", "数据仓库"], "多余的参数“数据仓库”；含空格的路径请用英文引号括起来，如 \"新县 数据仓库\""),
    # not a path: say what the command takes
    (["report", "help"], "report 命令没有参数“help”（帮助是选项 --help）"),
    (["rules", "SL602"], "rules 命令不接受参数（多余的“SL602”）"),
    (["explain", "红色", "风险"], "多余的参数“风险”；explain 接受的参数：<栏目>"),
])
def test_extra_arguments(args: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(args, capsys)
    assert (code, out) == (2, "")
    assert err == f"用法错误：{said}\n用 shuili {args[0]} --help 查看用法\n"


# ----------------------------------------------------------------- help examples that run clean


def test_the_top_level_example_runs_clean_on_the_demo_data(capsys: pytest.CaptureFixture[str]) -> None:
    from shuili_cli.cli.app import EXAMPLES

    line = dict((w, cmd) for w, cmd in ((what, cmd) for what, cmd in EXAMPLES[""]))
    assert "shuili --today 2024-01-15 alerts" in line.values()
    # the demo data are valid on that day (on 2023-06-15 their later records were 388 errors)
    code, out, _ = run_cli(["--today", "2024-01-15", "validate", "--repo", str(TEMPLATE)], capsys)
    assert code == 0 and "0 个错误" in out
    code, out, _ = run_cli(["--today", "2023-06-15", "validate", "--repo", str(TEMPLATE)], capsys)
    assert code == 1 and "388 个错误" in out


def test_report_help_names_the_ytd_folder(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli(["report", "--help"], capsys)
    assert code == 0 and "1—12 月累计的报表，写入 县局报表/2023-12-ytd/：" in out
    code, out, err = run_cli(["--today", "2024-01-15", "report", "--month", "2023-12", "--ytd", "--repo", str(TEMPLATE),
                              "--out", str(tmp_path / "县局报表")], capsys)
    assert code == 0, err
    assert [p.name for p in (tmp_path / "县局报表").iterdir()] == ["2023-12-ytd"]


def test_diff_help_says_merge_request_once_then_one_word(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli(["diff", "--help"], capsys)
    assert code == 0
    assert out.count("合并请求（拉取请求）") == 1 and out.count("拉取请求") == 1 and out.count("合并请求") == 2
    assert "只列出数字有变化的月份" in out


def test_cli_and_core_agree_on_the_months_a_diff_compares() -> None:
    from shuili_cli.cli import cmd_diff
    from shuili_cli.core.review import diff

    assert cmd_diff.MAX_MONTHS == diff.MAX_MONTHS


# ----------------------------------------------------------------- schema from a subfolder


def test_schema_from_a_subfolder_of_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch, make_repo: MakeRepo) -> None:
    root = make_repo()
    monkeypatch.chdir(root / "enterprises" / "a")
    code, out, err = run_cli(["schema"], capsys)
    assert code == 0, err
    assert out == f"已写入 11 个 JSON Schema 到 {root / 'schemas'}/\n"
    assert not (root / "enterprises" / "a" / "schemas").exists()
    code, out, _ = run_cli(["schema", "--check"], capsys)
    assert (code, out) == (0, f"11 个 JSON Schema 均为最新（{root / 'schemas'}）\n")
    # outside any repository: the current folder, as before
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(["schema", "--check"], capsys)
    assert code == 1


# ----------------------------------------------------------------- small ones


@pytest.mark.parametrize(("args", "said"), [
    (["report", "-help"], "“-help”：选项要用两个横线：--help"),
    (["report", "-repo", "."], "“-repo”：选项要用两个横线：--repo"),
    (["REPORT"], "没有命令“REPORT”。是不是“report”？"),
    (["月报表"], "没有命令“月报表”。是不是“report”？"),
    (["汇总"], "没有命令“汇总”。是不是“summary”？"),
    (["差异"], "没有命令“差异”。是不是“diff”？"),
    (["版本"], "没有命令“版本”。是不是“--version”？"),
])
def test_small_usage_slips(args: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert usage(capsys, *args) == f"用法错误：{said}"


def test_import_of_a_file_that_is_no_workbook_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    settings = TEMPLATE / "shuili.yaml"
    assert usage(capsys, "import", str(settings), "--repo", str(TEMPLATE), "--dry-run") == (
        f"用法错误：“{settings}”不是 .xlsx 或 .csv 文件；请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）或 .csv")


def test_set_and_new_say_the_allowed_values_without_a_drop_down_list(capsys: pytest.CaptureFixture[str]) -> None:
    said = usage(capsys, *TODAY, "new", "hazard", "--enterprise", "taoxi-reservoir", "--grade", "较大", "--description",
                 "x", "--source", "自查", "--responsible", "甲", "--deadline", "2023-06-30", "--dry-run",
                 "--repo", str(TEMPLATE))
    assert said == "用法错误：grade（隐患等级）的值“较大”无效：“较大”不是允许的取值；可选：一般、重大"
