"""编号写法会被改变

编号（`id`、`checklist_item` 等）按文本比较。以 0 开头或带正号的裸数字
（`010`、`+5`）会被 YAML 读成 10、5，与原文不同。裸数字编号必须形如 `^[1-9][0-9]*$`。

```yaml
items:
  - id: 010
```

修正：加引号 `id: "010"`，或写成 `id: 10`。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL012", name="noncanonical-number", severity=Severity.ERROR, title="编号写法会被改变")
