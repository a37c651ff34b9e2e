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
