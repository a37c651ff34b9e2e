"""文本两端有中文引号或看不见的空白

用中文输入法给值加引号，打出来的是中文引号 `“…”`。YAML 只认半角引号 `"…"` 和 `'…'`，
中文引号会成为文字的一部分，原样印在报表上（电话号码也不再是号码）。从 Excel、网页或 Word
复制来的文字，首尾常带着看不见的不换行空格（U+00A0）或全角空格（U+3000），同一个名称因此
对不上。消息指出是哪个字符、在第几列。

```yaml
contact:
  name: 王强
  phone: “13905951234”     # 中文引号
location: 1号机组　         # 末尾是全角空格
```

修正：把中文引号换成半角的 `"…"`，删除首尾看不见的空白。值中间的中文引号
（`发现“三违”行为`）是正常的文字，不受影响。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.model.text import LOOKALIKE_BLANKS as BLANKS
from shuili_cli.core.model.text import char_name, field_name
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL209", name="text-edges", severity=Severity.WARNING, title="文本两端有中文引号或看不见的空白")

ROLES = tuple(FILE_KINDS)
TEXTS = frozenset({"line", "para"})  # ids: SL207
PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂", "＇": "＇"}
"""Quotation marks a Chinese input method types, opening -> closing."""


def _quoted_by_hand(value: str) -> bool:
    """A value that a Chinese quotation mark opens and its partner closes, with nothing outside."""
    return len(value) >= 2 and PAIRS.get(value[0]) == value[-1] and value[0] not in value[1:-1]


def _edge_blank(value: str) -> tuple[int, str] | None:
    """(offset, character) of the first invisible blank at the start or the end of ``value``."""
    if value and value[0] in BLANKS:
        return 0, value[0]
    if value and value[-1] in BLANKS:
        end = len(value.rstrip(BLANKS + " "))
        return end, value[end]
    return None


def check_file(ctx: FileContext) -> Iterator[Issue]:
    for path, value, form, title in ctx.texts():
        if form.kind not in TEXTS:
            continue
        name = field_name(path, title)
        key = path[-1] if isinstance(path[-1], str) else None
        if _quoted_by_hand(value):
            quoted = '"' + value[1:-1].replace("\\", "\\\\").replace('"', '\\"') + '"'
            fix = f"{key}: {quoted}" if key else quoted
            yield RULE.issue(
                ctx.rel, path,
                f"{name} 的值两端是中文引号 {value[0]}{value[-1]}：YAML 只认半角引号，中文引号会成为文字的一部分、"
                f"原样印在报表上；请换成半角引号，写成 {fix}",
                char=0,
            )
            continue
        blank = _edge_blank(value)
        if blank is not None:
            offset, ch = blank
            where = "开头" if offset == 0 else "末尾"
            yield RULE.issue(
                ctx.rel, path,
                f"{name} 的值{where}有看不见的 {char_name(ch)}，常是从 Excel、网页或 Word 复制带来的；"
                f"它看不见，却会让相同的文字对不上，请删除它",
                char=offset,
            )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
