"""日期先后顺序不对

`deadline`、`rectified_on` 不早于 `found_on`；`verified_on` 不早于 `rectified_on`；
`retired_on` 不早于 `identified_on`；`expires_on` 晚于 `effective_on`；`revoked_on` 不早于
`awarded_on`；`closed_on` 晚于 `registered_on`；执法行动的 `end_date` 不早于 `date`。

```yaml
found_on: 2023-05-04
deadline: 2023-05-01
```

修正：核对两个日期。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL401", name="date-order", severity=Severity.ERROR, title="日期先后顺序不对")

ROLES = ("enterprise", "risks", "hazards", "enforcement")

# (list key or "" for the file itself, earlier field, later field, strictly later?)
_PAIRS: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    "enterprise": (
        ("", "registered_on", "closed_on", True),
        ("standardization", "effective_on", "expires_on", True),
        ("benchmarks", "awarded_on", "revoked_on", False),
        ("premium", "awarded_on", "revoked_on", False),
        ("demo_posts", "awarded_on", "revoked_on", False),
    ),
    "risks": (("risk_points", "identified_on", "retired_on", False),),
    "hazards": (
        ("hazards", "found_on", "deadline", False),
        ("hazards", "found_on", "rectified_on", False),
        ("hazards", "rectified_on", "verified_on", False),
    ),
    "enforcement": (("actions", "date", "end_date", False),),
}


def check_file(ctx: FileContext) -> Iterator[Issue]:
    for key, early, late, strict in _PAIRS[ctx.role]:
        records = [(-1, ctx.model)] if not key else list(enumerate(getattr(ctx.model, key)))
        for i, rec in records:
            a, b = getattr(rec, early, None), getattr(rec, late, None)
            if a is None or b is None:
                continue
            if b < a or (strict and b == a):
                word = "晚于" if strict else "不早于"
                path = (late,) if i < 0 else (key, i, late)
                yield RULE.issue(
                    ctx.rel, path,
                    f"{late}（{b.isoformat()}）应{word} {early}（{a.isoformat()}）；请核对这两个日期",
                )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
