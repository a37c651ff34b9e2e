"""LEC 取值不在表中

`method: LEC` 时 L、E、C 必须取 LEC 表中的值：L ∈ {10, 6, 3, 1, 0.5, 0.2, 0.1}，
E ∈ {10, 6, 3, 2, 1, 0.5}，C ∈ {100, 40, 15, 7, 3, 1}。

```yaml
assessment: {method: LEC, L: 4, E: 6, C: 15}
```

修正：取表中最接近实际的档位。
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from shuili_cli.core.domain.numbers import decimal_text, plain_text
from shuili_cli.core.domain.risk import LEC_TABLES
from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL501", name="lec-value", severity=Severity.ERROR, title="LEC 取值不在表中")

ROLES = ("risks",)

TABLES = LEC_TABLES
"""The LEC tables (defined once in domain/risk.py)."""


def _shown(values: frozenset[Decimal]) -> str:
    return "、".join(plain_text(v) for v in sorted(values, reverse=True))


def check_file(ctx: FileContext) -> Iterator[Issue]:
    for i, point in enumerate(ctx.model.risk_points):
        a = point.assessment
        if a.method != "LEC":
            continue
        for factor, allowed in TABLES.items():
            value = getattr(a, factor)
            if value not in allowed:
                yield RULE.issue(
                    ctx.rel, ("risk_points", i, "assessment", factor),
                    f"{factor} = {decimal_text(value)} 不是 LEC 表中的取值；可选：{_shown(allowed)}",
                )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
