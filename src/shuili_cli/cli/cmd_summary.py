"""``shuili summary``: the year-end package due by 8 January."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.app import app
from shuili_cli.cli.common import RepoOption, UsageProblem, repo_root, resolve_today


@app.command(help="年度材料（次年 1 月 8 日前报送）：12 月累计的附件1、附件2，逐月主要数字表，年度工作总结（.docx、.md）。")
def summary(
    ctx: typer.Context,
    year: int = typer.Option(..., "--year", metavar="YYYY", help="年度。"),
    out_dir: Optional[Path] = typer.Option(
        None, "--out", show_default=False,
        help="输出目录，写入 <目录>/<YYYY>-年度/（默认：仓库根目录下的 reports/；不能在 enterprises/、bureau/ 里）。"),
    date_text: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="填报日期（默认今天）。"),
    partial: bool = typer.Option(False, "--partial", help="允许年度未结束时生成截至今天的材料。"),
    draft: bool = typer.Option(False, "--draft", help="数据有错误时也生成，并标注“草稿”。"),
    repo: RepoOption = None,
) -> None:
    from rich.console import Console

    from shuili_cli.cli.cmd_report import fill_date, load_for_report, output_base, workbook_bytes, write_output
    from shuili_cli.core import annual
    from shuili_cli.core.catalogue import templates_dir
    from shuili_cli.core.dates import YEARS
    from shuili_cli.core.report import annual_names, figures_json
    from shuili_cli.core.repository import LoadResult
    from shuili_cli.render.annual import render_annual_docx, render_annual_markdown
    from shuili_cli.render.terminal import print_report

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
    loaded, problems = load_for_report(root, today, draft=draft)
    assert isinstance(loaded, LoadResult)
    settings = loaded.repo.settings
    content, fig = annual.build(loaded.repo, per, filled, problems)
    names = annual_names(settings, per)
    files = {
        names.workbook: workbook_bytes(fig, settings, filled, problems),
        names.figures: figures_json(fig, settings, filled, problems).encode("utf-8"),
        names.summary_md: render_annual_markdown(content, templates_dir()).encode("utf-8"),
        names.summary_docx: render_annual_docx(content),
    }
    target = write_output(root, base, names.folder, files)
    print_report(Console(), f"{year}年度（与上年比较）主要数字", content.december.headlines, [target / n for n in files])
