"""没有 enterprises 文件夹

数据仓库根目录应有 `enterprises/` 文件夹（一企一档）。没有它，所有企业的数字都是 0，
这通常是检出不完整或路径写错。git 不保存空文件夹：还没有企业时请在其中放一个 `.gitkeep`
（`shuili init` 会这样做）。

```text
shuili.yaml
bureau/
（没有 enterprises/）
```

修正：创建 `enterprises/` 文件夹并放入企业文件夹，或检查检出是否完整。
"""

from __future__ import annotations

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL105", name="missing-enterprises-folder", severity=Severity.WARNING, title="没有 enterprises 文件夹")


def finding(is_file: bool) -> Finding:
    what = "enterprises 是文件，不是文件夹" if is_file else "仓库根目录中没有 enterprises/ 文件夹"
    return RULE.finding("enterprises", 1, 1, "",
                   f"{what}，不会统计任何企业；请创建 enterprises/ 并按“一企一档”放入企业文件夹"
                   "（还没有企业时放一个 .gitkeep，git 不保存空文件夹）")
