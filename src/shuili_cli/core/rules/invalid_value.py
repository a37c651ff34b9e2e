"""取值不在允许范围

枚举字段只接受规定的中文术语，必须逐字一致（例如 `scale` 只能是 `规上企业`、`中等企业`、`小微企业`）。

```yaml
scale: 规模以上
```

修正：改为消息中列出的某个取值。
"""

from __future__ import annotations

import difflib

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import ModelError, Rule

RULE = Rule(code="SL203", name="invalid-value", severity=Severity.ERROR, title="取值不在允许范围")


def message(err: ModelError) -> str | None:
    """A value outside a vocabulary (``err.choices()`` lists the field's terms); None for other errors."""
    if err.type in ("literal_error", "enum"):
        allowed = err.choices()
        close = difflib.get_close_matches(str(err.value), allowed, n=1, cutoff=0.3)
        hint = f"是不是“{close[0]}”？" if close and str(err.value) != close[0] else ""
        shown = "、".join(allowed) if allowed else str(err.ctx.get("expected", ""))
        return f"{err.name} 的值“{err.value}”不是允许的取值；{hint}可选：{shown}"
    if err.type == "union_tag_invalid":
        tag = str(err.ctx.get("discriminator", "")).strip("'")
        tags = [c.strip().strip("'") for c in str(err.ctx.get("expected_tags", "")).split(",") if c.strip()]
        close = difflib.get_close_matches(str(err.ctx.get("tag")), tags, n=1, cutoff=0.3)
        hint = f"是不是“{close[0]}”？" if close else ""
        return f"“{tag}”的值“{err.ctx.get('tag')}”不是允许的取值；{hint}可选：{'、'.join(tags)}"
    return None
