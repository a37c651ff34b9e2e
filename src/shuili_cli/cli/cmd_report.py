"""``shuili report``: the monthly forms, figures.json and the 工作总结."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.app import app
from shuili_cli.cli.common import (
    EXIT_DATA,
    MonthOption,
    RepoOption,
    UsageProblem,
    check_format,
    err,
    out,
    progress_bar,
    repo_root,
    resolve_today,
)

FORMATS = ("xlsx", "json", "all")


def load_for_report(root: Path, today: date, *, draft: bool) -> tuple[object, list[str]]:
    """Load and validate; refuse (exit 1) on errors unless ``draft``."""
    from shuili_cli.core.loader import load
    from shuili_cli.render.diagnostics import text_line

    with progress_bar("读取数据") as bar:
        loaded = load(root, today=today, progress=bar)
    errors = [f for f in loaded.findings if f.is_error]
    lines = [text_line(f) for f in errors]
    if errors and not draft:
        err("\n".join(lines))
        err(f"数据仓库有 {len(errors)} 个错误，不能生成正式报表；请先修正（shuili validate 查看全部），"
            "或加 --draft 生成标注“草稿”的报表")
        raise typer.Exit(EXIT_DATA)
    return loaded, lines


def fill_date(text: Optional[str], today: date) -> date:
    from shuili_cli.core.dates import BadDate, parse_day

    if text is None:
        return today
    try:
        return parse_day(text, "--date")
    except BadDate as exc:
        raise UsageProblem(str(exc)) from None


def period_for(month: Optional[str], ytd: bool, partial: bool, today: date) -> object:
    from shuili_cli.core.report import PeriodError, resolve_period

    try:
        return resolve_period(month, ytd=ytd, partial=partial, today=today)
    except PeriodError as exc:
        raise UsageProblem(str(exc)) from None


@app.command(help="生成月报表（附件1、附件2 工作簿）、figures.json 和当月工作总结（.docx、.md）。")
def report(
    ctx: typer.Context,
    month: MonthOption = None,
    ytd: bool = typer.Option(False, "--ytd", help="发生量按本年 1 月 1 日起累计（年终报表为 12 月 --ytd）。"),
    out_dir: Optional[Path] = typer.Option(
        None, "--out", show_default=False,
        help="输出目录，写入 <目录>/<YYYY-MM>/（默认：仓库根目录下的 reports/；不能在 enterprises/、bureau/ 里）。"),
    fmt: str = typer.Option("all", "--format", "-f", help="xlsx：只写工作簿；json：只在标准输出打印数字；all：全部。"),
    date_text: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="报表上的填报日期（默认今天）。"),
    partial: bool = typer.Option(False, "--partial", help="允许当月未结束时生成截至今天的报表。"),
    draft: bool = typer.Option(False, "--draft", help="数据有错误时也生成，并标注“草稿”。"),
    repo: RepoOption = None,
) -> None:
    from shuili_cli.core import summary as summ
    from shuili_cli.core.figures import Period, compute
    from shuili_cli.core.report import figures_json, output_names
    from shuili_cli.core.repository import LoadResult

    check_format(fmt, FORMATS)
    root = repo_root(repo)
    base = output_base(root, out_dir)
    today = resolve_today(ctx, root)
    per = period_for(month, ytd, partial, today)
    assert isinstance(per, Period)
    filled = fill_date(date_text, today)
    loaded, problems = load_for_report(root, today, draft=draft)
    assert isinstance(loaded, LoadResult)
    repo_data = loaded.repo
    settings = repo_data.settings
    fig = compute(repo_data, per)
    if fmt == "json":
        out(figures_json(fig, settings, filled, problems))
        return
    files: dict[str, bytes] = {}
    names = output_names(settings, per)
    files[names.workbook] = workbook_bytes(fig, settings, filled, problems)
    files[names.figures] = figures_json(fig, settings, filled, problems).encode("utf-8")
    previous = compute(repo_data, per.previous())
    content = summ.build(repo_data, fig, previous, filled, problems)
    if fmt == "all":
        from shuili_cli.core.catalogue import templates_dir
        from shuili_cli.render.documents import render_docx, render_markdown

        files[names.summary_md] = render_markdown(content, templates_dir()).encode("utf-8")
        files[names.summary_docx] = render_docx(content)
    target = write_output(root, base, names.folder, files)
    from rich.console import Console

    from shuili_cli.render.terminal import print_report

    title = f"{per.year}年{per.month}月" + ("（1月起累计）" if per.ytd else "") + " 主要数字"
    print_report(Console(), title, content.headlines, [target / n for n in files])
    if problems:
        err(f"注意：这是草稿，数据仍有 {len(problems)} 个错误")


def output_base(root: Path, out_dir: Optional[Path]) -> Path:
    """``--out`` (default ``<root>/reports``); inside the data folders it is a usage error."""
    from shuili_cli.core.report import OutputDirError, output_dir

    try:
        return output_dir(root, out_dir)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None


def write_output(root: Path, base: Path, folder: str, files: dict[str, bytes]) -> Path:
    """Write ``files`` into ``base/folder``, keeping the user's own files there; the folder written."""
    from shuili_cli.core.atomic import write_files
    from shuili_cli.core.report import OutputDirError, check_output_folder

    target = base / folder
    try:
        check_output_folder(root, target)
        write_files(target, files)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入输出目录“{base}”：{exc.strerror or exc}") from None
    return target


def workbook_bytes(fig: object, settings: object, filled: date, problems: list[str]) -> bytes:
    from shuili_cli.core.catalogue import forms
    from shuili_cli.core.figures import Figures
    from shuili_cli.core.models.bureau import Settings
    from shuili_cli.render.xlsx import build_workbook

    assert isinstance(fig, Figures)
    s = settings if isinstance(settings, Settings) else None
    reporter = s.reporter if s is not None and s.reporter is not None else None
    return build_workbook(
        forms(), fig.values,
        unit_name=s.unit.name if s else "", unit_type=s.unit.type if s else "县（市、区）",
        region=s.unit.region if s else "",
        reporter=(reporter.name or "") if reporter else "", phone=(reporter.phone or "") if reporter else "",
        fill_date=filled, draft=problems or None, as_of=fig.period.partial_end,
    )
