"""The typer application: global options, commands, and the exit-code contract.

Exit codes: 0 success; 1 the data has errors; 2 usage error. Heavy modules
(the core, pydantic, openpyxl, jinja2) are imported inside the commands so
that ``shuili --help`` stays fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import Optional

import typer
import typer.rich_utils as rich_utils

from shuili_cli import __version__

try:  # typer >= 0.29 vendors click
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older typer on top of click
    from click.exceptions import UsageError  # type: ignore[no-redef,import-not-found,unused-ignore]
from shuili_cli.cli.common import EXIT_USAGE, Globals, UsageProblem, err

rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.ERRORS_PANEL_TITLE = "错误"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.DEFAULT_STRING = "[默认：{}]"

app = typer.Typer(
    name="shuili",
    help="水利安全生产标准化数据仓库工具：校验一企一档数据，生成月报表（附件1、附件2）和工作总结。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shuili {__version__}")
        raise typer.Exit(0)


@app.callback()
def _global(
    ctx: typer.Context,
    today: Optional[str] = typer.Option(
        None, "--today", metavar="YYYY-MM-DD",
        help="指定“今天”（默认为中国标准时间的今天），用于可重复的运行和测试。",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本并退出。"),
) -> None:
    ctx.obj = Globals(today=today)


# Commands register themselves on ``app`` when their modules are imported.
from shuili_cli.cli import (  # noqa: E402,F401
    cmd_alerts,
    cmd_diff,
    cmd_explain,
    cmd_init,
    cmd_report,
    cmd_rules,
    cmd_schema,
    cmd_summary,
    cmd_validate,
)

_CLICK_ZH: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"No such option: (\S+)(?: Did you mean (\S+)\?)?"),
     lambda m: f"没有选项 {m.group(1)}" + (f"；是不是 {m.group(2)}？" if m.group(2) else "")),
    (re.compile(r"No such command '(.+)'"), lambda m: f"没有命令“{m.group(1)}”；用 shuili --help 查看可用命令"),
    (re.compile(r"Missing argument '(.+)'"), lambda m: f"缺少参数 {m.group(1)}"),
    (re.compile(r"Missing option '(.+)'"), lambda m: f"缺少选项 {m.group(1)}"),
    (re.compile(r"Option '(.+)' requires an argument"), lambda m: f"选项 {m.group(1)} 需要一个值"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), lambda m: f"多余的参数：{m.group(1)}"),
    (re.compile(r"Invalid value for '(.+?)': '(.+?)' is not one of (.+)\."),
     lambda m: f"{m.group(1)} 的值“{m.group(2)}”无效；可选：{m.group(3)}"),
    (re.compile(r"Invalid value for '(.+?)': (.+)"), lambda m: f"{m.group(1)} 的值无效：{m.group(2)}"),
]


def _zh(message: str) -> str:
    for pattern, repl in _CLICK_ZH:
        m = pattern.search(message)
        if m:
            return repl(m)
    return message


def main(argv: list[str] | None = None) -> None:
    """Console entry point: maps every failure to the exit-code contract."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # pragma: no cover - exotic streams
                pass
    try:
        code = app(args=argv, standalone_mode=False, prog_name="shuili")  # type: ignore[no-untyped-call,unused-ignore]
    except UsageError as exc:
        if not exc.format_message():  # bare `shuili`: the help was shown
            sys.exit(EXIT_USAGE)
        hint = f"\n用 {exc.ctx.command_path} --help 查看用法" if exc.ctx is not None else ""
        err(f"用法错误：{_zh(exc.format_message())}{hint}")
        sys.exit(EXIT_USAGE)
    except UsageProblem as exc:
        err(f"用法错误：{exc}")
        sys.exit(EXIT_USAGE)
    except typer.Abort:
        err("已中止")
        sys.exit(130)
    except KeyboardInterrupt:
        err("已中止")
        sys.exit(130)
    except Exception as exc:  # a bug: say so briefly instead of a traceback
        if os.environ.get("SHUILI_DEBUG"):
            raise
        err(f"内部错误：{type(exc).__name__}: {exc}\n这是 shuili 的缺陷，不是数据的问题；"
            "设置环境变量 SHUILI_DEBUG=1 可查看详细信息，请报告给维护者")
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
