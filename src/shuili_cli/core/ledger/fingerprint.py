"""What each exported row held, so that importing an old workbook never undoes later edits.

``shuili export`` records, in the workbook's hidden ``_shuili`` sheet, a short digest of every
row's imported cells (``fp:<sheet>:<enterprise>:<record>`` -> digest). On import, for a row of a
known record:

- the row still has its digest: nobody changed it in the workbook, so it is left alone, even when
  the repository changed the record since the export;
- the repository's record still has the digest: the workbook's change is applied;
- both changed: a conflict, reported at the row; nothing is overwritten.

A workbook without digests (a template, another layout, a CSV) is merged by id as usual.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from shuili_cli.core.ledger.catalogue import LedgerColumn

PREFIX = "fp:"


def _canon(value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, Decimal)):
        return format(Decimal(value).normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "\x1f".join(_canon(v) for v in value)
    if isinstance(value, dict):
        return ""
    return str(value)


def digest(columns: Iterable[LedgerColumn], values: Mapping[tuple[str, ...], Any]) -> str:
    """A digest of the imported columns' values (stored record or workbook row, written either way)."""
    text = "\x1e".join(_canon(values.get(c.field)) for c in columns if c.field is not None)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def view(columns: Iterable[LedgerColumn], record: Mapping[str, Any]) -> dict[tuple[str, ...], Any]:
    """A stored record as the sheet's columns see it: field path -> value."""
    out: dict[tuple[str, ...], Any] = {}
    for c in columns:
        if c.field is None:
            continue
        value: Any = record
        for part in c.field:
            value = value.get(part) if isinstance(value, dict) else None
        out[c.field] = value
    return out


def meta_key(sheet: str, enterprise: str | None, record: str) -> str:
    return f"{PREFIX}{sheet}:{enterprise or ''}:{record}"


def record_key(kind: str, record: Mapping[str, Any]) -> str:
    """How a row names its record in the digests: its id (a checklist item: ``清单/条目``), a 5S
    evaluation its date/post/person, the enterprise's own row ``profile``."""
    if kind == "enterprise":
        return "profile"
    if kind == "evaluation":
        return "/".join(_canon(record.get(f)) for f in ("date", "post", "person"))
    if kind == "checklist":
        items = record.get("items")
        item = items.get("id") if isinstance(items, dict) else None
        return f"{_canon(record.get('id'))}/{_canon(item)}"
    return _canon(record.get("id"))


__all__ = ["PREFIX", "digest", "meta_key", "record_key", "view"]
