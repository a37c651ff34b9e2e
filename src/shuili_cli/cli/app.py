"""The typer application: global options, commands, and the exit-code contract.

Exit codes: 0 success; 1 the data has errors; 2 usage error. Heavy modules
(the core, pydantic, openpyxl, jinja2) are imported inside the commands so
that ``shuili --help`` stays fast. Each command is a plain function in its
``cmd_*`` module (options -> ``shuili_cli.api`` -> renderer -> output),
registered in ``COMMANDS`` below; the modules do not import this one.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable
from typing import NoReturn, Optional

import typer
import typer.rich_utils as rich_utils

from shuili_cli import __version__

try:  # typer >= 0.29 vendors click
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older typer on top of click
    from click.exceptions import UsageError  # type: ignore[no-redef,import-not-found,unused-ignore]
from shuili_cli.cli import (
    cmd_alerts,
    cmd_diff,
    cmd_explain,
    cmd_init,
    cmd_ledger,
    cmd_new,
    cmd_report,
    cmd_rules,
    cmd_schema,
    cmd_set,
    cmd_summary,
    cmd_validate,
)
from shuili_cli.cli.common import EXIT_USAGE, Globals, OutputLost, UsageProblem, err, flush_stdout, watch_stdout

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


# Commands are registered here, explicitly and in this order (the order of `shuili --help`). A
# command module never imports this one; it imports only what `--help` needs, the core inside
# the command body.
COMMANDS = (
    (cmd_alerts.alerts, cmd_alerts.HELP),
    (cmd_diff.diff, cmd_diff.HELP),
    (cmd_explain.explain, cmd_explain.HELP),
    (cmd_init.init, cmd_init.HELP),
    (cmd_ledger.template, cmd_ledger.TEMPLATE_HELP),
    (cmd_ledger.export, cmd_ledger.EXPORT_HELP),
    (cmd_ledger.import_, cmd_ledger.IMPORT_HELP),
    (cmd_new.new, cmd_new.HELP),
    (cmd_set.set, cmd_set.HELP),
    (cmd_report.report, cmd_report.HELP),
    (cmd_rules.rules, cmd_rules.HELP),
    (cmd_schema.schema, cmd_schema.HELP),
    (cmd_summary.summary, cmd_summary.HELP),
    (cmd_validate.validate, cmd_validate.HELP),
)
for command, help_text in COMMANDS:  # `shuili new` takes --FIELD options: its function says so
    app.command(getattr(command, "command_name", None), help=help_text,
                context_settings=getattr(command, "context_settings", None))(command)

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


def _restart_in_utf8_mode() -> None:
    """Under an ASCII (or other non-UTF-8) locale Python cannot name the repository's Chinese files.

    Start again in Python's UTF-8 mode (``-X utf8``), with the same arguments (their bytes
    survive: they were decoded with surrogateescape), before anything is read or written.
    """
    if (os.name != "posix" or sys.flags.utf8_mode or getattr(sys, "frozen", False) or not sys.executable
            or sys.getfilesystemencoding().lower().replace("-", "") == "utf8"):
        return
    import subprocess

    flags: list[str] = getattr(subprocess, "_args_from_interpreter_flags", list)()
    try:
        os.execv(sys.executable, [sys.executable, *flags, "-X", "utf8", "-m", "shuili_cli", *sys.argv[1:]])
    except (OSError, ValueError):  # pragma: no cover - cannot start Python again: go on, output stays safe
        pass


GB_ENCODINGS = frozenset({"gbk", "gb2312", "gb18030"})  # codec names: cp936 (Chinese Windows) is gbk
# What a GBK console shows for characters of shuili's own text that GBK lacks; anything else is "?".
GB_FALLBACK = {"›": ">", "‹": "<", "⚠": "!", "\ufe0f": "", "²": "2", "↵": " ", "«": "<<", "»": ">>",
               "¥": "￥", "✓": "√", "✔": "√", "✗": "×", "✘": "×", "\ufffd": "?"}


def _gb_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(GB_FALLBACK.get(ch, "?") for ch in exc.object[exc.start:exc.end]), exc.end


def _utf8_streams() -> None:
    """UTF-8 output whatever the locale, except where the console or pipe is Chinese (GBK, cp936, GB
    18030: a county clerk's Windows): that encoding is kept, so the text reads there, and a character
    it lacks becomes a look-alike (``›`` is ``>``) or ``?``. Never a crash."""
    import codecs

    codecs.register_error("shuili-gb", _gb_fallback)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                current = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name
            except LookupError:
                current = ""
            try:
                if current in GB_ENCODINGS:
                    reconfigure(errors="shuili-gb")
                else:
                    reconfigure(encoding="utf-8", errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - exotic streams
                pass


def _output_lost(exc: Exception) -> OutputLost | None:
    """Whether ``exc`` is standard output failing under rich or click (which write it directly)."""
    if not isinstance(exc, (OSError, ValueError)) or isinstance(exc, UnicodeError):
        return None
    try:
        flush_stdout()
    except OutputLost as lost:
        return lost
    return None


def main(argv: list[str] | None = None) -> None:
    """Console entry point: maps every failure to the exit-code contract.

    The exit code holds even when standard error cannot be written (closed, full):
    messages are then dropped. Standard output that cannot be written is a usage
    error (2), whatever the command found.
    """
    if argv is None:
        _restart_in_utf8_mode()
    _utf8_streams()
    if argv is None:
        watch_stdout()
    try:
        code = app(args=argv, standalone_mode=False, prog_name="shuili")  # type: ignore[no-untyped-call,unused-ignore]
        flush_stdout()
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
    except SystemExit as exc:
        cause = exc.__context__  # click turns a broken pipe into exit code 1
        if isinstance(cause, OSError) and cause.errno == errno.EPIPE:
            _failed(cause)
        raise
    except Exception as exc:
        _failed(exc)
    sys.exit(code if isinstance(code, int) else 0)


def _failed(exc: Exception) -> NoReturn:
    """Standard output failing is a usage error (2); anything else is a bug (3), said briefly."""
    lost = _output_lost(exc)
    if lost is not None:
        err(f"用法错误：{lost}")
        sys.exit(EXIT_USAGE)
    if os.environ.get("SHUILI_DEBUG"):
        raise exc
    err(f"内部错误：{type(exc).__name__}: {exc}\n这是 shuili 的缺陷，不是数据的问题；"
        "设置环境变量 SHUILI_DEBUG=1 可查看详细信息，请报告给维护者")
    sys.exit(3)
