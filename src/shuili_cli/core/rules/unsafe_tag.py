"""不允许的 YAML 标签

数据来自拉取请求，不可信任。除 `!!str`、`!!map`、`!!seq` 外，任何 YAML 标签
（例如 `!!python/object`）都会被拒绝，绝不会据此构造对象。

```yaml
name: !!python/object/apply:os.system ["rm -rf /"]
```

修正：删除标签，直接写值。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL004", name="unsafe-tag", severity=Severity.ERROR, title="不允许的 YAML 标签")
