"""``shuili diff``: review a change in safety terms."""

from __future__ import annotations

from typing import Optional

import typer

from shuili_cli.cli.app import app
from shuili_cli.cli.common import RepoOption, UsageProblem, check_format, out, repo_root, resolve_today

FORMATS = ("text", "markdown", "json")


@app.command(help="比较两个 git 版本（默认与工作区比较）：记录的增删改、报表数字的变化、新增和修复的问题。")
def diff(
    ctx: typer.Context,
    base: str = typer.Argument(..., metavar="BASE", help="基准版本，如 origin/main 或提交号。"),
    head: Optional[str] = typer.Argument(None, metavar="[HEAD]", help="比较的版本（默认：工作区）。",
                                         show_default=False),
    fmt: str = typer.Option("text", "--format", "-f", help="输出格式：text、markdown、json。"),
    month: Optional[str] = typer.Option(None, "--month", metavar="YYYY-MM",
                                        help="比较哪个月的报表数字（默认：最新变化所在的月份）。"),
    repo: RepoOption = None,
) -> None:
    from shuili_cli.core.diff import compare
    from shuili_cli.core.gitio import GitProblem
    from shuili_cli.core.report import PeriodError, resolve_period
    from shuili_cli.render import review

    check_format(fmt, FORMATS)
    root = repo_root(repo)
    today = resolve_today(ctx, root)
    try:
        period = resolve_period(month, ytd=False, partial=True, today=today) if month else None
    except PeriodError as exc:
        raise UsageProblem(str(exc)) from None
    try:
        result = compare(root, base, head, today=today, month=period)
    except GitProblem as exc:
        raise UsageProblem(str(exc)) from None
    if fmt == "json":
        out(review.as_json(result))
    elif fmt == "markdown":
        out(review.as_markdown(result))
    else:
        from rich.console import Console

        review.print_text(Console(highlight=False, soft_wrap=True), result)
