"""What the commands that read the repository share: loading with progress, writing and showing a package."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from shuili_cli.cli.common import EXIT_DATA, UsageProblem, err, progress_bar

if TYPE_CHECKING:
    from shuili_cli.api import Package
    from shuili_cli.core.outputs.summary import Headline


DRAFT_REPORT = "不能生成正式报表", "生成标注“草稿”的报表"


@contextmanager
def loading(refused: tuple[str, str] = DRAFT_REPORT) -> Iterator[Callable[[int, int], None] | None]:
    """Progress while the API reads the repository; its errors refused (exit 1) with the hint to use
    --draft, in the command's words: ``refused`` is (what cannot be done, what --draft does)."""
    from shuili_cli.api import NotReady

    try:
        with progress_bar("读取数据") as bar:
            yield bar
    except NotReady as exc:
        err("\n".join(exc.problems))
        err(f"数据仓库有 {len(exc.problems)} 个错误，{refused[0]}；请先修正（shuili validate 查看全部），"
            f"或加 --draft {refused[1]}")
        raise typer.Exit(EXIT_DATA) from None


def write_output(root: Path, base: Path, package: Package) -> Path:
    """Write the package into ``base/<folder>``; a refused or unwritable folder is a usage error."""
    from shuili_cli.api import write_package
    from shuili_cli.core.outputs.report import OutputDirError

    try:
        return write_package(root, base, package)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入输出目录“{base}”：{exc.strerror or exc}") from None


def show_package(title: str, headlines: list[Headline], target: Path, package: Package) -> None:
    """The headline figures and the files written, on standard output."""
    from rich.console import Console

    from shuili_cli.render.terminal import print_report

    print_report(Console(), title, headlines, [target / n for n in package.files])
