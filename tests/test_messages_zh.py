"""Messages for people who type with a Chinese input method (issue 10), exact text and place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli

CASES = Path(__file__).resolve().parent / "cases"


def test_a_key_written_in_chinese_is_named_by_its_english_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--today", "2024-01-01", "validate", "--repo", str(CASES / "SL202-chinese-key")], capsys)
    assert code == 1
    hint = "：字段名要写英文，请改为 "
    assert out.splitlines()[:4] == [
        f"enterprises/a/enterprise.yaml:8:3: 错误 SL202 未知字段“作业有指令”{hint}work_instructions（作业有指令）",
        "enterprises/a/hazards/2023.yaml:2:5: 错误 SL201 缺少必填字段 “deadline”（整改期限）；请补上",
        f"enterprises/a/hazards/2023.yaml:8:5: 错误 SL202 未知字段“整改期限”{hint}deadline（整改期限）",
        f"enterprises/a/hazards/2023.yaml:9:5: 错误 SL202 未知字段“整改资金”{hint}funds_wan（整改资金（万元））",
    ]


def test_a_typo_in_an_english_key_still_gets_the_closest_field() -> None:
    from shuili_cli.core.rules.unknown_key import message

    assert message("deadlin", ["deadline", "found_on"], {"deadline": "整改期限"}) == "未知字段“deadlin”；是不是“deadline”？"
    assert message("整改期线", ["deadline"], {"deadline": "整改期限"}) == (
        "未知字段“整改期线”：字段名要写英文，请改为 deadline（整改期限）")
