"""文件过大

单个 YAML 文件超过 10 MB（`shuili.yaml` 中 `limits.max_file_mb` 可调整）时不读取。
一家企业一年的隐患通常只有几百 KB。

```text
enterprises/x/hazards/2023.yaml  （52 MB）
```

修正：按年份拆分文件，或检查是否误存了其他内容。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL006", name="file-too-large", severity=Severity.ERROR, title="文件过大")
