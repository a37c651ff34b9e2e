"""未知字段

拼错的字段名（如 `deadlin:`）不会被悄悄忽略，否则它的值会从报表中消失。
消息会给出最接近的已知字段名。

```yaml
- id: H-2023-001
  deadlin: 2023-05-20
```

修正：改为提示的字段名。字段名写成了中文（如 `整改期限:`、`作业有指令:`）时，消息给出对应的英文字段名。
"""

import difflib
import re
import unicodedata
from collections.abc import Mapping

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL202", name="unknown-key", severity=Severity.ERROR, title="未知字段")


_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def _plain(title: str) -> str:
    """A Chinese field title as typed: full-width forms folded, no spaces, no bracketed unit."""
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", title)).replace(" ", "").strip("：:")


def message(key: str, known: list[str], titles: Mapping[str, str] | None = None) -> str:
    """``key`` is not one of the mapping's ``known`` fields (pydantic ``extra_forbidden``); ``titles``
    (field -> its Chinese title) lets a key written in Chinese be named by its English field."""
    if "\u3000" in key or "\u00a0" in key:
        mark = "全角空格“　”" if "\u3000" in key else "不换行空格（NBSP）"
        bare = key.replace("\u3000", "").replace("\u00a0", "").strip()
        fix = f"，写成 {bare}:" if bare in known else ""
        return f"未知字段“{key}”：其中有{mark}（输入法全角状态下输入的空格）；请换成半角空格{fix}"
    plain = _plain(key)
    by_title = {_plain(t): f for f, t in (titles or {}).items() if t}
    field = by_title.get(plain) if plain else None
    if field is None and plain and not plain.isascii():
        close_titles = difflib.get_close_matches(plain, list(by_title), n=1, cutoff=0.75)
        field = by_title[close_titles[0]] if close_titles else None
    if field is not None:
        return f"未知字段“{key}”：字段名要写英文，请改为 {field}（{(titles or {})[field]}）"
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"是不是“{close[0]}”？" if close else "可用的字段：" + "、".join(known)
    return f"未知字段“{key}”；{hint}"
