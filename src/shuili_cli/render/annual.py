"""The 年度工作总结: Markdown from a jinja2 template, Word in the GB/T 9704 style.

Like the monthly summary (:mod:`shuili_cli.render.documents`), the sentences and
table rows are built here once and used by both the template and
:func:`render_annual_docx`; most sections reuse the monthly builders on
``s.december`` (December year to date, compared with the previous year's December
year to date). The functions here take the whole :class:`AnnualSummary` so the
template calls them all the same way: ``overdue_rows(s)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument

from shuili_cli.core.domain.numbers import figure_text
from shuili_cli.core.figures.catalogue import key_index
from shuili_cli.core.figures.figures import Number
from shuili_cli.core.outputs.annual import AnnualSummary, PhaseFigure
from shuili_cli.core.outputs.summary import MonthlySummary
from shuili_cli.render import documents as monthly
from shuili_cli.render import docx_style as style
from shuili_cli.render.docx_style import Row, para, table

TEMPLATE = "annual-summary.md.j2"
MAX_ACTIONS = 30  # more actions than this: the counts only (each month's summary lists its own)
TOTAL_LABEL = "合计/年末"

SECTIONS = {
    "overview": "一、全年工作总体情况",
    "months": "二、逐月主要数字",
    "phases": "三、各阶段工作完成情况",
    "hazards": "四、隐患排查治理",
    "open": "五、年末仍未整改的超期隐患和重大隐患",
    "overdue": "（一）超期未整改隐患",
    "major": "（二）未整改销号的重大事故隐患",
    "gaps": "六、尚未完成“三张清单”“5S”“六有”的企业",
    "actions": "七、全年执法激励约束",
    "experience": "八、典型经验",
    "awards": "（一）新评定的标杆、精品单位",
    "improved": "（二）标准化等级提升的企业",
    "notes": "九、局全年工作情况",
    "findings": "十、待修正的数据错误",
}
PHASE_HEADER: Row = ("阶段", "完成时限", "主要任务", "截至时限的完成情况")
AWARD_HEADER: Row = ("单位", "称号", "层级", "授予日期")
NO_GRADE = "无"

# --- content shared by both documents ---------------------------------------------------------

def _end(s: AnnualSummary) -> date:
    return date.fromisoformat(s.december.end)


def _partial(s: AnnualSummary) -> bool:
    return s.december.partial


def title(s: AnnualSummary) -> str:
    return monthly.title(s.december)


def span(s: AnnualSummary) -> str:
    """How the period is named in sentences: 全年, or 本年截至M月D日 for a partial year."""
    return s.december.wording.span


def draft_line(s: AnnualSummary) -> str:
    return monthly.draft_line(s.december)


def headline_header(s: AnnualSummary) -> Row:
    return monthly.headline_header(s.december)


def headline_sentence(s: AnnualSummary) -> str:
    return monthly.headline_sentence(s.december)


def headline_rows(s: AnnualSummary) -> list[Row]:
    return monthly.headline_rows(s.december)


def _unit(key: str) -> str:
    """The unit of a form figure ("" for a key the catalogue does not know)."""
    info = key_index().get(key)
    return info.unit if info is not None else ""


def _kind(key: str) -> str:
    """"stock" or "flow"; a key the catalogue does not know counts as a stock."""
    info = key_index().get(key)
    return info.kind if info is not None else "stock"


def month_header(s: AnnualSummary) -> Row:
    return ("月份", *(label for _, label in s.columns))


def month_label(s: AnnualSummary, month: int, partial: bool) -> str:
    return f"{month}月（截至{_end(s).day}日）" if partial else f"{month}月"


def _cells(s: AnnualSummary, label: str, values: tuple[Number, ...]) -> Row:
    """One table row: money with 2 decimals, counts as they are."""
    return (label, *(figure_text(v, _unit(key)) for v, (key, _) in zip(values, s.columns, strict=True)))


def month_rows(s: AnnualSummary) -> list[Row]:
    return [_cells(s, month_label(s, row.month, row.partial), row.values) for row in s.months]


def total_row(s: AnnualSummary) -> Row:
    return _cells(s, TOTAL_LABEL, s.totals)


def months_sentence(s: AnnualSummary) -> str:
    flows = [label for key, label in s.columns if _kind(key) == "flow"]
    end = _end(s)
    stock = "年末数" if not _partial(s) else f"{end.month}月{end.day}日的数"
    last = (f"{'、'.join(flows)}为{span(s)}合计，其余为{stock}" if flows else f"各项均为{stock}")
    return (f"{s.year}年各月主要数字如下表（企业数、风险点等为月末数，隐患、检查等为当月数）。"
            f"“{TOTAL_LABEL}”一行中，{last}。")


def phase_sentence(s: AnnualSummary) -> str:
    return ("按照方案的实施步骤，各阶段完成时限和截至时限的完成情况如下表（企业数、单位数等为时限当天的数，"
            "隐患数为1月1日至时限的累计数）。")


def _phase_figure(f: PhaseFigure, month: int) -> str:
    value = f"{figure_text(f.value, f.unit)}{f.unit}"
    if not f.flow:
        return f"{f.label}{value}"
    return f"{'全年' if month == 12 else f'1—{month}月' if month > 1 else '1月'}{f.label}{value}"


def phase_rows(s: AnnualSummary) -> list[Row]:
    rows: list[Row] = []
    for ph in s.phases:
        month = date.fromisoformat(ph.as_of).month
        done = "；".join(_phase_figure(f, month) for f in ph.figures)
        if not ph.due:
            done = f"尚未到完成时限。截至{monthly.cn_date(ph.as_of)}，{done}"
        deadline = date.fromisoformat(ph.deadline)
        rows.append((ph.name, f"{deadline.year}年{deadline.month}月底前", ph.task, done))
    return rows


def award_sentence(s: AnnualSummary) -> str:
    if not s.awards:
        return f"{span(s)}没有新评定的标杆、精品单位。"
    kinds = [f"{kind}单位{n}家" for kind in ("标杆", "精品")
             if (n := len({a.enterprise for a in s.awards if a.kind == kind}))]
    return f"{span(s)}新评定{'、'.join(kinds)}，具体如下："


def award_rows(s: AnnualSummary) -> list[Row]:
    return [(a.enterprise, a.kind, a.level, monthly.cn_date(a.awarded_on)) for a in s.awards]


def improved_header(s: AnnualSummary) -> Row:
    end = "年末" if not _partial(s) else f"{_end(s).month}月{_end(s).day}日"
    return ("企业", "年初等级", f"{end}等级", "取得日期")


def improved_sentence(s: AnnualSummary) -> str:
    if not s.improved:
        return f"{span(s)}没有标准化达标定级等级提升的企业。"
    return f"{span(s)}有{len(s.improved)}家企业标准化达标定级等级提升，具体如下："


def improved_rows(s: AnnualSummary) -> list[Row]:
    return [(g.enterprise, g.before or NO_GRADE, g.after, monthly.cn_date(g.since)) for g in s.improved]


def hazard_sentence(s: AnnualSummary) -> str:
    return monthly.hazard_sentence(s.december)


def overdue_sentence(s: AnnualSummary) -> str:
    return monthly.overdue_sentence(s.december)


def overdue_rows(s: AnnualSummary) -> list[Row]:
    return monthly.overdue_rows(s.december)


def major_sentence(s: AnnualSummary) -> str:
    return monthly.major_sentence(s.december)


def major_rows(s: AnnualSummary) -> list[Row]:
    return monthly.major_rows(s.december)


def gap_sentence(s: AnnualSummary) -> str:
    return f"截至{monthly.cn_date(s.december.end)}，{monthly.gap_sentence(s.december)}"


def gap_rows(s: AnnualSummary) -> list[Row]:
    return monthly.gap_rows(s.december)


def actions_listed(s: AnnualSummary) -> bool:
    """Whether the year's actions are listed one by one (at most MAX_ACTIONS) or only counted."""
    return 0 < len(s.december.actions) <= MAX_ACTIONS


def action_sentence(s: AnnualSummary) -> str:
    unlisted = "行动次数较多，本总结不逐次列出，具体情况见各月工作总结。"
    return monthly.action_sentence(s.december, actions_listed(s), unlisted)


def action_rows(s: AnnualSummary) -> list[Row]:
    return monthly.action_rows(s.december)


def _with_notes(s: AnnualSummary) -> MonthlySummary:
    """``s.december`` carrying the year's notes (``s.notes``), for the monthly builders of the notes section."""
    return replace(s.december, notes=s.notes, notes_file=s.notes_file)


def notes_shown(s: AnnualSummary) -> bool:
    return monthly.notes_shown(_with_notes(s))


def notes_missing(s: AnnualSummary) -> str:
    return monthly.to_write(SECTIONS["notes"])


def notices(s: AnnualSummary) -> list[str]:
    """What the console says about the annual summary: what the paper leaves out."""
    notes = monthly.notes_notice(_with_notes(s), SECTIONS["notes"], "shuili summary")
    quiet = [] if s.awards or s.improved or s.notes is not None else [
        f"“{SECTIONS['experience']}”一节：数据中{span(s)}没有新评定的标杆、精品单位，也没有等级提升的企业；"
        f"典型经验做法请写进局全年工作情况（bureau/notes/{s.december.notes_key}.md）"]
    return [*notes, *monthly.overdue_notice(s.december), *quiet]


def fill_date(s: AnnualSummary) -> str:
    return monthly.cn_date(s.december.fill_date)


# --- Markdown ---------------------------------------------------------------------------------

HELPERS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (
        title, span, draft_line, headline_header, headline_sentence, headline_rows, notes_shown, month_header,
        month_rows, total_row, months_sentence, hazard_sentence, overdue_sentence, overdue_rows, major_sentence,
        major_rows, gap_sentence, gap_rows, actions_listed, action_sentence, action_rows, notes_missing, fill_date,
        phase_sentence, phase_rows, award_sentence, award_rows, improved_header, improved_sentence, improved_rows,
        monthly.num, monthly.rate, monthly.cn_date,
    )
}


def render_annual_markdown(s: AnnualSummary, template_dir: Path) -> str:
    return monthly.environment(template_dir).get_template(TEMPLATE).render(s=s, **HELPERS)


# --- Word (GB/T 9704) -------------------------------------------------------------------------

LANDSCAPE_TEXT_MM = 297 - 37 - 35 - 1  # text width of a turned A4 page, less a millimetre for the borders
MONTH_COLUMN_MM = 22


def _heading(doc: DocxDocument, key: str, level: int) -> None:
    style.heading(doc, SECTIONS[key], level)


def _month_table(doc: DocxDocument, s: AnnualSummary) -> None:
    """The month-by-month table, on a landscape page of its own (13 columns do not fit across A4)."""
    style.page_orientation(doc, landscape=True)
    _heading(doc, "months", 1)
    para(doc, months_sentence(s))
    width = (LANDSCAPE_TEXT_MM - MONTH_COLUMN_MM) / max(1, len(s.columns))
    widths = (MONTH_COLUMN_MM, *(width for _ in s.columns))
    table(doc, month_header(s), [*month_rows(s), total_row(s)], widths, size=style.SIZE_SMALL, bold_last=True)
    style.page_orientation(doc, landscape=False)


def _experience(doc: DocxDocument, s: AnnualSummary) -> None:
    _heading(doc, "experience", 1)
    _heading(doc, "awards", 2)
    para(doc, award_sentence(s))
    if s.awards:
        table(doc, AWARD_HEADER, award_rows(s), (70, 22, 22, 42), left=(0,))
    _heading(doc, "improved", 2)
    para(doc, improved_sentence(s))
    if s.improved:
        table(doc, improved_header(s), improved_rows(s), (60, 28, 28, 40), left=(0,))


def _body(doc: DocxDocument, s: AnnualSummary, d: MonthlySummary) -> None:
    _heading(doc, "overview", 1)
    para(doc, headline_sentence(s))
    table(doc, headline_header(s), headline_rows(s), monthly.HEADLINE_WIDTHS, left=(0,))
    _month_table(doc, s)
    _heading(doc, "phases", 1)
    para(doc, phase_sentence(s))
    table(doc, PHASE_HEADER, phase_rows(s), (24, 34, 44, 54), left=(2, 3))
    _heading(doc, "hazards", 1)
    para(doc, hazard_sentence(s))
    _heading(doc, "open", 1)
    monthly.open_hazards_docx(doc, d, SECTIONS)
    _heading(doc, "gaps", 1)
    para(doc, gap_sentence(s))
    if d.gaps:
        table(doc, monthly.GAP_HEADER, gap_rows(s), (44, 26, 86), left=(0, 2), grouped=True)
    _heading(doc, "actions", 1)
    para(doc, action_sentence(s))
    if actions_listed(s):
        monthly.action_table(doc, d)
    _experience(doc, s)
    monthly.notes_docx(doc, _with_notes(s), SECTIONS["notes"])


def render_annual_docx(s: AnnualSummary) -> bytes:
    d = s.december
    doc = style.new_document()
    style.opening(doc, monthly.title_lines(s.december), draft_line(s) if d.draft_findings else None)
    _body(doc, s, d)
    style.closing(doc, SECTIONS["findings"], d.draft_findings, d.unit_name, fill_date(s))
    return style.reproducible(doc, title(s), "年度工作总结", d.fill_date)

