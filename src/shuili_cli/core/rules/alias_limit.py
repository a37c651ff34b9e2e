"""别名使用过多

YAML 的锚点（`&a`）和别名（`*a`）可以被用来构造指数级膨胀的“别名炸弹”。本工具限制三件事：

- 一个文件中最多使用 100 次别名（每个 `*a` 算一次，无论它指向的内容有多大）；
- 别名展开后整个文件最多 250,000 个节点（与“节点过多”的上限相同），所以层层嵌套的炸弹
  在展开到这个规模之前就会停下；
- 别名不能指向包含它自己的内容（`a: &x [*x]`，递归别名），否则会无限展开。

超过任何一项即停止读取该文件。

```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]    # 展开后约 60 万个节点
```

修正：不要使用锚点和别名，直接写出内容。
"""

from __future__ import annotations

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule
from shuili_cli.core.rules.too_many_nodes import MAX_NODES

RULE = Rule(code="SL005", name="alias-limit", severity=Severity.ERROR, title="别名使用过多")

MAX_ALIAS_USES = 100
"""Alias uses (``*a``) per file."""


def too_many_uses(limit: int = MAX_ALIAS_USES) -> str:
    return f"别名（*引用）使用超过 {limit} 次，文件可能是恶意构造的“别名炸弹”；请直接写出各项内容"


def too_large(limit: int = MAX_NODES) -> str:
    return (f"别名（*引用）展开后超过 {limit:,} 个节点，文件可能是恶意构造的“别名炸弹”；"
            "请不要使用锚点和别名，直接写出各项内容")


def recursive() -> str:
    return "别名（*引用）指向了包含它自己的内容（递归别名），会无限展开；请删除这个别名，直接写出内容"


class Guard:
    """What building a file with anchors costs: alias uses (an alias counts once, whatever it
    expands to), nodes visited (expansions included) and cycles. ``enter`` returns the message
    that stops reading the file, or None; ``leave`` follows every ``enter`` that returned None."""

    __slots__ = ("expanding", "max_nodes", "max_uses", "open", "seen", "uses", "visited")

    def __init__(self, max_uses: int, max_nodes: int) -> None:
        self.max_uses = max_uses
        self.max_nodes = max_nodes
        self.seen: set[int] = set()
        self.open: set[int] = set()  # nodes being built: meeting one again is a recursive alias
        self.uses = 0
        self.visited = 0
        self.expanding: int | None = None  # the alias being copied: revisits inside it are not uses

    def enter(self, key: int) -> str | None:
        if key in self.open:
            return recursive()
        self.visited += 1
        if self.visited > self.max_nodes:
            return too_large(self.max_nodes)
        if key not in self.seen:
            self.seen.add(key)
        elif self.expanding is None:
            self.uses += 1
            if self.uses > self.max_uses:
                return too_many_uses(self.max_uses)
            self.expanding = key
        self.open.add(key)
        return None

    def leave(self, key: int) -> None:
        self.open.discard(key)
        if self.expanding == key:
            self.expanding = None
