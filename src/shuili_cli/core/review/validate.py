"""``shuili validate`` as a library call: load, filter, count."""

from __future__ import annotations

import os
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shuili_cli.core.findings import Finding
from shuili_cli.core.source import gitio
from shuili_cli.core.source.layout import SETTINGS_FILE
from shuili_cli.core.source.loader import Progress, load
from shuili_cli.core.source.repository import LoadResult, Repository

CHUNK = 1 << 16


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
             progress: Progress | None = None, changed_since: str | None = None) -> tuple[LoadResult, ValidationResult]:
    """Validate the whole repository; report the findings in ``scopes`` (all when None) and,
    with ``changed_since``, only those :func:`since` keeps."""
    loaded = load(root, today=today, use_cache=use_cache, progress=progress, findings_only=True)
    findings = loaded.findings
    if changed_since is not None:
        findings = since(root, changed_since, findings, today=today, use_cache=use_cache)
    if scopes is not None:
        findings = [f for f in findings if in_scope(f.file, scopes)]
    return loaded, ValidationResult(tuple(findings), loaded.repo.file_count, len(loaded.repo.enterprises),
                                    loaded.seconds)


def since(root: Path, rev: str, findings: list[Finding], *, today: date, use_cache: bool = True) -> list[Finding]:
    """The findings a change since ``rev`` may have caused: every finding that did not exist at
    ``rev`` (wherever it is), and every finding in a file whose bytes differ from ``rev``'s.

    Findings are the same when their :func:`finding_key` is (code, file, YAML path, message:
    no line numbers, which shift with every edit above them). ``rev`` is validated as read
    from git's objects, with the same ``today``.
    """
    with tempfile.TemporaryDirectory(prefix="shuili-since-") as tmp:
        then_root = gitio.export(root, rev, Path(tmp) / "rev")
        then = load_or_empty(then_root, today, export=True, use_cache=use_cache, findings_only=True)
        fresh = set(new_findings(findings, then.findings))
        changed = {rel for rel in {f.file for f in findings} if not same_entry(root / rel, then_root / rel)}
    return [f for f in findings if f in fresh or f.file in changed]


def finding_key(f: Finding) -> tuple[str, str, str, str]:
    """What makes two findings the same problem, wherever its line has moved."""
    return (f.code, f.file, f.path, f.message)


def new_findings(now: Iterable[Finding], before: Iterable[Finding]) -> list[Finding]:
    """The findings of ``now`` that ``before`` did not have; a problem found more often than
    before counts as new each time it is found."""
    was = Counter(finding_key(f) for f in before)
    found = list(now)
    count = Counter(finding_key(f) for f in found)
    return [f for f in found if count[finding_key(f)] > was[finding_key(f)]]


def load_or_empty(root: Path, today: date, *, export: bool, cache_dir: Path | None = None, use_cache: bool = True,
                  findings_only: bool = False) -> LoadResult:
    """Load a work tree or a revision's ``export`` (a temporary folder: no stat index is kept
    for it). A revision from before the data repository existed is an empty repository."""
    if not (root / SETTINGS_FILE).is_file():
        return LoadResult(Repository(root, None), [])
    return load(root, today=today, use_cache=use_cache, cache_dir=cache_dir, findings_only=findings_only,
                stat_index=not export)


def same_entry(a: Path, b: Path) -> bool:
    """Whether two paths hold the same thing, never following a link: both missing, the same
    link target, the same bytes (compared piece by piece), or both folders."""
    try:
        sa: os.stat_result | None = os.lstat(a)
    except OSError:
        sa = None
    try:
        sb: os.stat_result | None = os.lstat(b)
    except OSError:
        sb = None
    if sa is None or sb is None:
        return sa is None and sb is None
    if stat.S_ISLNK(sa.st_mode) and stat.S_ISLNK(sb.st_mode):
        try:
            return os.readlink(a) == os.readlink(b)
        except OSError:
            return False
    if stat.S_ISDIR(sa.st_mode) and stat.S_ISDIR(sb.st_mode):
        return True
    if not (stat.S_ISREG(sa.st_mode) and stat.S_ISREG(sb.st_mode)) or sa.st_size != sb.st_size:
        return False
    return _same_bytes(a, b)


def _same_bytes(a: Path, b: Path) -> bool:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        with os.fdopen(os.open(a, flags), "rb") as fa, os.fdopen(os.open(b, flags), "rb") as fb:
            while True:
                pa, pb = fa.read(CHUNK), fb.read(CHUNK)
                if pa != pb:
                    return False
                if not pa:
                    return True
    except OSError:
        return False  # unreadable: report its findings rather than hide them
