"""The records of a repository as they are stored: plain values, with the file and position of each.

Export reads them to fill the ledger rows; import reads them to compare each row with what is
there and to know which file and record an edit goes to. Files are read the way validation reads
them (bounded, never through a link, YAML 1.2 values: dates, exact decimals).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shuili_cli.core.source.layout import discover
from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, parse_bytes, read_bytes

# record kind -> (file role, list key in the file)
RECORD_FILES: dict[str, tuple[str, str]] = {
    "hazard": ("hazards", "hazards"),
    "risk": ("risks", "risk_points"),
    "checklist": ("checklists", "checklists"),
    "evaluation": ("five_s", "evaluations"),
    "action": ("enforcement", "actions"),
}
ROLE_RECORD = {role: kind for kind, (role, _) in RECORD_FILES.items()}


@dataclass(frozen=True, slots=True)
class Stored:
    """One record: its file, its index in the file's list, and its values."""

    rel: str
    index: int
    data: dict[str, Any]


@dataclass(slots=True)
class EnterpriseData:
    id: str
    profile_rel: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    records: dict[str, list[Stored]] = field(default_factory=dict)   # record kind -> records in file order
    files: dict[str, list[str]] = field(default_factory=dict)        # record kind -> its files

    @property
    def name(self) -> str:
        name = self.profile.get("name")
        return name if isinstance(name, str) else self.id


@dataclass(slots=True)
class RepoData:
    root: Path
    enterprises: dict[str, EnterpriseData] = field(default_factory=dict)
    actions: list[Stored] = field(default_factory=list)
    action_files: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)   # files that did not parse (validation says why)


UNREAD = object()
"""What :func:`read_file` gives for a file that cannot be read or parsed (an empty file is None)."""


def read_file(root: Path, rel: str) -> Any:
    """The plain data of one file; :data:`UNREAD` when it cannot be read or parsed."""
    raw, bad = read_bytes(root / rel, rel, DEFAULT_MAX_BYTES)
    if raw is None or bad is not None:
        return UNREAD
    parsed = parse_bytes(raw, rel)
    return UNREAD if parsed.fatal else parsed.data


def _add_list(out: list[Stored], rel: str, data: Any, key: str) -> bool:
    if data is UNREAD:
        return False
    if not isinstance(data, dict):
        return data is None
    items = data.get(key)
    if items is None:
        return True
    if not isinstance(items, list):
        return False
    out.extend(Stored(rel, i, item) for i, item in enumerate(items) if isinstance(item, dict))
    return True


PARALLEL_FROM = 40   # enterprises; fewer are read in this process
CHUNK = 25


def _read_chunk(args: tuple[str, tuple[str, ...]]) -> RepoData:
    return read_repo(Path(args[0]), args[1], actions=False, workers=1)


def read_repo(root: Path, enterprises: Iterable[str] | None = None, *, actions: bool = True,
              workers: int | None = None) -> RepoData:
    """The stored records of ``enterprises`` (every one when None) and, with ``actions``, the bureau's
    actions. Many enterprises are read in worker processes (two by default), chunk by chunk."""
    wanted = None if enterprises is None else set(enterprises)
    found = discover(root)
    ids = sorted(d for d in found.enterprise_dirs if wanted is None or d in wanted)
    n = workers if workers is not None else min(2, os.cpu_count() or 1)
    if n > 1 and len(ids) >= PARALLEL_FROM and os.name == "posix":
        out = read_repo(root, (), actions=actions, workers=1)
        jobs = [(str(root), tuple(ids[i:i + CHUNK])) for i in range(0, len(ids), CHUNK)]
        with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(_read_chunk, jobs):
                out.enterprises.update(part.enterprises)
                out.unreadable += part.unreadable
        return out
    out = RepoData(root)
    for folder in found.enterprise_dirs:
        if wanted is None or folder in wanted:
            out.enterprises[folder] = EnterpriseData(folder)
    for problem in found.findings:   # links, unlistable folders, names that are not UTF-8: never "no records"
        parts = problem.file.split("/")
        if problem.is_error and ((parts[0] == "enterprises" and len(parts) > 2 and parts[1] in out.enterprises)
                                 or (actions and parts[0] == "bureau")):
            out.unreadable.append(problem.file)
    for f in sorted(found.files, key=lambda f: f.rel):
        if f.enterprise is not None and f.enterprise in out.enterprises:
            ent = out.enterprises[f.enterprise]
            data = read_file(root, f.rel)
            if f.role == "enterprise":
                ent.profile_rel = f.rel
                ent.profile = data if isinstance(data, dict) else {}
                if not isinstance(data, dict):
                    out.unreadable.append(f.rel)
                continue
            kind = ROLE_RECORD.get(f.role)
            if kind is None:
                continue
            ent.files.setdefault(kind, []).append(f.rel)
            if not _add_list(ent.records.setdefault(kind, []), f.rel, data, RECORD_FILES[kind][1]):
                out.unreadable.append(f.rel)
        elif f.role == "enforcement" and actions:
            out.action_files.append(f.rel)
            if not _add_list(out.actions, f.rel, read_file(root, f.rel), "actions"):
                out.unreadable.append(f.rel)
    return out


def value_at(record: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at a field path (``("assessment", "L")``), None when absent."""
    value: Any = record
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


__all__ = ["RECORD_FILES", "EnterpriseData", "RepoData", "Stored", "read_file", "read_repo", "value_at"]
