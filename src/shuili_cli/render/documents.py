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
from shuili_cli.core.outputs.summary import ActionLine, HazardTally, Headline, MonthlySummary
from shuili_cli.render import docx_style as style
from shuili_cli.render.docx_style import Row, para, table
from shuili_cli.render.mdtext import md, md_block

TEMPLATE = "monthly-summary.md.j2"
MAX_ROWS = 50  # rows of a listing table; beyond it the summary counts, and the console points to `shuili explain`

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

CAMPAIGN = "安全生产标准化提升专项行动"   # the title's middle line
NO_DATA = "无可比数据"  # the 增减 cell of a figure whose comparison period holds no records of its kind
HEADLINE_WIDTHS = (86, 22, 22, 26)  # mm; the 增减 column holds 无可比数据 on one line
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
    """The change from the comparison period: ``+2``, ``-1``, ``持平``, or ``无可比数据``."""
    if not h.comparable:
        return NO_DATA
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
    """The title, naming the period: 2023年5月 …工作总结, …工作总结（2023年1—5月累计）, 2023年…工作总结."""
    w = s.wording
    return f"{s.unit_name}{w.title_period}{CAMPAIGN}巩固提高工作总结{w.title_suffix}"


def title_lines(s: MonthlySummary) -> list[str]:
    """The title broken at word boundaries for 二号 (GB/T 9704: meaningful points, symmetric lines):
    unit and period / the campaign / 巩固提高工作总结 / the cumulative period, if any."""
    w = s.wording
    return [f"{s.unit_name}{w.title_period}", CAMPAIGN, "巩固提高工作总结", *([w.title_suffix] if w.title_suffix else [])]


def draft_line(s: MonthlySummary) -> str:
    """The draft's warning: the first line of the text, and the header of every page of the .docx."""
    return f"草稿：数据仍有 {len(s.draft_findings)} 个错误，不得作为正式文件上报"


def short_label(h: Headline) -> str:
    if h.key in SHORT_LABELS:
        return SHORT_LABELS[h.key]
    return re.sub(r"（[^（）]*）$", "", h.label.split("›")[-1].strip())


def headline_header(s: MonthlySummary) -> Row:
    w = s.wording
    return ("指标", w.this, w.previous, "增减")


def headline_sentence(s: MonthlySummary) -> str:
    w = s.wording
    parts = []
    for h in s.headlines:
        change = w.no_data if not h.comparable else f"与{w.previous}持平" if h.delta == 0 else (
            f"较{w.previous}{delta(h)}")
        parts.append(f"{short_label(h)}{num(h.value, h.unit)}{h.unit}（{change}）")
    return f"截至{cn_date(s.end)}{w.flow_note}，" + "；".join(parts) + "。具体如下表："


def tally_sentence(t: HazardTally, span: str, end: str) -> str:
    """The hazards of one period: found (by the day found), rectified (by the day rectified, whenever
    found), and how many of those found were rectified by ``end`` (the 整改率)."""
    other = f"、其他来源{t.found_other}条" if t.found_other else ""
    found = (f"{span}发现隐患{t.found}条（企业自查{t.found_self}条、执法检查发现{t.found_supervisory}条{other}）"
             if t.found else f"{span}未发现隐患")
    other = f"、其他来源{t.rectified_other}条" if t.rectified_other else ""
    fixed = (f"整改隐患{t.rectified}条（企业自查整改{t.rectified_self}条、督促整改{t.rectified_supervisory}条{other}，"
             "按整改日期统计，不论何时发现）" if t.rectified else "没有隐患完成整改")
    text = f"{found}，{fixed}。"
    if t.found:
        left = t.found - t.closed
        text += (f"{span}发现的{t.found}条隐患中，截至{cn_date(end)}已整改{t.closed}条，整改率{rate(t.rate)}"
                 + (f"，尚有{left}条未整改。" if left else "，已全部整改。"))
    return text


def hazard_sentence(s: MonthlySummary) -> str:
    text = tally_sentence(s.hazards, s.wording.span, s.end)
    if s.year_hazards is not None and s.month > 1:
        text += tally_sentence(s.year_hazards, f"本年1—{s.month}月", s.end)
    return text


def overdue_sentence(s: MonthlySummary) -> str:
    if not s.overdue:
        return f"截至{cn_date(s.end)}，无超期未整改隐患。"
    total = s.overdue_total or len(s.overdue)
    ents = s.overdue_enterprises or len({x.enterprise for x in s.overdue})
    longest = s.longest_overdue or max(x.days_overdue for x in s.overdue)
    listed = "具体如下：" if total == len(s.overdue) else f"下表列出超期最长的{len(s.overdue)}条："
    return f"截至{cn_date(s.end)}，共有超期未整改隐患{total}条，涉及{ents}家企业，最长超期{longest}天，{listed}"


def major_sentence(s: MonthlySummary) -> str:
    if not s.major_open:
        return f"截至{cn_date(s.end)}，无未整改销号的重大事故隐患。"
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


def action_sentence(s: MonthlySummary, listed: bool | None = None, unlisted: str = "行动次数较多，不逐次列出。"
                    ) -> str:
    span = s.wording.span
    if not s.actions:
        return f"{span}无执法行动。"
    if listed is None:
        listed = actions_listed(s)
    detail = "、".join(f"{t}{n}次" for t, n in action_counts(s.actions).items())
    text = f"{span}共开展执法激励约束行动{len(s.actions)}次，其中{detail}" + ("，具体如下：" if listed else "。")
    return text if listed else text + unlisted


def notes_shown(s: MonthlySummary) -> bool:
    """Whether the notes section is printed: with the bureau's text, or in a draft with the spot marked.
    Without notes an official summary leaves the section out (the draft findings follow it only in a draft,
    so no later section is renumbered)."""
    return s.notes is not None or s.draft or bool(s.draft_findings)


def to_write(section: str) -> str:
    """The draft's mark where the bureau's text is still to be written: 【草稿：此处待补充局工作情况】."""
    return f"【草稿：此处待补充{section.split('、', 1)[-1]}】"


def notes_missing(s: MonthlySummary) -> str:
    return to_write(SECTIONS["notes"])


def rerun(s: MonthlySummary, command: str) -> str:
    """``command`` with the options that make this summary again: ``shuili report --month 2023-05``,
    ``shuili summary --year 2023`` (with ``--ytd``, ``--partial``, ``--draft`` when given)."""
    period = f"--year {s.year}" if s.annual else f"--month {s.year:04d}-{s.month:02d}"
    flags = [flag for flag, on in (("--ytd", s.ytd and not s.annual), ("--partial", s.partial),
                                   ("--draft", s.draft)) if on]
    return " ".join([command, period, *flags])


def notes_notice(s: MonthlySummary, section: str, command: str) -> list[str]:
    """The console notice when the notes section is left out or marked (the paper says nothing): the
    bureau's file is missing or unreadable, or the summary (--ytd, --partial) has no notes file of its own."""
    if s.notes is not None:
        return []
    name = section.split("、", 1)[-1]
    done = f"在“{name}”一节标出了待补充的位置" if notes_shown(s) else f"略去了“{name}”一节"
    own = f"bureau/notes/{s.notes_key}.md"
    if not s.notes_read:
        end = date.fromisoformat(s.end)
        if s.ytd:
            return [f"{s.wording.span}累计的工作总结不收录单月的 {own}，{done}；需要时请在生成的 .docx 中补写。"]
        again = rerun(s, command).replace(" --partial", "")
        return [f"截至{end.month}月{end.day}日的临时工作总结不收录整月的 {own}，{done}；"
                f"月末后去掉 --partial 重新运行 {again} 即可收录。"]
    where = f"无法读取 {s.notes_file}（应为 UTF-8 文本）" if s.notes_file is not None else f"未找到 {own}"
    return [f"{where}：工作总结{done}；写好该文件后重新运行 {rerun(s, command)}。"]


def notices(s: MonthlySummary) -> list[str]:
    """What the console says about the monthly summary: what the paper leaves out, and where to find it."""
    out = notes_notice(s, SECTIONS["notes"], "shuili report")
    if len(s.actions) > MAX_ROWS:
        out.append(f"执法行动共{len(s.actions)}次，超过{MAX_ROWS}次，工作总结只写各类次数；"
                   "逐次记录可用 shuili explain 查看（如 shuili explain a2.enf.检查）。")
    out.extend(overdue_notice(s))
    return out


def overdue_notice(s: MonthlySummary) -> list[str]:
    if s.overdue_total <= len(s.overdue):
        return []
    return [f"超期未整改隐患共{s.overdue_total}条，工作总结只列出超期最长的{len(s.overdue)}条；"
            "全部可用 shuili alerts 查看。"]


def headline_rows(s: MonthlySummary) -> list[Row]:
    return [(h.label, num(h.value, h.unit), num(h.previous, h.unit) if h.comparable else "—", delta(h))
            for h in s.headlines]


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

HELPERS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (
        num, delta, rate, cn_date, title, draft_line, headline_header, headline_sentence, hazard_sentence,
        overdue_sentence, major_sentence, gap_sentence, action_sentence, notes_shown, notes_missing, headline_rows,
        overdue_rows, major_rows, gap_rows, action_rows, actions_listed,
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
    style.opening(doc, title_lines(s), draft_line(s) if s.draft_findings else None)
    _heading(doc, "overview", 1)
    para(doc, headline_sentence(s))
    table(doc, headline_header(s), headline_rows(s), HEADLINE_WIDTHS, left=(0,), nowrap=(1, 2, 3))
    _heading(doc, "hazards", 1)
    para(doc, hazard_sentence(s))
    _heading(doc, "open", 1)
    open_hazards_docx(doc, s, SECTIONS)
    _heading(doc, "gaps", 1)
    para(doc, gap_sentence(s))
    if s.gaps:
        table(doc, GAP_HEADER, gap_rows(s), (44, 26, 86), left=(0, 2), grouped=True, nowrap=(1,))
    _heading(doc, "actions", 1)
    para(doc, action_sentence(s))
    if actions_listed(s):
        action_table(doc, s)
    notes_docx(doc, s, SECTIONS["notes"])
    style.closing(doc, SECTIONS["findings"], s.draft_findings, s.unit_name, cn_date(s.fill_date))
    return style.reproducible(doc, title(s), "工作总结", s.fill_date)


def notes_docx(doc: DocxDocument, s: MonthlySummary, section: str) -> None:
    """The bureau's notes section, in Word: its text, the draft's mark, or nothing (:func:`notes_shown`)."""
    if not notes_shown(s):
        return
    style.heading(doc, section, 1)
    if s.notes is None:
        para(doc, to_write(section))
    else:
        style.notes(doc, s.notes)


def open_hazards_docx(doc: DocxDocument, s: MonthlySummary, sections: dict[str, str]) -> None:
    """The two sub-sections on overdue and open 重大 hazards, in Word."""
    style.heading(doc, sections["overdue"], 2)
    para(doc, overdue_sentence(s))
    if s.overdue:
        table(doc, OVERDUE_HEADER, overdue_rows(s), (30, 24, 46, 12, 28, 16), left=(0, 2), grouped=True,
              nowrap=(1, 3, 4, 5))
    style.heading(doc, sections["major"], 2)
    para(doc, major_sentence(s))
    if s.major_open:
        table(doc, MAJOR_HEADER, major_rows(s), (30, 24, 58, 28, 16), left=(0, 2), grouped=True, nowrap=(1, 3, 4))


def action_table(doc: DocxDocument, s: MonthlySummary) -> None:
    table(doc, ACTION_HEADER, action_rows(s), (28, 30, 28, 42, 28), left=(3, 4), nowrap=(0, 1, 2))
