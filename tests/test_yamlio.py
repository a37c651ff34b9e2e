"""YAML 1.2 scalar semantics, positions, and the parser's own findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shuili_cli.core.source.yamlio import decode, locate, parse_text


def data(text: str) -> object:
    parsed = parse_text(text, "x.yaml")
    assert not parsed.fatal
    return parsed.data


def test_yaml_12_scalars() -> None:
    d = data(
        "a: 010\nb: yes\nc: 12:30\nd: 0.1\ne: 2023-05-04\nf: ~\ng:\nh: true\ni: '010'\nj: 1e3\nk: 0o17\nl: -5\n"
    )
    assert d == {
        "a": 10, "b": "yes", "c": "12:30", "d": Decimal("0.1"), "e": date(2023, 5, 4), "f": None, "g": None,
        "h": True, "i": "010", "j": Decimal("1e3"), "k": 15, "l": -5,
    }
    assert isinstance(d["d"], Decimal)  # never a float


def test_decimal_is_exact() -> None:
    d = data("x: 0.1\ny: 0.2\n")
    assert d["x"] + d["y"] == Decimal("0.3")  # type: ignore[index,operator]


def test_noncanonical_numbers_are_remembered() -> None:
    parsed = parse_text("items:\n  - id: 010\n  - id: +5\n  - id: 7\n", "x.yaml")
    assert parsed.noncanonical == {("items", 0, "id"): "010", ("items", 1, "id"): "+5"}


def test_duplicate_key_names_both_lines() -> None:
    parsed = parse_text("a: 1\nb: 2\na: 3\n", "x.yaml")
    [f] = parsed.findings
    assert (f.code, f.line, f.column) == ("SL003", 3, 1)
    assert "第 1 行和第 3 行" in f.message
    assert parsed.data == {"a": 1, "b": 2}


def test_tags_never_construct_objects() -> None:
    parsed = parse_text("a: !!python/object/apply:os.system ['true']\n", "x.yaml")
    assert parsed.fatal
    assert [(f.code, f.line, f.column) for f in parsed.findings] == [("SL004", 1, 4)]


def test_str_tag_is_allowed() -> None:
    assert data("a: !!str 010\n") == {"a": "010"}


def test_alias_bomb_is_bounded() -> None:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for n in "bcdefghi":
        text += f"{n}: &{n} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = n
    parsed = parse_text(text, "x.yaml")
    assert parsed.fatal
    assert parsed.findings[0].code == "SL005"


def test_a_few_aliases_are_fine() -> None:
    assert data("a: &x 1\nb: *x\n") == {"a": 1, "b": 1}


def test_syntax_error_has_position_and_chinese() -> None:
    parsed = parse_text("a:\n  - b: 1\n   c: 2\n", "x.yaml")
    [f] = parsed.findings
    assert f.code == "SL001"
    assert f.line == 3
    assert f.message.startswith("YAML 语法错误")


def test_impossible_date() -> None:
    parsed = parse_text("found_on: 2023-02-30\n", "x.yaml")
    [f] = parsed.findings
    assert (f.code, f.line, f.column) == ("SL008", 1, 11)


def test_comment_swallowed_value() -> None:
    parsed = parse_text("location: #1机组\nnote: # 说明\n", "x.yaml")
    assert [(f.code, f.line) for f in parsed.findings] == [("SL011", 1)]
    assert '"#1机组"' in parsed.findings[0].message


def test_yaml11_boolean_warning() -> None:
    parsed = parse_text("a: on\nb: 'on'\n", "x.yaml")
    assert [(f.code, f.line, f.column) for f in parsed.findings] == [("SL010", 1, 4)]
    assert parsed.data == {"a": "on", "b": "on"}


def test_decode_bom_and_gbk() -> None:
    text, bad = decode("\ufeffa: 1\n".encode(), "x.yaml")
    assert text == "a: 1\n" and bad is None
    text, bad = decode("name: 桃溪水库\n".encode("gbk"), "x.yaml")
    assert text is None and bad is not None
    assert (bad.code, bad.line, bad.column) == ("SL002", 1, 7)
    assert "GBK" in bad.message


def test_locate_follows_paths() -> None:
    parsed = parse_text("hazards:\n  - id: 1\n    deadline: 2023-05-01\n", "x.yaml")
    assert locate(parsed.root, ("hazards", 0, "deadline")) == (3, 15)
    assert locate(parsed.root, ("hazards", 0, "deadline"), at_key=True) == (3, 5)
    assert locate(parsed.root, ("hazards", 0, "missing")) == (2, 5)


def test_deep_nesting_is_a_finding() -> None:
    parsed = parse_text("a: " + "[" * 100 + "]" * 100 + "\n", "x.yaml")
    assert parsed.fatal and parsed.findings[0].code == "SL013"


def test_libyaml_messages_are_translated() -> None:
    for text, expected in [
        ("a: b: c\n", "请给值加引号"),
        ("a: [1, 2\n", "缺少“,”或“]”"),
        ("a: {x: 1\n", "缺少“,”或“}”"),
        ("a: &x 1\nb: &x 2\n", "锚点名重复"),
    ]:
        [f] = parse_text(text, "x.yaml").findings
        assert f.code == "SL001" and expected in f.message, (text, f.message)
        assert "无法解析" not in f.message  # no untranslated parser text


def test_control_character_is_located() -> None:
    [f] = parse_text("a: 1\nb: x\x01y\n", "x.yaml").findings
    assert (f.code, f.line, f.column) == ("SL001", 2, 5)
    assert "U+0001" in f.message
