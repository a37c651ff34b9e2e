"""Options shared by the commands, with real types, and their conversion to values (usage errors: exit 2).

An option's declaration (``Annotated[..., typer.Option(...)]``) lives here once; a command lists
it as a parameter. The converters turn the text into the core's types (``date``, ``Period``, the
output folder) or raise :class:`UsageProblem`. The core is imported inside them, so that
``shuili --help`` does not load it.

How every command looks in ``--help`` is also decided here, once: the placeholder of each
parameter (:data:`METAVARS`), the usage line, typer's own words in Chinese, and the command
classes (:class:`ZhCommand`, :class:`ZhGroup`) that report click's usage errors as data for
``cli/app.py`` to word in Chinese (unknown command, extra arguments, a Chinese dash).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from itertools import takewhile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
import typer.rich_utils as rich_utils
from rich.markdown import Markdown
from rich.text import Text
from typer import _click as click
from typer._click.exceptions import UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from shuili_cli.cli.common import UsageProblem, bad_value

if TYPE_CHECKING:
    from shuili_cli.core.figures.figures import Period

RepoOption = Annotated[
    Optional[Path], typer.Option("--repo", help="数据仓库目录（默认：向上查找 shuili.yaml）。", show_default=False)
]
MonthOption = Annotated[
    Optional[str], typer.Option("--month", help="报表月份（默认：上个月）。", show_default=False)
]
DateOption = Annotated[
    Optional[str], typer.Option("--date", help="报表上的填报日期（默认今天）。")
]
AnnualDateOption = Annotated[
    Optional[str], typer.Option("--date", help="填报日期（默认今天）。")
]
DraftOption = Annotated[bool, typer.Option("--draft", help="数据有错误时也生成，并标注“草稿”。")]
PartialOption = Annotated[bool, typer.Option("--partial", help="允许当月未结束时生成截至今天的报表。")]
AnnualPartialOption = Annotated[bool, typer.Option("--partial", help="允许年度未结束时生成截至今天的材料。")]
ReportOutOption = Annotated[Optional[Path], typer.Option(
    "--out", show_default=False,
    help="输出目录，写入 <目录>/<YYYY-MM>/（默认：仓库根目录下的 reports/；不能在 enterprises/、bureau/ 里）。")]
AnnualOutOption = Annotated[Optional[Path], typer.Option(
    "--out", show_default=False,
    help="输出目录，写入 <目录>/<YYYY>-年度/（默认：仓库根目录下的 reports/；不能在 enterprises/、bureau/ 里）。")]


def day_option(text: Optional[str], option: str, default: date) -> date:
    """A ``YYYY-MM-DD`` option (``--date``, ``--as-of``), ``default`` when not given."""
    from shuili_cli.core.dates import BadDate, parse_day

    if text is None:
        return default
    try:
        return parse_day(text, option)
    except BadDate as exc:
        raise bad_value(option, text, "YYYY-MM-DD", str(exc)) from None


def enterprises_chosen(enterprises: Optional[list[str]], all_: bool, *, none_given: str | None) -> list[str] | None:
    """The enterprises named on the command line, or None for ``--all`` (every one); naming some and
    ``--all`` together is a usage error, and so is naming none without ``--all`` when ``none_given``
    (the message saying what to give) is set."""
    if enterprises and all_:
        raise UsageProblem("企业编号和 --all 只能用一个")
    if not enterprises and not all_ and none_given is not None:
        raise UsageProblem(none_given)
    return None if all_ else list(enterprises or [])


def fill_date(text: Optional[str], today: date) -> date:
    """``--date``: the date on the forms, today when not given."""
    return day_option(text, "--date", today)


def period_for(month: Optional[str], ytd: bool, partial: bool, today: date) -> Period:
    """``--month`` / ``--ytd`` / ``--partial`` as a report period (default: the previous month)."""
    from shuili_cli.core.outputs.report import PeriodError, resolve_period

    try:
        return resolve_period(month, ytd=ytd, partial=partial, today=today)
    except PeriodError as exc:
        raise bad_value("--month", month or "", "YYYY-MM", str(exc)) from None


def output_base(root: Path, out_dir: Optional[Path]) -> Path:
    """``--out`` (default ``<root>/reports``); inside the data folders it is a usage error."""
    from shuili_cli.core.outputs.report import OutputDirError, output_dir

    try:
        return output_dir(root, out_dir)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None


# --- How the commands look in --help -------------------------------------------------------------
#
# One mechanism for every command: the value placeholder (metavar) of each option and argument is
# looked up here by parameter name, whichever module declares it. An all-ASCII word is a format and
# shown as is (``YYYY-MM``); a Chinese word is shown as ``<目录>`` after an option. A flag shows none.
# An argument shows its word in the argument list, and in the usage line as ``<目录>`` (required),
# ``[比较版本]`` (optional) or ``[路径…]`` (several values).
METAVARS = {
    # options
    "today": "YYYY-MM-DD", "date_text": "YYYY-MM-DD", "as_of": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY",
    "repo": "目录", "out_dir": "目录", "out_file": "文件.xlsx", "fmt": "格式", "changed_since": "版本",
    "package": "安装地址", "enterprise": "企业编号", "map_file": "对照表.yaml",
    # arguments
    "paths": "路径", "directory": "目录", "key": "栏目", "base": "基准版本", "head": "比较版本",
    "enterprises": "企业编号", "workbook": "台账文件", "kind": "种类", "ident": "编号", "assignments": "字段=值",
}
UNKNOWN_METAVAR = "值"
HELP_OPTION_TEXT = "显示本帮助并退出。"


# typer's own words in its rich help, in Chinese.
rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.ERRORS_PANEL_TITLE = "错误"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.DEFAULT_STRING = "[默认：{}]"
rich_utils.ENVVAR_STRING = "[环境变量：{}]"
rich_utils.DEPRECATED_STRING = "（已弃用）"
rich_utils.ABORTED_TEXT = "已中止"
rich_utils.RICH_HELP = "用 [blue]{command_path} {help_option}[/] 查看帮助。"
_typer_rich_text = rich_utils._make_rich_text


def _folding_rich_text(*, text: str, style: str = "", markup_mode: rich_utils.MarkupModeStrict) -> Markdown | Text:
    """Help text as typer makes it, but a long run of Chinese (no space to wrap at) is folded onto
    the next line instead of being cut off with "…" in the narrow help column."""
    made = _typer_rich_text(text=text, style=style, markup_mode=markup_mode)
    if isinstance(made, Text):
        made.overflow = "fold"
    return made


rich_utils._make_rich_text = _folding_rich_text


class ZhArgument(TyperArgument):
    """An argument shown by its Chinese word: no type column, usage ``<词>``, ``[词]`` or ``[词…]``."""

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        word = self.display_name_raw
        return f"<{word}>" if self.required else f"[{word}]"


def _shown(word: str) -> str:
    return word if word.isascii() else f"<{word}>"


def present(params: list[click.Parameter]) -> None:
    """Give each parameter its placeholder from :data:`METAVARS` (flags none)."""
    for param in params:
        word = METAVARS.get(param.name or "", UNKNOWN_METAVAR)
        if isinstance(param, TyperArgument):
            # typer makes its TyperArgument itself, with no class to choose: the subclass only changes display
            param.__class__ = ZhArgument
            param.metavar = word + ("…" if param.nargs != 1 else "")
        elif isinstance(param, TyperOption):
            param.metavar = "" if param.is_flag or param.count else _shown(word)


class UnknownCommand(UsageError):
    """``shuili <name>`` where no command has that name (the message is app.py's)."""

    def __init__(self, name: str, ctx: click.Context, commands: list[str]) -> None:
        super().__init__(f"no command {name}", ctx)
        self.name, self.commands = name, commands


class MissingCommand(UsageError):
    """``shuili --today 2024-01-15`` with no command after the global options."""

    def __init__(self, ctx: click.Context) -> None:
        super().__init__("missing command", ctx)


# What a Chinese input method types for "-": the dash (——), the full-width hyphen-minus (－), en dash...
WIDE_DASH = re.compile(r"^([—－–―‐‑]+)([A-Za-z][\w.-]*)(=.*)?$")


class WideDash(UsageError):
    """``——format``: an option typed with a Chinese dash (the message is app.py's)."""

    def __init__(self, token: str, ctx: click.Context) -> None:
        super().__init__("wide dash", ctx)
        self.token = token
        m = WIDE_DASH.match(token)
        self.dashes, self.fixed = (m.group(1), f"--{m.group(2)}{m.group(3) or ''}") if m else ("", token)


def _wide_dashes(ctx: click.Context, args: list[str]) -> None:
    for token in args:
        if WIDE_DASH.match(token) and not ctx.resilient_parsing:
            raise WideDash(token, ctx)


class ExtraArguments(UsageError):
    """More arguments than the command takes (the message is app.py's)."""

    def __init__(self, extra: list[str], ctx: click.Context) -> None:
        super().__init__("extra arguments", ctx)
        self.extra = extra


@contextmanager
def _in(ctx: click.Context) -> Iterator[None]:
    """The parser raises some usage errors without their context: give them this one (for the hint)."""
    try:
        yield
    except UsageError as exc:
        if exc.ctx is None:
            exc.ctx, exc.cmd = ctx, ctx.command
        raise


class ChineseHelp(click.Command):
    """What :class:`ZhCommand` and :class:`ZhGroup` share: the help option, the usage line, rich help."""

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
            option.metavar = ""
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """``用法：shuili new [选项] <种类> [--字段 值…]`` (the last part where a command takes its own options)."""
        pieces = self.collect_usage_pieces(ctx)
        if self.context_settings.get("ignore_unknown_options"):
            pieces.append("[--字段 值…]")
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Always rich (also under TYPER_USE_RICH=0, whose plain layout has English section titles)."""
        import typer.rich_utils

        typer.rich_utils.rich_format_help(obj=self, ctx=ctx, markup_mode="rich")


class ZhCommand(ChineseHelp, TyperCommand):
    """A command whose help, usage line and argument errors are Chinese (see :func:`present`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = "[选项]"
        present(self.params)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _wide_dashes(ctx, args)
        if ctx.allow_extra_args or ctx.resilient_parsing:
            with _in(ctx):
                return super().parse_args(ctx, args)
        ctx.allow_extra_args = True
        try:
            with _in(ctx):
                rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = False
        if rest:
            raise ExtraArguments(rest, ctx)
        return rest


class ZhGroup(ChineseHelp, TyperGroup):
    """``shuili`` itself: as :class:`ZhCommand`, and an unknown command is :class:`UnknownCommand`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.options_metavar = "[全局选项]"
        self.subcommand_metavar = "命令 [参数和选项…]"
        present(self.params)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _wide_dashes(ctx, list(takewhile(lambda a: a not in self.commands, args)))  # the command checks its own
        with _in(ctx):
            rest = super().parse_args(ctx, args)
        if not ctx._protected_args and not ctx.resilient_parsing:
            raise MissingCommand(ctx)
        return rest

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-") and not ctx.resilient_parsing:
            raise UnknownCommand(name, ctx, self.list_commands(ctx))
        return self._click_resolve_command(ctx, args)
