"""Merging ledger rows into the repository's records, by id.

- A row whose id is known updates only the fields whose cells differ from what is stored
  (``0.80`` stored and ``0.8`` in the cell is no change; an emptied cell removes the field).
- A row without an id is a new record with the next id; a row with an unknown id is a new record
  with that id.
- Records absent from the sheet are left alone.
Records are identified as ``shuili diff`` identifies them: by ``id`` (a checklist item by its
checklist's id and its own), a 5S evaluation by (date, post, person).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from shuili_cli.core.edit.edits import AppendRecord, Edit, SetFields, SetTop
from shuili_cli.core.init import nest
from shuili_cli.core.ledger.bind import Bound
from shuili_cli.core.ledger.guard import Guard, bureau_only
from shuili_cli.core.ledger.placement import Target, next_id, target_file, year_of
from shuili_cli.core.ledger.rows import CellIssue, Row, ref_for
from shuili_cli.core.ledger.stored import RECORD_FILES, EnterpriseData, RepoData, Stored, value_at

ITEMS = "items"
IDENTITY = frozenset({("id",), (ITEMS, "id"), ("date",), ("post",), ("person",)})
"""Fields that name the record: kept in a row even when unchanged (a 5S evaluation's date, post, person)."""
# A row without an id that repeats these fields of a stored record is the same record imported again
# (a spreadsheet without an id column, sent twice): refused rather than added a second time.
TWIN_FIELDS = {"hazard": ("found_on", "description", "location"), "risk": ("name", "location", "post"),
               "action": ("date", "type", "enterprise", "note")}


def same(old: Any, new: Any) -> bool:
    """Whether a stored value and a cell's value are the same data."""
    if new is None:
        return old is None or old == "" or old == []
    if isinstance(new, Decimal):
        return isinstance(old, (int, Decimal)) and not isinstance(old, bool) and bool(Decimal(old) == new)
    if isinstance(new, list):
        return isinstance(old, list) and [str(v) for v in old] == [str(v) for v in new]
    if isinstance(new, (date, int)):
        return bool(old == new)
    return old is not None and not isinstance(old, (dict, list)) and str(old) == str(new)


@dataclass(slots=True)
class Origin:
    bound: Bound
    row: int


@dataclass(slots=True)
class Planned:
    """What the rows ask for, file by file, and where each record came from."""

    edits: dict[str, list[Edit]] = field(default_factory=lambda: defaultdict(list))
    headers: dict[str, str] = field(default_factory=dict)                 # new file -> its first lines
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)  # (file, "hazards[3]") -> row
    issues: list[CellIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    appended: dict[tuple[str, str], int] = field(default_factory=dict)   # (file, list path) -> records added


def _value_key(value: Any) -> str:
    return "" if value is None else value.isoformat() if isinstance(value, date) else str(value)


def _key(kind: str, values: dict[tuple[str, ...], Any]) -> tuple[str, ...]:
    if kind == "evaluation":
        return tuple(_value_key(values.get((f,))) for f in ("date", "post", "person"))
    return (_value_key(values.get(("id",))),)


class Merger:
    """Plans the edits of one workbook against the stored records."""

    def __init__(self, root: Any, data: RepoData, guard: Guard | None = None, target: str | None = None) -> None:
        self.root = root
        self.data = data
        self.guard = guard or Guard({}, "")
        self.target = target          # the enterprise whose workbook this is (None: the county's)
        self.plan = Planned()
        self._ambiguous: set[tuple[str, str | None, tuple[str, ...]]] = set()
        self._new_ids: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        self._indexes: dict[tuple[str, str | None, bool], dict[tuple[str, ...], Stored]] = {}

    # ------------------------------------------------------------------ helpers

    def _records(self, kind: str, ent: EnterpriseData | None) -> list[Stored]:
        return self.data.actions if kind == "action" else ent.records.get(kind, []) if ent else []

    def _files(self, kind: str, ent: EnterpriseData | None) -> list[str]:
        return self.data.action_files if kind == "action" else ent.files.get(kind, []) if ent else []

    def _index(self, kind: str, ent: EnterpriseData | None, twins: bool = False) -> dict[tuple[str, ...], Stored]:
        """The stored records by identity (or, with ``twins``, by :data:`TWIN_FIELDS`), built once."""
        key = (kind, ent.id if ent is not None and kind != "action" else None, twins)
        out = self._indexes.get(key)
        if out is None:
            out = self._indexes[key] = {}
            fields = TWIN_FIELDS.get(kind, ()) if twins else ("date", "post", "person") if kind == "evaluation" else ("id",)
            for s in self._records(kind, ent):
                k = tuple(_value_key(s.data.get(f)) for f in fields)
                if k in out and not twins:
                    self._ambiguous.add((kind, key[1], k))
                out.setdefault(k, s)
        return out

    def _changes(self, stored: dict[str, Any], values: dict[tuple[str, ...], Any]) -> dict[tuple[str, ...], Any]:
        return {path: new for path, new in values.items() if not same(value_at(stored, path), new)}

    def _origin(self, rel: str, path: str, bound: Bound, row: int) -> None:
        self.plan.origins[(rel, path)] = Origin(bound, row)

    def _append(self, rel: str, list_path: str, existing: int) -> int:
        n = self.plan.appended.get((rel, list_path), 0)
        self.plan.appended[(rel, list_path)] = n + 1
        return existing + n

    def _twin(self, kind: str, ent: EnterpriseData | None, record: dict[str, Any]) -> Stored | None:
        fields = TWIN_FIELDS.get(kind)
        if fields is None or any(record.get(f) is None for f in fields[:2]):   # the others may be blank
            return None
        return self._index(kind, ent, twins=True).get(tuple(_value_key(record.get(f)) for f in fields))

    def _admit(self, bound: Bound, row: Row, owner: str | None, key: str, stored: dict[str, Any] | None) -> bool:
        """Whether a row goes on to be merged: not a second copy of a record, not a stale or deleted one
        (see guard.py). With the export's digests, the row keeps only the cells the workbook changed."""
        issue = self.guard.duplicate(bound, row, owner, key)
        if issue is None and stored is None:
            gone = self.guard.gone(bound, row, owner, key)
            if isinstance(gone, str):
                self.plan.notes.append(gone)
                self.plan.unchanged += 1
                return False
            issue = gone
        elif issue is None and stored is not None:
            take, issue = self.guard.three_way(bound, row, owner, key, stored)
            if take is not None and issue is None:
                if not take:
                    self.plan.unchanged += 1
                    return False
                row.values = {p: v for p, v in row.values.items() if p in take or p in IDENTITY}
        if issue is not None:
            self.plan.issues.append(issue)
            return False
        return True

    def _new_id(self, bound: Bound, kind: str, ent: EnterpriseData | None, record: dict[str, Any]) -> str:
        scope = None if kind == "action" else ent.id if ent else None
        taken = [str(s.data.get("id")) for s in self._records(kind, ent)] + self._new_ids[(scope, kind)]
        new = next_id(bound.sheet.id_format, taken, year_of(kind, record) if kind in ("hazard", "action") else None)
        self._new_ids[(scope, kind)].append(new)
        return new

    # ------------------------------------------------------------------ rows

    def profile(self, bound: Bound, row: Row, ent: EnterpriseData) -> None:
        given = row.values.get(("id",))
        if given is not None and str(given) != ent.id:
            self.plan.issues.append(CellIssue(bound.grid.name, row.refs[("id",)],
                                              f"（企业编号）“{given}”与导入的企业 {ent.id} 不一致；企业编号不能在台账中修改"))
            return
        if ent.profile_rel is None:
            self.plan.issues.append(CellIssue(bound.grid.name, str(row.number), f"企业 {ent.id} 没有 enterprise.yaml"))
            return
        if not self._admit(bound, row, ent.id, "profile", ent.profile):
            return
        changes = self._changes(ent.profile, {p: v for p, v in row.values.items() if p != ("id",)})
        self._origin(ent.profile_rel, "", bound, row.number)
        if changes:
            self.plan.edits[ent.profile_rel].append(SetTop(changes))
            self.plan.changed += 1
        else:
            self.plan.unchanged += 1

    def checklists(self, bound: Bound, rows: list[Row], ent: EnterpriseData) -> None:
        """三张清单: one row per item (merge_checklists.py)."""
        from shuili_cli.core.ledger.merge_checklists import merge_checklists

        merge_checklists(self, bound, rows, ent)

    def record(self, bound: Bound, row: Row, ent: EnterpriseData | None) -> None:
        kind = bound.sheet.record
        list_key = RECORD_FILES[kind][1]
        index = self._index(kind, ent)
        key = _key(kind, row.values)
        stored = index.get(key) if any(key) else None
        owner = ent.id if ent is not None and kind != "action" else None
        if stored is not None and (kind, owner, key) in self._ambiguous:
            self.plan.issues.append(CellIssue(bound.grid.name, row.refs.get(("id",), str(row.number)),
                f"仓库中有不止一条记录的编号是“{'/'.join(key)}”（如 {stored.rel}）；"
                "请先改正重复的编号（shuili validate），再导入"))
            return
        if any(key):
            if not self._admit(bound, row, owner, "/".join(key) if kind == "evaluation" else key[0],
                               stored.data if stored is not None else None):
                return
        elif kind in TWIN_FIELDS:   # a new row without an id: the same date and description twice is one record
            twin_key = "twin:" + "/".join(_value_key(row.values.get((f,))) for f in TWIN_FIELDS[kind])
            issue = self.guard.duplicate(bound, row, owner, twin_key)
            if issue is not None:
                self.plan.issues.append(issue)
                return
        if kind == "action" and self.target is not None:
            if stored is None or self._changes(stored.data, row.values):
                self.plan.issues.append(bureau_only(bound, row, stored is not None))
            else:
                self.plan.unchanged += 1
            return
        if stored is not None:
            self._origin(stored.rel, f"{list_key}[{stored.index}]", bound, row.number)
            changes = self._changes(stored.data, row.values)
            if changes:
                match = {"id": key[0]} if kind != "evaluation" else dict(zip(("date", "post", "person"), key, strict=True))
                self.plan.edits[stored.rel].append(SetFields(list_key, match, changes))
                self.plan.changed += 1
            else:
                self.plan.unchanged += 1
            return
        values = dict(row.values)
        record = nest(values)
        given = values.get(("id",))
        if given is not None and kind != "evaluation":
            slip = self.guard.look_alike(bound, row, str(given), (str(s.data.get("id")) for s in self._records(kind, ent)))
            if slip is not None:
                self.plan.issues.append(slip)
                return
        twin = self._twin(kind, ent, record)
        if twin is not None and given is None:
            if not self._changes(twin.data, {p: v for p, v in values.items() if p != ("id",)}):
                self.plan.unchanged += 1      # the same record sent again without its id (a running ledger)
                return
            words = "、".join(next((c.header for c in bound.sheet.columns if c.field == (f,)), f)
                             for f in TWIN_FIELDS[kind])
            self.plan.issues.append(CellIssue(bound.grid.name, row.refs.get(("id",), str(row.number)),
                f"这一行没有编号，但{words}与已有记录 {twin.data.get('id')}（{twin.rel}）相同，其他栏却不同：如果是同一条，"
                f"请填上编号 {twin.data.get('id')}；如果确是新的一条，请在{words}中写出区别"))
            return
        if twin is not None:
            self.plan.issues.append(CellIssue(bound.grid.name, row.refs.get(("id",), str(row.number)),
                f"编号“{given}”是新的，但这一行与已有记录 {twin.data.get('id')}（{twin.rel}）的内容相同；"
                f"如果是同一条，请把编号写成 {twin.data.get('id')}"))
            return
        if kind != "evaluation" and values.get(("id",)) is None:
            record = {"id": self._new_id(bound, kind, ent, record), **record}
        if kind == "action" and ent is not None and "enterprise" not in record:
            record["enterprise"] = ent.id
        self._add(bound, row, kind, ent, list_key, record)

    def _add(self, bound: Bound, row: Row, kind: str, ent: EnterpriseData | None, list_key: str,
             record: dict[str, Any]) -> tuple[str, str]:
        """Append ``record`` to the file it belongs in; its (file, path) for locating findings."""
        files = self._files(kind, ent)
        target: Target = target_file(self.root, kind, ent.id if ent else None, record, files,
                                     self._records(kind, ent))
        if target.header:
            self.plan.headers.setdefault(target.rel, target.header)
        existing = sum(1 for s in self._records(kind, ent) if s.rel == target.rel)
        at = self._append(target.rel, list_key, existing)
        self._origin(target.rel, f"{list_key}[{at}]", bound, row.number)
        self.plan.edits[target.rel].append(AppendRecord(list_key, record))
        self.plan.added += 1
        return target.rel, f"{list_key}[{at}]"


def locate(plan: Planned, file: str, path: str) -> tuple[Origin, tuple[str, ...]] | None:
    """The row an introduced finding at ``file``/``path`` (``hazards[3].deadline``) came from, and the field."""
    best: tuple[Origin, str] | None = None
    for (rel, prefix), origin in plan.origins.items():
        if rel == file and (path == prefix or path.startswith(prefix + ".") or (prefix == "" and path)):
            if best is None or len(prefix) > len(best[1]):
                best = (origin, prefix)
    if best is None:
        return None
    rest = path[len(best[1]):].lstrip(".")
    parts = tuple(p.split("[")[0] for p in rest.split(".") if p) if rest else ()
    return best[0], parts


def finding_ref(origin: Origin, fieldpath: tuple[str, ...], message: str = "") -> tuple[str, str]:
    """The cell of the field a finding is about (``H12``) and its column's header: the longest known
    column path first; for a finding on the whole record (a missing field), the column whose field
    the message names; else the row's id cell."""
    fields = {c.field: c.header for c in origin.bound.columns.values() if c.field is not None}
    for n in range(len(fieldpath), 0, -1):
        if fieldpath[:n] in fields:
            return ref_for(origin.bound, origin.row, fieldpath[:n]), fields[fieldpath[:n]]
    named = [f for f in fields if re.search(rf"(?<![A-Za-z_]){re.escape(f[-1])}(?![A-Za-z_])", message)]
    if named:
        best = max(named, key=lambda f: len(f[-1]))
        return ref_for(origin.bound, origin.row, best), fields[best]
    return ref_for(origin.bound, origin.row, ("id",)), ""


__all__ = ["ITEMS", "Merger", "Origin", "Planned", "finding_ref", "locate", "same"]
