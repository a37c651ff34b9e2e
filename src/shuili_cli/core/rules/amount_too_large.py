"""金额可疑地大

`amount_wan`、`funds_wan` 的单位是万元。超过 1000 万元通常是把元当成了万元。

```yaml
amount_wan: 25000     # 2.5 万元误写成 25000
```

修正：换算成万元。
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from shuili_cli.core.domain.numbers import decimal_text
from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL603", name="amount-too-large", severity=Severity.WARNING, title="金额可疑地大")

ROLES = ("hazards", "enforcement")

LIMIT = Decimal(1000)


def check_file(ctx: FileContext) -> Iterator[Issue]:
    key, field = ("hazards", "funds_wan") if ctx.role == "hazards" else ("actions", "amount_wan")
    for i, rec in enumerate(getattr(ctx.model, key)):
        value = getattr(rec, field, None)
        if value is not None and value > LIMIT:
            yield RULE.issue(
                ctx.rel, (key, i, field),
                f"{field} = {decimal_text(value)} 万元，超过 1000 万元；单位是万元，是否把元当成了万元？"
                f"（{decimal_text(value)} 元 = {decimal_text(value / 10000)} 万元）",
            )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
