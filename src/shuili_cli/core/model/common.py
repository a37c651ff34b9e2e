"""Field types shared by every file kind.

Values arrive from :mod:`shuili_cli.core.source.yamlio`: dates as ``date``, decimals
as ``Decimal``, integers as ``int``. The types below accept exactly what a
person may reasonably write and describe themselves in JSON Schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema

from shuili_cli.core.domain.vocab import Color as Color  # re-exported, as are Level and Scale
from shuili_cli.core.domain.vocab import Level as Level
from shuili_cli.core.domain.vocab import Scale as Scale

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class Record(BaseModel):
    """Base of every model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _day(value: Any) -> Any:
    if isinstance(value, str) and _ISO.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _ident(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return str(value)
    return value


@dataclass(frozen=True, slots=True)
class TextForm:
    """How a text field may be written (checked by SL207 and SL208, see ``models/text.py``).

    ``id``: an identifier or a reference to one; ``line``: one line (names, people, phones,
    places, numbers of documents); ``para``: free text that may span lines (descriptions,
    measures, notes).
    """

    kind: Literal["id", "line", "para"]


ID_FORM, LINE_FORM, PARA_FORM = TextForm("id"), TextForm("line"), TextForm("para")


Day = Annotated[
    date,
    BeforeValidator(_day),
    Strict(),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
]
"""An ISO date ``YYYY-MM-DD``."""

Ident = Annotated[
    str,
    BeforeValidator(_ident),
    Field(min_length=1),
    ID_FORM,
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer", "minimum": 1}]}),
]
"""An identifier: text, or a positive integer compared as text."""

Text = Annotated[str, Field(min_length=1, pattern=r"\S"), LINE_FORM]
"""Non-empty text on one line (not only spaces)."""

Para = Annotated[str, Field(min_length=1, pattern=r"\S"), PARA_FORM]
"""Non-empty free text that may span lines (line breaks and tabs allowed)."""

Note = Annotated[str, PARA_FORM]
"""A remark, possibly blank, possibly several lines."""

def _decimal(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


Num = Annotated[Decimal, BeforeValidator(_decimal), Strict(), Field(allow_inf_nan=False)]
"""An exact decimal written as a YAML number (never quoted text, never a float)."""

MAX_MONEY = 100_000_000  # 万元 (a trillion yuan): keeps every sum exact as a JSON number

Money = Annotated[
    Num, Field(ge=0, le=MAX_MONEY, decimal_places=4),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": MAX_MONEY}),
]
"""An amount in 万元, at most 4 decimals, never negative."""


COLORS: tuple[str, ...] = ("红", "橙", "黄", "蓝")
SCALES: tuple[str, ...] = ("规上企业", "中等企业", "小微企业")
LEVELS: tuple[str, ...] = ("市级", "县级", "乡级")


def number_schema(**kw: Any) -> WithJsonSchema:
    """JSON Schema of an exact decimal written as a YAML number."""
    return WithJsonSchema({"type": "number", **kw})


def F(title: str, description: str = "", **kw: Any) -> Any:
    """A field with its Chinese title and description (shown by editors)."""
    return Field(title=title, description=description or title, **kw)
