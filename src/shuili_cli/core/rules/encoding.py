"""文件编码不是 UTF-8

所有数据文件必须是 UTF-8 编码（可带 BOM）。记事本或 WPS 默认保存的 GBK 文件会被拒绝，
而不是读成乱码。

```text
enterprises/taoxi-reservoir/risks.yaml  （以 GBK 编码保存）
```

修正：在编辑器中“另存为”，编码选择 UTF-8。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL002", name="encoding", severity=Severity.ERROR, title="文件编码不是 UTF-8")
