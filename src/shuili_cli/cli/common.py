"""What every command shares: the repository, "today", usage errors, progress."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageProblem(Exception):
    """Bad arguments or environment: printed in Chinese, exit code 2."""


RepoOption = Annotated[
    Optional[Path], typer.Option("--repo", help="数据仓库目录（默认：向上查找 shuili.yaml）。", show_default=False)
]
MonthOption = Annotated[
    Optional[str], typer.Option("--month", metavar="YYYY-MM", help="报表月份（默认：上个月）。", show_default=False)
]


def check_format(fmt: str, formats: tuple[str, ...]) -> None:
    if fmt not in formats:
        raise UsageProblem(f"--format 的值“{fmt}”无效；可选：{'、'.join(formats)}")


@dataclass(slots=True)
class Globals:
    today: str | None = None


def repo_root(repo: Path | None) -> Path:
    from shuili_cli.core.layout import RepositoryNotFound, find_root

    try:
        return find_root(explicit=repo)
    except RepositoryNotFound as exc:
        raise UsageProblem(str(exc)) from None


def resolve_today(ctx: Any, root: Path | None) -> date:
    """``--today`` if given, else today in the repository's time zone."""
    from shuili_cli.core.dates import BadDate, parse_day, today_in

    g: Globals = ctx.find_root().obj or Globals()
    if g.today:
        try:
            return parse_day(g.today, "--today")
        except BadDate as exc:
            raise UsageProblem(str(exc)) from None
    return today_in(_timezone(root) if root else "Asia/Shanghai")


def _timezone(root: Path) -> str:
    from shuili_cli.core.yamlio import parse_text

    try:
        text = (root / "shuili.yaml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return "Asia/Shanghai"
    data = parse_text(text, "shuili.yaml").data
    tz = data.get("timezone") if isinstance(data, dict) else None
    return tz if isinstance(tz, str) else "Asia/Shanghai"


def out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    sys.stderr.flush()


def interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on an interactive terminal once a run takes a moment."""
    if not interactive():
        yield None
        return
    started = time.perf_counter()
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.perf_counter() - started < 0.5 or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()


def workspace_prefix(root: Path) -> str:
    """Path of the repository inside the CI workspace, for annotations."""
    ws = os.environ.get("GITHUB_WORKSPACE") or os.environ.get("CI_PROJECT_DIR")
    base = Path(ws).resolve() if ws else Path.cwd().resolve()
    try:
        rel = root.resolve().relative_to(base).as_posix()
    except ValueError:
        return ""
    return "" if rel in ("", ".") else rel + "/"
