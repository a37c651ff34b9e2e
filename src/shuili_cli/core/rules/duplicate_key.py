"""同一映射中键重复

同一个映射里同一个键出现两次时，YAML 解析器通常只保留后一个值，前一个值会被悄悄丢掉。
本工具把它作为错误，并指出两处行号。

```yaml
- id: H-2023-001
  deadline: 2023-05-20
  deadline: 2023-05-25
```

修正：删除或合并重复的键。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL003", name="duplicate-key", severity=Severity.ERROR, title="同一映射中键重复")


def message(key: str, first_line: int, line: int) -> str:
    """``key`` appears again at ``line`` in the mapping where it first appeared at ``first_line``."""
    return f"键“{key}”在同一映射中重复出现（第 {first_line} 行和第 {line} 行）；请删除或合并其中一个"
