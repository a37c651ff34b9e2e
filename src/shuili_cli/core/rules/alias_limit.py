"""别名使用过多

YAML 的锚点（`&a`）和别名（`*a`）可以被用来构造指数级膨胀的“别名炸弹”。
一个文件中别名展开超过 100 次即停止读取该文件。

```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
```

修正：不要使用锚点和别名，直接写出内容。
"""

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL005", name="alias-limit", severity=Severity.ERROR, title="别名使用过多")
