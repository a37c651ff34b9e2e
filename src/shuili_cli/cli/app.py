"""The typer application: global options, commands, and the exit-code contract.

Exit codes: 0 success; 1 the data has errors; 2 usage error. Heavy modules
(the core, pydantic, openpyxl, jinja2) are imported inside the commands so
that ``shuili --help`` stays fast. Each command is a plain function in its
``cmd_*`` module (options -> ``shuili_cli.api`` -> renderer -> output),
registered in ``COMMANDS`` below; the modules do not import this one.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import shlex
import sys
from typing import NoReturn, Optional

import typer
from rich.markup import escape
from typer._click.core import Context
from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption, UsageError

from shuili_cli import __version__
from shuili_cli.cli import (
    cmd_alerts,
    cmd_cards,
    cmd_diff,
    cmd_explain,
    cmd_init,
    cmd_ledger,
    cmd_new,
    cmd_report,
    cmd_rollup,
    cmd_rules,
    cmd_schema,
    cmd_set,
    cmd_site,
    cmd_summary,
    cmd_validate,
    usage_hints,
)
from shuili_cli.cli.common import EXIT_CLOSED_PIPE, EXIT_USAGE, Globals, OutputLost, UsageProblem, err, flush_stdout, watch_stdout
from shuili_cli.cli.options import ExtraArguments, MissingCommand, UnknownCommand, WideDash, ZhCommand, ZhGroup

# The examples at the end of each command's --help ("" is `shuili --help`): (what it does, the
# command line). Each runs as written inside a copy of data-template/ (tests/test_help_zh.py).
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (("校验整个数据仓库（在仓库里的任一文件夹中运行）", "shuili validate"),
         ("生成 2023 年 5 月的月报表", "shuili report --month 2023-05"),
         ("全局选项写在命令之前，如指定“今天”（示例数据记到 2023 年底）", "shuili --today 2024-01-15 alerts"),
         ("查看一个命令的选项和示例", "shuili report --help")),
    "validate": (("校验整个数据仓库", "shuili validate"),
                 ("只报告一家企业的问题，以 JSON 输出", "shuili validate enterprises/taoxi-reservoir --format json"),
                 ("拉取请求中只报告改动可能引起的问题（GitHub 注释）",
                  "shuili validate --changed-since origin/main --format github")),
    "report": (("生成 2023 年 5 月的附件1、附件2 和工作总结（写入 reports/2023-05/）", "shuili report --month 2023-05"),
               ("只在屏幕上输出各项数字（JSON）", "shuili report --month 2023-05 --format json"),
               ("1—12 月累计的报表，写入 县局报表/2023-12-ytd/", "shuili report --month 2023-12 --ytd --out 县局报表")),
    "summary": (("2023 年度材料（写入 reports/2023-年度/）", "shuili summary --year 2023"),
                ("指定材料上的填报日期", "shuili summary --year 2023 --date 2024-01-05")),
    "explain": (("列出所有数字的键、栏目名和统计口径", "shuili explain --list"),
                ("2023 年 5 月的红色风险点数统计了哪些记录（写中文栏目名或键）", "shuili explain 红色风险 --month 2023-05"),
                ("1 月起累计的罚款金额", "shuili explain a2.enf.罚款.金额 --month 2023-05 --ytd")),
    "diff": (("审阅当前分支相对 origin/main 的改动", "shuili diff origin/main"),
             ("比较最近两次提交，以 Markdown 输出（可贴到合并请求中）", "shuili diff HEAD~1 HEAD --format markdown")),
    "alerts": (("今天需要处理的事项", "shuili alerts"),
               ("截至 2023 年 6 月 30 日的事项，以 JSON 输出", "shuili alerts --as-of 2023-06-30 --format json")),
    "rules": (("列出全部校验规则", "shuili rules"),
              ("把完整的规则参考（Markdown）存为文件", "shuili rules --markdown > 校验规则.md")),
    "schema": (("重新生成 schemas/ 中的 JSON Schema", "shuili schema"),
               ("只检查是否过期（CI 中使用）", "shuili schema --check")),
    "init": (("新建一个空的数据仓库", "shuili init 新县数据仓库"),
             ("复制示例县（清溪县）的全部数据来试用", "shuili init 示例县 --example")),
    "template": (("空白的企业台账填报模板", "shuili template --out 企业台账模板.xlsx"),
                 ("为一家企业生成（预填基本信息，导入时无需指定企业）",
                  "shuili template --enterprise taoxi-reservoir --out 桃溪水库台账.xlsx")),
    "export": (("导出一家企业的台账（写入 reports/台账-<日期>/）", "shuili export taoxi-reservoir"),
               ("导出全部企业和全县汇总，状态按 2023 年 5 月 31 日推算", "shuili export --all --county --as-of 2023-05-31")),
    "import": (("先试运行，查看将要做的修改", "shuili import 桃溪水库台账.xlsx --dry-run"),
               ("确认无误后导入", "shuili import 桃溪水库台账.xlsx")),
    "new": (("新增一次执法检查（自动编号，日期默认今天）", "shuili new action --enterprise taoxi-reservoir --type 检查"),
            ("新增一条隐患（在终端中运行，其余必填字段逐项询问）",
             "shuili new hazard --enterprise taoxi-reservoir --description 栏杆松动"),
            ("新建一家企业（enterprises/ 下的新文件夹），其余字段逐项询问",
             "shuili new enterprise --id xinxi-hydro --name 清溪县新溪水电站")),
    "cards": cmd_cards.EXAMPLES,
    "site": cmd_site.EXAMPLES,
    "rollup": cmd_rollup.EXAMPLES,
    "set": (("登记隐患整改完成", "shuili set taoxi-reservoir hazard H-2023-014 rectified_on=2023-06-01"),
            ("试运行：删除可选字段 funds_wan，只显示变更审阅",
             "shuili set chengqu-flood hazard H-2023-005 funds_wan= --dry-run")),
}


def examples(command: str) -> str | None:
    """The "示例：" section of ``command``'s help: each line as written (rich keeps the line breaks)."""
    if command not in EXAMPLES:  # a command without examples: tests/test_help_zh.py fails, --help still works
        return None
    lines = ["示例："]
    for what, line in EXAMPLES[command]:
        lines += ["", escape(f"{what}："), "  " + escape(line)]
    return "\n".join(lines)


app = typer.Typer(
    name="shuili",
    cls=ZhGroup,
    help="水利安全生产标准化数据仓库工具：校验一企一档数据，生成月报表（附件1、附件2）和工作总结。\n\n"
         "全局选项（--today、--version）写在命令之前；每个命令的选项写在命令之后。",
    epilog=examples(""),
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
        None, "--today", help="指定“今天”（默认为中国标准时间的今天），用于可重复的运行和测试。",
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本并退出。"),
) -> None:
    ctx.obj = Globals(today=today)


# Commands are registered here, explicitly and in this order (the order of `shuili --help`). A
# command module never imports this one; it imports only what `--help` needs, the core inside
# the command body.
COMMANDS = (
    (cmd_alerts.alerts, cmd_alerts.HELP),
    (cmd_cards.cards, cmd_cards.HELP),
    (cmd_diff.diff, cmd_diff.HELP),
    (cmd_explain.explain, cmd_explain.HELP),
    (cmd_init.init, cmd_init.HELP),
    (cmd_ledger.template, cmd_ledger.TEMPLATE_HELP),
    (cmd_ledger.export, cmd_ledger.EXPORT_HELP),
    (cmd_ledger.import_, cmd_ledger.IMPORT_HELP),
    (cmd_new.new, cmd_new.HELP),
    (cmd_set.set, cmd_set.HELP),
    (cmd_report.report, cmd_report.HELP),
    (cmd_rollup.rollup, cmd_rollup.HELP),
    (cmd_rules.rules, cmd_rules.HELP),
    (cmd_schema.schema, cmd_schema.HELP),
    (cmd_site.site, cmd_site.HELP),
    (cmd_summary.summary, cmd_summary.HELP),
    (cmd_validate.validate, cmd_validate.HELP),
)
for command, help_text in COMMANDS:  # `shuili new` takes --FIELD options: its function says so
    _name = getattr(command, "command_name", None) or command.__name__
    app.command(_name, help=help_text, epilog=examples(_name), cls=ZhCommand,
                context_settings=getattr(command, "context_settings", None))(command)


# A command typed by what it does, in Chinese: suggested as its name.
COMMAND_WORDS = {"校验": "validate", "检查": "validate", "报表": "report", "月报": "report", "年报": "summary",
                 "年度": "summary", "提醒": "alerts", "解释": "explain", "比较": "diff", "对比": "diff",
                 "规则": "rules", "初始化": "init", "模板": "template", "导出": "export", "导入": "import",
                 "新增": "new", "修改": "set", "月报表": "report", "汇总": "summary", "差异": "diff",
                 "版本": "--version"}


def _unknown_command(exc: UnknownCommand) -> str:
    if exc.name.lower() in ("help", "帮助"):
        return f"没有命令“{exc.name}”；查看帮助请用 shuili --help，某个命令的帮助用 shuili <命令> --help"
    low = exc.name.lower()  # REPORT: the caps lock on
    close = [COMMAND_WORDS[exc.name]] if exc.name in COMMAND_WORDS else [low] if low in exc.commands else []
    if not close:
        close = difflib.get_close_matches(low, exc.commands, n=3, cutoff=0.6)
        close += [c for c in exc.commands if c.startswith(low) and c not in close]
    if close:
        return f"没有命令“{exc.name}”。是不是{'或'.join(f'“{c}”' for c in close)}？"
    return f"没有命令“{exc.name}”。可用的命令：{'、'.join(exc.commands)}"


def _moved(args: list[str], name: str, takes_value: bool, after: str | None) -> str:
    """``args`` with option ``name`` (and its value) moved to the front, or just after the word ``after``."""
    i = next(k for k, a in enumerate(args) if a == name or a.startswith(name + "="))
    take = 2 if takes_value and "=" not in args[i] else 1
    moved = args[i:i + take] + (["YYYY-MM-DD"] if i + take > len(args) else [])
    rest = args[:i] + args[i + take:]
    at = rest.index(after) + 1 if after in rest else 0
    return " ".join(_shell_word(w) for w in ["shuili", *rest[:at], *moved, *rest[at:]])


def _shell_word(word: str) -> str:
    """``word`` as typed in a shell: Chinese as is (``shlex.quote`` would quote it), quoted when it must be."""
    return word if word and re.fullmatch(r"[\w@%+=:,./~-]+", word) else shlex.quote(word)


def _no_such_option(exc: NoSuchOption, args: list[str]) -> str:
    """Unknown option: a global one after the command, a command's one before it, a typo, or its
    value joined by a full-width equals sign (``--month＝2023-05``)."""
    name, ctx = exc.option_name, exc.ctx
    typed = usage_hints.typed_option(name, args)
    if typed is not None:
        return typed
    if ctx is not None:
        root = ctx.find_root()
        if ctx.parent is not None:
            for param in root.command.params:
                if name in getattr(param, "opts", ()) and any(a.split("=")[0] == name for a in args):
                    # --version (eager) acts alone; --today takes a value
                    line = "shuili " + name if param.is_eager else _moved(args, name, True, None)
                    return f"{name} 是全局选项，要写在命令之前：{line}"
        else:
            for word in args:
                cmd = root.command.get_command(root, word) if isinstance(root.command, ZhGroup) else None
                owner = next((p for p in cmd.params if name in getattr(p, "opts", ())), None) if cmd else None
                if owner is not None and any(a.split("=")[0] == name for a in args):
                    line = _moved(args, name, not getattr(owner, "is_flag", False), word)
                    return f"{name} 是 {word} 命令的选项，要写在命令之后：{line}"
    if exc.possibilities:
        return f"没有选项“{name}”。是不是{'或'.join(f'“{p}”' for p in sorted(exc.possibilities))}？"
    return f"没有选项“{name}”。"


def _option_shown(ctx: Context | None, name: str) -> str:
    """``--month YYYY-MM``: the option as it is written with its value."""
    params = ctx.command.params if ctx is not None else []
    metavar = next((p.metavar for p in params if name in getattr(p, "opts", ()) and p.metavar), "")
    return f"{name} {metavar}".strip()


def _usage_message(exc: UsageError, args: list[str]) -> str:
    """click's usage errors, said in Chinese: what is wrong and how it is written."""
    if isinstance(exc, UnknownCommand):
        return _unknown_command(exc)
    if isinstance(exc, MissingCommand):
        return "缺少命令；全局选项之后要写一个命令，如 shuili --today 2024-01-15 validate"
    if isinstance(exc, WideDash):
        return (f"“{exc.token}”开头的“{exc.dashes}”是中文输入法打出的全角符号；选项前面要用两个半角短横线，"
                f"应写成 {exc.fixed}")
    if isinstance(exc, ExtraArguments):
        return usage_hints.extra_arguments(exc, args)
    if isinstance(exc, NoSuchOption):
        return _no_such_option(exc, args)
    if isinstance(exc, BadOptionUsage):
        return f"选项“{_option_shown(exc.ctx, exc.option_name)}”缺少值"
    if isinstance(exc, BadParameter) and exc.param is not None:
        param = exc.param
        help_text = (getattr(param, "help", None) or "").strip()
        if isinstance(exc, MissingParameter):
            if param.param_type_name == "argument":
                return f"缺少参数“{param.metavar}”：{help_text}"
            return f"缺少选项“{_option_shown(exc.ctx, param.opts[0])}”：{help_text}"
        errors = getattr(exc.__cause__, "errors", None)
        value = errors()[0].get("input", "") if callable(errors) else ""
        return f"{param.opts[0]} 的值“{value}”无效；应写成 {(param.metavar or '').strip('<>')}"
    return f"命令行有误：{exc.format_message()}"


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
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["help"], ["帮助"]):  # `shuili help [命令]` as `shuili [命令] --help`
        args = [*args[1:2], "--help"]
    try:
        code = app(args=args, standalone_mode=False, prog_name="shuili")  # type: ignore[no-untyped-call,unused-ignore]
        flush_stdout()
    except UsageError as exc:
        if not exc.format_message():  # bare `shuili`: the help was shown
            sys.exit(EXIT_USAGE)
        hint = f"\n用 {exc.ctx.command_path} --help 查看用法" if exc.ctx is not None else ""
        err(f"用法错误：{_usage_message(exc, args)}{hint}")
        sys.exit(EXIT_USAGE)
    except UsageProblem as exc:
        _usage_problem(exc)
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


def _usage_problem(exc: UsageProblem) -> NoReturn:
    """Exit code 2 with the message; a pipe closed by its reader ends the run without a word."""
    if isinstance(exc, OutputLost) and exc.closed_pipe:
        sys.exit(EXIT_CLOSED_PIPE)
    err(f"用法错误：{exc}")
    sys.exit(EXIT_USAGE)


def _failed(exc: Exception) -> NoReturn:
    """Standard output failing is a usage error (2); anything else is a bug (3), said briefly."""
    lost = _output_lost(exc)
    if lost is not None:
        _usage_problem(lost)
    if os.environ.get("SHUILI_DEBUG"):
        raise exc
    err(f"内部错误：{type(exc).__name__}: {exc}\n这是 shuili 的缺陷，不是数据的问题；"
        "设置环境变量 SHUILI_DEBUG=1 可查看详细信息，请报告给维护者")
    sys.exit(3)
