"""已发生的事情日期在今天之后

发现、整改、验收、评价、执法、获奖、生效、评级、发文等已发生事件的日期不能晚于今天
（中国标准时间，`--today` 可指定）。计划日期（`deadline`、`expires_on`）不受此限。

```yaml
rectified_on: 2031-05-18
```

修正：核对年份。
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from shuili_cli.core.findings import Issue, Severity, YamlPath
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL402", name="future-date", severity=Severity.ERROR, title="已发生的事情日期在今天之后")

ROLES = ("enterprise", "checklists", "risks", "hazards", "five_s", "documents", "assessments", "enforcement")

# Fields of records that state something has happened (planned dates excluded).
_EVENT_FIELDS = {
    "checklists": ("established_on",),
    "risk_points": ("identified_on", "retired_on"),
    "hazards": ("found_on", "rectified_on", "verified_on"),
    "evaluations": ("date",),
    "documents": ("issued_on", "withdrawn_on"),
    "assessments": ("assessed_on",),
    "actions": ("date", "end_date"),
    "standardization": ("effective_on",),
    "benchmarks": ("awarded_on", "revoked_on"),
    "premium": ("awarded_on", "revoked_on"),
    "demo_posts": ("awarded_on", "revoked_on"),
}


def events(role: str, model: Any) -> Iterator[tuple[YamlPath, date]]:
    """Every "has happened" date of a validated file, with its path."""
    if role == "enterprise":
        for key in ("registered_on", "closed_on"):
            value = getattr(model, key)
            if value is not None:
                yield (key,), value
        for block, field in (("responsibility_system", "established_on"), ("five_s", "adopted_on")):
            sub = getattr(model, block)
            if sub is not None:
                yield (block, field), getattr(sub, field)
        if model.six_have is not None:
            for key in type(model.six_have).model_fields:
                value = getattr(model.six_have, key)
                if isinstance(value, date):
                    yield ("six_have", key), value
        lists: tuple[str, ...] = ("standardization", "benchmarks", "premium", "demo_posts")
    else:
        lists = tuple(k for k in _EVENT_FIELDS if k in type(model).model_fields)
    for key in lists:
        for i, record in enumerate(getattr(model, key)):
            for field in _EVENT_FIELDS[key]:
                value = getattr(record, field, None)
                if isinstance(value, date):
                    yield (key, i, field), value


def newest_event(role: str, model: Any) -> str | None:
    newest = max((d for _, d in events(role, model)), default=None)
    return newest.isoformat() if newest is not None else None


def check_file(ctx: FileContext) -> Iterator[Issue]:
    if ctx.today is None:
        return
    for path, value in events(ctx.role, ctx.model):
        if value > ctx.today:
            yield RULE.issue(
                ctx.rel, path,
                f"{path[-1]} 为 {value.isoformat()}，晚于今天（{ctx.today.isoformat()}）；已发生的事情不能记在将来，"
                "请核对年份和月份",
            )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
