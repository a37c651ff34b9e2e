"""What each exported cell held, so that importing an old workbook never undoes later edits.

``shuili export`` records, in the workbook's hidden ``_shuili`` sheet, a short digest of every
imported cell of every row (``fp:<sheet>:<enterprise>:<record>`` -> one :data:`WIDTH`-character
digest per column). On import each cell is merged three ways, against what it held at the export:

- the cell is as exported, or already equal to the repository: the repository's value stays (even
  when the repository changed it since the export);
- the repository still has the exported value: the workbook's change is applied;
- both changed, differently: a conflict at that cell; nothing is overwritten.

A record exported but gone from the repository (deleted, or its id changed) is not brought back by
an untouched row. A workbook without digests (a template, another layout, a CSV) is merged by id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from shuili_cli.core.ledger.catalogue import LedgerColumn
from shuili_cli.core.ledger.stored import value_at

PREFIX = "fp:"


WIDTH = 6   # hex characters per cell digest


def _canon(value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, str):
        return value.strip()    # as a cell reads back: the ends of a text are trimmed
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


def cell_digest(value: Any) -> str:
    """The digest of one cell's value (a stored value or a workbook cell, written either way)."""
    return hashlib.sha256(_canon(value).encode("utf-8")).hexdigest()[:WIDTH]


def digest(columns: Iterable[LedgerColumn], values: Mapping[tuple[str, ...], Any]) -> str:
    """The digests of the imported columns' values, one after another."""
    return "".join(cell_digest(values.get(c.field)) for c in columns if c.field is not None)


def view(columns: Iterable[LedgerColumn], record: Mapping[str, Any]) -> dict[tuple[str, ...], Any]:
    """A stored record as the sheet's columns see it: field path -> value."""
    return {c.field: value_at(record, c.field) for c in columns if c.field is not None}


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


__all__ = ["PREFIX", "WIDTH", "cell_digest", "digest", "meta_key", "record_key", "view"]
