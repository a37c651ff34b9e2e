"""``shuili set``: change fields of one record, keeping every other byte of the file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from shuili_cli.cli.common import EXIT_DATA, UsageProblem, check_format, err, out, repo_root, resolve_today
from shuili_cli.cli.options import RepoOption
from shuili_cli.render.registry import REVIEW_REPORTERS, RenderContext

if TYPE_CHECKING:
    from shuili_cli.core.ledger.entry import Plan

HELP = ("修改一条记录的字段（隐患整改、验收、更正），其余内容（注释、空行、顺序）逐字节保留。\n\n"
        "种类：hazard、risk、five-s、action、enterprise。字段写成 字段=值，嵌套字段写 assessment.L=3 或 L=3；"
        "“字段=”（空值）删除可选字段。5S 考评的编号写 日期/岗位 或 日期/岗位/被考评人；执法行动的企业可写 -；"
        "企业基本信息的编号写 -。\n\n先校验，有新错误时不写入；写入后显示变更审阅。")

DryRunOption = typer.Option(False, "--dry-run", help="只校验并显示变更审阅，不写入。")
KindArgument = typer.Argument(..., help="记录种类：hazard、risk、five-s、action、enterprise。")
ReviewFormatOption = typer.Option("text", "--format", "-f", help="变更审阅的" + REVIEW_REPORTERS.help)

# what an input method types for "=" between a field and its value
ASSIGN_LOOKALIKES = {"＝": "全角等号", "：": "全角冒号", ":": "冒号"}


def start(ctx: typer.Context, fmt: str, repo: Path | None) -> tuple[Path, date]:
    """``--format`` checked, the repository and "today" (``new`` and ``set``)."""
    check_format(fmt, REVIEW_REPORTERS.names)
    root = repo_root(repo)
    return root, resolve_today(ctx, root)


def entry_problem(exc: Exception) -> None:
    """A planning or editing failure: exit 2 for the command line's mistakes, 1 for the data's."""
    from shuili_cli.core.edit import EditError
    from shuili_cli.core.ledger.entry import EntryUsage

    if isinstance(exc, EntryUsage) and exc.code == 2:
        raise UsageProblem(exc.message) from None
    if isinstance(exc, (EntryUsage, EditError)):
        err(f"未写入：{exc}")
        raise typer.Exit(EXIT_DATA) from None
    raise exc


def commit(root: Path, make: Callable[[], dict[str, bytes]], today: date, fmt: str, dry_run: bool,
           done: Callable[[dict[str, bytes]], str]) -> None:
    """Validate the files ``make`` plans; write them unless an error would be introduced; say ``done``
    and print the review (``--format``)."""
    from shuili_cli.core.edit import EditError, write_files
    from shuili_cli.core.ledger.stage import check
    from shuili_cli.render.diagnostics import text_line

    try:
        files = make()
        result = check(root, files, today=today, review=True, labels=("修改前", "修改后"))
        if result.errors:
            err("未写入：修改后的数据有以下错误（修改前没有），请改正命令中的值后重试：")
            for finding in result.errors:
                err(text_line(finding))
            raise typer.Exit(EXIT_DATA)
        if not dry_run:
            write_files(root, files)
    except EditError as exc:
        entry_problem(exc)
        return
    except OSError as exc:
        raise UsageProblem(f"无法写入：{exc.strerror or exc}") from None
    out(("（试运行，未写入）" if dry_run else "") + done(files) + "\n")
    if result.review is not None:
        out(REVIEW_REPORTERS[fmt](result.review, RenderContext()))


def commit_plan(root: Path, plan: Plan, today: date, fmt: str, dry_run: bool, done: str, tail: str = "") -> None:
    """:func:`commit` of one planned edit; the message is ``done（<file> 第 N 行）tail``."""
    commit(root, lambda: {plan.rel: plan.new_bytes()}, today, fmt, dry_run,
           lambda files: f"{done}（{plan.rel} 第 {plan.record_line(files[plan.rel])} 行）{tail}")


def set(
    ctx: typer.Context,
    enterprise: str = typer.Argument(..., help="企业编号（执法行动可写 -）。"),
    kind: str = KindArgument,
    ident: str = typer.Argument(..., help="记录编号（5S 考评：日期/岗位 或 日期/岗位/被考评人；企业：-）。"),
    assignments: list[str] = typer.Argument(..., help="要修改的字段，如 rectified_on=2023-06-01。"),
    fmt: str = ReviewFormatOption,
    dry_run: bool = DryRunOption,
    repo: RepoOption = None,
) -> None:
    """Arguments -> ``entry.plan_set`` -> validate, write -> the review."""
    from shuili_cli.core.ledger.catalogue import RECORD_WORDS
    from shuili_cli.core.ledger.entry import EntryUsage, kind_spec, parse_assignments, plan_set

    root, today = start(ctx, fmt, repo)
    pairs = []
    for text in assignments:
        name, sep, value = text.partition("=")
        wrong = next((c for c in text if c in ASSIGN_LOOKALIKES), None) if not sep else None
        if wrong is not None:
            name, _, value = text.partition(wrong)
            raise UsageProblem(f"“{text}”中的“{wrong}”是{ASSIGN_LOOKALIKES[wrong]}；字段和值之间要用半角等号，"
                               f"请写成 {name.strip()}={value.strip()}")
        if not sep or not name.strip():
            raise UsageProblem(f"“{text}”不是 字段=值 的形式；例如 rectified_on=2023-06-01（删除字段：measures=）")
        pairs.append((name.strip(), value))
    try:
        spec = kind_spec(kind)
        changes = parse_assignments(spec.word, pairs)
        plan = plan_set(root, spec.word, enterprise, ident, changes)
    except EntryUsage as exc:
        entry_problem(exc)
        return
    names = "、".join(".".join(path) for path in changes)
    commit_plan(root, plan, today, fmt, dry_run, f"已修改{RECORD_WORDS[spec.record]} {plan.ident}", f"：{names}")
