"""Load a whole repository: discover, read, cache, validate in parallel, check.

Parsing dominates the cost (see ``docs/performance.md``), so this module
hashes every file, reuses cached results, and spreads the rest over worker
processes with the garbage collector paused. Workers send back findings and
facts as plain tuples, never model objects.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from shuili_cli.core.figures import facts as factmod
from shuili_cli.core.findings import Finding, Issue, format_path
from shuili_cli.core.model.bureau import Settings
from shuili_cli.core.rules import file_too_large, repo_checks
from shuili_cli.core.source import positions
from shuili_cli.core.source.cache import (
    TABLE_SHAPE,
    WHOLE_SHAPE,
    IndexEntry,
    ResultCache,
    code_salt,
    key_for,
    packed_shape,
)
from shuili_cli.core.source.layout import SETTINGS_FILE, RepoFile, discover, read_settings
from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, FileResult, add_issue, parse_bytes, process, read_bytes
from shuili_cli.core.source.repository import LoadResult, Repository
from shuili_cli.core.source.yamlio import ParsedYaml, decode

Progress = Callable[[int, int], None]
"""Called with (files done, files in all)."""

PARALLEL_MIN_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 2 * 1024 * 1024

class Packed(NamedTuple):
    """One file's result in cacheable form; ``tuple(packed)`` is what marshal stores (cache.packed_shape)."""

    findings: list[tuple[Any, ...]]
    facts: Any  # facts.to_plain(role, ...)
    max_event: str | None  # the newest date in the file: the entry is reused only once that day has come
    complete: bool
    positions: Any  # positions.Table or None: read again only where a repository check found something

    def fresh(self, today: str) -> bool:
        return self.max_event is None or self.max_event <= today



@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: loading makes no cycles worth chasing."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _pack(r: FileResult) -> Packed:
    return Packed([f.to_tuple() for f in r.findings], factmod.to_plain(r.role, r.facts), r.max_event, r.complete,
                  r.positions)


def _unpack(f: RepoFile, packed: Packed) -> FileResult:
    return FileResult(f.rel, f.role, f.enterprise, [Finding.from_tuple(t) for t in packed.findings],
                      factmod.from_plain(f.role, packed.facts), packed.max_event, complete=packed.complete)


_WORKER_ROOT: Path | None = None


def _worker_init(root: str) -> None:
    global _WORKER_ROOT
    _WORKER_ROOT = Path(root)
    gc.disable()


def _work_chunk(args: tuple[list[tuple[str, str, str | None]], date | None, int]) -> list[Packed]:
    jobs, today, max_bytes = args
    assert _WORKER_ROOT is not None
    return [_pack(process(_WORKER_ROOT, rel, role, ent, today=today, max_bytes=max_bytes)) for rel, role, ent in jobs]


def _chunks(jobs: list[tuple[RepoFile, int]]) -> list[list[tuple[RepoFile, int]]]:
    out: list[list[tuple[RepoFile, int]]] = []
    cur: list[tuple[RepoFile, int]] = []
    size = 0
    for job in jobs:
        cur.append(job)
        _, nbytes = job
        size += nbytes
        if size >= CHUNK_BYTES:
            out.append(cur)
            cur, size = [], 0
    if cur:
        out.append(cur)
    return out


def _run_jobs(root: Path, jobs: list[tuple[RepoFile, int]], today: date | None, max_bytes: int,
              workers: int, progress: Progress | None, done: int, total: int) -> Iterator[tuple[RepoFile, Packed]]:
    size = sum(n for _, n in jobs)
    if workers <= 1 or size < PARALLEL_MIN_BYTES:
        for f, _ in jobs:
            yield f, _pack(process(root, f.rel, f.role, f.enterprise, today=today, max_bytes=max_bytes))
            done += 1
            if progress:
                progress(done, total)
        return
    chunks = _chunks(jobs)
    ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                             initargs=(str(root),)) as pool:
        args = [([(f.rel, f.role, f.enterprise) for f, _ in c], today, max_bytes) for c in chunks]
        for chunk, packed in zip(chunks, pool.map(_work_chunk, args), strict=False):
            for (f, _), p in zip(chunk, packed, strict=False):
                yield f, p
            done += len(chunk)
            if progress:
                progress(done, total)


def _settings(root: Path, today: date | None) -> tuple[Settings | None, list[Finding], bytes | None]:
    """The settings, their findings, and the bytes they were read from (read once, bounded, no link)."""
    raw, bad = read_settings(root)
    if raw is None:
        return None, [bad] if bad is not None else [], None
    r = process(root, SETTINGS_FILE, "settings", None, today=today, keep_model=True, raw=raw)
    return (r.model if isinstance(r.model, Settings) else None), r.findings, raw


@dataclass(slots=True)
class _Keys:
    """Pass 1 over the files: their content keys, sizes, and the files that could not be read."""

    keys: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    bad: dict[str, Finding] = field(default_factory=dict)
    index: dict[str, IndexEntry] = field(default_factory=dict)


def _key_files(root: Path, files: list[RepoFile], cache: ResultCache | None, max_bytes: int) -> _Keys:
    """Content keys: from the stat index where a file is unchanged, else by reading and hashing it.

    The size cap is checked from ``stat`` on every run, whether or not the file is read.
    """
    out = _Keys()
    index = cache.load_index() if cache is not None else {}
    for f in files:
        st: os.stat_result | None = None
        if cache is not None:
            try:
                st = os.stat(root / f.rel, follow_symlinks=False)
            except OSError:
                st = None
            if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
                out.bad[f.rel] = file_too_large.finding(f.rel, st.st_size, max_bytes)
                continue
            key = cache.fresh(index.get(f.rel), st) if st is not None and stat.S_ISREG(st.st_mode) else None
            if key is not None:
                entry = index[f.rel]
                size, *_ = entry
                out.keys[f.rel], out.sizes[f.rel], out.index[f.rel] = key, size, entry
                continue
        raw, bad = read_bytes(root / f.rel, f.rel, max_bytes)
        if bad is not None or raw is None:
            if bad is not None:
                out.bad[f.rel] = bad
            continue
        out.sizes[f.rel] = len(raw)
        if cache is not None:
            key = out.keys[f.rel] = key_for(f.role, f.rel, raw)
            if st is not None:
                out.index[f.rel] = cache.index_entry(st, key)
    if cache is not None and out.index != index:
        cache.save_index(out.index)
    return out


def _whole_key(settings_raw: bytes, disc_findings: list[Finding], keys: _Keys, files: list[RepoFile]) -> str | None:
    """One key for the whole repository's findings, when every file has a content key."""
    if keys.bad or any(f.rel not in keys.keys for f in files):
        return None
    h = hashlib.sha1(code_salt())
    h.update(settings_raw)
    for finding in disc_findings:
        h.update(repr(finding.to_tuple()).encode())
    for f in files:
        h.update(f"\0{f.rel}\0{keys.keys[f.rel]}".encode())
    return "repo-" + h.hexdigest()


def load(root: Path, *, today: date, use_cache: bool = True, cache_dir: Path | None = None,
         workers: int | None = None, progress: Progress | None = None, findings_only: bool = False,
         stat_index: bool = True) -> LoadResult:
    """Read and validate the whole repository at ``root``.

    With ``findings_only`` (``shuili validate``) an unchanged repository is answered from one
    cache entry holding all its findings; the returned repository then has no records.
    ``stat_index=False`` (a temporary export, as ``diff`` makes) keeps no stat index for
    ``root``: the cache shares entries but does not grow by one index per run.
    """
    started = time.perf_counter()
    with gc_paused():
        disc = discover(root)
        findings: list[Finding] = list(disc.findings)
        note_findings = _note_findings(root, disc.notes)  # never cached: the notes are not in the keys
        has_settings = any(f.role == "settings" for f in disc.files)
        settings, sfind, settings_raw = _settings(root, today) if has_settings else (None, [], None)
        findings.extend(sfind)
        max_bytes = settings.limits.max_file_mb * 1024 * 1024 if settings else DEFAULT_MAX_BYTES
        repo = Repository(root, settings, notes=dict(disc.notes), file_count=len(disc.files))
        for folder in disc.enterprise_dirs:
            repo.enterprise(folder)
        for role, enterprise in disc.incomplete:
            repo.mark_incomplete(role, enterprise)
        cache = ResultCache.for_repo(root, cache_dir, stat_index=stat_index) if use_cache else None
        files = [f for f in disc.files if f.role != "settings"]
        roles = {f.rel: (f.role, f.enterprise) for f in files}
        keys = _key_files(root, files, cache, max_bytes)
        whole = None
        if cache is not None and settings_raw is not None:
            whole = _whole_key(settings_raw, disc.findings, keys, files)
        if findings_only and whole is not None and cache is not None:
            packed_all = cache.get(whole, WHOLE_SHAPE)
            whole_findings, whole_newest = packed_all if packed_all is not None else ([], None)
            if packed_all is not None and (whole_newest is None or whole_newest <= today.isoformat()):
                found = sorted([Finding.from_tuple(t) for t in whole_findings] + note_findings, key=Finding.sort_key)
                return LoadResult(repo, found, time.perf_counter() - started, len(files), keys.keys, roles)
        store = PositionStore(cache, keys.keys)
        filing = _Filing(repo, files)
        newest: str | None = None
        counted: list[int] = []
        for f, r in _file_results(root, files, keys, cache, today, max_bytes, workers, progress, store, counted):
            findings.extend(r.findings)
            filing.add(f, r)
            if r.max_event is not None and (newest is None or r.max_event > newest):
                newest = r.max_event
        filing.restore_order()
        hits = counted[0] if counted else 0
        findings.extend(locate_all(root, run_repo_checks(repo, today), max_bytes, store))
        findings.sort(key=Finding.sort_key)
        if whole is not None and cache is not None and (newest is None or newest <= today.isoformat()):
            cache.put(whole, ([f.to_tuple() for f in findings], newest))
        if cache is not None:
            cache.prune()
        findings = sorted(findings + note_findings, key=Finding.sort_key)
    return LoadResult(repo, findings, time.perf_counter() - started, hits, keys.keys, roles)


class PositionStore:
    """Where the positions tables of this run's files are: in each file's cache entry (read again
    only for a file a repository check found something in), or in memory for a file whose result
    was not cached (the cache off or failing, or a date still to come)."""

    def __init__(self, cache: ResultCache | None, keys: dict[str, str]) -> None:
        self.cache = cache
        self.keys = keys
        self.memory: dict[str, positions.Table] = {}

    def get(self, rel: str) -> positions.Lookup | None:
        table = self.memory.get(rel)
        key = self.keys.get(rel)
        if table is None and self.cache is not None and key is not None:
            entry = self.cache.get(key)  # its shape was checked when it was read for the result
            if type(entry) is tuple and len(entry) == len(Packed._fields) and TABLE_SHAPE(entry[-1]):
                table = entry[-1]
        return positions.Lookup(table) if table is not None else None


class _Filing:
    """Files each result in the repository as it arrives, so that no file's result is held twice.

    Cached results come first and computed ones later, so a file can arrive after files that
    follow it; the records of the enterprises (or the bureau) where that happened are put back
    in file order at the end, so that the repository never depends on what the cache held.
    """

    def __init__(self, repo: Repository, files: list[RepoFile]) -> None:
        self.repo = repo
        self.rank = {f.rel: i for i, f in enumerate(files)}
        self.last: dict[str | None, int] = {}
        self.disordered: set[str | None] = set()

    def add(self, f: RepoFile, r: FileResult) -> None:
        rank = self.rank[f.rel]
        if rank < self.last.get(f.enterprise, -1):
            self.disordered.add(f.enterprise)
        self.last[f.enterprise] = max(rank, self.last.get(f.enterprise, -1))
        self.repo.add(f.role, f.rel, f.enterprise, r.facts)
        if not r.complete:
            self.repo.mark_incomplete(f.role, f.enterprise)

    def restore_order(self) -> None:
        rank = self.rank
        by_file: Callable[[Any], int] = lambda record: rank[record.file]  # noqa: E731
        for folder in self.disordered:
            if folder is None:
                for records in (self.repo.documents, self.repo.ratings, self.repo.actions):
                    records.sort(key=by_file)  # stable: a file's records keep their order
                continue
            ent = self.repo.enterprises[folder]
            ent.files.sort(key=rank.__getitem__)
            for facts in (ent.risks, ent.hazards, ent.evaluations):
                facts.sort(key=by_file)


def _file_results(root: Path, files: list[RepoFile], keys: _Keys, cache: ResultCache | None, today: date,
                  max_bytes: int, workers: int | None, progress: Progress | None,
                  store: PositionStore, hits: list[int]) -> Iterator[tuple[RepoFile, FileResult]]:
    """Pass 2: every file's result as it comes, from the cache or computed (in parallel when large).

    Cached results are yielded in file order, then the computed ones; ``hits`` receives the
    number of cache hits before the first computed result.
    """
    misses: list[tuple[RepoFile, int]] = []
    fresh_enough = today.isoformat()
    served = 0
    for f in files:
        bad = keys.bad.get(f.rel)
        if bad is not None or f.rel not in keys.sizes:
            yield f, FileResult(f.rel, f.role, f.enterprise, [bad] if bad else [], complete=False)
            continue
        key = keys.keys.get(f.rel)
        entry = cache.get(key, packed_shape(f.role)) if cache is not None and key is not None else None
        packed = Packed._make(entry) if entry is not None else None
        if packed is not None and packed.fresh(fresh_enough):
            served += 1
            yield f, _unpack(f, packed)
        else:
            misses.append((f, keys.sizes[f.rel]))
    hits.append(served)
    n_workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    for f, packed in _run_jobs(root, misses, today, max_bytes, n_workers, progress, served, len(files)):
        key = keys.keys.get(f.rel)
        if cache is not None and key is not None and packed.fresh(fresh_enough):
            cache.put(key, tuple(packed))
        if packed.positions is not None and (cache is None or not cache.enabled or not packed.fresh(fresh_enough)):
            store.memory[f.rel] = packed.positions
        yield f, _unpack(f, packed)


def _note_findings(root: Path, notes: dict[str, str]) -> list[Finding]:
    """The bureau's notes are merged into documents: they must be readable UTF-8 too."""
    out = []
    for rel in notes.values():
        raw, bad = read_bytes(root / rel, rel, DEFAULT_MAX_BYTES)
        if bad is None and raw is not None:
            _, bad = decode(raw, rel)
        if bad is not None:
            out.append(bad)
    return out


def run_repo_checks(repo: Repository, today: date) -> Iterable[Issue]:
    for check in repo_checks():
        yield from check.check_repo(repo, today)


def locate_all(root: Path, issues: Iterable[Issue], max_bytes: int, store: PositionStore | None = None) -> list[Finding]:
    """Give repository-level issues their positions, each file listing at most ``MAX_FINDINGS``
    (errors first). A file's positions table (``positions.py``) answers where it can; otherwise
    the file is parsed, once and one at a time (so at most one node tree is held)."""
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        by_file.setdefault(issue.file, []).append(issue)
    out: list[Finding] = []
    for rel, group in by_file.items():
        located = _from_table(rel, group, store.get(rel)) if store is not None else None
        if located is not None:
            out.extend(located)
            continue
        raw, _ = read_bytes(root / rel, rel, max_bytes)
        parsed = parse_bytes(raw, rel) if raw is not None else ParsedYaml()
        sink = ParsedYaml(root=parsed.root, text=parsed.text, index=parsed.index)  # without the file's own findings
        for issue in group:
            add_issue(sink, issue)
        out.extend(sink.listed(rel))
    return out


def _from_table(rel: str, group: list[Issue], lookup: positions.Lookup | None) -> list[Finding] | None:
    """The group's findings located from the table, or None when any of them needs the file parsed."""
    if lookup is None:
        return None
    sink = ParsedYaml()
    for issue in group:
        at = lookup.position(issue)
        if at is None:
            return None
        sink.add(Finding(issue.code, issue.severity, issue.file, at[0], at[1], format_path(issue.path), issue.message))
    return sink.listed(rel, lookup.last_line)
