"""The year-end package (due by 8 January): content of the 年度工作总结.

The December year-to-date forms come from the same figures engine as every
month; this module adds the month-by-month table and the year's totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from shuili_cli.core.figures.figures import Figures, Number, Period, compute
from shuili_cli.core.outputs import summary as monthly
from shuili_cli.core.source.repository import Repository

MONTHLY_KEYS = (
    "a1.enterprises.total",
    "a1.three_lists.enterprises",
    "a1.three_lists.self_found",
    "a1.three_lists.self_rectified",
    "a1.four_color.红",
    "a1.four_color.橙",
    "a1.five_s",
    "a1.six_have",
    "a2.enf.检查",
    "a2.enf.发现隐患",
    "a2.enf.督促整改隐患",
    "a2.enf.罚款.金额",
)


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: int
    values: tuple[Number, ...]   # in MONTHLY_KEYS order
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


def _same_period_last_year(period: Period) -> Period:
    """The comparison period: last year's December, or with --partial the same span last year."""
    if period.partial_end is None:
        return Period(period.year - 1, 12, ytd=True)
    end = period.partial_end
    day = min(end.day, 28) if (end.month, end.day) == (2, 29) else end.day
    return Period(period.year - 1, end.month, ytd=True, partial_end=date(period.year - 1, end.month, day))


def build(repo: Repository, period: Period, fill_date: date, draft_findings: list[str] | None = None
          ) -> tuple[AnnualSummary, Figures]:
    """The annual summary content and the year-to-date figures of its last month."""
    from shuili_cli.core.figures.catalogue import key_index

    year = period.year
    fig = compute(repo, period)
    previous_year = compute(repo, _same_period_last_year(period))
    december = monthly.build(repo, fig, previous_year, fill_date, draft_findings)
    december.notes, december.notes_file = None, None
    s = AnnualSummary(year, december, tuple((k, monthly.short_label(k)) for k in MONTHLY_KEYS))
    flows = [key_index()[k].kind == "flow" for k in MONTHLY_KEYS]
    for m in range(1, period.month + 1):
        last = m == period.month and period.partial_end is not None
        per = Period(year, m, partial_end=period.partial_end if last else None)
        values = compute(repo, per).values
        s.months.append(MonthRow(m, tuple(values[k] for k in MONTHLY_KEYS), last))
    s.totals = tuple(
        sum((row.values[i] for row in s.months), type(s.months[-1].values[i])(0)) if flows[i]
        else s.months[-1].values[i]
        for i in range(len(MONTHLY_KEYS))
    )
    note = repo.note(str(year))
    if note is not None:
        s.notes_file, s.notes = note
    return s, fig
