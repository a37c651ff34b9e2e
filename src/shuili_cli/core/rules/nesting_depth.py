"""嵌套过深

数据文件的嵌套不超过几层。嵌套超过 64 层的文件视为异常输入，不再读取。

```yaml
a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ …（共 65 层） ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
```

修正：检查文件内容是否被误改。
"""

from __future__ import annotations

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL013", name="nesting-depth", severity=Severity.ERROR, title="嵌套过深")

MAX_DEPTH = 64
"""Levels of lists and mappings inside each other."""


def message() -> str:
    return f"嵌套层级超过 {MAX_DEPTH} 层；本工具的数据文件最多只有几层嵌套，请检查文件内容"


def finding(rel: str, line: int, column: int) -> Finding:
    return RULE.finding(rel, line, column, "", message())
