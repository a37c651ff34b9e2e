"""未知字段

拼错的字段名（如 `deadlin:`）不会被悄悄忽略，否则它的值会从报表中消失。
消息会给出最接近的已知字段名。

```yaml
- id: H-2023-001
  deadlin: 2023-05-20
```

修正：改为提示的字段名。
"""

import difflib

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL202", name="unknown-key", severity=Severity.ERROR, title="未知字段")


def message(key: str, known: list[str]) -> str:
    """``key`` is not one of the mapping's ``known`` fields (pydantic ``extra_forbidden``)."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"是不是“{close[0]}”？" if close else "可用的字段：" + "、".join(known)
    return f"未知字段“{key}”；{hint}"
