"""Reporters of ``shuili alerts``: plain text lines and JSON (the table is
:data:`shuili_cli.render.registry.ALERTS_REPORTERS`)."""

from __future__ import annotations

from shuili_cli.core.alerts import KIND_LABELS, LEVEL_LABELS, AlertReport
from shuili_cli.render.registry import RenderContext
from shuili_cli.render.safe_text import clean, dumps


def as_text(report: AlertReport, context: RenderContext, /) -> str:
    lines = []
    for a in report.alerts:
        who = f"{a.name}：" if a.name else ""
        where = f"（{a.file}:{a.line}）" if a.file else ""
        lines.append(clean(f"{LEVEL_LABELS[a.level]} {KIND_LABELS.get(a.kind, a.kind)} {who}{a.message}{where}"))
    lines.append(f"提醒：{report.count('error')} 个错误，{report.count('warning')} 个警告，"
                 f"{report.count('info')} 个提示（截至 {report.as_of.isoformat()}）")
    return "\n".join(lines) + "\n"


def as_json(report: AlertReport, context: RenderContext, /) -> str:
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
    return dumps(doc)
