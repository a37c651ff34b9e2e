"""Rules own their checks and messages: typed check objects, and every message phrased in its rule's module."""

from __future__ import annotations

import inspect
import io
import re
import tokenize
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import shuili_cli.core as core
from shuili_cli.core.model import FILE_KINDS
from shuili_cli.core.rules import (
    bare_number,
    file_checks,
    invalid_value,
    missing_field,
    out_of_range,
    repo_checks,
    rule_modules,
    unknown_key,
    wrong_type,
)
from shuili_cli.core.rules._base import FileCheck, FileContext, ModelError, RepoCheck
from shuili_cli.core.source.pydantic_map import ErrorMapper
from shuili_cli.core.source.yamlio import parse_text

# ----------------------------------------------------------------- typed checks


def test_checks_are_typed_objects_of_their_rule() -> None:
    codes = {m.RULE.code: m for m in rule_modules()}
    for role in FILE_KINDS:
        for check in file_checks(role):
            assert isinstance(check, FileCheck)
            assert role in check.roles
            assert codes[check.rule.code].RULE is check.rule
    assert repo_checks()
    for repo_check in repo_checks():
        assert isinstance(repo_check, RepoCheck)
        assert codes[repo_check.rule.code].RULE is repo_check.rule


def test_every_check_function_is_declared() -> None:
    """A module's ``check_file``/``check_repo`` runs only through ``CHECKS``: none is forgotten."""
    for mod in rule_modules():
        declared = {getattr(c, "check_file", None) for c in getattr(mod, "CHECKS", ())}
        declared |= {getattr(c, "check_repo", None) for c in getattr(mod, "CHECKS", ())}
        for name in ("check_file", "check_repo"):
            fn = vars(mod).get(name)
            if fn is not None:
                assert fn in declared, f"{mod.__name__}.{name} is not in CHECKS"


def test_file_checks_take_a_file_context() -> None:
    for role in FILE_KINDS:
        for check in file_checks(role):
            hints = inspect.get_annotations(check.check_file, eval_str=True)
            assert hints["ctx"] is FileContext, check.rule.code


def test_a_file_check_runs_on_a_context() -> None:
    [check] = [c for c in file_checks("hazards") if c.rule is missing_field.RULE]
    model = FILE_KINDS["hazards"].model.model_validate({"hazards": [{
        "id": "H-1", "found_on": date(2023, 5, 4), "source": "自查", "description": "d", "grade": "一般",
        "responsible": "r", "deadline": date(2023, 5, 20), "rectified_on": date(2023, 5, 10),
    }]})
    [issue] = check.check_file(FileContext("h.yaml", "hazards", model, None, None))
    assert (issue.code, issue.path) == ("SL201", ("hazards", 0))
    assert issue.message == "隐患 H-1 已填写整改完成日期 rectified_on，缺少整改措施 measures；请补上"


# ----------------------------------------------------------------- messages live in rule modules

_CJK = re.compile(r"[\u4e00-\u9fff]")
_STRINGS = (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING))  # f-strings split from 3.12


@pytest.mark.parametrize("module", ["source/yamlio.py", "source/pydantic_map.py", "source/pipeline.py"])
def test_readers_phrase_no_message_themselves(module: str) -> None:
    """Chinese text in the reader modules is only in docstrings and comments: messages are the rules'."""
    source = (Path(core.__file__).parent / module).read_text(encoding="utf-8")
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    phrased = []
    prev = tokenize.NEWLINE  # the type of the previous significant token
    for tok in tokens:
        if tok.type in _STRINGS and _CJK.search(tok.string):
            docstring = tok.type == tokenize.STRING and prev in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
            if not docstring:
                phrased.append((tok.start[0], tok.string))
        if tok.type not in (tokenize.NL, tokenize.COMMENT, tokenize.ENCODING):
            prev = tok.type
    assert phrased == []


def _error(etype: str, value: Any = "x", ctx: dict[str, Any] | None = None, *, source: str | None = None,
           noncanonical: str | None = None, choices: list[str] | None = None) -> ModelError:
    return ModelError(etype, value, ctx or {}, "", "“phone”（电话）", source, noncanonical, lambda: choices or [])


def test_missing_field_phrases_missing_and_blank_values() -> None:
    assert missing_field.message(_error("missing")) == "缺少必填字段 “phone”（电话）；请补上"
    assert missing_field.message(_error("string_too_short")) == "字段 “phone”（电话） 不能为空（也不能只有空格）"
    assert missing_field.message(_error("union_tag_not_found", ctx={"discriminator": "'type'"})) == \
        "缺少必填字段“type”；它决定这条记录需要哪些字段"
    assert missing_field.message(_error("literal_error")) is None
    assert missing_field.empty_message("“a”", "#1机组") == \
        "字段 “a” 的值为空；“#1机组”被当作注释，如果它是内容请加引号写成 \"#1机组\""
    assert missing_field.empty_message("“a”", None) == "字段 “a” 的值为空；请填写，或删除这一行"


def test_invalid_value_suggests_only_what_the_value_means() -> None:
    err = _error("literal_error", "规模以上", choices=["规上企业", "中等企业", "小微企业"])
    assert invalid_value.message(err) == \
        "“phone”（电话） 的值“规模以上”不是允许的取值；是不是“规上企业”？可选：规上企业、中等企业、小微企业"
    tag = _error("union_tag_invalid", ctx={"discriminator": "'method'", "tag": "LCE", "expected_tags": "'LEC', 'LS'"})
    assert invalid_value.message(tag) == "“method”的值“LCE”不是允许的取值；是不是“LEC”？可选：LEC、LS"
    assert invalid_value.message(_error("missing")) is None
    near = _error("literal_error", "较大", choices=["一般", "重大"])   # spelled like 重大, means something else
    assert invalid_value.message(near) == "“phone”（电话） 的值“较大”不是允许的取值；可选：一般、重大"


def test_bare_number_shows_the_text_as_written() -> None:
    assert bare_number.message(_error("string_type", 59523881234, source="059523881234", noncanonical="059523881234")) \
        == "“phone”（电话） 应为文本，但 059523881234 会被读成数字，开头的 0 会丢失；请加引号写成 \"059523881234\""
    assert bare_number.message(_error("string_type", True, source="true")) == \
        "“phone”（电话） 应为文本，但 true 会被读成布尔值；请加引号写成 \"true\""
    assert bare_number.message(_error("string_type", ["a"])) is None  # a list where text belongs: wrong type


def test_out_of_range_and_wrong_type() -> None:
    assert out_of_range.message(_error("less_than_equal", 25, {"le": 20})) == "“phone”（电话） 的值 25 超出范围：应 ≤ 20"
    assert out_of_range.message(_error("decimal_max_places", Decimal("1.23456"), {"decimal_places": 4})) == \
        "“phone”（电话） 的值 1.23456 小数位过多：最多 4 位小数"
    assert out_of_range.message(_error("string_type")) is None
    assert wrong_type.message(_error("date_type", "5月4日", source="5月4日")) == \
        "“phone”（电话） 应为日期，格式 YYYY-MM-DD（如 2023-05-04），实际是“5月4日”"
    assert wrong_type.message(_error("list_type", "双人操作")) == "“phone”（电话） 应为列表（每项一行，以“- ”开头），实际是文本"
    assert wrong_type.message(_error("something_new")) == "“phone”（电话） 的值不符合要求（something_new）"


def test_unknown_key_suggests_or_lists() -> None:
    assert unknown_key.message("deadlin", ["id", "deadline"]) == "未知字段“deadlin”；是不是“deadline”？"
    assert unknown_key.message("zzz", ["id", "deadline"]) == "未知字段“zzz”；可用的字段：id、deadline"


@pytest.mark.parametrize(("text", "etype", "code"), [
    ("hazards:\n  - id: H-1\n", "missing", "SL201"),
    ("hazards: []\nhazardz: []\n", "extra_forbidden", "SL202"),
    ("hazards: 3\n", "list_type", "SL204"),
])
def test_model_errors_go_to_their_rule(text: str, etype: str, code: str) -> None:
    """The mapper finds each error's rule through the rule modules' ``message()``."""
    parsed = parse_text(text, "h.yaml")
    model = FILE_KINDS["hazards"].model
    with pytest.raises(ValidationError) as exc:
        model.model_validate(parsed.data)
    errors = [e for e in exc.value.errors(include_url=False) if e["type"] == etype]
    found = ErrorMapper(parsed, model, "h.yaml").finding(errors[0])
    assert found is not None
    assert found.code == code
