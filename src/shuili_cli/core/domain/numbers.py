"""The one way numbers are written as text in figures, facts and messages."""

from __future__ import annotations

from decimal import Decimal


def decimal_text(value: Decimal) -> str:
    """An exact decimal as written, never in exponent form: 4.750, 0.5."""
    return format(value, "f")


def money_text(value: Decimal) -> str:
    """An exact amount with at least two decimals: 4.75, 1.235, 3.00."""
    whole, _, frac = decimal_text(value.normalize()).partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"
