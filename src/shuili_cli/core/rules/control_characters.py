"""文本含控制字符或看不见的字符

文本字段不能含控制字符（如转义符 ESC U+001B、响铃符 U+0007）、双向文本控制符
（U+202A–U+202E、U+2066–U+2069 等，会让文字显示的顺序与实际不同）、零宽字符
（U+200B–U+200D、U+2060、U+FEFF）、行分隔符和段分隔符（U+2028、U+2029），以及其他看不见的
格式字符（Unicode 类别 Cc、Cf、Zl、Zp 的全部字符），以及其他显示为空白的可忽略字符
（组合用字形连接符 U+034F、朝鲜文填充符 U+3164 等）。变体选择符（U+FE00–U+FE0F，决定 ⚠️ 等
表情的画法）在文本字段中允许，在编号中不允许（SL207）。
它们看不见，却能在终端和 CI 日志中改变显示、伪造 `::error` 之类的流水线指令、写入剪贴板。

单行字段（单位名称、人员、电话、地点、类别、部门、岗位、文号、标题、证书编号、地区、时区等，
即下列多行字段以外的所有文本）也不能换行（U+000A）或含制表符（U+0009）。多行字段可以换行和
用制表符：`description`、`measures`、`requirements`、检查条目的 `content`、`controls` 各项、
`emergency`、直接判定和整体评级的 `basis`、`note`、不适用理由（`not_applicable`、`车间`）。
编号字段由 SL207 检查。消息写出字符的码位和中文名称。

```yaml
name: "桃溪水库\\n::error title=伪造::通过"     # 单位名称中有换行
```

修正：删除这些字符；单行字段写在一行内。
"""

from __future__ import annotations

from collections.abc import Iterator

from shuili_cli.core.findings import Issue, Severity
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.model.text import VARIATION_SELECTORS, field_name, hidden_in, names
from shuili_cli.core.rules._base import FileCheck, FileContext, Rule

RULE = Rule(code="SL208", name="control-characters", severity=Severity.ERROR, title="文本含控制字符或看不见的字符")

ROLES = tuple(FILE_KINDS)
TEXTS = frozenset({"line", "para"})  # ids: SL207
MULTILINE_ALLOWED = "\n\t"


def check_file(ctx: FileContext) -> Iterator[Issue]:
    for path, value, form, title in ctx.texts():
        if form.kind not in TEXTS:
            continue
        multiline = form.kind == "para"
        hidden = hidden_in(value, (MULTILINE_ALLOWED if multiline else "") + VARIATION_SELECTORS)
        if not hidden:
            continue
        name = field_name(path, title)
        breaks = [c for c in hidden if c in MULTILINE_ALLOWED]
        if breaks and len(breaks) == len(hidden):
            yield RULE.issue(ctx.rel, path, f"{name} 是单行字段，却含有 {names(hidden)}；请写在一行内")
            continue
        one_line = "单行字段也不能换行，" if breaks else ""
        yield RULE.issue(
            ctx.rel, path,
            f"{name} 含有 {names(hidden)}：控制字符、双向文本控制符和零宽字符看不见，却能改变终端和 CI 日志的显示；"
            f"{one_line}请删除它们",
        )


CHECKS = (FileCheck(RULE, ROLES, check_file),)
