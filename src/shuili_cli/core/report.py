"""The monthly report as data: the period, figures.json, file names, atomic output."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from shuili_cli.core.dates import BadDate, month_end, parse_month, previous_month
from shuili_cli.core.figures import Figures, Period
from shuili_cli.core.models.bureau import Settings


class PeriodError(ValueError):
    """A month that cannot be reported (a usage error)."""


def resolve_period(month: str | None, *, ytd: bool, partial: bool, today: date) -> Period:
    """``--month`` (default: the previous month), refusing months that have not ended."""
    try:
        year, mon = parse_month(month) if month else previous_month(today)
    except BadDate as exc:
        raise PeriodError(str(exc)) from None
    first = date(year, mon, 1)
    if first > today:
        raise PeriodError(f"{year}年{mon}月还没有开始（今天是 {today.isoformat()}）")
    if month_end(year, mon) >= today:
        if not partial:
            raise PeriodError(
                f"{year}年{mon}月还没有结束（今天是 {today.isoformat()}）；要生成截至今天的报表请加 --partial"
            )
        return Period(year, mon, ytd, today)
    return Period(year, mon, ytd)


def _number(value: int | Decimal) -> int | float | str:
    """A JSON number that reads back as exactly ``value`` (amounts are bounded so it always is)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else format(value, "f")
    return value


def figures_document(fig: Figures, settings: Settings | None, generated_on: date,
                     draft: list[str] | None = None) -> dict[str, Any]:
    """The ``figures.json`` / ``--format json`` object of forms.md."""
    per = fig.period
    doc: dict[str, Any] = {
        "month": per.label,
        "basis": per.basis,
        "unit": {
            "name": settings.unit.name if settings else "",
            "type": settings.unit.type if settings else "",
            "region": settings.unit.region if settings else "",
        },
        "generated_on": generated_on.isoformat(),
        "figures": {k: _number(v) for k, v in fig.values.items()},
    }
    if per.partial_end is not None:
        doc["as_of"] = per.end
    if draft:
        doc["draft"] = True
        doc["findings"] = list(draft)
    return doc


def figures_json(fig: Figures, settings: Settings | None, generated_on: date, draft: list[str] | None = None) -> str:
    return json.dumps(figures_document(fig, settings, generated_on, draft), ensure_ascii=False, indent=2) + "\n"


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class OutputNames:
    folder: str
    workbook: str
    summary_md: str
    summary_docx: str
    figures: str = "figures.json"


def output_names(settings: Settings | None, per: Period) -> OutputNames:
    unit = _UNSAFE.sub("_", settings.unit.name if settings else "shuili")
    when = f"{per.year}年{per.month}月"
    if per.ytd:
        when += f"（1-{per.month}月累计）"
    if per.partial_end is not None:
        when += f"（截至{per.partial_end.month}月{per.partial_end.day}日）"
    folder = per.label + ("-ytd" if per.ytd else "")
    return OutputNames(folder, f"{unit}-{when}-月报表.xlsx", f"{unit}-{when}-工作总结.md", f"{unit}-{when}-工作总结.docx")


def annual_names(settings: Settings | None, per: Period) -> OutputNames:
    unit = _UNSAFE.sub("_", settings.unit.name if settings else "shuili")
    upto = f"截至{per.partial_end.month}月{per.partial_end.day}日" if per.partial_end else "1-12月累计"
    return OutputNames(f"{per.year}-年度", f"{unit}-{per.year}年度-月报表（{upto}）.xlsx",
                       f"{unit}-{per.year}年度工作总结.md", f"{unit}-{per.year}年度工作总结.docx")


def write_folder(target: Path, files: dict[str, bytes]) -> None:
    """Replace ``target`` with a folder holding exactly ``files``, atomically.

    Everything is written into a sibling temporary folder first; the old folder
    (if any) is swapped out only once the new one is complete.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.tmp-"))
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o777 & ~mask)
    try:
        for name, data in files.items():
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.old-"))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
