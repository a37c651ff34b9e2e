"""字段互相矛盾

只允许二选一或只在特定条件下出现的字段：5S 评价 `scores` 与 `total` 恰好一个；
`inspection` 只能用于 `source: 监管检查`；`checklist_item` 需要 `checklist`；
`verified_on` 需要 `rectified_on`。

```yaml
- date: 2023-05-26
  post: 机修岗
  evaluator: 林晓东
  scores: {整理: 18, 整顿: 17, 清扫: 19, 清洁: 18, 素养: 16}
  total: 88
```

修正：删除多余的字段或补上缺少的前提字段。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.model.conditions import EVALUATION, HAZARD, given, unmet
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL206", name="conflicting-fields", severity=Severity.ERROR, title="字段互相矛盾")

ROLES = ("hazards", "five_s")


NEEDS: dict[str, str] = {
    "rectified_on": "填写了验收日期 verified_on 却没有整改完成日期 rectified_on；验收销号前须先整改完成",
}
"""The message for each prerequisite field (``needs``) of the hazard table, by field."""


def check_file(ctx: FileContext) -> Iterator[Issue]:
    """The contradictions of the conditions table (model/conditions.py), and checklist_item without checklist."""
    if ctx.role == "five_s":
        for i, e in enumerate(ctx.model.evaluations):
            if len(given(EVALUATION, e)) > 1:
                yield RULE.issue(
                    ctx.rel, ("evaluations", i, "total"),
                    "scores 与 total 只能填一个：有分项得分时总分自动相加；请删除 total 或 scores",
                    at_key=True,
                )
        return
    for i, h in enumerate(ctx.model.hazards):
        broken = [u for u in unmet(HAZARD, h) if u.kind != "then"]
        for u in broken:
            if u.kind == "otherwise_null":
                yield RULE.issue(
                    ctx.rel, ("hazards", i, u.field),
                    f"只有 {u.condition.when} 为 {u.condition.value} 的隐患才填写 {u.field}，这条的来源是 {h.source}；"
                    f"请删除 {u.field} 或把来源改为 {u.condition.value}",
                    at_key=True,
                )
        if h.checklist_item is not None and h.checklist is None:
            yield RULE.issue(
                ctx.rel, ("hazards", i, "checklist_item"),
                "填写了 checklist_item 却没有 checklist；请同时写明是哪张清单",
                at_key=True,
            )
        for u in broken:
            if u.kind == "needs":
                yield RULE.issue(ctx.rel, ("hazards", i, u.condition.when), NEEDS[u.field])


CHECKS = (FileCheck(RULE, ROLES, check_file),)
