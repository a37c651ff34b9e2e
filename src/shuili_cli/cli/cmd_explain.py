"""``shuili explain``: what one figure counted, record by record."""

from __future__ import annotations

import difflib
from typing import Optional

import typer

from shuili_cli.cli.common import UsageProblem, out, repo_root, resolve_today
from shuili_cli.cli.options import MonthOption, RepoOption, period_for
from shuili_cli.cli.packages import loading

HELP = "列出某个报表数字统计了哪些企业或记录（文件:行），以及合计；--list 列出所有数字的键。"


def explain(
    ctx: typer.Context,
    key: Optional[str] = typer.Argument(None, metavar="KEY", help="数字的键，如 a1.four_color.红。", show_default=False),
    month: MonthOption = None,
    ytd: bool = typer.Option(False, "--ytd", help="发生量按本年累计。"),
    partial: bool = typer.Option(False, "--partial", help="允许当月未结束。"),
    list_keys: bool = typer.Option(False, "--list", help="列出所有键及其中文栏目名和统计口径。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.figures`` -> the records one figure counted, and its total."""
    from shuili_cli.core.figures.catalogue import key_index

    index = key_index()
    if list_keys:
        for info in index.values():
            out(f"{info.key}\t{info.form} {info.label}\t{info.kind}\t{info.rule}\n")
        return
    if key is None:
        raise UsageProblem("请给出要解释的键，例如 shuili explain a1.four_color.红；用 --list 查看所有键")
    if key not in index:
        close = difflib.get_close_matches(key, list(index), n=5, cutoff=0.5)
        hint = "；相近的键：" + "、".join(close) if close else "；用 shuili explain --list 查看所有键"
        raise UsageProblem(f"没有这个键：“{key}”{hint}")
    from shuili_cli import api
    from shuili_cli.core.domain.numbers import amount_text
    from shuili_cli.render.safe_text import clean

    root = repo_root(repo)
    today = resolve_today(ctx, root)
    per = period_for(month, ytd, partial, today)
    with loading() as bar:
        fig = api.figures(root, per, today=today, progress=bar)
    info = index[key]
    kind = "存量，截至 " + per.end if info.kind == "stock" else f"发生量，{per.start} 至 {per.end}"
    out(f"{key}  {info.form} {info.label}（{info.unit}，{kind}）\n口径：{info.rule}\n\n")
    items = fig.of(key)
    for c in items:
        amount = "" if c.amount == 1 else f"  [{amount_text(c.amount)}]"
        out(clean(f"{c.file}:{c.line}  {c.what}{amount}") + "\n")
    total = fig.values[key]
    out(f"\n合计：{amount_text(total)}{info.unit}（{len(items)} 条记录）\n")
