"""嵌套过深

数据文件的嵌套不超过几层。嵌套超过 64 层的文件视为异常输入，不再读取。

```yaml
a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ …（共 65 层） ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
```

修正：检查文件内容是否被误改。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL013", name="nesting-depth", severity=Severity.ERROR, title="嵌套过深")
