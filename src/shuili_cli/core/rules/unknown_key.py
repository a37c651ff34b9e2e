"""未知字段

拼错的字段名（如 `deadlin:`）不会被悄悄忽略，否则它的值会从报表中消失。
消息会给出最接近的已知字段名。

```yaml
- id: H-2023-001
  deadlin: 2023-05-20
```

修正：改为提示的字段名。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL202", name="unknown-key", severity=Severity.ERROR, title="未知字段")
