"""Conditionally required fields, declared once.

Each entry reads "when field X has value V (or, with V = None, is filled in), fields Y are required".
The models' JSON Schema ``allOf``/``oneOf`` blocks are generated from these tables
(:func:`schema_extra`), and the rules SL201 ``missing-field`` and SL206 ``conflicting-fields`` check
records against the same tables (:func:`unmet`, :func:`given`), so the schema and the
validator cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from shuili_cli.core.domain.vocab import SUPERVISORY, WORKSHOP


@dataclass(frozen=True, slots=True)
class Required:
    """When ``when`` equals ``value`` (``value`` None: when ``when`` is filled in), ``then`` is required.

    ``needs`` are required too, but as a prerequisite: leaving one out is a contradiction (SL206)
    rather than a missing field (SL201). ``otherwise_null`` must stay empty when the condition
    does not hold (the schema's ``else``; SL206).
    """

    when: str
    value: str | None
    then: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    otherwise_null: tuple[str, ...] = ()

    def holds(self, record: Any) -> bool:
        got = getattr(record, self.when)
        return got is not None if self.value is None else bool(got == self.value)

    def schema(self) -> dict[str, Any]:
        test: dict[str, Any] = {"type": "string"} if self.value is None else {"const": self.value}
        block: dict[str, Any] = {
            "if": {"properties": {self.when: test}, "required": [self.when]},
            "then": {"required": [*self.then, *self.needs]},
        }
        if self.otherwise_null:
            block["else"] = {"properties": {f: {"type": "null"} for f in self.otherwise_null}}
        return block


@dataclass(frozen=True, slots=True)
class Conditions:
    """The conditional requirements of one record type."""

    required: tuple[Required, ...] = ()
    exactly_one: tuple[str, ...] = ()
    """Exactly one of these fields is given (none: SL201; more than one: SL206)."""


CHECKLIST: Final = Conditions(required=(
    Required("level", WORKSHOP, then=("department",)),
    Required("level", "岗位", then=("post",)),
))
HAZARD: Final = Conditions(required=(
    Required("source", SUPERVISORY, then=("inspection",), otherwise_null=("inspection",)),
    Required("rectified_on", None, then=("measures",)),
    Required("verified_on", None, then=("verified_by",), needs=("rectified_on",)),
))
EVALUATION: Final = Conditions(exactly_one=("scores", "total"))

BY_MODEL: Final[dict[str, Conditions]] = {"Checklist": CHECKLIST, "Hazard": HAZARD, "Evaluation": EVALUATION}
"""Every table, by model class name (the models set ``json_schema_extra`` from theirs)."""


def schema_extra(conditions: Conditions) -> dict[str, Any]:
    """The JSON Schema keywords a model adds for its conditions."""
    extra: dict[str, Any] = {}
    if conditions.required:
        extra["allOf"] = [r.schema() for r in conditions.required]
    if conditions.exactly_one:
        extra["oneOf"] = [{"required": [f]} for f in conditions.exactly_one]
    return extra


@dataclass(frozen=True, slots=True)
class Unmet:
    """One field a record lacks (or, for ``otherwise_null``, should not have) under a condition."""

    condition: Required
    field: str
    kind: str
    """``then`` (missing, SL201), ``needs`` (missing prerequisite, SL206) or ``otherwise_null`` (SL206)."""


def unmet(conditions: Conditions, record: Any) -> Iterator[Unmet]:
    """The conditional requirements RECORD breaks, in table order."""
    for c in conditions.required:
        if c.holds(record):
            for kind, fields in (("then", c.then), ("needs", c.needs)):
                for f in fields:
                    if getattr(record, f) is None:
                        yield Unmet(c, f, kind)
        else:
            for f in c.otherwise_null:
                if getattr(record, f) is not None:
                    yield Unmet(c, f, "otherwise_null")


def given(conditions: Conditions, record: Any) -> list[str]:
    """Which of the ``exactly_one`` fields RECORD gives."""
    return [f for f in conditions.exactly_one if getattr(record, f) is not None]
