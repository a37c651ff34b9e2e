"""The year-end HTML overview (``…-<年>年度图表.html``): the 月度趋势 charts on one printable page.

The same three charts as the workbook's 月度趋势 sheet (:mod:`shuili_cli.render.annual_xlsx`), drawn
as inline SVG by :mod:`shuili_cli.render.svg_charts`, with the figures they draw in a table, the
campaign's phases and the 典型经验. One self-contained file from
``report-templates/annual-charts.html.j2``: inline CSS, no script, no external asset; jinja2
autoescape is on, so every text from the data (unit and enterprise names) is escaped. The chart
calls are all in :func:`charts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from shuili_cli.core.outputs.annual import COLORS, AnnualSummary, Trend
from shuili_cli.render import annual as text
from shuili_cli.render.annual_xlsx import HAZARD_CHART, RATING_CHART, RISK_CHART, month_label, rating_label
from shuili_cli.render.documents import cn_date
from shuili_cli.render.svg_charts import GREY, PALETTE, Bar, Series, bar_chart, finalize, line_chart, stacked_bars

TEMPLATE = "annual-charts.html.j2"
HAZARD_COLORS = ("#c0392b", "#27ae60")   # found, rectified: as in the workbook's chart


@dataclass(frozen=True, slots=True)
class Charts:
    hazards: Markup
    risks: Markup
    ratings: Markup


def charts(t: Trend) -> Charts:
    """The three SVG charts of ``t``: hazards found and rectified per month (lines over the 12 months,
    no point for a month not counted yet), the four-colour risk points of each month counted (stacked
    bars) and the enterprises per overall rating on the last day counted (bars)."""
    months = [f"{r.month}月" for r in t.rows]
    hazards = line_chart(months, [Series(label, color, tuple(t.series(key)))
                                  for key, label, color in zip(HAZARD_CHART.keys, ("发现", "整改"), HAZARD_COLORS,
                                                               strict=True)],
                         title=f"{HAZARD_CHART.title}（条）", width=620)
    counted = [r for r in t.rows if r.values is not None]
    risks = stacked_bars([f"{r.month}月" for r in counted],
                         [Series(f"{c}色", PALETTE[c], tuple(v for v in t.series(key) if v is not None))
                          for c, key in zip(COLORS, RISK_CHART.keys, strict=True)],
                         title=RISK_CHART.title, unit="处", width=620)
    ratings = bar_chart([Bar(rating_label(c), n, PALETTE.get(c, GREY)) for c, n in t.ratings],
                        title=RATING_CHART.title, unit="家", width=360)
    return Charts(Markup(hazards), Markup(risks), Markup(ratings))


def table_rows(t: Trend) -> list[tuple[str, list[str]]]:
    """Month, then the figures the charts draw (hazards found, rectified, the four colours); empty when not counted."""
    keys = (*HAZARD_CHART.keys, *RISK_CHART.keys)
    cols = [t.series(k) for k in keys]
    return [(month_label(r.month, t.end if r.partial else None),
             ["" if col[i] is None else str(col[i]) for col in cols]) for i, r in enumerate(t.rows)]


def render_overview(s: AnnualSummary, t: Trend, templates: Path) -> str:
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True, finalize=finalize, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(
        s=s, t=t, charts=charts(t), rows=table_rows(t), title=text.title(s), span=text.span(s),
        end=cn_date(s.december.end), phase_rows=text.phase_rows(s), award_rows=text.award_rows(s),
        improved_header=text.improved_header(s), improved_rows=text.improved_rows(s),
        award_sentence=text.award_sentence(s), improved_sentence=text.improved_sentence(s),
        phase_header=text.PHASE_HEADER, award_header=text.AWARD_HEADER, draft=text.draft_line(s),
        rating_words=[rating_label(c) for c in COLORS], fill_date=text.fill_date(s))
