"""Calendar rules of the reporting cycle: the month before and after a month."""

from __future__ import annotations


def previous_month(year: int, month: int) -> tuple[int, int]:
    """The month before ``year-month``: (2024, 1) -> (2023, 12)."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    """The month after ``year-month``: (2023, 12) -> (2024, 1)."""
    return (year + 1, 1) if month == 12 else (year, month + 1)
