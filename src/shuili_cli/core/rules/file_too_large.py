"""文件过大

单个 YAML 文件超过 10 MB（`shuili.yaml` 中 `limits.max_file_mb` 可调整）时不读取。
一家企业一年的隐患通常只有几百 KB。`shuili.yaml` 自己的上限固定为 10 MB，
在其他任何读取之前检查。上限按文件的实际大小检查，每次运行都检查（包括缓存命中的文件）。

```text
enterprises/x/hazards/2023.yaml  （52 MB）
```

修正：按年份拆分文件，或检查是否误存了其他内容。
"""

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL006", name="file-too-large", severity=Severity.ERROR, title="文件过大")


def finding(rel: str, size: int, max_bytes: int) -> Finding:
    """``rel`` is ``size`` bytes, over the cap: it is not read."""
    if rel == "shuili.yaml":
        fix = "设置文件通常只有几 KB，请检查是否误存了其他内容"
    else:
        fix = "请按年份拆分，或在 shuili.yaml 的 limits.max_file_mb 中调整上限"
    return Finding(
        RULE.code, RULE.severity, rel, 1, 1, "",
        f"文件大小 {size / 1048576:.1f} MB 超过上限 {max_bytes // 1048576} MB，未读取；{fix}",
    )
