"""类型不对

字段的类型不对：需要日期却写了文本、需要列表却写了单个值、需要整数却写了小数等。

```yaml
found_on: 5月4日
controls: 双人操作      # 应为列表
```

修正：日期写成 `YYYY-MM-DD`；列表写成 `[双人操作]` 或多行 `- 双人操作`。从 Excel 复制来的日期
（`45052` 这样的日期序号、`2023/5/6`、`2023年5月6日`、`2023-05-06 00:00:00`），消息直接给出应写的 `2023-05-06`。
"""

from __future__ import annotations

import re

from shuili_cli.core.dates import serial_date, written_day
from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import ModelError, Rule, describe

RULE = Rule(code="SL204", name="wrong-type", severity=Severity.ERROR, title="类型不对")

_DATE_ERRORS = ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact")
_NUMBER_ERRORS = ("decimal_type", "decimal_parsing", "int_type", "int_parsing", "int_from_float", "finite_number",
                  "is_instance_of")


_SERIAL = re.compile(r"[0-9]{5}(?:\.[0-9]+)?")


def _date_message(name: str, written: str) -> str:
    """A day written another way: Excel's serial number or a spreadsheet's form gets the exact ISO day."""
    if _SERIAL.fullmatch(written) and (day := serial_date(float(written))) is not None and 1990 <= day.year <= 2100:
        return (f"{name} 应为日期，实际是“{written}”：这是 Excel 的日期序号，对应 {day.isoformat()}；"
                f"请写成 {day.isoformat()}")
    day = written_day(written)
    if day is not None:
        return f"{name} 应为日期，格式 YYYY-MM-DD，实际是“{written}”；请写成 {day.isoformat()}"
    return f"{name} 应为日期，格式 YYYY-MM-DD（如 2023-05-04），实际是“{written}”"


_WIDE_BRACKETS = {"［": "］", "【": "】", "〔": "〕"}


def _wide_brackets(value: object) -> tuple[str, str] | None:
    """(the brackets, the list to write) for ``［淹溺，高处坠落］`` typed with an input method."""
    if not isinstance(value, str) or len(value) < 2 or _WIDE_BRACKETS.get(value[0]) != value[-1]:
        return None
    items = [p.strip() for p in re.split("[,，、]", value[1:-1]) if p.strip()]
    return value[0] + value[-1], "[" + ", ".join(items) + "]"


def message(err: ModelError) -> str:
    """Any other model error: a value of the wrong kind (the rule of last resort)."""
    etype, name, value = err.type, err.name, err.value
    if etype in _DATE_ERRORS:
        return _date_message(name, err.source or str(value))
    if etype in _NUMBER_ERRORS:
        shown = err.source or str(value)
        kind = "整数" if etype.startswith("int") else "数字"
        if isinstance(value, str) and etype == "is_instance_of" and err.source is not None:
            return f"{name} 应为数字（不加引号，且不能大得离谱），实际是“{shown[:40]}”"
        return f"{name} 应为{kind}，实际是“{shown}”"
    if etype == "list_type":
        wide = _wide_brackets(value)
        if wide is not None:
            return f"{name} 应为列表，实际是文本：方括号写成了全角的“{wide[0]}”；YAML 只认半角方括号，请写成 {wide[1]}"
        return f"{name} 应为列表（每项一行，以“- ”开头），实际是{describe(value)}"
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return f"{name} 应为映射（“键: 值”），实际是{describe(value)}"
    if etype == "string_type":
        return f"{name} 应为文本，实际是{describe(value)}"
    if etype in ("six_have_value", "timezone"):
        return f"{name}：{err.msg}"
    return f"{name} 的值不符合要求（{etype}）"
