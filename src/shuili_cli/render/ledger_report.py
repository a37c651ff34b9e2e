"""Reporters of ``shuili import`` (the table is :data:`shuili_cli.render.registry.IMPORT_REPORTERS`).

Every cell problem is shown at ``sheet!cell`` with its Chinese message; after the problems, or
when there are none, the same review that ``shuili diff`` prints. Workbook text goes through
:mod:`shuili_cli.render.safe_text`: no control character reaches the terminal.
"""

from __future__ import annotations

import json
from typing import Any

from shuili_cli.core.ledger.importer import ImportResult
from shuili_cli.core.ledger.rows import CellIssue
from shuili_cli.render.registry import RenderContext
from shuili_cli.render.review import as_json as review_json
from shuili_cli.render.review import as_text as review_text
from shuili_cli.render.safe_text import clean, dumps


def headline(result: ImportResult, dry_run: bool) -> str:
    """One sentence: what happened."""
    counts = f"新增 {result.added} 条，修改 {result.changed} 条，未变 {result.unchanged} 条"
    if result.errors:
        return f"发现 {len(result.errors)} 个错误，未写入任何文件（{counts}）。请按提示修改工作簿后重新导入。"
    if dry_run:
        return f"试运行：{counts}；未写入任何文件（去掉 --dry-run 即写入）。"
    if not result.written:
        return f"没有需要写入的改动（{counts}）。"
    return f"已写入 {len(result.written)} 个文件：{counts}。请查看下面的变化，确认后提交（git commit）。"


def _issue(i: CellIssue) -> str:
    return f"{clean(i.where)}  {'错误' if i.error else '警告'}  {clean(i.message)}"


def as_text(result: ImportResult, context: RenderContext, /) -> str:
    lines: list[str] = []
    errors = [i for i in result.issues if i.error]
    warnings = [i for i in result.issues if not i.error]
    if errors:
        lines.append("错误：")
        lines += [f"  {_issue(i)}" for i in errors]
    if warnings:
        lines.append("警告（不阻止导入）：")
        lines += [f"  {_issue(i)}" for i in warnings]
    if result.notes:
        lines.append("提示：")
        lines += [f"  {clean(n)}" for n in result.notes]
    for rel in result.written:
        lines.append(f"已写入 {clean(rel)}")
    lines.append(headline(result, context.dry_run))
    text = "\n".join(lines) + "\n"
    if result.review is not None and not errors and (result.added or result.changed):
        text += "\n" + review_text(result.review, context)
    return text


def as_json(result: ImportResult, context: RenderContext, /) -> str:
    doc: dict[str, Any] = {
        "ok": not result.errors,
        "dry_run": context.dry_run,
        "added": result.added, "changed": result.changed, "unchanged": result.unchanged,
        "written": list(result.written),
        "issues": [{"where": i.where, "sheet": i.sheet, "cell": i.ref, "severity": "error" if i.error else "warning",
                    "message": i.message} for i in result.issues],
        "notes": list(result.notes),
        "review": json.loads(review_json(result.review, context)) if result.review is not None else None,
    }
    return dumps(doc)
