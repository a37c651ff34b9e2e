"""节点过多

YAML 文件在内存中展开成“节点”（每个值、列表和映射各算一个节点，键也算）。为使任何输入的
读取时间和内存都与文件大小成正比，每个文件最多 250,000 个节点：普通记录约 3 MB 才会达到，
而 1 MB 的 `[{},{},…]` 就有 30 多万个节点。超过上限时在达到上限的位置报告，文件不再读取。

```yaml
risk_points: [{}, {}, {}, {}, {}, {}, …]    # 共 30 万个空映射
```

修正：检查文件是否被误改或恶意构造；记录确实很多时，把它们拆到多个文件
（如 `hazards/2023-上半年.yaml` 和 `hazards/2023-下半年.yaml`）。
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import Node

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL016", name="too-many-nodes", severity=Severity.ERROR, title="节点过多")

MAX_NODES = 250_000
"""Nodes (scalars, lists, mappings, keys included) one file may hold, and aliases may expand to."""


def message(limit: int = MAX_NODES) -> str:
    return (f"文件内容过多：到这里已超过 {limit:,} 个 YAML 节点（每个值、键、列表、映射各算一个），已停止读取；"
            "请检查文件是否被误改或恶意构造，记录确实很多时请拆到多个文件")


def where(parent: Node | None, index: Any) -> tuple[int, int]:
    """Where the composer is about to build a node: at its key, or after its previous sibling."""
    if isinstance(index, Node):  # the value of a mapping entry
        m = index.start_mark
    elif parent is None:
        return (1, 1)
    elif parent.value:
        last = parent.value[-1]
        prev = last[1] if isinstance(last, tuple) else last
        m = prev.end_mark or prev.start_mark
    else:
        m = parent.start_mark
    return (m.line + 1, m.column + 1)


def finding(rel: str, line: int, column: int, limit: int = MAX_NODES) -> Finding:
    """The file holds more than ``limit`` nodes; reading stopped at ``line:column``."""
    return RULE.finding(rel, line, column, "", message(limit))
