"""``shuili new``: add one record (the next id, today's date), or a new enterprise folder."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from typer._click.exceptions import NoSuchOption

from shuili_cli.cli.cmd_set import DryRunOption, KindArgument, ReviewFormatOption, commit, commit_plan, entry_problem, start
from shuili_cli.cli.common import UsageProblem, err
from shuili_cli.cli.options import RepoOption

if TYPE_CHECKING:
    from shuili_cli.core.edit import FieldPath, Value
    from shuili_cli.core.ledger.entry import FieldSpec

HELP = ("新增一条记录（隐患、风险点、5S 考评、执法行动），或新建一家企业。\n\n"
        "种类：hazard 隐患、risk 风险点、five-s 5S 考评、action 执法行动、enterprise 企业（新建文件夹）。"
        "字段写成 --字段名 值（--found-on 与 --found_on 相同，也可写 --字段名=值）；风险点的 L、E、C、method、basis "
        "可直接写 --L 3，也可写 --assessment.L 3；多个取值用顿号分隔或重复该选项。\n\n"
        "自动分配下一个编号，日期（发现日期、辨识日期、考评日期、行动日期）默认今天；风险点给出 L、E、C 而未给颜色时"
        "按 D 值填写。缺少必填字段时，在终端中逐项询问，在脚本中报用法错误并列出它们。先校验，有新错误时不写入。")


def _pairs(args: list[str]) -> list[tuple[str, str]]:
    """``--field value`` and ``--field=value`` tokens as (field, text) pairs."""
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(args):
        token = args[i]
        if not token.startswith("--") or len(token) < 3:
            raise UsageProblem(f"多余的参数“{token}”；字段写成 --字段名 值，如 --found-on 2023-06-01")
        name, sep, value = token[2:].partition("=")
        if not sep:
            if i + 1 >= len(args):
                raise UsageProblem(f"选项 {token} 需要一个值")
            value = args[i + 1]
            i += 1
        pairs.append((name, value))
        i += 1
    return pairs


def _no_global_options(ctx: typer.Context) -> None:
    """``--today`` after ``new`` is not a field: the same usage error as after any other command."""
    for token in ctx.args:
        name = token.split("=")[0]
        if any(name in getattr(p, "opts", ()) for p in ctx.find_root().command.params):
            raise NoSuchOption(name, ctx=ctx)


def _terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _ask(field: FieldSpec) -> Value:
    """Prompt for one required field until its value reads; Ctrl-C / end of input aborts (exit 130)."""
    from shuili_cli.core.ledger.entry import EntryUsage, parse_value

    choices = f"（可选：{'、'.join(field.allowed)}）" if field.allowed else ""
    note = f"，{field.note}" if field.note else ""
    while True:
        text = typer.prompt(f"{field.title}{note}{choices} [{field.name}]", default="", show_default=False)
        if not text.strip():
            err(f"{field.title} 是必填项，请输入")
            continue
        try:
            return parse_value(field, text)
        except EntryUsage as exc:
            err(exc.message)


def _complete(word: str, values: dict[FieldPath, Value]) -> None:
    """Fill in the missing required fields: ask on a terminal, else a usage error listing them."""
    from shuili_cli.core.ledger.entry import missing

    absent = missing(word, values)
    if not absent:
        return
    if not _terminal():
        lines = "\n".join(f"  --{f.name.replace('_', '-')}  {f.describe()}" for f in absent)
        raise UsageProblem(f"缺少必填字段（共 {len(absent)} 个）：\n{lines}\n请在命令中给出，或在终端中运行以逐项填写")
    for field in absent:
        values[field.path] = _ask(field)


def new(
    ctx: typer.Context,
    kind: str = KindArgument,
    enterprise: Optional[str] = typer.Option(None, "--enterprise",
                                             help="企业编号（enterprises/ 下的文件夹名）；执法行动的对象企业。"),
    fmt: str = ReviewFormatOption,
    dry_run: bool = DryRunOption,
    repo: RepoOption = None,
) -> None:
    """Options and ``--FIELD VALUE`` -> ``entry.plan_new`` (or the enterprise skeleton) -> validate, write."""
    from shuili_cli.core.ledger.catalogue import RECORD_WORDS
    from shuili_cli.core.ledger.entry import EntryUsage, fill_defaults, kind_spec, parse_assignments, plan_new

    _no_global_options(ctx)
    root, today = start(ctx, fmt, repo)
    try:
        spec = kind_spec(kind)
        values = parse_assignments(spec.word, _pairs(list(ctx.args)))
        if spec.word == "action" and enterprise is not None:
            values.setdefault(("enterprise",), enterprise)
        if spec.word == "enterprise":
            values.setdefault(("id",), enterprise)
        given = set(values)
        values = fill_defaults(spec.word, values, today)
        _complete(spec.word, values)
        if spec.word == "enterprise":
            _new_enterprise(root, values, today.year, fmt, dry_run, today, ("registered_on",) not in given)
            return
        plan = plan_new(root, spec.word, enterprise, values, today)
    except EntryUsage as exc:
        entry_problem(exc)
        return
    commit_plan(root, plan, today, fmt, dry_run, f"已新增{RECORD_WORDS[spec.record]} {plan.ident}")


new.context_settings = {"allow_extra_args": True, "ignore_unknown_options": True}  # type: ignore[attr-defined]


def _new_enterprise(root: Path, values: dict[FieldPath, Value], year: int, fmt: str, dry_run: bool,
                    today: date, registered_today: bool) -> None:
    from shuili_cli.core.init import enterprise_files, schemas_folder
    from shuili_cli.core.source.layout import ENTERPRISE_ID

    eid = str(values.get(("id",)) or "")
    if not ENTERPRISE_ID.match(eid):
        raise UsageProblem(f"企业编号“{eid}”只能含字母、数字、_ 和 -（它也是文件夹名），如 taoxi-reservoir")
    folder = root / "enterprises" / eid
    if folder.exists() or folder.is_symlink():
        raise UsageProblem(f"enterprises/{eid} 已存在；修改已有企业请用 shuili set {eid} enterprise - 字段=值")
    files = enterprise_files(eid, values, year, schemas_folder(root))
    commit(root, lambda: files, today, fmt, dry_run,
           lambda written: f"已新建企业 {eid}（enterprises/{eid}/，{len(written)} 个文件）" + (
               f"\n登记日期（registered_on）未给出，记为今天 {today.isoformat()}：这家企业从今天起计入报表，"
               "已报送月份的数字不变；若企业更早就已存在，请用 --registered-on 写出实际日期" if registered_today else ""))
