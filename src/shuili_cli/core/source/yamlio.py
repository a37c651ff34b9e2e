"""Safe, fast YAML reading with YAML 1.2 scalar semantics and positions.

libyaml (through PyYAML's C parser) builds the node tree; this module turns
nodes into plain Python values itself, so no tag can construct an object and
plain scalars follow the YAML 1.2 core schema (``yes`` is text, ``010`` is 10).
Decimals become :class:`~decimal.Decimal` from the scalar's text, never floats.

Every input is bounded before it can cost much: characters that YAML reads as
line breaks but editors do not are reported and read as spaces; the composer
counts nodes as it builds them and stops at ``MAX_NODES``; alias uses, the size
aliases expand to, and nesting depth are bounded while building; at most
``MAX_FINDINGS`` findings of each severity are kept (the rest are counted).

Node marks are kept until a file is done so that any finding can be located
(``ParsedYaml.locate``) without a second parse. Positions of mapping keys are
indexed once per mapping, on first use, so locating N findings costs O(N).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from shuili_cli.core.findings import Finding, YamlPath, format_path
from shuili_cli.core.rules import (
    alias_limit,
    comment_swallowed,
    duplicate_key,
    invalid_date,
    line_separator,
    nesting_depth,
    too_many_findings,
    too_many_nodes,
    unsafe_tag,
    yaml11_boolean,
    yaml_syntax,
)
from shuili_cli.core.rules._base import Rule
from shuili_cli.core.rules.alias_limit import MAX_ALIAS_USES
from shuili_cli.core.rules.encoding import decode as decode  # re-exported: the reader's first step
from shuili_cli.core.rules.nesting_depth import MAX_DEPTH
from shuili_cli.core.rules.too_many_findings import MAX_FINDINGS
from shuili_cli.core.rules.too_many_nodes import MAX_NODES
from shuili_cli.core.rules.unsafe_tag import MAP_TAG, SEQ_TAG, STR_TAG

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
_NUMERIC_START = frozenset("0123456789-+.")
_WORD_START = frozenset("~nNtTfFyYoO")

_PLAIN = (None, "")


class _Abort(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


class _NodeLoader(CParser):  # type: ignore[misc,unused-ignore]
    """libyaml parser+composer that leaves tag resolution to us."""

    __slots__ = ()  # no instance dict: the composer looks up the methods below for every node

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""

    def descend_resolver(self, parent: Any, index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class _CountingLoader(_NodeLoader):
    """A loader that stops at ``MAX_NODES`` nodes, for a text long enough to hold more.

    A node takes at least one character (``{a,a,a}`` and ``{?,?,?}`` are the densest), so a
    shorter text needs no counting.
    """

    __slots__ = ("limit", "nodes", "rel")

    def __init__(self, stream: str, rel: str) -> None:
        super().__init__(stream)
        self.rel = rel
        self.nodes = 0
        self.limit = MAX_NODES

    def descend_resolver(self, parent: Any, index: Any) -> None:
        # called by the composer once before it builds each node (an alias builds none)
        self.nodes += 1
        if self.nodes > self.limit:
            line, column = too_many_nodes.where(parent, index)
            raise _Abort(too_many_nodes.finding(self.rel, line, column, self.limit))


class NodeIndex:
    """Entries of mappings by key, built once per mapping on first use (the first of duplicates wins)."""

    __slots__ = ("_maps",)

    def __init__(self) -> None:
        self._maps: dict[int, dict[str, tuple[Node, Node]]] = {}

    def entry(self, mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
        table = self._maps.get(id(mapping))
        if table is None:
            table = {}
            for k, v in mapping.value:
                if isinstance(k, ScalarNode):
                    table.setdefault(k.value, (k, v))
            self._maps[id(mapping)] = table
        return table.get(key)

    def child(self, node: Node | None, part: str | int) -> tuple[Node | None, Node | None]:
        """(key node, value node) one step down ``part``; (None, None) when there is none."""
        if isinstance(node, MappingNode) and isinstance(part, str):
            return self.entry(node, part) or (None, None)
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return None, node.value[part]
        return None, None


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
    dropped: int = 0  # findings beyond MAX_FINDINGS of their severity: counted, not kept
    # what building the data took, alias expansions included: what pydantic may report on
    nodes: int = 0  # entries of mappings and items of lists
    mappings: int = 0
    counts: list[int] = field(default_factory=lambda: [0, 0])  # kept errors, kept warnings
    index: NodeIndex = field(default_factory=NodeIndex)

    def add(self, finding: Finding) -> None:
        if self.full(finding.is_error):
            self.dropped += 1
            return
        self.counts[0 if finding.is_error else 1] += 1
        self.findings.append(finding)

    def full(self, error: bool = True) -> bool:
        """Whether no more findings of that severity are kept."""
        return self.counts[0 if error else 1] >= MAX_FINDINGS

    def locate(self, path: YamlPath, *, at_key: bool = False) -> tuple[int, int]:
        return locate(self.root, path, at_key=at_key, index=self.index)

    def node_at(self, path: YamlPath) -> Node | None:
        return node_at(self.root, path, index=self.index)

    def char_offset(self, path: YamlPath, char: int) -> int:
        """Columns from the start of the scalar at ``path`` to its ``char``-th character: exact for a
        scalar written on one line without escapes; 0 (the scalar's start) when that cannot be known."""
        node = self.node_at(path)
        if not isinstance(node, ScalarNode) or node.start_mark.line != node.end_mark.line:
            return 0
        quote = 1 if node.style in ("'", '"') else 0
        if node.end_mark.column - node.start_mark.column != len(node.value) + 2 * quote:
            return 0  # escapes, folded spaces or trailing blanks YAML dropped: the source differs from the value
        return quote + min(char, max(len(node.value) - 1, 0))

    def last_line(self) -> int:
        """The number of the file's last line with text."""
        return yaml_syntax.position(self.text, len(self.text.rstrip("\r\n")))[0]

    def listed(self, rel: str, last_line: int | None = None) -> list[Finding]:
        """The findings to show: at most ``MAX_FINDINGS`` (errors first), then one counting the rest
        at the file's last line (``last_line`` when the text is not at hand)."""
        last = 1
        if self.dropped or len(self.findings) > MAX_FINDINGS:
            last = last_line if last_line is not None else self.last_line()
        return too_many_findings.cap(self.findings, self.dropped, rel, last)


def parse_text(text: str, rel: str) -> ParsedYaml:
    """Parse one YAML document into plain data, collecting located findings."""
    out = ParsedYaml(text=text)
    if line_separator.present(text):
        found, more = line_separator.find(text, rel, MAX_FINDINGS)
        for f in found:
            out.add(f)
        out.dropped += more
        text = out.text = line_separator.as_spaces(text)  # same length: every mark stays where an editor has it
    if unsafe_tag.may_hold_lone_tag(text):
        lone = unsafe_tag.lone_tags(_NodeLoader(text), rel, MAX_FINDINGS)
        if lone:
            for f in lone:
                out.add(f)
            out.fatal = True
            return out
    loader = _CountingLoader(text, rel) if len(text) + 2 > MAX_NODES else _NodeLoader(text)
    try:
        root = loader.get_single_node()
    except _Abort as abort:  # too many nodes
        out.add(abort.finding)
        out.fatal = True
        return out
    except yaml.YAMLError as exc:
        out.add(yaml_syntax.finding(exc, rel, text))
        out.fatal = True
        return out
    except RecursionError:
        out.add(nesting_depth.finding(rel, 1, 1))
        out.fatal = True
        return out
    finally:
        loader.dispose()
    out.root = root
    if root is None:
        return out
    builder = _GuardedBuilder(rel, out) if "&" in text else _Builder(rel, out)
    try:
        out.data = builder.build(root, (), 0)
    except _Abort as abort:
        out.add(abort.finding)
        out.fatal = True
        out.data = None
    return out


_KIND_TAG = {ScalarNode: STR_TAG, MappingNode: MAP_TAG, SequenceNode: SEQ_TAG}


class _Builder:
    __slots__ = ("out", "rel")

    def __init__(self, rel: str, out: ParsedYaml) -> None:
        self.rel = rel
        self.out = out

    def _finding(self, rule: Rule, node: Node, path: YamlPath, message: str) -> Finding:
        m = node.start_mark
        return rule.finding(self.rel, m.line + 1, m.column + 1, format_path(path), message)

    def build(self, node: Node, path: YamlPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            m = node.start_mark
            raise _Abort(nesting_depth.finding(self.rel, m.line + 1, m.column + 1))
        tag = node.tag
        if tag and tag != _KIND_TAG.get(type(node)):
            raise _Abort(self._finding(unsafe_tag.RULE, node, path, unsafe_tag.message(tag, _KIND_TAG.get(type(node), STR_TAG))))
        if isinstance(node, ScalarNode):
            if node.style in _PLAIN and not tag:
                return self._plain(node, path)
            return node.value
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            self.out.nodes += len(node.value)
            build = self.build
            return [build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        raise _Abort(self._finding(yaml_syntax.RULE, node, path, yaml_syntax.UNKNOWN_NODE))

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        self.out.mappings += 1
        self.out.nodes += len(node.value)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        build = self.build
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Abort(self._finding(yaml_syntax.RULE, key_node, path, yaml_syntax.COMPLEX_KEY))
            key = key_node.value
            if key_node.tag and key_node.tag != STR_TAG:
                raise _Abort(self._finding(unsafe_tag.RULE, key_node, (*path, key), unsafe_tag.message(key_node.tag, STR_TAG)))
            if key in result:
                self.out.add(self._finding(
                    duplicate_key.RULE, key_node, (*path, key),
                    duplicate_key.message(key, first_line[key], key_node.start_mark.line + 1),
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
        content = comment_swallowed.comment_after(self.out.text, key_node)
        if content:
            self.out.add(self._finding(comment_swallowed.RULE, key_node, path, comment_swallowed.message(content)))

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
                    self.out.add(self._finding(invalid_date.RULE, node, path, invalid_date.message(value)))
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
            if value in yaml11_boolean.WORDS:
                self.out.add(self._finding(yaml11_boolean.RULE, node, path, yaml11_boolean.message(value)))
        end = node.end_mark.index
        text = self.out.text
        if end < len(text) and text[end] in " \t":   # `主变 #1冷却风扇异响`: the text went on as a comment
            cut = comment_swallowed.comment_after_value(text, end)
            if cut:
                self.out.add(self._finding(comment_swallowed.RULE, node, path, comment_swallowed.cut_message(value, cut)))
        return value


class _GuardedBuilder(_Builder):
    """The builder for a file with anchors, where a node may be reached more than once."""

    __slots__ = ("guard",)

    def __init__(self, rel: str, out: ParsedYaml) -> None:
        super().__init__(rel, out)
        self.guard = alias_limit.Guard(MAX_ALIAS_USES, MAX_NODES)

    def build(self, node: Node, path: YamlPath, depth: int) -> Any:
        key = id(node)
        problem = self.guard.enter(key)
        if problem is not None:
            raise _Abort(self._finding(alias_limit.RULE, node, path, problem))
        try:
            return super().build(node, path, depth)
        finally:
            self.guard.leave(key)


# ---------------------------------------------------------------- locating


def swallowed_comment(text: str, mapping: Node | None, key: object, index: NodeIndex | None = None) -> str | None:
    """For an empty value of ``key`` in ``mapping``: the comment that ate it."""
    if not isinstance(mapping, MappingNode) or not isinstance(key, str):
        return None
    k, v = (index or NodeIndex()).child(mapping, key)
    if k is not None and isinstance(v, ScalarNode) and v.style in _PLAIN and v.value == "":
        return comment_swallowed.comment_after(text, k)
    return None


def locate(root: Node | None, path: YamlPath, *, at_key: bool = False,
           index: NodeIndex | None = None) -> tuple[int, int]:
    """Return the 1-based (line, column) of ``path`` in a node tree.

    Follows the path as far as it exists; a missing tail points at the deepest
    node that exists (the record that lacks a field). ``at_key`` points at the
    key of the last mapping entry instead of its value. Pass the file's
    ``index`` (``ParsedYaml.locate`` does) so that repeated calls stay O(path).
    """
    if root is None:
        return (1, 1)
    index = index or NodeIndex()
    node: Node = root
    for i, part in enumerate(path):
        key_node, nxt = index.child(node, part)
        if nxt is None:
            break
        if at_key and i == len(path) - 1 and key_node is not None:
            m = key_node.start_mark
            return (m.line + 1, m.column + 1)
        node = nxt
    m = node.start_mark
    return (m.line + 1, m.column + 1)


def node_at(root: Node | None, path: YamlPath, index: NodeIndex | None = None) -> Node | None:
    """The node at exactly ``path``, or None."""
    index = index or NodeIndex()
    node = root
    for part in path:
        node = index.child(node, part)[1]
        if node is None:
            return None
    return node
