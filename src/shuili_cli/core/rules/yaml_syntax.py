"""YAML 语法错误

文件不是合法的 YAML：缩进不一致、冒号后缺空格、引号不配对、使用了制表符等。
语法错误的文件无法读取，其中的记录不会计入报表。

```yaml
hazards:
  - id: H-2023-001
   found_on: 2023-05-04      # 缩进少了一格
```

修正：对齐缩进（只用空格），检查引号和冒号。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL001", name="yaml-syntax", severity=Severity.ERROR, title="YAML 语法错误")
