"""``shuili import``: a filled-in ledger workbook into the repository, validated before anything is written.

1. Each sheet is bound to the catalogue (headers found, or given by ``--map``); every cell is read
   (dates in any of Excel's forms, numbers stored as text, NBSP ...); problems name ``sheet!cell``.
2. Rows are merged into the stored records by id (:mod:`merge`) and the changed files are edited
   in place, keeping every other byte (:mod:`shuili_cli.core.edit`).
3. The repository as it would then be is validated (:mod:`stage`). Any finding the import would
   introduce is reported at the cell it came from, and nothing is written.
4. Otherwise the files are written atomically (not with ``dry_run``) and the review is returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from shuili_cli.core.edit import EditError, apply_edits, write_files
from shuili_cli.core.ledger.bind import Bound, SheetMap, bind
from shuili_cli.core.ledger.catalogue import ENTERPRISE_ID, LedgerSheet, ledgers
from shuili_cli.core.ledger.export import NAME_PREFIX
from shuili_cli.core.ledger.fingerprint import PREFIX
from shuili_cli.core.ledger.grid import SheetGrid, WorkbookGrid
from shuili_cli.core.ledger.guard import Guard, owner_problem
from shuili_cli.core.ledger.merge import Merger, Planned, finding_ref, locate
from shuili_cli.core.ledger.rows import CellIssue, Row, merged_problems, read_rows
from shuili_cli.core.ledger.stage import StageResult, check
from shuili_cli.core.ledger.stored import RepoData, read_repo
from shuili_cli.core.review.diff import DiffResult

MAX_ISSUES = 1000
"""Problems listed at most (as ``validate`` lists at most 1,000 per file); the rest are counted."""


class ImportRefused(ValueError):
    """The workbook cannot be imported as asked (a usage error: which enterprise, which sheets)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    issues: tuple[CellIssue, ...]          # errors block the import; the others are notes
    notes: tuple[str, ...]
    review: DiffResult | None
    written: tuple[str, ...]               # files written (none on a dry run or an error)
    added: int
    changed: int
    unchanged: int

    @property
    def errors(self) -> list[CellIssue]:
        return [i for i in self.issues if i.error]


def _enterprise(grid: WorkbookGrid, given: str | None) -> str | None:
    marked = grid.meta.get("enterprise") or None
    if given and marked and given != marked:
        raise ImportRefused(f"工作簿属于企业 {marked}，与 --enterprise {given} 不一致；请确认文件后重试")
    target = given or marked
    rows_of = {k.split(":")[2] for k in grid.meta if k.startswith(PREFIX) and k.count(":") >= 3} - {""}
    if target is not None and grid.meta.get("kind") == "enterprise" and rows_of and rows_of != {target}:
        raise ImportRefused(f"工作簿中的记录导出自企业 {'、'.join(sorted(rows_of))}，而不是 {target}；"
                            "请用该企业自己的工作簿")
    return target


def _bind_all(grid: WorkbookGrid, maps: Mapping[str, SheetMap]) -> tuple[list[Bound], list[str]]:
    catalogue = ledgers()
    bound: list[Bound] = []
    notes: list[str] = []
    by_source = {(m.source or name): name for name, m in maps.items()}
    for sheet_grid in grid.sheets:
        name = by_source.get(sheet_grid.name, sheet_grid.name)
        if name not in maps and grid.kind == "csv" and len(grid.sheets) == 1 and len(maps) == 1:
            name = next(iter(maps))
        sheet = catalogue.sheet(name)
        if sheet is not None and sheet_grid.hidden:
            notes.append(f"工作表“{sheet_grid.name}”是隐藏的，未导入：导入的内容应当人人看得见；如需导入，请先取消隐藏")
            continue
        if sheet is None and grid.kind == "csv":
            sheet = _guess_csv(sheet_grid)
        if sheet is None:
            if sheet_grid.name not in ("填写说明",) and not sheet_grid.hidden:
                notes.append(f"工作表“{sheet_grid.name}”不是台账工作表，未导入")
            continue
        if not sheet.importable:
            notes.append(f"工作表“{sheet.name}”由其他工作表推算，导入时忽略")
            continue
        result = bind(sheet_grid, sheet, catalogue.county_columns if sheet.scope == "enterprise" else (),
                      maps.get(sheet.name))
        if isinstance(result, str):
            notes.append(result)
            continue
        bound.append(result)
        notes.extend(result.notes)
    return bound, notes


def _guess_csv(sheet_grid: SheetGrid) -> LedgerSheet | None:
    """A CSV file has one sheet named after the file: the catalogue sheet whose headers it has most."""
    from shuili_cli.core.ledger.bind import header_texts, normal_header

    best: LedgerSheet | None = None
    score = 0
    rows = sheet_grid.rows
    for sheet in ledgers().sheets:
        if not sheet.importable:
            continue
        known = {normal_header(c.header) for c in (*ledgers().county_columns, *sheet.columns)}
        n = max((len(set(header_texts(r).values()) & known) for r in rows[:10]), default=0)
        if n > score:
            best, score = sheet, n
    return best if score >= 2 else None


def plan_import(root: Path, grid: WorkbookGrid, *, enterprise: str | None,
                maps: Mapping[str, SheetMap]) -> tuple[Planned, list[str], RepoData]:
    """The edits the workbook asks for, with every cell problem."""
    target = _enterprise(grid, enterprise)
    bound, notes = _bind_all(grid, maps)
    lost = sorted({k.split(":")[1] for k in grid.meta if k.startswith(PREFIX)} - {b.sheet.name for b in bound})
    if lost and not maps:
        raise ImportRefused(f"导出时工作簿中有工作表“{'”“'.join(lost)}”，现在找不到了（是否改了工作表名？）；"
                            "改名的工作表不会导入，其中的修改会丢失：请把名字改回后再导入")
    if not bound:
        raise ImportRefused(f"“{Path(grid.path).name}”中没有可导入的台账工作表（应有：" +
                            "、".join(s.name for s in ledgers().sheets if s.importable) + "）")
    routed = any(c.derived == ENTERPRISE_ID for b in bound for c in b.columns.values())
    needs_target = any(b.sheet.scope == "enterprise" and not any(c.derived == ENTERPRISE_ID for c in b.columns.values())
                       for b in bound)
    if needs_target and target is None:
        raise ImportRefused("无法确定工作簿属于哪家企业：请用 --enterprise <企业编号> 指定"
                            "（shuili export 导出的工作簿会自带企业编号）")
    data = read_repo(root, None if routed or target is None else [target])
    if target is not None and target not in data.enterprises:
        raise ImportRefused(f"仓库中没有企业 {target}（enterprises/{target}/）；新企业请先用 shuili new enterprise 建档")
    issues: list[CellIssue] = [CellIssue("", rel, f"{rel} 有错误（语法错误、符号链接或无法读取），无法核对其中的记录；"
                                               "请先修正（shuili validate 查看），再导入") for rel in data.unreadable]
    base = {k: v for k, v in grid.meta.items() if k.startswith(PREFIX)}
    merger = Merger(root, data, Guard(base, grid.meta.get("as_of", "")), target)
    for b in bound:
        issues.extend(merged_problems(b))
        checklist_rows: dict[str, list[Row]] = {}
        for row in read_rows(b, grid.epoch_1904, issues):
            problem = owner_problem(b, row, target)
            if problem is not None:
                issues.append(problem)
                continue
            ent_id = row.enterprise or target
            ent = data.enterprises.get(ent_id) if ent_id else None
            if b.sheet.scope == "enterprise" and ent is None:
                issues.append(CellIssue(b.grid.name, row.enterprise_ref or str(row.number),
                                        f"企业编号“{ent_id or ''}”不在仓库中；请填写 enterprises/ 下已有的企业编号"))
                continue
            exported = grid.meta.get(f"{NAME_PREFIX}{ent.id}") if ent is not None else None
            if ent is not None and row.name and row.enterprise is not None and row.name not in (ent.name, exported):
                issues.append(CellIssue(b.grid.name, row.enterprise_ref,
                                        f"企业编号 {ent.id} 是“{ent.name}”，而这一行的企业名称是“{row.name}”："
                                        "是不是排序或粘贴时错了行？请核对后重新填写"))
                continue
            if b.sheet.record == "enterprise":
                assert ent is not None
                merger.profile(b, row, ent)
            elif b.sheet.record == "checklist":
                assert ent is not None
                checklist_rows.setdefault(ent.id, []).append(row)
            else:
                merger.record(b, row, ent if b.sheet.scope == "enterprise" else None)
        for ent_id, rows in checklist_rows.items():
            merger.checklists(b, rows, data.enterprises[ent_id])
    merger.plan.issues[:0] = issues
    notes += merger.plan.notes
    touched = sorted({rel.split("/")[1] for rel, edits in merger.plan.edits.items() if edits and rel.startswith("enterprises/")})
    if len(touched) > 1 or (target is None and any(rel.startswith("bureau/") for rel in merger.plan.edits)):
        shown = "、".join(touched[:10]) + (f" 等 {len(touched)} 家" if len(touched) > 10 else "")
        notes.append(f"本工作簿改动了{'县局的执法记录和' if any(r.startswith('bureau/') for r in merger.plan.edits) else ''}"
                     f"{len(touched)} 家企业的记录（{shown or '无'}）：只有县局自己的全县汇总工作簿应当这样；"
                     "来自企业的工作簿请先核对下面的变化")
    return merger.plan, notes, data


def _render_files(root: Path, plan: Planned) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for rel, edits in plan.edits.items():
        if not edits:
            continue
        path = root / rel
        original = path.read_bytes() if rel not in plan.headers and path.is_file() and not path.is_symlink() else None
        try:
            files[rel] = apply_edits(original, edits, header=plan.headers.get(rel, ""))
        except EditError as exc:
            plan.issues.append(CellIssue("", rel, f"{rel}：{exc}；请先修正该文件再导入"))
    return files


def _cell_findings(plan: Planned, staged: StageResult) -> list[CellIssue]:
    out = []
    for f in staged.introduced:
        found = locate(plan, f.file, f.path)
        if found is None:
            out.append(CellIssue("", f"{f.file}:{f.line}:{f.column}", f"{f.message}（{f.code}）", f.is_error))
            continue
        origin, fieldpath = found
        ref, header = finding_ref(origin, fieldpath, f.message)
        out.append(CellIssue(origin.bound.grid.name, ref, f"（{header}）{f.message}（{f.code}）" if header else
                             f"{f.message}（{f.code}）", f.is_error))
    return out


def _capped(issues: list[CellIssue]) -> list[CellIssue]:
    """At most :data:`MAX_ISSUES` listed, errors first, then one line counting the rest."""
    if len(issues) <= MAX_ISSUES:
        return issues
    kept = sorted(issues, key=lambda i: not i.error)[:MAX_ISSUES]
    rest = len(issues) - MAX_ISSUES
    return [*kept, CellIssue("", "", f"另有 {rest} 个问题未列出；请先改正上面这些，再重新导入", error=any(
        i.error for i in issues))]


def run_import(root: Path, grid: WorkbookGrid, *, today: date, enterprise: str | None = None,
               maps: Mapping[str, SheetMap] | None = None, dry_run: bool = False) -> ImportResult:
    """Import ``grid`` into ``root``: nothing is written when anything is wrong or on ``dry_run``."""
    plan, notes, _ = plan_import(root, grid, enterprise=enterprise, maps=maps or {})
    # The rows without problems are merged and validated even when other rows have problems, so
    # that every error comes in one round; nothing is written unless there is none.
    files = _render_files(root, plan) if len(plan.issues) <= MAX_ISSUES else {}
    review = None
    issues = list(plan.issues)
    if files and not any(i.sheet == "" and i.error for i in issues):
        staged = check(root, files, today=today, review=True, labels=("导入前", "导入后"))
        issues.extend(_cell_findings(plan, staged))
        review = staged.review
    issues = _capped(issues)
    written: tuple[str, ...] = ()
    if files and not any(i.error for i in issues) and not dry_run:
        try:
            write_files(root, files)
        except EditError as exc:
            issues.append(CellIssue("", "", f"无法写入：{exc}"))
        else:
            written = tuple(sorted(files))
    return ImportResult(tuple(issues), tuple(notes), review, written, plan.added, plan.changed, plan.unchanged)


__all__ = ["ImportRefused", "ImportResult", "plan_import", "run_import"]
