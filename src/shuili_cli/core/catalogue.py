"""The column catalogue of the monthly forms, read from ``report-templates/``.

The catalogue is data: the spreadsheet headers and merged ranges, the JSON key
list and ``explain`` all derive from it, so a column is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from shuili_cli.core.resources import project_dir
from shuili_cli.core.yamlio import parse_text

FORM_FILES = ("annex1.yaml", "annex2.yaml")


@dataclass(frozen=True, slots=True)
class Column:
    """One printed column: a figure column, or the label column of the sub-rows."""

    header: tuple[str, ...]
    keys: tuple[str | None, ...]          # one per sub-row; a single key is repeated (merged)
    split: bool                            # one value per sub-row?
    span: tuple[tuple[int, int], ...]      # (sub-row, columns merged to the right)
    unit: str
    kind: str                              # "stock" | "flow" | "label"
    rule: str
    money: bool = False
    labels: tuple[str, ...] = ()           # for the label column

    @property
    def is_label(self) -> bool:
        return self.kind == "label"


@dataclass(frozen=True, slots=True)
class Form:
    sheet: str
    corner: str
    title: str
    paper: str
    sub_rows: int
    unit_types: tuple[str, ...]
    notes: str
    columns: tuple[Column, ...]

    @property
    def depth(self) -> int:
        return max(len(c.header) for c in self.columns)

    def keys(self) -> list[str]:
        out: list[str] = []
        for c in self.columns:
            for k in c.keys:
                if k is not None and k not in out:
                    out.append(k)
        return out


@dataclass(frozen=True, slots=True)
class KeyInfo:
    key: str
    form: str
    label: str          # 企业数量（家）› 总数 [国标]
    unit: str
    kind: str
    rule: str
    money: bool


def templates_dir() -> Path:
    """``report-templates/`` of the source tree, or the installed copy."""
    return project_dir("report-templates")


def _column(raw: dict[str, Any], sub_rows: int) -> Column:
    if "label_column" in raw:
        return Column((raw["label_column"],), (None,) * sub_rows, True, (), "", "label", "",
                      labels=tuple(raw["values"]))
    header = tuple(raw["header"])
    if "keys" in raw:
        keys = tuple(raw["keys"])
        if len(keys) != sub_rows:
            raise ValueError(f"{header}: keys 应有 {sub_rows} 项")
        split = True
    else:
        keys = (raw["key"],) * sub_rows
        split = False
    span = tuple(sorted((int(k), int(v)) for k, v in (raw.get("span") or {}).items()))
    return Column(header, keys, split, span, raw.get("unit", ""), raw["kind"], raw.get("rule", ""),
                  bool(raw.get("money", False)))


@cache
def forms() -> tuple[Form, ...]:
    out = []
    for name in FORM_FILES:
        path = templates_dir() / name
        parsed = parse_text(path.read_text(encoding="utf-8"), name)
        if parsed.fatal or not isinstance(parsed.data, dict):
            raise ValueError(f"{path}: 无法读取栏目目录")
        d = parsed.data
        sub = int(d.get("sub_rows", 1))
        out.append(Form(d["sheet"], d["corner"], d["title"], d.get("paper", "A3"), sub, tuple(d["unit_types"]),
                        d["notes"], tuple(_column(c, sub) for c in d["columns"])))
    return tuple(out)


@cache
def key_index() -> dict[str, KeyInfo]:
    """Every figure key, in form order, with its label and rule."""
    out: dict[str, KeyInfo] = {}
    for form in forms():
        for col in form.columns:
            if col.is_label:
                continue
            for i, key in enumerate(col.keys):
                if key is None or key in out:
                    continue
                label = " › ".join(col.header)
                if col.split:
                    label += f" [{_sub_label(form, col, i)}]"
                out[key] = KeyInfo(key, form.sheet, label, col.unit, col.kind, col.rule, col.money)
    return out


def _sub_label(form: Form, col: Column, i: int) -> str:
    """The sub-row label that applies to ``col`` (the nearest label column to its left)."""
    current: tuple[str, ...] = ()
    for c in form.columns:
        if c.is_label:
            current = c.labels
        if c is col:
            break
    return current[i] if i < len(current) else str(i + 1)


def all_keys() -> list[str]:
    return list(key_index())
