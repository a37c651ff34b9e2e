"""Changing, adding and removing fields of records and of the top level (core/edit)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from shuili_cli.core.edit import Edit, EditError, FieldPath, SetFields, SetTop, Value, apply_edits
from shuili_cli.core.source.pipeline import parse_bytes

HAZARDS = """\
# 隐患
hazards:
  - id: H-1
    found_on: 2023-05-04
    deadline: 2023-05-20  # 整改期限
    funds_wan: 0.2
    grade: 一般

  # 下一条
  - id: H-2
    found_on: 2023-05-06
    grade: 一般
"""


def edit(text: str, *edits: Edit) -> str:
    return apply_edits(text.encode("utf-8"), list(edits)).decode("utf-8")


def load(text: str) -> Any:
    return parse_bytes(text.encode("utf-8"), "x.yaml").data


def on(record: str, changes: dict[FieldPath, Value], list_key: str = "hazards") -> SetFields:
    return SetFields(list_key, {"id": record}, changes)


def test_a_changed_value_keeps_the_comment_after_it() -> None:
    out = edit(HAZARDS, on("H-1", {("deadline",): date(2023, 6, 1), ("funds_wan",): Decimal("0.35")}))
    assert out == HAZARDS.replace("2023-05-20  # 整改期限", "2023-06-01  # 整改期限").replace("0.2\n", "0.35\n")


def test_a_new_key_goes_after_the_records_last_key() -> None:
    out = edit(HAZARDS, on("H-1", {("rectified_on",): date(2023, 5, 10), ("measures",): "更换: 闸门"}))
    assert out == HAZARDS.replace("    grade: 一般\n\n", '    grade: 一般\n    rectified_on: 2023-05-10\n'
                                  '    measures: "更换: 闸门"\n\n')
    out = edit(HAZARDS, on("H-2", {("rectified_on",): date(2023, 5, 10)}))
    assert out == HAZARDS + "    rectified_on: 2023-05-10\n"


def test_removing_a_key_removes_its_line_and_comment() -> None:
    out = edit(HAZARDS, on("H-1", {("deadline",): None, ("nothing",): None}))
    assert out == HAZARDS.replace("    deadline: 2023-05-20  # 整改期限\n", "")
    out = edit(HAZARDS, on("H-1", {("found_on",): None, ("deadline",): None, ("funds_wan",): None}))
    assert out == HAZARDS.replace("    found_on: 2023-05-04\n    deadline: 2023-05-20  # 整改期限\n    funds_wan: 0.2\n", "")
    # the first key shares its line with "- ": the next key moves up onto it
    out = edit(HAZARDS, on("H-2", {("id",): None, ("found_on",): None}))
    assert out == HAZARDS.replace("  - id: H-2\n    found_on: 2023-05-06\n    grade", "  - grade")
    with pytest.raises(EditError, match="不能删除"):
        edit("hazards:\n  - id: H-1\n", on("H-1", {("id",): None}))


def test_sequences_at_column_zero_and_records_matched_by_natural_key() -> None:
    text = ("evaluations:\n- date: 2023-05-26\n  post: 机修岗\n  scores: {整理: 14, 整顿: 18}\n"
            "- date: 2023-05-26\n  post: 机修岗\n  person: 张三\n  scores: {整理: 20}\n")
    match = {"date": "2023-05-26", "post": "机修岗", "person": ""}
    out = edit(text, SetFields("evaluations", match, {("scores", "整顿"): 19, ("scores", "清扫"): 20}))
    assert out == text.replace("{整理: 14, 整顿: 18}", "{整理: 14, 整顿: 19, 清扫: 20}")
    match["person"] = "张三"
    out = edit(text, SetFields("evaluations", match, {("evaluator",): "李四"}))
    assert out == text + "  evaluator: 李四\n"


RISK = """\
risk_points:
  - id: R-1
    accident_types: [机械伤害, 淹溺]
    assessment: {method: LEC, L: 3, E: 6, C: 15}
    controls:
      - 定期检查  # 每月
      - 挂牌
    contact:
      name: 张三
      phone: "0595-1"
"""


@pytest.mark.parametrize(("changes", "old", "new"), [
    ({("assessment", "L"): 6}, "L: 3,", "L: 6,"),
    ({("assessment", "D"): 270}, "C: 15}", "C: 15, D: 270}"),
    ({("assessment", "L"): None}, "LEC, L: 3, E", "LEC, E"),
    ({("assessment", "method"): None, ("assessment", "L"): None}, "{method: LEC, L: 3, E", "{E"),
    ({("assessment", "C"): None, ("assessment", "D"): 1}, "E: 6, C: 15}", "E: 6, D: 1}"),
    ({("accident_types",): ["淹溺"]}, "[机械伤害, 淹溺]", "[淹溺]"),
    ({("accident_types",): []}, "[机械伤害, 淹溺]", "[]"),
    ({("controls",): ["巡查", "yes"]}, "      - 定期检查  # 每月\n      - 挂牌\n", '      - 巡查\n      - "yes"\n'),
    ({("controls",): []}, "controls:\n      - 定期检查  # 每月\n      - 挂牌\n", "controls: []\n"),
    ({("controls",): "见制度"}, "controls:\n      - 定期检查  # 每月\n      - 挂牌\n", "controls: 见制度\n"),
    ({("contact", "phone"): "059523881234"}, '"0595-1"', '"059523881234"'),
    ({("contact", "mobile"): "13800000000"}, '"0595-1"\n', '"0595-1"\n      mobile: "13800000000"\n'),
    ({("contact", "name"): None}, "      name: 张三\n", ""),
    ({("contact",): None}, '    contact:\n      name: 张三\n      phone: "0595-1"\n', ""),
    ({("owner", "name"): "李四", ("owner", "phone"): "1"}, '"0595-1"\n', '"0595-1"\n    owner: {name: 李四, phone: "1"}\n'),
])
def test_flow_and_block_values_keep_their_style(changes: dict[FieldPath, Value], old: str, new: str) -> None:
    assert RISK.count(old) == 1
    out = edit(RISK, SetFields("risk_points", {"id": "R-1"}, changes))
    assert out == RISK.replace(old, new)


def test_a_record_written_as_a_flow_mapping() -> None:
    text = "hazards:\n  - {id: H-1, grade: 一般, deadline: 2023-05-20}  # 一行\n"
    out = edit(text, on("H-1", {("grade",): "较大", ("deadline",): None, ("note",): "甲"}))
    assert out == "hazards:\n  - {id: H-1, grade: 较大, note: 甲}  # 一行\n"


def test_empty_values_and_block_scalars() -> None:
    text = "hazards:\n  - id: H-1\n    measures:  # 待定\n    description: |\n      第一行\n      第二行\n\n    grade: 一般\n"
    out = edit(text, on("H-1", {("measures",): "更换", ("description",): "一行\n两行"}))
    assert out == 'hazards:\n  - id: H-1\n    measures: 更换  # 待定\n    description: "一行\\n两行"\n\n    grade: 一般\n'
    assert load(out)["hazards"][0]["description"] == "一行\n两行"
    out = edit(text, on("H-1", {("description",): None}))
    assert out == "hazards:\n  - id: H-1\n    measures:  # 待定\n\n    grade: 一般\n"


def test_top_level_fields_nested_and_new() -> None:
    text = ("id: qingxi\nname: 清溪水厂\ncontact:\n  name: 张三\n  phone: \"0595-1\"\n\n"
            "six_have:\n  post_warnings: 2023-04-30    # 岗位有警示\n  valve_tags: 2023-06-15\n")
    out = edit(text, SetTop({("contact", "phone"): "0595-2", ("six_have", "post_warnings"): date(2023, 5, 1),
                             ("name",): "清溪水厂（新）"}))
    assert out == text.replace('"0595-1"', '"0595-2"').replace("2023-04-30 ", "2023-05-01 ").replace(
        "清溪水厂\n", "清溪水厂（新）\n")
    # a new top-level key after the last one, with a blank line as between the sections before it
    out = edit(text, SetTop({("benchmarks",): ["甲"], ("scale",): "规上企业"}))
    assert out == text + "\nbenchmarks: [甲]\nscale: 规上企业\n"


def test_line_endings_bom_and_a_last_line_without_break() -> None:
    text = HAZARDS.replace("\n", "\r\n")
    raw = b"\xef\xbb\xbf" + text.encode("utf-8")
    out = apply_edits(raw, [on("H-1", {("deadline",): date(2023, 6, 1), ("note",): "甲"}),
                            on("H-2", {("note",): "乙"})])
    assert out == b"\xef\xbb\xbf" + text.replace("2023-05-20", "2023-06-01").replace(
        "一般\r\n\r\n", "一般\r\n    note: 甲\r\n\r\n").encode("utf-8") + "    note: 乙\r\n".encode()
    bare = HAZARDS.rstrip("\n")
    assert edit(bare, on("H-2", {("grade",): "重大"})) == bare[: -len("一般")] + "重大"
    assert edit(bare, on("H-2", {("note",): "甲"})) == bare + "\n    note: 甲\n"
    assert edit(bare, on("H-2", {("grade",): None})) == bare[: -len("    grade: 一般")]
    for header in ("|", ">", "|+", "|2"):
        text = f"hazards:\n  - id: H-1\n    note: {header}\n      甲"
        with pytest.raises(EditError) as info:
            edit(text, on("H-1", {("grade",): "一般"}))
        assert (info.value.line, info.value.column) == (4, 8)
        assert info.value.message.startswith("文件末尾的多行文本（| 或 >）后面没有换行")
    text = "hazards:\n  - id: H-1\n    note: |-  # 不带换行\n      甲"
    assert edit(text, on("H-1", {("grade",): "一般"})) == text + "\n    grade: 一般\n"


def test_a_value_that_is_already_there_is_left_as_written() -> None:
    """Setting what the loader already reads changes no byte (an unchanged spreadsheet row imports as nothing)."""
    text = "contact:\n  phone: '0595-1'\nfunds_wan: 0.30\nbenchmarks: [甲]\nid: 7  # 编号\n"
    same = SetTop({("contact", "phone"): "0595-1", ("funds_wan",): Decimal("0.3"), ("benchmarks",): ["甲"],
                   ("id",): "7", ("absent",): None, ("nested", "absent"): None})
    assert edit(text, same) == text
    assert edit(text, SetTop({("funds_wan",): 0})) == text.replace("0.30", "0")
    assert edit(text, SetTop({("id",): 7})) == text


def test_several_edits_of_one_record_are_merged() -> None:
    out = edit(RISK, SetFields("risk_points", {"id": "R-1"}, {("owner", "name"): "李四"}),
               SetFields("risk_points", {"id": "R-1"}, {("owner", "phone"): "1", ("assessment", "L"): 1}))
    assert out == RISK.replace("L: 3", "L: 1") + '    owner: {name: 李四, phone: "1"}\n'
    with pytest.raises(EditError, match="被设置了两次"):
        edit(RISK, SetFields("risk_points", {"id": "R-1"}, {("assessment", "L"): 1}),
             SetFields("risk_points", {"id": "R-1"}, {("assessment", "L"): 2}))
