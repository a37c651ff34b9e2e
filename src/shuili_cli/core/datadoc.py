"""The data-format reference (``docs/data-format.md``), generated from the models' titles and descriptions.

Run ``python -m shuili_cli.core.datadoc > docs/data-format.md`` after changing a model;
``tests/test_datadoc.py`` fails while the file is stale. The text is built from each file
kind's JSON Schema (:mod:`shuili_cli.core.schema`), the same contract editors check against.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.schema import schema_for

Node = dict[str, Any]

LOCATIONS: dict[str, str] = {
    "settings": "shuili.yaml",
    "enterprise": "enterprises/<企业编号>/enterprise.yaml",
    "checklists": "enterprises/<企业编号>/checklists.yaml",
    "risks": "enterprises/<企业编号>/risks.yaml",
    "hazards": "enterprises/<企业编号>/hazards/<年>.yaml",
    "five_s": "enterprises/<企业编号>/five-s/<年>.yaml",
    "documents": "bureau/documents.yaml",
    "assessments": "bureau/assessments.yaml",
    "enforcement": "bureau/enforcement/<年>.yaml",
}
"""Where each file kind lives, relative to the repository root (``tests/test_datadoc.py`` checks it
against :func:`shuili_cli.core.source.layout.discover`)."""

HEADER = """# 数据格式参考

本文件由 `python -m shuili_cli.core.datadoc > docs/data-format.md` 从数据模型
（`src/shuili_cli/core/model/`）的标题和说明生成，请勿手工编辑；测试会在它与代码不一致时失败。
同样的约束也写在 `schemas/*.schema.json`（`shuili schema` 生成）中，供编辑器提示和检查。
校验规则见 [rules.md](rules.md)，报表各栏的统计口径见 `report-templates/annex1.yaml`、`annex2.yaml`。

通用约定：

- 文件为 UTF-8 编码的 YAML；不认识的字段是错误（SL202），必填字段缺失是错误（SL201）。
- 日期写作 `YYYY-MM-DD`（不加引号）；编号可以是文本或正整数，按文本比较。
- “文本”不能为空或只有空格；名称、人员、电话等只能写一行，描述、措施等说明可以换行（SL207、SL208）。
- 金额以万元为单位，最多 4 位小数，不能为负数。
- 局里的工作情况写在 `bureau/notes/<YYYY-MM>.md`（月度）或 `bureau/notes/<YYYY>.md`（年度），
  为 Markdown 全文，不属于下列数据文件。

| 文件 | 位置 | 说明 |
|---|---|---|
"""

_SIMPLE = {"integer": "整数", "number": "数字", "boolean": "是/否", "null": "空", "object": "映射"}


def _anchor(schema_name: str, name: str) -> str:
    return f"{schema_name}-{name}".lower()


def _value(v: Any) -> str:
    return f"`{json.dumps(v, ensure_ascii=False)}`" if not isinstance(v, str) else f"`{v}`"


def _type(node: Node, link: dict[str, str]) -> str:
    """A short Chinese name of the type of a schema node (``null`` alternatives already removed)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{link[name]})"
    if "anyOf" in node:
        return " 或 ".join(_type(n, link) for n in node["anyOf"] if n.get("type") != "null")
    if "oneOf" in node:
        return " 或 ".join(_type(n, link) for n in node["oneOf"])
    kind = node.get("type")
    if kind == "array":
        return f"列表（{_type(node.get('items', {}), link)}）"
    if kind == "string":
        if node.get("format") == "date":
            return "日期"
        return "文本"
    if kind == "integer" and node.get("minimum") == 1 and "maximum" not in node:
        return "正整数"
    if kind == "object" and "properties" in node:
        inner = ", ".join(f"{k}: {_type(v, link)}" for k, v in node["properties"].items())
        return f"{{{inner}}}"
    return _SIMPLE.get(str(kind), "任意")


def _allowed(node: Node) -> str:
    """Allowed values or range, and the default."""
    parts: list[str] = []
    alts = [n for n in node.get("anyOf", [node]) if n.get("type") != "null"]
    for alt in alts:
        if "const" in alt:
            parts.append(_value(alt["const"]))
        if "enum" in alt:
            parts.append("、".join(_value(v) for v in alt["enum"]))
        if "minimum" in alt and "maximum" in alt:
            parts.append(f"{alt['minimum']}–{alt['maximum']}")
        items = alt.get("items", {})
        if "enum" in items:
            parts.append("、".join(_value(v) for v in items["enum"]))
        if "minItems" in alt:
            parts.append(f"至少 {alt['minItems']} 项")
    if node.get("default") not in (None, [], {}):
        parts.append(f"默认 {_value(node['default'])}")
    return "；".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _conditions(node: Node) -> list[str]:
    """The record's conditional requirements (``allOf`` if/then/else, ``oneOf`` of required sets)."""
    out: list[str] = []
    for rule in node.get("allOf", []):
        (field, cond), = rule["if"]["properties"].items()
        when = f"`{field}` 为 {_value(cond['const'])}" if "const" in cond else f"填写了 `{field}`"
        then = "、".join(f"`{f}`" for f in rule["then"]["required"])
        line = f"{when}时，必须填写 {then}"
        if "else" in rule:
            line += "；否则不得填写 " + "、".join(f"`{f}`" for f in rule["else"]["properties"])
        out.append(line + "。")
    if "oneOf" in node and all(set(n) == {"required"} for n in node["oneOf"]):
        out.append(" 与 ".join("、".join(f"`{f}`" for f in n["required"]) for n in node["oneOf"]) + " 必须恰好填写一项。")
    return out


def _table(node: Node, link: dict[str, str]) -> list[str]:
    rows = ["| 字段 | 名称 | 类型 | 必填 | 取值 | 说明 |", "|---|---|---|---|---|---|"]
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        title = prop.get("title", "")
        desc = prop.get("description", "")
        rows.append("| " + " | ".join(_cell(c) for c in (
            f"`{name}`", title, _type(prop, link), "是" if name in required else "否", _allowed(prop),
            "" if desc == title else desc)) + " |")
    return rows + [f"\n{c}" for c in _conditions(node)]


def _refs(node: Any) -> list[str]:
    """Names of the records a schema node refers to, in order of appearance."""
    if isinstance(node, dict):
        own = [node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _titles(defs: dict[str, Node], top: Node) -> dict[str, str]:
    """Each nested record's Chinese name: the title of the first field that holds it."""
    out: dict[str, str] = {}
    for node in (top, *defs.values()):
        for prop in node.get("properties", {}).values():
            for name in _refs(prop):
                out.setdefault(name, prop.get("title", name))
    return out


def file_section(role: str) -> str:
    kind = FILE_KINDS[role]
    schema = schema_for(role)
    defs: dict[str, Node] = schema.get("$defs", {})  # type: ignore[assignment]
    order = list(dict.fromkeys(r for r in _refs({k: v for k, v in schema.items() if k != "$defs"})))
    for name in order:  # breadth first: records in the order they are first met
        order.extend(r for r in _refs(defs[name]) if r not in order)
    link = {name: _anchor(kind.schema_name, name) for name in order}
    titles = _titles(defs, schema)
    parts = [f"## {kind.title}", f"位置：`{LOCATIONS[role]}`；JSON Schema：`schemas/{kind.schema_name}.schema.json`。"]
    if schema.get("description"):
        parts.append(str(schema["description"]))
    parts.append("\n".join(_table(schema, link)))
    for name in order:
        parts.append(f'<a id="{link[name]}"></a>\n\n### {titles.get(name, name)}（`{name}`）')
        parts.append("\n".join(_table(defs[name], link)))
    return "\n\n".join(parts) + "\n"


def data_format_markdown() -> str:
    """The whole reference: an index of file kinds, then one section per kind."""
    rows = []
    for role, kind in FILE_KINDS.items():
        description = str(kind.model.model_json_schema().get("description", ""))
        rows.append(f"| [{kind.title}](#{kind.schema_name}) | `{LOCATIONS[role]}` | {_cell(description)} |")
    sections = [f'\n<a id="{kind.schema_name}"></a>\n\n{file_section(role)}' for role, kind in FILE_KINDS.items()]
    return HEADER + "\n".join(rows) + "\n" + "".join(sections)


if __name__ == "__main__":  # pragma: no cover - exercised by tests/test_datadoc.py in a subprocess
    sys.stdout.buffer.write(data_format_markdown().encode("utf-8"))
