"""文件或文件夹无法读取

文件存在但无法打开（权限不足、是文件夹或特殊文件等），或文件夹无法列出。其中的记录不会被统计，
所以这是错误：一个读不了的 `hazards/` 文件夹不能当作“没有隐患”。

```text
enterprises/taoxi-reservoir/risks.yaml   （权限 000）
enterprises/taoxi-reservoir/hazards/     （权限 000）
```

修正：检查权限（文件 `chmod 644`，文件夹 `chmod 755`），或重新检出仓库。
"""

from __future__ import annotations

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL014", name="unreadable-file", severity=Severity.ERROR, title="文件或文件夹无法读取")


def _at(rel: str, message: str) -> Finding:
    return RULE.finding(rel, 1, 1, "", message)


def finding(rel: str, exc: OSError) -> Finding:
    """A file that could not be opened or read."""
    return _at(rel, f"无法读取“{rel}”（{exc.strerror or exc}）；请检查文件权限（chmod 644），或重新检出仓库")


def not_regular(rel: str, is_dir: bool) -> Finding:
    """A folder or a FIFO, device or socket where a file was expected."""
    if is_dir:
        return _at(rel, f"“{rel}”是文件夹，不是文件，不会被读取；请检查文件夹的名字或位置")
    return _at(rel, f"“{rel}”不是普通文件，不会被读取；请换成普通的 YAML 文件")


def folder(rel: str, exc: OSError) -> Finding:
    """A folder that could not be listed: its records are not counted."""
    return _at(rel, f"无法读取文件夹“{rel}”（{exc.strerror or exc}），其中的记录不会被统计；"
                    "请检查文件夹权限（chmod 755），或重新检出仓库")
