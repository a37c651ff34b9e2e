"""YAML 语法错误

文件不是合法的 YAML：缩进不一致、冒号后缺空格、引号不配对、使用了制表符等。
语法错误的文件无法读取，其中的记录不会计入报表。

```yaml
hazards:
  - id: H-2023-001
   found_on: 2023-05-04      # 缩进少了一格
```

解析器（libyaml）的每一种英文错误说明都译成中文，并指出出错的行和列。

修正：对齐缩进（只用空格），检查引号和冒号。
"""

from __future__ import annotations

import re

import yaml
import yaml.reader

from shuili_cli.core.findings import Finding, Severity
from shuili_cli.core.rules import nesting_depth, unknown_key
from shuili_cli.core.rules._base import Rule

RULE = Rule(code="SL001", name="yaml-syntax", severity=Severity.ERROR, title="YAML 语法错误")

_NO_DIRECTIVES = "数据文件不需要“%”开头的指令行，请删除它（如果这是内容，请给值加引号）"
_NO_TAGS = "数据文件不需要标签，请删除它（如果这是内容，请给值加引号）"

# Every problem text libyaml's scanner and parser (and PyYAML's composer) can report, in the
# order they are matched (a longer text before any text it contains). The reader's problems
# (a character YAML does not allow) are reported by ``finding`` with the character's code.
ZH: dict[str, str] = {
    "mapping values are not allowed": "此处不能出现“键: 值”，常见原因是缩进不对，或值里有未加引号的“: ”（请给值加引号）",
    "mapping keys are not allowed": "此处不能开始一个“? ”键，常见原因是缩进不对，或值以“?”开头（请给值加引号）",
    "block sequence entries are not allowed": "此处不能开始“- ”列表项，常见原因是缩进不对",
    "did not find expected ',' or ']'": "方括号列表 [...] 没有正确结束：缺少“,”或“]”",
    "did not find expected ',' or '}'": "花括号映射 {...} 没有正确结束：缺少“,”或“}”",
    "did not find expected node content": "此处缺少内容，常见原因是多余的“-”或“:”",
    "did not find expected key": "找不到预期的键，可能是缩进不一致",
    "did not find expected '-' indicator": "找不到预期的“-”，列表缩进可能不一致",
    "could not find expected ':'": "缺少冒号“:”，或上一行的缩进不对",
    "found unexpected ':'": "此处的“:”位置不对；如果它是内容，请给值加引号",
    "found character that cannot start any token": "出现了不能开始一个值的字符（常见为制表符 Tab，或值以 @、` 开头）；"
                                                   "请改用空格缩进，或给值加引号",
    "found a tab character where an indentation space is expected": "多行文本（| 或 >）的缩进里有制表符 Tab；请改用空格缩进",
    "found a tab character that violates indentation": "缩进里有制表符 Tab；请改用空格缩进",
    "found an indentation indicator equal to 0": "多行文本标记（| 或 >）后的缩进数字不能为 0；请删除这个数字",
    "did not find expected comment or line break": "此处只能是注释或换行（| 或 > 后面、指令行末尾不能再写内容）；"
                                                   "请把内容写到下一行",
    "found unexpected end of stream": "文件意外结束，可能缺少配对的引号或括号",
    "found unexpected document indicator": "引号里的文字中有一行以“---”或“...”开头；请检查引号是否配对",
    "found unknown escape character": "双引号字符串中有无效的转义字符（\\ 后的字符），可改用单引号",
    "did not find expected hexdecimal number": "双引号字符串中的 \\x、\\u 或 \\U 后缺少十六进制数字；可改用单引号",
    "found invalid Unicode character escape code": "双引号字符串中的 \\u 或 \\U 不是有效的字符编码；可改用单引号",
    "did not find expected alphabetic or numeric character": "“&”（锚点）或“*”（别名）后面缺少名字；"
                                                             "请直接写出内容（如果这是内容，请给值加引号）",
    "found undefined alias": "引用了未定义的锚点（*别名）",
    "second occurrence": "锚点名重复（&名字 出现了两次）",
    "did not find expected whitespace or line break": "标签（!）或锚点（&）后面缺少空格；" + _NO_TAGS,
    "did not find expected whitespace": "“%TAG”指令的格式不对；" + _NO_DIRECTIVES,
    "did not find expected '!'": "标签（!）的写法不对；" + _NO_TAGS,
    "did not find expected tag URI": "标签（!）的写法不对；" + _NO_TAGS,
    "did not find the expected '>'": "标签“!<...>”缺少结尾的“>”；" + _NO_TAGS,
    "did not find URI escaped octet": "标签（!）中的“%”转义不对；" + _NO_TAGS,
    "found an incorrect leading UTF-8 octet": "标签（!）中的“%”转义不对；" + _NO_TAGS,
    "found an incorrect trailing UTF-8 octet": "标签（!）中的“%”转义不对；" + _NO_TAGS,
    "found undefined tag handle": "标签（!）用了未定义的前缀；" + _NO_TAGS,
    "could not find expected directive name": "“%”后缺少指令名；" + _NO_DIRECTIVES,
    "found unexpected non-alphabetical character": "“%”指令名中有不允许的字符；" + _NO_DIRECTIVES,
    "found unknown directive name": "未知的“%”指令；" + _NO_DIRECTIVES,
    "did not find expected digit or '.' character": "“%YAML”指令的版本号格式不对；" + _NO_DIRECTIVES,
    "did not find expected version number": "“%YAML”指令的版本号格式不对；" + _NO_DIRECTIVES,
    "found extremely long version number": "“%YAML”指令的版本号过长；" + _NO_DIRECTIVES,
    "found incompatible YAML document": "“%YAML”指令声明的版本不受支持；" + _NO_DIRECTIVES,
    "found duplicate %YAML directive": "“%YAML”指令重复；" + _NO_DIRECTIVES,
    "found duplicate %TAG directive": "“%TAG”指令重复；" + _NO_DIRECTIVES,
    "did not find expected <document start>": "此处缺少文档开始标记“---”（常见于“...”之后还有内容，或“%”指令行之后）；"
                                              "一个文件只写一个文档，请删除多余的“...”和“%”行",
    "but found another document": "一个文件只能包含一个 YAML 文档（不要使用“---”分隔多个文档）",
}
"""libyaml problem text -> what to tell the user."""

UNKNOWN = "无法解析这一处的内容"


def translate(problem: str) -> str:
    """The Chinese explanation of a libyaml problem (never the English text itself)."""
    return next((zh for en, zh in ZH.items() if en in problem), UNKNOWN)


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]`` as an editor counts: breaks are \\n, \\r\\n and \\r only."""
    index = min(max(index, 0), len(text))
    head = text[:index]
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    start = max(head.rfind("\n"), head.rfind("\r")) + 1
    return line, index - start + 1


def finding(exc: yaml.YAMLError, rel: str, text: str) -> Finding:
    """The located, translated finding for a libyaml error while reading ``text``."""
    if isinstance(exc, yaml.reader.ReaderError):  # a bad character: libyaml gives its byte offset
        char = exc.character
        pos = text.find(chr(char)) if isinstance(char, int) else -1
        line, col = position(text, pos if pos >= 0 else int(exc.position))
        code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        return RULE.finding(rel, line, col, "",
                       f"文件中有不允许的控制字符（{code}）；请删除它（常见于从网页或 Word 复制的文字）")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    problem = str(getattr(exc, "problem", "") or exc).strip()
    if "maximum nesting depth" in problem:
        return nesting_depth.finding(rel, line, col)
    context = getattr(exc, "context_mark", None)
    typed = typing_slip(text, (context.line + 1) if context is not None else line - 2, line) or reserved_start(text, line)
    if typed is not None:
        return RULE.finding(rel, typed[0], typed[1], "", f"YAML 语法错误：{typed[2]}")
    return RULE.finding(rel, line, col, "",
                   f"YAML 语法错误：{translate(problem)}；请检查这一行及上一行的缩进、冒号和引号")


_KEY_WIDE_SPACE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_.]*:(\u3000)")
_KEY_NO_SPACE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_.]*:(?=[^\s:/])")
_FULLWIDTH_KEY = re.compile(r"\s*(?:-\s+)?[^\s:#\"'][^:#\"']*?(：)")


_VALUE_START = re.compile(r"(\s*(?:-\s+)?[^\s:#][^:#]*?:[ \t]+|\s*-[ \t]+)([@`*&!])")
_RESERVED = {
    "@": "“@”是 YAML 的保留字符", "`": "“`”是 YAML 的保留字符", "*": "“*”在 YAML 中表示别名",
    "&": "“&”在 YAML 中表示锚点", "!": "“!”在 YAML 中表示标签",
}


def reserved_start(text: str, number: int) -> tuple[int, int, str] | None:
    """A value on line ``number`` that starts with a character YAML reserves: named, with the quoted form."""
    lines = text.splitlines()
    if not 1 <= number <= len(lines):
        return None
    body = lines[number - 1]
    m = _VALUE_START.match(body)
    if m is None:
        return None
    after = body[m.end(2):m.end(2) + 1]
    if m.group(2) in "*&!" and (not after or after.isascii()):
        return None   # `&x`, `*x`, `!tag`: YAML's own anchors, aliases and tags, left to libyaml's message
    value = body[m.start(2):].split(" #")[0].rstrip()
    head = body[:m.start(2)].strip()
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    why = _RESERVED[m.group(2)]
    return (number, m.start(2) + 1,
            f"值以“{m.group(2)}”开头：{why}，不能放在值的开头；如果它是内容，请加引号，写成 {head} \"{quoted}\"")


def typing_slip(text: str, first: int, last: int) -> tuple[int, int, str] | None:
    """What a Chinese input method typed on lines ``first``..``last`` (1-based) that YAML then misread,
    at its own line and column: a full-width colon, no space after a key's colon, a full-width space
    indenting a line. libyaml reports these on a later line, or as a missing colon."""
    lines = text.splitlines()
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        body = lines[number - 1]
        if body.lstrip().startswith("#"):
            continue
        if body[:1] == "\u3000" or (body.lstrip(" ")[:1] == "\u3000"):
            at = body.index("\u3000") + 1
            return number, at, "这一行用全角空格“　”缩进；YAML 只认半角空格，请把行首的全角空格换成半角空格（输入法切到半角）"
        wide = _KEY_WIDE_SPACE.match(body)
        if wide is not None:
            key = body[:wide.start(1) - 1].strip().removeprefix("- ").strip()
            value = body[wide.end(1):].strip(" \u3000")
            return (number, wide.start(1) + 1,
                    f"“{key}:”后面是全角空格“　”；YAML 只认半角空格，请写成 {key}: {value}")
        full = _FULLWIDTH_KEY.match(body)
        if full is not None and ":" not in body[:full.start(1)]:
            key = body[:full.start(1)].strip().removeprefix("- ").strip()
            value = body[full.end(1):].strip()
            field = unknown_key.english_key(key)
            named = f"（字段名也要写英文：{key} 即 {field}）" if field != key else ""
            return (number, full.start(1) + 1,
                    f"“{key}”后面是全角冒号“：”；键和值之间要用半角冒号加一个空格{named}，请写成 {field}: {value}")
        tight = _KEY_NO_SPACE.match(body)
        if tight is not None:
            key = body[:tight.end() - 1].strip().removeprefix("- ").strip()
            value = body[tight.end():].strip()
            return (number, tight.end(),
                    f"“{key}:”后面缺少空格，YAML 把整行当成了一段文字；请在冒号后加一个空格，写成 {key}: {value}")
    return None


UNKNOWN_NODE = "YAML 语法错误：无法识别的节点"
COMPLEX_KEY = "YAML 语法错误：键必须是简单文本，不能是列表或映射"
