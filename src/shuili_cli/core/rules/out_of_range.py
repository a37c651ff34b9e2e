"""数值超出范围

分数、金额、人数超出范围：5S 各项 0–20、总分 0–100，金额不能为负且最多 4 位小数，
罚款金额大于 0，移送人数至少 1，列表至少一项。

```yaml
scores: {整理: 25, 整顿: 17, 清扫: 19, 清洁: 18, 素养: 16}
```

修正：改为范围内的数值。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL205", name="out-of-range", severity=Severity.ERROR, title="数值超出范围")
