"""Build the pages' data from a loaded repository: the overview once, each enterprise page on demand.

Every count comes from the figures engine or the domain rules the forms and ``shuili alerts`` use
(``compute``, ``hazard_status``, ``standard_in_force``, ``latest_ratings``, ``alerts``), so the site
never disagrees with the forms: the five-S, 六有 and 三张清单 status of a row is whether that
enterprise counted in the column as of D.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from shuili_cli.core.alerts import Alert, alerts
from shuili_cli.core.dates import month_end
from shuili_cli.core.domain.hazards import HAZARD_STATUSES, OPEN, OVERDUE, hazard_status, supervised_hazards
from shuili_cli.core.domain.period import previous_month
from shuili_cli.core.domain.risk import latest_ratings
from shuili_cli.core.domain.standardization import standard_in_force
from shuili_cli.core.domain.vocab import TIERS
from shuili_cli.core.figures.catalogue import key_index, summary_catalogue
from shuili_cli.core.figures.facts import NOT_APPLICABLE, EnterpriseFact, HazardFact, RatingFact
from shuili_cli.core.figures.figures import Figures, Period, active, compute, in_force, six_have_missing, tiers_missing
from shuili_cli.core.model.bureau import Rules
from shuili_cli.core.model.enterprise import SIX_HAVE_ITEMS
from shuili_cli.core.outputs.summary import kinds_on_record, record_kind
from shuili_cli.core.site.pages import (
    AwardRow,
    ChecklistRow,
    Count,
    EnterprisePage,
    EnterpriseRow,
    GradeRow,
    HazardRow,
    Metric,
    Overview,
    RatingRow,
    RiskRow,
    ScorePoint,
    SixHaveRow,
    TierGroup,
)
from shuili_cli.core.source.repository import EnterpriseRecords, Repository

COLORS = ("红", "橙", "黄", "蓝")
UNRATED = "未评定"
SERIES_MONTHS = 12


def headline_period(as_of: date) -> Period:
    """The last complete month on or before ``as_of`` (its own month when it is the month's last day)."""
    if as_of == month_end(as_of.year, as_of.month):
        return Period(as_of.year, as_of.month)
    return Period(*previous_month(as_of.year, as_of.month))


def _months(last: Period) -> list[Period]:
    """The ``SERIES_MONTHS`` months up to and including ``last``, oldest first."""
    out = [last]
    while len(out) < SERIES_MONTHS:
        out.append(Period(*previous_month(out[-1].year, out[-1].month)))
    return out[::-1]


@dataclass(slots=True)
class SiteData:
    """The overview and what the enterprise pages share (built once by :func:`load_site`)."""

    repo: Repository
    as_of: date
    overview: Overview
    rows: dict[str, EnterpriseRow]
    alerts: dict[str, tuple[Alert, ...]]
    ratings: dict[str, list[RatingFact]] = field(default_factory=dict)
    supervised: set[tuple[str | None, str]] = field(default_factory=set)
    rules: Rules = field(default_factory=Rules)

    def enterprise_ids(self) -> list[str]:
        """Every enterprise with a readable profile, in the order of the overview's table."""
        return [r.id for r in self.overview.enterprises]


def load_site(repo: Repository, as_of: date, validation_errors: int = 0) -> SiteData:
    """The overview as of ``as_of`` and the shared context of the enterprise pages."""
    d = as_of.isoformat()
    rules = repo.settings.rules if repo.settings is not None else Rules()
    now = compute(repo, Period(as_of.year, as_of.month, partial_end=as_of))
    counted: dict[str | None, set[str]] = {}
    for c in now.contributions:
        counted.setdefault(c.enterprise, set()).add(c.key)
    report = alerts(repo, as_of)   # the errors: in every page's 草稿 banner (they are counted in, as a draft)
    by_enterprise: dict[str, list[Alert]] = {}
    for a in report.alerts:
        if a.enterprise is not None:
            by_enterprise.setdefault(a.enterprise, []).append(a)
    ratings_of: dict[str, list[RatingFact]] = {}
    for r in repo.ratings:
        if r.assessed_on <= d:
            ratings_of.setdefault(r.enterprise, []).append(r)
    current = latest_ratings(repo.ratings, d)
    rows: dict[str, EnterpriseRow] = {}
    for folder in sorted(repo.enterprises):
        e = repo.enterprises[folder]
        if e.profile is not None:
            rows[folder] = _row(e, e.profile, d, counted.get(folder, set()), current.get(folder),
                                len(by_enterprise.get(folder, ())), ratings_of.get(folder, ()))
    table = tuple(sorted(rows.values(), key=lambda r: (r.status is not None, r.township or "", r.name, r.id)))
    settings = repo.settings
    month = headline_period(as_of)
    months, metrics, forms = _metrics(repo, month)
    overview = Overview(
        unit_name=settings.unit.name if settings else "", region=settings.unit.region if settings else "",
        as_of=as_of, month=month, months=months, metrics=metrics,
        risk_colors=tuple(Count(c, c, int(now.values[f"a1.four_color.{c}"])) for c in COLORS),
        overall_colors=(*(Count(c, c, int(now.values[f"a2.overall.{c}.total"])) for c in COLORS),
                        Count(UNRATED, None, int(now.values["a1.enterprises.total"])
                              - int(now.values["a2.overall.total"]))),
        enterprises=table, alerts=tuple(report.alerts), validation_errors=validation_errors, forms=forms)
    return SiteData(repo, as_of, overview, rows, {k: tuple(v) for k, v in by_enterprise.items()},
                    ratings_of, supervised_hazards(repo.actions, d), rules)


def _metrics(repo: Repository, month: Period) -> tuple[tuple[str, ...], tuple[Metric, ...], Figures]:
    """The headline figures (``summary.yaml``) of ``month`` with their 12-month series, and its forms."""
    periods = _months(month)
    series: list[dict[str, int | Decimal]] = []
    last: Figures | None = None
    for per in periods:
        fig = compute(repo, per)
        series.append(fig.values)    # the contributions of the earlier months are not kept
        last = fig
    assert last is not None
    on_record = kinds_on_record(repo, periods[-2])
    index = key_index()
    metrics = tuple(
        Metric(h.key, h.label, index[h.key].unit, series[-1][h.key], series[-2][h.key],
               record_kind(h.key) in on_record, tuple(v[h.key] for v in series))
        for h in summary_catalogue().headline)
    return tuple(p.label for p in periods), metrics, last


# ----------------------------------------------------------------- the table row


def _grade_text(p: EnterpriseFact, d: str) -> tuple[str | None, str | None]:
    rec = standard_in_force(p, d)
    return (f"{rec.standard}{rec.grade}", rec.expires_on) if rec is not None else (None, None)


def _status(p: EnterpriseFact, d: str) -> str | None:
    if active(p, d):
        return None
    if p.closed_on is not None and p.closed_on <= d:
        return f"已关闭（{p.closed_on}）"
    return f"尚未纳入监管（{p.registered_on} 起）"


def _dates(e: EnterpriseRecords, p: EnterpriseFact, ratings: Iterable[RatingFact]) -> Iterator[str | None]:
    """Every date any record of the enterprise carries (the latest one on or before D is its latest record)."""
    yield from (p.registered_on, p.closed_on, p.responsibility_on, p.five_s_on)
    yield from (s.effective_on for s in p.standardization)
    yield from (a.awarded_on for a in (*p.benchmarks, *p.premium))
    yield from (post.awarded_on for post in p.demo_posts)
    yield from (v.done_on for v in p.six_have if v.done_on != NOT_APPLICABLE)
    yield from (r.assessed_on for r in ratings)
    for h in e.hazards:
        yield from (h.found_on, h.rectified_on, h.verified_on)
    yield from (v.date for v in e.evaluations)
    for r in e.risks:
        yield from (r.identified_on, r.retired_on)
    if e.checklists is not None:
        yield from (c.established_on for c in e.checklists.checklists)


def _row(e: EnterpriseRecords, p: EnterpriseFact, d: str, counted: set[str], rating: RatingFact | None,
         alert_count: int, ratings: Iterable[RatingFact]) -> EnterpriseRow:
    statuses = [hazard_status(h.deadline, h.rectified_on, h.verified_on, d) for h in e.hazards if h.found_on <= d]
    grade, expires = _grade_text(p, d)
    if "a1.five_s" in counted:
        five_s = "正常"
    else:
        five_s = "未推行" if p.five_s_on is None or p.five_s_on > d else "中断"
    return EnterpriseRow(
        id=p.id if p.id == e.folder else e.folder, name=p.name, scale=p.scale, industry=p.industry,
        township=p.township, status=_status(p, d),
        overall=rating.color if rating else None, overall_on=rating.assessed_on if rating else None,
        grade=grade, expires_on=expires,
        open_hazards=sum(s in (OPEN, OVERDUE) for s in statuses), overdue_hazards=statuses.count(OVERDUE),
        five_s=five_s, six_have_done=len(SIX_HAVE_ITEMS) - len(six_have_missing(p, d)),
        three_lists="a1.three_lists.enterprises" in counted,
        latest_record=max((x for x in _dates(e, p, ratings) if x is not None and x <= d), default=None),
        alerts=alert_count,
    )


# ----------------------------------------------------------------- one enterprise page


def enterprise_page(site: SiteData, folder: str) -> EnterprisePage:
    """The 一企一档 page of ``folder`` as of the site's D (``KeyError`` for a folder without a profile)."""
    row = site.rows[folder]
    e = site.repo.enterprises[folder]
    p = e.profile
    assert p is not None
    d = site.as_of.isoformat()
    now = standard_in_force(p, d)
    grades = tuple(GradeRow(s.standard, s.grade, s.effective_on, s.expires_on, now is not None and s.line == now.line,
                            s.line)
                   for s in sorted(p.standardization, key=lambda s: s.effective_on) if s.effective_on <= d)
    awards = tuple(
        AwardRow(kind, a.level, post, a.awarded_on, a.revoked_on, in_force(a.awarded_on, a.revoked_on, d))
        for kind, items in (("标杆", p.benchmarks), ("精品", p.premium), ("示范岗位", p.demo_posts))
        for a in items if a.awarded_on <= d
        for post in [getattr(a, "post", None)])
    rated = sorted(site.ratings.get(folder, []), key=lambda r: (r.assessed_on, r.pos))
    ratings = tuple(RatingRow(r.assessed_on, r.color, r.assessed_on == row.overall_on and r.color == row.overall)
                    for r in rated)
    risks = tuple(sorted(
        (RiskRow(r.id, r.name, r.color, r.identified_on, r.retired_on, in_force(r.identified_on, r.retired_on, d),
                 r.file, r.line) for r in e.risks if r.identified_on <= d),
        key=lambda r: (not r.in_force, COLORS.index(r.color), r.id)))
    live = [r for r in risks if r.in_force]
    hazards = tuple(sorted((_hazard_row(h, d, (folder, h.id) in site.supervised) for h in e.hazards
                            if h.found_on <= d), key=lambda h: (h.found_on, h.id), reverse=True))
    return EnterprisePage(
        as_of=site.as_of, row=row, kind=p.kind, credit_code=p.credit_code, registered_on=p.registered_on,
        closed_on=p.closed_on, responsibility_on=p.responsibility_on, five_s_on=p.five_s_on,
        grades=grades, awards=awards, ratings=ratings, risks=risks,
        risk_colors=tuple(Count(c, c, sum(r.color == c for r in live)) for c in COLORS),
        hazards=hazards,
        hazard_statuses=tuple(Count(s, None, sum(h.status == s for h in hazards)) for s in HAZARD_STATUSES),
        tiers=_tiers(e, d), five_s=_scores(e, d),
        five_s_pass=Decimal(site.rules.five_s_pass_score), five_s_window=site.rules.five_s_window_days,
        six_have=_six_have(p, d), alerts=site.alerts.get(folder, ()),
    )


def _hazard_row(h: HazardFact, d: str, supervised: bool) -> HazardRow:
    rectified = h.rectified_on if h.rectified_on is not None and h.rectified_on <= d else None
    verified = h.verified_on if h.verified_on is not None and h.verified_on <= d else None
    return HazardRow(h.id, h.found_on, h.source, h.grade, h.description, h.responsible, h.deadline, rectified,
                     verified, hazard_status(h.deadline, h.rectified_on, h.verified_on, d), supervised,
                     h.file, h.line)


def _tiers(e: EnterpriseRecords, d: str) -> tuple[TierGroup, ...]:
    cl = e.checklists
    missing = tiers_missing(cl, d)
    items = cl.checklists if cl is not None else ()
    return tuple(
        TierGroup(tier, tuple(ChecklistRow(c.id, c.name, c.established_on, len(c.items))
                              for c in items if c.level == tier and c.established_on <= d),
                  tier == "车间" and cl is not None and cl.workshop_not_applicable, tier in missing)
        for tier in TIERS)


def _scores(e: EnterpriseRecords, d: str) -> tuple[ScorePoint, ...]:
    days: dict[str, list[Decimal]] = {}
    for v in e.evaluations:
        if v.date <= d:
            days.setdefault(v.date, []).append(Decimal(v.total))
    return tuple(ScorePoint(day, (sum(t, Decimal(0)) / len(t)).quantize(Decimal("0.1")), min(t), len(t))
                 for day, t in sorted(days.items()))


def _six_have(p: EnterpriseFact, d: str) -> tuple[SixHaveRow, ...]:
    values = dict(p.six_have)
    missing = set(six_have_missing(p, d))
    return tuple(SixHaveRow(label, values.get(key) if key not in missing else None, key not in missing)
                 for key, label in SIX_HAVE_ITEMS.items())
