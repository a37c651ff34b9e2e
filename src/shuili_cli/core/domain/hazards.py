"""Hazard rules shared by figures, alerts and summaries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from shuili_cli.core.domain.vocab import SUPERVISION

if TYPE_CHECKING:  # facts import the models, which import these tables
    from shuili_cli.core.figures.facts import ActionFact


def supervised_hazards(actions: Iterable[ActionFact], d: str | None = None) -> set[tuple[str | None, str]]:
    """(enterprise, hazard id) of every hazard listed by a 挂牌督办 action dated on or before D (any date if None)."""
    return {(a.enterprise, h) for a in actions
            if a.type == SUPERVISION and (d is None or a.date <= d) for h in a.hazards}


OPEN, OVERDUE, RECTIFIED, VERIFIED = "未整改", "超期未整改", "已整改待验收", "已验收销号"
HAZARD_STATUSES = (OPEN, OVERDUE, RECTIFIED, VERIFIED)


def hazard_status(deadline: str | None, rectified_on: str | None, verified_on: str | None, d: str) -> str:
    """The status of a hazard as of day ``d`` (ISO dates compared as text): 已验收销号 once verified,
    已整改待验收 once rectified, 超期未整改 when open past its deadline, else 未整改."""
    if verified_on is not None and verified_on <= d:
        return VERIFIED
    if rectified_on is not None and rectified_on <= d:
        return RECTIFIED
    if deadline is not None and deadline < d:
        return OVERDUE
    return OPEN
