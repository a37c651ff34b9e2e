"""``shuili summary``: the year-end package due by 8 January."""

from __future__ import annotations

import typer

from shuili_cli.cli.common import UsageProblem, bad_value, repo_root, resolve_today
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

HELP = ("年度材料：全年累计的附件1、附件2，逐月主要数字表，年度工作总结。\n\n"
        "次年 1 月 8 日前报送。写入 <目录>/<YYYY>-年度/（默认在仓库根目录下的 reports/）；工作总结有 .docx 和 .md 两种。"
        "数据有错误时不生成，除非加 --draft；年度未结束时需加 --partial。")


def summary(
    ctx: typer.Context,
    year: str = typer.Option(..., "--year", help="要生成材料的年度，如 2023。"),
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

    number = int(year) if year.isascii() and year.isdigit() and len(year) == 4 else 0
    if number not in YEARS:
        raise bad_value("--year", year, "YYYY", f"--year 的值“{year}”无效：应为四位年份（1900–2200），如 2023")
    root = repo_root(repo)
    base = output_base(root, out_dir)
    today = resolve_today(ctx, root)
    try:
        per = annual.year_period(number, today, partial=partial)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    filled = fill_date(date_text, today)
    with loading() as bar:
        package = api.annual_package(root, per, today=today, filled=filled, draft=draft, progress=bar)
    target = write_output(root, base, package)
    show_package(f"{year}年度（与上年比较）主要数字", package.headlines, target, package)
    from shuili_cli.cli.common import err

    for notice in package.notices:   # what the 年度工作总结 leaves out: said here, never on the paper
        err(f"注意：{notice}")
