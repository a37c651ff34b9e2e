"""取值不在允许范围

枚举字段只接受规定的中文术语，必须逐字一致（例如 `scale` 只能是 `规上企业`、`中等企业`、`小微企业`）。

```yaml
scale: 规模以上
```

修正：改为消息中列出的某个取值。

只有写法上的差别（全角、首尾空格、中文引号）或常见的别称（`一般隐患` 即 `一般`，见
`report-templates/synonyms.yaml`）才会提示“是不是……”；按字形猜会改变意思（`较大` 不是 `重大`，
`溺水` 不是 `透水`），所以其他情况只列出可选值。方括号里用了全角逗号（`[淹溺，高处坠落]`）时，
消息说明要用半角逗号分隔。
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

import yaml

from shuili_cli.core.findings import Severity
from shuili_cli.core.model.text import LOOKALIKE_BLANKS, char_name
from shuili_cli.core.rules._base import ModelError, Rule

RULE = Rule(code="SL203", name="invalid-value", severity=Severity.ERROR, title="取值不在允许范围")


_QUOTES = "“”‘’「」『』\"'`"


def normal(text: str) -> str:
    """A term as compared for a hint: full-width forms folded, spaces and quotation marks dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _QUOTES and ch != "\u00a0")


@cache
def synonyms() -> dict[str, str]:
    """Other names people use for the vocabulary's terms (``report-templates/synonyms.yaml``)."""
    from shuili_cli.core.resources import project_dir

    with open(project_dir("report-templates") / "synonyms.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {normal(str(k)): str(v) for k, v in (data.get("synonyms") or {}).items()}


def meant(value: str, allowed: list[str]) -> str | None:
    """The term ``value`` means, when only its writing differs or it is a known other name; never a
    guess by spelling (较大 is not 重大)."""
    same = [a for a in allowed if normal(a) == normal(value)]
    if same:
        return same[0]
    other = synonyms().get(normal(value))
    return other if other in allowed else None


_CHINESE_QUOTES = "“”‘’「」『』"


def odd_character(value: object) -> int | None:
    """Offset of the first Chinese quotation mark or look-alike blank in ``value``: where a finding
    about it points (None: nothing of the kind)."""
    if not isinstance(value, str):
        return None
    return next((i for i, ch in enumerate(value) if ch in _CHINESE_QUOTES or ch in LOOKALIKE_BLANKS), None)


def _what_differs(value: str) -> str:
    """What makes a value that is an allowed term in other writing not that term."""
    if any(ch in _CHINESE_QUOTES for ch in value):
        return "带着中文引号（YAML 的引号要用半角的 \"…\"，取值也可以不加引号）"
    at = odd_character(value)
    if at is not None:
        where = "开头" if not value[:at].strip() else "末尾" if not value[at:].strip() else "中间"
        return f"{where}有看不见的 {char_name(value[at])}"
    if value != value.strip():
        return "前后有多余的空格"
    return "用了全角字母或数字"


def message(err: ModelError) -> str | None:
    """A value outside a vocabulary (``err.choices()`` lists the field's terms); None for other errors."""
    if err.type in ("literal_error", "enum"):
        allowed = err.choices()
        value = str(err.value)
        shown = "、".join(allowed) if allowed else str(err.ctx.get("expected", ""))
        parts = [p.strip() for p in re.split("[，、]", value)]
        if len(parts) > 1 and allowed and all(meant(p, allowed) for p in parts):
            mark = "全角逗号“，”" if "，" in value else "顿号“、”"
            return (f"{err.name} 的值“{value}”中用了{mark}：方括号里的多个取值要用半角逗号加空格分隔，"
                    f"请写成 [{', '.join(str(meant(p, allowed)) for p in parts)}]")
        guess = meant(value, allowed)
        if guess is not None and guess != value and normal(value) == normal(guess):
            shown_value = f" {value} " if any(ch in _CHINESE_QUOTES for ch in value) else f"“{value}”"
            return f"{err.name} 的值{shown_value}{_what_differs(value)}，请写成 {guess}"
        hint = f"是不是“{guess}”？" if guess is not None and guess != value else ""
        return f"{err.name} 的值“{value}”不是允许的取值；{hint}可选：{shown}"
    if err.type == "union_tag_invalid":
        tag = str(err.ctx.get("discriminator", "")).strip("'")
        tags = [c.strip().strip("'") for c in str(err.ctx.get("expected_tags", "")).split(",") if c.strip()]
        close = difflib.get_close_matches(str(err.ctx.get("tag")), tags, n=1, cutoff=0.3)
        hint = f"是不是“{close[0]}”？" if close else ""
        return f"“{tag}”的值“{err.ctx.get('tag')}”不是允许的取值；{hint}可选：{'、'.join(tags)}"
    return None
