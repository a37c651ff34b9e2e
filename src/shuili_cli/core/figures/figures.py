"""The figures engine: every key of both forms, computed once from the facts.

Each counting rule is a small generator that yields :class:`Contribution`
records (what was counted, where it is written, how much it adds). The totals,
``figures.json``, the workbook, ``explain`` and the written summary all come
from one call of :func:`compute`, so no column is computed twice.

Dates are ISO strings; they compare in date order. ``D`` is the last day of
the period (the month's last day, or today with ``--partial``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from shuili_cli.core.dates import month_end
from shuili_cli.core.domain.numbers import decimal_text
from shuili_cli.core.domain.numbers import money_text as money_text  # re-exported: render and cli call it here
from shuili_cli.core.domain.period import previous_month
from shuili_cli.core.domain.risk import latest_ratings
from shuili_cli.core.domain.standardization import allowed_grade
from shuili_cli.core.domain.standardization import standard_in_force as standard_in_force  # re-exported
from shuili_cli.core.domain.vocab import (
    DEFAULT_FIVE_S_WINDOW_DAYS,
    FINE,
    INSPECTION,
    REFERRAL,
    SELF_FOUND,
    SUPERVISION,
    SUPERVISORY,
    TIERS,
    WORKSHOP,
    Level,
    Tier,
)
from shuili_cli.core.figures.catalogue import all_keys, key_index
from shuili_cli.core.figures.facts import (
    NOT_APPLICABLE,
    ActionFact,
    ChecklistsFact,
    EnterpriseFact,
    HazardFact,
    PostRecord,
    RatingFact,
)
from shuili_cli.core.model.enterprise import SIX_HAVE_ITEMS
from shuili_cli.core.source.repository import EnterpriseRecords, Repository

LEVEL_RANK: dict[Level, int] = {"市级": 3, "县级": 2, "乡级": 1}
Number = int | Decimal


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: stock figures as of ``end``, flows from ``start`` to ``end``."""

    year: int
    month: int
    ytd: bool = False
    partial_end: date | None = None  # with --partial: today, inside the month
    start: str = field(init=False, compare=False, repr=False)  # ISO, first day counted by flows
    end: str = field(init=False, compare=False, repr=False)    # ISO, D

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", date(self.year, 1 if self.ytd else self.month, 1).isoformat())
        object.__setattr__(self, "end", self.end_date.isoformat())

    @property
    def end_date(self) -> date:
        return self.partial_end or month_end(self.year, self.month)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def basis(self) -> str:
        return "ytd" if self.ytd else "month"

    def flow(self, day: str | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def previous(self) -> Period:
        y, m = previous_month(self.year, self.month)
        return Period(y, m, self.ytd and y == self.year)


class Contribution(NamedTuple):
    """One thing a figure counted."""

    key: str
    amount: Number
    enterprise: str | None
    file: str
    line: int
    what: str


@dataclass(slots=True)
class Figures:
    period: Period
    values: dict[str, Number]
    contributions: list[Contribution] = field(default_factory=list)

    def of(self, key: str) -> list[Contribution]:
        return [c for c in self.contributions if c.key == key]


# ----------------------------------------------------------------- helpers


def active(p: EnterpriseFact, d: str) -> bool:
    return (p.registered_on is None or p.registered_on <= d) and (p.closed_on is None or p.closed_on > d)


def in_force(start: str | None, end: str | None, d: str) -> bool:
    """Started on or before D, and not ended on or before D."""
    return start is not None and start <= d and (end is None or end > d)


def tiers_missing(checklists: ChecklistsFact | None, d: str) -> list[Tier]:
    """Checklist tiers (企业, 车间, 岗位) not established by D; 车间 may be declared not applicable."""
    have: set[Tier] = {c.level for c in checklists.checklists if c.established_on <= d} if checklists else set()
    if checklists is not None and checklists.workshop_not_applicable:
        have.add(WORKSHOP)
    return [t for t in TIERS if t not in have]


def six_have_missing(p: EnterpriseFact, d: str) -> list[str]:
    """六有 items (keys) neither done by D nor declared not applicable."""
    items = dict(p.six_have)

    def done(value: str | None) -> bool:
        return value == NOT_APPLICABLE or (value is not None and value <= d)

    return [k for k in SIX_HAVE_ITEMS if not done(items.get(k))]


def _who(p: EnterpriseFact) -> str:
    return f"{p.name}（{p.scale}）"


# ----------------------------------------------------------------- stock rules, per active enterprise

StockRule = Callable[[EnterpriseRecords, EnterpriseFact, str, "Context"], Iterator[Contribution]]


@dataclass(slots=True)
class Context:
    repo: Repository
    period: Period
    five_s_window_days: int
    ratings: dict[str, RatingFact]  # the overall rating in force on D, by enterprise
    actions: dict[str, ActionFact]


def _enterprises(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    yield Contribution("a1.enterprises.total", 1, e.folder, p.file, p.line, _who(p))
    yield Contribution(f"a1.enterprises.{p.scale}", 1, e.folder, p.file, p.block_line("scale"), _who(p))


def _grade(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    rec = standard_in_force(p, d)
    if rec is not None and allowed_grade(rec.standard, rec.grade):  # a bad pairing is SL503's finding, not a figure
        until = f"，有效期至 {rec.expires_on}" if rec.expires_on else ""
        yield Contribution(f"a1.grade.{rec.standard}.{rec.grade}", 1, e.folder, p.file, rec.line,
                           f"{p.name}：{rec.standard}{rec.grade}（{rec.effective_on} 起{until}）")


def _awards(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    for family, awards, word in (("benchmark", p.benchmarks, "标杆"), ("premium", p.premium, "精品")):
        live = [a for a in awards if in_force(a.awarded_on, a.revoked_on, d)]
        if live:
            best = max(live, key=lambda a: LEVEL_RANK[a.level])
            yield Contribution(f"a1.{family}.{best.level}.{p.scale}", 1, e.folder, p.file, best.line,
                               f"{p.name}：{best.level}{word}（{best.awarded_on} 授予）")


def _demo_posts(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    best: dict[str, PostRecord] = {}
    for post in p.demo_posts:
        if in_force(post.awarded_on, post.revoked_on, d):
            have = best.get(post.post)
            if have is None or LEVEL_RANK[post.level] > LEVEL_RANK[have.level]:
                best[post.post] = post
    for name, post in best.items():
        yield Contribution(f"a1.demo_posts.{post.level}.{p.scale}", 1, e.folder, p.file, post.line,
                           f"{p.name}：{name}（{post.level}示范岗位，{post.awarded_on} 授予）")


def _responsibility(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    if p.responsibility_on is not None and p.responsibility_on <= d:
        yield Contribution("a1.responsibility", 1, e.folder, p.file, p.block_line("responsibility_system"),
                           f"{p.name}：{p.responsibility_on} 建立")


def _three_lists(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    cl = e.checklists
    if cl is not None and not tiers_missing(cl, d):
        note = "（车间层级不适用）" if cl.workshop_not_applicable else ""
        yield Contribution("a1.three_lists.enterprises", 1, e.folder, cl.file, 1, f"{p.name}：三个层级齐全{note}")


def _four_color(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    live = [r for r in e.risks if in_force(r.identified_on, r.retired_on, d)]
    for r in live:
        yield Contribution(f"a1.four_color.{r.color}", 1, e.folder, r.file, r.line, f"{p.name}：{r.id} {r.name}")
    if live:
        yield Contribution("a1.four_color.enterprises", 1, e.folder, live[0].file, 1,
                           f"{p.name}：{len(live)} 个有效风险点")


def _five_s(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    if p.five_s_on is None or p.five_s_on > d:
        return
    first = (ctx.period.end_date - timedelta(days=ctx.five_s_window_days - 1)).isoformat()
    recent = [v for v in e.evaluations if first <= v.date <= d]
    if recent:
        last = max(recent, key=lambda v: v.date)
        yield Contribution("a1.five_s", 1, e.folder, last.file, last.line,
                           f"{p.name}：{first} 至 {d} 有 {len(recent)} 次考评，最近一次 {last.date}")


def _six_have(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    if p.six_have and not six_have_missing(p, d):
        na = sum(1 for item in p.six_have if item.done_on == NOT_APPLICABLE)
        note = f"（其中 {na} 项不适用）" if na else ""
        yield Contribution("a1.six_have", 1, e.folder, p.file, p.block_line("six_have"), f"{p.name}：六项齐全{note}")


def _overall(e: EnterpriseRecords, p: EnterpriseFact, d: str, ctx: Context) -> Iterator[Contribution]:
    r = ctx.ratings.get(e.folder)
    if r is not None:
        what = f"{p.name}：{r.color}（{r.assessed_on} 评定）"
        yield Contribution("a2.overall.total", 1, e.folder, r.file, r.line, what)
        yield Contribution(f"a2.overall.{r.color}.total", 1, e.folder, r.file, r.line, what)
        yield Contribution(f"a2.overall.{r.color}.{p.scale}", 1, e.folder, r.file, r.line, what)


STOCK_RULES: tuple[StockRule, ...] = (
    _enterprises, _grade, _awards, _demo_posts, _responsibility, _three_lists, _four_color, _five_s, _six_have,
    _overall,
)


# ----------------------------------------------------------------- flow rules


def _hazard_what(name: str, h: HazardFact, when: str) -> str:
    return f"{name}：{h.id} {h.description}（{when}）"


def _hazard_flows(ctx: Context) -> Iterator[Contribution]:
    per = ctx.period
    for folder, e in ctx.repo.enterprises.items():
        name = e.name
        for h in e.hazards:  # the text of a contribution is made only for what is counted
            if h.source == SELF_FOUND:
                if per.flow(h.found_on):
                    yield Contribution("a1.three_lists.self_found", 1, folder, h.file, h.line,
                                       _hazard_what(name, h, f"{h.found_on} 发现"))
                if per.flow(h.rectified_on):
                    yield Contribution("a1.three_lists.self_rectified", 1, folder, h.file, h.line,
                                       _hazard_what(name, h, f"{h.rectified_on} 整改"))
            elif h.source == SUPERVISORY:
                if per.flow(h.rectified_on):
                    yield Contribution("a2.enf.督促整改隐患", 1, folder, h.file, h.line,
                                       _hazard_what(name, h, f"{h.rectified_on} 整改"))
                act = ctx.actions.get(h.inspection) if h.inspection else None
                if act is not None and act.type == INSPECTION and per.flow(act.date):
                    yield Contribution("a2.enf.发现隐患", 1, folder, h.file, h.line,
                                       _hazard_what(name, h, f"检查 {act.id}，{act.date}"))


def _action_flows(ctx: Context) -> Iterator[Contribution]:
    per = ctx.period
    listed: set[tuple[str | None, str]] = set()
    names = {k: v.name for k, v in ctx.repo.enterprises.items()}
    for a in sorted(ctx.repo.actions, key=lambda x: (x.date, x.id)):
        if not per.flow(a.date):
            continue
        who = names.get(a.enterprise or "", a.enterprise) or a.party or ""
        what = f"{a.id} {a.date} {a.type}：{who}"
        if a.type == SUPERVISION:
            yield Contribution("a2.enf.挂牌督办.企业", 1, a.enterprise, a.file, a.line, what)
            for hid in a.hazards:
                if (a.enterprise, hid) not in listed:
                    listed.add((a.enterprise, hid))
                    yield Contribution("a2.enf.挂牌督办.隐患", 1, a.enterprise, a.file, a.line, f"{what}，隐患 {hid}")
        elif a.type == FINE:
            yield Contribution("a2.enf.罚款.企业", 1, a.enterprise, a.file, a.line, what)
            amount = Decimal(a.amount_wan or "0")
            yield Contribution("a2.enf.罚款.金额", amount, a.enterprise, a.file, a.line,
                               f"{what}，{decimal_text(amount)} 万元")
        elif a.type == REFERRAL:
            yield Contribution("a2.enf.移送司法机关", a.persons or 0, a.enterprise, a.file, a.line,
                               f"{what}，{a.persons} 人")
        else:
            yield Contribution(f"a2.enf.{a.type}", 1, a.enterprise, a.file, a.line, what)


def _documents(ctx: Context) -> Iterator[Contribution]:
    d = ctx.period.end
    for doc in ctx.repo.documents:
        if in_force(doc.issued_on, doc.withdrawn_on, d):
            yield Contribution(f"a2.docs.{doc.kind}", 1, None, doc.file, doc.line,
                               f"{doc.id} {doc.title}（{doc.issued_on} 印发）")


# ----------------------------------------------------------------- the one computation


def contributions(repo: Repository, period: Period) -> Iterator[Contribution]:
    settings = repo.settings
    window = settings.rules.five_s_window_days if settings is not None else DEFAULT_FIVE_S_WINDOW_DAYS
    d = period.end
    ctx = Context(repo, period, window, latest_ratings(repo.ratings, d), {a.id: a for a in repo.actions})
    for e in repo.enterprises.values():
        p = e.profile
        if p is None or not active(p, d):
            continue
        for rule in STOCK_RULES:
            yield from rule(e, p, d, ctx)
    yield from _hazard_flows(ctx)
    yield from _action_flows(ctx)
    yield from _documents(ctx)


class UnknownKey(LookupError):
    """A counting rule produced a key the column catalogue (report-templates/annex*.yaml) does not have: a bug."""

    def __init__(self, key: str) -> None:
        super().__init__(f"figure key {key!r} is not in the column catalogue (report-templates/annex*.yaml)")
        self.key = key


def compute(repo: Repository, period: Period) -> Figures:
    """Every catalogue key for ``period`` (zero where nothing counted)."""
    values: dict[str, Number] = {}
    for key in all_keys():
        values[key] = Decimal(0) if key_index()[key].money else 0
    contribs = list(contributions(repo, period))
    for c in contribs:
        if c.key not in values:
            raise UnknownKey(c.key)
        values[c.key] += c.amount
    return Figures(period, values, contribs)
