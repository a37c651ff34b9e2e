"""不接受符号链接

数据仓库中的符号链接不会被跟随：它可能指向仓库以外的文件。

```text
enterprises/x/risks.yaml -> /etc/passwd
```

修正：用真实文件替换链接。
"""

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL007", name="symlink", severity=Severity.ERROR, title="不接受符号链接")


def finding(rel: str, what: str = "文件") -> Finding:
    """``rel`` is a link: it is reported and never read."""
    return RULE.finding(rel, 1, 1, "", f"“{rel}”是符号链接，不会被读取；请换成真实的{what}")
