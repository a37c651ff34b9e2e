"""旧版 YAML 布尔值

`yes`、`no`、`on`、`off` 在 YAML 1.1 中是布尔值，在 YAML 1.2（本工具）中是文本。
不同工具读法不一，容易出错。

```yaml
note: yes
```

修正：加引号 `note: "yes"`，或改写为完整的中文。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL010", name="yaml11-boolean", severity=Severity.WARNING, title="旧版 YAML 布尔值")

WORDS = frozenset(w for base in ("yes", "no", "on", "off") for w in (base, base.capitalize(), base.upper()))
"""Plain scalars that YAML 1.1 reads as booleans and YAML 1.2 (this tool) as text."""


def message(value: str) -> str:
    """``value`` (yes, no, on, off…) is text here but a boolean to YAML 1.1 readers."""
    return f"“{value}”在旧版 YAML（1.1）中会被读作布尔值，在本工具中按文本处理；为避免歧义请加引号写成 \"{value}\""
