"""The loaded repository: settings plus the facts of every file, by enterprise."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shuili_cli.core.figures.facts import (
    ActionFact,
    ChecklistsFact,
    DocumentFact,
    EnterpriseFact,
    EvaluationFact,
    HazardFact,
    RatingFact,
    RiskFact,
)
from shuili_cli.core.findings import Finding
from shuili_cli.core.model.bureau import Settings


@dataclass(slots=True)
class EnterpriseRecords:
    """Everything one enterprise folder holds (一企一档)."""

    folder: str
    profile: EnterpriseFact | None = None
    checklists: ChecklistsFact | None = None
    risks: list[RiskFact] = field(default_factory=list)
    hazards: list[HazardFact] = field(default_factory=list)
    evaluations: list[EvaluationFact] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    incomplete: set[str] = field(default_factory=set)  # roles of files whose records were (partly) dropped

    @property
    def name(self) -> str:
        return self.profile.name if self.profile is not None else self.folder

    @property
    def scale(self) -> str | None:
        return self.profile.scale if self.profile is not None else None


@dataclass(slots=True)
class Repository:
    root: Path
    settings: Settings | None
    enterprises: dict[str, EnterpriseRecords] = field(default_factory=dict)
    documents: list[DocumentFact] = field(default_factory=list)
    ratings: list[RatingFact] = field(default_factory=list)
    actions: list[ActionFact] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    file_count: int = 0
    incomplete: set[str] = field(default_factory=set)  # bureau roles whose records were (partly) dropped

    def note(self, key: str) -> tuple[str, str] | None:
        """The bureau's own text for ``2023-05`` or ``2023`` as (file, text), when readable UTF-8."""
        from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, read_bytes
        from shuili_cli.core.source.yamlio import decode

        rel = self.notes.get(key)
        if rel is None:
            return None
        raw, bad = read_bytes(self.root / rel, rel, DEFAULT_MAX_BYTES)
        text, wrong = decode(raw, rel) if raw is not None and bad is None else (None, None)
        return (rel, text.strip()) if text is not None and wrong is None else None

    def mark_incomplete(self, role: str, enterprise: str | None) -> None:
        """Some records of this kind could not be read: references to them cannot be judged."""
        (self.enterprise(enterprise).incomplete if enterprise is not None else self.incomplete).add(role)

    def enterprise(self, folder: str) -> EnterpriseRecords:
        rec = self.enterprises.get(folder)
        if rec is None:
            rec = self.enterprises[folder] = EnterpriseRecords(folder)
        return rec

    def add(self, role: str, rel: str, enterprise: str | None, facts: object) -> None:
        """File the facts of one file in their place."""
        if enterprise is not None:
            ent = self.enterprise(enterprise)
            ent.files.append(rel)
            if facts is None:
                return
            if role == "enterprise":
                ent.profile = facts  # type: ignore[assignment]
            elif role == "checklists":
                ent.checklists = facts  # type: ignore[assignment]
            elif role == "risks":
                ent.risks.extend(facts)  # type: ignore[arg-type]
            elif role == "hazards":
                ent.hazards.extend(facts)  # type: ignore[arg-type]
            elif role == "five_s":
                ent.evaluations.extend(facts)  # type: ignore[arg-type]
            return
        if facts is None:
            return
        if role == "documents":
            self.documents.extend(facts)  # type: ignore[arg-type]
        elif role == "assessments":
            self.ratings.extend(facts)  # type: ignore[arg-type]
        elif role == "enforcement":
            self.actions.extend(facts)  # type: ignore[arg-type]


@dataclass(slots=True)
class LoadResult:
    """A loaded repository and everything found wrong on the way."""

    repo: Repository
    findings: list[Finding]
    seconds: float = 0.0
    cache_hits: int = 0
    keys: dict[str, str] = field(default_factory=dict)  # rel -> content key (when the cache is on)
    roles: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # rel -> (role, enterprise folder)
