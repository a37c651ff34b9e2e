"""Safe, fast YAML reading with YAML 1.2 scalar semantics and positions.

libyaml (through PyYAML's C parser) builds the node tree; this module turns
nodes into plain Python values itself, so no tag can construct an object and
plain scalars follow the YAML 1.2 core schema (``yes`` is text, ``010`` is 10).
Decimals become :class:`~decimal.Decimal` from the scalar's text, never floats.

Node marks are kept until a file is done so that any finding can be located
(``locate``) without a second parse; on the happy path no position is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
import yaml.reader
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from shuili_cli.core.findings import Finding, YamlPath, format_path
from shuili_cli.core.rules import (
    alias_limit,
    comment_swallowed,
    duplicate_key,
    encoding,
    invalid_date,
    nesting_depth,
    unsafe_tag,
    yaml11_boolean,
    yaml_syntax,
)

MAX_DEPTH = 64
MAX_ALIAS_USES = 100

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF_NAN = re.compile(r"(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_EXPONENT = re.compile(r"[eE]([-+]?[0-9]+)\Z")
_MAX_NUMBER_CHARS = 40
_MAX_EXPONENT = 30

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOLS = frozenset(
    w
    for base in ("yes", "no", "on", "off")
    for w in (base, base.capitalize(), base.upper())
)
_NUMERIC_START = frozenset("0123456789-+.")
_WORD_START = frozenset("~nNtTfFyYoO")

_PLAIN = (None, "")
STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _NodeLoader(CParser):  # type: ignore[misc,unused-ignore]
    """libyaml parser+composer that leaves tag resolution to us."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""

    def descend_resolver(self, parent: Any, index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


@dataclass(slots=True)
class ParsedYaml:
    """The outcome of reading one YAML file."""

    data: Any = None
    root: Node | None = None
    findings: list[Finding] = field(default_factory=list)
    # Paths of plain scalars that YAML 1.2 reads as numbers but whose text a
    # human may have meant literally (leading zeros, a sign): "010", "+5".
    noncanonical: dict[YamlPath, str] = field(default_factory=dict)
    text: str = ""
    fatal: bool = False


class _Abort(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def decode(raw: bytes, rel: str) -> tuple[str | None, Finding | None]:
    """Decode UTF-8 (BOM accepted); anything else is a located finding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Finding(
            encoding.RULE.code, encoding.RULE.severity, rel, 1, 1, "",
            "文件是 UTF-16 编码；请用 UTF-8 编码另存（记事本“另存为”选择 UTF-8）",
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（记事本或 WPS 默认保存的格式）；"
        except UnicodeDecodeError:
            pass
        return None, Finding(
            encoding.RULE.code, encoding.RULE.severity, rel, line, col, "",
            f"文件不是 UTF-8 编码，第 {exc.start + 1} 字节无法解码；{guess}请用 UTF-8 编码另存该文件",
        )


_SYNTAX_ZH = {
    "mapping values are not allowed": "此处不能出现“键: 值”，常见原因是缩进不对，或值里有未加引号的“: ”（请给值加引号）",
    "did not find expected ',' or ']'": "方括号列表 [...] 没有正确结束：缺少“,”或“]”",
    "did not find expected ',' or '}'": "花括号映射 {...} 没有正确结束：缺少“,”或“}”",
    "did not find expected node content": "此处缺少内容，常见原因是多余的“-”或“:”",
    "second occurrence": "锚点名重复（&名字 出现了两次）",
    "block sequence entries are not allowed": "此处不能开始“- ”列表项，常见原因是缩进不对",
    "could not find expected ':'": "缺少冒号“:”，或上一行的缩进不对",
    "found character that cannot start any token": "出现了不能开始一个值的字符（常见为制表符 Tab，请改用空格缩进）",
    "found undefined alias": "引用了未定义的锚点（*别名）",
    "did not find expected key": "找不到预期的键，可能是缩进不一致",
    "did not find expected '-' indicator": "找不到预期的“-”，列表缩进可能不一致",
    "found unexpected end of stream": "文件意外结束，可能缺少配对的引号或括号",
    "found unknown escape character": "双引号字符串中有无效的转义字符（\\ 后的字符），可改用单引号",
    "but found another document": "一个文件只能包含一个 YAML 文档（不要使用“---”分隔多个文档）",
    "expected a single document in the stream": "一个文件只能包含一个 YAML 文档（不要使用“---”分隔多个文档）",
    "control characters are not allowed": "文件中含有不允许的控制字符",
}


def _syntax_finding(exc: yaml.YAMLError, rel: str, text: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    if isinstance(exc, yaml.reader.ReaderError):  # a bad character: it has a position, not a mark
        pos = min(max(int(exc.position), 0), len(text))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        code = f"U+{int(exc.character):04X}" if isinstance(exc.character, int) else repr(exc.character)
        return Finding(
            yaml_syntax.RULE.code, yaml_syntax.RULE.severity, rel, line, col, "",
            f"文件中有不允许的控制字符（{code}）；请删除它（常见于从网页或 Word 复制的文字）",
        )
    problem = str(getattr(exc, "problem", "") or exc).strip()
    if "maximum nesting depth" in problem:
        return _depth_finding(rel, line, col)
    zh = next((v for k, v in _SYNTAX_ZH.items() if k in problem), None)
    text = zh if zh else f"无法解析（{problem}）"
    return Finding(
        yaml_syntax.RULE.code, yaml_syntax.RULE.severity, rel, line, col, "",
        f"YAML 语法错误：{text}；请检查这一行及上一行的缩进、冒号和引号",
    )


def parse_text(text: str, rel: str) -> ParsedYaml:
    """Parse one YAML document into plain data, collecting located findings."""
    out = ParsedYaml(text=text)
    loader = _NodeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        out.findings.append(_syntax_finding(exc, rel, text))
        out.fatal = True
        return out
    except RecursionError:
        out.findings.append(_depth_finding(rel, 1, 1))
        out.fatal = True
        return out
    finally:
        loader.dispose()
    out.root = root
    if root is None:
        return out
    builder = _Builder(rel, out, track_aliases="&" in text)
    try:
        out.data = builder.build(root, (), 0)
    except _Abort as abort:
        out.findings.append(abort.finding)
        out.fatal = True
        out.data = None
    return out


def _depth_finding(rel: str, line: int, col: int) -> Finding:
    return Finding(
        nesting_depth.RULE.code, nesting_depth.RULE.severity, rel, line, col, "",
        f"嵌套层级超过 {MAX_DEPTH} 层；本工具的数据文件最多只有几层嵌套，请检查文件内容",
    )


class _Builder:
    __slots__ = ("alias_uses", "out", "rel", "seen", "track_aliases")

    def __init__(self, rel: str, out: ParsedYaml, *, track_aliases: bool) -> None:
        self.rel = rel
        self.out = out
        self.track_aliases = track_aliases
        self.seen: set[int] = set()
        self.alias_uses = 0

    def _finding(self, rule: Any, node: Node, path: YamlPath, message: str) -> Finding:
        m = node.start_mark
        return Finding(rule.RULE.code, rule.RULE.severity, self.rel, m.line + 1, m.column + 1, format_path(path), message)

    def build(self, node: Node, path: YamlPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            m = node.start_mark
            raise _Abort(_depth_finding(self.rel, m.line + 1, m.column + 1))
        if self.track_aliases:
            key = id(node)
            if key in self.seen:
                self.alias_uses += 1
                if self.alias_uses > MAX_ALIAS_USES:
                    raise _Abort(self._finding(
                        alias_limit, node, path,
                        f"别名（*引用）使用超过 {MAX_ALIAS_USES} 次，文件可能是恶意构造的“别名炸弹”；请直接写出各项内容",
                    ))
            else:
                self.seen.add(key)
        tag = node.tag
        if tag and tag not in _ALLOWED_TAGS:
            raise _Abort(self._finding(
                unsafe_tag, node, path,
                f"不允许使用 YAML 标签“{tag}”；数据文件只能包含普通的文本、数字、日期、列表和映射，请删除该标签",
            ))
        if isinstance(node, ScalarNode):
            if node.style in _PLAIN and not tag:
                return self._plain(node, path)
            return node.value
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            build = self.build
            return [build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        raise _Abort(self._finding(yaml_syntax, node, path, "YAML 语法错误：无法识别的节点"))

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        build = self.build
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Abort(self._finding(
                    yaml_syntax, key_node, path, "YAML 语法错误：键必须是简单文本，不能是列表或映射",
                ))
            key = key_node.value
            if key in result:
                prev = first_line[key]
                self.out.findings.append(self._finding(
                    duplicate_key, key_node, (*path, key),
                    f"键“{key}”在同一映射中重复出现（第 {prev} 行和第 {key_node.start_mark.line + 1} 行）；"
                    "请删除或合并其中一个",
                ))
                continue
            first_line[key] = key_node.start_mark.line + 1
            child = (*path, key)
            if (
                isinstance(value_node, ScalarNode)
                and value_node.style in _PLAIN
                and value_node.value == ""
                and not value_node.tag
            ):
                self._check_swallowed(key_node, child)
            result[key] = build(value_node, child, depth + 1)
        return result

    def _check_swallowed(self, key_node: Node, path: YamlPath) -> None:
        """``location: #1机组`` is empty: warn when the comment looks like content."""
        content = _comment_after(self.out.text, key_node)
        if content:
            self.out.findings.append(self._finding(
                comment_swallowed, key_node, path,
                f"值为空：“{content}”以 # 开头，被 YAML 当作注释；如果它是内容，请加引号写成 \"{content}\"",
            ))

    def _plain(self, node: ScalarNode, path: YamlPath) -> Any:
        value: str = node.value
        if not value:
            return None
        first = value[0]
        if first in _NUMERIC_START:
            if _DATE.match(value):
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    self.out.findings.append(self._finding(
                        invalid_date, node, path,
                        f"日期“{value}”不存在（月份或日期超出范围）；请改为真实的日期，格式 YYYY-MM-DD",
                    ))
                    return value
            if len(value) > _MAX_NUMBER_CHARS:
                return value  # not a number anyone writes by hand: keep the text, the model will say so
            if _INT.match(value):
                digits = value.lstrip("+-")
                if value[0] == "+" or (len(digits) > 1 and digits[0] == "0"):
                    self.out.noncanonical[path] = value
                return int(value)
            if _FLOAT.match(value):
                exponent = _EXPONENT.search(value)
                if exponent and abs(int(exponent.group(1))) > _MAX_EXPONENT:
                    return value
                try:
                    return Decimal(value)
                except InvalidOperation:  # pragma: no cover - regex guarantees syntax
                    return value
            if _INF_NAN.match(value):
                low = value.lower()
                return Decimal("NaN") if low.endswith("nan") else Decimal(low.replace(".inf", "Infinity"))
            if _OCT.match(value) or _HEX.match(value):
                self.out.noncanonical[path] = value
                return int(value, 0)
            return value
        if first in _WORD_START:
            if value in _NULLS:
                return None
            boolean = _BOOLS.get(value)
            if boolean is not None:
                return boolean
            if value in _YAML11_BOOLS:
                self.out.findings.append(self._finding(
                    yaml11_boolean, node, path,
                    f"“{value}”在旧版 YAML（1.1）中会被读作布尔值，在本工具中按文本处理；为避免歧义请加引号写成 \"{value}\"",
                ))
        return value


# ---------------------------------------------------------------- locating


def _comment_after(text: str, key_node: Node) -> str | None:
    """The comment right after ``key:`` when it looks like swallowed content."""
    m = key_node.end_mark
    start = m.index
    end = text.find("\n", start)
    rest = text[start: end if end >= 0 else len(text)]
    stripped = rest.lstrip(" :\t")
    if stripped.startswith("#") and len(stripped) > 1 and stripped[1] not in " #\t":
        return stripped.rstrip()
    return None


def swallowed_comment(text: str, mapping: Node | None, key: object) -> str | None:
    """For an empty value of ``key`` in ``mapping``: the comment that ate it."""
    if not isinstance(mapping, MappingNode):
        return None
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            if isinstance(v, ScalarNode) and v.style in _PLAIN and v.value == "":
                return _comment_after(text, k)
            return None
    return None


def locate(root: Node | None, path: YamlPath, *, at_key: bool = False) -> tuple[int, int]:
    """Return the 1-based (line, column) of ``path`` in a node tree.

    Follows the path as far as it exists; a missing tail points at the deepest
    node that exists (the record that lacks a field). ``at_key`` points at the
    key of the last mapping entry instead of its value.
    """
    if root is None:
        return (1, 1)
    node: Node = root
    for i, part in enumerate(path):
        nxt: Node | None = None
        key_node: Node | None = None
        if isinstance(node, MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == part:
                    key_node, nxt = k, v
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            nxt = node.value[part]
        if nxt is None:
            break
        if at_key and i == len(path) - 1 and key_node is not None:
            m = key_node.start_mark
            return (m.line + 1, m.column + 1)
        node = nxt
    m = node.start_mark
    return (m.line + 1, m.column + 1)


def node_at(root: Node | None, path: YamlPath) -> Node | None:
    """The node at exactly ``path``, or None."""
    node = root
    for part in path:
        if isinstance(node, MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node
