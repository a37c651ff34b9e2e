"""不认识的非 YAML 文件

企业文件夹或 `bureau/` 中的其他文件（如 `.xlsx`、`.pdf`）不会被读取。

```text
enterprises/taoxi-reservoir/隐患台账.xlsx
```

修正：放到 `attachments/` 文件夹下，或删除。
"""

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL102", name="unknown-other-file", severity=Severity.WARNING, title="不认识的非 YAML 文件")


def finding(rel: str, where: str, name: str) -> Finding:
    """A file that is not YAML, in ``where`` (outside attachments/)."""
    return RULE.finding(rel, 1, 1, "", f"{where}中的文件“{name}”不会被读取；附件请放在 attachments/ 文件夹下")
