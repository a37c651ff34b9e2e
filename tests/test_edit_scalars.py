"""How values are written by the YAML editor (core/edit/scalars.py, blocks.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from shuili_cli.core.edit import EditError
from shuili_cli.core.edit.blocks import entry_lines, item_lines
from shuili_cli.core.edit.scalars import is_plain_safe, quote, render_flow, render_scalar
from shuili_cli.core.source.pipeline import parse_bytes


def _load(text: str) -> object:
    """What the project's loader (YAML 1.2) reads."""
    parsed = parse_bytes(text.encode("utf-8"), "x.yaml")
    assert not parsed.fatal, parsed.findings
    return parsed.data


@pytest.mark.parametrize(("value", "text"), [
    (date(2023, 6, 1), "2023-06-01"),
    (Decimal("0.3"), "0.3"),
    (Decimal("3E-1"), "0.3"),
    (Decimal("1E+2"), "100"),
    (Decimal("0.30"), "0.30"),
    (Decimal("-1.5"), "-1.5"),
    (Decimal("-0"), "0"),
    (5, "5"),
    (True, "true"),
])
def test_dates_and_numbers_are_plain(value: object, text: str) -> None:
    assert render_scalar(value) == text


def test_numbers_and_dates_read_back_as_numbers_and_dates() -> None:
    data = _load(f"a: {render_scalar(Decimal('0.30'))}\nb: {render_scalar(date(2023, 6, 1))}\nc: {render_scalar(7)}\n")
    assert data == {"a": Decimal("0.30"), "b": date(2023, 6, 1), "c": 7}
    assert isinstance(data["a"], Decimal) and isinstance(data["b"], date)


def test_values_that_cannot_be_written() -> None:
    with pytest.raises(EditError, match="有限的数"):
        render_scalar(Decimal("NaN"))
    with pytest.raises(TypeError):
        render_scalar(datetime(2023, 6, 1, 8, 0))
    with pytest.raises(TypeError):
        render_scalar(1.5)
    with pytest.raises(EditError, match="U\\+D800"):
        quote("a\ud800")


PLAIN = ["机修岗", "H-2023-005", "SL 75-2014", "2号#机组", "10kV配电室", "a-b", "CL-E", "R-004", "a!b", "a\\b\"c",
         "NaN", "清溪县水利局", "曹某某（外包）"]
QUOTED = {
    "": '""', "yes": '"yes"', "No": '"No"', "on": '"on"', "OFF": '"OFF"', "y": '"y"', "null": '"null"',
    "~": '"~"', "true": '"true"', "False": '"False"', "059523881234": '"059523881234"',
    "0595-23881234": '"0595-23881234"', "2023-06-01": '"2023-06-01"', "1e3": '"1e3"', "12:30": '"12:30"',
    "0x1F": '"0x1F"', "0o17": '"0o17"', "+5": '"+5"', ".5": '".5"', "1_000": '"1_000"', ".inf": '".inf"',
    "-.Inf": '"-.Inf"', ".NaN": '".NaN"', "<<": '"<<"', "=": '"="', "...": '"..."', "10": '"10"',
    " a": '" a"', "a ": '"a "', "\u3000甲": '"\u3000甲"', "#x": '"#x"', "a #b": '"a #b"', "a: b": '"a: b"',
    "a:": '"a:"', "http://x": '"http://x"', "- a": '"- a"', "?a": '"?a"', ":a": '":a"', ",a": '",a"',
    "a,b": '"a,b"', "[a": '"[a"', "a]": '"a]"', "{": '"{"', "}": '"}"', "&a": '"&a"', "*a": '"*a"',
    "!a": '"!a"', "|a": '"|a"', ">a": '">a"', "'a": '"\'a"', '"a': '"\\"a"', "%a": '"%a"', "@a": '"@a"',
    "`a": '"`a"', "a\nb": '"a\\nb"', "a\tb": '"a\\tb"', "a\r\nb": '"a\\r\\nb"', "\x01": '"\\x01"',
    "\x7f": '"\\x7F"', "a\u2028b": '"a\\Lb"', "a\x85b": '"a\\Nb"', "\ufeffa": '"\\uFEFFa"', "\"a\\b": '"\\"a\\\\b"', "x?": '"x?"',
}


@pytest.mark.parametrize("text", PLAIN)
def test_safe_text_is_plain(text: str) -> None:
    assert render_scalar(text) == text


@pytest.mark.parametrize(("text", "written"), QUOTED.items())
def test_text_another_reader_would_change_is_double_quoted(text: str, written: str) -> None:
    assert render_scalar(text) == written
    assert _load(f"k: {written}\n") == {"k": text}


def test_an_id_of_digits_may_be_bare() -> None:
    assert render_scalar("1", key="id") == "1"
    assert render_scalar("0", key="id") == "0"
    assert render_scalar("01", key="id") == '"01"'
    assert render_scalar("1", key="item") == '"1"'
    assert render_scalar("H-1", key="id") == "H-1"


def test_flow_lists_and_mappings() -> None:
    assert render_flow(["机械伤害", "淹溺"]) == "[机械伤害, 淹溺]"
    assert render_flow([]) == "[]"
    assert render_flow(["a,b", "yes"]) == '["a,b", "yes"]'
    assert render_flow({"method": "LEC", "L": 3, "E": Decimal("0.5"), "x": None}) == "{method: LEC, L: 3, E: 0.5}"


def _roundtrip_texts() -> st.SearchStrategy[str]:
    tricky = st.sampled_from([*PLAIN, *QUOTED, "0", "-", "a b", "a\u00a0", "y\u0301", "😀", "a#", "#"])
    return st.one_of(tricky, st.text(max_size=12),
                     st.text(alphabet="0123456789-+.:eExob_ #,[]{}yesnoYN'\"\\\t\n甲", max_size=8))


@settings(max_examples=400, deadline=None)
@given(_roundtrip_texts())
def test_any_text_reads_back_unchanged_by_both_yaml_versions(text: str) -> None:
    """Written alone and inside a flow list, the text is read back as the same string by the project's
    loader (YAML 1.2) and by PyYAML's YAML 1.1 resolver (what other tools and editors use)."""
    written = render_scalar(text)
    doc = f"k: {written}\nl: [{written}, z]\nm: {{a: {written}}}\n"
    want = {"k": text, "l": [text, "z"], "m": {"a": text}}
    assert _load(doc) == want
    assert yaml.safe_load(doc) == want
    if is_plain_safe(text):
        assert written == text


def test_entry_and_item_lines() -> None:
    """A short flat mapping is flow, a long one is a block; a list of mappings is a block of items."""
    assert entry_lines("assessment", {"method": "LEC", "L": 3}, 4, "\n") == "    assessment: {method: LEC, L: 3}\n"
    long = {"basis": "甲" * 60, "note": "乙" * 40}
    assert entry_lines("assessment", long, 4, "\n") == f"    assessment:\n      basis: {'甲' * 60}\n      note: {'乙' * 40}\n"
    items = [{"id": "1", "content": "检查"}, {"id": "2", "content": "巡查", "basis": None}]
    assert entry_lines("items", items, 4, "\r\n") == (
        "    items:\r\n      - id: 1\r\n        content: 检查\r\n      - id: 2\r\n        content: 巡查\r\n")
    assert item_lines({"id": "H-1", "grade": "一般"}, 0, 2, "\n") == "- id: H-1\n  grade: 一般\n"
    assert item_lines({"x": None}, 2, 4, "\n") == "  - {}\n"
