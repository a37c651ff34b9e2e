"""Adding records at the end of a list, and new files (core/edit AppendRecord)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from shuili_cli.core.edit import AppendRecord, Edit, EditError, SetFields, SetTop, apply_edits
from shuili_cli.core.source.pipeline import parse_bytes

NEW = {"id": "H-3", "found_on": date(2023, 6, 1), "grade": "一般", "funds_wan": Decimal("0.5"), "note": None}
NEW_LINES = "  - id: H-3\n    found_on: 2023-06-01\n    grade: 一般\n    funds_wan: 0.5\n"


def edit(text: str, *edits: Edit) -> str:
    return apply_edits(text.encode("utf-8"), list(edits)).decode("utf-8")


def load(text: str) -> Any:
    return parse_bytes(text.encode("utf-8"), "x.yaml").data


def test_after_the_last_record_with_the_same_layout() -> None:
    """Records separated by blank lines get one before the new record; none otherwise."""
    spaced = "hazards:\n  - id: H-1\n    grade: 一般\n\n  - id: H-2\n    grade: 一般\n"
    assert edit(spaced, AppendRecord("hazards", NEW)) == spaced + "\n" + NEW_LINES
    packed = "hazards:\n- id: H-1\n  grade: 一般\n- id: H-2\n  grade: 一般\n"
    assert edit(packed, AppendRecord("hazards", NEW)) == packed + NEW_LINES.replace("\n  ", "\n").removeprefix("  ")


def test_comments_at_the_end_of_the_file_stay_last() -> None:
    """Comments indented under the last record belong to it; comments at the list's column or less
    belong to the end of the file and stay after the new record."""
    text = ("hazards:\n  - id: H-1\n    grade: 一般\n    # verified_by: 待定\n\n  # 以下为 2024 年\n# 文件结束\n"
            "other: 1\n")
    out = edit(text, AppendRecord("hazards", NEW))
    assert out == text.replace("待定\n", "待定\n" + NEW_LINES)
    assert load(out)["hazards"][1]["id"] == "H-3"


def test_into_an_empty_null_or_absent_list() -> None:
    assert edit("hazards: []  # 暂无\n", AppendRecord("hazards", NEW)) == "hazards:  # 暂无\n" + NEW_LINES
    assert edit("hazards:\n", AppendRecord("hazards", NEW)) == "hazards:\n" + NEW_LINES
    assert edit("# 说明\nid: a\n", AppendRecord("hazards", NEW)) == "# 说明\nid: a\n\nhazards:\n" + NEW_LINES
    assert edit("id: a", AppendRecord("hazards", NEW)) == "id: a\n\nhazards:\n" + NEW_LINES
    two = edit("hazards: []\n", AppendRecord("hazards", NEW), AppendRecord("hazards", {**NEW, "id": "H-4"}))
    assert two == "hazards:\n" + NEW_LINES + "\n" + NEW_LINES.replace("H-3", "H-4")
    assert edit("actions: [{id: A-1}]\n", AppendRecord("actions", {"id": "A-2", "type": "检查"})) == \
        "actions: [{id: A-1}, {id: A-2, type: 检查}]\n"


def test_nested_mappings_and_checklist_items() -> None:
    text = "checklists:\n  - id: CL-E\n    items:\n      - id: 1\n        content: 甲\n"
    record = {"id": "CL-F", "items": [{"id": "1", "content": "检查"}, {"id": "2", "content": "巡查"}],
              "assessment": {"method": "LEC", "L": 3}, "contact": {"basis": "甲" * 101}}
    out = edit(text, AppendRecord("checklists", record))
    assert out == text + ("  - id: CL-F\n    items:\n      - id: 1\n        content: 检查\n      - id: 2\n"
                          "        content: 巡查\n    assessment: {method: LEC, L: 3}\n    contact:\n"
                          f"      basis: {'甲' * 101}\n")
    assert load(out)["checklists"][1]["items"] == [{"id": 1, "content": "检查"}, {"id": 2, "content": "巡查"}]


def test_a_new_file_has_its_header_then_the_content() -> None:
    header = "# yaml-language-server: $schema=../../../../schemas/hazards.schema.json\n"
    out = apply_edits(None, [AppendRecord("hazards", NEW)], header=header).decode("utf-8")
    assert out == header + "\nhazards:\n" + NEW_LINES
    out = apply_edits(None, [SetTop({("id",): "x", ("contact", "phone"): "0595-1"})], header="# 企业").decode()
    assert out == '# 企业\n\nid: x\ncontact: {phone: "0595-1"}\n'
    assert apply_edits(None, [SetTop({("id",): "x"})]) == b"id: x\n"


def test_crlf_appends_use_crlf() -> None:
    text = "hazards:\r\n  - id: H-1\r\n"
    out = edit(text, AppendRecord("hazards", NEW), SetFields("hazards", {"id": "H-1"}, {("grade",): "重大"}))
    assert out == text + "    grade: 重大\r\n" + NEW_LINES.replace("\n", "\r\n")


def test_append_and_a_new_top_level_key_in_one_go() -> None:
    text = "id: a\nhazards:\n  - id: H-1\n"
    out = edit(text, SetTop({("name",): "甲"}), AppendRecord("hazards", NEW))
    assert out == text + NEW_LINES + "name: 甲\n"


CHECKLISTS = """\
checklists:
  - id: CL-E
    name: 综合检查
    items:
      - id: 1
        content: 甲  # 第一项
      - id: 2
        content: 乙
    established_on: 2023-03-10

  - id: CL-D
    name: 部门检查
"""


def test_items_of_a_checklist_are_edited_within_it() -> None:
    within = (("checklists", {"id": "CL-E"}),)
    out = edit(CHECKLISTS, SetFields("items", {"id": "2"}, {("content",): "乙改", ("basis",): "SL 75-2014"}, within=within),
               AppendRecord("items", {"id": "3", "content": "丙"}, within=within),
               SetFields("checklists", {"id": "CL-E"}, {("frequency",): "每月"}))
    assert out == CHECKLISTS.replace("        content: 乙\n", "        content: 乙改\n        basis: SL 75-2014\n"
                                     "      - id: 3\n        content: 丙\n").replace(
        "2023-03-10\n", "2023-03-10\n    frequency: 每月\n")
    # a checklist without items gets them as a new key (after keys set on the record in the same go)
    out = edit(CHECKLISTS, AppendRecord("items", {"id": "1", "content": "丁"}, within=(("checklists", {"id": "CL-D"}),)),
               SetFields("checklists", {"id": "CL-D"}, {("frequency",): "每周"}))
    assert out == CHECKLISTS + "    frequency: 每周\n    items:\n      - id: 1\n        content: 丁\n"
    with pytest.raises(EditError, match="“checklists”中找不到编号为“CL-X”的记录"):
        edit(CHECKLISTS, SetFields("items", {"id": "1"}, {("content",): "x"}, within=(("checklists", {"id": "CL-X"}),)))
    with pytest.raises(EditError, match="文件中没有“items”列表，找不到编号为“1”的记录"):
        edit(CHECKLISTS, SetFields("items", {"id": "1"}, {("content",): "x"}, within=(("checklists", {"id": "CL-D"}),)))
