"""编号含空白或看不见的字符

编号和对编号的引用（`id`、`checklist`、`checklist_item`、`risk_point`、`inspection`、
`enterprise`、挂牌督办的 `hazards`）按文本逐字比较。开头或末尾的空白（空格、全角空格等），
以及任何位置的控制字符、格式字符（零宽空格 U+200B、双向文本控制符、BOM 等）和其他可忽略字符
（组合用字形连接符 U+034F、变体选择符 U+FE00–U+FE0F、朝鲜文填充符 U+3164 等）都看不见，
却会让 `"R-001 "`、`"R-001\\u200b"` 与 `R-001` 成为不同的编号，使同一风险点被重复统计。
消息写出字符的码位（如 U+200B）和中文名称。

```yaml
risk_points:
  - id: "R-001\\u200b"     # 末尾有零宽空格
```

修正：删除这些字符（消息给出修正后的写法）。全角、半角等写法不同但规范化（NFKC）后相同的编号
由 SL301 报告为重复。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.model.text import char_name, field_name, hidden_in, names, without_hidden
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL207", name="id-characters", severity=Severity.ERROR, title="编号含空白或看不见的字符")

ROLES = tuple(FILE_KINDS)
IDS = frozenset({"id"})


def problem(value: str) -> str | None:
    """What is wrong with an id, in Chinese, or None."""
    hidden = hidden_in(value)
    if hidden:
        return f"含有 {names(hidden)}"
    if value[:1].isspace():
        return f"开头有 {char_name(value[0])}"
    if value[-1:].isspace():
        return f"末尾有 {char_name(value[-1])}"
    return None


def check_file(ctx: FileContext) -> Iterator[Issue]:
    for path, value, form, title in ctx.texts():
        if form.kind not in IDS:
            continue
        what = problem(value)
        if what is None:
            continue
        fixed = without_hidden(value)
        fix = f"请删除，写成“{fixed}”" if fixed else "请改为有效的编号"
        yield RULE.issue(
            ctx.rel, path,
            f"{field_name(path, title)} 的编号“{value}”{what}；编号前后的空白和看不见的字符会让看起来相同的编号"
            f"被当作不同的记录，{fix}",
        )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
