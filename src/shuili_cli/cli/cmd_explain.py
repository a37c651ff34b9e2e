"""``shuili explain``: what one figure counted, record by record."""

from __future__ import annotations

from typing import Optional

import typer

from shuili_cli.cli.common import UsageProblem, out, repo_root, resolve_today
from shuili_cli.cli.options import MonthOption, RepoOption, period_for
from shuili_cli.cli.packages import loading

HELP = (
    "列出某个报表数字统计了哪些企业或记录（文件:行），以及合计；--list 列出所有数字的键和栏目。\n\n"
    "栏目可以写键（a1.four_color.红），也可以写表头上的中文栏目名（红色风险）。栏目名重名时，在前面加上层的表头，"
    "用“/”分隔，直到只剩一栏：企业数量/总数、附件2/红色风险企业/总数（完整的路径见 --list）；"
    "分子行的栏（达标类型、标杆层级）最后一段是子行名：一级企业/国标。"
    "全角字符、空格和引号不影响查找，单位括号可以省略：红色风险 即 红色风险（处）。"
)


def explain(
    ctx: typer.Context,
    key: Optional[str] = typer.Argument(
        None, metavar="栏目", show_default=False,
        help="键（如 a1.four_color.红）或中文栏目名（如 红色风险、企业数量/总数）。"),
    month: MonthOption = None,
    ytd: bool = typer.Option(False, "--ytd", metavar="", help="发生量按本年累计。"),
    partial: bool = typer.Option(False, "--partial", metavar="", help="允许当月未结束。"),
    list_keys: bool = typer.Option(False, "--list", metavar="", help="列出所有键及其中文栏目路径和统计口径。"),
    draft: bool = typer.Option(False, "--draft", metavar="",
                               help="数据有错误时也照样计算，并在开头标注“草稿”（数字可能不准）。"),
    paths: Optional[list[str]] = typer.Option(
        None, "--rollup", show_default=False,
        help="市级汇总：列出市直单位（--repo 指定市直单位仓库）和每个县对这一栏的贡献；写各县的报表文件夹或数据仓库，"
             "可写多次，检查与 shuili rollup 相同。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.figures`` -> the records one figure counted, and its total."""
    from shuili_cli.core.figures.catalogue import key_index

    index = key_index()
    if list_keys:
        for info in index.values():
            out(f"{info.key}\t{info.path_text}\t{info.kind}\t{info.rule}\n")
        return
    if key is None:
        raise UsageProblem("请给出要解释的栏目，例如 shuili explain 红色风险 或 shuili explain a1.four_color.红；"
                           "用 shuili explain --list 查看所有栏目")
    key = _resolve(key)
    if paths:  # --rollup: the city's own row and each county's part, from their submissions
        from shuili_cli.cli.cmd_rollup import explain_rollup

        explain_rollup(ctx, key, paths, month, ytd, partial, repo)
        return
    from shuili_cli import api
    from shuili_cli.api import NotReady
    from shuili_cli.core.domain.numbers import amount_text
    from shuili_cli.render.safe_text import clean

    root = repo_root(repo)
    today = resolve_today(ctx, root)
    per = period_for(month, ytd, partial, today)
    with loading(DRAFT_EXPLAIN) as bar:
        try:
            fig, problems = api.figures(root, per, today=today, progress=bar), 0
        except NotReady as exc:  # refused by loading() unless --draft
            if not draft:
                raise
            fig, problems = api.figures(root, per, today=today, draft=True, progress=bar), len(exc.problems)
    if problems:
        out(f"（草稿：数据仓库有 {problems} 个错误，以下数字可能不准；shuili validate 查看全部）\n")
    info = index[key]
    kind = "存量，截至 " + per.end if info.kind == "stock" else f"发生量，{per.start} 至 {per.end}"
    unit = "" if info.label.endswith(f"（{info.unit}）") else f"{info.unit}，"  # 红色风险（处）: said once
    out(f"{key}  {info.form} {info.label}（{unit}{kind}）\n口径：{info.rule}\n\n")
    items = fig.of(key)
    for c in items:
        amount = "" if c.amount == 1 else f"  [{amount_text(c.amount)}]"
        out(clean(f"{c.file}:{c.line}  {c.what}{amount}") + "\n")
    total = fig.values[key]
    out(f"\n合计：{amount_text(total)}{info.unit}（{len(items)} 条记录）\n")


DRAFT_EXPLAIN = "算出的数字不可靠", "照样计算（结果标注“草稿”）"
SHOWN = 12  # candidate columns listed by an ambiguous or unknown name


def _resolve(name: str) -> str:
    """The key a key or Chinese column name names; :class:`UsageProblem` lists the candidates."""
    from shuili_cli.core.figures.catalogue import key_index
    from shuili_cli.core.figures.columns import find_column
    from shuili_cli.render.safe_text import clean

    match = find_column(name)
    if len(match.keys) == 1:
        return match.keys[0]
    index = key_index()

    def listing(keys: tuple[str, ...]) -> str:
        more = f"\n  ……（共 {len(keys)} 栏，只列出前 {SHOWN} 栏）" if len(keys) > SHOWN else ""
        return "".join(f"\n  {index[k].path_text}    {k}" for k in keys[:SHOWN]) + more

    shown = clean(name.strip())
    if match.keys:
        raise UsageProblem(f"栏目“{shown}”对应 {len(match.keys)} 栏，不能确定是哪一栏：{listing(match.keys)}\n"
                           "请写出更多上层表头（用“/”分隔）或写键，例如 shuili explain "
                           f"{index[match.keys[0]].path_text}")
    what = "键" if shown.startswith(("a1.", "a2.")) else "栏目"
    hint = f"；相近的{what}：{listing(match.close)}" if match.close else ""
    raise UsageProblem(f"没有这个{what}：“{shown}”{hint}\n用 shuili explain --list 查看所有栏目的键和中文路径")
