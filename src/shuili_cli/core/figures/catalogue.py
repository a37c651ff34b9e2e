"""The column catalogue of the monthly forms, read from ``report-templates/``.

The catalogue is data: the spreadsheet headers and merged ranges, the JSON key
list and ``explain`` all derive from it, so a column is added in one place.
It is validated when read (:class:`FormSpec`): a misspelt field, a missing key
or a key used twice stops the tool instead of silently dropping a column.

``summary.yaml`` holds what the written summaries and the calendar take from the
forms: the headline figures with their short labels, the columns of the annual
month-by-month table and the reporting deadlines. It is validated the same way
(:class:`SummaryFileSpec`), and every key it names must be a key of the forms.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, model_validator
from pydantic_core import ErrorDetails

from shuili_cli.core.resources import project_dir
from shuili_cli.core.source.yamlio import parse_text

FORM_FILES = ("annex1.yaml", "annex2.yaml")
PATH_SEP = "/"
SUMMARY_FILE = "summary.yaml"


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
    path: tuple[str, ...] = ()   # 附件1, 企业数量（家）, 总数: the sheet, the header cells, the sub-row label
    split: bool = False          # the last segment of ``path`` is a sub-row label (国标, 市级)

    @property
    def path_text(self) -> str:
        """The column as ``shuili explain`` accepts it: ``附件1/企业数量（家）/总数``."""
        return PATH_SEP.join(self.path)


class CatalogueError(ValueError):
    """``report-templates/annex*.yaml`` does not describe a form (a broken installation or edit)."""


_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class LabelColumnSpec(BaseModel):
    """The label column of the sub-rows (达标类型, 标杆层级)."""

    model_config = _STRICT
    label_column: str = Field(min_length=1)
    values: list[str] = Field(min_length=1)


class FigureColumnSpec(BaseModel):
    """A figure column: one ``key`` merged over the sub-rows, or ``keys``, one per sub-row."""

    model_config = _STRICT
    header: list[str] = Field(min_length=1)
    key: str | None = Field(default=None, pattern=r"^a[12]\.\S+$")
    keys: list[str | None] | None = None
    span: dict[str, int] | None = None
    unit: str = ""
    kind: Literal["stock", "flow"]
    rule: str = ""
    money: bool = False

    @model_validator(mode="after")
    def _one_of_key_keys(self) -> FigureColumnSpec:
        if (self.key is None) == (self.keys is None):
            raise ValueError("需要 key 或 keys 之一（且只能有一个）")
        return self


def _column_kind(raw: Any) -> str:
    return "label" if isinstance(raw, dict) and "label_column" in raw else "figure"


ColumnSpec = Annotated[
    Union[Annotated[LabelColumnSpec, Tag("label")], Annotated[FigureColumnSpec, Tag("figure")]],
    Discriminator(_column_kind),
]


class FormSpec(BaseModel):
    """One ``annex*.yaml``."""

    model_config = _STRICT
    sheet: str = Field(min_length=1)
    corner: str
    title: str
    paper: str = "A3"
    sub_rows: int = Field(default=1, ge=1)
    unit_types: list[str] = Field(min_length=1)
    notes: str
    columns: list[ColumnSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _sub_rows_fit(self) -> FormSpec:
        for i, c in enumerate(self.columns):
            n = len(c.values) if isinstance(c, LabelColumnSpec) else len(c.keys) if c.keys is not None else None
            if n is not None and n != self.sub_rows:
                raise ValueError(f"第 {i + 1} 栏有 {n} 项，应与 sub_rows 相同（{self.sub_rows} 项）")
            for row in (c.span or {}) if isinstance(c, FigureColumnSpec) else ():
                if not row.isdigit() or int(row) >= self.sub_rows:
                    raise ValueError(f"第 {i + 1} 栏 span 的子行序号 {row!r} 不在 0–{self.sub_rows - 1} 之内")
        seen: dict[str, int] = {}
        for i, c in enumerate(self.columns):
            if isinstance(c, FigureColumnSpec):
                for key in dict.fromkeys(k for k in (c.keys or [c.key]) if k is not None):
                    if seen.setdefault(key, i) != i:
                        raise ValueError(f"键 {key} 同时用于第 {seen[key] + 1} 栏和第 {i + 1} 栏")
        return self


def load_form(text: str, name: str) -> Form:
    """One form of the catalogue, validated; :class:`CatalogueError` says what is wrong and where."""
    spec = validated(text, name, FormSpec, "栏目目录")
    sub = spec.sub_rows
    return Form(spec.sheet, spec.corner, spec.title, spec.paper, sub, tuple(spec.unit_types), spec.notes,
                tuple(_column(c, sub) for c in spec.columns))


def templates_dir() -> Path:
    """``report-templates/`` of the source tree, or the installed copy."""
    return project_dir("report-templates")


def _column(spec: LabelColumnSpec | FigureColumnSpec, sub_rows: int) -> Column:
    if isinstance(spec, LabelColumnSpec):
        return Column((spec.label_column,), (None,) * sub_rows, True, (), "", "label", "", labels=tuple(spec.values))
    split = spec.keys is not None
    keys = tuple(spec.keys) if spec.keys is not None else (spec.key,) * sub_rows
    span = tuple(sorted((int(k), v) for k, v in (spec.span or {}).items()))
    return Column(tuple(spec.header), keys, split, span, spec.unit, spec.kind, spec.rule, spec.money)


@cache
def forms() -> tuple[Form, ...]:
    """Every form of the catalogue; a key may be used by one form only."""
    out = tuple(load_form((templates_dir() / name).read_text(encoding="utf-8"), name) for name in FORM_FILES)
    owner: dict[str, str] = {}
    for form in out:
        for key in form.keys():
            if owner.setdefault(key, form.sheet) != form.sheet:
                raise CatalogueError(f"{form.sheet}: 键 {key} 已用于 {owner[key]}；每个键只能属于一张表")
    return out


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
                path = (form.sheet, *col.header)
                if col.split:
                    label += f" [{_sub_label(form, col, i)}]"
                    path += (_sub_label(form, col, i),)
                out[key] = KeyInfo(key, form.sheet, label, col.unit, col.kind, col.rule, col.money, path, col.split)
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


# ----------------------------------------------------------------- summary.yaml


@dataclass(frozen=True, slots=True)
class LabelledKey:
    """A figure key of the forms with the short label the written summaries use for it."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class SummaryCatalogue:
    """``summary.yaml``: headline figures, the annual month table and the reporting deadlines."""

    headline: tuple[LabelledKey, ...]
    monthly_table: tuple[LabelledKey, ...]
    monthly_due_day: int    # the forms of a month are due on this day of the next month
    annual_due_day: int     # the year's materials are due on this day of January


class LabelledKeySpec(BaseModel):
    model_config = _STRICT
    key: str = Field(min_length=1)
    label: str = Field(min_length=1)


class DeadlinesSpec(BaseModel):
    model_config = _STRICT
    monthly_day: int = Field(ge=1, le=28)
    annual_day: int = Field(ge=1, le=31)


class SummaryFileSpec(BaseModel):
    """``summary.yaml``."""

    model_config = _STRICT
    deadlines: DeadlinesSpec
    headline: list[LabelledKeySpec] = Field(min_length=1)
    monthly_table: list[LabelledKeySpec] = Field(min_length=1)


_MESSAGES = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的字段",
    "int_type": "应为整数",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "model_type": "应为映射（键: 值）",
    "dict_type": "应为映射（键: 值）",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
}


def _message(error: ErrorDetails) -> str:
    """A pydantic error in Chinese, with the bounds when a number is out of range."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"应不小于 {ctx['ge']}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx['le']}"
    if kind == "value_error":  # our own validators' Chinese text, without pydantic's English prefix
        return str(ctx.get("error", error["msg"]))
    return _MESSAGES.get(kind, error["msg"])


_Spec = TypeVar("_Spec", bound=BaseModel)


def validated(text: str, name: str, spec: type[_Spec], what: str) -> _Spec:
    """A catalogue file parsed and validated against ``spec``; :class:`CatalogueError` names the file and place."""
    parsed = parse_text(text, name)
    if parsed.fatal or not isinstance(parsed.data, dict):
        raise CatalogueError(f"{name}: 无法读取{what}")
    try:
        return spec.model_validate(parsed.data)
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(map(str, e['loc']))}: {_message(e)}" for e in exc.errors())
        raise CatalogueError(f"{name}: {what}有误：{problems}") from None


def load_summary(text: str, name: str, known: Collection[str]) -> SummaryCatalogue:
    """``summary.yaml``, validated against the keys ``known`` to the forms; :class:`CatalogueError` says where."""
    spec = validated(text, name, SummaryFileSpec, "总结指标")
    unknown: list[str] = []
    for part, items in (("headline", spec.headline), ("monthly_table", spec.monthly_table)):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.key not in known:
                unknown.append(f"{part}.{i}.key: 键 {item.key} 不在栏目目录（{'、'.join(FORM_FILES)}）中")
            elif item.key in seen:
                unknown.append(f"{part}.{i}.key: 键 {item.key} 重复")
            seen.add(item.key)
    if unknown:
        raise CatalogueError(f"{name}: 总结指标有误：{'；'.join(unknown)}")
    return SummaryCatalogue(
        tuple(LabelledKey(h.key, h.label) for h in spec.headline),
        tuple(LabelledKey(m.key, m.label) for m in spec.monthly_table),
        spec.deadlines.monthly_day, spec.deadlines.annual_day)


@cache
def summary_catalogue() -> SummaryCatalogue:
    """The shipped ``summary.yaml``, checked against the forms."""
    return load_summary((templates_dir() / SUMMARY_FILE).read_text(encoding="utf-8"), SUMMARY_FILE, key_index())
