"""Generated files and edits: every edit succeeds, is read back as intended, and leaves the text
before and after the edited record as it was (core/edit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from shuili_cli.core.edit import AppendRecord, Edit, EditError, FieldPath, SetFields, SetTop, Value, apply_edits
from shuili_cli.core.source.pipeline import parse_bytes

# Each field in the shapes a person may write it; {i} is the indentation of the record's keys.
SHAPES: dict[str, list[str]] = {
    "grade": ["grade: 一般", "grade: 一般  # 等级", "grade: '一般'"],
    "deadline": ["deadline: 2023-05-20", "deadline: 2023-05-20    # 期限"],
    "phone": ['phone: "0595-1"', "phone: '0595-1'  # 电话"],
    "assessment": ["assessment: {method: LEC, L: 3, E: 6}", "assessment:\n{i}  method: LEC\n{i}  L: 3  # 可能性\n{i}  E: 6"],
    "contact": ["contact: {name: 张三, phone: '1'}", "contact:\n{i}  name: 张三\n{i}  phone: '1'"],
    "types": ["types: [机械伤害, 淹溺]", "types:\n{i}  - 机械伤害\n{i}  - 淹溺  # 主要", "types:\n{i}- 机械伤害"],
    "measures": ["measures:", "measures:  # 待定", "measures: 更换"],
    "description": ["description: |\n{i}  第一行\n{i}  第二行", "description: >-\n{i}  折叠\n\n{i}  文字",
                    "description: 多行\n{i}  文字", "description: \"带 # 号\""],
}
SEPARATORS = ["", "\n", "  # 注释\n", "\n# 顶格注释\n\n"]
CHANGES: dict[FieldPath, list[Value]] = {
    ("grade",): ["较大", "yes", None],
    ("deadline",): [date(2023, 6, 1), None],
    ("phone",): ["0595-2", None],
    ("assessment", "L"): [6, None],
    ("assessment", "C"): [15],
    ("contact", "phone"): ["2", None],
    ("contact", "mobile"): ["13800000000"],
    ("types",): [["淹溺"], [], ["a: b", "c"], "其他", None],
    ("measures",): ["加固", None],
    ("description",): ["一行\n两行", "短", None],
    ("note",): ["新字段"],
    ("owner", "name"): ["李四"],
}


@st.composite
def files(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], int, dict[FieldPath, Value]]:
    """(text, (start, end) of each record's text, the record edited, its changes)."""
    dash = draw(st.sampled_from([0, 2]))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    text = draw(st.sampled_from(["", "# 隐患\n", "# 隐患\n\n"])) + "hazards:\n"
    spans = []
    for n in range(draw(st.integers(1, 3))):
        keys = draw(st.lists(st.sampled_from(sorted(SHAPES)), unique=True, min_size=1, max_size=len(SHAPES)))
        indent = " " * (dash + 2)
        lines = [f"{' ' * dash}- id: H-{n}"]
        for key in keys:
            lines.append(indent + draw(st.sampled_from(SHAPES[key])).replace("{i}", indent))
        if n:
            text += draw(st.sampled_from(SEPARATORS))
        start = len(text.replace("\n", nl))
        text += "\n".join(lines) + "\n"
        spans.append((start, len(text.replace("\n", nl))))
    if draw(st.booleans()):  # the last line without a line break
        text = text[:-1]
        spans[-1] = (spans[-1][0], spans[-1][1] - len(nl))
    edited = draw(st.integers(0, len(spans) - 1))
    paths = draw(st.lists(st.sampled_from(sorted(CHANGES)), unique=True, min_size=1, max_size=4))
    return text.replace("\n", nl), spans, edited, {p: draw(st.sampled_from(CHANGES[p])) for p in paths}


def _load(raw: bytes) -> Any:
    parsed = parse_bytes(raw, "x.yaml")
    assert not parsed.fatal
    return parsed.data


@settings(max_examples=150, deadline=None)
@given(files(), st.booleans())
def test_generated_edits(case: tuple[str, list[tuple[int, int]], int, dict[FieldPath, Value]], append: bool) -> None:
    text, spans, edited, changes = case
    raw = text.encode("utf-8")
    edits: list[Edit] = [SetFields("hazards", {"id": f"H-{edited}"}, changes)]
    if append:
        edits.append(AppendRecord("hazards", {"id": "H-9", "assessment": {"L": 1}, "types": ["a"], "grade": "一般"}))
    try:
        out = apply_edits(raw, edits).decode("utf-8")
    except EditError as exc:  # only what is refused on purpose: emptying a block mapping, adding after
        # a "|" text at the end of a file without a final line break
        assert exc.message.startswith(("不能删除“", "文件末尾的多行文本")), exc.message
        return
    start, end = spans[edited]
    assert out.startswith(text[:start])
    if not append:
        assert out.endswith(text[end:])
    nl = "\r\n" if "\r\n" in text else "\n"
    assert out.count("\n") == out.count(nl)  # new lines use the file's line ending
    before, after = _load(raw)["hazards"], _load(out.encode())["hazards"]
    assert [r for i, r in enumerate(after) if i != edited] == [*(r for i, r in enumerate(before) if i != edited),
                                                               *([{"id": "H-9", "assessment": {"L": 1}, "types": ["a"],
                                                                   "grade": "一般"}] if append else [])]


TOP: dict[str, list[str]] = {
    "name": ["name: 清溪水厂", "name: 清溪水厂  # 名称"],
    "contact": ['contact:\n  name: 张三\n  phone: "1"', "contact: {name: 张三}", "contact:\n  name: 张三  # 联系人"],
    "six_have": ["six_have:\n  floor_markings: 2023-04-30    # 地面\n  valve_tags: 2023-06-15"],
    "benchmarks": ["benchmarks:\n  - level: 县级\n    awarded_on: 2023-01-01", "benchmarks: []", "benchmarks:\n- level: 县级"],
    "note": ["note: |\n  甲\n  乙\n", "note: 甲"],
}
TOP_CHANGES: dict[FieldPath, list[Value]] = {
    ("name",): ["新名称", None],
    ("contact", "phone"): ["0595-2", None],
    ("contact", "mobile"): ["138"],
    ("six_have", "valve_tags"): [date(2023, 7, 1), None],
    ("six_have", "pipe_flow_markers"): [date(2023, 7, 2)],
    ("scale",): ["规上企业"],
    ("address", "street"): ["江滨路"],
    ("note",): ["改", None],
}


@st.composite
def top_files(draw: st.DrawFn) -> tuple[str, dict[str, str], dict[FieldPath, Value]]:
    keys = draw(st.permutations(sorted(TOP)))[: draw(st.integers(1, len(TOP)))]
    chunks = {key: draw(st.sampled_from(TOP[key])) for key in keys}
    text = draw(st.sampled_from(["", "# 企业\n\n"])) + "id: qingxi\n"
    for key in keys:
        text += draw(st.sampled_from(["", "\n", "# 注释\n"])) + chunks[key] + "\n"
    paths = draw(st.lists(st.sampled_from(sorted(TOP_CHANGES)), unique=True, min_size=1, max_size=4))
    return text, chunks, {p: draw(st.sampled_from(TOP_CHANGES[p])) for p in paths}


@settings(max_examples=100, deadline=None)
@given(top_files())
def test_generated_top_level_edits(case: tuple[str, dict[str, str], dict[FieldPath, Value]]) -> None:
    text, chunks, changes = case
    try:
        out = apply_edits(text.encode(), [SetTop(changes)]).decode()
    except EditError as exc:
        assert exc.message.startswith("不能删除“"), exc.message
        return
    touched = {path[0] for path in changes}
    for key, chunk in chunks.items():
        if key not in touched:
            assert chunk.rstrip("\n") + "\n" in out
    assert out.startswith(text[: text.index("id: qingxi\n")] + "id: qingxi\n")
