"""A YAML text parsed by ruamel.yaml's round-trip composer, with the text positions edits need.

ruamel gives every node its start and end (``start_mark``/``end_mark``: character index, line,
column). A block collection's end is where the next token starts (after blank lines and comments),
and an empty value (``key:``) sits at the next token too, so the end of what a node's own lines hold
is worked out here (``node_end``, ``entry_end``) from the last child down to a scalar or flow node.
Edits are splices of the original text at these positions: nothing outside them is ever re-emitted.
"""

from __future__ import annotations

import gc
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from shuili_cli.core.edit.edits import EditError
from shuili_cli.core.rules import yaml_syntax

SYNTAX = "文件有语法错误，先修正再导入/编辑"


# ruamel.yaml words some problems as PyYAML's Python parser does, not as libyaml (yaml_syntax.ZH)
_RUAMEL = {"expected ',' or ']'": "did not find expected ',' or ']'", "expected ',' or '}'": "did not find expected ',' or '}'",
           "expected <block end>": "did not find expected key"}


def _translated(problem: str) -> str:
    for english, libyaml in _RUAMEL.items():
        problem = problem.replace(english, libyaml)
    for english, chinese in yaml_syntax.ZH.items():
        if english in problem:
            return chinese
    return "无法解析"


def compose(text: str) -> Node | None:
    """The node tree of ``text`` (None for an empty document); a syntax error is an ``EditError``."""
    enabled = gc.isenabled()
    gc.disable()  # the composer makes a node per value and no garbage cycles: collecting would make it quadratic
    try:
        node: Node | None = YAML(typ="rt").compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        raise EditError(f"{SYNTAX}（{_translated(str(exc.problem or ''))}）", line, column) from None
    except YAMLError as exc:  # the reader: a character YAML does not allow
        position = getattr(exc, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 0
        raise EditError(f"{SYNTAX}（文件中有 YAML 不允许的字符）", line) from None
    except RecursionError:
        raise EditError(f"{SYNTAX}（嵌套层次过深）") from None
    finally:
        if enabled:
            gc.enable()
    return node


def is_empty(node: Node) -> bool:
    """An empty value (``key:`` with nothing after it): its marks sit at the next token."""
    return isinstance(node, ScalarNode) and node.start_mark.index == node.end_mark.index


def is_block(node: Node) -> bool:
    return isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style


class Document:
    """``text`` (without a BOM) and its node tree."""

    def __init__(self, text: str) -> None:
        self.text = text
        first = text.find("\n")
        self.nl = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
        self.root = compose(text)

    # --- lines --------------------------------------------------------------------------------------

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """The index just after the line break of the line holding ``index`` (the text's end on its last line)."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def before_on_line(self, index: int) -> str:
        return self.text[self.line_start(index):index]

    def position(self, index: int) -> tuple[int, int]:
        """1-based line and column of ``index``."""
        start = self.line_start(index)
        return self.text.count("\n", 0, index) + 1, index - start + 1

    def where(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    # --- extents ------------------------------------------------------------------------------------

    def colon_after(self, key: Node) -> int:
        """The index just after the ``:`` that follows ``key``."""
        i = int(key.end_mark.index)
        while i < len(self.text) and self.text[i] in " \t":
            i += 1
        if i >= len(self.text) or self.text[i] != ":":
            raise EditError("不支持编辑这种写法的键（请写成“键: 值”）", *self.where(key))
        return i + 1

    def entry_end(self, key: Node, value: Node) -> int:
        """Where the text of a ``key: value`` entry ends (before any comment on its last line)."""
        if is_empty(value):
            return self.colon_after(key)
        if value.start_mark.index < key.end_mark.index:
            raise EditError("不能编辑使用了锚点和别名（& 与 *）的字段；请先把别名改写成完整的内容", *self.where(key))
        return self.node_end(value)

    def node_end(self, node: Node) -> int:
        """Where the text of ``node`` itself ends: its last character that is not a line break,
        blank line or comment following it."""
        if isinstance(node, ScalarNode):
            if node.style in ("|", ">"):
                span = self.text[node.start_mark.index:node.end_mark.index]
                return int(node.start_mark.index) + len(span.rstrip())
            return int(node.end_mark.index)
        if not is_block(node) or not node.value:
            return int(node.end_mark.index)
        if isinstance(node, MappingNode):
            key, value = node.value[-1]
            end = self.entry_end(key, value)
        else:
            last = node.value[-1]
            end = self.text.rfind("-", 0, last.start_mark.index) + 1 if is_empty(last) else self.node_end(last)
        if end < node.start_mark.index:
            raise EditError("不能编辑使用了锚点和别名（& 与 *）的内容；请先把别名改写成完整的内容", *self.where(node))
        return end

    def entries(self, mapping: MappingNode) -> dict[str, tuple[int, Node, Node]]:
        """The entries of ``mapping`` by key: (position among the entries, key node, value node).
        A key given twice is an ``EditError``: which of the two an edit means is unclear."""
        out: dict[str, tuple[int, Node, Node]] = {}
        for i, (key, value) in enumerate(mapping.value):
            if not isinstance(key, ScalarNode):
                continue
            name = str(key.value)
            if name in out:
                first = out[name][1]
                raise EditError(f"键“{name}”出现了两次（第 {first.start_mark.line + 1} 行和第 {key.start_mark.line + 1} 行）；"
                                "先删除重复的一个再编辑", *self.where(key))
            out[name] = (i, key, value)
        return out

    def ends_in_open_text(self) -> bool:
        """Whether the document ends in a ``|`` or ``>`` text that keeps its final line break (not ``|-``)
        and the file has no final line break: a line added after it would add one to the text."""
        node = self.root
        while isinstance(node, (MappingNode, SequenceNode)) and node.value:
            node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
        if not isinstance(node, ScalarNode) or node.style not in ("|", ">") or self.text.endswith("\n"):
            return False
        header = self.text[node.start_mark.index:self.line_end(node.start_mark.index)].split("#")[0]
        return "-" not in header

    def dash_column(self, item: Node) -> int:
        """The column of the ``-`` that starts a block sequence item (-1 when it is not on the item's line)."""
        return self.before_on_line(item.start_mark.index).rfind("-")


def top_mapping(doc: Document) -> MappingNode | None:
    """The document's top-level mapping; None for a document with no content."""
    root: Any = doc.root
    if root is None or (isinstance(root, ScalarNode) and root.value == "" and root.style is None):
        return None
    if not isinstance(root, MappingNode):
        raise EditError("文件的顶层应当是“键: 值”的映射；请先修正文件", *doc.where(root))
    return root
