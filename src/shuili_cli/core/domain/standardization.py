"""Which 达标定级 record is in force on a day (the 达标/自评 columns of annex 1 and the certificate alerts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shuili_cli.core.domain.vocab import SELF_ASSESSMENT, Standard, StandardGrade

if TYPE_CHECKING:  # facts import the models, which import these tables
    from shuili_cli.core.figures.facts import EnterpriseFact, StandardRecord

ALLOWED_GRADES: dict[Standard, tuple[StandardGrade, ...]] = {
    "国标": ("一级", "二级", "三级", "自评"),
    "省标": ("一级", "二级", "三级", "自评"),
    "地标": ("达标", "自评"),
}
"""The grades each standard awards (地标 is not graded); any other pairing is an SL503 error."""


def allowed_grade(standard: Standard, grade: StandardGrade) -> bool:
    return grade in ALLOWED_GRADES[standard]


def latest_graded(p: EnterpriseFact, d: str) -> StandardRecord | None:
    """The newest graded (not self-assessed) record effective on or before D, expired or not."""
    graded = [r for r in p.standardization if r.grade != SELF_ASSESSMENT and r.effective_on <= d]
    return max(graded, key=lambda r: r.effective_on) if graded else None


def standard_in_force(p: EnterpriseFact, d: str) -> StandardRecord | None:
    """The record in force as of D: the latest graded record unless expired, else a later self-assessment."""
    g = latest_graded(p, d)
    if g is not None and (g.expires_on is None or d <= g.expires_on):
        return g
    selfs = [r for r in p.standardization if r.grade == SELF_ASSESSMENT and r.effective_on <= d]
    s = max(selfs, key=lambda r: r.effective_on) if selfs else None
    if s is not None and (g is None or s.effective_on > g.effective_on):
        return s
    return None
