"""The ledger catalogue (``report-templates/ledgers.yaml``): sheets, columns and the fields they map to.

The template, the export, the import and their ``--help`` all read it, so a column is added in
one place. It is checked against the data models when read: every ``field`` must exist in the
record's model, its ``kind`` must suit the field's type, and ``required`` must say what the model
says. The allowed values of a closed vocabulary are taken from the model (the one definition in
``core/domain/vocab.py``), never listed twice.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shuili_cli.core.figures.catalogue import CatalogueError, templates_dir, validated
from shuili_cli.core.model.bureau import Action
from shuili_cli.core.model.enterprise import Enterprise
from shuili_cli.core.model.records import Checklist, Evaluation, Hazard, RiskPoint

LEDGER_FILE = "ledgers.yaml"
ENTERPRISE_ID = "enterprise_id"

Kind = Literal["text", "para", "lines", "id", "date", "decimal", "int", "enum", "list"]
Derived = Literal["hazard_status", "lec_d", "five_s_sum", "enterprise_id", "enterprise_name"]
RecordKind = Literal["enterprise", "hazard", "risk", "checklist", "evaluation", "action"]
BookKind = Literal["template", "enterprise", "county"]

RECORD_MODELS: dict[str, Any] = {
    "enterprise": Enterprise, "hazard": Hazard, "risk": RiskPoint, "checklist": Checklist,
    "evaluation": Evaluation, "action": Action,
}
RECORD_WORDS = {"enterprise": "企业基本信息", "hazard": "隐患", "risk": "风险点", "checklist": "检查清单",
                "evaluation": "5S 考评", "action": "执法行动"}

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class _ColumnSpec(BaseModel):
    model_config = _STRICT
    header: str = Field(min_length=1)
    field: str | None = Field(default=None, pattern=r"^[A-Za-z_\u4e00-\u9fff][\w.\u4e00-\u9fff]*$")
    derived: Derived | None = None
    kind: Kind
    required: bool = False
    width: int = Field(default=12, ge=4, le=80)
    help: str = ""
    places: int | None = Field(default=None, ge=0, le=6)
    synonyms: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_source(self) -> _ColumnSpec:
        if (self.field is None) == (self.derived is None):
            raise ValueError("需要 field 或 derived 之一（且只能有一个）")
        return self


class _SheetSpec(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1, max_length=31)
    record: RecordKind
    scope: Literal["enterprise", "bureau"]
    export: list[BookKind] = Field(min_length=1)
    import_: bool = Field(alias="import")
    rows: Literal["open_hazards"] | None = None
    id: str | None = None
    columns: list[_ColumnSpec] = Field(min_length=1)


class _LedgerFileSpec(BaseModel):
    model_config = _STRICT
    version: Literal[1]
    county_columns: list[_ColumnSpec] = Field(min_length=1)
    sheets: list[_SheetSpec] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class LedgerColumn:
    """One column of a ledger sheet."""

    header: str
    field: tuple[str, ...] | None          # path in the record: ("assessment", "L"); None when derived
    derived: str | None
    kind: str
    required: bool
    width: int
    help: str
    places: int | None
    allowed: tuple[str, ...]                # the closed vocabulary (enum, list of enum), from the model
    synonyms: tuple[tuple[str, str], ...]
    auto: bool = False                      # an id a new record may leave blank: import numbers it

    @property
    def imported(self) -> bool:
        """Read back by ``import``: a record field, or the county workbook's 企业编号 that routes a row."""
        return self.field is not None or self.derived == ENTERPRISE_ID

    @property
    def title(self) -> str:
        """The header as printed: required columns are marked with a star (not an id a new row may leave blank)."""
        return f"*{self.header}" if self.required and not self.auto else self.header


@dataclass(frozen=True, slots=True)
class LedgerSheet:
    name: str
    record: str
    scope: str
    books: tuple[str, ...]
    importable: bool
    rows: str | None
    id_format: str | None
    columns: tuple[LedgerColumn, ...]

    def column(self, header: str) -> LedgerColumn | None:
        return next((c for c in self.columns if c.header == header), None)


@dataclass(frozen=True, slots=True)
class LedgerCatalogue:
    county_columns: tuple[LedgerColumn, ...]
    sheets: tuple[LedgerSheet, ...]

    def sheet(self, name: str) -> LedgerSheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def for_book(self, book: str) -> tuple[LedgerSheet, ...]:
        return tuple(s for s in self.sheets if book in s.books)


# ----------------------------------------------------------------- reading the models


def _strip(tp: Any) -> tuple[Any, bool]:
    """``tp`` without Annotated/Optional wrappers, and whether None was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(tp))
            if len(args) != 1:
                return Union[tuple(args)], optional
            tp = args[0]
        else:
            return tp, optional


def _members(tp: Any) -> list[type[BaseModel]]:
    """The models a (possibly union) type stands for."""
    tp, _ = _strip(tp)
    if typing.get_origin(tp) in (Union, types.UnionType):
        return [m for a in typing.get_args(tp) for m in _members(a)]
    return [tp] if isinstance(tp, type) and issubclass(tp, BaseModel) else []


@dataclass(frozen=True, slots=True)
class _Resolved:
    leaf: Any            # the field's type without wrappers (list kept)
    required: bool


def _resolve(model: Any, path: tuple[str, ...]) -> _Resolved | None:
    """The field at ``path`` in ``model`` (a model or a union of models); None when no member has it."""
    found: list[_Resolved] = []
    for member in _members(model):
        info = member.model_fields.get(path[0])
        if info is None:
            continue
        tp, optional = _strip(info.annotation)
        required = info.is_required() and not optional
        if len(path) == 1:
            found.append(_Resolved(tp, required))
            continue
        inner = typing.get_args(tp)[0] if typing.get_origin(tp) is list else tp
        sub = _resolve(inner, path[1:])
        if sub is not None:
            found.append(_Resolved(sub.leaf, required and sub.required))
    if not found:
        return None
    leaves = list(dict.fromkeys(f.leaf for f in found))
    leaf = leaves[0] if len(leaves) == 1 else Union[tuple(leaves)]
    return _Resolved(leaf, all(f.required for f in found) and len(found) == len(_members(model)))


def _literal_values(tp: Any) -> tuple[str, ...]:
    tp, _ = _strip(tp)
    if typing.get_origin(tp) is Literal:
        return tuple(str(a) for a in typing.get_args(tp))
    if typing.get_origin(tp) in (Union, types.UnionType):
        return tuple(dict.fromkeys(v for a in typing.get_args(tp) for v in _literal_values(a)))
    return ()


def _natural_kinds(leaf: Any) -> set[str]:
    """The column kinds that suit a field of type ``leaf``."""
    if typing.get_origin(leaf) is list:
        return {"list", "lines"}
    if _literal_values(leaf):
        return {"enum"}
    if leaf is date:
        return {"date"}
    if leaf is Decimal:
        return {"decimal"}
    if leaf is int:
        return {"int"}
    return {"text", "para", "id"}


def _column(spec: _ColumnSpec, model: Any, where: str, problems: list[str]) -> LedgerColumn:
    path = tuple(spec.field.split(".")) if spec.field else None
    allowed: tuple[str, ...] = ()
    if path is not None:
        resolved = _resolve(model, path)
        if resolved is None:
            problems.append(f"{where}（{spec.header}）: 字段 {spec.field} 不在数据格式中")
        else:
            leaf = resolved.leaf
            if spec.kind not in _natural_kinds(leaf):
                problems.append(f"{where}（{spec.header}）: kind {spec.kind} 与字段 {spec.field} 的类型不符")
            if spec.required != resolved.required:
                problems.append(f"{where}（{spec.header}）: required 应为 {str(resolved.required).lower()}（与数据格式一致）")
            inner = typing.get_args(leaf)[0] if typing.get_origin(leaf) is list else leaf
            allowed = _literal_values(inner)
    for written, value in spec.synonyms.items():
        if value not in allowed:
            problems.append(f"{where}（{spec.header}）: 同义写法 {written} 对应的 {value} 不是允许的取值")
    return LedgerColumn(spec.header, path, spec.derived, spec.kind, spec.required, spec.width, spec.help,
                        spec.places, allowed, tuple(spec.synonyms.items()))


def load_ledgers(text: str, name: str = LEDGER_FILE) -> LedgerCatalogue:
    """The ledger catalogue, validated against the models; :class:`CatalogueError` says what is wrong."""
    spec = validated(text, name, _LedgerFileSpec, "台账目录")
    problems: list[str] = []
    sheets: list[LedgerSheet] = []
    for i, s in enumerate(spec.sheets):
        where = f"sheets.{i}"
        model = RECORD_MODELS[s.record]
        columns = tuple(_column(c, model, f"{where}.columns.{j}", problems) for j, c in enumerate(s.columns))
        if s.import_ and s.id is not None:   # ids import assigns: the record's own, a checklist item's
            columns = tuple(replace(c, auto=True) if c.field in (("id",), ("items", "id")) else c for c in columns)
        headers = [c.header for c in columns]
        if len(set(headers)) != len(headers):
            problems.append(f"{where}: 表头重复")
        if s.import_ and not any(c.field == ("id",) for c in columns) and s.record not in ("evaluation",):
            problems.append(f"{where}: 可导入的工作表需要编号栏（field: id）")
        sheets.append(LedgerSheet(s.name, s.record, s.scope, tuple(s.export), s.import_, s.rows, s.id, columns))
    names = [s.name for s in sheets]
    if len(set(names)) != len(names):
        problems.append("sheets: 工作表名重复")
    county = tuple(_column(c, Action, f"county_columns.{j}", problems) for j, c in enumerate(spec.county_columns))
    if problems:
        raise CatalogueError(f"{name}: 台账目录有误：{'；'.join(problems)}")
    return LedgerCatalogue(county, tuple(sheets))


@dataclass(frozen=True, slots=True)
class FieldKind:
    kind: str                      # a column kind (see ledgers.yaml)
    allowed: tuple[str, ...]       # the closed vocabulary, if any
    required: bool


def field_kind(record: str, path: tuple[str, ...]) -> FieldKind | None:
    """How a field of a record kind is written: the ledger column's kind when a sheet has the field,
    else the kind its model type suggests. None when the model has no such field."""
    model = RECORD_MODELS.get(record)
    resolved = _resolve(model, path) if model is not None and path else None
    if resolved is None:
        return None
    leaf = resolved.leaf
    inner = typing.get_args(leaf)[0] if typing.get_origin(leaf) is list else leaf
    for sheet in ledgers().sheets:
        column = next((c for c in sheet.columns if c.field == path), None) if sheet.record == record else None
        if column is not None:
            return FieldKind(column.kind, column.allowed, resolved.required)
    kind = sorted(_natural_kinds(leaf))[0]   # list, enum, date, decimal, int, or id/para/text -> "id"
    return FieldKind("text" if kind == "id" else kind, _literal_values(inner), resolved.required)


def record_fields(record: str) -> tuple[str, ...]:
    """The top-level field names of a record kind, in model order (every union member's)."""
    return tuple(dict.fromkeys(name for m in _members(RECORD_MODELS[record]) for name in m.model_fields))


@cache
def ledgers() -> LedgerCatalogue:
    """The shipped ``report-templates/ledgers.yaml``."""
    return load_ledgers((templates_dir() / LEDGER_FILE).read_text(encoding="utf-8"))


__all__ = ["RECORD_MODELS", "RECORD_WORDS", "FieldKind", "LedgerCatalogue", "LedgerColumn", "LedgerSheet", "field_kind",
           "ledgers", "load_ledgers", "record_fields"]
