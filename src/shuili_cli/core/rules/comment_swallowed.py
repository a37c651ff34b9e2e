"""值被当作注释吞掉

空格后的 `#` 开始一个 YAML 注释，所以 `location: #1机组` 的值是空的。
当值为空而同一行紧跟着像内容一样的注释（`#` 后没有空格）时提示。
若该字段是必填的，缺失字段的错误信息里也会给出同样的提示。

```yaml
location: #1机组
```

文字中间的 `#` 也一样：`description: 主变 #1冷却风扇异响` 只存下“主变”。值的同一行后面紧跟着
`#` 加内容（`#` 后没有空格）时，提示文字可能被截断，并给出加引号的写法。

```yaml
description: 主变 #1冷却风扇异响
```

修正：加引号，写成 `location: "#1机组"`、`description: "主变 #1冷却风扇异响"`。
"""

from __future__ import annotations

import re

from yaml.nodes import Node

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL011", name="comment-swallowed", severity=Severity.WARNING, title="值被当作注释吞掉")


_AFTER_KEY = re.compile(r"[ :\t]*(#[^ #\t\r\n][^\r\n]*)")


def comment_after(text: str, key_node: Node) -> str | None:
    """The comment right after ``key:`` when it looks like swallowed content (``#`` then no space)."""
    m = _AFTER_KEY.match(text, key_node.end_mark.index)  # anchored: reads no further than that line
    return m.group(1).rstrip() if m else None


_AFTER_VALUE = re.compile(r"[ \t]+(#[^ #\t\r\n][^\r\n]*)")


def comment_after_value(text: str, end: int) -> str | None:
    """The comment right after a value ending at ``end``, when it looks like the rest of the text."""
    m = _AFTER_VALUE.match(text, end)
    return m.group(1).rstrip() if m else None


def cut_message(value: str, rest: str) -> str:
    """A text value whose line goes on with a comment that looks like its continuation."""
    whole = f"{value} {rest}".replace("\\", "\\\\").replace('"', '\\"')
    return (f"文字可能被截断：“{rest}”以 # 开头，被 YAML 当作注释，值只剩“{value}”；"
            f"如果它是内容，请加引号写成 \"{whole}\"")


def message(content: str) -> str:
    """An empty value whose line goes on with ``content``, a comment that looks like the value."""
    return f"值为空：“{content}”以 # 开头，被 YAML 当作注释；如果它是内容，请加引号写成 \"{content}\""
