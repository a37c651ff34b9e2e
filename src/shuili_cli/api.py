"""The library API under the command line: each function takes a repository and returns data.

Layering (tests/test_layers.py): ``cli -> api -> render -> core``. This module sits above
``render/`` because a report package holds the bytes of the workbook, the .docx and the
Markdown, which render/ makes; the core imports neither. Nothing here prints or imports
typer, rich or the cli: a failure is an exception carrying the Chinese message the
command line shows (``NotReady``, ``OutputDirError``, ``GitProblem``, ``PeriodError``).

    from shuili_cli import api
    pkg = api.monthly_package(root, Period(2023, 5), today=date(2023, 6, 10))
    api.write_package(root, root / "reports", pkg)
    pkg.files  # {"<name>.xlsx": b"...", "<name>.json": b"...", ...}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the core is imported where it is used: `import shuili_cli.api` stays cheap
    from shuili_cli.core.alerts import AlertReport
    from shuili_cli.core.figures.figures import Figures, Period
    from shuili_cli.core.ledger.importer import ImportResult
    from shuili_cli.core.model.bureau import Settings
    from shuili_cli.core.outputs.summary import Headline
    from shuili_cli.core.review.diff import DiffResult
    from shuili_cli.core.review.validate import ValidationResult
    from shuili_cli.core.source.repository import LoadResult

Progress = Callable[[int, int], None]
PackageFormat = Literal["xlsx", "all"]


class NotReady(Exception):
    """The repository has errors and a draft was not asked for: no official report."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"数据仓库有 {len(problems)} 个错误")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Loaded:
    """A loaded repository and its errors as text lines (``file:line:col CODE message``)."""

    result: LoadResult
    problems: list[str]

    @property
    def settings(self) -> Settings | None:
        return self.result.repo.settings


@dataclass(frozen=True, slots=True)
class Package:
    """A report package: file name -> bytes, to be written into ``folder``; nothing is written yet."""

    folder: str
    files: dict[str, bytes]
    headlines: list[Headline]
    problems: list[str] = field(default_factory=list)   # not empty: a draft
    notices: list[str] = field(default_factory=list)    # for the console: what the documents leave out, and why


def load(root: Path, today: date, *, draft: bool, progress: Progress | None = None) -> Loaded:
    """Load and validate the repository; errors raise :class:`NotReady` unless ``draft``."""
    from shuili_cli.core.source.loader import load as load_repository
    from shuili_cli.render.diagnostics import text_line

    loaded = load_repository(root, today=today, progress=progress)
    problems = [text_line(f) for f in loaded.findings if f.is_error]
    if problems and not draft:
        raise NotReady(problems)
    return Loaded(loaded, problems)


def workbook(fig: Figures, settings: Settings | None, filled: date, problems: list[str]) -> bytes:
    """The 附件1/附件2 workbook of ``fig``, as the bureau's settings name the unit and reporter."""
    from shuili_cli.core.figures.catalogue import forms
    from shuili_cli.render.xlsx import build_workbook

    s = settings
    reporter = s.reporter if s is not None and s.reporter is not None else None
    return build_workbook(
        forms(), fig.values,
        unit_name=s.unit.name if s else "", unit_type=s.unit.type if s else "县（市、区）",
        region=s.unit.region if s else "",
        reporter=(reporter.name or "") if reporter else "", phone=(reporter.phone or "") if reporter else "",
        fill_date=filled, draft=problems or None, period=fig.period,
    )


def _compute(loaded: Loaded, period: Period) -> Figures:
    from shuili_cli.core.figures.figures import compute

    return compute(loaded.result.repo, period)


def figures(root: Path, period: Period, *, today: date, draft: bool = False,
            progress: Progress | None = None) -> Figures:
    """Every figure of the forms for ``period``, with what each counted (``shuili explain``)."""
    return _compute(load(root, today, draft=draft, progress=progress), period)


def figures_json(root: Path, period: Period, *, today: date, filled: date | None = None, draft: bool = False,
                 progress: Progress | None = None) -> str:
    """figures.json for ``period`` (``shuili report --format json``); ``filled`` defaults to ``today``."""
    from shuili_cli.core.outputs.report import figures_json as document

    loaded = load(root, today, draft=draft, progress=progress)
    return document(_compute(loaded, period), loaded.settings, filled or today, loaded.problems)


def monthly_package(root: Path, period: Period, *, today: date, filled: date | None = None, draft: bool = False,
                    fmt: PackageFormat = "all", progress: Progress | None = None) -> Package:
    """The monthly package: workbook and figures.json, and with ``fmt="all"`` the 工作总结 (.md, .docx).

    ``filled`` (the date on the forms) defaults to ``today``; errors raise :class:`NotReady` unless ``draft``.
    """
    from shuili_cli.core.outputs import summary
    from shuili_cli.core.outputs.report import figures_json as document
    from shuili_cli.core.outputs.report import output_names

    loaded = load(root, today, draft=draft, progress=progress)
    filled = filled or today
    settings, problems = loaded.settings, loaded.problems
    fig = _compute(loaded, period)
    names = output_names(settings, period)
    files = {
        names.workbook: workbook(fig, settings, filled, problems),
        names.figures: document(fig, settings, filled, problems).encode("utf-8"),
    }
    content = summary.build(loaded.result.repo, fig, _compute(loaded, summary.comparison_period(period)), filled,
                            problems, draft=draft)
    notices: list[str] = []
    if fmt == "all":
        from shuili_cli.core.figures.catalogue import templates_dir
        from shuili_cli.render.documents import notices as document_notices
        from shuili_cli.render.documents import render_docx, render_markdown

        files[names.summary_md] = render_markdown(content, templates_dir()).encode("utf-8")
        files[names.summary_docx] = render_docx(content)
        notices = document_notices(content)
    return Package(names.folder, files, content.headlines, problems, notices)


def annual_package(root: Path, period: Period, *, today: date, filled: date | None = None, draft: bool = False,
                   progress: Progress | None = None) -> Package:
    """The year-end package (``core.annual.year_period`` gives ``period``): December year to date
    workbook and figures.json, the monthly table and the annual 工作总结."""
    from shuili_cli.core.figures.catalogue import templates_dir
    from shuili_cli.core.outputs import annual
    from shuili_cli.core.outputs.report import annual_names
    from shuili_cli.core.outputs.report import figures_json as document
    from shuili_cli.render.annual import notices, render_annual_docx, render_annual_markdown

    loaded = load(root, today, draft=draft, progress=progress)
    filled = filled or today
    settings, problems = loaded.settings, loaded.problems
    content, fig = annual.build(loaded.result.repo, period, filled, problems, draft=draft)
    names = annual_names(settings, period)
    files = {
        names.workbook: workbook(fig, settings, filled, problems),
        names.figures: document(fig, settings, filled, problems).encode("utf-8"),
        names.summary_md: render_annual_markdown(content, templates_dir()).encode("utf-8"),
        names.summary_docx: render_annual_docx(content),
    }
    return Package(names.folder, files, content.december.headlines, problems, notices(content))


def write_package(root: Path, base: Path, package: Package) -> Path:
    """Write ``package`` into ``base/<folder>``, keeping the user's own files there; the folder written.

    Raises ``OutputDirError`` (a folder of the data, a link) or ``OSError``.
    """
    from shuili_cli.core.outputs.atomic import write_files
    from shuili_cli.core.outputs.report import check_output_folder

    target = base / package.folder
    check_output_folder(root, target)
    write_files(target, package.files)
    return target


def validate(root: Path, today: date, *, scopes: Sequence[str] | None = None, use_cache: bool = True,
             changed_since: str | None = None, progress: Progress | None = None) -> ValidationResult:
    """Every finding in the repository (in ``scopes``; caused since ``changed_since``). Raises ``GitProblem``."""
    from shuili_cli.core.review.validate import validate as run

    if changed_since is not None:  # no git or a wrong REV is reported before the repository is read
        from shuili_cli.core.source.gitio import toplevel, verify

        toplevel(root)
        verify(root, changed_since)
    _, result = run(root, today=today, scopes=scopes, use_cache=use_cache, progress=progress,
                    changed_since=changed_since)
    return result


def alerts(root: Path, as_of: date, *, today: date, progress: Progress | None = None) -> AlertReport:
    """What needs action as of ``as_of``; the repository's errors are counted, never refused."""
    from shuili_cli.core.alerts import alerts as compute

    loaded = load(root, today, draft=True, progress=progress)
    return compute(loaded.result.repo, as_of, validation_errors=len(loaded.problems))


def diff(root: Path, base: str, head: str | None, today: date, month: Period | None = None) -> DiffResult:
    """A change between two git revisions (``head`` None: the work tree) in safety terms. Raises ``GitProblem``."""
    from shuili_cli.core.review.diff import compare

    return compare(root, base, head, today=today, month=month)


# ----------------------------------------------------------------- ledgers (台账)


def ledger_template(root: Path | None, enterprise: str | None = None) -> bytes:
    """The blank fill-in workbook; for ``enterprise`` (needs ``root``) its 基本信息 is filled and the
    workbook records whose it is. Raises ``ImportRefused`` for an unknown enterprise."""
    from shuili_cli.core.ledger.export import template_book
    from shuili_cli.core.ledger.importer import ImportRefused
    from shuili_cli.core.ledger.stored import read_repo
    from shuili_cli.render.ledger_xlsx import build_ledger_workbook

    ent = None
    unit = _unit_name(root) if root is not None else ""
    if enterprise is not None and root is not None:
        data = read_repo(root, [enterprise], actions=False)
        ent = data.enterprises.get(enterprise)
        if ent is None:
            raise ImportRefused(f"仓库中没有企业 {enterprise}（enterprises/{enterprise}/）")
    return build_ledger_workbook(template_book(unit, ent))


def _unit_name(root: Path) -> str:
    from shuili_cli.core.source.layout import read_settings
    from shuili_cli.core.source.pipeline import parse_bytes

    raw, _ = read_settings(root)
    data = parse_bytes(raw, "shuili.yaml").data if raw is not None else None
    unit = data.get("unit") if isinstance(data, dict) else None
    name = unit.get("name") if isinstance(unit, dict) else None
    return name if isinstance(name, str) else ""


def ledger_export(root: Path, as_of: date, *, today: date, enterprises: Sequence[str] | None = None,
                  county: bool = False) -> Package:
    """Ledger workbooks: one per enterprise (``enterprises``; None: every one) and, with ``county``,
    the county's in one workbook. The repository must validate (``NotReady`` otherwise); raises
    ``ImportRefused`` for an unknown enterprise. Many enterprises are exported in worker processes."""
    from shuili_cli.core.ledger.export import CountyPart, county_book
    from shuili_cli.core.ledger.importer import ImportRefused
    from shuili_cli.core.ledger.stored import read_repo
    from shuili_cli.core.outputs.report import safe_stem
    from shuili_cli.core.source.layout import discover
    from shuili_cli.render.diagnostics import text_line
    from shuili_cli.render.ledger_batch import export_chunks
    from shuili_cli.render.ledger_xlsx import build_ledger_workbook

    loaded = load(root, today, draft=True)
    unit = loaded.settings.unit.name if loaded.settings else ""
    known = sorted(discover(root).enterprise_dirs)
    missing = sorted(set(enterprises or ()) - set(known))
    if missing:
        raise ImportRefused(f"仓库中没有企业：{'、'.join(missing)}")
    wanted = known if enterprises is None else list(dict.fromkeys(enterprises))
    ids = known if county else wanted
    # Errors block the ledgers they would show wrong, not every other enterprise's.
    feeds = ("shuili.yaml", "bureau/enforcement/", *(f"enterprises/{i}/" for i in ids))
    problems = [text_line(f) for f in loaded.result.findings if f.is_error and f.file.startswith(feeds)]
    if problems:
        raise NotReady(problems)
    bureau = read_repo(root, [])
    files: dict[str, bytes] = {}
    tail = f"-台账-{as_of.isoformat()}.xlsx"
    parts: list[CountyPart] = []
    taken: set[str] = set()
    names: dict[str, str] = {}
    for chunk in export_chunks(root, ids, bureau, as_of, unit, books=frozenset(wanted), county=county):
        names.update(chunk.names)
        if chunk.county is not None:
            parts.append(chunk.county)
        for ent_id, name, data in chunk.workbooks:
            file = safe_stem(name, f"（{ent_id}）{tail}") + tail
            if file.casefold() in taken:   # two enterprises of the same name (Windows ignores letter case)
                file = safe_stem(name, f"（{ent_id}）{tail}") + f"（{ent_id}）{tail}"
            taken.add(file.casefold())
            files[file] = data
    if county:
        county_tail = f"-台账汇总-{as_of.isoformat()}.xlsx"
        files[safe_stem(unit or "全县", county_tail) + county_tail] = build_ledger_workbook(
            county_book(parts, bureau, names, as_of, unit))
    return Package(f"台账-{as_of.isoformat()}", files, [], [])


def write_ledgers(root: Path, folder: Path, package: Package) -> Path:
    """Write the workbooks into ``folder`` itself, each atomically; every other file there is kept
    (a clerk exports one enterprise after another into the same folder); the folder written."""
    from shuili_cli.core.outputs.report import check_output_folder
    from shuili_cli.core.source.atomic_file import write_atomic

    check_output_folder(root, folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in package.files.items():
        write_atomic(folder / name, data)
    return folder


def ledger_import(root: Path, path: Path, *, today: date, enterprise: str | None = None,
                  map_file: Path | None = None, dry_run: bool = False) -> ImportResult:
    """Merge a ledger workbook (.xlsx/.csv) into the repository; nothing is written when any cell or
    the merged repository has an error, or on ``dry_run``. Raises ``SheetReadError`` (unreadable
    workbook), ``MapError`` (bad map) or ``ImportRefused`` (which enterprise)."""
    from shuili_cli.core.ledger.bind import load_map
    from shuili_cli.core.ledger.catalogue import ledgers
    from shuili_cli.core.ledger.importer import run_import
    from shuili_cli.render.ledger_read import read_workbook

    maps = {}
    if map_file is not None:
        from shuili_cli.core.ledger.bind import MapError
        from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, read_bytes
        from shuili_cli.core.source.yamlio import decode

        raw, bad = read_bytes(map_file, map_file.name, DEFAULT_MAX_BYTES)
        text = decode(raw, map_file.name)[0] if raw is not None else None
        if bad is not None or text is None:
            raise MapError(f"无法读取对照表 {map_file}：{bad.message if bad else '不是 UTF-8 文本'}")
        maps = load_map(text, map_file.name, ledgers())
    wanted = {s.name for s in ledgers().sheets} | {m.source for m in maps.values() if m.source}
    grid = read_workbook(path, sheets=wanted)
    return run_import(root, grid, today=today, enterprise=enterprise, maps=maps, dry_run=dry_run)


__all__ = ["Loaded", "NotReady", "Package", "alerts", "annual_package", "diff", "figures", "figures_json",
           "ledger_export", "ledger_import", "ledger_template", "load", "monthly_package", "validate", "workbook",
           "write_ledgers", "write_package"]
