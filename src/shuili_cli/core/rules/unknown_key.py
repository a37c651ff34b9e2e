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
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from shuili_cli.core.findings import Severity
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL202", name="unknown-key", severity=Severity.ERROR, title="未知字段")


_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def _plain(title: str) -> str:
    """A Chinese field title as typed: full-width forms folded, no spaces, no bracketed unit."""
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", title)).replace(" ", "").strip("：:")


def _models() -> Iterator[type[BaseModel]]:
    """Every model a data file can hold, nested ones included."""
    from shuili_cli.core.model import FILE_KINDS

    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = [kind.model for kind in FILE_KINDS.values()]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for info in model.model_fields.values():
            todo.extend(_nested(info.annotation))


def _nested(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in get_args(tp) for m in _nested(arg)]


@cache
def _fields_by_title() -> dict[str, str]:
    """Chinese field title (as typed) -> the English field, for titles that name one field only."""
    found: dict[str, set[str]] = {}
    for model in _models():
        for name, info in model.model_fields.items():
            if info.title:
                found.setdefault(_plain(info.title), set()).add(name)
    return {title: next(iter(names)) for title, names in found.items() if len(names) == 1}


def english_key(key: str) -> str:
    """The English field a key written in Chinese names (``整改期限`` -> ``deadline``), else ``key``."""
    return _fields_by_title().get(_plain(key), key) if not key.isascii() else key


def message(key: str, known: list[str], titles: Mapping[str, str] | None = None) -> str:
    """``key`` is not one of the mapping's ``known`` fields (pydantic ``extra_forbidden``); ``titles``
    (field -> its Chinese title) lets a key written in Chinese be named by its English field."""
    if "\u3000" in key or "\u00a0" in key:
        mark = "全角空格“　”" if "\u3000" in key else "不换行空格（NBSP）"
        bare = key.replace("\u3000", "").replace("\u00a0", "").strip()
        fix = f"，写成 {bare}:" if bare in known else ""
        return f"未知字段“{key}”：其中有{mark}（输入法全角状态下输入的空格）；请换成半角空格{fix}"
    if "：" in key:
        name, _, value = key.partition("：")
        name = name.strip()
        if name in known:
            return (f"未知字段“{key}”：其中有全角冒号“：”，YAML 把它整个当成了一个键；"
                    f"请换成半角冒号加空格，写成 {name}: {value.strip()}")
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
