"""不认识的非 YAML 文件

企业文件夹或 `bureau/` 中的其他文件（如 `.xlsx`、`.pdf`）不会被读取。

```text
enterprises/taoxi-reservoir/隐患台账.xlsx
```

修正：放到 `attachments/` 文件夹下，或删除。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL102", name="unknown-other-file", severity=Severity.WARNING, title="不认识的非 YAML 文件")
