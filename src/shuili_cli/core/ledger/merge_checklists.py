"""三张清单 rows: one row per checklist item, the checklist's own columns repeated on each of its rows.

Functions of the :class:`shuili_cli.core.ledger.merge.Merger` (the rest of the merge lives there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shuili_cli.core.edit.edits import AppendRecord, SetFields
from shuili_cli.core.init import nest
from shuili_cli.core.ledger.bind import Bound
from shuili_cli.core.ledger.merge import ITEMS, same
from shuili_cli.core.ledger.placement import next_id
from shuili_cli.core.ledger.rows import CellIssue, Row
from shuili_cli.core.ledger.stored import EnterpriseData, Stored

if TYPE_CHECKING:
    from shuili_cli.core.ledger.merge import Merger



def merge_checklists(m: Merger, bound: Bound, rows: list[Row], ent: EnterpriseData) -> None:
    """三张清单: one row per item; the checklist's own columns repeat on each of its rows."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        cl = row.values.get(("id",))
        groups.setdefault(str(cl) if cl is not None else f"\0{row.values.get(('name',))}", []).append(row)
    index = m._index("checklist", ent)
    for key, whole in groups.items():
        stored = index.get((key,))
        group = [row for row in whole if _admit_item(m, bound, row, ent, key, stored)]
        if not group:
            continue
        head = {p: v for p, v in group[0].values.items() if p[0] != ITEMS}
        for row in group[1:]:
            for p, v in row.values.items():
                if p[0] != ITEMS and p != ("id",) and not same(head.get(p), v):
                    col = next(c for c in bound.columns.values() if c.field == p)
                    m.plan.issues.append(CellIssue(bound.grid.name, row.refs[p],
                        f"（{col.header}）同一清单的各行应相同：第 {group[0].number} 行是“{head.get(p) or ''}”"))
        items = [{p[1:]: v for p, v in row.values.items() if p[0] == ITEMS} for row in group]
        if stored is None and _checklist_twin(m, bound, group[0], key, head, index):
            continue
        if stored is None:
            _new_checklist(m, bound, group, ent, head, items)
        else:
            _checklist_items(m, bound, group, stored, head, items)

def _checklist_twin(m: Merger, bound: Bound, row: Row, key: str, head: dict[tuple[str, ...], Any],
                    index: dict[tuple[str, ...], Stored]) -> bool:
    """A new checklist that is a stored one after all: an id that only looks new (``cl-e``), or no id
    and the name of a stored checklist. Refused at the row."""
    stored_ids = [k[0] for k in index]
    if not key.startswith("\0"):
        slip = m.guard.look_alike(bound, row, key, stored_ids)
        if slip is not None:
            m.plan.issues.append(slip)
        return slip is not None
    name = head.get(("name",))
    twin = next((s for s in index.values() if name is not None and same(s.data.get("name"), name)), None)
    if twin is not None:
        m.plan.issues.append(CellIssue(bound.grid.name, row.refs.get(("id",), str(row.number)),
            f"这一行没有清单编号，但清单名称与已有清单 {twin.data.get('id')} 相同：如果是同一张清单，"
            f"请填上清单编号 {twin.data.get('id')}"))
    return twin is not None

def _admit_item(m: Merger, bound: Bound, row: Row, ent: EnterpriseData, checklist: str, stored: Stored | None) -> bool:
    item_id = row.values.get((ITEMS, "id"))
    if item_id is None:
        return True
    items = stored.data.get(ITEMS) if stored is not None else None
    old = next((i for i in items or [] if isinstance(i, dict) and str(i.get("id")) == str(item_id)), None)
    record = {**stored.data, ITEMS: old} if stored is not None and old is not None else None
    return m._admit(bound, row, ent.id, f"{checklist}/{item_id}", record)

def _new_checklist(m: Merger, bound: Bound, group: list[Row], ent: EnterpriseData, head: dict[tuple[str, ...], Any],
                   items: list[dict[tuple[str, ...], Any]]) -> None:
    record = nest(head)
    if "id" not in record:
        record = {"id": m._new_id(bound, "checklist", ent, record), **record}
    numbered = []
    taken = [str(i.get(("id",))) for i in items if i.get(("id",)) is not None]
    for item in items:
        values = nest(item)
        if "id" not in values:
            values = {"id": next_id(None, taken, None), **values}
            taken.append(values["id"])
        numbered.append(values)
    record[ITEMS] = numbered
    target, prefix = m._add(bound, group[0], "checklist", ent, "checklists", record)
    for j, row in enumerate(group):
        m._origin(target, f"{prefix}.{ITEMS}[{j}]", bound, row.number)

def _checklist_items(m: Merger, bound: Bound, group: list[Row], stored: Stored, head: dict[tuple[str, ...], Any],
                     items: list[dict[tuple[str, ...], Any]]) -> None:
    cl = str(stored.data.get("id"))
    prefix = f"checklists[{stored.index}]"
    m._origin(stored.rel, prefix, bound, group[0].number)
    changed = False
    changes = m._changes(stored.data, {p: v for p, v in head.items() if p != ("id",)})
    if changes:
        m.plan.edits[stored.rel].append(SetFields("checklists", {"id": cl}, changes))
        changed = True
    within = (("checklists", {"id": cl}),)
    old_items = [i for i in stored.data.get(ITEMS) or [] if isinstance(i, dict)]
    by_id = {str(i.get("id")): (j, i) for j, i in enumerate(old_items)}
    taken = list(by_id)
    for row, item in zip(group, items, strict=True):
        item_id = item.get(("id",))
        found = by_id.get(str(item_id)) if item_id is not None else None
        if found is not None:
            j, old = found
            m._origin(stored.rel, f"{prefix}.{ITEMS}[{j}]", bound, row.number)
            item_changes = m._changes(old, item)
            if item_changes:
                m.plan.edits[stored.rel].append(SetFields(ITEMS, {"id": str(item_id)}, item_changes, within=within))
                changed = True
            continue
        if _known_item(m, bound, row, item, old_items):
            continue
        values = nest(item)
        if "id" not in values:
            values = {"id": next_id(None, taken, None), **values}
        taken.append(str(values["id"]))
        at = m._append(stored.rel, f"{prefix}.{ITEMS}", len(old_items))
        m._origin(stored.rel, f"{prefix}.{ITEMS}[{at}]", bound, row.number)
        m.plan.edits[stored.rel].append(AppendRecord(ITEMS, values, within=within))
        m.plan.added += 1
    if changed:
        m.plan.changed += 1
    else:
        m.plan.unchanged += 1

def _known_item(m: Merger, bound: Bound, row: Row, item: dict[tuple[str, ...], Any], old: list[dict[str, Any]]) -> bool:
    """A new item row that is an existing item after all: the same 检查内容 sent again without its
    条目编号 (unchanged), or an 条目编号 that only looks new (``01`` for ``1``: refused)."""
    given = item.get(("id",))
    if given is not None:
        slip = m.guard.look_alike(bound, row, str(given), (str(i.get("id")) for i in old))
        if slip is not None:
            m.plan.issues.append(CellIssue(slip.sheet, row.refs.get((ITEMS, "id"), slip.ref), slip.message))
            return True
        return False
    content = item.get(("content",))
    twin = next((i for i in old if content is not None and same(i.get("content"), content)), None)
    if twin is None:
        return False
    if m._changes(twin, {p: v for p, v in item.items() if p != ("id",)}):
        m.plan.issues.append(CellIssue(bound.grid.name, row.refs.get((ITEMS, "id"), str(row.number)),
            f"这一行没有条目编号，但检查内容与已有条目 {twin.get('id')} 相同：如果是同一条，请填上条目编号 {twin.get('id')}"))
    return True


__all__ = ["merge_checklists"]
