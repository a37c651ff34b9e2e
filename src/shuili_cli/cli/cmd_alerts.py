"""``shuili alerts``: what needs action now."""

from __future__ import annotations

import json
from typing import Optional

import typer

from shuili_cli.cli.app import app
from shuili_cli.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    RepoOption,
    UsageProblem,
    check_format,
    out,
    repo_root,
    resolve_today,
)

FORMATS = ("text", "json")


def as_text(report: object) -> str:
    from shuili_cli.core.alerts import KIND_LABELS, LEVEL_LABELS, AlertReport

    assert isinstance(report, AlertReport)
    lines = []
    for a in report.alerts:
        who = f"{a.name}：" if a.name else ""
        where = f"（{a.file}:{a.line}）" if a.file else ""
        lines.append(f"{LEVEL_LABELS[a.level]} {KIND_LABELS.get(a.kind, a.kind)} {who}{a.message}{where}")
    lines.append(f"提醒：{report.count('error')} 个错误，{report.count('warning')} 个警告，"
                 f"{report.count('info')} 个提示（截至 {report.as_of.isoformat()}）")
    return "\n".join(lines) + "\n"


def as_json(report: object) -> str:
    from shuili_cli.core.alerts import AlertReport

    assert isinstance(report, AlertReport)
    doc = {
        "as_of": report.as_of.isoformat(),
        "errors": report.count("error"),
        "warnings": report.count("warning"),
        "infos": report.count("info"),
        "alerts": [
            {"level": a.level, "kind": a.kind, "enterprise": a.enterprise, "name": a.name, "file": a.file,
             "line": a.line, "message": a.message}
            for a in report.alerts
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@app.command(help="列出截至某日需要处理的事项：超期和未督办的重大隐患、证书过期或将到期、检查到期、"
                  "风险等级缺失或待重评、5S 考评中断、三张清单和六有缺项、下次报送期限。")
def alerts(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="截至哪一天（默认今天）。"),
    fmt: str = typer.Option("text", "--format", "-f", help="输出格式：text、json。"),
    strict: bool = typer.Option(False, "--strict", help="有“错误”级别的提醒时以退出码 1 结束。"),
    repo: RepoOption = None,
) -> None:
    from shuili_cli.cli.cmd_report import load_for_report
    from shuili_cli.core.alerts import alerts as compute
    from shuili_cli.core.dates import BadDate, parse_day
    from shuili_cli.core.repository import LoadResult

    check_format(fmt, FORMATS)
    root = repo_root(repo)
    today = resolve_today(ctx, root)
    try:
        day = parse_day(as_of, "--as-of") if as_of is not None else today
    except BadDate as exc:
        raise UsageProblem(str(exc)) from None
    loaded, problems = load_for_report(root, today, draft=True)
    assert isinstance(loaded, LoadResult)
    report = compute(loaded.repo, day, validation_errors=len(problems))
    out(as_json(report) if fmt == "json" else as_text(report))
    failed = strict and report.count("error") > 0
    raise typer.Exit(EXIT_DATA if failed else EXIT_OK)
