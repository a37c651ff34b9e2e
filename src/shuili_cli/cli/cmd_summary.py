"""``shuili summary``: the year-end package due by 8 January."""

from __future__ import annotations

import typer

from shuili_cli.cli.common import UsageProblem, repo_root, resolve_today
from shuili_cli.cli.options import (
    AnnualDateOption,
    AnnualOutOption,
    AnnualPartialOption,
    DraftOption,
    RepoOption,
    fill_date,
    output_base,
)
from shuili_cli.cli.packages import loading, show_package, write_output

HELP = "年度材料（次年 1 月 8 日前报送）：12 月累计的附件1、附件2，逐月主要数字表，年度工作总结（.docx、.md）。"


def summary(
    ctx: typer.Context,
    year: int = typer.Option(..., "--year", metavar="YYYY", help="年度。"),
    out_dir: AnnualOutOption = None,
    date_text: AnnualDateOption = None,
    partial: AnnualPartialOption = False,
    draft: DraftOption = False,
    repo: RepoOption = None,
) -> None:
    """Options -> the year-end package (``api.annual_package``) -> written, headlines shown."""
    from shuili_cli import api
    from shuili_cli.core.dates import YEARS
    from shuili_cli.core.outputs import annual

    root = repo_root(repo)
    base = output_base(root, out_dir)
    today = resolve_today(ctx, root)
    if year not in YEARS:
        raise UsageProblem(f"年度“{year}”无效（1900–2200）")
    try:
        per = annual.year_period(year, today, partial=partial)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    filled = fill_date(date_text, today)
    with loading() as bar:
        package = api.annual_package(root, per, today=today, filled=filled, draft=draft, progress=bar)
    target = write_output(root, base, package)
    show_package(f"{year}年度（与上年比较）主要数字", package.headlines, target, package)
