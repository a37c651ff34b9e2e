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

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
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
    filled = filled or today
    return document(_compute(loaded, period), loaded.settings, filled, loaded.problems,
                    source=provenance(root, loaded, filled))


def provenance(root: Path, loaded: Loaded, generated_on: date) -> dict[str, object]:
    """figures.json's ``source``: the unit, git HEAD (when a checkout), version, date, digest of the records read."""
    from shuili_cli import __version__
    from shuili_cli.core.outputs.provenance import source_document
    from shuili_cli.core.source.layout import SETTINGS_FILE

    settings = loaded.settings
    rels = [*loaded.result.roles, SETTINGS_FILE]
    limit = settings.limits.max_file_mb * 1024 * 1024 if settings is not None else None
    return source_document(settings.unit.name if settings else "", root, rels, generated_on, __version__, limit)


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
    book = workbook(fig, settings, filled, problems)
    files = {
        names.workbook: book,
        names.figures: document(fig, settings, filled, problems, source=provenance(root, loaded, filled),
                                workbook_sha256=hashlib.sha256(book).hexdigest()).encode("utf-8"),
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
    workbook (with its 月度趋势 sheet and charts) and figures.json, the annual 工作总结 (with the
    month-by-month table, the campaign's phases and 典型经验), and the HTML overview of the charts."""
    from shuili_cli.core.figures.catalogue import templates_dir
    from shuili_cli.core.outputs import annual
    from shuili_cli.core.outputs.report import annual_names
    from shuili_cli.core.outputs.report import figures_json as document
    from shuili_cli.render.annual import notices, render_annual_docx, render_annual_markdown
    from shuili_cli.render.annual_html import render_overview
    from shuili_cli.render.annual_xlsx import add_trend_sheet

    loaded = load(root, today, draft=draft, progress=progress)
    filled = filled or today
    settings, problems = loaded.settings, loaded.problems
    content, fig = annual.build(loaded.result.repo, period, filled, problems, draft=draft)
    names = annual_names(settings, period)
    trend = annual.trend(content)
    book = add_trend_sheet(workbook(fig, settings, filled, problems), trend, filled)
    files = {
        names.workbook: book,
        names.figures: document(fig, settings, filled, problems, source=provenance(root, loaded, filled),
                                workbook_sha256=hashlib.sha256(book).hexdigest()).encode("utf-8"),
        names.summary_md: render_annual_markdown(content, templates_dir()).encode("utf-8"),
        names.summary_docx: render_annual_docx(content),
        names.charts: render_overview(content, trend, templates_dir()).encode("utf-8"),
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


# ----------------------------------------------------------------- 岗位安全风险告知卡 (shuili cards)

if TYPE_CHECKING:
    from shuili_cli.core.outputs.cards import EnterpriseCards


@dataclass(frozen=True, slots=True)
class CardPages:
    """One HTML page per enterprise (file name -> bytes) and what each holds, in the same order."""

    files: dict[str, bytes]
    enterprises: list[EnterpriseCards]
    closed: list[EnterpriseCards] = field(default_factory=list)   # left out of "every enterprise": closed by as_of
    empty: list[EnterpriseCards] = field(default_factory=list)    # no risk point in force: no page written


def cards(root: Path, as_of: date, *, today: date, enterprises: Sequence[str] | None = None) -> CardPages:
    """岗位安全风险告知卡 and 四色风险分布 of ``enterprises`` as of ``as_of`` (None: every enterprise not closed
    by then; one named is made even when closed, ``EnterpriseCards.closed`` says so), one page each, none for
    an enterprise without a risk point in force (``CardPages.empty``); ``core/outputs/cards.py`` says how
    cards are made. Raises ``UnknownEnterprise``
    (naming the closest ids) and ``NotReady`` when those enterprises' files have errors (a card on a wall
    must not be made from records that do not validate)."""
    from shuili_cli.core.figures.catalogue import templates_dir
    from shuili_cli.core.outputs.cards import CARDS_TAIL, check_enterprises, enterprise_file, read_enterprises
    from shuili_cli.core.source.layout import discover
    from shuili_cli.render.cards import render_cards
    from shuili_cli.render.diagnostics import text_line

    known = discover(root).enterprise_dirs
    ids = sorted(known) if enterprises is None else check_enterprises(known, enterprises)
    feeds = tuple(f"enterprises/{i}/" for i in ids)
    loaded = load(root, today, draft=True)
    problems = [text_line(f) for f in loaded.result.findings if f.is_error and f.file.startswith(feeds)]
    if problems:
        raise NotReady(problems)
    made = read_enterprises(root, ids, as_of)
    closed = [ec for ec in made if ec.closed] if enterprises is None else []
    empty = [ec for ec in made if ec not in closed and ec.total == 0]
    shown = [ec for ec in made if ec not in closed and ec not in empty]
    names = {folder: rec.name for folder, rec in loaded.result.repo.enterprises.items()}
    files = {enterprise_file(ec.name, ec.id, CARDS_TAIL, names): render_cards(ec, templates_dir()).encode("utf-8")
             for ec in shown}
    return CardPages(files, shown, closed, empty)


write_cards = write_ledgers
"""The pages go into the folder itself, each atomically; the folder's other files (other enterprises' pages
from an earlier run) are kept."""


# ----------------------------------------------------------------- the static site (shuili site)


@dataclass(frozen=True, slots=True)
class SiteWritten:
    """What ``shuili site`` wrote: the folder, how many pages and bytes, the headline month."""

    folder: Path
    pages: int              # HTML pages
    workbooks: int          # ledger workbooks (with_ledgers)
    size: int               # bytes of both
    enterprises: int
    month: str
    problems: list[str]


def _site_cards(root: Path, loaded: Loaded, ids: Sequence[str], as_of: date) -> Callable[[str], bytes | None]:
    """Each enterprise's 岗位安全风险告知卡 page for the site (as ``shuili cards`` makes it); none for an
    enterprise whose files have errors (as ``cards`` refuses them)."""
    from shuili_cli.core.figures.catalogue import templates_dir
    from shuili_cli.core.outputs.cards import read_enterprises
    from shuili_cli.render.cards import render_cards

    broken = {f.file.split("/")[1] for f in loaded.result.findings
              if f.is_error and f.file.startswith("enterprises/") and f.file.count("/") >= 2}
    made = {ec.id: ec for ec in read_enterprises(root, [i for i in ids if i not in broken], as_of)}

    def page(folder: str) -> bytes | None:
        ec = made.get(folder)
        return None if ec is None or ec.closed or ec.total == 0 else render_cards(ec, templates_dir()).encode("utf-8")

    return page


def write_site(root: Path, folder: Path, as_of: date, *, today: date, with_ledgers: bool = False,
               progress: Progress | None = None) -> SiteWritten:
    """Build the county's static site as of ``as_of`` and write it into ``folder`` a folder at a time
    (each atomically, with the user's other files kept, see ``core.outputs.atomic``); the folders of an
    earlier run that this one does not write (a renamed enterprise, another month's explain pages) lose
    the files their manifests list, and go when nothing else is in them. The repository's errors are
    counted and every page says it is a draft (the records with errors are counted in), never refused.
    ``with_ledgers``: each enterprise's ledger workbook (``shuili export``) beside its page, except where
    errors would make it wrong.
    Raises ``OutputDirError`` (a folder of the data, or a link inside the site) or ``OSError``."""
    from shuili_cli.core.outputs.atomic import remove_written, write_files
    from shuili_cli.core.outputs.report import OutputDirError, data_folder_of
    from shuili_cli.core.site import load_site
    from shuili_cli.render.site import ENTERPRISES, FORMS, ledger_books, site_pages

    for sub in ("", ENTERPRISES, FORMS):   # the site's own enterprises/ must never be the data's
        name = data_folder_of(root, folder / sub if sub else folder)
        if name is not None:
            where = f"网站的 {sub}/ 文件夹" if sub else "网站"
            raise OutputDirError(f"输出目录“{folder}”不行：{where}会落在数据仓库的 {name}/ 文件夹里（直接或经由符号链接），"
                                 "网页会被当作数据；请去掉 --out（默认写入仓库根目录下的 site/），或换一个不在数据里的目录")
    loaded = load(root, today, draft=True, progress=progress)
    data = load_site(loaded.result.repo, as_of, validation_errors=len(loaded.problems))
    ledgers = None
    if with_ledgers:
        errors = {f.file for f in loaded.result.findings if f.is_error}
        ledgers = ledger_books(root, errors, sorted(data.enterprise_ids()), as_of,
                               loaded.settings.unit.name if loaded.settings else "")
    cards = _site_cards(root, loaded, sorted(data.enterprise_ids()), as_of)
    pages = workbooks = size = 0
    written: set[tuple[str, ...]] = set()
    for page in site_pages(data, ledgers, cards, filled=today):
        target = folder
        for part in page.folder:
            target = target / part
            if target.is_symlink():
                raise OutputDirError(f"网站目录中的“{target}”是符号链接：不会通过它写入；请删除这个链接后重新生成")
        write_files(target, page.files)
        written.add(page.folder)
        html = sum(name.endswith(".html") for name in page.files)
        pages, workbooks = pages + html, workbooks + len(page.files) - html
        size += sum(len(b) for b in page.files.values())
    for sub in (ENTERPRISES, FORMS):   # pages of an earlier run (a renamed enterprise, another month): gone
        if (folder / sub).is_symlink() or not (folder / sub).is_dir():
            continue
        old = [p.name for p in (folder / sub).iterdir() if p.is_dir() and not p.is_symlink() and (sub, p.name) not in written]
        for name in old:
            remove_written(folder / sub / name)
    return SiteWritten(folder, pages, workbooks, size, len(data.enterprise_ids()), data.overview.month.label,
                       loaded.problems)


# ----------------------------------------------------------------- the city's roll-up (shuili rollup)

if TYPE_CHECKING:
    from shuili_cli.core.rollup import Rollup, Submission


class SubmissionPathError(ValueError):
    """A SUBMISSION argument that names neither a report folder nor a repository (a usage error)."""


@dataclass(frozen=True, slots=True)
class RollupPackage:
    """The roll-up's files (workbook, figures.json) to be written into ``folder``, and what they hold."""

    folder: str
    files: dict[str, bytes]
    rollup: Rollup


def _repository_submission(root: Path, where: str, period: Period, today: date, filled: date) -> Submission:
    """A county repository computed directly, as its ``shuili report`` would (errors: ``SubmissionError``)."""
    from shuili_cli.core.outputs.provenance import sha256_hex
    from shuili_cli.core.outputs.report import dumps_document, figures_document
    from shuili_cli.core.rollup import Submission, SubmissionError

    try:
        loaded = load(root, today, draft=False)
    except NotReady as exc:
        shown = "；".join(exc.problems[:3]) + ("……" if len(exc.problems) > 3 else "")
        raise SubmissionError(f"{where}：县数据仓库有 {len(exc.problems)} 个错误，不能汇总（{shown}）；"
                              "请县里先修正（shuili validate 查看全部）") from None
    source = provenance(root, loaded, filled)
    fig = _compute(loaded, period)
    doc = figures_document(fig, loaded.settings, filled, source=source)
    s = loaded.settings
    return Submission(name=s.unit.name if s else "", unit_type=s.unit.type if s else "", where=where,
                      kind="repository", month=period.label, basis=period.basis, as_of=doc.get("as_of"),
                      figures=dict(fig.values), sha256=sha256_hex(dumps_document(doc).encode("utf-8")), source=source)


def _submission(path: Path, period: Period, today: date, filled: date) -> tuple[Submission, list[str]]:
    """One SUBMISSION argument read and checked on its own: (submission, problems). Raises
    ``SubmissionError`` (unreadable) and ``SubmissionPathError`` (not a submission at all)."""
    import os

    from shuili_cli.core.figures.catalogue import forms
    from shuili_cli.core.ledger.grid import SheetReadError
    from shuili_cli.core.rollup import (
        COUNTY_ROW,
        FIGURES_FILE,
        SubmissionError,
        check_cells,
        check_submission,
        find_workbook,
        read_submission,
    )
    from shuili_cli.core.source.layout import SETTINGS_FILE
    from shuili_cli.render.rollup_xlsx import read_unit_cells

    where = str(path)
    if not os.path.lexists(path):
        raise SubmissionPathError(f"“{where}”不存在；请写县里报表文件夹（含 figures.json）或县数据仓库的路径")
    if path.is_symlink():
        raise SubmissionError(f"{where}：是符号链接，不会通过它读取；请直接写出它指向的文件夹")
    if path.is_dir() and not os.path.lexists(path / FIGURES_FILE) and (path / SETTINGS_FILE).is_file():
        sub = _repository_submission(path, where, period, today, filled)
        return sub, check_submission(sub, period)
    if path.is_dir() and not os.path.lexists(path / FIGURES_FILE):
        raise SubmissionPathError(f"“{where}”既不是报表文件夹（没有 {FIGURES_FILE}），也不是数据仓库（没有 {SETTINGS_FILE}）；"
                                  "请写 shuili report 生成的报表文件夹（如 reports/2023-05）或县数据仓库的目录")
    sub = read_submission(path / FIGURES_FILE if path.is_dir() else path, where)
    problems = check_submission(sub, period)
    if not problems:
        book = find_workbook(sub)
        try:
            cells = read_unit_cells(book, forms(), COUNTY_ROW)
        except SheetReadError as exc:
            raise SubmissionError(f"{where}：{exc.message}") from None
        problems = check_cells(sub, cells, book.name)
    return sub, problems


def rollup_figures(submissions: Sequence[Path], period: Period, *, today: date, city: Path | None = None,
                   filled: date | None = None, partial: bool = False, progress: Progress | None = None) -> Rollup:
    """The city's two rows from the city repository (``city``) and the counties' ``submissions``, every check
    passed; ``progress`` is called with (submissions read, submissions). Raises ``RollupRefused`` (the
    problems, exit 1), ``NotReady`` (the city repository has errors) and ``SubmissionPathError`` (an
    argument that is not a submission: a usage error)."""
    from shuili_cli.core.rollup import CITY_ROW, Rollup, RollupRefused, SubmissionError, add_up, check_together, ordered

    filled = filled or today
    problems: list[str] = []
    expected: list[str] | None = None
    unit = {"name": "", "type": CITY_ROW, "region": ""}
    city_values = city_source = None
    reporter = ("", "")
    if city is not None:
        loaded = load(city, today, draft=False)
        s = loaded.settings
        if s is not None:
            unit = {"name": s.unit.name, "type": s.unit.type, "region": s.unit.region}
            expected = list(s.counties) if s.counties is not None else None
            reporter = (s.reporter.name or "", s.reporter.phone or "") if s.reporter is not None else ("", "")
        if s is None or s.unit.type != CITY_ROW:
            problems.append(f"--city-repo {city}：填报单位类型是“{unit['type']}”，不是“{CITY_ROW}”；"
                            f"请指定市水利局自己的数据仓库（shuili.yaml 中 unit.type: {CITY_ROW}）")
        elif expected is None:
            problems.append(f"--city-repo {city}：shuili.yaml 没有 counties 列表；请列出要汇总的各县填报单位名称"
                            "（与各县 shuili.yaml 的 unit.name 相同），否则无法检查缺报和多报")
        city_values = dict(_compute(loaded, period).values)
        city_source = provenance(city, loaded, filled)
    subs = []
    for done, path in enumerate(submissions, 1):
        try:
            sub, own = _submission(path, period, today, filled)
        except SubmissionError as exc:
            problems.append(exc.message)
            continue
        finally:
            if progress is not None:
                progress(done, len(submissions))
        subs.append(sub)
        problems += own
    together, missing = check_together(subs, expected, partial=partial)
    problems += together
    if problems:
        raise RollupRefused(problems)
    counties = ordered(subs, expected)
    return Rollup(period, unit, city_values, add_up(counties), counties, missing, city_source, reporter)


def rollup_package(submissions: Sequence[Path], period: Period, *, today: date, city: Path | None = None,
                   filled: date | None = None, partial: bool = False,
                   progress: Progress | None = None) -> RollupPackage:
    """The city's workbook (附件1, 附件2 with both rows filled, and 分县明细) and the roll-up's figures.json;
    raises as :func:`rollup_figures`. Nothing is written yet (:func:`write_rollup`)."""
    from shuili_cli.core.figures.catalogue import forms
    from shuili_cli.core.outputs.provenance import sha256_hex
    from shuili_cli.core.outputs.report import dumps_document, safe_stem
    from shuili_cli.core.rollup import CITY_ROW, COUNTY_ROW, rollup_document
    from shuili_cli.render.rollup_xlsx import add_county_sheet
    from shuili_cli.render.xlsx import build_workbook

    filled = filled or today
    r = rollup_figures(submissions, period, today=today, city=city, filled=filled, partial=partial, progress=progress)
    rows = {COUNTY_ROW: r.total} if r.city is None else {CITY_ROW: r.city, COUNTY_ROW: r.total}
    book = build_workbook(forms(), r.total, unit_name=r.unit["name"], unit_type=COUNTY_ROW, region=r.unit["region"],
                          reporter=r.reporter[0], phone=r.reporter[1], fill_date=filled, period=period, rows=rows,
                          notice=r.notice)
    book = add_county_sheet(book, r, filled)
    when = f"{period.year}年{period.month}月" + (f"（1-{period.month}月累计）" if period.ytd else "")
    if period.partial_end is not None:
        when += f"（截至{period.partial_end.month}月{period.partial_end.day}日）"
    tail = f"-{when}-汇总月报表.xlsx"
    files = {safe_stem(r.unit["name"] or "汇总", tail) + tail: book,
             "figures.json": dumps_document(rollup_document(r, filled, sha256_hex(book))).encode("utf-8")}
    return RollupPackage(period.label + ("-ytd" if period.ytd else "") + "-汇总", files, r)


def write_rollup(base: Path, package: RollupPackage, roots: Sequence[Path]) -> Path:
    """Write the roll-up into ``base/<folder>`` (other files there kept); never into the data of any of
    ``roots`` (the city repository, the county repositories read). Raises ``OutputDirError`` or ``OSError``."""
    from shuili_cli.core.outputs.atomic import write_files
    from shuili_cli.core.outputs.report import check_output_folder

    target = base / package.folder
    for root in roots:
        check_output_folder(root, target)
    write_files(target, package.files)
    return target


@dataclass(frozen=True, slots=True)
class RollupShare:
    """One row's part of a rolled-up figure (``shuili explain KEY --rollup``)."""

    name: str
    value: int | Decimal
    kind: str        # "city": the city repository's own row; "figures" / "repository": a county's submission
    where: str


def rollup_contributions(key: str, paths: Sequence[Path], period: Period, *, today: date, city: Path | None = None,
                         partial: bool = False) -> tuple[list[RollupShare], int | Decimal, list[str]]:
    """What each county (and the city's own row) contributes to ``key``: (shares, the counties' sum, the
    counties missing). Raises as :func:`rollup_figures`."""
    r = rollup_figures(paths, period, today=today, city=city, partial=partial)
    shares = [RollupShare(r.unit["name"], r.city[key], "city", str(city))] if r.city is not None else []
    shares += [RollupShare(s.name, s.figures[key], s.kind, s.where) for s in r.counties]
    return shares, r.total[key], list(r.missing)
