"""Risk rules: the LEC tables and colour bands, and an enterprise's latest overall rating."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from shuili_cli.core.domain.vocab import Color

if TYPE_CHECKING:  # facts import the models, which import these tables
    from shuili_cli.core.figures.facts import RatingFact

LEC_L: Final[tuple[int | float, ...]] = (10, 6, 3, 1, 0.5, 0.2, 0.1)
"""L, the likelihood of an accident."""
LEC_E: Final[tuple[int | float, ...]] = (10, 6, 3, 2, 1, 0.5)
"""E, how often people are exposed."""
LEC_C: Final[tuple[int | float, ...]] = (100, 40, 15, 7, 3, 1)
"""C, the consequences."""
LEC_BANDS: Final[tuple[tuple[int, Color], ...]] = ((320, "红"), (160, "橙"), (70, "黄"))
"""D above the bound takes the colour; D = 70 or less is 蓝."""


def lec_values(table: tuple[int | float, ...]) -> frozenset[Decimal]:
    """A LEC table as exact decimals."""
    return frozenset(Decimal(str(v)) for v in table)


LEC_TABLES: Final[dict[str, frozenset[Decimal]]] = {
    "L": lec_values(LEC_L), "E": lec_values(LEC_E), "C": lec_values(LEC_C),
}
"""Each LEC factor's allowed values as exact decimals (SL501 checks against these)."""

COLOR_NAMES: Final[dict[Color, str]] = {"红": "重大风险", "橙": "较大风险", "黄": "一般风险", "蓝": "低风险"}
"""The risk level each colour stands for."""


def lec_d(l_value: Decimal, e_value: Decimal, c_value: Decimal) -> Decimal:
    """D = L × E × C, exact."""
    return l_value * e_value * c_value


def lec_color(d: Decimal) -> Color:
    """The colour of D = L × E × C (D = 70 is 蓝)."""
    for bound, color in LEC_BANDS:
        if d > bound:
            return color
    return "蓝"


def latest_ratings(ratings: Iterable[RatingFact], d: str) -> dict[str, RatingFact]:
    """Each enterprise's overall rating in force on D: the newest assessed on or before D (the first on a tie)."""
    latest: dict[str, RatingFact] = {}
    for r in ratings:
        if r.assessed_on <= d and (r.enterprise not in latest or r.assessed_on > latest[r.enterprise].assessed_on):
            latest[r.enterprise] = r
    return latest
