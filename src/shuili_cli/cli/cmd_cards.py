"""``shuili cards``: the 岗位安全风险告知卡 and the 四色风险分布 of each enterprise, HTML to print."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import EXIT_DATA, UsageProblem, err, out, repo_root, resolve_today
from shuili_cli.cli.options import RepoOption, day_option, enterprises_chosen, output_base

HELP = ("生成岗位安全风险告知卡和四色风险分布图（HTML，用浏览器打开后打印）。\n\n"
        "每家企业一个文件，写入 <目录>/<企业名称>-岗位安全风险告知卡.html（默认在仓库根目录下的 reports/cards/）："
        "先是四色风险分布图，再按岗位每岗一张卡（A4，每页一至两张）：岗位/作业名称、风险等级颜色、主要危险因素、"
        "易发生事故类型、管控措施、应急处置措施、报告方式和电话、GB 2894 安全警示标志。"
        "卡片由截至 --as-of 在册的风险点按岗位（risks.yaml 的 post）归并；没有填写岗位的风险点按所在位置"
        "（location，否则 department）每处一张卡，每个在册的风险点都在某张卡上。三张清单、5S 考评或示范岗位中有、"
        "却没有风险点的岗位不出卡，没有在册风险点的企业不生成文件，命令会列出这些岗位和企业。"
        "要制卡的企业的数据有错误时不生成（退出码 1）。")
# The "示例：" section of --help, in the shape of cli/app.py's EXAMPLES (what, command line).
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("为每一家企业生成告知卡（写入仓库根目录下的 reports/cards/）", "shuili cards --all"),
    ("按 2023 年底在册的风险点，为两家企业生成", "shuili cards taoxi-reservoir baishui-reservoir --as-of 2023-12-31"),
    ("写到另一个文件夹", "shuili cards --all --out 告知卡"),
)


def cards(
    ctx: typer.Context,
    enterprises: Optional[list[str]] = typer.Argument(None, metavar="企业编号", show_default=False,
                                                      help="企业编号（enterprises/ 下的文件夹名），可写多个。"),
    all_: bool = typer.Option(False, "--all", help="每一家企业（截至 --as-of 已关闭的除外）。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", show_default=False,
                                        help="按哪一天在册的风险点制卡（默认今天）。"),
    out_dir: Optional[Path] = typer.Option(
        None, "--out", "-o", metavar="<目录>", show_default=False,
        help="输出目录（默认：仓库根目录下的 reports/cards/；不能在 enterprises/、bureau/ 里）。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.cards`` -> one page per enterprise written; posts without cards on standard error."""
    from shuili_cli import api
    from shuili_cli.core.outputs.cards import CARDS_FOLDER, UnknownEnterprise
    from shuili_cli.core.outputs.report import OutputDirError
    from shuili_cli.render.cards import notices
    from shuili_cli.render.safe_text import clean

    chosen = enterprises_chosen(enterprises, all_,
                                none_given="请给出企业编号（enterprises/ 下的文件夹名），或用 --all 为每一家企业生成")
    root = repo_root(repo)
    today = resolve_today(ctx, root)
    day = day_option(as_of, "--as-of", today)
    folder = output_base(root, out_dir) if out_dir is not None else output_base(root, None) / CARDS_FOLDER
    try:
        pages = api.cards(root, day, today=today, enterprises=chosen)
    except UnknownEnterprise as exc:
        raise UsageProblem(str(exc)) from None
    except api.NotReady as exc:
        err("\n".join(exc.problems))
        err(f"要制卡的企业的数据有 {len(exc.problems)} 个错误，不能生成告知卡（上墙的卡片不能用有错的记录）；"
            "请先修正（shuili validate 查看全部）")
        raise typer.Exit(EXIT_DATA) from None
    try:
        if pages.files:   # nothing to write (only enterprises without risk points): no folder either
            api.write_cards(root, folder, api.Package("", pages.files, []))
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入输出目录“{folder}”：{exc.strerror or exc}") from None
    for name, ec in zip(pages.files, pages.enterprises, strict=True):
        out(f"已生成 {folder / name}（{len(ec.cards)} 张告知卡）\n")
    for ec in pages.closed:
        err(f"{clean(ec.name)}：截至 {day.isoformat()} 已关闭，未生成告知卡")
    for ec in pages.enterprises:
        if ec.closed_on is not None:
            err(f"注意：{clean(ec.name)} 已于 {ec.closed_on.isoformat()} 关闭（截至 {day.isoformat()}），"
                "仍按要求生成了告知卡；关闭的单位不需要上墙的告知卡")
    for ec in pages.empty:
        err(f"{clean(ec.name)}：截至 {day.isoformat()} 没有在册的风险点，未生成告知卡；"
            f"请先在 enterprises/{ec.id}/risks.yaml 中辨识登记风险点")
    for ec in pages.enterprises:
        for line in notices(ec):
            err(line)
