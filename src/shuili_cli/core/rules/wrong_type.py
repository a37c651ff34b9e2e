"""类型不对

字段的类型不对：需要日期却写了文本、需要列表却写了单个值、需要整数却写了小数等。

```yaml
found_on: 5月4日
controls: 双人操作      # 应为列表
```

修正：日期写成 `YYYY-MM-DD`；列表写成 `[双人操作]` 或多行 `- 双人操作`。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL204", name="wrong-type", severity=Severity.ERROR, title="类型不对")
