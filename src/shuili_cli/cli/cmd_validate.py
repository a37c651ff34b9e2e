"""``shuili validate``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    UsageProblem,
    check_format,
    out,
    progress_bar,
    repo_root,
    resolve_today,
    windows_path,
    workspace_prefix,
)
from shuili_cli.cli.options import RepoOption
from shuili_cli.render.registry import VALIDATE_REPORTERS, RenderContext


def _scopes(root: Path, paths: list[Path]) -> list[str]:
    scopes = []
    for typed in paths:
        p = windows_path(typed)
        full = p if p.is_absolute() else Path.cwd() / p
        try:
            rel = full.resolve().relative_to(root).as_posix()
        except ValueError:
            raise UsageProblem(f"路径“{typed}”不在数据仓库“{root}”之内") from None
        if not full.exists():
            raise UsageProblem(f"路径“{typed}”不存在")
        scopes.append("" if rel == "." else rel)
    return scopes


def _annotation_prefix(root: Path) -> str:
    """The repository's folder in the CI workspace; none when the current folder is gone (a deleted
    working directory must not fail the text or JSON report, which do not use it)."""
    try:
        return workspace_prefix(root)
    except OSError:
        return ""


HELP = ("校验数据仓库：格式、字段、引用、日期、LEC 颜色、信用代码等。\n\n"
        "有错误时退出码为 1，只有警告时为 0（加 --strict 时也为 1）。给出路径时只报告这些文件或文件夹中的问题。")


def validate(
    ctx: typer.Context,
    paths: Optional[list[Path]] = typer.Argument(
        None, help="只报告这些文件或文件夹中的问题（引用仍在整个仓库中解析）。",
        show_default=False,
    ),
    repo: RepoOption = None,
    fmt: str = typer.Option("text", "--format", "-f", help=VALIDATE_REPORTERS.help),
    strict: bool = typer.Option(False, "--strict", help="有警告时也以退出码 1 结束。"),
    changed_since: Optional[str] = typer.Option(
        None, "--changed-since",
        help="只报告自这个 git 版本以来的改动可能引起的问题：现在有而该版本时没有的问题（不论在哪个文件；"
             "按规则代码、文件、YAML 路径和说明比较，不看行号），以及内容与该版本不同的文件中的全部问题"
             "（含已提交、已暂存、未暂存和未跟踪的改动）。该版本时的仓库按 git 对象中的内容、用同一日期校验。"
             "与路径同用时只报告其中位于这些路径内的问题。",
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="不使用解析缓存（~/.cache/shuili，可用环境变量 SHUILI_CACHE_DIR 改变位置）。"
    ),
) -> None:
    """Options -> ``api.validate`` -> the reporter named by ``--format``; exit 1 on errors."""
    from shuili_cli import api
    from shuili_cli.core.source.gitio import GitProblem

    check_format(fmt, VALIDATE_REPORTERS.names)
    root = repo_root(repo)
    today = resolve_today(ctx, root)
    scopes = _scopes(root, paths) if paths else None
    try:
        with progress_bar("校验中") as bar:
            result = api.validate(root, today, scopes=scopes, use_cache=not no_cache,
                                  changed_since=changed_since, progress=bar)
    except GitProblem as exc:
        raise UsageProblem(str(exc)) from None
    out(VALIDATE_REPORTERS[fmt](result, RenderContext(strict=strict, path_prefix=_annotation_prefix(root))))
    raise typer.Exit(EXIT_OK if result.ok(strict) else EXIT_DATA)
