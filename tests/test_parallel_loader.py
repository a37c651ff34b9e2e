"""The parallel loader path (worker processes, chunks) gives exactly what the serial path gives.

``load`` spreads files over worker processes only above ``PARALLEL_MIN_BYTES``; the demo
repository is far smaller, so the thresholds are lowered here to force the pool and many chunks.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest

from shuili_cli.core.figures.figures import Period, compute
from shuili_cli.core.source import loader
from shuili_cli.core.source.loader import load
from shuili_cli.core.source.pipeline import process
from shuili_cli.core.source.repository import LoadResult

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2024, 1, 15)
PERIODS = (Period(2023, 5), Period(2023, 12, ytd=True))
# two broken files so that findings from workers are compared too, not only clean results
BROKEN = {
    "enterprises/baishui-reservoir/hazards/2022.yaml": """\
hazards:
  - {id: P-1, found_on: 2022-05-04, source: 自查, description: 钢丝绳断丝, grade: 一般, responsible: 陈, deadline: 2022-05-01}
""",
    "enterprises/hengkou-hydro/hazards/2022.yaml": """\
hazards:
  - {id: P-2, found_on: 2022-06-01, source: 自查, description: 护栏缺失, grade: 一般, responsible: 林, deadlin: 2022-06-30}
""",
}


class _CountingPool(ProcessPoolExecutor):
    """ProcessPoolExecutor that records how many chunks each ``map`` was given."""

    chunks: ClassVar[list[int]] = []

    def map(self, fn: Any, *iterables: Any, **kw: Any) -> Any:  # type: ignore[override]
        args = list(iterables[0])
        _CountingPool.chunks.append(len(args))
        return super().map(fn, args, **kw)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    repo = tmp_path / "demo"
    shutil.copytree(ROOT / "data-template", repo)
    for rel, text in BROKEN.items():
        (repo / rel).write_text(text, encoding="utf-8")
    return repo


def _load(repo: Path, workers: int, progress: list[tuple[int, int]]) -> LoadResult:
    return load(repo, today=TODAY, use_cache=False, workers=workers, progress=lambda d, t: progress.append((d, t)))


def test_workers_give_the_same_findings_and_figures(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(_CountingPool, "chunks", [])
    serial_progress: list[tuple[int, int]] = []
    serial = _load(demo, 1, serial_progress)
    assert _CountingPool.chunks == []  # one worker never starts a pool

    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(loader, "CHUNK_BYTES", 4096)  # several files per chunk, many chunks
    parallel_progress: list[tuple[int, int]] = []
    parallel = _load(demo, 2, parallel_progress)

    files = serial_progress[-1][1]
    assert files > 40
    assert len(_CountingPool.chunks) == 1 and 3 < _CountingPool.chunks[0] < files  # the pool ran, in chunks
    assert parallel.findings == serial.findings
    assert sorted({(f.code, f.file) for f in parallel.findings}) == [
        ("SL201", "enterprises/hengkou-hydro/hazards/2022.yaml"),
        ("SL202", "enterprises/hengkou-hydro/hazards/2022.yaml"),
        ("SL401", "enterprises/baishui-reservoir/hazards/2022.yaml"),
        ("SL602", "enterprises/xiaban-water/enterprise.yaml"),  # the demo's own warning as of TODAY
    ]
    for period in PERIODS:
        a, b = compute(serial.repo, period), compute(parallel.repo, period)
        assert a.values == b.values
        assert a.contributions == b.contributions
        assert any(a.values.values())  # the demo counts something in each period
    # progress reaches every file in both paths; the parallel path reports once per chunk
    assert serial_progress[-1] == parallel_progress[-1] == (files, files)
    assert len(parallel_progress) == _CountingPool.chunks[0] < len(serial_progress)


def test_small_repository_stays_in_process(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below PARALLEL_MIN_BYTES starting processes would cost more than it saves."""
    monkeypatch.setattr(loader, "ProcessPoolExecutor", _CountingPool)
    monkeypatch.setattr(_CountingPool, "chunks", [])
    assert sum(p.stat().st_size for p in demo.rglob("*.yaml")) < loader.PARALLEL_MIN_BYTES
    load(demo, today=TODAY, use_cache=False, workers=2)
    assert _CountingPool.chunks == []


def test_work_chunk_packs_what_process_returns(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker function itself, run in this process so that its lines are measured."""
    monkeypatch.setattr(loader, "_WORKER_ROOT", demo)
    jobs = [(rel, "hazards", rel.split("/")[1]) for rel in sorted(BROKEN)]
    packed = loader._work_chunk((jobs, TODAY, 1 << 20))
    assert packed == [loader._pack(process(demo, rel, role, ent, today=TODAY, max_bytes=1 << 20)) for rel, role, ent in jobs]
    assert [[t[0] for t in p[0]] for p in packed] == [["SL401"], ["SL201", "SL202"]]
    # the positions of the fields repository checks point at travel with the result
    assert all(p.positions is not None and "hazards[].grade" in p.positions[1] for p in packed)
