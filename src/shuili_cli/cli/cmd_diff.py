"""``shuili diff``: review a change in safety terms."""

from __future__ import annotations

from typing import Optional

import typer

from shuili_cli.cli.common import UsageProblem, bad_value, check_format, out, repo_root, resolve_today
from shuili_cli.cli.options import RepoOption
from shuili_cli.render.registry import REVIEW_REPORTERS, RenderContext

MAX_MONTHS = 24  # core/review/diff.py MAX_MONTHS (not imported: --help does not load the core)

HELP = (
    "比较两个 git 版本（默认与工作区比较）：记录的增删改、报表数字的变化、新增和修复的问题。\n\n"
    "只比较本分支从分叉点以来的改动（同 git diff 基准版本...比较版本）。报表数字按中文栏目列出，"
    "栏目路径可直接交给 shuili explain；--format markdown 适合贴到合并请求（拉取请求）的评论里，"
    "--format json 供程序读取（数字用键）。\n\n"
    "不加 --month 时，比较改动的记录上的日期（整改期限等计划日期除外）从最早到最晚的每个月"
    f"（相隔超过 {MAX_MONTHS} 个月时只比较这些日期所在的月份，最多 {MAX_MONTHS} 个），只列出数字有变化的月份；"
    "记录上没有日期时比较上个月。JSON 中 months 逐月列出，month 和 figures 是其中最新的一个月。"
)


def diff(
    ctx: typer.Context,
    base: str = typer.Argument(..., metavar="基准版本", help="如 origin/main、HEAD~1 或提交号。"),
    head: Optional[str] = typer.Argument(None, metavar="比较版本", help="比较的版本（默认：工作区）。",
                                         show_default=False),
    fmt: str = typer.Option("text", "--format", "-f", metavar="格式", help=REVIEW_REPORTERS.help),
    month: Optional[str] = typer.Option(None, "--month", metavar="YYYY-MM",
                                        help="只比较这个月的报表数字（默认：改动的记录涉及的各个月份，见上）。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.diff`` -> the reporter named by ``--format``."""
    from shuili_cli import api
    from shuili_cli.core.outputs.report import PeriodError, resolve_period
    from shuili_cli.core.source.gitio import GitProblem

    check_format(fmt, REVIEW_REPORTERS.names)
    root = repo_root(repo)
    today = resolve_today(ctx, root)
    try:
        period = resolve_period(month, ytd=False, partial=True, today=today) if month else None
    except PeriodError as exc:
        raise bad_value("--month", month or "", "YYYY-MM", str(exc)) from None
    try:
        result = api.diff(root, base, head, today, period)
    except GitProblem as exc:
        raise UsageProblem(str(exc)) from None
    out(REVIEW_REPORTERS[fmt](result, RenderContext()))
