"""``shuili site``: the county's static site (一企一档, four colours, the month's forms with their records)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import UsageProblem, out, repo_root, resolve_today
from shuili_cli.cli.options import RepoOption, day_option

SITE_FOLDER = "site"

HELP = (
    "生成全县的静态网站（HTML，无脚本、无外部资源）：全县概览（当月主要数字及近 12 个月走势、四色分布、"
    "企业一览、提醒）、每家企业一页（一企一档：达标定级、风险点、隐患闭环时间线、三张清单、5S、六有、提醒）、"
    "当月附件1和附件2（每个数字都链接到它统计的记录）。可直接在浏览器中打开 index.html，"
    "或由 CI 发布到 GitHub Pages / GitLab Pages。主要数字取截至 --as-of 的最后一个完整月份，其余内容截至 --as-of。"
    "数据有错误时照样生成，每页标明草稿和错误数。"
)
EXAMPLES = (("生成截至今天的网站（写入仓库根目录下的 site/，打开 site/index.html 查看）", "shuili site"),
            ("截至 2023 年 12 月 31 日的网站，写入 网站/", "shuili site --as-of 2023-12-31 --out 网站"))
"""The "示例：" of ``shuili site --help`` in the form of ``EXAMPLES`` in cli/app.py."""


def site(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", show_default=False,
                                        help="网站内容截至哪一天（默认今天，不能晚于今天）；主要数字取截至这一天的最后一个完整月份（这一天是月末时即当月）。"),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", metavar="<目录>", show_default=False,
                                           help="输出目录（默认：仓库根目录下的 site/；不能在 enterprises/、bureau/ 里）。"),
    with_ledgers: bool = typer.Option(False, "--with-ledgers", metavar="",
                                      help="同时导出每家企业的台账工作簿（与 shuili export 相同），放在企业页面旁供下载；"
                                           "企业多时较慢（1000 家约需数分钟），默认不导出。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.write_site`` (built and written a folder at a time) -> what was written."""
    from shuili_cli import api
    from shuili_cli.cli.packages import loading
    from shuili_cli.core.outputs.report import OutputDirError

    root = repo_root(repo)
    today = resolve_today(ctx, root)
    day = day_option(as_of, "--as-of", today)
    if day > today:
        raise UsageProblem(f"--as-of {day.isoformat()} 在今天（{today.isoformat()}）之后：网站只能写到今天为止的情况"
                           "（否则隐患会按未来的日子算作超期）；请去掉 --as-of（默认今天）或给一个不晚于今天的日期")
    folder = out_dir if out_dir is not None else root / SITE_FOLDER
    try:
        with loading() as bar:
            written = api.write_site(root, folder, day, today=today, with_ledgers=with_ledgers, progress=bar)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入输出目录“{folder}”：{exc.strerror or exc}") from None
    year, month = written.month.split("-")
    note = f"；数据仓库仍有 {len(written.problems)} 个错误，网站按草稿生成（有错的记录也计入），每页标明草稿" \
        f"（shuili validate 查看）" if written.problems else ""
    books = f"、{written.workbooks} 个台账工作簿" if written.workbooks else ""
    out(f"已生成网站 {folder}：{written.pages} 个页面{books}，{written.size / 1024 / 1024:.1f} MB，"
        f"{written.enterprises} 家企业，主要数字为 {int(year)}年{int(month)}月，其余截至 {day.isoformat()}{note}\n"
        f"打开 {folder / 'index.html'} 查看\n")
