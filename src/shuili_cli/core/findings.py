"""Findings: what validation reports, as plain frozen records."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Union

PathPart = Union[str, int]
YamlPath = tuple[PathPart, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the data, located at ``file:line:column`` (1-based)."""

    code: str
    severity: Severity
    file: str
    line: int
    column: int
    path: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def to_tuple(self) -> tuple[str, str, str, int, int, str, str]:
        return (self.code, self.severity.value, self.file, self.line, self.column, self.path, self.message)

    @classmethod
    def from_tuple(cls, t: tuple[str, str, str, int, int, str, str] | list[object]) -> Finding:
        code, sev, file, line, col, path, msg = t
        return cls(str(code), Severity(sev), str(file), int(line), int(col), str(path), str(msg))  # type: ignore[call-overload]


def format_path(path: YamlPath) -> str:
    """Render a YAML path as ``hazards[3].deadline`` (indices 0-based)."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + part)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding before it has a position: raised by checks, located afterwards."""

    code: str
    severity: Severity
    file: str
    path: YamlPath
    message: str
    at_key: bool = False
    char: int | None = None  # the character of a one-line scalar the finding is about (0: its first)
