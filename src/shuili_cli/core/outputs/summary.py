"""The content of the monthly 工作总结, as data for the document renderers.

:class:`Wording` names the period once (本月/上月, 1—5月/上年同期, 全年/上年) so no sentence of
a cumulative summary calls its totals "本月"; :class:`HazardTally` holds the hazard figures of the
隐患排查治理 section as the forms count them, so the text and the table agree; a headline whose
comparison period holds no records of the kind it counts (:data:`RECORD_KINDS`) is not compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from shuili_cli.core.domain.hazards import supervised_hazards
from shuili_cli.core.domain.vocab import MAJOR, SELF_FOUND, SUPERVISORY
from shuili_cli.core.figures.catalogue import key_index, summary_catalogue
from shuili_cli.core.figures.figures import (
    Contribution,
    Figures,
    Number,
    Period,
    active,
    contributions,
    six_have_missing,
    tiers_missing,
)
from shuili_cli.core.model.enterprise import SIX_HAVE_ITEMS
from shuili_cli.core.source.repository import Repository

MAX_LISTED = 50  # a written summary lists the longest-overdue hazards; `shuili explain` lists them all

Basis = Literal["month", "ytd", "year"]


@dataclass(frozen=True, slots=True)
class Wording:
    """How a summary names its period and the period it is compared with."""

    this: str           # column of the period's figures: 本月 | 本期 (stocks and 1—M月 flows) | 本年
    previous: str       # the comparison period: 上月 | 上年同期 | 上年
    span: str           # the period of flow figures in sentences: 本月 | 1—5月 | 全年 | 本年截至6月15日
    title_period: str   # before the title's name: 2023年5月 | "" | 2023年
    title_suffix: str   # after it: "" | （2023年1—5月累计） | （截至5月20日）
    flow_note: str      # after 截至…: "" | （隐患、执法等为1—5月累计数）

    @property
    def no_data(self) -> str:
        return f"{self.previous}无可比数据"


def wording(year: int, month: int, basis: Basis, partial_end: date | None = None) -> Wording:
    """The wording of a monthly (``month``), cumulative (``ytd``) or annual (``year``) summary."""
    upto = f"截至{partial_end.month}月{partial_end.day}日" if partial_end is not None else ""
    if basis == "month":
        return Wording("本月", "上月", "本月", f"{year}年{month}月", f"（{upto}）" if upto else "", "")
    if basis == "year":
        span = f"本年{upto}" if upto else "全年"
        return Wording("本年", "上年", span, f"{year}年", f"（{upto}）" if upto else "",
                       f"（隐患、执法等为{span}累计数）")
    months = f"1—{month}月" if month > 1 else "1月"
    span = f"1月1日至{partial_end.month}月{partial_end.day}日" if partial_end is not None else months
    # "本期", not "本年累计": the column holds month-end stocks (企业数量) beside the 1—M月 flows
    return Wording("本期", "上年同期", span, "", f"（{year}年{span}累计）", f"（隐患、执法等为{span}累计数）")


def comparison_period(period: Period) -> Period:
    """What a summary compares with: the previous month, or for a cumulative period the same span last year."""
    if not period.ytd:
        return period.previous()
    end = period.partial_end
    if end is None:
        return Period(period.year - 1, period.month, ytd=True)
    day = min(end.day, 28) if (end.month, end.day) == (2, 29) else end.day
    return Period(period.year - 1, end.month, ytd=True, partial_end=date(period.year - 1, end.month, day))


# The kind of record each headline figure counts (longest matching key prefix wins). A comparison
# period holding no record of that kind is "无可比数据", not a difference from zero. The kinds follow
# the records core/figures counts: 自查 hazards feed 自查隐患/整改隐患 ("self_hazards"); 监管检查 hazards,
# counted through the inspection that found them, feed 发现隐患/督促整改隐患 ("supervision": any
# enforcement action or 监管检查 hazard in the period); the other a2.enf keys count actions.
RECORD_KINDS: dict[str, str] = {
    "a1.enterprises": "enterprises", "a1.responsibility": "enterprises", "a1.six_have": "enterprises",
    "a1.grade": "enterprises", "a1.benchmark": "enterprises", "a1.premium": "enterprises",
    "a1.demo_posts": "enterprises", "a1.three_lists.enterprises": "checklists",
    "a1.three_lists.self_found": "self_hazards", "a1.three_lists.self_rectified": "self_hazards",
    "a1.four_color": "risks", "a1.five_s": "five_s", "a2.docs": "documents", "a2.overall": "ratings",
    "a2.enf": "actions", "a2.enf.发现隐患": "supervision", "a2.enf.督促整改隐患": "supervision",
}


def record_kind(key: str) -> str | None:
    """The kind of record ``key`` counts (:data:`RECORD_KINDS`), None for a key it does not name."""
    best = max((p for p in RECORD_KINDS if key == p or key.startswith(p + ".")), key=len, default=None)
    return RECORD_KINDS[best] if best is not None else None


def kinds_on_record(repo: Repository, per: Period) -> set[str]:
    """The record kinds the repository holds for ``per``: flows dated inside it, stocks existing at its end."""
    d = per.end
    kinds: set[str] = set()
    if any(per.flow(a.date) for a in repo.actions):
        kinds.update(("actions", "supervision"))
    if any(doc.issued_on <= d for doc in repo.documents):
        kinds.add("documents")
    if any(r.assessed_on <= d for r in repo.ratings):
        kinds.add("ratings")
    for e in repo.enterprises.values():
        if e.profile is not None and active(e.profile, d):
            kinds.add("enterprises")
        for h in e.hazards:
            if per.flow(h.found_on) or per.flow(h.rectified_on):
                kinds.add({SELF_FOUND: "self_hazards", SUPERVISORY: "supervision"}.get(h.source, "other_hazards"))
        if any(r.identified_on <= d for r in e.risks):
            kinds.add("risks")
        if any(v.date <= d for v in e.evaluations):
            kinds.add("five_s")
        if e.checklists is not None and any(c.established_on <= d for c in e.checklists.checklists):
            kinds.add("checklists")
    return kinds


@dataclass(frozen=True, slots=True)
class Headline:
    key: str
    label: str
    unit: str
    value: Number
    previous: Number
    comparable: bool = True   # False: the comparison period holds no records of the kind this figure counts

    @property
    def delta(self) -> Number:
        return self.value - self.previous


@dataclass(frozen=True, slots=True)
class HazardTally:
    """The hazards of a period: 自查 and 监管检查 exactly as the form columns count them, and those of
    source 其他 (in no column, but hazards all the same).

    ``found_*`` by the day found (自查隐患数量, 执法检查发现隐患 by the inspection's day; 其他 by
    ``found_on``), ``rectified_*`` by the day rectified, whenever found (整改隐患数量, 督促整改隐患);
    ``closed``: how many of the found ones were rectified by the period's end (the 整改率 is closed / found).
    """

    found_self: int = 0
    found_supervisory: int = 0
    rectified_self: int = 0
    rectified_supervisory: int = 0
    closed: int = 0
    found_other: int = 0
    rectified_other: int = 0

    @property
    def found(self) -> int:
        return self.found_self + self.found_supervisory + self.found_other

    @property
    def rectified(self) -> int:
        return self.rectified_self + self.rectified_supervisory + self.rectified_other

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.closed, self.found)


TALLY_KEYS = {"a1.three_lists.self_found": "found_self", "a2.enf.发现隐患": "found_supervisory",
              "a1.three_lists.self_rectified": "rectified_self", "a2.enf.督促整改隐患": "rectified_supervisory"}


def tally(repo: Repository, fig: Figures) -> HazardTally:
    """The hazard figures of ``fig``, those of source 其他 in its period, and how many of the hazards
    found were rectified by its end."""
    return tally_of(repo, fig.period, fig.contributions)


def tally_of(repo: Repository, period: Period, contribs: Iterable[Contribution]) -> HazardTally:
    """:func:`tally` from contributions read once (a generator need not be kept as a list)."""
    end = period.end
    counts = dict.fromkeys(TALLY_KEYS.values(), 0)
    found: dict[tuple[str, int], int] = {}
    for c in contribs:
        name = TALLY_KEYS.get(c.key)
        if name is None:
            continue
        counts[name] += int(c.amount)
        if name.startswith("found"):
            found[(c.file, c.line)] = found.get((c.file, c.line), 0) + 1
    closed = found_other = rectified_other = 0
    done_at: dict[tuple[str, int], bool] = {}  # a contribution names its hazard by (file, line): the last there decides
    for e in repo.enterprises.values():
        for h in e.hazards:
            done = h.rectified_on is not None and h.rectified_on <= end
            if (h.file, h.line) in found:
                done_at[(h.file, h.line)] = done
            if h.source not in (SELF_FOUND, SUPERVISORY):
                if period.flow(h.found_on):
                    found_other += 1
                    closed += done
                rectified_other += period.flow(h.rectified_on)
    closed += sum(n for at, n in found.items() if done_at.get(at))
    return HazardTally(closed=closed, found_other=found_other, rectified_other=rectified_other, **counts)


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
    hazards: HazardTally = field(default_factory=HazardTally)   # the summary's period (a month, or 1—M月)
    year_hazards: HazardTally | None = None                     # a month's summary: 1—M月 as well
    overdue: list[HazardLine] = field(default_factory=list)
    major_open: list[HazardLine] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    overdue_total: int = 0          # overdue lists only the longest MAX_LISTED; this counts them all
    overdue_enterprises: int = 0
    longest_overdue: int = 0
    notes: str | None = None
    notes_file: str | None = None   # with notes None: the file exists but is not readable text
    draft_findings: list[str] = field(default_factory=list)
    draft: bool = False             # --draft: the document may mark what is still to be written
    annual: bool = False            # the December year to date of an annual summary

    @property
    def wording(self) -> Wording:
        basis: Basis = "year" if self.annual else "ytd" if self.ytd else "month"
        return wording(self.year, self.month, basis, date.fromisoformat(self.end) if self.partial else None)

    @property
    def notes_read(self) -> bool:
        """Whether the summary prints the bureau's notes: a whole month's (``YYYY-MM.md``), or the year's
        (``YYYY.md``) for any part of it; a --ytd or --partial month has no notes file of its own."""
        return self.annual or not (self.ytd or self.partial)

    @property
    def notes_key(self) -> str:
        """The name of the bureau's notes file for this summary (``bureau/notes/<key>.md``)."""
        return f"{self.year:04d}" if self.annual else f"{self.year:04d}-{self.month:02d}"


def _rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _year_tally(repo: Repository, period: Period) -> HazardTally:
    """The year to date's hazards, counted as the contributions stream by (not kept: issue 13)."""
    return tally_of(repo, period, contributions(repo, period))


def build(repo: Repository, figures: Figures, previous: Figures, fill_date: date,
          draft_findings: list[str] | None = None, *, draft: bool = False, annual: bool = False) -> MonthlySummary:
    """The summary of ``figures.period`` compared with ``previous`` (see :func:`comparison_period`)."""
    per = figures.period
    d = per.end
    index = key_index()
    settings = repo.settings
    on_record = kinds_on_record(repo, previous.period)
    s = MonthlySummary(
        unit_name=settings.unit.name if settings else "",
        region=settings.unit.region if settings else "",
        year=per.year, month=per.month, end=d, ytd=per.ytd, partial=per.partial_end is not None,
        fill_date=fill_date,
        headlines=[Headline(h.key, h.label, index[h.key].unit, figures.values[h.key], previous.values[h.key],
                            record_kind(h.key) in on_record)
                   for h in summary_catalogue().headline],
        hazards=tally(repo, figures),
        year_hazards=None if per.ytd else _year_tally(repo, Period(per.year, per.month, True, per.partial_end)),
        draft_findings=list(draft_findings or []), draft=draft or bool(draft_findings), annual=annual,
    )
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
            if h.found_on > d or (h.rectified_on is not None and h.rectified_on <= d):
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
    if s.notes_read:
        read_notes(repo, s)
    return s


def read_notes(repo: Repository, s: MonthlySummary) -> None:
    """The bureau's own text for the summary (``bureau/notes/<notes_key>.md``) into ``s.notes``;
    a file that exists but cannot be read leaves ``s.notes`` None and names itself in ``s.notes_file``."""
    note = repo.note(s.notes_key)
    if note is not None:
        s.notes_file, s.notes = note
    else:
        s.notes_file, s.notes = repo.notes.get(s.notes_key), None


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
