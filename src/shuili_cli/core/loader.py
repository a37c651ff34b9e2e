"""Load a whole repository: discover, read, cache, validate in parallel, check.

Parsing dominates the cost (see ``docs/performance.md``), so this module
hashes every file, reuses cached results, and spreads the rest over worker
processes with the garbage collector paused. Workers send back findings and
facts as plain tuples, never model objects.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from shuili_cli.core import facts as factmod
from shuili_cli.core.cache import ResultCache, key_for
from shuili_cli.core.findings import Finding, Issue
from shuili_cli.core.layout import RepoFile, discover
from shuili_cli.core.models.bureau import Settings
from shuili_cli.core.pipeline import DEFAULT_MAX_BYTES, FileResult, locate_issue, parse_bytes, process, read_bytes
from shuili_cli.core.repository import LoadResult, Repository
from shuili_cli.core.rules import repo_checks

Progress = Callable[[int, int], None]
"""Called with (files done, files in all)."""

PARALLEL_MIN_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 2 * 1024 * 1024

Packed = tuple[list[tuple[Any, ...]], Any, "str | None", bool]
PACKED_SIZE = 4


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
    return ([f.to_tuple() for f in r.findings], factmod.to_plain(r.role, r.facts), r.max_event, r.complete)


def _unpack(f: RepoFile, packed: Packed) -> FileResult:
    findings, plain, max_event, complete = packed
    return FileResult(f.rel, f.role, f.enterprise, [Finding.from_tuple(t) for t in findings],
                      factmod.from_plain(f.role, plain), max_event, complete=complete)


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
        size += job[1]
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


def _settings(root: Path, today: date | None) -> tuple[Settings | None, list[Finding]]:
    r = process(root, "shuili.yaml", "settings", None, today=today, keep_model=True)
    return (r.model if isinstance(r.model, Settings) else None), r.findings


def load(root: Path, *, today: date, use_cache: bool = True, cache_dir: Path | None = None,
         workers: int | None = None, progress: Progress | None = None) -> LoadResult:
    """Read and validate the whole repository at ``root``."""
    started = time.perf_counter()
    with gc_paused():
        disc = discover(root)
        findings: list[Finding] = list(disc.findings)
        settings, sfind = _settings(root, today) if any(f.role == "settings" for f in disc.files) else (None, [])
        findings.extend(sfind)
        max_bytes = settings.limits.max_file_mb * 1024 * 1024 if settings else DEFAULT_MAX_BYTES
        repo = Repository(root, settings, notes=dict(disc.notes))
        for folder in disc.enterprise_dirs:
            repo.enterprise(folder)
        cache = ResultCache.for_repo(root, cache_dir) if use_cache else None
        files = [f for f in disc.files if f.role != "settings"]
        repo.file_count = len(disc.files)
        results: dict[str, FileResult] = {}
        misses: list[tuple[RepoFile, int]] = []
        keys: dict[str, str] = {}
        hits = 0
        index = cache.load_index() if cache is not None else {}
        new_index: dict[str, tuple[int, int, int, str]] = {}
        for f in files:
            if cache is not None:
                try:
                    st = os.stat(root / f.rel, follow_symlinks=False)
                except OSError:
                    st = None
                key = cache.fresh(index.get(f.rel), st) if st is not None else None
                if key is not None:
                    packed = cache.get(key, PACKED_SIZE)
                    if packed is not None and (packed[2] is None or packed[2] <= today.isoformat()):
                        results[f.rel] = _unpack(f, packed)
                        keys[f.rel] = key
                        new_index[f.rel] = index[f.rel]
                        hits += 1
                        continue
            raw, bad = read_bytes(root / f.rel, f.rel, max_bytes)
            if bad is not None or raw is None:
                results[f.rel] = FileResult(f.rel, f.role, f.enterprise, [bad] if bad else [], complete=False)
                continue
            if cache is not None:
                key = keys[f.rel] = key_for(f.role, f.rel, raw)
                if st is not None:
                    new_index[f.rel] = (st.st_size, st.st_mtime_ns, st.st_ino, key)
                packed = cache.get(key, PACKED_SIZE)
                if packed is not None and (packed[2] is None or packed[2] <= today.isoformat()):
                    results[f.rel] = _unpack(f, packed)
                    hits += 1
                    continue
            misses.append((f, len(raw)))
        n_workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        for f, packed in _run_jobs(root, misses, today, max_bytes, n_workers, progress, hits, len(files)):
            results[f.rel] = _unpack(f, packed)
            if cache is not None and (packed[2] is None or packed[2] <= today.isoformat()):
                cache.put(keys[f.rel], packed)
        if cache is not None and new_index != index:
            cache.save_index(new_index)
        for f in files:
            r = results[f.rel]
            findings.extend(r.findings)
            repo.add(f.role, f.rel, f.enterprise, r.facts)
            if not r.complete:
                repo.mark_incomplete(f.role, f.enterprise)
        findings.extend(locate_all(root, run_repo_checks(repo, today), max_bytes))
    findings.sort(key=Finding.sort_key)
    roles = {f.rel: (f.role, f.enterprise) for f in files}
    return LoadResult(repo, findings, time.perf_counter() - started, hits, keys, roles)


def run_repo_checks(repo: Repository, today: date) -> Iterable[Issue]:
    for check in repo_checks():
        yield from check.check_repo(repo, today)


def locate_all(root: Path, issues: Iterable[Issue], max_bytes: int) -> list[Finding]:
    """Give repository-level issues their positions, parsing each file once."""
    parsed: dict[str, Any] = {}
    out: list[Finding] = []
    for issue in issues:
        if issue.file not in parsed:
            raw, _ = read_bytes(root / issue.file, issue.file, max_bytes)
            parsed[issue.file] = parse_bytes(raw, issue.file) if raw is not None else None
        p = parsed[issue.file]
        if p is None:
            out.append(Finding(issue.code, issue.severity, issue.file, 1, 1, "", issue.message))
        else:
            out.append(locate_issue(p, issue))
    return out
