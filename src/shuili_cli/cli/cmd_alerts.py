"""``shuili alerts``: what needs action now."""

from __future__ import annotations

from typing import Optional

import typer

from shuili_cli.cli.common import EXIT_DATA, EXIT_OK, check_format, out, repo_root, resolve_today
from shuili_cli.cli.options import RepoOption, day_option
from shuili_cli.cli.packages import loading
from shuili_cli.render.registry import ALERTS_REPORTERS, RenderContext

HELP = ("列出截至某日（默认今天）需要处理的事项。\n\n"
        "包括：超期和未督办的重大隐患、证书过期或将到期、检查到期、风险等级缺失或待重评、5S 考评中断、"
        "三张清单和六有缺项、下次报送期限。加 --strict 时，有“错误”级别的提醒则退出码为 1。")


def alerts(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="截至哪一天（默认今天）。"),
    fmt: str = typer.Option("text", "--format", "-f", help=ALERTS_REPORTERS.help),
    strict: bool = typer.Option(False, "--strict", help="有“错误”级别的提醒时以退出码 1 结束。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.alerts`` -> the reporter named by ``--format``."""
    from shuili_cli import api

    check_format(fmt, ALERTS_REPORTERS.names)
    root = repo_root(repo)
    today = resolve_today(ctx, root)
    day = day_option(as_of, "--as-of", today)
    with loading() as bar:
        report = api.alerts(root, day, today=today, progress=bar)
    out(ALERTS_REPORTERS[fmt](report, RenderContext()))
    failed = strict and report.count("error") > 0
    raise typer.Exit(EXIT_DATA if failed else EXIT_OK)
