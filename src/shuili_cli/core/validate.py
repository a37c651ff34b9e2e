"""``shuili validate`` as a library call: load, filter, count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shuili_cli.core.findings import Finding
from shuili_cli.core.loader import Progress, load
from shuili_cli.core.repository import LoadResult


@dataclass(frozen=True, slots=True)
class ValidationResult:
    findings: tuple[Finding, ...]
    files: int
    enterprises: int
    seconds: float

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def ok(self, strict: bool = False) -> bool:
        return self.errors == 0 and not (strict and self.warnings)


def in_scope(rel: str, scopes: Sequence[str]) -> bool:
    """Whether a repository-relative file lies in one of ``scopes`` (files or folders)."""
    return any(rel == s or rel.startswith(s.rstrip("/") + "/") or s in ("", ".") for s in scopes)


def validate(root: Path, *, today: date, scopes: Sequence[str] | None = None, use_cache: bool = True,
             progress: Progress | None = None) -> tuple[LoadResult, ValidationResult]:
    loaded = load(root, today=today, use_cache=use_cache, progress=progress, findings_only=True)
    findings = loaded.findings
    if scopes is not None:
        findings = [f for f in findings if in_scope(f.file, scopes)]
    return loaded, ValidationResult(tuple(findings), loaded.repo.file_count, len(loaded.repo.enterprises),
                                    loaded.seconds)
