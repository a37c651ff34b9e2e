"""The monthly 工作总结: Markdown from a jinja2 template, Word in the GB/T 9704 style.

Both documents follow one outline: the sentences and table rows are built here
once (``headline_sentence``, ``overdue_rows`` …) and used by the template and by
:func:`render_docx`, so the two files always carry the same numbers. The section
headings are written literally in the template (so the bureau can reword them)
and in :data:`SECTIONS` for Word; a test keeps the two in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from shuili_cli.core.domain.numbers import figure_text, percent_text, signed_text
from shuili_cli.core.figures.figures import Number
from shuili_cli.core.outputs.summary import ActionLine, Headline, MonthlySummary
from shuili_cli.render import docx_style as style
from shuili_cli.render.docx_style import Row, para, table
from shuili_cli.render.mdtext import md

TEMPLATE = "monthly-summary.md.j2"
MAX_ROWS = 50  # rows of a listing table; beyond it the summary counts and points to `shuili explain`

SECTIONS = {
    "overview": "一、总体情况",
    "hazards": "二、隐患排查治理",
    "open": "三、超期未整改隐患和重大隐患",
    "overdue": "（一）超期未整改隐患",
    "major": "（二）未整改销号的重大事故隐患",
    "gaps": "四、尚未完成“三张清单”“5S”“六有”的企业",
    "actions": "五、执法激励约束",
    "notes": "六、局工作情况",
    "findings": "七、待修正的数据错误",
}

HEADLINE_HEADER: Row = ("指标", "本月", "上月", "增减")
OVERDUE_HEADER: Row = ("企业", "隐患编号", "隐患描述", "等级", "整改期限", "超期天数")
MAJOR_HEADER: Row = ("企业", "隐患编号", "隐患描述", "整改期限", "挂牌督办")
GAP_HEADER: Row = ("企业", "未完成事项", "具体情况")
ACTION_HEADER: Row = ("编号", "日期", "类型", "对象", "情况")

# How each headline figure is named inside the 总体情况 sentence.
SHORT_LABELS = {
    "a1.enterprises.total": "在册企业", "a1.responsibility": "编制全员安全生产责任制及考核清单的企业",
    "a1.three_lists.enterprises": "健全“三张清单”的企业", "a1.three_lists.self_found": "企业自查隐患",
    "a1.three_lists.self_rectified": "企业自查整改隐患", "a1.four_color.enterprises": "实行四色安全风险分级管控的企业",
    **{f"a1.four_color.{c}": f"{c}色风险点" for c in "红橙黄蓝"},
    "a1.five_s": "强化“5S”现场管理的企业", "a1.six_have": "完善“六有”可视化警示标识的企业",
    "a2.overall.total": "纳入四色安全风险分级动态监管的企业", "a2.enf.检查": "执法检查企业",
    "a2.enf.发现隐患": "执法检查发现隐患", "a2.enf.督促整改隐患": "督促整改隐患",
    "a2.enf.挂牌督办.隐患": "挂牌督办重大隐患", "a2.enf.罚款.金额": "罚款",
}


# --- formatting shared by both documents ------------------------------------------------------

def num(value: Number, unit: str = "") -> str:
    """A figure as printed: money with 2 decimals, other decimals without trailing zeros (``figure_text``)."""
    return figure_text(value, unit)


def delta(h: Headline) -> str:
    """The change from the previous month: ``+2``, ``-1`` or ``持平``."""
    d = h.delta
    if d == 0:
        return "持平"
    return signed_text(d, figure_text(d, h.unit))


def rate(value: Decimal | None) -> str:
    return "—" if value is None else percent_text(value)


def cn_date(day: str | date) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.year}年{d.month}月{d.day}日"


def title(s: MonthlySummary) -> str:
    text = f"{s.unit_name}{s.year}年{s.month}月安全生产标准化提升专项行动巩固提高工作总结"
    if s.partial:
        end = date.fromisoformat(s.end)
        text += f"（截至{end.month}月{end.day}日）"
    return text


def draft_line(s: MonthlySummary) -> str:
    return f"【草稿】数据仍有 {len(s.draft_findings)} 个错误，不得作为正式材料上报"


def short_label(h: Headline) -> str:
    if h.key in SHORT_LABELS:
        return SHORT_LABELS[h.key]
    return re.sub(r"（[^（）]*）$", "", h.label.split("›")[-1].strip())


def headline_sentence(s: MonthlySummary, than: str = "上月") -> str:
    parts = []
    for h in s.headlines:
        change = f"与{than}持平" if h.delta == 0 else f"较{than}{delta(h)}"
        parts.append(f"{short_label(h)}{num(h.value, h.unit)}{h.unit}（{change}）")
    return f"截至{cn_date(s.end)}，" + "；".join(parts) + "。具体如下表："


def hazard_sentence(s: MonthlySummary) -> str:
    return (f"本月发现隐患{s.found_month}条、整改{s.rectified_month}条，本月整改率{rate(s.rate_month)}；"
            f"本年累计发现隐患{s.found_ytd}条、整改{s.rectified_ytd}条，累计整改率{rate(s.rate_ytd)}。")


def overdue_sentence(s: MonthlySummary, when: str = "本月") -> str:
    if not s.overdue:
        return f"{when}无超期未整改隐患。"
    total = s.overdue_total or len(s.overdue)
    ents = s.overdue_enterprises or len({x.enterprise for x in s.overdue})
    longest = s.longest_overdue or max(x.days_overdue for x in s.overdue)
    listed = "具体如下：" if total == len(s.overdue) else f"下表列出超期最长的{len(s.overdue)}条："
    return f"截至{cn_date(s.end)}，共有超期未整改隐患{total}条，涉及{ents}家企业，最长超期{longest}天，{listed}"


def major_sentence(s: MonthlySummary, when: str = "本月") -> str:
    if not s.major_open:
        return f"{when}无未整改销号的重大事故隐患。"
    supervised = sum(x.supervised for x in s.major_open)
    return (f"截至{cn_date(s.end)}，尚有重大事故隐患{len(s.major_open)}条未整改销号，涉及"
            f"{len({x.enterprise for x in s.major_open})}家企业，其中已挂牌督办{supervised}条，具体如下：")


def gap_sentence(s: MonthlySummary) -> str:
    if not s.gaps:
        return "全部在册企业均已完成。"
    total = len({g.enterprise for g in s.gaps})
    listed = "具体如下：" if total <= MAX_ROWS else f"下表列出前{MAX_ROWS}家："
    return f"尚有{total}家企业未全部完成，{listed}"


def action_counts(actions: list[ActionLine]) -> dict[str, int]:
    """How many actions of each type, in order of first appearance."""
    counts: dict[str, int] = {}
    for a in actions:
        counts[a.type] = counts.get(a.type, 0) + 1
    return counts


def actions_listed(s: MonthlySummary) -> bool:
    """Whether the actions are listed one by one (at most MAX_ROWS) or only counted."""
    return 0 < len(s.actions) <= MAX_ROWS


def action_sentence(s: MonthlySummary, when: str = "本月", listed: bool | None = None) -> str:
    if not s.actions:
        return f"{when}无执法行动。"
    if listed is None:
        listed = actions_listed(s)
    detail = "、".join(f"{t}{n}次" for t, n in action_counts(s.actions).items())
    text = f"{when}共开展执法激励约束行动{len(s.actions)}次，其中{detail}" + ("，具体如下：" if listed else "。")
    if not listed and len(s.actions) > MAX_ROWS:
        text += "行动次数较多，不逐次列出；逐条记录可用 shuili explain 查看（如 shuili explain a2.enf.检查）。"
    return text


def notes_missing(s: MonthlySummary) -> str:
    return f"（本月未提供 bureau/notes/{s.year:04d}-{s.month:02d}.md，本节无局里补充的文字。）"


def headline_rows(s: MonthlySummary) -> list[Row]:
    return [(h.label, num(h.value, h.unit), num(h.previous, h.unit), delta(h)) for h in s.headlines]


def _grouped(rows: list[tuple[str, Row]]) -> list[Row]:
    """Rows grouped by enterprise (in order of first appearance); the name only on a group's first row."""
    order: dict[str, list[Row]] = {}
    for enterprise, rest in rows:
        order.setdefault(enterprise, []).append(rest)
    return [(name if i == 0 else "", *rest) for name, group in order.items() for i, rest in enumerate(group)]


def overdue_rows(s: MonthlySummary) -> list[Row]:
    return _grouped([(x.enterprise, (x.id, x.description, x.grade, cn_date(x.deadline), f"{x.days_overdue}天"))
                     for x in s.overdue])


def major_rows(s: MonthlySummary) -> list[Row]:
    return _grouped([(x.enterprise, (x.id, x.description, cn_date(x.deadline), "是" if x.supervised else "否"))
                     for x in s.major_open])


def gap_rows(s: MonthlySummary) -> list[Row]:
    shown: list[str] = []
    for g in s.gaps:
        if g.enterprise not in shown:
            shown.append(g.enterprise)
    keep = set(shown[:MAX_ROWS])
    return _grouped([(g.enterprise, (g.what, g.detail)) for g in s.gaps if g.enterprise in keep])


def action_rows(s: MonthlySummary) -> list[Row]:
    return [(a.id, cn_date(a.date), a.type, a.target, a.detail or "—") for a in s.actions]


# --- Markdown ---------------------------------------------------------------------------------

def md_block(value: object) -> str:
    """The bureau's own Markdown: HTML escaped, line breaks kept."""
    text = str(value).replace("\r\n", "\n").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.strip("\n")


HELPERS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (
        num, delta, rate, cn_date, title, draft_line, headline_sentence, hazard_sentence, overdue_sentence,
        major_sentence, gap_sentence, action_sentence, notes_missing, headline_rows, overdue_rows, major_rows,
        gap_rows, action_rows, actions_listed,
    )
}


def environment(template_dir: Path) -> Environment:
    """The jinja2 environment of the report templates, with the ``md`` and ``md_block`` filters."""
    env = Environment(loader=FileSystemLoader(str(template_dir)), autoescape=False, keep_trailing_newline=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = md
    env.filters["md_block"] = md_block
    return env


def render_markdown(s: MonthlySummary, template_dir: Path) -> str:
    return environment(template_dir).get_template(TEMPLATE).render(s=s, **HELPERS)


# --- Word (GB/T 9704) -------------------------------------------------------------------------

def _heading(doc: DocxDocument, key: str, level: int) -> None:
    style.heading(doc, SECTIONS[key], level)


def render_docx(s: MonthlySummary) -> bytes:
    doc = style.new_document()
    style.opening(doc, title(s), draft_line(s) if s.draft_findings else None)
    _heading(doc, "overview", 1)
    para(doc, headline_sentence(s))
    table(doc, HEADLINE_HEADER, headline_rows(s), (86, 24, 24, 22), left=(0,))
    _heading(doc, "hazards", 1)
    para(doc, hazard_sentence(s))
    _heading(doc, "open", 1)
    open_hazards_docx(doc, s, SECTIONS)
    _heading(doc, "gaps", 1)
    para(doc, gap_sentence(s))
    if s.gaps:
        table(doc, GAP_HEADER, gap_rows(s), (44, 26, 86), left=(0, 2), grouped=True)
    _heading(doc, "actions", 1)
    para(doc, action_sentence(s))
    if actions_listed(s):
        action_table(doc, s)
    _heading(doc, "notes", 1)
    if s.notes is None:
        para(doc, notes_missing(s))
    else:
        style.notes(doc, s.notes)
    style.closing(doc, SECTIONS["findings"], s.draft_findings, s.unit_name, cn_date(s.fill_date))
    return style.reproducible(doc, title(s), "工作总结", s.fill_date)


def open_hazards_docx(doc: DocxDocument, s: MonthlySummary, sections: dict[str, str], when: str = "本月") -> None:
    """The two sub-sections on overdue and open 重大 hazards, in Word."""
    style.heading(doc, sections["overdue"], 2)
    para(doc, overdue_sentence(s, when))
    if s.overdue:
        table(doc, OVERDUE_HEADER, overdue_rows(s), (30, 24, 46, 12, 28, 16), left=(0, 2), grouped=True)
    style.heading(doc, sections["major"], 2)
    para(doc, major_sentence(s, when))
    if s.major_open:
        table(doc, MAJOR_HEADER, major_rows(s), (30, 24, 58, 28, 16), left=(0, 2), grouped=True)


def action_table(doc: DocxDocument, s: MonthlySummary) -> None:
    table(doc, ACTION_HEADER, action_rows(s), (28, 30, 28, 42, 28), left=(3, 4))
