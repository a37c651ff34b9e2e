"""缺少必需的文件

每个企业文件夹必须有 `enterprise.yaml`；仓库根目录必须有 `shuili.yaml`。

```text
enterprises/taoxi-reservoir/risks.yaml   # 但没有 enterprise.yaml
```

修正：补上 `enterprise.yaml`（可用 `shuili init --example` 中的示例作参考）。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL104", name="missing-file", severity=Severity.ERROR, title="缺少必需的文件")
