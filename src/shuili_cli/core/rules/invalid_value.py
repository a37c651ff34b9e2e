"""取值不在允许范围

枚举字段只接受规定的中文术语，必须逐字一致（例如 `scale` 只能是 `规上企业`、`中等企业`、`小微企业`）。

```yaml
scale: 规模以上
```

修正：改为消息中列出的某个取值。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL203", name="invalid-value", severity=Severity.ERROR, title="取值不在允许范围")
