"""What an edit asks for, and the one error every edit reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Union

FieldPath = tuple[str, ...]
"""A field of a record: ``("deadline",)``, or nested: ``("assessment", "L")``, ``("contact", "phone")``."""

Value = Union[str, int, Decimal, date, list[str], None]
"""A field's new value; ``None`` removes the key (and its whole line)."""

Within = tuple[tuple[str, Mapping[str, str]], ...]
"""Where a list of records sits when it is not at the top level: the (list key, match) of each record
on the way down, e.g. ``(("checklists", {"id": "CL-E"}),)`` for that checklist's ``items``."""


@dataclass(frozen=True)
class SetFields:
    """Change fields of the one record of the top-level list ``list_key`` that ``match`` names.

    ``match`` is compared as text after ``str()`` with the values the project's loader reads
    (``{"id": "H-2023-005"}``, or a natural key such as ``{"date": "2023-05-26", "post": "机修岗"}``);
    ``""`` matches an absent key. With ``within``, the list is in the record it names (checklist items).
    """

    list_key: str
    match: Mapping[str, str]
    changes: Mapping[FieldPath, Value]
    within: Within = ()


@dataclass(frozen=True)
class AppendRecord:
    """Add ``record`` after the last record of the top-level list ``list_key`` (made when absent).

    Values are ``Value`` or nested: a mapping, or a list of mappings (checklist items); keys whose
    value is ``None`` are not written. With ``within``, the list is in that record (made there when absent).
    """

    list_key: str
    record: Mapping[str, Any]
    within: Within = ()


@dataclass(frozen=True)
class SetTop:
    """Change fields of the top-level mapping (enterprise.yaml: ``name``, ``("contact", "phone")`` ...)."""

    changes: Mapping[FieldPath, Value]


Edit = Union[SetFields, AppendRecord, SetTop]


class EditError(Exception):
    """An edit that cannot be made; nothing was changed. ``message`` is Chinese, ``line``/``column``
    1-based in the file edited (0 when not applicable)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.line:
            return f"第 {self.line} 行第 {self.column} 列：{self.message}" if self.column else \
                f"第 {self.line} 行：{self.message}"
        return self.message
