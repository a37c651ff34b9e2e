"""应为文本却写成了裸数字

YAML 把不加引号的数字读成数值：电话、代码开头的 0 会丢失，`1.10` 会变成 `1.1`。
需要文本的字段（电话、信用代码、文号等）写成数字时报错。编号（`id`）可以写成不以 0 开头的整数。

```yaml
contact:
  phone: 059523881234
```

修正：加引号，写成 `phone: "059523881234"`。
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import ModelError, Rule, describe

RULE = Rule(code="SL009", name="bare-number", severity=Severity.ERROR, title="应为文本却写成了裸数字")


def message(err: ModelError) -> str | None:
    """Text expected, but YAML read a number, a boolean or a date; None for other errors."""
    value = err.value
    if err.type != "string_type":
        return None
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        raw = err.noncanonical or err.source or str(value)
        lost = "，开头的 0 会丢失" if raw.lstrip("+-").startswith("0") and len(raw) > 1 else ""
        return f"{err.name} 应为文本，但 {raw} 会被读成数字{lost}；请加引号写成 \"{raw}\""
    if isinstance(value, (bool, date)):
        raw = err.source or str(value)
        return f"{err.name} 应为文本，但 {raw} 会被读成{describe(value)}；请加引号写成 \"{raw}\""
    return None
