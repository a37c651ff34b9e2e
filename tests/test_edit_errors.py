"""What the YAML editor refuses, and how much work it does (core/edit)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from shuili_cli.core.edit import AppendRecord, Edit, EditError, SetFields, SetTop, apply_edits
from shuili_cli.core.edit import apply as apply_module
from shuili_cli.core.edit import document as document_module
from shuili_cli.core.edit.plan import Planner


def error(text: str | bytes, *edits: Edit) -> tuple[int, int, str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(EditError) as info:
        apply_edits(raw, list(edits))
    return info.value.line, info.value.column, info.value.message


SET_H1 = SetFields("hazards", {"id": "H-1"}, {("grade",): "重大"})


def test_a_file_with_a_syntax_error_is_not_edited() -> None:
    assert error("hazards:\n  - id: H-1\n   grade: x\n", SET_H1) == (
        3, 4, "文件有语法错误，先修正再导入/编辑：找不到预期的“-”，列表缩进可能不一致；请检查这一行及上一行的缩进、冒号和引号")
    line, column, message = error("hazards:\n\t- id: H-1\n", SET_H1)
    assert (line, column) == (2, 1) and message.startswith("文件有语法错误，先修正再导入/编辑：") and "制表符" in message
    line, column, message = error("hazards:\n  - id: H-1\n    grade: a\x01\n", SET_H1)
    assert (line, column) == (3, 13) and "U+0001" in message


def test_what_only_ruamel_refuses_is_a_syntax_error_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text the project's reader accepts but ruamel.yaml cannot compose is refused with its position."""
    compose = document_module.YAML.compose
    monkeypatch.setattr(document_module.YAML, "compose", lambda self, text: compose(self, "a: [b\n"))
    assert error("hazards: []\n", SET_H1) == (
        2, 1, "文件有语法错误，先修正再导入/编辑（方括号列表 [...] 没有正确结束：缺少“,”或“]”）")
    monkeypatch.setattr(document_module.YAML, "compose", lambda self, text: compose(self, "a: b\x01\n"))
    assert error("hazards: []\n", SET_H1) == (1, 0, "文件有语法错误，先修正再导入/编辑（文件中有 YAML 不允许的字符）")


def test_files_that_are_not_utf8_or_use_old_mac_line_breaks() -> None:
    line, column, message = error("a: 1\nb: 中文\n".encode("gbk"), SET_H1)
    assert (line, column) == (2, 4) and "GBK" in message
    assert error("a: 1\rb: 2\n", SET_H1) == (1, 0, "文件中有单独的回车符（CR，旧式 Mac 换行）；请把换行改为 LF 或 CRLF 后再编辑")


HAZARDS = "hazards:\n  - id: H-1\n    grade: 一般\n  - id: H-1\n    grade: 较大\n  - id: H-2\n    grade: 一般\n"


def test_records_that_are_missing_or_not_unique() -> None:
    assert error(HAZARDS, SetFields("hazards", {"id": "H-9"}, {("grade",): "a"})) == (
        1, 1, "“hazards”中找不到编号为“H-9”的记录；请检查编号，或新增这条记录")
    assert error("id: a\n", SET_H1) == (0, 0, "文件中没有“hazards”列表，找不到编号为“H-1”的记录；请检查编号，或新增这条记录")
    assert error(HAZARDS, SET_H1) == (4, 5, "“hazards”中有 2 条编号为“H-1”的记录（第 2、4 行），无法确定要修改哪一条；"
                                            "请先让它们的编号各不相同")
    assert error(HAZARDS, SetFields("hazards", {"grade": "一般", "post": ""}, {("x",): "1"}))[2].startswith(
        "“hazards”中有 2 条grade 为“一般”、post 为“”的记录（第 2、6 行）")


def test_shapes_that_cannot_be_edited() -> None:
    assert error("hazards: 无\n", SET_H1) == (1, 10, "“hazards”应当是列表（每条记录以“- ”开头），现在不是；请先修正")
    assert error("hazards: 无\n", AppendRecord("hazards", {"id": "H-1"})) == (
        1, 10, "“hazards”应当是列表（每条记录以“- ”开头），现在不是；请先修正")
    assert error(HAZARDS, SetFields("hazards", {"id": "H-2"}, {("grade", "x"): "1"})) == (
        7, 5, "“grade”不是“键: 值”的映射，不能设置其下的字段")
    assert error("id: a\ncontact: {phone: {a: 1}}\n", SetTop({("contact", "phone", "a", "b"): "1"})) == (
        2, 19, "“contact.phone.a”不是“键: 值”的映射，不能设置其下的字段")
    assert error("hazards:\n  - id: H-1\n    grade: a\n    grade: b\n", SET_H1) == (
        4, 5, "键“grade”出现了两次（第 3 行和第 4 行）；先删除重复的一个再编辑")
    assert error("- a\n", SET_H1) == (1, 1, "文件的顶层应当是“键: 值”的映射；请先修正文件")
    aliased = "base: &b {L: 1}\nrisk_points:\n  - id: R-1\n    assessment: *b\n"
    assert error(aliased, SetFields("risk_points", {"id": "R-1"}, {("assessment", "L"): 2})) == (
        4, 5, "不能编辑使用了锚点和别名（& 与 *）的字段；请先把别名改写成完整的内容")
    assert error("id: a\n", SetTop({("id",): None})) == (1, 1, "不能删除文件的全部字段")


def test_a_result_the_loader_reads_differently_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The result is read back and compared with the intended data: a wrong splice is an error."""
    original: Callable[[Planner], str] = Planner.splice
    monkeypatch.setattr(Planner, "splice", lambda self: original(self).replace("重大", "一般"))
    assert error(HAZARDS.replace("H-1", "H-0", 1), SET_H1)[2] == apply_module.INTERNAL


def _hazards(n: int) -> str:
    record = "  - id: H-{i}\n    found_on: 2023-05-04  # 发现\n    description: 闸门锈蚀，需要除锈刷漆\n" \
             "    assessment: {{method: LEC, L: 3, E: 6}}\n    grade: 一般\n\n"
    return "# 隐患\nhazards:\n" + "".join(record.format(i=i) for i in range(n))


def test_many_edits_of_one_file_parse_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"compose": 0, "read": 0}
    compose, read = document_module.compose, apply_module.parse_text

    def counting_compose(text: str) -> Any:
        calls["compose"] += 1
        return compose(text)

    def counting_read(text: str, rel: str) -> Any:
        calls["read"] += 1
        return read(text, rel)

    monkeypatch.setattr(document_module, "compose", counting_compose)
    monkeypatch.setattr(apply_module, "parse_text", counting_read)
    edits: list[Edit] = [SetFields("hazards", {"id": f"H-{i}"}, {("grade",): "较大", ("assessment", "C"): 15})
                         for i in range(50)]
    out = apply_edits(_hazards(50).encode(), [*edits, AppendRecord("hazards", {"id": "H-50"})]).decode()
    assert out.count("grade: 较大") == 50 and out.count("E: 6, C: 15}") == 50 and out.endswith("较大\n\n  - id: H-50\n\n")
    assert calls == {"compose": 1, "read": 2}  # ruamel once; the project's reader before and after


def _seconds(text: bytes, edits: list[Edit]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        apply_edits(text, edits)
        best = min(best, time.perf_counter() - start)
    return best


def test_time_grows_linearly_with_the_file() -> None:
    """Eight times the records take about eight times as long: under 24 times (a quadratic step would
    take 64), with room for a busy machine."""
    small, large = _hazards(40).encode(), _hazards(320).encode()
    one = [SetFields("hazards", {"id": "H-15"}, {("grade",): "较大"})]
    ratio = _seconds(large, one) / _seconds(small, one)
    assert ratio < 24, ratio
    # an edit of every record costs about what one edit does: the parse is shared
    every: list[Edit] = [SetFields("hazards", {"id": f"H-{i}"}, {("grade",): "较大"}) for i in range(40)]
    assert _seconds(small, every) < 3 * _seconds(small, one)
