"""Every rule has failing and passing cases: small repositories beside their expected diagnostics.

Each folder under ``tests/cases/`` is a data repository plus ``expected.txt``, one
line per diagnostic: ``CODE file:line`` (or ``CODE file:line:column``). An empty
``expected.txt`` means the repository must validate without any finding.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shuili_cli.core.rules import rule_modules
from shuili_cli.core.source.loader import load

CASES = Path(__file__).parent / "cases"
TODAY = date(2024, 1, 15)


def _expected(case: Path) -> list[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip())


def _actual(case: Path, expected: list[str]) -> list[str]:
    result = load(case, today=TODAY, use_cache=False)
    with_col = any(e.count(":") == 2 for e in expected)
    out = []
    for f in result.findings:
        loc = f"{f.file}:{f.line}:{f.column}" if with_col else f"{f.file}:{f.line}"
        out.append(f"{f.code} {loc}")
    return sorted(out)


ALL_CASES = sorted(p for p in CASES.iterdir() if (p / "expected.txt").is_file()) if CASES.is_dir() else []


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.name for c in ALL_CASES])
def test_case(case: Path) -> None:
    expected = _expected(case)
    assert _actual(case, expected) == expected


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    names = [c.name for c in ALL_CASES]
    for mod in rule_modules():
        code = mod.RULE.code
        if code in ("SL006", "SL014"):  # made on the fly: a >10 MB file (test_hostile.py), a FIFO (test_loader.py)
            continue
        failing = [n for n in names if n.startswith(code) and _expected(CASES / n)]
        assert failing, f"no failing case for {code}"
    assert any(not _expected(CASES / n) for n in names), "no passing case"
