"""The year-end package (due early in January): content of the 年度工作总结.

The December year-to-date forms come from the same figures engine as every
month; this module adds the month-by-month table and the year's totals. The
table's columns and the due day come from ``report-templates/summary.yaml``;
the campaign's phases (:class:`PhaseRow`) from ``report-templates/phases.yaml``;
the 典型经验 (:func:`awards_of_year`, :func:`grades_improved`) from the records; the 月度趋势
sheet and charts (:func:`trend`) from the same month-by-month figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from shuili_cli.core.dates import month_end
from shuili_cli.core.domain.standardization import standard_in_force
from shuili_cli.core.domain.vocab import SELF_ASSESSMENT, Color, Level, Standard, StandardGrade
from shuili_cli.core.figures.facts import EnterpriseFact, StandardRecord
from shuili_cli.core.figures.figures import Figures, Number, Period, active, compute, in_force
from shuili_cli.core.outputs import summary as monthly
from shuili_cli.core.source.repository import Repository

PHASES_FILE = "phases.yaml"
COLORS: tuple[Color, ...] = ("红", "橙", "黄", "蓝")


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: int
    values: tuple[Number, ...]   # in the order of AnnualSummary.columns
    partial: bool = False
    figures: Mapping[str, Number] = field(default_factory=dict, compare=False)   # every key of the month
    hazards: monthly.HazardTally | None = field(default=None, compare=False)     # found/rectified, 其他 included


@dataclass(frozen=True, slots=True)
class PhaseFigure:
    label: str
    value: Number
    unit: str
    flow: bool          # counted from 1 January to the day (else: as of the day)


@dataclass(frozen=True, slots=True)
class PhaseRow:
    """One phase of the campaign and what the data shows was done by its deadline."""

    name: str
    deadline: str       # ISO, the last day of the phase's month
    task: str
    due: bool           # False: the deadline lies after the last day counted (a --partial year)
    as_of: str          # ISO: the deadline, or the last day counted when not yet due
    figures: tuple[PhaseFigure, ...]


@dataclass(frozen=True, slots=True)
class AwardLine:
    enterprise: str
    kind: str           # 标杆 | 精品
    level: Level
    awarded_on: str


@dataclass(frozen=True, slots=True)
class GradeChange:
    enterprise: str
    before: str | None  # 省标三级 ...; None: no grade in force at the start of the year
    after: str
    since: str          # ISO, effective_on of the grade at the end


@dataclass(slots=True)
class AnnualSummary:
    year: int
    december: monthly.MonthlySummary          # December, year to date: headline figures, hazards, gaps, actions
    columns: tuple[tuple[str, str], ...]      # (key, short label) of the month table
    months: list[MonthRow] = field(default_factory=list)
    totals: tuple[Number, ...] = ()           # flows summed over the year; stocks as of the year's end
    notes: str | None = None
    notes_file: str | None = None
    phases: list[PhaseRow] = field(default_factory=list)       # the campaign's phases (phases.yaml)
    awards: list[AwardLine] = field(default_factory=list)      # 标杆 and 精品 awarded during the year
    improved: list[GradeChange] = field(default_factory=list)  # enterprises whose grade rose during the year


def year_period(year: int, today: date, *, partial: bool) -> Period:
    """December year-to-date (or, with ``partial``, up to today)."""
    if date(year, 1, 1) > today:
        raise ValueError(f"{year}年还没有开始（今天是 {today.isoformat()}）")
    if date(year, 12, 31) >= today:
        if not partial:
            raise ValueError(f"{year}年还没有结束（今天是 {today.isoformat()}）；要生成截至今天的年度材料请加 --partial")
        return Period(year, today.month, ytd=True, partial_end=today)
    return Period(year, 12, ytd=True)


def year_totals(rows: Sequence[tuple[Number, ...]], flows: Sequence[bool]) -> tuple[Number, ...]:
    """The 合计/年末 row of month rows (January first): flows summed, stocks of the last month."""
    return tuple(sum((row[i] for row in rows), type(rows[-1][i])(0)) if flow else rows[-1][i]
                 for i, flow in enumerate(flows))


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
        month_fig = compute(repo, per)
        values = month_fig.values
        s.months.append(MonthRow(m, tuple(values[k] for k in keys), last, values, monthly.tally(repo, month_fig)))
    s.totals = year_totals([row.values for row in s.months], flows)
    s.notes, s.notes_file = december.notes, december.notes_file
    s.phases = phase_rows([row.figures for row in s.months], period)
    s.awards = awards_of_year(repo, period)
    s.improved = grades_improved(repo, period)
    return s, fig


# ----------------------------------------------------------------- the campaign's phases (phases.yaml)


class _FigureSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    label: str = Field(min_length=1)
    keys: list[str] = Field(min_length=1)


class _PhaseSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str = Field(min_length=1)
    month: int = Field(ge=1, le=12)
    task: str = Field(min_length=1)
    figures: list[_FigureSpec] = Field(min_length=1, max_length=3)


class _PhasesFileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    phases: list[_PhaseSpec] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class PhaseFigureSpec:
    label: str
    keys: tuple[str, ...]   # wildcards expanded
    unit: str
    flow: bool


@dataclass(frozen=True, slots=True)
class PhaseSpec:
    name: str
    month: int
    task: str
    figures: tuple[PhaseFigureSpec, ...]


def load_phases(text: str, name: str) -> tuple[PhaseSpec, ...]:
    """``phases.yaml``, validated against the keys of the forms; ``CatalogueError`` says what and where."""
    from shuili_cli.core.figures.catalogue import CatalogueError, key_index, validated

    spec = validated(text, name, _PhasesFileSpec, "工作阶段")
    index = key_index()
    problems: list[str] = []
    out: list[PhaseSpec] = []
    for i, ph in enumerate(spec.phases):
        if i and ph.month < spec.phases[i - 1].month:
            problems.append(f"phases.{i}.month: 各阶段应按时间顺序排列")
        figures: list[PhaseFigureSpec] = []
        for j, fs in enumerate(ph.figures):
            where = f"phases.{i}.figures.{j}.keys"
            keys: list[str] = []
            for k in fs.keys:
                found = [key for key in index if key.startswith(k[:-1])] if k.endswith(".*") else (
                    [k] if k in index else [])
                if not found:
                    problems.append(f"{where}: 键 {k} 不在栏目目录中")
                keys += found
            kinds = {(index[k].kind, index[k].unit) for k in keys}
            if len(kinds) > 1:
                problems.append(f"{where}: 各键须同为存量或同为流量、单位相同")
            if keys and len(kinds) == 1:
                kind, unit = kinds.pop()
                figures.append(PhaseFigureSpec(fs.label, tuple(keys), unit, kind == "flow"))
        out.append(PhaseSpec(ph.name, ph.month, ph.task, tuple(figures)))
    if problems:
        raise CatalogueError(f"{name}: 工作阶段有误：{'；'.join(problems)}")
    return tuple(out)


@cache
def phases() -> tuple[PhaseSpec, ...]:
    """The shipped ``report-templates/phases.yaml``."""
    from shuili_cli.core.figures.catalogue import templates_dir

    return load_phases((templates_dir() / PHASES_FILE).read_text(encoding="utf-8"), PHASES_FILE)


def phase_rows(months: Sequence[Mapping[str, Number]], period: Period,
               specs: Sequence[PhaseSpec] | None = None) -> list[PhaseRow]:
    """Each phase's figures from the month-by-month figures (``months[0]`` is January): a stock as of the
    phase's deadline, a flow summed from January to it; a phase not yet due (a --partial year) as of the
    last day counted."""
    out = []
    for ph in phases() if specs is None else specs:
        deadline = month_end(period.year, ph.month)
        due = deadline <= period.end_date
        last = ph.month - 1 if due else len(months) - 1
        figures = tuple(
            PhaseFigure(f.label, sum((months[m][k] for m in (range(last + 1) if f.flow else (last,))
                                      for k in f.keys), start=0), f.unit, f.flow)
            for f in ph.figures)
        out.append(PhaseRow(ph.name, deadline.isoformat(), ph.task, due,
                            deadline.isoformat() if due else period.end, figures))
    return out


# ----------------------------------------------------------------- 典型经验


GRADES: tuple[StandardGrade, ...] = get_args(StandardGrade)
"""The standardization grades, highest first, in the order of the domain vocabulary (core/domain/vocab.py)."""
STANDARDS: tuple[Standard, ...] = get_args(Standard)
"""国标, 省标, 地标: at the same grade a national one is above a provincial one."""


def grade_rank(rec: StandardRecord | None) -> tuple[int, int]:
    """How high a standardization record stands (none in force: lowest): by grade (自评 lowest, then 地标
    达标, 三级, 二级, 一级), then, for a graded record, by standard (国标 above 省标)."""
    if rec is None:
        return (0, 0)
    standard = len(STANDARDS) - STANDARDS.index(rec.standard) if rec.grade != SELF_ASSESSMENT else 0
    return (len(GRADES) - GRADES.index(rec.grade), standard)


def _year_start(period: Period) -> str:
    return date(period.year - 1, 12, 31).isoformat()


def _active(repo: Repository, d: str) -> Iterator[EnterpriseFact]:
    """The profiles of the enterprises counted on ``d`` (registered by then, not closed)."""
    return (e.profile for e in repo.enterprises.values() if e.profile is not None and active(e.profile, d))


def awards_of_year(repo: Repository, period: Period) -> list[AwardLine]:
    """标杆 and 精品 awarded from 1 January to the period's end and still in force then, of enterprises
    not closed by then; oldest first."""
    d = period.end
    out = []
    for p in _active(repo, d):
        for kind, awards in (("标杆", p.benchmarks), ("精品", p.premium)):
            out += [AwardLine(p.name, kind, a.level, a.awarded_on) for a in awards
                    if a.awarded_on > _year_start(period) and in_force(a.awarded_on, a.revoked_on, d)]
    return sorted(out, key=lambda a: (a.awarded_on, a.kind, a.enterprise))


def grades_improved(repo: Repository, period: Period) -> list[GradeChange]:
    """Enterprises (not closed by the period's end) whose standardization record in force at the end is a
    grade (not 自评) ranking above the one in force on the eve of the year (:func:`grade_rank`), by name.
    Starting a self-assessment is not an improved grade: 自评 is not yet rated."""
    d = period.end
    out = []
    for p in _active(repo, d):
        before, after = standard_in_force(p, _year_start(period)), standard_in_force(p, d)
        if after is not None and after.grade != SELF_ASSESSMENT and grade_rank(after) > grade_rank(before):
            out.append(GradeChange(p.name, f"{before.standard}{before.grade}" if before else None,
                                   f"{after.standard}{after.grade}", after.effective_on))
    return sorted(out, key=lambda g: g.enterprise)


# ----------------------------------------------------------------- 月度趋势


UNRATED = "未评定"   # registered enterprises without an overall rating (the ratings chart's last bar)
HAZARDS_FOUND = "hazards.found"
HAZARDS_RECTIFIED = "hazards.rectified"
FOUR_COLOR_KEYS = tuple(f"a1.four_color.{c}" for c in COLORS)


@dataclass(frozen=True, slots=True)
class TrendRow:
    month: int
    partial: bool
    values: tuple[Number, ...] | None   # in the order of Trend.columns; None: the month is not counted yet


@dataclass(frozen=True, slots=True)
class Trend:
    """The 月度趋势 sheet and the year-end charts: one row per month of the year."""

    year: int
    columns: tuple[tuple[str, str, str], ...]   # (key, label, unit): the headline figures, then the hazard totals
    rows: tuple[TrendRow, ...]                  # 12 rows, January first
    totals: tuple[Number, ...]                  # flows summed over the months counted, stocks of the last one
    ratings: tuple[tuple[str, Number], ...]   # enterprises per overall rating on the last day counted, then 未评定
    end: str                                    # ISO, the last day counted

    def series(self, key: str) -> list[Number | None]:
        i = next(i for i, (k, _, _) in enumerate(self.columns) if k == key)
        return [None if r.values is None else r.values[i] for r in self.rows]


def trend(s: AnnualSummary) -> Trend:
    """The headline figures (``summary.yaml``) of each month (flows of the month, stocks at its end), the
    four-colour risk points, and hazards found and rectified in the month as the summary counts them
    (:class:`~shuili_cli.core.outputs.summary.HazardTally`)."""
    from shuili_cli.core.figures.catalogue import key_index, summary_catalogue

    index = key_index()
    keyed = [(h.key, h.label) for h in summary_catalogue().headline]
    keyed += [(k, index[k].path[-1]) for k in FOUR_COLOR_KEYS if k not in {k for k, _ in keyed}]
    columns = (*((k, label, index[k].unit) for k, label in keyed),
               (HAZARDS_FOUND, "隐患合计 发现（条）", "条"), (HAZARDS_RECTIFIED, "隐患合计 整改（条）", "条"))
    rows = []
    for m in range(1, 13):
        row = s.months[m - 1] if m <= len(s.months) else None
        if row is None:
            rows.append(TrendRow(m, False, None))
            continue
        t = row.hazards or monthly.HazardTally(**{name: int(row.figures[k]) for k, name in monthly.TALLY_KEYS.items()})
        rows.append(TrendRow(m, row.partial, (*(row.figures[k] for k, _ in keyed), t.found, t.rectified)))
    last = s.months[-1].figures
    flows = [index[k].kind == "flow" if k in index else True for k, _, _ in columns]
    totals = year_totals([r.values for r in rows if r.values is not None], flows)
    return Trend(s.year, columns, tuple(rows), totals, (*((c, last[f"a2.overall.{c}.total"]) for c in COLORS),
                  (UNRATED, last["a1.enterprises.total"] - last["a2.overall.total"])),
                 s.december.end)
