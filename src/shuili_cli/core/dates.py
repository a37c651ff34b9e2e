""""Today" in China Standard Time, months and periods."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone

from shuili_cli.core.domain import period

_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})\Z")
CST = timezone(timedelta(hours=8), "CST")


class BadDate(ValueError):
    """A date or month argument that cannot be read (a usage error)."""


def today_in(tz_name: str = "Asia/Shanghai") -> date:
    try:
        from zoneinfo import ZoneInfo

        return datetime.now(ZoneInfo(tz_name)).date()
    except Exception:  # no tz database on this machine: China has used UTC+8 since 1991
        return datetime.now(CST).date()


_DAY = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}\Z")
YEARS = range(1900, 2201)


def parse_day(text: str, what: str = "日期") -> date:
    m = _DAY.match(text.strip())
    try:
        if not m or int(m.group(1)) not in YEARS:
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadDate(f"{what}“{text}”无效；格式应为 YYYY-MM-DD（1900–2200 年），例如 2023-05-31") from None


def parse_month(text: str) -> tuple[int, int]:
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) not in YEARS:
        raise BadDate(f"月份“{text}”无效；格式应为 YYYY-MM（1900–2200 年），例如 2023-05")
    return int(m.group(1)), int(m.group(2))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def previous_month(day: date) -> tuple[int, int]:
    """The month before the month of ``day``."""
    return period.previous_month(day.year, day.month)
