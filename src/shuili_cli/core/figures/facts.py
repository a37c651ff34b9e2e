"""Compact, cacheable records extracted from validated files.

Facts are named tuples (NamedTuple) of text, numbers and ISO date strings
(which compare in date order); :func:`to_plain` and :func:`from_plain` turn
them into plain tuples and back at the cache boundary, so that they marshal
quickly into the parse cache and travel cheaply between processes. Fields
holding a domain word are typed with the ``Literal`` aliases of
:mod:`shuili_cli.core.domain.vocab`. Everything after validation (cross-file checks,
figures, ``explain``) works on facts, never on the YAML again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from shuili_cli.core.domain import vocab
from shuili_cli.core.domain.numbers import decimal_text
from shuili_cli.core.model.bureau import AssessmentsFile, DocumentsFile, EnforcementFile
from shuili_cli.core.model.common import Record
from shuili_cli.core.model.enterprise import Enterprise, NotApplicable
from shuili_cli.core.model.records import ChecklistsFile, FiveSFile, HazardsFile, RisksFile

Iso = Optional[str]
NOT_APPLICABLE = "不适用"


def iso(value: date | None) -> Iso:
    return value.isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    return decimal_text(value) if value is not None else None


class StandardRecord(NamedTuple):
    """One 达标定级 record: a graded certificate or a self-assessment."""

    standard: vocab.Standard
    grade: vocab.StandardGrade
    effective_on: str
    expires_on: Iso
    line: int


class AwardRecord(NamedTuple):
    """One 标杆 or 精品 award."""

    level: vocab.Level
    awarded_on: str
    revoked_on: Iso
    line: int


class PostRecord(NamedTuple):
    """One 示范岗位 award."""

    post: str
    level: vocab.Level
    awarded_on: str
    revoked_on: Iso
    line: int


class SixHaveItem(NamedTuple):
    key: str
    done_on: Iso  # a date, 不适用, or None


class BlockLine(NamedTuple):
    key: str
    line: int


class EnterpriseFact(NamedTuple):
    file: str
    line: int
    id: str
    name: str
    kind: vocab.UnitKind
    scale: vocab.Scale
    industry: str
    township: str | None
    credit_code: str | None
    registered_on: Iso
    closed_on: Iso
    standardization: tuple[StandardRecord, ...]
    benchmarks: tuple[AwardRecord, ...]
    premium: tuple[AwardRecord, ...]
    demo_posts: tuple[PostRecord, ...]
    responsibility_on: Iso
    five_s_on: Iso
    six_have: tuple[SixHaveItem, ...]
    block_lines: tuple[BlockLine, ...]

    def block_line(self, key: str) -> int:
        return dict(self.block_lines).get(key, self.line)


class ChecklistFact(NamedTuple):
    file: str
    line: int
    id: str
    level: vocab.Tier
    name: str
    established_on: str
    items: tuple[str, ...]


class ChecklistsFact(NamedTuple):
    file: str
    workshop_not_applicable: bool
    na_line: int
    checklists: tuple[ChecklistFact, ...]


class RiskFact(NamedTuple):
    file: str
    line: int
    id: str
    name: str
    color: vocab.Color
    identified_on: str
    retired_on: Iso


class HazardFact(NamedTuple):
    file: str
    line: int
    pos: int
    id: str
    found_on: str
    source: vocab.HazardSource
    inspection: str | None
    checklist: str | None
    checklist_item: str | None
    risk_point: str | None
    grade: vocab.HazardGrade
    description: str
    responsible: str
    deadline: str
    rectified_on: Iso
    verified_on: Iso


class EvaluationFact(NamedTuple):
    file: str
    line: int
    pos: int
    date: str
    post: str
    person: str | None
    total: str


class DocumentFact(NamedTuple):
    file: str
    line: int
    id: str
    kind: vocab.DocKind
    title: str
    issued_on: str
    withdrawn_on: Iso


class RatingFact(NamedTuple):
    file: str
    line: int
    pos: int
    enterprise: str
    assessed_on: str
    color: vocab.Color


class ActionFact(NamedTuple):
    file: str
    line: int
    pos: int
    id: str
    type: vocab.ActionType
    date: str
    end_date: Iso
    enterprise: str | None
    party: str | None
    hazards: tuple[str, ...]
    amount_wan: str | None
    persons: int | None


FACT_TYPES: dict[str, type[Any]] = {
    "enterprise": EnterpriseFact,
    "risks": RiskFact,
    "hazards": HazardFact,
    "five_s": EvaluationFact,
    "documents": DocumentFact,
    "assessments": RatingFact,
    "enforcement": ActionFact,
}


# ----------------------------------------------------------------- node lines


def _child(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    return None


def item_lines(node: Node | None, key: str) -> list[int]:
    """1-based start lines of the items of the list at ``key``."""
    seq = _child(node, key)
    if isinstance(seq, SequenceNode):
        return [item.start_mark.line + 1 for item in seq.value]
    return []


def _key_line(node: Node | None, key: str) -> int:
    if isinstance(node, MappingNode):
        for k, _ in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return int(k.start_mark.line) + 1
    return 1


def _lines_or(lines: list[int], i: int) -> int:
    return lines[i] if i < len(lines) else 1


class Where(NamedTuple):
    """Line and original index of each record of a list file (partial files skip bad records)."""

    lines: list[int]
    pos: list[int]

    def line(self, i: int) -> int:
        return _lines_or(self.lines, i)


# ----------------------------------------------------------------- extraction


def _enterprise(m: Enterprise, root: Node | None, rel: str, w: Where) -> EnterpriseFact:
    std_l = item_lines(root, "standardization")
    ben_l = item_lines(root, "benchmarks")
    pre_l = item_lines(root, "premium")
    dem_l = item_lines(root, "demo_posts")
    six: list[SixHaveItem] = []
    if m.six_have is not None:
        for key in type(m.six_have).model_fields:
            v = getattr(m.six_have, key)
            six.append(SixHaveItem(key, NOT_APPLICABLE if isinstance(v, NotApplicable) else iso(v)))
    blocks = tuple(
        BlockLine(k, _key_line(root, k)) for k in ("responsibility_system", "five_s", "six_have", "scale", "registered_on")
    )
    return EnterpriseFact(
        rel, 1, m.id, m.name, m.kind, m.scale, m.industry, m.township, m.credit_code,
        iso(m.registered_on), iso(m.closed_on),
        tuple(StandardRecord(s.standard, s.grade, s.effective_on.isoformat(), iso(s.expires_on), _lines_or(std_l, i))
              for i, s in enumerate(m.standardization)),
        tuple(AwardRecord(a.level, a.awarded_on.isoformat(), iso(a.revoked_on), _lines_or(ben_l, i))
              for i, a in enumerate(m.benchmarks)),
        tuple(AwardRecord(a.level, a.awarded_on.isoformat(), iso(a.revoked_on), _lines_or(pre_l, i))
              for i, a in enumerate(m.premium)),
        tuple(PostRecord(p.post, p.level, p.awarded_on.isoformat(), iso(p.revoked_on), _lines_or(dem_l, i))
              for i, p in enumerate(m.demo_posts)),
        iso(m.responsibility_system.established_on) if m.responsibility_system else None,
        iso(m.five_s.adopted_on) if m.five_s else None,
        tuple(six),
        blocks,
    )


def _checklists(m: ChecklistsFile, root: Node | None, rel: str, w: Where) -> ChecklistsFact:
    return ChecklistsFact(
        rel,
        m.not_applicable is not None,
        _key_line(root, "not_applicable"),
        tuple(
            ChecklistFact(rel, w.line(i), c.id, c.level, c.name, c.established_on.isoformat(),
                          tuple(item.id for item in c.items))
            for i, c in enumerate(m.checklists)
        ),
    )


def _risks(m: RisksFile, root: Node | None, rel: str, w: Where) -> tuple[RiskFact, ...]:
    return tuple(
        RiskFact(rel, w.line(i), r.id, r.name, r.color, r.identified_on.isoformat(), iso(r.retired_on))
        for i, r in enumerate(m.risk_points)
    )


def _hazards(m: HazardsFile, root: Node | None, rel: str, w: Where) -> tuple[HazardFact, ...]:
    return tuple(
        HazardFact(rel, w.line(i), w.pos[i], h.id, h.found_on.isoformat(), h.source, h.inspection, h.checklist,
                   h.checklist_item, h.risk_point, h.grade, h.description, h.responsible, h.deadline.isoformat(),
                   iso(h.rectified_on), iso(h.verified_on))
        for i, h in enumerate(m.hazards)
    )


def _five_s(m: FiveSFile, root: Node | None, rel: str, w: Where) -> tuple[EvaluationFact, ...]:
    out = []
    for i, e in enumerate(m.evaluations):
        if e.scores is not None:
            total = sum((getattr(e.scores, k) for k in type(e.scores).model_fields), Decimal(0))
        else:
            total = e.total if e.total is not None else Decimal(0)
        out.append(EvaluationFact(rel, w.line(i), w.pos[i], e.date.isoformat(), e.post, e.person, decimal_text(total)))
    return tuple(out)


def _documents(m: DocumentsFile, root: Node | None, rel: str, w: Where) -> tuple[DocumentFact, ...]:
    return tuple(
        DocumentFact(rel, w.line(i), d.id, d.kind, d.title, d.issued_on.isoformat(), iso(d.withdrawn_on))
        for i, d in enumerate(m.documents)
    )


def _assessments(m: AssessmentsFile, root: Node | None, rel: str, w: Where) -> tuple[RatingFact, ...]:
    return tuple(
        RatingFact(rel, w.line(i), w.pos[i], a.enterprise, a.assessed_on.isoformat(), a.color)
        for i, a in enumerate(m.assessments)
    )


def _enforcement(m: EnforcementFile, root: Node | None, rel: str, w: Where) -> tuple[ActionFact, ...]:
    out = []
    for i, a in enumerate(m.actions):
        out.append(ActionFact(
            rel, w.line(i), w.pos[i], a.id, a.type, a.date.isoformat(),
            iso(getattr(a, "end_date", None)),
            a.enterprise, getattr(a, "party", None),
            tuple(getattr(a, "hazards", ()) or ()),
            money(getattr(a, "amount_wan", None)),
            getattr(a, "persons", None),
        ))
    return tuple(out)


EXTRACTORS: dict[str, Callable[[Any, Node | None, str, Where], Any]] = {
    "enterprise": _enterprise,
    "checklists": _checklists,
    "risks": _risks,
    "hazards": _hazards,
    "five_s": _five_s,
    "documents": _documents,
    "assessments": _assessments,
    "enforcement": _enforcement,
}


def extract(role: str, model: Record, root: Node | None, rel: str, kept: list[int] | None = None) -> Any:
    """Facts of one validated file; ``kept`` maps record positions of a partial model."""
    fn = EXTRACTORS.get(role)
    if fn is None:
        return None
    from shuili_cli.core.model import FILE_KINDS

    key = FILE_KINDS[role].records_key
    lines = item_lines(root, key) if key else []
    index = kept if kept is not None else list(range(len(lines)))
    w = Where([lines[j] for j in index if j < len(lines)], index)
    return fn(model, root, rel, w)


# ----------------------------------------------------------------- cache form


_NESTED: dict[int, type[Any]] = {
    EnterpriseFact._fields.index(name): record
    for name, record in (("standardization", StandardRecord), ("benchmarks", AwardRecord), ("premium", AwardRecord),
                         ("demo_posts", PostRecord), ("six_have", SixHaveItem), ("block_lines", BlockLine))
}
"""Positions of the EnterpriseFact fields that hold records, and their record types."""


def to_plain(role: str, facts: Any) -> Any:
    """Nested plain tuples, for marshal and for the pipe from a worker.

    Equal values within a file become one object (a date, a word of a vocabulary, a person's
    name, a reference repeat across hundreds of records): pickle and marshal then carry each
    once, and the loaded repository holds each once per file (issue 13: a repository of
    900,000 hazards held about ten separate strings per record).
    """
    if facts is None:
        return None
    if role == "enterprise":
        return tuple(tuple(map(tuple, v)) if i in _NESTED else v for i, v in enumerate(facts))
    if role == "checklists":
        return (facts.file, facts.workshop_not_applicable, facts.na_line, tuple(tuple(c) for c in facts.checklists))
    same: dict[Any, Any] = {}
    return tuple(tuple(map(same.setdefault, f, f)) for f in facts)


def from_plain(role: str, plain: Any) -> Any:
    if plain is None:
        return None
    if role == "enterprise":
        return EnterpriseFact._make(
            tuple(map(partial(tuple.__new__, _NESTED[i]), v)) if i in _NESTED else v for i, v in enumerate(plain)
        )
    if role == "checklists":
        file, na, na_line, cls = plain
        return ChecklistsFact(file, na, na_line, tuple(ChecklistFact(*c) for c in cls))
    return tuple(map(partial(tuple.__new__, FACT_TYPES[role]), plain))
