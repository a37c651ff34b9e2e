"""Edits as splices of the original text: (start, end, new text), applied together at the end.

Only the text of what changes is replaced: a scalar's own characters (a comment after it on the
line stays), the item lines of a block list (its key line stays), or the lines of one entry when a
block value gives way to another kind of value. A new key goes on a line of its own after the
mapping's last entry, at the indentation of the mapping's first key (in a flow mapping, before its
``}``); a removed key takes its lines with it, comments on them included.

A record is appended after the last record of its list, with that record's indentation, and with
a blank line before it when the last two records are separated by one. Comment lines indented
under the last record belong to it and stay before the new record; comments at the list's own
column or left of it belong to what follows (the end of the file) and stay after it. An empty
``hazards: []`` (or ``hazards:``) becomes a block list; an absent list is added at the end of the
file, after a blank line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from shuili_cli.core.edit.blocks import entry_lines, inline, item_lines
from shuili_cli.core.edit.changes import Tree, tree_value
from shuili_cli.core.edit.document import Document, is_block, is_empty
from shuili_cli.core.edit.edits import EditError
from shuili_cli.core.edit.scalars import render_flow, render_key


@dataclass(frozen=True, order=True)
class Patch:
    """Replace ``[start, end)`` by ``text``. At one place, text within a line goes first (it ends that
    line), then new lines deepest first (``rank`` is minus their indentation): a key added to a nested
    mapping before one added to the mapping holding it, before a record appended to the list holding that."""

    start: int
    end: int
    rank: int
    order: int
    text: str
    lines: bool  # whole new lines (not text inside a line)


class Planner:
    """Collects the patches of all edits to one document, then splices them in one pass."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.patches: list[Patch] = []
        self._eof_broken = bool(doc.text) and not doc.text.endswith("\n")
        self._flow_count: dict[int, int] = {}  # entries a flow mapping will hold once edited
        self._gapped: dict[int, bool] = {}  # block mappings given a blank line before their new keys

    # --- output -------------------------------------------------------------------------------------

    def add(self, start: int, end: int, text: str, indent: int | None = None) -> None:
        """Replace ``[start, end)`` by ``text``; ``indent``: ``text`` is new lines at that indentation."""
        rank = -indent if indent is not None else -(1 << 30)
        self.patches.append(Patch(start, end, rank, len(self.patches), text, indent is not None))

    def splice(self) -> str:
        out: list[str] = []
        pos = 0
        text = self.doc.text
        broken = self._eof_broken  # the last line has no line break: the first new line at the end adds one
        for patch in sorted(self.patches):
            if patch.start < pos:
                line, column = self.doc.position(patch.start)
                raise EditError("同一处内容在一次编辑中被修改了两次；请把对同一字段的修改合并成一次", line, column)
            lead = ""
            if broken and patch.start == len(text) and patch.lines:
                lead, broken = self.doc.nl, False
                if self.doc.ends_in_open_text():
                    raise EditError("文件末尾的多行文本（| 或 >）后面没有换行，在其后添加内容会改变这段文字；"
                                    "请在文件末尾加一个换行后再编辑", *self.doc.position(len(text)))
            out += (text[pos:patch.start], lead, patch.text)
            pos = patch.end
        out.append(text[pos:])
        return "".join(out)

    def _fit(self, end: int, lines: str) -> str:
        """New lines replacing text up to ``end``: without a final line break where the file had none."""
        if end == len(self.doc.text) and self._eof_broken:
            return lines[: -len(self.doc.nl)]
        return lines

    # --- mappings -----------------------------------------------------------------------------------

    def change(self, mapping: MappingNode | None, tree: Tree, label: str = "") -> None:
        """Apply ``tree`` to ``mapping`` (None: the empty document's top level)."""
        if mapping is None:
            for key, change in tree.items():
                value = tree_value(change) if isinstance(change, Tree) else change
                if value is not None and value != {}:
                    self._insert(None, key, value)
            return
        entries = self.doc.entries(mapping)
        removed = sorted(entries[k][0] for k, v in tree.items() if v is None and k in entries)
        self._flow_count[id(mapping)] = len(mapping.value) - len(removed)
        for key, change in tree.items():
            found = entries.get(key)
            if found is None:
                value = tree_value(change) if isinstance(change, Tree) else change
                if value is not None and value != {}:
                    self._insert(mapping, key, value)
                continue
            _, knode, vnode = found
            if not isinstance(change, Tree):
                if change is not None:
                    self._replace(mapping, knode, vnode, change)
            elif isinstance(vnode, MappingNode):
                self.doc.entry_end(knode, vnode)  # refuses an alias
                self.change(vnode, change, f"{label}{key}.")
            elif is_empty(vnode):
                if tree_value(change):
                    self._replace(mapping, knode, vnode, tree_value(change))
            else:
                raise EditError(f"“{label}{key}”不是“键: 值”的映射，不能设置其下的字段", *self.doc.where(knode))
        if removed:
            self._remove(mapping, removed, label)

    def _replace(self, mapping: MappingNode, knode: Node, vnode: Node, new: Any) -> None:
        doc = self.doc
        key = str(knode.value)
        end = doc.entry_end(knode, vnode)  # refuses an alias
        if isinstance(vnode, SequenceNode) and is_block(vnode) and new and isinstance(new, list):
            first = vnode.value[0]
            dash = doc.dash_column(first)
            if dash >= 0 and not is_empty(first):
                end = doc.line_end(end)
                lines = "".join(f"{' ' * dash}- {render_flow(item)}{doc.nl}" for item in new)
                self.add(doc.line_start(first.start_mark.index), end, self._fit(end, lines))
                return
        one = render_flow(new, key=key) if mapping.flow_style else inline(new, key)
        if one is not None and not is_block(vnode):
            if is_empty(vnode):
                at = doc.colon_after(knode)
                self.add(at, at, " " + one)
            else:
                self.add(vnode.start_mark.index, end, one)
            return
        end = doc.line_end(end)
        column = knode.start_mark.column
        self.add(knode.start_mark.index, end, self._fit(end, entry_lines(key, new, column, doc.nl)[column:]))

    def _insert(self, mapping: MappingNode | None, key: str, value: Any) -> None:
        doc = self.doc
        if mapping is not None and mapping.flow_style:
            count = self._flow_count.get(id(mapping), len(mapping.value))
            self._flow_count[id(mapping)] = count + 1
            pos = doc.entry_end(*mapping.value[-1]) if mapping.value else mapping.start_mark.index + 1
            sep = ", " if count else ""
            self.add(pos, pos, f"{sep}{render_key(key)}: {render_flow(value, key=key)}")
            return
        if mapping is None:
            pos, indent = len(doc.text), 0
            gap = self._section_gap(pos) if not self._gapped.get(0) else ""
            self._gapped[0] = True
        else:
            pos, indent = doc.line_end(doc.node_end(mapping)), mapping.value[0][0].start_mark.column
            items = mapping.value
            gap = ""
            if len(items) > 1 and not self._gapped.get(id(mapping)):
                gap = doc.nl if self._blank_between(doc.entry_end(*items[-2]), items[-1][0]) else ""
            self._gapped[id(mapping)] = True
        self.add(pos, pos, gap + entry_lines(key, value, indent, doc.nl), indent)

    def _blank_between(self, end: int, node: Node) -> bool:
        """Whether a blank line separates the text ending at ``end`` from the line of ``node``."""
        doc = self.doc
        between = doc.text[doc.line_end(end):doc.line_start(node.start_mark.index)]
        return any(not line.strip() for line in between.splitlines())

    def _section_gap(self, pos: int) -> str:
        """A blank line before a new top-level section at the end of a file that has content."""
        text, nl = self.doc.text, self.doc.nl
        if pos != len(text) or not text.strip():
            return ""
        return nl if not text.endswith("\n") or not text.endswith(nl * 2) else ""

    def _remove(self, mapping: MappingNode, indices: list[int], label: str) -> None:
        doc = self.doc
        items = mapping.value
        last = len(items) - 1
        runs: list[list[int]] = []
        for i in indices:
            if runs and runs[-1][1] == i - 1:
                runs[-1][1] = i
            else:
                runs.append([i, i])
        for i, j in runs:
            first_key = items[i][0]
            if mapping.flow_style:
                if i > 0:
                    start, end = doc.entry_end(*items[i - 1]), doc.entry_end(*items[j])
                elif j < last:
                    start, end = first_key.start_mark.index, items[j + 1][0].start_mark.index
                else:
                    start, end = first_key.start_mark.index, doc.entry_end(*items[j])
            elif i == 0 and j == last:
                where = f"“{label.rstrip('.')}”" if label else "文件"
                raise EditError(f"不能删除{where}的全部字段", *doc.where(first_key))
            elif doc.before_on_line(first_key.start_mark.index).strip():  # after "- ": join the next key
                start, end = first_key.start_mark.index, items[j + 1][0].start_mark.index
            else:
                start, end = doc.line_start(first_key.start_mark.index), doc.line_end(doc.entry_end(*items[j]))
            self.add(start, end, "")

    # --- lists of records ---------------------------------------------------------------------------

    def append(self, holder: MappingNode | None, list_key: str, records: Sequence[Mapping[str, Any]], *,
               top_level: bool = True) -> None:
        """Add ``records`` at the end of the list ``list_key`` of ``holder`` (None: an empty document). An
        absent top-level list is made at the end of the file; an absent list of a record, as its new key."""
        doc, nl = self.doc, self.doc.nl
        found = self.doc.entries(holder).get(list_key) if holder is not None else None
        if found is None and not top_level and holder is not None:
            self._insert(holder, list_key, list(records))
            return
        if found is None:
            pos = len(doc.text)
            lead = self._section_gap(pos)
            self.add(pos, pos, lead + f"{render_key(list_key)}:{nl}" + self._items(records, 2, 4, True), 0)
            return
        _, knode, vnode = found
        column = knode.start_mark.column
        if is_empty(vnode):
            pos = doc.line_end(doc.colon_after(knode))
            self.add(pos, pos, self._items(records, column + 2, column + 4, True), column + 2)
        elif isinstance(vnode, SequenceNode) and vnode.flow_style and vnode.value:
            pos = vnode.end_mark.index - 1  # its "]"
            self.add(pos, pos, "".join(", " + render_flow(r) for r in records))
        elif isinstance(vnode, SequenceNode) and vnode.flow_style:
            colon = doc.colon_after(knode)
            self.add(colon, vnode.end_mark.index, "")
            pos = doc.line_end(vnode.end_mark.index)
            self.add(pos, pos, self._items(records, column + 2, column + 4, True), column + 2)
        elif isinstance(vnode, SequenceNode):
            self._append_block(vnode, records)
        else:
            raise EditError(f"“{list_key}”应当是列表（每条记录以“- ”开头），现在不是；请先修正", *doc.where(vnode))

    def _append_block(self, seq: SequenceNode, records: Sequence[Mapping[str, Any]]) -> None:
        doc = self.doc
        last = seq.value[-1]
        dash = -1 if is_empty(last) else doc.dash_column(last)
        if dash < 0:
            raise EditError("列表的最后一项写法特殊（“-”不在内容所在的行），无法在其后追加；请改成“- 键: 值”的写法",
                            *doc.where(last))
        indent = last.start_mark.column if isinstance(last, MappingNode) and is_block(last) else dash + 2
        end = doc.line_end(doc.node_end(last))
        while end < len(doc.text):  # comments indented under the last item belong to it
            line = doc.text[end:doc.line_end(end)]
            if not line.lstrip().startswith("#") or len(line) - len(line.lstrip(" ")) <= dash:
                break
            end = doc.line_end(end)
        blank = len(seq.value) > 1 and self._blank_between(doc.node_end(seq.value[-2]), last)
        text = (doc.nl if blank else "") + self._items(records, dash, indent, blank)
        self.add(end, end, text, dash)

    def _items(self, records: Sequence[Mapping[str, Any]], dash: int, indent: int, blank: bool) -> str:
        gap = self.doc.nl if blank else ""
        return gap.join(item_lines(r, dash, indent, self.doc.nl) for r in records)
