"""Every rule has failing and passing cases: small repositories beside their expected diagnostics.

Each folder under ``tests/cases/`` is a data repository plus ``expected.txt``, one
line per diagnostic: ``CODE file:line`` (or ``CODE file:line:column``), optionally followed by
`` | `` and the exact message. An empty ``expected.txt`` means the repository must validate
without any finding.

The Chinese typist's corpus (issue 10, items 1-8) is the set of cases in ``TYPIST_CORPUS``: one
folder per mistake a Chinese input method, Excel or a template makes, each with its messages.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shuili_cli.core.rules import rule_modules
from shuili_cli.core.source.loader import load

CASES = Path(__file__).parent / "cases"
TODAY = date(2024, 1, 15)


MESSAGE = " | "


def _strip_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a message may itself contain ``#``)."""
    if line.lstrip().startswith("#"):
        return ""
    head, sep, message = line.partition(MESSAGE)
    return (head.split("#", 1)[0].strip() + sep + message).strip() if sep else line.split("#", 1)[0].strip()


def _expected(case: Path) -> list[str]:
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return sorted(kept for kept in map(_strip_comment, lines) if kept)


def _actual(case: Path, expected: list[str]) -> list[str]:
    result = load(case, today=TODAY, use_cache=False)
    located = [e.partition(MESSAGE)[0] for e in expected]
    with_col = any(e.count(":") == 2 for e in located)
    with_message = {e.partition(MESSAGE)[0] for e in expected if MESSAGE in e}
    out = []
    for f in result.findings:
        loc = f"{f.file}:{f.line}:{f.column}" if with_col else f"{f.file}:{f.line}"
        line = f"{f.code} {loc}"
        out.append(f"{line}{MESSAGE}{f.message}" if line in with_message else line)
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


TYPIST_CORPUS: dict[str, tuple[str, ...]] = {
    "1 full-width punctuation": ("SL001-fullwidth-colon", "SL001-no-space-after-colon",
                                 "SL202-fullwidth-space-before-key", "SL001-fullwidth-space-after-colon",
                                 "SL202-fullwidth-colon-in-flow-mapping", "SL204-fullwidth-brackets"),
    "2 reserved first characters": ("SL001-value-starts-with-at", "SL001-value-starts-with-star"),
    "3 text cut by #": ("SL011-text-cut-by-hash",),
    "4 Chinese quotes and invisible spaces": ("SL209-chinese-quotes-and-nbsp", "SL203-invisible-space",
                                              "SL209-passing-inner-quotes"),
    "5 hints keep the meaning": ("SL203-meaning-kept", "SL203-enumeration-comma", "SL302-fullwidth-comma-in-hazard-list"),
    "6 Excel leftovers": ("SL204-excel-dates",),
    "7 placeholders": ("SL604-placeholders", "SL604-made-up-numbers"),
    "8 Chinese keys and wrong names": ("SL202-chinese-key", "SL101-misnamed-and-copies", "SL101-five_s-folder",
                                       "SL001-chinese-key-fullwidth-colon"),
}
"""Issue 10, items 1-8: the mistakes of someone typing with a Chinese input method, one folder each."""


@pytest.mark.parametrize("item", list(TYPIST_CORPUS))
def test_the_typists_corpus_pins_every_message(item: str) -> None:
    for name in TYPIST_CORPUS[item]:
        expected = _expected(CASES / name)
        assert all(MESSAGE in line for line in expected), f"{name}: every expected finding carries its message"
    assert any(_expected(CASES / name) for name in TYPIST_CORPUS[item]), f"item {item}: no failing case"
