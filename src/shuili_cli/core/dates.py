""""Today" in China Standard Time, months and periods."""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

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


# --- Days as spreadsheets and people write them (ledger cells, and the hints of SL204) ---------------

_EXCEL_1900 = date(1899, 12, 30)   # serial 61 is 1900-03-01: Excel counts a 1900-02-29 that never was
_EXCEL_1904 = date(1904, 1, 1)
MAX_SERIAL = 2958465               # 9999-12-31 in the 1900 system
_ISO_LIKE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?")
_CHINESE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?")


def serial_date(serial: int | float | Decimal, epoch_1904: bool = False) -> date | None:
    """The day of an Excel date serial (a fraction is a time of day: dropped); ``None`` if there is none."""
    day = math.floor(serial)
    if epoch_1904:
        return _EXCEL_1904 + timedelta(days=day) if 0 <= day <= MAX_SERIAL - 1462 else None
    if not 1 <= day <= MAX_SERIAL or day == 60:
        return None
    return _EXCEL_1900 + timedelta(days=day + (1 if day < 60 else 0))


def day_parts(text: str) -> tuple[str, str, str] | None:
    """(year, month, day) of ``2023-05-06``, ``2023-5-6``, ``2023/5/6``, ``2023.5.6``, ``2023年5月6日``,
    each with an optional time (``2023-05-06 00:00:00``); ``text`` already NFKC-normalised and trimmed."""
    m = _ISO_LIKE.fullmatch(text)
    if m is not None:
        return m.group(1), m.group(3), m.group(4)
    c = _CHINESE.fullmatch(text)
    return (c.group(1), c.group(2), c.group(3)) if c is not None else None


def written_day(text: str) -> date | None:
    """The day a person or a spreadsheet wrote in one of the forms of :func:`day_parts`, if it exists."""
    parts = day_parts(unicodedata.normalize("NFKC", text).strip())
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


# --- Dates, months and years as typed with a Chinese input method (command-line options) --------------

_WIDE_MARKS = {"－": "全角横线“－”", "—": "破折号“—”", "–": "短横线“–”", "／": "全角斜线“／”", "．": "全角句点“．”",
               "。": "句号“。”", "　": "全角空格"}
_DASHES = re.compile(r"[—–―‐‑−]")
_TYPED = {
    "YYYY": re.compile(r"([0-9]{2}|[0-9]{4})\s*年?"),
    "YYYY-MM": re.compile(r"([0-9]{4})\s*(?:年|[-/.])\s*([0-9]{1,2})\s*月?"),
    "YYYY-MM-DD": re.compile(r"([0-9]{4})\s*(?:年|[-/.])\s*([0-9]{1,2})\s*(?:月|[-/.])\s*([0-9]{1,2})\s*[日号]?"),
}


def typed_hint(text: str, form: str) -> str | None:
    """Why ``text`` is not written as ``form`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and the exact
    value to write: full-width digits or marks, 2023年5月, 2023/5/6, a two-digit year, a month or day
    that does not exist. ``None`` when the text is not recognisable as such a value."""
    wide = [f"含{name}" for mark, name in _WIDE_MARKS.items() if mark in text]
    if any("０" <= c <= "９" for c in text):
        wide.insert(0, "含全角数字")
    plain = _DASHES.sub("-", unicodedata.normalize("NFKC", text).replace("。", ".")).strip()
    m = _TYPED[form].fullmatch(plain)
    if m is None:
        return None
    parts = [int(g) for g in m.groups()]
    if form == "YYYY" and len(m.group(1)) == 2:
        parts[0] += 2000
        wide.append("年份只写了两位")
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return f"：没有 {parts[1]} 月（月份为 1–12）"
    if len(parts) > 2:
        try:
            date(*parts)
        except ValueError:
            return f"：{parts[0]}年{parts[1]}月没有 {parts[2]} 日"
    fixed = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
    if fixed == text:
        return None
    said = "、".join(wide) or ("是中文写法" if "年" in plain else "要用“-”分隔" if re.search(r"[/.]", plain)
                               else "月、日要写两位")
    return f"{said}，请写成 {fixed}"
