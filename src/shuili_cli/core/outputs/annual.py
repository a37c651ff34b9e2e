"""The year-end package (due early in January): content of the 年度工作总结.

The December year-to-date forms come from the same figures engine as every
month; this module adds the month-by-month table and the year's totals. The
table's columns and the due day come from ``report-templates/summary.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shuili_cli.core.figures.figures import Figures, Number, Period, compute
from shuili_cli.core.outputs import summary as monthly
from shuili_cli.core.source.repository import Repository


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: int
    values: tuple[Number, ...]   # in the order of AnnualSummary.columns
    partial: bool = False


@dataclass(slots=True)
class AnnualSummary:
    year: int
    december: monthly.MonthlySummary          # December, year to date: headline figures, hazards, gaps, actions
    columns: tuple[tuple[str, str], ...]      # (key, short label) of the month table
    months: list[MonthRow] = field(default_factory=list)
    totals: tuple[Number, ...] = ()           # flows summed over the year; stocks as of the year's end
    notes: str | None = None
    notes_file: str | None = None


def year_period(year: int, today: date, *, partial: bool) -> Period:
    """December year-to-date (or, with ``partial``, up to today)."""
    if date(year, 1, 1) > today:
        raise ValueError(f"{year}年还没有开始（今天是 {today.isoformat()}）")
    if date(year, 12, 31) >= today:
        if not partial:
            raise ValueError(f"{year}年还没有结束（今天是 {today.isoformat()}）；要生成截至今天的年度材料请加 --partial")
        return Period(year, today.month, ytd=True, partial_end=today)
    return Period(year, 12, ytd=True)


def build(repo: Repository, period: Period, fill_date: date, draft_findings: list[str] | None = None,
          *, draft: bool = False) -> tuple[AnnualSummary, Figures]:
    """The annual summary content and the year-to-date figures of its last month."""
    from shuili_cli.core.figures.catalogue import key_index, summary_catalogue

    year = period.year
    fig = compute(repo, period)
    previous_year = compute(repo, monthly.comparison_period(period))
    december = monthly.build(repo, fig, previous_year, fill_date, draft_findings, draft=draft, annual=True)
    table = summary_catalogue().monthly_table
    keys = tuple(c.key for c in table)
    s = AnnualSummary(year, december, tuple((c.key, c.label) for c in table))
    flows = [key_index()[k].kind == "flow" for k in keys]
    for m in range(1, period.month + 1):
        last = m == period.month and period.partial_end is not None
        per = Period(year, m, partial_end=period.partial_end if last else None)
        values = compute(repo, per).values
        s.months.append(MonthRow(m, tuple(values[k] for k in keys), last))
    s.totals = tuple(
        sum((row.values[i] for row in s.months), type(s.months[-1].values[i])(0)) if flows[i]
        else s.months[-1].values[i]
        for i in range(len(keys))
    )
    s.notes, s.notes_file = december.notes, december.notes_file
    return s, fig
