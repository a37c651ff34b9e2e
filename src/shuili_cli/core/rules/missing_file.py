"""缺少必需的文件

每个企业文件夹必须有 `enterprise.yaml`；仓库根目录必须有 `shuili.yaml`。

```text
enterprises/taoxi-reservoir/risks.yaml   # 但没有 enterprise.yaml
```

修正：补上 `enterprise.yaml`（可用 `shuili init --example` 中的示例作参考）。
"""

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL104", name="missing-file", severity=Severity.ERROR, title="缺少必需的文件")


def finding(rel: str) -> Finding:
    """The enterprise folder ``rel`` has no enterprise.yaml."""
    return RULE.finding(rel, 1, 1, "", f"企业文件夹“{rel}”中没有 enterprise.yaml，这家企业不会被统计；请补上企业档案")
