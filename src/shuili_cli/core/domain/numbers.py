"""The one way numbers are written as text: in figures, facts, messages and every output.

Each variant an output needs is a named function here, so that two outputs that show the same
figure differently do so on purpose:

========================  =====================================  ==========================================
function                  writes                                 used by
========================  =====================================  ==========================================
``decimal_text``          exact, never exponent: ``4.750``       facts, figures, messages
``money_text``            exact, at least 2 decimals: ``3.00``   review, ``shuili explain``
``amount_text``           an int as is, a decimal as money       review (figures and their deltas)
``plain_text``            no trailing zeros, never ``-0``        the documents (figures not in money)
``fixed_text``            2 decimals (rounded) when money        the xlsx forms, the terminal table
``figure_text``           money 2 decimals, others plain         the documents (Word, Markdown, annual)
``percent_text``          1 decimal and ``%``: ``87.5%``         the documents' rates
``signed_text``           ``+`` before a positive change         the documents, review, terminal
``json_number``           a JSON number that reads back exactly  figures.json
``sheet_number_format``   the Excel number format of a cell      the xlsx forms
========================  =====================================  ==========================================
"""

from __future__ import annotations

from decimal import Decimal

MONEY_UNIT = "万元"
"""The unit of amounts (fines, investments): written with two decimals in the documents."""

SHEET_FORMAT_MONEY = "0.00"
SHEET_FORMAT_COUNT = "0"


def decimal_text(value: Decimal) -> str:
    """An exact decimal as written, never in exponent form: 4.750, 0.5."""
    return format(value, "f")


def money_text(value: Decimal) -> str:
    """An exact amount with at least two decimals: 4.75, 1.235, 3.00."""
    whole, _, frac = decimal_text(value.normalize()).partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def amount_text(value: int | Decimal) -> str:
    """A count as is (``3``), a decimal as money (``money_text``: ``1.50``)."""
    return money_text(value) if isinstance(value, Decimal) else str(value)


def plain_text(value: int | Decimal) -> str:
    """A decimal without trailing zeros and never in exponent form (``2.50`` → ``2.5``, ``-0`` → ``0``); an int as is."""
    if not isinstance(value, Decimal):
        return str(value)
    text = decimal_text(value.normalize())
    return "0" if text in ("-0", "0") else text


def fixed_text(value: int | Decimal, *, money: bool) -> str:
    """Money with exactly two decimals, rounded half to even (``1.235`` → ``1.24``); otherwise ``str``."""
    return f"{Decimal(value):.2f}" if money else str(value)


def figure_text(value: int | Decimal, unit: str = "") -> str:
    """A figure as the documents print it: in ``MONEY_UNIT`` with two decimals, others ``plain_text``."""
    return fixed_text(value, money=True) if unit == MONEY_UNIT else plain_text(value)


def percent_text(value: Decimal) -> str:
    """A rate in percent with one decimal: ``87.5%``."""
    return f"{value:.1f}%"


def signed_text(change: int | Decimal, text: str) -> str:
    """``text`` (a change already written) with ``+`` in front when the change is positive."""
    return ("+" if change > 0 else "") + text


def json_number(value: int | Decimal) -> int | float | str:
    """A JSON number that reads back as exactly ``value``: an int, a float, or (never lossy) the exact text."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else decimal_text(value)
    return value


def sheet_number_format(*, money: bool) -> str:
    """The Excel number format of a figure cell: two decimals for money, whole numbers otherwise."""
    return SHEET_FORMAT_MONEY if money else SHEET_FORMAT_COUNT
