"""Reporters of ``shuili diff``: rich text, Markdown for a pull-request comment, JSON (the table is
:data:`shuili_cli.render.registry.REVIEW_REPORTERS`).

Every piece of data text goes through :mod:`shuili_cli.render.safe_text` (or the
Markdown escapes built on it): no control character reaches the terminal or the log.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shuili_cli.core.domain.numbers import amount_text, signed_text
from shuili_cli.core.figures.catalogue import key_index
from shuili_cli.core.figures.figures import Number, Period
from shuili_cli.core.findings import Finding
from shuili_cli.core.review.diff import KIND_WORDS, DiffResult, MonthFigures, RecordChange
from shuili_cli.render.mdtext import code, md
from shuili_cli.render.registry import RenderContext
from shuili_cli.render.safe_text import clean, dumps

if TYPE_CHECKING:
    from rich.console import Console

UNPARSED = "以下改动过的文件有错误，未逐条比较（请先修正，见“新增问题”）"
COLLAPSE_OVER = 15  # records per enterprise shown inline; more go into <details>
BUREAU = "（局里的记录）"


def _delta(before: Number, after: Number) -> str:
    d = after - before
    return signed_text(d, amount_text(d))


def column_name(key: str) -> str:
    """A figure key as the forms print it: ``附件1/企业数量（家）/总数`` (``shuili explain`` accepts it)."""
    info = key_index().get(key)
    return info.path_text if info is not None else key


def figure_line(key: str, before: Number, after: Number) -> str:
    return f"{column_name(key)}：{amount_text(before)} → {amount_text(after)}（{_delta(before, after)}）"


def _groups(result: DiffResult) -> dict[str, list[RecordChange]]:
    groups: dict[str, list[RecordChange]] = defaultdict(list)
    for rc in result.records:
        groups[rc.enterprise_name if rc.kind not in ("document", "action", "assessment") else BUREAU].append(rc)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == BUREAU, kv[0])))


def _month(per: Period) -> str:
    return f"{per.year}年{per.month}月"


def _months(result: DiffResult) -> list[MonthFigures]:
    """The months shown with their changed figures (a result made without ``months``: its one month)."""
    return result.months or ([MonthFigures(result.period, result.figures)] if result.figures else [])


def _figures_headline(result: DiffResult) -> str:
    """``2023年5月报表数字变化 2 项``, or over several months ``2023年3月至2023年5月…（2023年3月 1 项、…）``."""
    compared = result.compared or [result.period]
    months = _months(result)
    total = sum(len(m.figures) for m in months)
    if len(compared) == 1:
        return f"{_month(compared[0])}报表数字变化 {total} 项"
    each = "、".join(f"{_month(m.period)} {len(m.figures)} 项" for m in months)
    return (f"{_month(compared[0])}至{_month(compared[-1])}报表数字变化 {total} 项"
            + (f"（{each}）" if len(months) > 1 else f"（都在{_month(months[0].period)}）" if months else ""))


def _compared_note(result: DiffResult) -> str | None:
    """Without --month: which months were compared, and that stock figures of later months may change too."""
    if not result.by_dates or not result.compared:
        return None
    first, last = result.compared[0], result.compared[-1]
    span = _month(first) if first == last else f"{_month(first)}至{_month(last)}"
    return (f"按改动的记录上的日期比较了 {span} 的报表数字；之后各月的存量数字（如风险点、在册企业）可能同样变化，"
            "用 --month 查看某个月")


def _headline(result: DiffResult) -> str:
    ents = {rc.enterprise for rc in result.records if rc.enterprise}
    return (f"{len(result.records)} 条记录变化（涉及 {len(ents)} 家企业），{_figures_headline(result)}，"
            f"新增问题 {len(result.introduced)} 个，修复问题 {len(result.fixed)} 个")


# ----------------------------------------------------------------- json


def _finding(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity.value, "file": f.file, "line": f.line, "column": f.column,
            "message": f.message, "path": f.path}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _json_figures(figures: dict[str, tuple[Number, Number]]) -> dict[str, list[Any]]:
    return {k: [_jsonable(b), _jsonable(a)] for k, (b, a) in figures.items()}


def as_json(result: DiffResult, context: RenderContext, /) -> str:
    doc = {
        "base": result.base,
        "head": result.head,
        "month": result.period.label,
        "records": [
            {"change": rc.change, "kind": rc.kind, "enterprise": rc.enterprise, "id": rc.id, "file": rc.file,
             "line": rc.line, "fields": {k: [b, a] for k, (b, a) in sorted(rc.fields.items())}, "summary": rc.summary}
            for rc in result.records
        ],
        "figures": _json_figures(result.figures),
        "compared": [p.label for p in result.compared or [result.period]],
        "months": [{"month": m.period.label, "figures": _json_figures(m.figures)} for m in _months(result)],
        "findings": {"introduced": [_finding(f) for f in result.introduced],
                     "fixed": [_finding(f) for f in result.fixed]},
        "unparsed": result.unparsed,
    }
    return dumps(doc)


# ----------------------------------------------------------------- markdown


def as_markdown(result: DiffResult, context: RenderContext, /) -> str:
    head = md(result.head)
    out = [f"### shuili 审阅：{code(result.base)} → {head}", "", _headline(result) + "。", ""]
    if result.unparsed:
        out += [UNPARSED + "：" + "、".join(code(f) for f in result.unparsed), ""]
    if not result.records and not _months(result) and not result.introduced and not result.fixed:
        out.append("数据没有实质变化。")
        return "\n".join(out) + "\n"
    for group, items in _groups(result).items():
        lines = [f"- {md(rc.summary)}（{code(f'{rc.file}:{rc.line}')}）" for rc in items]
        if len(items) > COLLAPSE_OVER:
            out += ["<details>", f"<summary>{md(group)}（{len(items)} 条）</summary>", "", *lines, "", "</details>", ""]
        else:
            out += [f"#### {md(group)}", "", *lines, ""]
    for month in _months(result):
        per = month.period
        out += [f"#### 报表数字（{_month(per)}{'，截至 ' + per.end if per.partial_end else ''}）", "",
                "| 栏目 | 变化 |", "|---|---|"]
        for key, (b, a) in month.figures.items():
            out.append(f"| {md(column_name(key))} | {amount_text(b)} → {amount_text(a)}（{_delta(b, a)}） |")
        out.append("")
    note = _compared_note(result)
    if note and _months(result):
        out += [note + "。", ""]
    for title, findings in (("新增问题", result.introduced), ("已修复的问题", result.fixed)):
        if findings:
            lines = [f"- {code(f'{f.file}:{f.line}:{f.column}')} {f.severity.label} {f.code} {md(f.message)}"
                     for f in findings]
            if len(lines) > COLLAPSE_OVER:
                out += ["<details>", f"<summary>{title}（{len(lines)} 个）</summary>", "", *lines, "", "</details>", ""]
            else:
                out += [f"#### {title}", "", *lines, ""]
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------- text


def as_text(result: DiffResult, context: RenderContext, /) -> str:
    """Rich output grouped by enterprise (user text printed without markup); styled only on a terminal."""
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    with console.capture() as captured:
        _print_text(console, result)
    return captured.get()


def _print_text(console: Console, result: DiffResult) -> None:
    from rich.text import Text

    console.print(Text(clean(f"shuili 审阅：{result.base} → {result.head}"), style="bold"))
    console.print(Text(_headline(result)))
    if result.unparsed:
        console.print(Text(clean(UNPARSED + "：" + "、".join(result.unparsed)), style="yellow"))
    marks = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}
    for group, items in _groups(result).items():
        console.print()
        console.print(Text(clean(group), style="bold cyan"))
        for rc in items:
            mark, style = marks[rc.change]
            line = Text(f"  {mark} ", style=style)
            line.append(clean(rc.summary))
            line.append(clean(f"  {rc.file}:{rc.line}"), style="dim")
            console.print(line)
    for month in _months(result):
        console.print()
        console.print(Text(f"报表数字（{_month(month.period)}）", style="bold"))
        for key, (b, a) in month.figures.items():
            console.print(Text(f"  {figure_line(key, b, a)}"))
    note = _compared_note(result)
    if note and _months(result):
        console.print()
        console.print(Text(note, style="dim"))
    for title, findings in (("新增问题", result.introduced), ("已修复的问题", result.fixed)):
        if findings:
            console.print()
            console.print(Text(title, style="bold"))
            for f in findings:
                console.print(Text(clean(f"  {f.file}:{f.line}:{f.column}: {f.severity.label} {f.code} {f.message}")))


__all__ = ["KIND_WORDS", "as_json", "as_markdown", "as_text", "column_name", "figure_line"]
