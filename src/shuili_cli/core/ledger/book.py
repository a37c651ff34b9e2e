"""A ledger workbook as data: what ``shuili template`` and ``shuili export`` put in each sheet.

The core builds it (``core/ledger/export.py``); ``render/ledger_xlsx.py`` turns it into an ``.xlsx``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Union

from shuili_cli.core.ledger.catalogue import LedgerColumn, LedgerSheet

CellOut = Union[str, int, Decimal, date, None]
"""A value as written into a cell: lists are already joined (``、`` or line breaks)."""

META_SHEET = "_shuili"
"""The hidden sheet where a workbook records what it is (key in column A, value in column B)."""


@dataclass(frozen=True, slots=True)
class BookSheet:
    sheet: LedgerSheet
    columns: tuple[LedgerColumn, ...]          # the county workbook puts 企业编号/企业名称 first
    rows: tuple[tuple[CellOut, ...], ...] = ()
    colors: tuple[str | None, ...] = ()         # per row: 红/橙/黄/蓝 fills the row (risk points), or None
    digests: dict[str, str] = field(default_factory=dict)   # what each row held (see fingerprint.py)


@dataclass(frozen=True, slots=True)
class LedgerBook:
    kind: str                                   # template | enterprise | county
    title: str                                  # 桃溪水库管理站安全生产台账（截至 2023-05-31）
    unit: str                                   # the bureau's name (shuili.yaml unit.name), may be ""
    as_of: date | None
    sheets: tuple[BookSheet, ...]
    meta: dict[str, str] = field(default_factory=dict)   # kind, enterprise, as_of, catalogue version


__all__ = ["META_SHEET", "BookSheet", "CellOut", "LedgerBook"]
