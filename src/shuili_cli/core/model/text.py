"""Characters that must not hide in the data, their Chinese names, and every text value of a record.

A "hidden" character is one a reader cannot see but a terminal, a CI log or a
comparison of ids acts on: control characters (Unicode category Cc: C0, DEL, C1),
format characters (Cf: zero-width characters, bidi embeddings, overrides and
isolates, the BOM, tag characters), line and paragraph separators (Zl, Zp) and
lone surrogates (Cs, from file names that are not UTF-8), and the rest of Unicode's
Default_Ignorable_Code_Point set, which lies outside those categories: the combining
grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free variation
selectors and the variation selectors. They render as nothing, or as blank, so
``R-001`` followed by one of them looks exactly like ``R-001``.

Variation selectors also choose how an emoji is drawn (``⚠️`` is U+26A0 U+FE0F), so
text fields accept them (``VARIATION_SELECTORS``); ids never do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from shuili_cli.core.findings import YamlPath
from shuili_cli.core.model.common import LINE_FORM, TextForm

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Default_Ignorable_Code_Point characters whose category is not hidden (Mn, Lo); all assigned ones.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180D), (0x180F, 0x180F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0100, 0xE01EF),
)
IGNORABLE = frozenset(chr(c) for lo, hi in _IGNORABLE_RANGES for c in range(lo, hi + 1))
VARIATION_SELECTORS = "".join(chr(c) for c in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)))
_IGNORABLE_RE = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _IGNORABLE_RANGES) + "]")

_NAMES: dict[int, str] = {
    0x00: "空字符 NUL", 0x07: "响铃符 BEL", 0x08: "退格符 BS", 0x09: "制表符 Tab", 0x0A: "换行符 LF",
    0x0B: "垂直制表符 VT", 0x0C: "换页符 FF", 0x0D: "回车符 CR", 0x1B: "转义符 ESC", 0x7F: "删除符 DEL",
    0x85: "下一行 NEL", 0x9B: "控制序列引导符 CSI", 0x9D: "操作系统命令符 OSC",
    0x20: "空格", 0xA0: "不换行空格", 0x3000: "全角空格", 0xAD: "软连字符", 0x061C: "阿拉伯字母标记",
    0x180E: "蒙古文元音分隔符", 0x034F: "组合用字形连接符", 0x115F: "朝鲜文初声填充符", 0x1160: "朝鲜文中声填充符",
    0x3164: "朝鲜文填充符", 0xFE0E: "变体选择符（文字样式）", 0xFE0F: "变体选择符（表情样式）",
    0xFFA0: "半角朝鲜文填充符", 0x17B4: "高棉文元音（不显示）", 0x17B5: "高棉文元音（不显示）",
    0x200B: "零宽空格", 0x200C: "零宽非连接符", 0x200D: "零宽连接符", 0x200E: "从左至右标记",
    0x200F: "从右至左标记", 0x2028: "行分隔符", 0x2029: "段分隔符",
    0x202A: "从左至右嵌入", 0x202B: "从右至左嵌入", 0x202C: "结束嵌入或覆盖", 0x202D: "从左至右覆盖",
    0x202E: "从右至左覆盖", 0x2060: "词连接符", 0x2066: "从左至右隔离", 0x2067: "从右至左隔离",
    0x2068: "首强字符隔离", 0x2069: "结束隔离", 0xFEFF: "零宽不换行空格（BOM）",
}
LOOKALIKE_BLANKS = "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
"""White space that looks like nothing (or like an ordinary space) but that YAML never trims."""

_CATEGORY_NAMES = {"Cc": "控制字符", "Cf": "看不见的格式字符", "Zl": "行分隔符", "Zp": "段分隔符",
                   "Cs": "代理码位", "Zs": "空白字符"}


def is_hidden(ch: str) -> bool:
    """Whether ``ch`` acts on a terminal or log without being seen (what output escapes)."""
    return unicodedata.category(ch) in HIDDEN_CATEGORIES


def is_invisible(ch: str) -> bool:
    """Hidden, or default-ignorable: nothing a reader can see (what data may not contain)."""
    return ch in IGNORABLE or unicodedata.category(ch) in HIDDEN_CATEGORIES


def has_ignorable(text: str) -> bool:
    """Whether ``text`` holds a default-ignorable character that is not hidden by category."""
    return _IGNORABLE_RE.search(text) is not None


def hidden_in(text: str, allowed: str = "") -> list[str]:
    """The distinct invisible characters of ``text`` not in ``allowed``, in order of appearance."""
    if text.isprintable() and not _IGNORABLE_RE.search(text):  # C speed; isprintable is also False
        return []                                              # for spaces other than U+0020, let pass
    found: list[str] = []
    for ch in text:
        if ch not in allowed and ch not in found and is_invisible(ch):
            found.append(ch)
    return found


def char_name(ch: str) -> str:
    """``U+200B（零宽空格）``."""
    code = ord(ch)
    name = _NAMES.get(code)
    if name is None:
        if 0xE0000 <= code <= 0xE007F:
            name = "标签字符（看不见）"
        elif ch in VARIATION_SELECTORS:
            name = "变体选择符"
        else:
            name = _CATEGORY_NAMES.get(unicodedata.category(ch), "看不见的字符" if ch in IGNORABLE else "字符")
    return f"U+{code:04X}（{name}）"


def names(chars: list[str], most: int = 3) -> str:
    shown = "、".join(char_name(c) for c in chars[:most])
    return shown + (f" 等 {len(chars)} 种字符" if len(chars) > most else "")


def without_hidden(text: str) -> str:
    """``text`` with its hidden characters removed and surrounding white space stripped."""
    return "".join(ch for ch in text if not is_invisible(ch)).strip()


def id_key(value: str) -> str:
    """What an id is compared by for uniqueness: NFKC (full-width ``Ｒ`` is ``R``), without
    hidden characters and surrounding white space. Case is kept: ``r-001`` and ``R-001`` look different."""
    if value.isascii() and value.isprintable() and value == value.strip():
        return value  # the usual case; NFKC leaves printable ASCII unchanged
    return without_hidden(unicodedata.normalize("NFKC", value))


# ----------------------------------------------------------------- walking a record


def _form_in(tp: Any) -> TextForm | None:
    if get_origin(tp) is Annotated:
        for meta in get_args(tp)[1:]:
            if isinstance(meta, TextForm):
                return meta
    for arg in get_args(tp):
        found = _form_in(arg)
        if found is not None:
            return found
    return None


def _form(info: FieldInfo) -> TextForm:
    for meta in info.metadata:
        if isinstance(meta, TextForm):
            return meta
    return _form_in(info.annotation) or LINE_FORM


@cache
def _fields(cls: type[BaseModel]) -> tuple[tuple[str, TextForm, str], ...]:
    return tuple((name, _form(info), info.title or "") for name, info in cls.model_fields.items())


TextValue = tuple[YamlPath, str, TextForm, str]
"""(path, text, form, field title)."""


def text_values(record: BaseModel, kinds: frozenset[str] = frozenset({"id", "line", "para"}),
                path: YamlPath = ()) -> Iterator[TextValue]:
    """Every text value of a validated record whose form is one of ``kinds``, in field order.

    Text without a declared form (free ``str`` fields, fixed choices) counts as one line.
    """
    for name, form, title in _fields(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        if isinstance(value, str):
            if form.kind in kinds:
                yield (*path, name), value, form, title
        elif isinstance(value, BaseModel):
            yield from text_values(value, kinds, (*path, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    if form.kind in kinds:
                        yield (*path, name, i), item, form, title
                elif isinstance(item, BaseModel):
                    yield from text_values(item, kinds, (*path, name, i))


def field_name(path: YamlPath, title: str) -> str:
    """``“name”（单位名称）`` for messages."""
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    return f"“{key}”（{title}）" if title and title != key else f"“{key}”"
