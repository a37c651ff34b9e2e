"""Rich terminal output: tables of figures and of written files."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table

from shuili_cli.core.domain.numbers import fixed_text, signed_text
from shuili_cli.core.outputs.summary import Headline
from shuili_cli.render.safe_text import clean


def _fmt(value: int | Decimal) -> str:
    return fixed_text(value, money=isinstance(value, Decimal))


def _delta(h: Headline) -> str:
    if not h.comparable:
        return "无可比数据"
    d = h.delta
    if d == 0:
        return "持平"
    return signed_text(d, _fmt(d))


def print_report(console: Console, title: str, headlines: Sequence[Headline], written: Sequence[Path]) -> None:
    table = Table(title=title, title_justify="left")
    table.add_column("指标")
    table.add_column("本期", justify="right")
    table.add_column("上期", justify="right")
    table.add_column("增减", justify="right")
    for h in headlines:
        table.add_row(f"{h.label}", _fmt(h.value), _fmt(h.previous) if h.comparable else "—", _delta(h))
    console.print(table)
    if written:
        console.print("已写入：")
        for path in written:
            console.print(f"  {clean(path)}", markup=False, highlight=False, soft_wrap=True)  # a path stays one line
