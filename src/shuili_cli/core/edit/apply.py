"""``apply_edits``: the new bytes of one file, with every edit made and nothing else changed.

One parse by the project's reader (a file it cannot read is refused: edits never run on a file with
syntax errors), one compose by ruamel.yaml for the positions, one splice; then the result is read
again by the project's reader and must hold exactly the data intended, or nothing is returned.
A UTF-8 BOM and CRLF line endings are kept; new lines use the file's line ending.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from shuili_cli.core.edit.changes import Tree, expected, loaded, merge, pruned
from shuili_cli.core.edit.document import SYNTAX, Document, top_mapping
from shuili_cli.core.edit.edits import AppendRecord, Edit, EditError, SetFields, SetTop, Within
from shuili_cli.core.edit.plan import Planner
from shuili_cli.core.source.yamlio import decode, parse_text

BOM = b"\xef\xbb\xbf"
INTERNAL = "内部错误：修改后的文件读出的内容与预期不符，文件没有改动；请把这条信息报告给 shuili 的维护者"


def _text(original: bytes | None, header: str) -> str:
    if original is None:
        return header if not header or header.endswith("\n") else header + "\n"
    text, bad = decode(original, "")
    if text is None:
        raise EditError(bad.message if bad else "文件不是 UTF-8 编码", bad.line if bad else 0, bad.column if bad else 0)
    lone = text.replace("\r\n", "\n").find("\r")
    if lone >= 0:
        line = text.replace("\r\n", "\n").count("\n", 0, lone) + 1
        raise EditError("文件中有单独的回车符（CR，旧式 Mac 换行）；请把换行改为 LF 或 CRLF 后再编辑", line)
    return text


def _load(text: str) -> dict[str, Any]:
    parsed = parse_text(text, "")
    if parsed.fatal:
        first = next((f for f in parsed.findings if f.is_error), None)
        raise EditError(f"{SYNTAX}：{first.message.removeprefix('YAML 语法错误：')}" if first else SYNTAX,
                        first.line if first else 0, first.column if first else 0)
    data = parsed.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise EditError("文件的顶层应当是“键: 值”的映射；请先修正文件", 1, 1)
    return data


def _shown(match: Mapping[str, str]) -> str:
    if list(match) == ["id"]:
        return f"编号为“{match['id']}”的记录"
    return "、".join(f"{k} 为“{v}”" for k, v in match.items()) + "的记录"


def _as_text(value: Any) -> str | None:
    """A loaded value as the text ``SetFields.match`` compares with (None: never matches)."""
    if value is None:
        return ""
    return None if isinstance(value, (dict, list)) else str(value)


Path = tuple[tuple[str, int], ...]
"""A record's place: (list key, position) from the top level down."""


class Records:
    """Records of the lists of a document, found by the text of their identity fields (indexed once per
    list and set of fields, so finding N records costs O(N) and not O(N x records))."""

    def __init__(self, doc: Document, top: MappingNode | None, data: dict[str, Any]) -> None:
        self.doc, self.top, self.data = doc, top, data
        self._index: dict[tuple[int, str, tuple[str, ...]], dict[tuple[str | None, ...], list[int]]] = {}

    def container(self, within: Within) -> tuple[MappingNode | None, dict[str, Any], Path]:
        """The mapping (node, loaded data, place) that holds the list an edit names."""
        node, data = self.top, self.data
        path: Path = ()
        for list_key, match in within:
            i, node, data = self.find(node, data, list_key, match)
            path += ((list_key, i),)
        return node, data, path

    def find(self, node: MappingNode | None, data: dict[str, Any], list_key: str, match: Mapping[str, str]
             ) -> tuple[int, MappingNode, dict[str, Any]]:
        """The position in ``node``'s list ``list_key`` of the one record ``match`` names, its node and data."""
        doc = self.doc
        found = doc.entries(node).get(list_key) if node is not None else None
        if found is None or list_key not in data:
            raise EditError(f"文件中没有“{list_key}”列表，找不到{_shown(match)}；请检查编号，或新增这条记录")
        _, knode, seq = found
        records = data[list_key] if data[list_key] is not None else []
        if not isinstance(records, list):
            raise EditError(f"“{list_key}”应当是列表（每条记录以“- ”开头），现在不是；请先修正", *doc.where(seq))
        nodes: list[Node] = seq.value if isinstance(seq, SequenceNode) else []
        if len(nodes) != len(records):
            raise EditError(INTERNAL, *doc.where(knode))
        keys = tuple(sorted(match))
        index = self._index.get((id(seq), list_key, keys))
        if index is None:
            index = self._index[(id(seq), list_key, keys)] = {}
            for i, record in enumerate(records):
                if isinstance(record, dict):
                    index.setdefault(tuple(_as_text(record.get(k)) for k in keys), []).append(i)
        hits = index.get(tuple(str(match[k]) for k in keys), [])
        if not hits:
            raise EditError(f"“{list_key}”中找不到{_shown(match)}；请检查编号，或新增这条记录", *doc.where(knode))
        if len(hits) > 1:
            lines = "、".join(str(nodes[i].start_mark.line + 1) for i in hits)
            raise EditError(f"“{list_key}”中有 {len(hits)} 条{_shown(match)}（第 {lines} 行），无法确定要修改哪一条；"
                            "请先让它们的编号各不相同", *doc.where(nodes[hits[1]]))
        record_node = nodes[hits[0]]
        if not isinstance(record_node, MappingNode):
            raise EditError(f"“{list_key}”中的这条记录不是“键: 值”的映射；请先修正", *doc.where(record_node))
        return hits[0], record_node, records[hits[0]]


class _Copies:
    """Copy-on-write of the loaded data: each dict or list on a changed path is copied once."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.fresh: set[int] = set()
        self.root = self.own(data)

    def own(self, value: Any) -> Any:
        if id(value) in self.fresh:
            return value
        copy = dict(value) if isinstance(value, dict) else list(value)
        self.fresh.add(id(copy))
        return copy

    def mapping(self, path: Path) -> dict[str, Any]:
        node: dict[str, Any] = self.root
        for list_key, i in path:
            node[list_key] = items = self.own(node[list_key])
            items[i] = node = self.own(items[i])
        return node


Target = tuple[Path, str, int]
"""A record edited: the place of the mapping holding its list, the list's key, its position."""


def _expected(data: dict[str, Any], top: Tree, records: dict[Target, tuple[MappingNode, Tree, dict[str, Any]]],
              appends: dict[tuple[Path, str], tuple[MappingNode | None, list[Mapping[str, Any]]]]) -> dict[str, Any]:
    copies = _Copies(data)
    for (path, list_key, i), (_, tree, _) in records.items():
        holder = copies.mapping(path)
        holder[list_key] = items = copies.own(holder[list_key])
        items[i] = expected(items[i], tree)
    for (path, list_key), (_, new) in appends.items():
        holder = copies.mapping(path)
        holder[list_key] = [*(holder.get(list_key) or []), *(loaded(r) for r in new)]
    return expected(copies.root, top)


def apply_edits(original: bytes | None, edits: Sequence[Edit], *, header: str = "") -> bytes:
    """The file's new bytes with ``edits`` made. ``original`` None is a new file: ``header`` (comment
    lines such as ``# yaml-language-server: $schema=...``) then the content."""
    text = _text(original, header)
    data = _load(text)
    doc = Document(text)
    top = top_mapping(doc)
    found = Records(doc, top, data)
    top_tree = Tree()
    records: dict[Target, tuple[MappingNode, Tree, dict[str, Any]]] = {}
    appends: dict[tuple[Path, str], tuple[MappingNode | None, list[Mapping[str, Any]]]] = {}
    for edit in edits:
        if isinstance(edit, SetTop):
            merge(top_tree, edit.changes)
        elif isinstance(edit, SetFields):
            node, holder, path = found.container(edit.within)
            i, record, now = found.find(node, holder, edit.list_key, edit.match)
            merge(records.setdefault((path, edit.list_key, i), (record, Tree(), now))[1], edit.changes)
        elif isinstance(edit, AppendRecord):
            node, _, path = found.container(edit.within)
            appends.setdefault((path, edit.list_key), (node, []))[1].append(edit.record)
        else:
            raise TypeError(f"not an edit: {edit!r}")
    top_tree = pruned(top_tree, data)
    for target, (node, tree, now) in records.items():
        records[target] = (node, pruned(tree, now), now)
    planner = Planner(doc)
    for node, tree, _ in records.values():
        planner.change(node, tree)
    for (path, list_key), (node, new) in appends.items():
        planner.append(node, list_key, new, top_level=not path)
    planner.change(top, top_tree)
    result = planner.splice()
    reread = parse_text(result, "")
    if reread.fatal or (reread.data if reread.data is not None else {}) != _expected(data, top_tree, records, appends):
        raise EditError(INTERNAL)
    return (BOM if original is not None and original.startswith(BOM) else b"") + result.encode("utf-8")
