"""文件无法读取

文件存在但无法打开（权限不足、是特殊文件等）。其中的记录不会被统计。

```text
enterprises/taoxi-reservoir/risks.yaml   （权限 000）
```

修正：检查文件权限（`chmod 644`），或重新检出仓库。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL014", name="unreadable-file", severity=Severity.ERROR, title="文件无法读取")
