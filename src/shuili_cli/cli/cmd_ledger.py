"""``shuili template``, ``shuili export`` and ``shuili import``: the ledger workbooks (台账) both ways.

The sheets and columns come from ``report-templates/ledgers.yaml``; so does the list in the help.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from shuili_cli.cli.common import EXIT_DATA, UsageProblem, check_format, err, out, repo_root, resolve_today
from shuili_cli.cli.options import RepoOption, day_option, enterprises_chosen
from shuili_cli.render.registry import IMPORT_REPORTERS, RenderContext

# The sheets of report-templates/ledgers.yaml in each workbook, for --help (reading the catalogue
# here would load YAML and the models on every `shuili --help`); tests/test_ledger_cli.py checks
# that they are the catalogue's.
BOOK_SHEETS = {
    "template": "基本信息、隐患清单、风险点清单、三张清单、5S考评",
    "enterprise": "基本信息、隐患清单、风险点清单、三张清单、5S考评、执法激励约束",
    "county": "隐患清单、整改清单、风险点清单、执法激励约束",
}


SHEETS = BOOK_SHEETS["template"]
TEMPLATE_HELP = ("生成空白的企业台账填报模板（.xlsx），发给企业填写。\n\n"
                 f"工作表：{SHEETS}；表头冻结并保护，带下拉列表、日期格式和“填写说明”工作表。"
                 "用 --enterprise 为一家企业生成时预填其基本信息。")
EXPORT_HELP = ("导出企业台账工作簿，可修改后用 shuili import 导回。\n\n"
               f"每家企业一个工作簿（{BOOK_SHEETS['enterprise']}；与模板相同的栏目）；"
               f"--county 另导出全县汇总（{BOOK_SHEETS['county']}）。")
IMPORT_HELP = ("把填好的台账工作簿（.xlsx 或 .csv）按编号合并进数据仓库。\n\n"
               f"工作表：{SHEETS}。先校验，有错误时不写入，并指出工作表和单元格；"
               "写入后显示与 shuili diff 相同的变更审阅。")


def _refused(exc: Exception) -> UsageProblem:
    return UsageProblem(str(exc))


def template(
    out_file: Path = typer.Option(..., "--out", "-o", help="输出文件（.xlsx）。"),
    enterprise: Optional[str] = typer.Option(None, "--enterprise", "-e",
                                             help="为这家企业生成：预填基本信息，导入时无需再指定企业。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.ledger_template`` -> written atomically."""
    from shuili_cli import api
    from shuili_cli.core.ledger.importer import ImportRefused
    from shuili_cli.core.source.atomic_file import write_atomic

    if out_file.suffix.lower() != ".xlsx":
        raise UsageProblem(f"--out 应为 .xlsx 文件：{out_file}")
    root = repo_root(repo) if enterprise is not None or repo is not None else _maybe_root()
    try:
        data = api.ledger_template(root, enterprise)
    except ImportRefused as exc:
        raise _refused(exc) from None
    _check_outside_data(root, out_file.parent)
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out_file, data)
    except OSError as exc:
        raise UsageProblem(f"无法写入“{out_file}”：{exc.strerror or exc}") from None
    out(f"已生成填报模板 {out_file}\n")


def _maybe_root() -> Path | None:
    try:
        return repo_root(None)
    except UsageProblem:
        return None


def _check_outside_data(root: Path | None, folder: Path) -> None:
    """Workbooks are never written into enterprises/ or bureau/ (they would be read as data)."""
    from shuili_cli.core.outputs.report import data_folder_of

    name = data_folder_of(root, folder) if root is not None else None
    if name is not None:
        raise UsageProblem(f"--out“{folder}”在数据仓库的 {name}/ 文件夹里：那里只放数据；"
                           f"请把工作簿写到 {name}/ 以外的地方（如仓库根目录下的 reports/）")


def export(
    ctx: typer.Context,
    enterprises: Optional[list[str]] = typer.Argument(None, help="企业编号（enterprises/ 下的文件夹名），可写多个。",
                                                      show_default=False),
    all_: bool = typer.Option(False, "--all", help="导出每一家企业的台账。"),
    county: bool = typer.Option(False, "--county", help="另导出一个全县汇总工作簿（带“企业编号”栏）。"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="“状态”按哪一天推算（默认今天）。"),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", show_default=False,
                                           help="输出目录（默认：仓库根目录下的 reports/台账-<日期>/）。"),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.ledger_export`` -> workbooks written into one folder."""
    from shuili_cli import api
    from shuili_cli.core.ledger.importer import ImportRefused
    from shuili_cli.core.outputs.report import OutputDirError

    chosen = enterprises_chosen(enterprises, all_, none_given=None if county else
                                "请给出企业编号，或用 --all 导出全部企业、--county 导出全县汇总")
    root = repo_root(repo)
    today = resolve_today(ctx, root)
    day = day_option(as_of, "--as-of", today)
    try:
        package = api.ledger_export(root, day, today=today, enterprises=chosen,
                                    county=county)
    except ImportRefused as exc:
        raise _refused(exc) from None
    except api.NotReady as exc:
        err("\n".join(exc.problems))
        err(f"要导出的台账所用的数据有 {len(exc.problems)} 个错误，不能导出（导出后再导入会把错误带回来）；"
            "请先修正（shuili validate 查看全部）")
        raise typer.Exit(EXIT_DATA) from None
    folder = out_dir if out_dir is not None else root / "reports" / package.folder
    _check_outside_data(root, folder)
    try:
        api.write_ledgers(root, folder, package)
    except OutputDirError as exc:
        raise UsageProblem(str(exc)) from None
    except OSError as exc:
        raise UsageProblem(f"无法写入输出目录“{folder}”：{exc.strerror or exc}") from None
    for name in package.files:
        out(f"已导出 {folder / name}\n")


def import_(
    ctx: typer.Context,
    workbook: Path = typer.Argument(..., help="填好的台账工作簿。"),
    enterprise: Optional[str] = typer.Option(
        None, "--enterprise", "-e", help="工作簿属于哪家企业（shuili export 和带 --enterprise 的模板会自带，可不写）。"),
    map_file: Optional[Path] = typer.Option(None, "--map", help="其他格式台账的表头对照表（见 README“企业填报”）。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只检查并显示会有哪些变化，不写入。"),
    fmt: str = typer.Option("text", "--format", "-f", help=IMPORT_REPORTERS.help),
    repo: RepoOption = None,
) -> None:
    """Options -> ``api.ledger_import`` -> the reporter; exit 1 when any cell or the result has an error."""
    from shuili_cli import api
    from shuili_cli.core.ledger.bind import MapError
    from shuili_cli.core.ledger.grid import SheetReadError
    from shuili_cli.core.ledger.importer import ImportRefused

    check_format(fmt, IMPORT_REPORTERS.names)
    root = repo_root(repo)
    if not workbook.exists() and not workbook.is_symlink():
        raise UsageProblem(f"找不到文件“{workbook}”；请检查文件名和所在文件夹")
    today = resolve_today(ctx, root)
    try:
        result = api.ledger_import(root, workbook, today=today, enterprise=enterprise, map_file=map_file,
                                   dry_run=dry_run)
    except (ImportRefused, MapError) as exc:
        raise _refused(exc) from None
    except SheetReadError as exc:
        if workbook.suffix.lower() not in (".xlsx", ".csv", ".xls"):  # not a workbook at all: the wrong file named
            raise UsageProblem(str(exc)) from None
        err(str(exc))
        raise typer.Exit(EXIT_DATA) from None
    out(IMPORT_REPORTERS[fmt](result, RenderContext(dry_run=dry_run)))
    if result.errors:
        raise typer.Exit(EXIT_DATA)


import_.command_name = "import"  # type: ignore[attr-defined]  # `import` is a Python keyword
