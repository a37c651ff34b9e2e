"""缺少统一社会信用代码

个人所有的小水电、村级水库可能没有信用代码，所以只是警告。

```yaml
id: shangyang-village-reservoir
name: 上洋村小型水库
# 没有 credit_code
```

修正：有代码的单位请补上 `credit_code`；确实没有的，用 `no_credit_code` 写明原因，警告就不再出现：

```yaml
no_credit_code: 村集体所有的小型水库，未办理统一社会信用代码
```
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL602", name="missing-credit-code", severity=Severity.WARNING, title="缺少统一社会信用代码")

ROLES = ("enterprise",)


def check_file(ctx: FileContext) -> Iterator[Issue]:
    if ctx.model.credit_code is None and ctx.model.no_credit_code is None:
        yield RULE.issue(
            ctx.rel, (),
            "没有填写统一社会信用代码（credit_code）；有代码的单位请补上，确实没有的（个人小水电、村级水库）"
            "请写上 no_credit_code: <原因>，此警告就不再出现",
        )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
