"""特殊换行符

U+2028（行分隔符）、U+2029（段落分隔符）和 U+0085（NEL）在编辑器里看不出来，
常随从网页、Word 或微信复制的文字进入文件。YAML 解析器把它们当作换行，编辑器却不换行：
值会在中间被截断，后面的行号也会全部错开。

```yaml
description: "闸门钢丝绳断丝 "    # 引号里藏着一个 U+2028
```

本工具在解析之前找出每一个这样的字符，在它自己的行和列（按编辑器的算法，只把 \\n、\\r\\n
和 \\r 算作换行）报告错误并说出是哪个字符；随后按空格读取该字符继续检查，
所以文件中其他问题的行号和列号不受影响。

修正：删除该字符（或换成空格、真正的换行）。
"""

from __future__ import annotations

import re

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL015", name="line-separator", severity=Severity.ERROR, title="特殊换行符")

NAMES = {"\u2028": "行分隔符 U+2028", "\u2029": "段落分隔符 U+2029", "\x85": "下一行符 U+0085（NEL）"}
_FIND = re.compile("[\u2028\u2029\x85]")
_AS_SPACE = {ord(c): " " for c in NAMES}


def present(text: str) -> bool:
    """Cheap test for the happy path."""
    return "\u2028" in text or "\u2029" in text or "\x85" in text


def find(text: str, rel: str, limit: int) -> tuple[list[Finding], int]:
    """One finding per character (at most ``limit``), and how many more there are."""
    out: list[Finding] = []
    more = 0
    line, start, prev = 1, 0, 0
    for m in _FIND.finditer(text):
        pos = m.start()
        if len(out) >= limit:
            more += 1
            continue
        seg = text[prev:pos]  # never splits a \r\n: text[prev] is one of the separators
        breaks = seg.count("\n") + seg.count("\r") - seg.count("\r\n")
        if breaks:
            line += breaks
            start = prev + max(seg.rfind("\n"), seg.rfind("\r")) + 1
        prev = pos
        out.append(Finding(
            RULE.code, RULE.severity, rel, line, pos - start + 1, "",
            f"这里有一个看不见的{NAMES[m.group()]}，YAML 会把它当作换行，值会被截断；"
            "请删除它（或换成空格、真正的换行）",
        ))
    return out, more


def as_spaces(text: str) -> str:
    """The text with every such character read as a space: same length, so every position stays put."""
    return text.translate(_AS_SPACE)
