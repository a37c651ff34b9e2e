"""编号写法会被改变

编号（`id`、`checklist_item` 等）按文本比较。以 0 开头或带正号的裸数字
（`010`、`+5`）会被 YAML 读成 10、5，与原文不同。裸数字编号必须形如 `^[1-9][0-9]*$`。

```yaml
items:
  - id: 010
```

修正：加引号 `id: "010"`，或写成 `id: 10`。
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from shuili_cli.core.findings import Issue, Severity, YamlPath
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL012", name="noncanonical-number", severity=Severity.ERROR, title="编号写法会被改变")


def message(raw: str, number: int) -> str:
    """An identifier written ``raw`` (``010``, ``0x1F``) that YAML reads as ``number``."""
    return f"编号“{raw}”会被 YAML 读成数字 {number}，与原文不同；请加引号写成 \"{raw}\"，或写成 {number}"


ID_KEYS = frozenset({"id", "checklist", "checklist_item", "risk_point", "inspection", "enterprise", "hazards"})
"""Every id field and every field that refers to an id."""


def _as_number(raw: str) -> int:
    return int(raw, 0) if raw[:2] in ("0o", "0x") else int(raw)


def issues(rel: str, noncanonical: Mapping[YamlPath, str]) -> Iterator[Issue]:
    """The ids among the plain numbers YAML reads differently from their text (``noncanonical``)."""
    for path, raw in noncanonical.items():
        names = [p for p in path if isinstance(p, str)]
        if names and names[-1] in ID_KEYS:
            yield RULE.issue(rel, path, message(raw, _as_number(raw)))
