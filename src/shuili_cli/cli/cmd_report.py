"""``shuili report``: the monthly forms, figures.json and the 工作总结."""

from __future__ import annotations

import typer

from shuili_cli.cli.common import check_format, err, out, repo_root, resolve_today
from shuili_cli.cli.options import (
    DateOption,
    DraftOption,
    MonthOption,
    PartialOption,
    RepoOption,
    ReportOutOption,
    fill_date,
    output_base,
    period_for,
)
from shuili_cli.cli.packages import loading, show_package, write_output

HELP = ("生成月报表：附件1、附件2 工作簿，figures.json 和当月工作总结（.docx、.md）。\n\n"
        "写入 <目录>/<YYYY-MM>/（默认在仓库根目录下的 reports/）。数据有错误时不生成，"
        "除非加 --draft（报表上标注“草稿”）；当月未结束时需加 --partial。")
FORMATS = ("xlsx", "json", "all")


def report(
    ctx: typer.Context,
    month: MonthOption = None,
    ytd: bool = typer.Option(False, "--ytd", help="发生量按本年 1 月 1 日起累计（年终报表为 12 月 --ytd）。"),
    out_dir: ReportOutOption = None,
    fmt: str = typer.Option("all", "--format", "-f", help="xlsx：只写工作簿；json：只在标准输出打印数字；all：全部。"),
    date_text: DateOption = None,
    partial: PartialOption = False,
    draft: DraftOption = False,
    repo: RepoOption = None,
) -> None:
    """Options -> the monthly package (``api.monthly_package``) -> written, headlines shown."""
    from shuili_cli import api

    check_format(fmt, FORMATS)
    root = repo_root(repo)
    base = output_base(root, out_dir)
    today = resolve_today(ctx, root)
    per = period_for(month, ytd, partial, today)
    filled = fill_date(date_text, today)
    if fmt == "json":
        with loading() as bar:
            text = api.figures_json(root, per, today=today, filled=filled, draft=draft, progress=bar)
        out(text)
        return
    with loading() as bar:
        package = api.monthly_package(root, per, today=today, filled=filled, draft=draft,
                                      fmt="all" if fmt == "all" else "xlsx", progress=bar)
    target = write_output(root, base, package)
    title = f"{per.year}年{per.month}月" + ("（1月起累计）" if per.ytd else "") + " 主要数字"
    show_package(title, package.headlines, target, package)
    for notice in package.notices:   # what the 工作总结 leaves out: said here, never on the paper
        err(f"注意：{notice}")
    if package.problems:
        err(f"注意：这是草稿，数据仍有 {len(package.problems)} 个错误")
