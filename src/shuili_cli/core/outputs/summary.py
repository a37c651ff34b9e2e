"""The content of the monthly 工作总结, as data for the document renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from shuili_cli.core.domain.hazards import supervised_hazards
from shuili_cli.core.domain.vocab import MAJOR, OTHER_SOURCE
from shuili_cli.core.figures.catalogue import key_index, summary_catalogue
from shuili_cli.core.figures.figures import Figures, Number, active, six_have_missing, tiers_missing
from shuili_cli.core.model.enterprise import SIX_HAVE_ITEMS
from shuili_cli.core.source.repository import Repository

MAX_LISTED = 50  # a written summary lists the longest-overdue hazards; `shuili explain` lists them all


@dataclass(frozen=True, slots=True)
class Headline:
    key: str
    label: str
    unit: str
    value: Number
    previous: Number

    @property
    def delta(self) -> Number:
        return self.value - self.previous


@dataclass(frozen=True, slots=True)
class HazardLine:
    enterprise: str
    id: str
    description: str
    grade: str
    found_on: str
    deadline: str
    days_overdue: int
    supervised: bool
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Gap:
    enterprise: str
    what: str       # 三张清单 | 5S | 六有
    detail: str


@dataclass(frozen=True, slots=True)
class ActionLine:
    id: str
    date: str
    type: str
    target: str
    detail: str


@dataclass(slots=True)
class MonthlySummary:
    unit_name: str
    region: str
    year: int
    month: int
    end: str
    ytd: bool
    partial: bool
    fill_date: date
    headlines: list[Headline]
    found_ytd: int
    rectified_ytd: int
    found_month: int
    rectified_month: int
    overdue: list[HazardLine] = field(default_factory=list)
    major_open: list[HazardLine] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    overdue_total: int = 0          # overdue lists only the longest MAX_LISTED; this counts them all
    overdue_enterprises: int = 0
    longest_overdue: int = 0
    notes: str | None = None
    notes_file: str | None = None
    draft_findings: list[str] = field(default_factory=list)

    @property
    def rate_ytd(self) -> Decimal | None:
        return _rate(self.rectified_ytd, self.found_ytd)

    @property
    def rate_month(self) -> Decimal | None:
        return _rate(self.rectified_month, self.found_month)


def _rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def build(repo: Repository, figures: Figures, previous: Figures, fill_date: date,
          draft_findings: list[str] | None = None) -> MonthlySummary:
    per = figures.period
    d = per.end
    index = key_index()
    settings = repo.settings
    s = MonthlySummary(
        unit_name=settings.unit.name if settings else "",
        region=settings.unit.region if settings else "",
        year=per.year, month=per.month, end=d, ytd=per.ytd, partial=per.partial_end is not None,
        fill_date=fill_date,
        headlines=[Headline(h.key, h.label, index[h.key].unit, figures.values[h.key], previous.values[h.key])
                   for h in summary_catalogue().headline],
        found_ytd=0, rectified_ytd=0, found_month=0, rectified_month=0,
        draft_findings=list(draft_findings or []),
    )
    year_start = date(per.year, 1, 1).isoformat()
    month_start = date(per.year, per.month, 1).isoformat()
    supervised = supervised_hazards(repo.actions, d)
    counted: dict[str | None, set[str]] = {}
    for c in figures.contributions:
        counted.setdefault(c.enterprise, set()).add(c.key)
    end_date = per.end_date
    for folder, e in repo.enterprises.items():
        p = e.profile
        if p is None:
            continue
        for h in e.hazards:
            if h.source == OTHER_SOURCE or h.found_on > d:
                continue
            rectified = h.rectified_on is not None and h.rectified_on <= d
            if h.found_on >= year_start:
                s.found_ytd += 1
                s.rectified_ytd += rectified
            if h.found_on >= month_start:
                s.found_month += 1
                s.rectified_month += rectified
            if rectified:
                continue
            overdue = max(0, (end_date - date.fromisoformat(h.deadline)).days)
            line = HazardLine(p.name, h.id, h.description, h.grade, h.found_on, h.deadline, overdue,
                              (folder, h.id) in supervised, h.file, h.line)
            if overdue > 0:
                s.overdue.append(line)
            if h.grade == MAJOR:
                s.major_open.append(line)
        if active(p, d):
            s.gaps.extend(_gaps(repo, folder, d, counted.get(folder, set())))
    for a in sorted(repo.actions, key=lambda x: (x.date, x.id)):
        if per.flow(a.date):
            target = repo.enterprises[a.enterprise].name if a.enterprise in repo.enterprises else (
                a.party or a.enterprise or "")
            s.actions.append(ActionLine(a.id, a.date, a.type, target, _action_detail(a.amount_wan, a.persons,
                                                                                     a.hazards)))
    s.overdue.sort(key=lambda x: (-x.days_overdue, x.enterprise, x.id))
    s.overdue_total = len(s.overdue)
    s.overdue_enterprises = len({x.enterprise for x in s.overdue})
    s.longest_overdue = s.overdue[0].days_overdue if s.overdue else 0
    s.overdue = sorted(s.overdue[:MAX_LISTED], key=lambda x: (x.enterprise, -x.days_overdue, x.id))
    s.major_open.sort(key=lambda x: (x.enterprise, x.id))
    if per.partial_end is None:
        key = per.label
        note = repo.note(key)
        if note is not None:
            s.notes_file, s.notes = note
    return s


def _action_detail(amount: str | None, persons: int | None, hazards: tuple[str, ...]) -> str:
    if amount is not None:
        return f"罚款 {amount} 万元"
    if persons is not None:
        return f"{persons} 人"
    if hazards:
        return "隐患 " + "、".join(hazards)
    return ""


def _gaps(repo: Repository, folder: str, d: str, counted: set[str]) -> list[Gap]:
    """What an active enterprise still lacks, given the figure keys it counted in."""
    e = repo.enterprises[folder]
    p = e.profile
    assert p is not None
    out: list[Gap] = []
    if "a1.three_lists.enterprises" not in counted:
        out.append(Gap(p.name, "三张清单", "缺少" + "、".join(f"{t}层级" for t in tiers_missing(e.checklists, d))))
    if "a1.five_s" not in counted:
        detail = "尚未推行 5S 管理" if p.five_s_on is None or p.five_s_on > d else "最近期限内没有考评记录"
        out.append(Gap(p.name, "5S", detail))
    if "a1.six_have" not in counted:
        out.append(Gap(p.name, "六有", "未完成：" + "、".join(SIX_HAVE_ITEMS[k] for k in six_have_missing(p, d))))
    return out
