"""The rule record every check module declares, and the typed interfaces of checks.

A module with checks declares them: ``CHECKS = (FileCheck(RULE, ROLES, check_file),)``
for a per-file check, ``CHECKS = (RepoCheck(RULE, check_repo),)`` for a repository-wide
one; ``rules.file_checks()`` and ``rules.repo_checks()`` return these typed objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shuili_cli.core.findings import Finding, Issue, Severity, YamlPath
from shuili_cli.core.model.text import TextValue, text_values

if TYPE_CHECKING:
    from shuili_cli.core.source.repository import Repository


@dataclass(frozen=True, slots=True)
class Rule:
    """A stable code, its severity and a short Chinese title.

    The module that declares a rule holds its documentation in its docstring,
    including a failing example; ``docs/rules.md`` is generated from it.
    """

    code: str
    name: str
    severity: Severity
    title: str

    def issue(self, file: str, path: YamlPath, message: str, *, at_key: bool = False,
              char: int | None = None) -> Issue:
        return Issue(self.code, self.severity, file, path, message, at_key, char)

    def finding(self, file: str, line: int, column: int, path: str, message: str) -> Finding:
        """A finding already located (by the reader or the folder walk)."""
        return Finding(self.code, self.severity, file, line, column, path, message)


@dataclass(slots=True)
class FileContext:
    """What a per-file check sees: the file, its role, its validated model and plain data."""

    rel: str
    role: str
    model: Any  # the role's model (models.FILE_KINDS[role].model); each check reads its own fields
    data: Any
    today: date | None
    _texts: list[TextValue] | None = field(default=None, repr=False, compare=False)

    def texts(self) -> list[TextValue]:
        """Every text value of the model (ids, single lines, paragraphs), walked once for all the checks."""
        if self._texts is None:
            self._texts = list(text_values(self.model))
        return self._texts


@dataclass(frozen=True, slots=True)
class FileCheck:
    """A check run once per file of ``roles`` (results cached with the file)."""

    rule: Rule
    roles: tuple[str, ...]
    check_file: Callable[[FileContext], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class RepoCheck:
    """A check run over the whole repository's facts.

    ``points`` are the YAML paths its issues may name, as patterns (``"hazards[].grade"``):
    their positions are kept with each parsed file (``core/source/positions.py``), so that an
    issue in an unchanged file is located without parsing it again.
    """

    rule: Rule
    check_repo: Callable[[Repository, date], Iterable[Issue]]
    points: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ModelError:
    """One pydantic validation error, as the rule that phrases it sees it."""

    type: str          # pydantic's error type
    value: Any         # the input that failed
    ctx: Mapping[str, Any]
    msg: str
    name: str          # the field as shown: “key”（title）, or 文件顶层
    source: str | None  # the YAML text of the scalar at the error's path, if it is one
    noncanonical: str | None = None  # the text of a plain number YAML read differently ("010")
    choices: Callable[[], list[str]] = list  # the field's vocabulary, worked out when asked


def shown_field(path: YamlPath, title: str) -> str:
    """The field at ``path`` as messages name it: “key”（title）, or 文件顶层 for the file itself."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    if not key:
        return "文件顶层"
    return f"“{key}”（{title}）" if title and title != key else f"“{key}”"


def describe(value: Any) -> str:
    """What a value is, in a word."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, Decimal, float)):
        return "数字"
    if isinstance(value, date):
        return "日期"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return "文本"
