"""Ledger workbooks as data: the blank template, one enterprise's ledger, and the county's.

Every cell comes from the catalogue's columns: a record field (lists joined with ``、``, one
measure per line), or a derived value (状态 as of D, D = L×E×C, the 5S sum, the enterprise's
name). The same columns are read back by ``import``, so an unchanged export imports as no change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from shuili_cli.core.domain.hazards import VERIFIED, hazard_status
from shuili_cli.core.ledger.book import BookSheet, CellOut, LedgerBook
from shuili_cli.core.ledger.catalogue import ENTERPRISE_ID, LedgerColumn, LedgerSheet, ledgers
from shuili_cli.core.ledger.fingerprint import digest, meta_key, record_key, view
from shuili_cli.core.ledger.stored import EnterpriseData, RepoData, Stored, value_at

CATALOGUE_VERSION = "1"
NAME_PREFIX = "name:"
LIST_JOIN = "、"


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _derived(name: str, record: dict[str, Any], ent: EnterpriseData | None, as_of: date) -> CellOut:
    if name == "hazard_status":
        return hazard_status(_iso(record.get("deadline")), _iso(record.get("rectified_on")),
                             _iso(record.get("verified_on")), as_of.isoformat())
    if name == "lec_d":
        a = record.get("assessment")
        if isinstance(a, dict) and all(isinstance(a.get(k), (int, Decimal)) for k in "LEC"):
            return Decimal(a["L"]) * Decimal(a["E"]) * Decimal(a["C"])
        return None
    if name == "five_s_sum":
        scores = record.get("scores")
        if isinstance(scores, dict):
            values = [v for v in scores.values() if isinstance(v, (int, Decimal))]
            return sum((Decimal(v) for v in values), Decimal(0)) if values else None
        total = record.get("total")
        return total if isinstance(total, (int, Decimal)) else None
    if name == ENTERPRISE_ID:
        return ent.id if ent is not None else None
    if name == "enterprise_name":
        return ent.name if ent is not None else None
    raise ValueError(name)  # the catalogue admits only the names above


def cell(column: LedgerColumn, record: dict[str, Any], ent: EnterpriseData | None, as_of: date) -> CellOut:
    """What ``column`` shows for ``record``."""
    if column.derived is not None:
        return _derived(column.derived, record, ent, as_of)
    assert column.field is not None
    value = value_at(record, column.field)
    if value is None:
        return None
    if isinstance(value, list):
        texts = [str(v) for v in value]
        return ("\n" if column.kind == "lines" else LIST_JOIN).join(texts)
    if isinstance(value, bool):  # never a valid value; shown as written
        return str(value).lower()
    if isinstance(value, (date, Decimal)):
        return value
    if isinstance(value, int):
        return str(value) if column.kind in ("id", "text", "para") else value
    if isinstance(value, dict):
        return None
    return str(value)


START = {"hazard": "found_on", "risk": "identified_on", "evaluation": "date", "action": "date",
         "checklist": "established_on"}
"""The date a record starts: a ledger as of D lists the records started on or before D."""


def started(kind: str, record: dict[str, Any], as_of: date) -> bool:
    day = record.get(START.get(kind, ""))
    return not isinstance(day, date) or day <= as_of


def _records(sheet: LedgerSheet, ent: EnterpriseData, actions: Sequence[Stored],
             as_of: date) -> Iterable[dict[str, Any]]:
    """The records a sheet lists for one enterprise as of ``as_of`` (checklists: one row per item)."""
    if sheet.record == "enterprise":
        yield ent.profile
        return
    if sheet.record == "action":
        yield from (a.data for a in actions if a.data.get("enterprise") == ent.id and started("action", a.data, as_of))
        return
    for stored in ent.records.get(sheet.record, ()):
        if not started(sheet.record, stored.data, as_of):
            continue
        if sheet.record == "checklist":
            items = stored.data.get("items")
            for item in items if isinstance(items, list) else [{}]:
                yield {**stored.data, "items": item if isinstance(item, dict) else {}}
        elif sheet.rows == "open_hazards":
            if not is_closed(stored.data, as_of):
                yield stored.data
        else:
            yield stored.data


def _color(sheet: LedgerSheet, record: dict[str, Any]) -> str | None:
    color = record.get("color") if sheet.record == "risk" else None
    return color if isinstance(color, str) else None


def _sheet(sheet: LedgerSheet, county: bool, pairs: Iterable[tuple[EnterpriseData | None, dict[str, Any]]],
           as_of: date) -> BookSheet:
    columns = (ledgers().county_columns + sheet.columns) if county and sheet.scope == "enterprise" else sheet.columns
    rows: list[tuple[CellOut, ...]] = []
    colors: list[str | None] = []
    digests: dict[str, str] = {}
    for ent, record in pairs:
        rows.append(tuple(cell(c, record, ent, as_of) for c in columns))
        colors.append(_color(sheet, record))
        if sheet.importable:
            owner = ent.id if ent is not None and sheet.scope == "enterprise" else None
            key = meta_key(sheet.name, owner, record_key(sheet.record, record))
            digests[key] = digest(sheet.columns, view(sheet.columns, record))
    return BookSheet(sheet, columns, tuple(rows), tuple(colors), digests)


def _with_digests(meta: dict[str, str], sheets: Iterable[BookSheet]) -> dict[str, str]:
    for s in sheets:
        meta.update(s.digests)
    return meta


def _meta(kind: str, as_of: date | None, enterprise: str | None) -> dict[str, str]:
    meta = {"kind": kind, "catalogue": CATALOGUE_VERSION, "generator": "shuili"}
    if enterprise is not None:
        meta["enterprise"] = enterprise
    if as_of is not None:
        meta["as_of"] = as_of.isoformat()
    return meta


def template_book(unit: str, ent: EnterpriseData | None = None) -> LedgerBook:
    """The blank fill-in workbook; with ``ent``, its 基本信息 row is filled and the book is marked as its."""
    sheets = []
    for sheet in ledgers().for_book("template"):
        pairs = [(ent, ent.profile)] if ent is not None and sheet.record == "enterprise" else []
        sheets.append(_sheet(sheet, False, pairs, date(2000, 1, 1)))
    title = f"{ent.name}安全生产台账（填报模板）" if ent is not None else "企业安全生产台账（填报模板）"
    return LedgerBook("template", title, unit, None, tuple(sheets), _meta("template", None, ent.id if ent else None))


def enterprise_book(data: RepoData, ent: EnterpriseData, as_of: date, unit: str) -> LedgerBook:
    """One enterprise's ledger: every record, 状态 as of ``as_of``."""
    sheets = tuple(_sheet(s, False, ((ent, r) for r in _records(s, ent, data.actions, as_of)), as_of)
                   for s in ledgers().for_book("enterprise"))
    return LedgerBook("enterprise", f"{ent.name}安全生产台账（截至 {as_of.isoformat()}）", unit, as_of, sheets,
                      _with_digests(_meta("enterprise", as_of, ent.id), sheets))


CountyPart = dict[str, BookSheet]
"""The county workbook's enterprise sheets for some of the enterprises (one chunk of a parallel export)."""


def county_part(data: RepoData, as_of: date) -> CountyPart:
    """The rows of the enterprises in ``data`` for the county workbook's enterprise sheets."""
    ents = [data.enterprises[k] for k in sorted(data.enterprises)]
    return {sheet.name: _sheet(sheet, True, ((e, r) for e in ents for r in _records(sheet, e, (), as_of)), as_of)
            for sheet in ledgers().for_book("county") if sheet.scope == "enterprise"}


def county_book(parts: Sequence[CountyPart], data: RepoData, names: dict[str, str], as_of: date,
                unit: str) -> LedgerBook:
    """The county's ledgers: the enterprise sheets of ``parts`` (in order), and the bureau's actions of
    ``data`` with the enterprises' ``names``."""
    sheets = []
    for sheet in ledgers().for_book("county"):
        if sheet.scope == "bureau":
            ents = {i: EnterpriseData(i, profile={"name": n}) for i, n in names.items()}
            pairs = ((ents.get(str(a.data.get("enterprise"))), a.data) for a in data.actions
                     if started("action", a.data, as_of))
            sheets.append(_sheet(sheet, True, pairs, as_of))
        else:
            pieces = [p[sheet.name] for p in parts]
            columns = pieces[0].columns if pieces else ledgers().county_columns + sheet.columns
            sheets.append(BookSheet(sheet, columns, tuple(r for p in pieces for r in p.rows),
                                    tuple(c for p in pieces for c in p.colors),
                                    {k: v for p in pieces for k, v in p.digests.items()}))
    meta = _with_digests(_meta("county", as_of, None), sheets)
    meta.update({f"{NAME_PREFIX}{i}": n for i, n in names.items()})   # the 企业名称 each row was exported with
    return LedgerBook("county", f"{unit}安全生产台账汇总（截至 {as_of.isoformat()}）", unit, as_of, tuple(sheets), meta)


def is_closed(record: dict[str, Any], as_of: date) -> bool:
    """Whether a hazard is verified (销号) as of the day: the 整改清单 leaves it out."""
    return hazard_status(None, _iso(record.get("rectified_on")), _iso(record.get("verified_on")),
                         as_of.isoformat()) == VERIFIED


__all__ = ["LIST_JOIN", "CountyPart", "cell", "county_book", "county_part", "enterprise_book", "template_book"]
