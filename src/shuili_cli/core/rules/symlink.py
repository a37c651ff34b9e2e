"""不接受符号链接

数据仓库中的符号链接不会被跟随：它可能指向仓库以外的文件。

```text
enterprises/x/risks.yaml -> /etc/passwd
```

修正：用真实文件替换链接。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL007", name="symlink", severity=Severity.ERROR, title="不接受符号链接")
