"""占位文字

`shuili init` 生成的设置和示例企业中有占位文字（`某某县水利局`、`填表人姓名`、`0000-00000000`），
模板或别处抄来的档案里也常有 `XXX`、`××`、`请改为……`，以及 `13800000000`、
`000000000000000000` 这样凑数的电话和信用代码（全角的 `ＸＸＸ` 也算）。它们能通过校验，却会原样印在报表上。

```yaml
unit:
  name: 某某县水利局
reporter:
  name: 填表人姓名
  phone: "0000-00000000"
```

修正：改成本单位（本企业）的真实信息。
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules import uscc
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL604", name="placeholder", severity=Severity.WARNING, title="占位文字")

MADE_UP_NUMBER = r"^[0\-－ ]*0[0\-－ ]*$|^1[3-9]\d0{8}$|^(\d)\1{6,}$"  # numbers of zeros or of one digit
PLACEHOLDER = re.compile(r"某某|填表人姓名|(?<![A-Za-z])[Xx×]{2,}(?![A-Za-z])|请改为|请填写|" + MADE_UP_NUMBER)
"""Text a template leaves to be replaced: printed as it is, it would go up to the city on the forms."""
VALID_CODE_PLACEHOLDER = re.compile(MADE_UP_NUMBER)
"""For a credit code whose check character is right: ``…20XX`` is a real code (X is a check character)."""

# role -> the fields that are printed on the forms or identify the unit
FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "settings": (("unit", "name"), ("unit", "region"), ("reporter", "name"), ("reporter", "phone")),
    "enterprise": (("name",), ("township",), ("contact", "name"), ("contact", "phone"), ("credit_code",)),
}


def _at(model: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        model = getattr(model, part, None)
    return model


def check_file(ctx: FileContext) -> Iterator[Issue]:
    for path in FIELDS.get(ctx.role, ()):
        value = _at(ctx.model, path)
        if not isinstance(value, str):
            continue
        pattern = VALID_CODE_PLACEHOLDER if path == ("credit_code",) and uscc.problem(value) is None else PLACEHOLDER
        if pattern.search(unicodedata.normalize("NFKC", value).strip()):
            yield RULE.issue(ctx.rel, path, f"“{value}”像是模板里的占位文字，会原样印在报表上；请改成真实的信息")


CHECKS = (FileCheck(RULE, tuple(FIELDS), check_file),)
