"""缺少必填字段

记录缺少必填字段，或条件必填字段（例如设置了 `rectified_on` 却没有 `measures`，
`source: 监管检查` 却没有 `inspection`，`level: 车间` 却没有 `department`）。

```yaml
hazards:
  - id: H-2023-001
    found_on: 2023-05-04
    # 缺少 source、description、grade、responsible、deadline
```

修正：补上所列字段。
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.model.conditions import CHECKLIST, EVALUATION, HAZARD, given, unmet
from shuili_cli.core.rules._base import FileCheck, FileContext, ModelError, Rule

RULE = Rule(code="SL201", name="missing-field", severity=Severity.ERROR, title="缺少必填字段")

ROLES = ("hazards", "checklists", "enforcement", "five_s")


def message(err: ModelError) -> str | None:
    """A required field (or a union's tag) that is missing or blank; None for other errors."""
    if err.type == "missing":
        return f"缺少必填字段 {err.name}；请补上"
    if err.type in ("string_too_short", "string_pattern_mismatch"):
        return f"字段 {err.name} 不能为空（也不能只有空格）"
    if err.type == "union_tag_not_found":
        tag = str(err.ctx.get("discriminator", "")).strip("'")
        return f"缺少必填字段“{tag}”；它决定这条记录需要哪些字段"
    return None


def empty_message(name: str, swallowed: str | None) -> str:
    """A field written with no value; ``swallowed`` is the comment that ate it, if any."""
    extra = (f"；“{swallowed}”被当作注释，如果它是内容请加引号写成 \"{swallowed}\"" if swallowed
             else "；请填写，或删除这一行")
    return f"字段 {name} 的值为空{extra}"


# The message for each field the conditions table (model/conditions.py) makes required, by model;
# a record's findings come out in this order.
MISSING: dict[str, dict[str, Callable[[Any], str]]] = {
    "Hazard": {
        "measures": lambda h: f"隐患 {h.id} 已填写整改完成日期 rectified_on，缺少整改措施 measures；请补上",
        "verified_by": lambda h: f"隐患 {h.id} 已填写验收日期 verified_on，缺少验收人 verified_by；请补上",
        "inspection": lambda h: f"隐患 {h.id} 来源为 监管检查，缺少 inspection（发现它的那次 检查 行动的编号）；请补上",
    },
    "Checklist": {
        "department": lambda c: f"清单 {c.id} 的层级是 车间，缺少 department（车间或部门名称）；请补上",
        "post": lambda c: f"清单 {c.id} 的层级是 岗位，缺少 post（岗位或班组名称）；请补上",
    },
}

NONE_GIVEN = "5S 评价缺少得分：请填写 scores（整理、整顿、清扫、清洁、素养各 0–20 分）或 total（0–100 分）之一"

_LISTS = {"hazards": ("hazards", HAZARD, "Hazard"), "checklists": ("checklists", CHECKLIST, "Checklist")}


def check_file(ctx: FileContext) -> Iterator[Issue]:
    """Fields that are required only under a condition (the table in model/conditions.py)."""
    if ctx.role in _LISTS:
        key, conditions, model = _LISTS[ctx.role]
        messages = MISSING[model]
        for i, rec in enumerate(getattr(ctx.model, key)):
            fields = {u.field for u in unmet(conditions, rec) if u.kind == "then"}
            for f, message in messages.items():
                if f in fields:
                    yield RULE.issue(ctx.rel, (key, i), message(rec))
    elif ctx.role == "enforcement":
        for i, a in enumerate(ctx.model.actions):
            if a.enterprise is None and getattr(a, "party", None) is None:
                yield RULE.issue(
                    ctx.rel, ("actions", i),
                    f"行动 {a.id}（{a.type}）缺少对象：请填写 enterprise（企业编号），没有档案的对象填写 party",
                )
    elif ctx.role == "five_s":
        for i, e in enumerate(ctx.model.evaluations):
            if not given(EVALUATION, e):
                yield RULE.issue(ctx.rel, ("evaluations", i), NONE_GIVEN)


CHECKS = (FileCheck(RULE, ROLES, check_file),)
