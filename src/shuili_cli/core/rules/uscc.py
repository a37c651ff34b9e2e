"""统一社会信用代码校验不通过

统一社会信用代码为 18 位，字符取自 `0123456789ABCDEFGHJKLMNPQRTUWXY`，
第 18 位为 GB 32100-2015 校验码。消息会给出应有的校验码。

```yaml
credit_code: 91350525MA2XN0000A
```

修正：对照营业执照核对每一位。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL504", name="uscc", severity=Severity.ERROR, title="统一社会信用代码校验不通过")

ROLES = ("enterprise",)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=False))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why ``code`` is not a valid USCC, or None."""
    norm = code.replace(" ", "").upper()
    if len(norm) != 18:
        return f"应为 18 位，实际 {len(norm)} 位"
    bad = [ch for ch in norm if ch not in ALPHABET]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（不使用 I、O、S、V、Z）"
    expected = check_character(norm[:17])
    if norm[17] != expected:
        return f"第 18 位校验码应为“{expected}”，实际是“{norm[17]}”"
    return None


def check_file(ctx: FileContext) -> Iterator[Issue]:
    code = ctx.model.credit_code
    if code is None:
        return
    why = problem(code)
    if why is not None:
        yield RULE.issue(ctx.rel, ("credit_code",), f"统一社会信用代码“{code}”校验不通过：{why}；请对照营业执照核对")


CHECKS = (FileCheck(RULE, ROLES, check_file),)
