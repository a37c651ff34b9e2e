"""Options shared by the commands, with real types, and their conversion to values (usage errors: exit 2).

An option's declaration (``Annotated[..., typer.Option(...)]``) lives here once; a command lists
it as a parameter. The converters turn the text into the core's types (``date``, ``Period``, the
output folder) or raise :class:`UsageProblem`. The core is imported inside them, so that
``shuili --help`` does not load it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from shuili_cli.cli.common import UsageProblem

if TYPE_CHECKING:
    from shuili_cli.core.figures.figures import Period

RepoOption = Annotated[
    Optional[Path], typer.Option("--repo", help="数据仓库目录（默认：向上查找 shuili.yaml）。", show_default=False)
]
MonthOption = Annotated[
    Optional[str], typer.Option("--month", metavar="YYYY-MM", help="报表月份（默认：上个月）。", show_default=False)
]
DateOption = Annotated[
    Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="报表上的填报日期（默认今天）。")
]
AnnualDateOption = Annotated[
    Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="填报日期（默认今天）。")
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
        raise UsageProblem(str(exc)) from None


def fill_date(text: Optional[str], today: date) -> date:
    """``--date``: the date on the forms, today when not given."""
    return day_option(text, "--date", today)


def period_for(month: Optional[str], ytd: bool, partial: bool, today: date) -> Period:
    """``--month`` / ``--ytd`` / ``--partial`` as a report period (default: the previous month)."""
    from shuili_cli.core.outputs.report import PeriodError, resolve_period

    try:
        return resolve_period(month, ytd=ytd, partial=partial, today=today)
    except PeriodError as exc:
        raise UsageProblem(str(exc)) from None


def output_base(root: Path, out_dir: Optional[Path]) -> Path:
    """``--out`` (default ``<root>/reports``); inside the data folders it is a usage error."""
    from shuili_cli.core.outputs.report import OutputDirError, output_dir

    try:
        return output_dir(root, out_dir)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None
