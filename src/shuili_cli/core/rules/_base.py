"""The rule record every check module declares."""

from __future__ import annotations

from dataclasses import dataclass

from shuili_cli.core.findings import Issue, Severity, YamlPath


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

    def issue(self, file: str, path: YamlPath, message: str, *, at_key: bool = False) -> Issue:
        return Issue(self.code, self.severity, file, path, message, at_key)
