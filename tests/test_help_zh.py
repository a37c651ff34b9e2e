"""`--help` and usage errors speak Chinese: no click/typer English, clean placeholders, examples that run.

The examples at the end of every help page (``EXAMPLES`` in cli/app.py) are run as written, from
inside a copy of data-template/ made into a git repository (``origin/main`` and ``HEAD~1`` exist).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

TEMPLATE = Path(__file__).resolve().parents[1] / "data-template"

# What typer/click print on their own, and the placeholders they make up from Python types.
ENGLISH = ("Show this message", "Usage:", "[OPTIONS]", "COMMAND [ARGS]", "Arguments", "Options", "Commands",
           "default:", "[required]", "<bool>", "<str>", "<path>", "<int>", "<list", "...]...", "]...", "{", "}",
           "Try '", "Error", "Did you mean")


def _commands() -> list[str]:
    import typer.main

    from shuili_cli.cli.app import app

    return list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


COMMANDS = _commands()


def test_every_command_has_examples() -> None:
    from shuili_cli.cli.app import EXAMPLES

    assert sorted(EXAMPLES) == sorted(["", *COMMANDS])
    assert all(len(pairs) >= 1 for pairs in EXAMPLES.values())


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_chinese_with_examples(command: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_cli([command, "--help"] if command else ["--help"], capsys)
    assert (code, err) == (0, "")
    for english in ENGLISH:
        assert english not in out, english
    assert f"用法：shuili {command}".rstrip() in out
    assert "显示本帮助并退出。" in out
    assert "示例：" in out


def test_narrow_terminal_folds_chinese_help_instead_of_cutting_it(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns the long --changed-since help has no space to wrap at: all of it is still shown."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run_cli(["validate", "--help"], capsys)
    assert code == 0 and "…" not in out.replace("[路径…]", "").replace("路径…", "")
    text = "".join(line.strip("│ ") for line in out.splitlines())
    assert "与路径同用时只报告其中位于这些路径内的问题。" in text.replace(" ", "")


@pytest.mark.parametrize(("args", "usage"), [
    ([], "用法：shuili [全局选项] 命令 [参数和选项…]"),
    (["validate"], "用法：shuili validate [选项] [路径…]"),
    (["diff"], "用法：shuili diff [选项] <基准版本> [比较版本]"),
    (["set"], "用法：shuili set [选项] <企业编号> <种类> <编号> <字段=值…>"),
    (["new"], "用法：shuili new [选项] <种类> [--字段 值…]"),
    (["export"], "用法：shuili export [选项] [企业编号…]"),
])
def test_usage_line(args: list[str], usage: str, capsys: pytest.CaptureFixture[str],
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = run_cli([*args, "--help"], capsys)[1]
    assert out.splitlines()[1].strip() == usage


def test_placeholders(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A flag shows no placeholder, a value its format or Chinese word; every parameter has one in the table."""
    import typer.main

    from shuili_cli.cli.app import app
    from shuili_cli.cli.options import METAVARS

    group = typer.main.get_command(app)
    missing = [f"{name} {p.name}" for name, cmd in group.commands.items()  # type: ignore[attr-defined]
               for p in cmd.params if p.name not in METAVARS and not getattr(p, "is_flag", False)]
    assert missing == []
    monkeypatch.setenv("COLUMNS", "200")
    out = run_cli(["report", "--help"], capsys)[1]
    rows = {line.split()[1]: line.split()[2] for line in out.splitlines() if line.startswith("│ --")}
    assert rows["--month"] == "YYYY-MM" and rows["--date"] == "YYYY-MM-DD" and rows["--out"] == "<目录>"
    assert rows["--format"] == "-f" and "<格式>" in out
    assert not rows["--draft"].isascii() and not rows["--ytd"].isascii()  # the help text follows at once


def _usage_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run_cli(args, capsys)
    assert (code, out) == (2, ""), err
    return err


@pytest.mark.parametrize(("args", "expected"), [
    (["valdate"], "用法错误：没有命令“valdate”。是不是“validate”？\n用 shuili --help 查看用法\n"),
    (["rep"], "用法错误：没有命令“rep”。是不是“report”？\n用 shuili --help 查看用法\n"),
    (["校验"], "用法错误：没有命令“校验”。是不是“validate”？\n用 shuili --help 查看用法\n"),
    (["帮助我"], "用法错误：没有命令“帮助我”。可用的命令：" + "、".join(COMMANDS) + "\n用 shuili --help 查看用法\n"),
    (["report", "--mnth", "2023-05"], "用法错误：没有选项“--mnth”。是不是“--month”？\n用 shuili report --help 查看用法\n"),
    (["--tody", "x", "validate"], "用法错误：没有选项“--tody”。是不是“--today”？\n用 shuili --help 查看用法\n"),
    (["validate", "--bogus"], "用法错误：没有选项“--bogus”。\n用 shuili validate --help 查看用法\n"),
    (["validate", "--today", "2024-01-01"],
     "用法错误：--today 是全局选项，要写在命令之前：shuili --today 2024-01-01 validate\n用 shuili validate --help 查看用法\n"),
    (["report", "--month", "2023-05", "--today=2023-06-15", "--draft"],
     "用法错误：--today 是全局选项，要写在命令之前：shuili --today=2023-06-15 report --month 2023-05 --draft\n"
     "用 shuili report --help 查看用法\n"),
    (["validate", "--version"],
     "用法错误：--version 是全局选项，要写在命令之前：shuili --version\n用 shuili validate --help 查看用法\n"),
    (["--repo", "县 数据", "validate"],
     "用法错误：--repo 是 validate 命令的选项，要写在命令之后：shuili validate --repo '县 数据'\n用 shuili --help 查看用法\n"),
    (["new", "hazard", "--enterprise", "taoxi-reservoir", "--today", "2024-01-01", "--grade", "一般"],
     "用法错误：--today 是全局选项，要写在命令之前：shuili --today 2024-01-01 new hazard --enterprise taoxi-reservoir "
     "--grade 一般\n用 shuili new --help 查看用法\n"),
    (["validate", "——format", "json"],
     "用法错误：“——format”开头的“——”是中文输入法打出的全角符号；选项前面要用两个半角短横线，应写成 --format\n"
     "用 shuili validate --help 查看用法\n"),
    (["－－today=2024-01-15", "alerts"],
     "用法错误：“－－today=2024-01-15”开头的“－－”是中文输入法打出的全角符号；选项前面要用两个半角短横线，"
     "应写成 --today=2024-01-15\n用 shuili --help 查看用法\n"),
    (["--today", "2024-01-15"],
     "用法错误：缺少命令；全局选项之后要写一个命令，如 shuili --today 2024-01-15 validate\n用 shuili --help 查看用法\n"),
])
def test_mistyped_command_or_option(args: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _usage_error(args, capsys) == expected


def test_unknown_command_without_a_close_one_lists_them(capsys: pytest.CaptureFixture[str]) -> None:
    first, hint, end = _usage_error(["nosuch"], capsys).split("\n")
    assert (hint, end) == ("用 shuili --help 查看用法", "")
    prefix = "用法错误：没有命令“nosuch”。可用的命令："
    assert first.startswith(prefix) and first[len(prefix):].split("、") == COMMANDS
    assert COMMANDS[:3] == ["alerts", "cards", "diff"] and COMMANDS[-1] == "validate"


@pytest.mark.parametrize(("args", "expected"), [
    (["init"], "用法错误：缺少参数“目录”：新仓库的目录（可以是已有的空 git 仓库）。\n用 shuili init --help 查看用法\n"),
    (["summary"], "用法错误：缺少选项“--year YYYY”：要生成材料的年度，如 2023。\n用 shuili summary --help 查看用法\n"),
    (["template"], "用法错误：缺少选项“--out <文件.xlsx>”：输出文件（.xlsx）。\n用 shuili template --help 查看用法\n"),
    (["report", "--month"], "用法错误：选项“--month YYYY-MM”缺少值\n用 shuili report --help 查看用法\n"),
    (["--today"], "用法错误：选项“--today YYYY-MM-DD”缺少值\n用 shuili --help 查看用法\n"),
    (["summary", "--year", "二〇二三"], "用法错误：--year 的值“二〇二三”无效：应为四位年份（1900–2200），如 2023\n"),
    (["rules", "extra", "words"],
     "用法错误：rules 命令不接受参数（多余的“extra”、“words”）\n用 shuili rules --help 查看用法\n"),
    (["validate", "--format", "xml"], "用法错误：--format 的值“xml”无效；可选：text、json、github、gitlab\n"),
    (["report", "--format", "pdf"], "用法错误：--format 的值“pdf”无效；可选：xlsx、json、all\n"),
])
def test_missing_and_bad_values(args: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _usage_error(args, capsys) == expected


# --- the examples run as written ------------------------------------------------------------------

def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
                    "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, capture_output=True, check=True)


@pytest.fixture(scope="module")
def example_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data-template in git: two commits, origin/main at the first, the working tree clean."""
    repo = tmp_path_factory.mktemp("examples") / "清溪县"
    shutil.copytree(TEMPLATE, repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    notes = repo / "bureau" / "notes" / "2023-05.md"
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text((notes.read_text(encoding="utf-8") if notes.exists() else "") + "\n本月补充说明。\n",
                     encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "change")
    return repo


# What an example needs that another example makes first: the workbook `import` reads; the schemas/
# that `shuili init` writes into a new repository (data-template has none) for `schema --check`.
WORKBOOK = ["template", "--enterprise", "taoxi-reservoir", "--out", "桃溪水库台账.xlsx"]
PREPARE = {"shuili import 桃溪水库台账.xlsx --dry-run": WORKBOOK, "shuili import 桃溪水库台账.xlsx": WORKBOOK,
           "shuili schema --check": ["schema"]}
# The examples run in a terminal, where `shuili new` asks for the required fields not given: the answers.
ANSWERS = {"source": "自查", "grade": "一般", "responsible": "张三", "deadline": "2030-06-30", "kind": "企业",
           "scale": "小微企业", "industry": "水力发电"}


def _examples() -> list[tuple[str, str]]:
    from shuili_cli.cli.app import EXAMPLES

    return [(command, line) for command, pairs in EXAMPLES.items() for _, line in pairs]


@pytest.mark.parametrize(("command", "line"), _examples(), ids=[line for _, line in _examples()])
def test_example_runs_on_the_demo_repository(command: str, line: str, example_repo: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / example_repo.name
    shutil.copytree(example_repo, repo, symlinks=True)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("COLUMNS", "120")
    words = shlex.split(line)
    assert words[0] == "shuili"
    args, _, target = (" ".join(words[1:])).partition(" > ")
    if line in PREPARE:
        assert run_cli(PREPARE[line], capsys)[0] == 0
    if command == "new":
        import typer

        from shuili_cli.cli import cmd_new

        asked: list[str] = []
        monkeypatch.setattr(cmd_new, "_terminal", lambda: True)
        monkeypatch.setattr(typer, "prompt", lambda text, **_: asked.append(text) or ANSWERS[text[:-1].rsplit("[", 1)[1]])
    code, out, err = run_cli(shlex.split(args), capsys)
    assert code == 0, err
    assert "用法错误" not in err and out
    if target:
        (repo / target).write_text(out, encoding="utf-8")


def test_every_example_fits_an_80_column_terminal() -> None:
    """Each line of the 示例 section (the command indented by 2, the help's margin adds 1) is at most
    78 display columns, a Chinese character counting 2: it is never wrapped into two lines."""
    import unicodedata

    from shuili_cli.cli.app import EXAMPLES

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    lines = [text for pairs in EXAMPLES.values() for what, line in pairs for text in (what + "：", "  " + line)]
    assert max(map(width, lines)) <= 78, [t for t in lines if width(t) > 78]


def test_shuili_help_shows_the_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert run_cli(["help"], capsys) == run_cli(["--help"], capsys)
    code, out, err = run_cli(["help", "report"], capsys)
    assert (code, err) == (0, "") and "用法：shuili report [选项]" in out
