"""日期不存在

形如 `YYYY-MM-DD` 但并不存在的日期（2 月 30 日、13 月）。

```yaml
found_on: 2023-02-30
```

修正：改为真实的日期。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL008", name="invalid-date", severity=Severity.ERROR, title="日期不存在")


def message(value: str) -> str:
    """``value`` looks like YYYY-MM-DD but is no date."""
    return f"日期“{value}”不存在（月份或日期超出范围）；请改为真实的日期，格式 YYYY-MM-DD"
