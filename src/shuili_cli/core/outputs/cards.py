"""岗位安全风险告知卡 and the 四色风险分布 overview of one enterprise, as data (no HTML).

Decisions, so that the printed cards say the same thing everywhere:

- A risk point counts as of D when ``identified_on`` ≤ D and it is not retired by D (``retired_on``
  is the first day it no longer counts).
- One card per post (``post`` of the risk points, exact text). The card's colour is its highest
  risk (红 > 橙 > 黄 > 蓝); 主要危险因素 are its risk points; 易发生事故类型 the union of their
  ``accident_types`` in GB 6441 order; 管控措施 and 应急处置措施 their ``controls`` and
  ``emergency`` texts, each once, in file order; the 管控责任人 are the points' ``responsible``.
- Every risk point in force is on some card: the points without a ``post`` (a dam, a chlorine
  store) get one card per place, grouped as the overview groups them (``location``, else
  ``department``, else 未指定位置) and titled by it (作业场所：液氯库), with the same fields. A
  重大 risk without a post thus still has its notice at the place where it is.
- 报告方式: report to the 管控责任人 named on the card, and to the enterprise's contact
  (``contact.name`` and ``contact.phone`` in enterprise.yaml); when the enterprise has no phone
  the card leaves a line to write one in, and :attr:`EnterpriseCards.phone` is None.
- Posts named elsewhere (a 岗位 checklist, a 5S evaluation, a 示范岗位 in force by D) but by no
  risk point in force get no card; :attr:`EnterpriseCards.posts_without_points` names them.
- The overview groups the points by ``location``, else ``department``, else 未指定位置; each
  group takes its highest colour. Cards and groups are ordered by colour (红 first), then by
  where they first appear in risks.yaml.

Files are read as validation reads them (bounded, never through a link); records that do not
validate are left out (the api refuses enterprises whose files have errors anyway).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar, get_args

from shuili_cli.core.domain.vocab import Color
from shuili_cli.core.model.common import Record
from shuili_cli.core.model.enterprise import Enterprise
from shuili_cli.core.model.records import AccidentType, ChecklistsFile, FiveSFile, RiskPoint, RisksFile
from shuili_cli.core.outputs.report import safe_stem
from shuili_cli.core.source.layout import discover
from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, check_model, parse_bytes, read_bytes

COLOR_ORDER: tuple[Color, ...] = get_args(Color)
"""红, 橙, 黄, 蓝: the most serious first."""
ACCIDENT_ORDER: tuple[str, ...] = get_args(AccidentType)
"""The 20 GB 6441 accident types in the standard's order."""
NO_LOCATION = "未指定位置"
K = TypeVar("K")

Basis = Literal["位置", "部门", "未指定"]
"""What an overview box is grouped by."""
Mention = Literal["三张清单", "5S考评", "示范岗位"]
"""Where else a post is named (the order in which they are listed)."""
MENTIONS: tuple[Mention, ...] = get_args(Mention)


@dataclass(frozen=True, slots=True)
class PointLine:
    """One risk point as a card or the overview lists it."""

    id: str
    name: str
    category: str
    location: str | None
    department: str | None
    post: str | None
    color: Color


@dataclass(frozen=True, slots=True)
class Card:
    """One 岗位安全风险告知卡: of a post (``basis`` None), or of the place of points without a post."""

    post: str                   # the post, or the place (location, department or 未指定位置)
    color: Color
    departments: tuple[str, ...]
    points: tuple[PointLine, ...]
    accident_types: tuple[str, ...]
    controls: tuple[str, ...]
    emergency: tuple[str, ...]
    responsible: tuple[str, ...]
    basis: Basis | None = None  # what a card without a post is titled by


@dataclass(frozen=True, slots=True)
class AreaGroup:
    """One box of the 四色风险分布: the points at one location (or of one department)."""

    name: str
    basis: Basis
    color: Color
    points: tuple[PointLine, ...]


@dataclass(frozen=True, slots=True)
class PostWithoutPoints:
    post: str
    mentioned_in: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class EnterpriseCards:
    """Everything printed for one enterprise as of ``as_of``."""

    id: str
    name: str
    as_of: date
    contact: str | None
    phone: str | None
    cards: tuple[Card, ...]
    areas: tuple[AreaGroup, ...]
    counts: tuple[tuple[Color, int], ...]      # every colour, 红 first, zero included
    unposted: tuple[PointLine, ...]            # points without a post: on the cards of their places
    posts_without_points: tuple[PostWithoutPoints, ...]
    closed_on: date | None = None              # set when closed on or before as_of

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    @property
    def total(self) -> int:
        """Risk points in force."""
        return sum(n for _, n in self.counts)


def rank(color: Color) -> int:
    """0 for 红 … 3 for 蓝."""
    return COLOR_ORDER.index(color)


def highest(colors: Iterable[Color]) -> Color:
    """The most serious of ``colors`` (at least one)."""
    return min(colors, key=rank)


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    """Each text once, in first-seen order; None left out."""
    return tuple(dict.fromkeys(v for v in values if v is not None))


def in_force(point: RiskPoint, as_of: date) -> bool:
    return point.identified_on <= as_of and (point.retired_on is None or as_of < point.retired_on)


def line_of(point: RiskPoint) -> PointLine:
    return PointLine(point.id, point.name, point.category, point.location, point.department, point.post, point.color)


def _by_colour_then_order(groups: dict[K, list[RiskPoint]]) -> list[tuple[K, list[RiskPoint]]]:
    """Groups (in first-appearance order) sorted by their highest colour; ties keep that order."""
    return sorted(groups.items(), key=lambda kv: rank(highest(p.color for p in kv[1])))


def _place(p: RiskPoint) -> tuple[str, Basis]:
    """Where a point is, for the overview and for a card without a post: location, else department."""
    if p.location is not None:
        return p.location, "位置"
    return (p.department, "部门") if p.department is not None else (NO_LOCATION, "未指定")


def build_cards(points: Iterable[RiskPoint]) -> tuple[Card, ...]:
    """One card per post of ``points`` (already those in force) and one per place of those without a
    post, 红 cards first (ties in order of first appearance)."""
    groups: dict[tuple[str, Basis | None], list[RiskPoint]] = {}
    for p in points:
        groups.setdefault((p.post, None) if p.post is not None else _place(p), []).append(p)
    cards = []
    for (post, basis), group in _by_colour_then_order(groups):
        kinds = {t for p in group for t in p.accident_types}
        cards.append(Card(
            post=post,
            color=highest(p.color for p in group),
            departments=unique(p.department for p in group),
            points=tuple(line_of(p) for p in group),
            accident_types=tuple(t for t in ACCIDENT_ORDER if t in kinds),
            controls=unique(c for p in group for c in p.controls),
            emergency=unique(p.emergency for p in group),
            responsible=unique(p.responsible for p in group),
            basis=basis,
        ))
    return tuple(cards)


def build_areas(points: Iterable[RiskPoint]) -> tuple[AreaGroup, ...]:
    """The 四色风险分布 boxes: by location, else department, else 未指定位置."""
    groups: dict[str, list[RiskPoint]] = {}
    where: dict[str, tuple[str, Basis]] = {}
    for p in points:
        place = _place(p)
        key = f"{place[1]}:{place[0]}"   # a location and a department of the same name stay apart
        groups.setdefault(key, []).append(p)
        where[key] = place
    return tuple(AreaGroup(*where[key], highest(p.color for p in group), tuple(line_of(p) for p in group))
                 for key, group in _by_colour_then_order(groups))


def color_counts(points: Iterable[RiskPoint]) -> tuple[tuple[Color, int], ...]:
    colors = [p.color for p in points]
    return tuple((c, colors.count(c)) for c in COLOR_ORDER)


def mentioned_posts(profile: Enterprise | None, checklists: ChecklistsFile | None,
                    evaluations: Iterable[FiveSFile], as_of: date) -> dict[str, tuple[Mention, ...]]:
    """Posts named by a 岗位 checklist established by D, a 5S evaluation by D or a 示范岗位 in force on D."""
    found: dict[str, set[Mention]] = {}
    for c in checklists.checklists if checklists is not None else ():
        if c.level == "岗位" and c.post is not None and c.established_on <= as_of:
            found.setdefault(c.post, set()).add("三张清单")
    for f in evaluations:
        for e in f.evaluations:
            if e.date <= as_of:
                found.setdefault(e.post, set()).add("5S考评")
    for d in profile.demo_posts if profile is not None else ():
        if d.awarded_on <= as_of and (d.revoked_on is None or as_of < d.revoked_on):
            found.setdefault(d.post, set()).add("示范岗位")
    return {post: tuple(m for m in MENTIONS if m in where) for post, where in found.items()}


def enterprise_cards(profile: Enterprise | None, folder: str, risks: RisksFile | None, checklists: ChecklistsFile | None,
                     evaluations: Iterable[FiveSFile], as_of: date) -> EnterpriseCards:
    """The cards, the overview and the posts without risk points of one enterprise's records."""
    points = [p for p in (risks.risk_points if risks is not None else ()) if in_force(p, as_of)]
    cards = build_cards(points)
    with_cards = {c.post for c in cards if c.basis is None}
    others = mentioned_posts(profile, checklists, evaluations, as_of)
    contact = profile.contact if profile is not None else None
    return EnterpriseCards(
        id=folder,
        name=profile.name if profile is not None else folder,
        as_of=as_of,
        contact=contact.name if contact is not None else None,
        phone=contact.phone if contact is not None else None,
        cards=cards,
        areas=build_areas(points),
        counts=color_counts(points),
        unposted=tuple(line_of(p) for p in points if p.post is None),
        posts_without_points=tuple(PostWithoutPoints(post, where) for post, where in others.items()
                                   if post not in with_cards),
        closed_on=(profile.closed_on if profile is not None and profile.closed_on is not None
                   and profile.closed_on <= as_of else None),
    )


def _model(root: Path, rel: str, role: str) -> Record | None:
    """The valid records of one file (bounded read, never through a link); None when unreadable."""
    raw, bad = read_bytes(root / rel, rel, DEFAULT_MAX_BYTES)
    if raw is None or bad is not None:
        return None
    parsed = parse_bytes(raw, rel)
    return None if parsed.fatal else check_model(role, parsed, rel).model


def read_enterprises(root: Path, folders: Iterable[str], as_of: date) -> list[EnterpriseCards]:
    """:func:`enterprise_cards` of each ``enterprises/<folder>/`` as stored, in the order given."""
    wanted = list(folders)
    models: dict[tuple[str, str], list[Record]] = {}
    for f in discover(root).files:
        if f.enterprise in wanted and f.role in ("enterprise", "risks", "checklists", "five_s"):
            model = _model(root, f.rel, f.role)
            if model is not None:
                models.setdefault((f.enterprise, f.role), []).append(model)
    out = []
    for folder in wanted:
        profile = next((m for m in models.get((folder, "enterprise"), []) if isinstance(m, Enterprise)), None)
        risks = next((m for m in models.get((folder, "risks"), []) if isinstance(m, RisksFile)), None)
        checklists = next((m for m in models.get((folder, "checklists"), []) if isinstance(m, ChecklistsFile)), None)
        evaluations = [m for m in models.get((folder, "five_s"), []) if isinstance(m, FiveSFile)]
        out.append(enterprise_cards(profile, folder, risks, checklists, evaluations, as_of))
    return out


class UnknownEnterprise(ValueError):
    """An enterprise asked for by id that the repository does not hold (a usage error)."""


def check_enterprises(known: Iterable[str], wanted: Iterable[str]) -> list[str]:
    """``wanted`` without repeats, or :class:`UnknownEnterprise` naming each unknown id and the closest known ones."""
    import difflib

    known = sorted(known)
    wanted = list(dict.fromkeys(wanted))
    problems = []
    for ident in wanted:
        if ident not in known:
            close = ([k for k in known if len(ident) >= 3 and ident in k][:3]
                     or difflib.get_close_matches(ident, known, n=3, cutoff=0.6))
            hint = f"是不是 {'、'.join(close)}？" if close else f"已有的企业：{'、'.join(known[:20]) or '（无）'}"
            problems.append(f"没有企业“{ident}”（enterprises/{ident}/ 不存在）；{hint}")
    if problems:
        raise UnknownEnterprise("\n".join(problems))
    return wanted


CARDS_FOLDER = "cards"
"""Default output folder, under the repository's reports/."""
CARDS_TAIL = "-岗位安全风险告知卡.html"


def enterprise_file(name: str, folder: str, tail: str, names: Mapping[str, str]) -> str:
    """``<企业名称><tail>`` (e.g. :data:`CARDS_TAIL`), safe as a file name. When another enterprise of the
    repository (``names``: folder -> name) has the same name, compared without letter case as Windows
    does, ``（<编号>）`` goes before the tail: the same file name on every run, whoever else is in it."""
    file = safe_stem(name, f"（{folder}）{tail}")
    if any(other.casefold() == name.casefold() for f, other in names.items() if f != folder):
        file += f"（{folder}）"
    return file + tail


__all__ = ["ACCIDENT_ORDER", "CARDS_FOLDER", "CARDS_TAIL", "COLOR_ORDER", "AreaGroup", "Card", "EnterpriseCards",
           "PointLine", "PostWithoutPoints", "UnknownEnterprise", "build_areas", "build_cards", "check_enterprises",
           "color_counts", "enterprise_cards", "enterprise_file",
           "highest", "in_force", "mentioned_posts", "read_enterprises"]
