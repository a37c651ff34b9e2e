"""不允许的 YAML 标签

数据来自拉取请求，不可信任。除 `!!str`（用于文本）、`!!map`（用于映射）、`!!seq`（用于列表）外，
任何 YAML 标签都会被拒绝，绝不会据此构造对象：包括 `!!python/object` 之类的标签、
自定义标签（`!include`）、写在键上的标签，以及用错了地方的允许标签（`!!str {b: c}`、
`!!map [1]`、`!!seq x`）。单独一个 `!`（非特定标签）也不允许：不同的 YAML 工具对它的理解不同，
`funds_wan: ! 12` 有的读成数字 12，有的读成文本 "12"。

```yaml
name: !!python/object/apply:os.system ["rm -rf /"]
!!python/object/apply:os.system risk_points: []
funds_wan: ! 12
```

修正：删除标签，直接写值；需要文本时加引号。
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import MappingStartEvent, ScalarEvent

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL004", name="unsafe-tag", severity=Severity.ERROR, title="不允许的 YAML 标签")

_CORE = "tag:yaml.org,2002:"
STR_TAG, MAP_TAG, SEQ_TAG = _CORE + "str", _CORE + "map", _CORE + "seq"
KIND_NAMES = {STR_TAG: "文本", MAP_TAG: "映射", SEQ_TAG: "列表"}

# Where a lone "!" (the non-specific tag, which PyYAML's composer drops) may stand as a token.
_LONE_TAG = re.compile(r"(?:^|(?<=[\s\[{,:?-]))!(?:<!>)?(?=[\s,]|\Z)", re.MULTILINE)


def may_hold_lone_tag(text: str) -> bool:
    """Whether ``text`` may hold a lone ``!`` tag (then ``lone_tags`` reads its events to be sure)."""
    return "!" in text and _LONE_TAG.search(text) is not None


def shown(tag: str) -> str:
    """A tag as it is usually written (``!!str`` rather than its full name)."""
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def message(tag: str, expected: str) -> str:
    """Why ``tag`` on a node that needs ``expected`` (one of the three core tags) is refused."""
    if tag == "!":
        return ("不允许使用非特定标签“!”：不同的 YAML 工具对它的理解不同（“! 12”可能被读成数字，也可能被读成文本）；"
                "请删除“!”，需要文本时请给值加引号")
    if tag in KIND_NAMES:
        return (f"标签“{shown(tag)}”只能用于{KIND_NAMES[tag]}，这里却是{KIND_NAMES[expected]}；"
                "请删除该标签")
    return (f"不允许使用 YAML 标签“{shown(tag)}”；数据文件只能包含普通的文本、数字、日期、列表和映射，"
            "请删除该标签")


def lone_tags(parser: Any, rel: str, limit: int) -> list[Finding]:
    """A finding for each node tagged with the non-specific "!", which PyYAML's composer drops,
    from ``parser``'s events (up to the first syntax error, which the composer reports)."""
    out: list[Finding] = []
    try:
        while len(out) < limit and (event := parser.get_event()) is not None:
            if getattr(event, "tag", None) == "!":
                kind = STR_TAG if isinstance(event, ScalarEvent) else MAP_TAG if isinstance(
                    event, MappingStartEvent) else SEQ_TAG
                m = event.start_mark
                out.append(RULE.finding(rel, m.line + 1, m.column + 1, "", message("!", kind)))
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return out
