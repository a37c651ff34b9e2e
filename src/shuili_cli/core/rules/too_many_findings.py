"""问题过多，未全部列出

一个文件最多列出 1,000 个问题（错误优先于警告），其余的只计数，并在文件末尾用这一条
警告说明还有多少个没有列出。这样一个被误改或恶意构造的文件不会淹没输出，
也不会拖慢检查或占满内存。

```text
enterprises/a/risks.yaml:40001:1: 警告 SL017 此文件另有 39,000 个问题未列出……
```

修正：先修正已列出的问题（它们往往同一个原因），再重新运行 `shuili validate`。
"""

from __future__ import annotations

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL017", name="too-many-findings", severity=Severity.WARNING, title="问题过多，未全部列出")

MAX_FINDINGS = 1000
"""Findings listed per file; errors are kept before warnings."""


def cap(findings: list[Finding], dropped: int, rel: str, last_line: int) -> list[Finding]:
    """At most ``MAX_FINDINGS`` findings, errors first, then one finding counting the rest."""
    if len(findings) <= MAX_FINDINGS and not dropped:
        return findings
    errors = [f for f in findings if f.is_error]
    kept = (errors + [f for f in findings if not f.is_error])[:MAX_FINDINGS]
    dropped += len(findings) - len(kept)
    return [*kept, Finding(
        RULE.code, RULE.severity, rel, max(last_line, 1), 1, "",
        f"此文件另有 {dropped:,} 个问题未列出（每个文件最多列出 {MAX_FINDINGS:,} 个，错误优先）；"
        "请先修正上面列出的问题（它们往往是同一个原因），再重新运行 shuili validate",
    )]
