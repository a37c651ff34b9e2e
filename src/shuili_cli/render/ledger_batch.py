"""Exporting many enterprises' ledgers in worker processes.

Each worker reads the records of a chunk of enterprises once, builds their workbooks and their
rows of the county workbook, and returns bytes and rows: the parent never parses the whole
repository itself. Chunks are taken in id order and returned in order, so the output does not
depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shuili_cli.core.ledger.export import CountyPart, county_part, enterprise_book
from shuili_cli.core.ledger.stored import RepoData, read_repo
from shuili_cli.render.ledger_xlsx import build_ledger_workbook

CHUNK = 25            # enterprises per task
PARALLEL_FROM = 40    # fewer enterprises than this are exported in this process


@dataclass(frozen=True, slots=True)
class ChunkResult:
    workbooks: tuple[tuple[str, str, bytes], ...]    # (id, name, xlsx bytes) for the enterprises asked for
    county: CountyPart | None
    names: tuple[tuple[str, str], ...]               # (id, name) of every enterprise in the chunk
    unreadable: tuple[str, ...]


_BUREAU: RepoData | None = None
"""The bureau's actions, read once by the parent; forked workers inherit them (the 执法激励约束 sheet
of each enterprise's workbook lists its actions)."""


def _chunk(args: tuple[str, tuple[str, ...], date, str, frozenset[str], bool]) -> ChunkResult:
    root, ids, as_of, unit, books, county = args
    data = read_repo(Path(root), ids, actions=False)
    data.actions = list(_BUREAU.actions) if _BUREAU is not None else []
    workbooks = tuple((i, data.enterprises[i].name, build_ledger_workbook(enterprise_book(data, data.enterprises[i],
                                                                                          as_of, unit)))
                      for i in ids if i in books and i in data.enterprises)
    return ChunkResult(workbooks, county_part(data, as_of) if county else None,
                       tuple((i, e.name) for i, e in data.enterprises.items()), tuple(data.unreadable))


def export_chunks(root: Path, ids: Sequence[str], bureau: RepoData, as_of: date, unit: str, *,
                  books: frozenset[str], county: bool, workers: int | None = None) -> Iterator[ChunkResult]:
    """Results per chunk of ``ids``, in order: the workbooks of the enterprises in ``books`` and, with
    ``county``, every one's county rows; in worker processes when there are many enterprises."""
    global _BUREAU
    _BUREAU = bureau
    chunks = [tuple(ids[i:i + CHUNK]) for i in range(0, len(ids), CHUNK)]
    jobs = [(str(root), c, as_of, unit, books, county) for c in chunks]
    n = workers if workers is not None else min(2, os.cpu_count() or 1)
    if n <= 1 or len(ids) < PARALLEL_FROM or os.name != "posix":
        yield from map(_chunk, jobs)
        return
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_chunk, jobs)


__all__ = ["ChunkResult", "export_chunks"]
