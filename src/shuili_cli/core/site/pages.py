"""The frozen records each page of the static site shows (built by :mod:`shuili_cli.core.site.build`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shuili_cli.core.alerts import Alert
from shuili_cli.core.figures.figures import Figures, Number, Period


@dataclass(frozen=True, slots=True)
class Metric:
    """A headline figure of the month, the month before, and the 12 months up to it (oldest first)."""

    key: str
    label: str
    unit: str
    value: Number
    previous: Number
    comparable: bool            # False: the month before holds no record of the kind this figure counts
    series: tuple[Number, ...]  # one per :attr:`Overview.months`; the last is ``value``

    @property
    def delta(self) -> Number:
        return self.value - self.previous


@dataclass(frozen=True, slots=True)
class Count:
    """One bar of a distribution: 红/橙/黄/蓝 (``color`` the domain colour) or 未评定 (``color`` None)."""

    label: str
    color: str | None
    value: int


@dataclass(frozen=True, slots=True)
class EnterpriseRow:
    """One row of the county's table of enterprises, as of D."""

    id: str
    name: str
    scale: str
    industry: str
    township: str | None
    status: str | None          # None while registered; 已关闭（日期） or 尚未纳入监管（日期起）
    overall: str | None         # the overall rating's colour in force, None when never rated
    overall_on: str | None
    grade: str | None           # 省标二级, 地标达标, 国标自评 ... (the record in force), None when none
    expires_on: str | None
    open_hazards: int           # found by D and not rectified by D (overdue ones included)
    overdue_hazards: int
    five_s: str                 # 正常 | 中断 | 未推行
    six_have_done: int          # of the six items, done or declared not applicable by D
    three_lists: bool
    latest_record: str | None   # the latest date of any of its records on or before D
    alerts: int


@dataclass(frozen=True, slots=True)
class Overview:
    unit_name: str
    region: str
    as_of: date
    month: Period                 # the headline month (see the package docstring)
    months: tuple[str, ...]       # YYYY-MM of the 12 months of each metric's series
    metrics: tuple[Metric, ...]
    risk_colors: tuple[Count, ...]      # risk points in force as of D, by colour
    overall_colors: tuple[Count, ...]   # registered enterprises by overall rating as of D, then 未评定
    enterprises: tuple[EnterpriseRow, ...]
    alerts: tuple[Alert, ...]
    validation_errors: int
    forms: Figures                # the headline month's forms and what each number counted


@dataclass(frozen=True, slots=True)
class GradeRow:
    standard: str
    grade: str
    effective_on: str
    expires_on: str | None
    in_force: bool
    line: int


@dataclass(frozen=True, slots=True)
class AwardRow:
    kind: str                   # 标杆 | 精品 | 示范岗位
    level: str
    post: str | None
    awarded_on: str
    revoked_on: str | None
    in_force: bool


@dataclass(frozen=True, slots=True)
class RatingRow:
    assessed_on: str
    color: str
    current: bool


@dataclass(frozen=True, slots=True)
class RiskRow:
    id: str
    name: str
    color: str
    identified_on: str
    retired_on: str | None
    in_force: bool
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class HazardRow:
    id: str
    found_on: str
    source: str
    grade: str
    description: str
    responsible: str
    deadline: str
    rectified_on: str | None    # None also when rectified after D
    verified_on: str | None
    status: str                 # core.domain.hazards: 未整改 | 超期未整改 | 已整改待验收 | 已验收销号
    supervised: bool            # listed by a 挂牌督办 action by D
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    id: str
    name: str
    established_on: str
    items: int


@dataclass(frozen=True, slots=True)
class TierGroup:
    tier: str                   # 企业 | 车间 | 岗位
    checklists: tuple[ChecklistRow, ...]
    not_applicable: bool        # 车间 declared not applicable
    missing: bool               # counted as missing by the figures (three_lists)


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """The 5S evaluations of one day: their average and lowest total (out of 100)."""

    date: str
    average: Decimal
    lowest: Decimal
    count: int


@dataclass(frozen=True, slots=True)
class SixHaveRow:
    label: str
    value: str | None           # the day done, 不适用, or None (not done by D)
    done: bool


@dataclass(frozen=True, slots=True)
class EnterprisePage:
    as_of: date
    row: EnterpriseRow
    kind: str
    credit_code: str | None
    registered_on: str | None
    closed_on: str | None
    responsibility_on: str | None
    five_s_on: str | None
    grades: tuple[GradeRow, ...]          # oldest first
    awards: tuple[AwardRow, ...]
    ratings: tuple[RatingRow, ...]        # oldest first, up to D
    risks: tuple[RiskRow, ...]            # identified by D, red first
    risk_colors: tuple[Count, ...]        # in force as of D
    hazards: tuple[HazardRow, ...]        # found by D, newest first
    hazard_statuses: tuple[Count, ...]    # by derived status
    tiers: tuple[TierGroup, ...]
    five_s: tuple[ScorePoint, ...]        # oldest first, up to D
    five_s_pass: Decimal
    five_s_window: int
    six_have: tuple[SixHaveRow, ...]
    alerts: tuple[Alert, ...]
