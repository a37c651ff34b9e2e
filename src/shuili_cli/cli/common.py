"""What every command shares: the repository, "today", usage errors, progress."""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Any

import typer

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageProblem(Exception):
    """Bad arguments or environment: printed in Chinese, exit code 2."""


def check_format(fmt: str, formats: Iterable[str]) -> None:
    """``--format`` must name one of ``formats`` (a tuple of names or a reporter table's names)."""
    names = tuple(formats)
    if fmt not in names:
        raise UsageProblem(f"--format 的值“{fmt}”无效；可选：{'、'.join(names)}")


@dataclass(slots=True)
class Globals:
    today: str | None = None


def bad_value(option: str, text: str, form: str, fallback: str) -> UsageProblem:
    """A date, month or year option that does not read: what the input method or habit put in it and
    the exact value to write (``--month 的值“2023年5月”是中文写法，请写成 2023-05``), else ``fallback``."""
    from shuili_cli.core.dates import typed_hint

    hint = typed_hint(text, form)
    return UsageProblem(f"{option} 的值“{text}”{hint}" if hint else fallback)


def windows_path(path: Path) -> Path:
    """A path typed Windows style (``enterprises\\taoxi-reservoir``, ``county\\``) read the same on any
    system: where ``\\`` is not the separator, it is taken as one unless the path exists as typed."""
    text = str(path)
    if os.sep == "/" and "\\" in text and not os.path.lexists(text):
        return Path(PureWindowsPath(text).as_posix())
    return path


def repo_root(repo: Path | None) -> Path:
    """The data repository: ``--repo``, else the nearest folder upwards holding shuili.yaml. ``--repo``
    naming a folder inside a repository (enterprises/x) means that repository, as running there does."""
    from shuili_cli.core.source.layout import SETTINGS_FILE, RepositoryNotFound, find_root, holds_settings

    path = windows_path(repo) if repo is not None else None
    if repo is not None and path is not None:
        if not os.path.lexists(path):
            raise UsageProblem(f"--repo 的目录“{repo}”不存在；请检查路径（含空格的路径请用英文引号括起来）")
        if not path.is_dir():
            fix = f"；请写成 --repo {path.parent}" if path.name == SETTINGS_FILE else ""
            raise UsageProblem(f"--repo 要写数据仓库的目录，不是文件（“{repo}”）{fix}")
        if not holds_settings(path.resolve()):
            try:
                root = find_root(start=path)
            except RepositoryNotFound:
                pass
            else:
                err(f"注意：“{repo}”在数据仓库“{root}”之中，按这个数据仓库处理")
                return root
    try:
        return find_root(explicit=path)
    except RepositoryNotFound as exc:
        raise UsageProblem(str(exc)) from None


def resolve_today(ctx: typer.Context, root: Path | None) -> date:
    """``--today`` if given, else today in the repository's time zone."""
    from shuili_cli.core.dates import BadDate, parse_day, today_in

    obj = ctx.find_root().obj
    g = obj if isinstance(obj, Globals) else Globals()
    if g.today:
        try:
            return parse_day(g.today, "--today")
        except BadDate as exc:
            raise bad_value("--today", g.today, "YYYY-MM-DD", str(exc)) from None
    return today_in(_timezone(root) if root else "Asia/Shanghai")


def _timezone(root: Path) -> str:
    """``timezone`` from shuili.yaml, read as the loader reads it (bounded, no link, kept for the loader)."""
    from shuili_cli.core.source.layout import read_settings
    from shuili_cli.core.source.pipeline import parse_bytes

    raw, _ = read_settings(root, keep=True)  # a link or an oversize file is the loader's finding
    data = parse_bytes(raw, "shuili.yaml").data if raw is not None else None
    tz = data.get("timezone") if isinstance(data, dict) else None
    return tz if isinstance(tz, str) else "Asia/Shanghai"


EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE: what a shell shows for `yes | head`


class OutputLost(UsageProblem):
    """Standard output cannot be written (closed, a full disk): exit code 2. A pipe closed by its
    reader (``shuili explain --list | head``) is ``closed_pipe``: the run ends quietly, as Unix tools do."""

    closed_pipe = False


def _discard(stream: Any) -> None:
    """Point a failed stream at /dev/null, so that nothing fails again when Python flushes it on exit."""
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


_ERRNO_ZH = {errno.EPIPE: "管道的另一端已关闭", errno.ENOSPC: "设备上没有空间", errno.EIO: "输入输出错误"}


def _lost(exc: OSError | ValueError | None) -> OutputLost:
    """Standard output failed: discard what is still buffered, and say so (exit code 2)."""
    _discard(sys.stdout)
    if exc is None or isinstance(exc, ValueError) or exc.errno == errno.EBADF:
        reason = "标准输出已关闭"
    else:
        reason = _ERRNO_ZH.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    lost = OutputLost(f"无法写出到标准输出（{reason}）；请检查输出重定向（是否已关闭、磁盘是否已满、管道另一端是否已退出）")
    lost.closed_pipe = isinstance(exc, OSError) and exc.errno == errno.EPIPE
    return lost


class WatchedStream:
    """Standard output of a console run, remembering a failed write.

    rich and click write to ``sys.stdout`` directly; a large write that fails leaves
    nothing buffered to fail again, so the failure itself is kept here.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.failure: OSError | None = None

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except OSError as exc:
            self.failure = exc
            raise

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            self.failure = exc
            raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_watched: list[WatchedStream] = []


def watch_stdout() -> None:
    """For a console run: remember why standard output failed, even if click replaces ``sys.stdout``."""
    if sys.stdout is not None and not isinstance(sys.stdout, WatchedStream):
        _watched[:] = [WatchedStream(sys.stdout)]
        sys.stdout = _watched[0]


def flush_stdout() -> None:
    """Make sure everything written has reached standard output, else :class:`OutputLost`."""
    if sys.stdout is None:
        raise _lost(None)
    failure = _watched[0].failure if _watched else None
    if failure is not None:
        raise _lost(failure)
    try:
        sys.stdout.flush()
    except UnicodeError:
        raise
    except (OSError, ValueError) as exc:
        raise _lost(exc) from None


def out(text: str) -> None:
    """Write to standard output; a failure is :class:`OutputLost` (exit 2), never a crash."""
    if sys.stdout is None:
        raise _lost(None)
    try:
        sys.stdout.write(text)
    except UnicodeError:
        raise
    except (OSError, ValueError) as exc:
        raise _lost(exc) from None
    flush_stdout()


def err(text: str) -> None:
    """Write to standard error; when that is impossible, the message is dropped and the exit code still holds."""
    try:
        if sys.stderr is None:
            return
        sys.stderr.write(text if text.endswith("\n") else text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        _discard(sys.stderr)


def interactive() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty() and not os.environ.get("CI")
    except (OSError, ValueError):
        return False


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
