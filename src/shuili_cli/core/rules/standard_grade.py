"""达标标准与等级组合不允许

`国标`、`省标` 只能配 `一级`、`二级`、`三级`、`自评`；`地标` 只能配 `达标`（不分级）或 `自评`。

```yaml
standardization:
  - standard: 地标
    grade: 二级
    effective_on: 2023-03-01
```

修正：地标写 `grade: 达标`。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.domain.standardization import ALLOWED_GRADES
from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL503", name="standard-grade", severity=Severity.ERROR, title="达标标准与等级组合不允许")

ROLES = ("enterprise",)

def check_file(ctx: FileContext) -> Iterator[Issue]:
    for i, rec in enumerate(ctx.model.standardization):
        allowed = ALLOWED_GRADES[rec.standard]
        if rec.grade not in allowed:
            yield RULE.issue(
                ctx.rel, ("standardization", i, "grade"),
                f"{rec.standard} 不能配等级“{rec.grade}”；{rec.standard} 只能是 " + "、".join(allowed)
                + ("（地标统一按不定级达标统计）" if rec.standard == "地标" else ""),
            )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
