"""Ledger workbooks on the benchmark repository: export, import, and the round trip (issue 9).

- `shuili export --all --county`: every enterprise's workbook and the county's;
- `shuili import` of the county workbook and of ROUND_TRIP_BOOKS enterprise workbooks, unchanged:
  afterwards every file of the repository must have the bytes it had before;
- `shuili import` of one enterprise workbook with one cell changed (that hazard's 整改措施): exactly
  one line of one file changes; the file is restored afterwards.
Times are compared with the cold `validate` of the same run by bench/run.py.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROUND_TRIP_BOOKS = 20
AS_OF = "2023-12-31"


@dataclass
class LedgerRuns:
    export: object                  # RunResult of bench/run.py
    import_county: object
    import_books: list[object]
    import_changed: object | None
    unchanged_after_round_trip: bool
    changed_lines: int              # lines that differ after the one-cell import (expected: 1)
    books: int


def _digest(repo: Path) -> dict[str, str]:
    return {str(p.relative_to(repo)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("enterprises", "bureau") for p in sorted((repo / folder).rglob("*")) if p.is_file()}


def _change_one_cell(book: Path) -> str | None:
    """Set 整改措施 of the first hazard row; the hazard's id, or None when the sheet has no rows."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb["隐患清单"]
    headers = [str(c.value or "").lstrip("*") for c in ws[1]]
    if ws.max_row < 2 or ws.cell(row=2, column=1).value is None:
        return None
    ws.cell(row=2, column=headers.index("整改措施") + 1).value = "基准测试：改动一个单元格"
    wb.save(book)
    return str(ws.cell(row=2, column=headers.index("隐患编号") + 1).value)


def measure_ledgers(shuili: Path, repo: Path, workdir: Path, run_timed: Callable[..., object],
                    step: Callable[[str], None]) -> LedgerRuns:
    out = Path(tempfile.mkdtemp(prefix="ledgers-", dir=workdir))
    try:
        before = _digest(repo)
        step("export --all --county")
        export = run_timed("export --all --county", [str(shuili), "export", "--all", "--county", "--as-of", AS_OF,
                                                     "--repo", str(repo), "--out", str(out)])
        county = next(out.glob("*-台账汇总-*.xlsx"), None)
        books = sorted(p for p in out.glob("*.xlsx") if p != county)
        step("import (county workbook, unchanged)")
        import_county = run_timed("import county workbook", [str(shuili), "import", str(county or out / "missing.xlsx"),
                                                             "--repo", str(repo)])
        step(f"import ({ROUND_TRIP_BOOKS} enterprise workbooks, unchanged)")
        import_books = [run_timed(f"import {b.name}", [str(shuili), "import", str(b), "--repo", str(repo)])
                        for b in books[:ROUND_TRIP_BOOKS]]
        unchanged = _digest(repo) == before
        changed_run, changed_lines = None, -1
        if books:
            step("import (one cell changed)")
            target = books[0]
            hazard = _change_one_cell(target)
            if hazard is not None:
                originals = {p: p.read_bytes() for p in (repo / "enterprises").rglob("*.yaml")
                             if hazard.encode() in p.read_bytes()}
                changed_run = run_timed("import one changed cell", [str(shuili), "import", str(target),
                                                                    "--repo", str(repo)])
                changed_lines = 0
                for path, data in originals.items():
                    old, new = data.decode().splitlines(), path.read_text(encoding="utf-8").splitlines()
                    changed_lines += sum(1 for a, b in zip(old, new, strict=False) if a != b) + abs(len(old) - len(new))
                    path.write_bytes(data)
        return LedgerRuns(export, import_county, import_books, changed_run, unchanged, changed_lines, len(books))
    finally:
        shutil.rmtree(out, ignore_errors=True)


__all__ = ["LedgerRuns", "measure_ledgers"]
