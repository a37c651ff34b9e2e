"""编号重复

编号必须唯一：企业内的隐患、风险点、清单编号（隐患跨所有年份文件）；清单内的条目编号；
`bureau/` 的执法行动和文件编号；同一天对同一企业的两次整体评级；同一企业同一 `effective_on`
的两条达标记录；同一 (日期, 岗位, 人员) 的两次 5S 评价。

```yaml
hazards:
  - id: H-2023-001
    ...
  - id: H-2023-001
```

修正：改用新的编号。
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from datetime import date
from typing import Any

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.repository import Repository
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL301", name="duplicate-id", severity=Severity.ERROR, title="编号重复")

ROLES = ("enterprise", "checklists", "risks", "documents", "assessments")


def _dupes(keys: Iterable[tuple[Hashable, Any]]) -> Iterator[tuple[Any, Any]]:
    """(first, repeat) location pairs for every repeated key."""
    seen: dict[Hashable, Any] = {}
    for key, where in keys:
        if key in seen:
            yield seen[key], where
        else:
            seen[key] = where


def check_file(ctx: Any) -> Iterator[Issue]:
    m = ctx.model
    if ctx.role == "enterprise":
        keys = ((s.effective_on, i) for i, s in enumerate(m.standardization))
        for first, i in _dupes(keys):
            yield RULE.issue(
                ctx.rel, ("standardization", i, "effective_on"),
                f"与第 {first + 1} 条达标记录的 effective_on 相同（{m.standardization[i].effective_on}）；"
                "同一天只能有一条记录，请核对日期",
            )
        for key in ("benchmarks", "premium"):
            items = getattr(m, key)
            for first, i in _dupes(((a.level, a.awarded_on), i) for i, a in enumerate(items)):
                yield RULE.issue(ctx.rel, (key, i), f"与第 {first + 1} 条重复（同一层级、同一授予日期）；请删除重复的一条")
        for first, i in _dupes(((p.post, p.level, p.awarded_on), i) for i, p in enumerate(m.demo_posts)):
            yield RULE.issue(ctx.rel, ("demo_posts", i), f"与第 {first + 1} 条示范岗位重复；请删除重复的一条")
    elif ctx.role == "checklists":
        for first, i in _dupes((c.id, i) for i, c in enumerate(m.checklists)):
            yield RULE.issue(ctx.rel, ("checklists", i, "id"), f"清单编号“{m.checklists[i].id}”重复（第 {first + 1} 张清单已使用）；"  # noqa: E501
                                                               "请改用新编号")
        for ci, c in enumerate(m.checklists):
            for _first, j in _dupes((item.id, j) for j, item in enumerate(c.items)):
                yield RULE.issue(
                    ctx.rel, ("checklists", ci, "items", j, "id"),
                    f"清单 {c.id} 中条目编号“{c.items[j].id}”重复；请改用新编号",
                )
    elif ctx.role == "risks":
        for _first, i in _dupes((r.id, i) for i, r in enumerate(m.risk_points)):
            yield RULE.issue(ctx.rel, ("risk_points", i, "id"), f"风险点编号“{m.risk_points[i].id}”重复；请改用新编号")
    elif ctx.role == "documents":
        for _first, i in _dupes((d.id, i) for i, d in enumerate(m.documents)):
            yield RULE.issue(ctx.rel, ("documents", i, "id"), f"文件编号“{m.documents[i].id}”重复；请改用新编号")
    elif ctx.role == "assessments":
        keys = (((a.enterprise, a.assessed_on), i) for i, a in enumerate(m.assessments))
        for first, i in _dupes(keys):
            a = m.assessments[i]
            yield RULE.issue(
                ctx.rel, ("assessments", i, "assessed_on"),
                f"企业 {a.enterprise} 在 {a.assessed_on} 已有一次评级（第 {first + 1} 条）；同一天只能有一个评级",
            )


def _unique(keys: list[Hashable]) -> bool:
    return len(set(keys)) == len(keys)


def check_repo(repo: Repository, today: date) -> Iterator[Issue]:
    for ent in repo.enterprises.values():
        if _unique([x.id for x in ent.hazards]) and _unique([(x.date, x.post, x.person) for x in ent.evaluations]):
            continue
        for first, h in _dupes((x.id, x) for x in ent.hazards):
            yield RULE.issue(
                h.file, ("hazards", h.pos, "id"),
                f"隐患编号“{h.id}”在本企业已被使用（{first.file} 第 {first.line} 行）；编号在所有年份文件中都必须唯一",
            )
        for first, e in _dupes(((x.date, x.post, x.person), x) for x in ent.evaluations):
            yield RULE.issue(
                e.file, ("evaluations", e.pos),
                f"同一日期、岗位、人员的 5S 评价重复（{first.file} 第 {first.line} 行）；请删除或合并",
            )
    for first, a in _dupes((x.id, x) for x in repo.actions):
        yield RULE.issue(
            a.file, ("actions", a.pos, "id"),
            f"行动编号“{a.id}”已被使用（{first.file} 第 {first.line} 行）；编号在所有执法文件中都必须唯一",
        )
