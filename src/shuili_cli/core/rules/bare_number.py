"""应为文本却写成了裸数字

YAML 把不加引号的数字读成数值：电话、代码开头的 0 会丢失，`1.10` 会变成 `1.1`。
需要文本的字段（电话、信用代码、文号等）写成数字时报错。编号（`id`）可以写成不以 0 开头的整数。

```yaml
contact:
  phone: 059523881234
```

修正：加引号，写成 `phone: "059523881234"`。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL009", name="bare-number", severity=Severity.ERROR, title="应为文本却写成了裸数字")
