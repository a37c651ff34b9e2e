"""``shuili diff``: what a change means in safety terms, record by record.

Both sides are loaded like any repository (a revision as read from git's objects),
sharing the work tree's content-hash cache, so unchanged files cost a hash and
a cache read. Only files whose content differs are parsed again to compare
their records field by field.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from shuili_cli.core.dates import previous_month
from shuili_cli.core.figures.facts import item_lines
from shuili_cli.core.figures.figures import Number, Period, compute
from shuili_cli.core.findings import Finding
from shuili_cli.core.review.describe import RecordChange, describe
from shuili_cli.core.review.validate import load_or_empty, new_findings
from shuili_cli.core.source import gitio
from shuili_cli.core.source.cache import ResultCache
from shuili_cli.core.source.pipeline import DEFAULT_MAX_BYTES, parse_bytes, read_bytes, validate_model
from shuili_cli.core.source.repository import LoadResult, Repository

KIND_WORDS = {
    "enterprise": "企业", "standardization": "达标定级", "benchmark": "标杆", "premium": "精品",
    "demo_post": "示范岗位", "checklist": "检查清单", "risk_point": "风险点", "hazard": "隐患",
    "five_s": "5S 考评", "document": "标准规范文件", "assessment": "整体评级", "action": "执法行动",
}

# role -> [(list key or "" for the file itself, kind, identity fields)]
_RECORDS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "enterprise": [("", "enterprise", ("id",)), ("standardization", "standardization", ("standard", "effective_on")),
                   ("benchmarks", "benchmark", ("level", "awarded_on")), ("premium", "premium", ("level", "awarded_on")),
                   ("demo_posts", "demo_post", ("post", "level", "awarded_on"))],
    "checklists": [("checklists", "checklist", ("id",))],
    "risks": [("risk_points", "risk_point", ("id",))],
    "hazards": [("hazards", "hazard", ("id",))],
    "five_s": [("evaluations", "five_s", ("date", "post", "person"))],
    "documents": [("documents", "document", ("id",))],
    "assessments": [("assessments", "assessment", ("enterprise", "assessed_on"))],
    "enforcement": [("actions", "action", ("id",))],
}
_SUBLISTS = ("standardization", "benchmarks", "premium", "demo_posts")
PLANNED = frozenset({"deadline", "expires_on"})  # dates of what is planned, not of what happened
MAX_MONTHS = 24  # months whose figures one diff compares (without --month)


@dataclass(frozen=True, slots=True)
class Record:
    kind: str
    enterprise: str | None
    id: str
    file: str
    line: int
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """The figures of one month that differ between the two sides."""

    period: Period
    figures: dict[str, tuple[Number, Number]]


@dataclass(slots=True)
class DiffResult:
    """``period``/``figures``: the newest month with changed figures (else the newest month compared);
    ``months``: every compared month whose figures changed, oldest first; ``compared``: all months compared."""

    base: str
    head: str
    period: Period
    records: list[RecordChange] = field(default_factory=list)
    figures: dict[str, tuple[Number, Number]] = field(default_factory=dict)
    months: list[MonthFigures] = field(default_factory=list)
    compared: list[Period] = field(default_factory=list)
    by_dates: bool = False  # the months were chosen by the records' dates (no --month)
    introduced: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # changed files with errors: records not compared


def _plain(value: Any) -> Any:
    """JSON-ready values: dates as ISO text, decimals as numbers, models as dicts."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _records(root: Path, rel: str, role: str, enterprise: str | None) -> list[Record] | None:
    """Every identifiable record of one file, with its line; None when the file cannot be read
    completely (its records would otherwise look removed)."""
    raw, bad = read_bytes(root / rel, rel, DEFAULT_MAX_BYTES)
    if raw is None or bad is not None:
        return None
    parsed = parse_bytes(raw, rel)
    if parsed.fatal:
        return None
    model, _ = validate_model(role, parsed, rel)
    if model is None:
        return None
    dumped = model.model_dump(mode="python")
    out: list[Record] = []
    for key, kind, ident in _RECORDS[role]:
        if not key:
            data = {k: v for k, v in dumped.items() if k not in _SUBLISTS}
            out.append(Record(kind, enterprise, str(dumped["id"]), rel, 1, _plain(data)))
            continue
        lines = item_lines(parsed.root, key)
        for i, item in enumerate(dumped.get(key) or []):
            rid = " ".join(str(_plain(item.get(f))) for f in ident if item.get(f) is not None)
            ent = enterprise if role not in ("assessments", "enforcement") else item.get("enterprise")
            out.append(Record(kind, ent, rid, rel, lines[i] if i < len(lines) else 1, _plain(item)))
    return out


def _changed(base: LoadResult, head: LoadResult) -> list[str]:
    rels = set(base.keys) | set(head.keys)
    return sorted(r for r in rels if base.keys.get(r) != head.keys.get(r))


Index = dict[tuple[str, "str | None", str], Record]


def _index(root: Path, loaded: LoadResult, rels: list[str]) -> tuple[Index, set[str]]:
    """Records of the changed files by identity, and the files that could not be compared."""
    out: Index = {}
    skipped: set[str] = set()
    for rel in rels:
        where = loaded.roles.get(rel)
        if where is None:
            continue
        records = _records(root, rel, *where)
        if records is None:
            skipped.add(rel)
            continue
        for rec in records:
            out[(rec.kind, rec.enterprise, rec.id)] = rec
    return out, skipped


def _names(*loads: LoadResult) -> dict[str, str]:
    names: dict[str, str] = {}
    for ld in loads:
        names.update({k: e.name for k, e in ld.repo.enterprises.items()})
    return names


def _days(values: Any, today: date, out: set[date]) -> set[date]:
    """The ISO dates (not after today) among record values, nested blocks included, planned dates aside."""
    if isinstance(values, dict):
        for k, v in values.items():
            if k not in PLANNED:
                _days(v, today, out)
    elif isinstance(values, (list, tuple)):
        for v in values:
            _days(v, today, out)
    elif isinstance(values, str) and len(values) == 10 and values[4] == "-" and values[7] == "-":
        try:
            day = date.fromisoformat(values)
        except ValueError:
            return out
        if day <= today:
            out.add(day)
    return out


def _period(year: int, month: int, today: date) -> Period:
    if (year, month) == (today.year, today.month):
        return Period(year, month, partial_end=today)
    return Period(year, month)


def periods_for_diff(month: Period | None, records: list[dict[str, Any]], today: date) -> list[Period]:
    """The months whose figures a diff compares: ``--month``; else every month from the oldest to the
    newest date in the changed records (the dates of what happened, not after today; at most
    :data:`MAX_MONTHS`, else only the months of those dates, newest kept); else the previous month."""
    if month is not None:
        return [month]
    days: set[date] = set()
    for data in records:
        _days(data, today, days)
    if not days:
        return [Period(*previous_month(today))]
    own = sorted({(d.year, d.month) for d in days})
    (y, m), last = own[0], own[-1]
    span = [(y, m)]
    while span[-1] < last and len(span) <= MAX_MONTHS:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        span.append((y, m))
    months = span if len(span) <= MAX_MONTHS else own[-MAX_MONTHS:]
    return [_period(y, m, today) for y, m in months]


def _verify(root: Path, top: Path, rev: str) -> str:
    """The commit of ``rev``; one git does not know is said for a clerk first (the CI hint only in a shallow clone)."""
    try:
        return gitio.verify(root, rev)
    except gitio.GitProblem:
        if rev.startswith("-"):
            raise
    said = (f"找不到版本“{rev}”：这个仓库里没有叫这个名字的分支、标签或提交。"
            "比较最近一次提交的改动请用 shuili diff HEAD~1；本地有哪些分支可用 git branch 查看")
    if gitio.is_shallow(top):
        said += f"。这是浅克隆（shallow clone），历史不完整：{gitio.SHALLOW_HINT}"
    raise gitio.GitProblem(said) from None


def compare(root: Path, base_rev: str, head_rev: str | None, *, today: date, month: Period | None = None) -> DiffResult:
    """Compare the repository at ``base_rev`` with ``head_rev`` (default: the work tree)."""
    top = gitio.toplevel(root)
    base_commit = _verify(root, top, base_rev)
    if head_rev is not None:
        _verify(root, top, head_rev)
    # Like `git diff BASE...HEAD`: what the branch changed since it split off, not what BASE
    # gained meanwhile.
    fork = gitio.merge_base(root, base_rev, head_rev)
    cache_dir = ResultCache.for_repo(root).dir  # shared entries: unchanged files are parsed once
    label = base_rev if base_commit == fork else f"{base_rev}（分叉点 {fork[:8]}）"
    with tempfile.TemporaryDirectory(prefix="shuili-diff-") as tmp:
        base_root = gitio.export(root, fork, Path(tmp) / "base")
        head_root = root if head_rev is None else gitio.export(root, head_rev, Path(tmp) / "head")
        return compare_trees(base_root, head_root, today=today, month=month, cache_dir=cache_dir,
                             labels=(label, head_rev or "工作区"), head_is_export=head_rev is not None)


def compare_trees(base_root: Path, head_root: Path, *, today: date, month: Period | None = None,
                  cache_dir: Path | None = None, labels: tuple[str, str] = ("修改前", "修改后"),
                  base_is_export: bool = True, head_is_export: bool = True) -> DiffResult:
    """Compare two repository folders (a revision's export, the work tree, or an import's staging
    copy) record by record; ``cache_dir`` shares parsed entries between them."""
    base = load_or_empty(base_root, today, export=base_is_export, cache_dir=cache_dir)
    head = load_or_empty(head_root, today, export=head_is_export, cache_dir=cache_dir)
    changed = _changed(base, head)
    before, skipped_before = _index(base_root, base, changed)
    after, skipped_after = _index(head_root, head, changed)
    unparsed = skipped_before | skipped_after
    before = {k: r for k, r in before.items() if r.file not in unparsed}
    after = {k: r for k, r in after.items() if r.file not in unparsed}
    names = _names(base, head)
    changes: list[RecordChange] = []
    touched: list[dict[str, Any]] = []  # the changed records, both sides: their dates choose the months
    for ident in sorted(set(before) | set(after), key=lambda k: (k[1] or "", k[0], k[2])):
        b, a = before.get(ident), after.get(ident)
        if b is not None and a is not None:
            fields = {k: (b.data.get(k), a.data.get(k)) for k in {**b.data, **a.data} if b.data.get(k) != a.data.get(k)}
            if not fields:
                continue
            kind, rec = "changed", a
        elif a is not None:
            kind, rec, fields = "added", a, {k: (None, v) for k, v in a.data.items() if v not in (None, [], {})}
        else:
            assert b is not None
            kind, rec, fields = "removed", b, {k: (v, None) for k, v in b.data.items() if v not in (None, [], {})}
        touched += [r.data for r in (b, a) if r is not None]
        name = names.get(rec.enterprise or "", rec.enterprise or "")
        rc = RecordChange(kind, rec.kind, rec.enterprise, name, rec.id, rec.file, rec.line, fields, "")
        changes.append(RecordChange(**{**_asdict(rc), "summary": describe(rc)}))
    compared = periods_for_diff(month, touched, today)
    months = [m for m in (_month_figures(base.repo, head.repo, per) for per in compared) if m.figures]
    newest = months[-1] if months else MonthFigures(compared[-1], {})
    return DiffResult(
        base=labels[0], head=labels[1], period=newest.period, records=changes, figures=newest.figures,
        months=months, compared=compared, by_dates=month is None,
        unparsed=sorted(unparsed),
        introduced=new_findings(head.findings, base.findings),
        fixed=new_findings(base.findings, head.findings),
        changed_files=changed,
    )


def _month_figures(before: Repository, after: Repository, per: Period) -> MonthFigures:
    fb, fa = compute(before, per), compute(after, per)
    return MonthFigures(per, {k: (fb.values[k], fa.values[k]) for k in fa.values if fb.values[k] != fa.values[k]})


def _asdict(rc: RecordChange) -> dict[str, Any]:
    return {f: getattr(rc, f) for f in rc.__dataclass_fields__}


__all__ = ["KIND_WORDS", "MAX_MONTHS", "DiffResult", "MonthFigures", "RecordChange", "compare", "compare_trees"]
