"""数值超出范围

分数、金额、人数超出范围：5S 各项 0–20、总分 0–100，金额不能为负且最多 4 位小数，
罚款金额大于 0，移送人数至少 1，列表至少一项。

```yaml
scores: {整理: 25, 整顿: 17, 清扫: 19, 清洁: 18, 素养: 16}
```

修正：改为范围内的数值。
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import ModelError, Rule

RULE = Rule(code="SL205", name="out-of-range", severity=Severity.ERROR, title="数值超出范围")

_BOUNDS = {"greater_than_equal": ("ge", "≥"), "greater_than": ("gt", ">"),
           "less_than_equal": ("le", "≤"), "less_than": ("lt", "<")}


def _fmt(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def message(err: ModelError) -> str | None:
    """A number beyond its bounds or places, a list too short; None for other errors."""
    if err.type in _BOUNDS:
        key, sym = _BOUNDS[err.type]
        return f"{err.name} 的值 {_fmt(err.value)} 超出范围：应 {sym} {err.ctx.get(key)}"
    if err.type == "decimal_max_places":
        return f"{err.name} 的值 {_fmt(err.value)} 小数位过多：最多 {err.ctx.get('decimal_places')} 位小数"
    if err.type == "too_short":
        return f"{err.name} 至少需要 {err.ctx.get('min_length', 1)} 项"
    return None
